"""nm_render.keras.NMRenderCallback on a real Keras 3 fit (torch backend) of the example MLP (3 epochs)."""
import glob
import os
import sys

import numpy as np
import pytest
from conftest import require

require("torch")
keras = require("keras")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "examples"))
import keras_mlp  # noqa: E402

from nm_render.keras import NMRenderCallback  # noqa: E402


def test_the_torch_backend_is_the_one_tested():
    assert keras.backend.backend() == "torch"


def test_fit_records_renders_and_logs_to_tensorboard_and_wandb(tmp_path, renderer, monkeypatch):
    wandb = require("wandb")
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    from torch.utils.tensorboard import SummaryWriter

    monkeypatch.chdir(tmp_path)
    wandb_run = wandb.init(project="nm-render-test", dir=str(tmp_path), mode="offline")
    writer = SummaryWriter(str(tmp_path / "tb"))
    try:
        _, callback = keras_mlp.main(str(tmp_path / "run"), epochs=3, samples=400, log=[writer, wandb_run])
    finally:
        writer.close()
        wandb.finish()

    run = tmp_path / "run"
    assert sorted(e for e in os.listdir(run) if e.startswith("epoch_")) == [f"epoch_{e:03d}" for e in range(4)]
    assert [np.load(run / "epoch_002" / f"{b}.npy").shape for b in ("hidden1", "hidden2", "logits")] == [
        (100, 32), (100, 32), (100, 4)]
    lines = (run / "metrics.csv").read_text().splitlines()
    assert sorted(lines[0].split(",")) == ["accuracy", "epoch", "loss", "val_accuracy", "val_loss"]
    assert [line.split(",")[0] for line in lines[1:]] == ["1", "2", "3"]
    assert '"complete": true' in (run / "run.json").read_text()

    strip = tmp_path / "run-renders" / "strip.png"
    assert callback.rendered == [str(strip)]
    png = strip.read_bytes()
    events = EventAccumulator(str(tmp_path / "tb"), size_guidance={"images": 0})
    events.Reload()
    (logged,) = events.Images("nm-render/strip")
    assert (logged.width, logged.height, logged.step) == (
        int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big"), 3)
    (media,) = glob.glob(str(tmp_path / "wandb" / "offline-run-*" / "files" / "media" / "images" / "nm-render" /
                             "strip_*.png"))
    assert open(media, "rb").read() == png


def test_activations_are_the_layer_outputs_in_inference_mode(tmp_path):
    keras.utils.set_random_seed(0)
    x, y = keras_mlp.make_data(60)
    model = keras_mlp.make_model()
    callback = NMRenderCallback(tmp_path / "run", (x, y), ["hidden1", "logits"], render=())
    callback.set_model(model)
    arrays = callback.collect()
    hidden = keras.Model(model.inputs, model.get_layer("hidden1").output).predict(x, verbose=0)
    np.testing.assert_allclose(arrays["hidden1"], hidden, rtol=1e-5, atol=1e-6)
    assert arrays["logits"].shape == (60, 4) and arrays["logits"].dtype == np.float32
    unknown = NMRenderCallback(tmp_path / "other", (x, y), ["hidden3"], render=())
    unknown.set_model(model)
    with pytest.raises(ValueError, match=r"no layer named 'hidden3' \(did you mean 'hidden2', 'hidden1'\?\); "
                                         r"its top-level layers are "):
        unknown.collect()


def test_convolutional_outputs_are_pooled_over_space():
    from nm_render.keras import pool

    maps = np.arange(2 * 3 * 3 * 4, dtype=np.float32).reshape(2, 3, 3, 4)  # channels last
    assert pool(maps).shape == (2, 4)
    np.testing.assert_allclose(pool(maps), maps.mean(axis=(1, 2)))
    assert pool(maps, "flatten").shape == (2, 36)


def test_a_fit_from_initial_epoch_continues_the_run(tmp_path):
    keras.utils.set_random_seed(0)
    x, y = keras_mlp.make_data(200)
    model = keras_mlp.make_model()
    model.fit(x[:150], y[:150], epochs=2, verbose=0,
              callbacks=[NMRenderCallback(tmp_path / "run", (x[150:], y[150:]), ["hidden2"], render=())])
    model.fit(x[:150], y[:150], epochs=3, initial_epoch=2, verbose=0,
              callbacks=[NMRenderCallback(tmp_path / "run", (x[150:], y[150:]), ["hidden2"], render=())])
    assert sorted(e for e in os.listdir(tmp_path / "run") if e.startswith("epoch_")) == [
        "epoch_000", "epoch_001", "epoch_002", "epoch_003"]
    with pytest.raises(FileExistsError, match="already holds a run"):
        model.fit(x[:150], y[:150], epochs=1, verbose=0,
                  callbacks=[NMRenderCallback(tmp_path / "run", (x[150:], y[150:]), ["hidden2"], render=())])
