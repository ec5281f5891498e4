"""nm_render.hf.NMRenderCallback on a real Hugging Face Trainer fit of the example MLP (3 epochs)."""
import glob
import os
import sys

import numpy as np
from conftest import require

require("torch")
require("transformers")
require("accelerate")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "examples"))
import hf_trainer_mlp  # noqa: E402


def test_trainer_records_renders_and_logs_to_tensorboard_and_wandb(tmp_path, renderer, monkeypatch):
    wandb = require("wandb")
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    monkeypatch.chdir(tmp_path)  # W&B's offline run folder goes to ./wandb
    monkeypatch.setenv("WANDB_PROJECT", "nm-render-test")
    try:
        _, callback = hf_trainer_mlp.main(str(tmp_path / "run"), epochs=3, samples=400,
                                          output_dir=str(tmp_path / "out"), report_to=("tensorboard", "wandb"))
    finally:
        wandb.finish()

    run = tmp_path / "run"
    assert sorted(e for e in os.listdir(run) if e.startswith("epoch_")) == [f"epoch_{e:03d}" for e in range(4)]
    assert np.load(run / "epoch_003" / "hidden2.npy").shape == (100, 32)
    lines = (run / "metrics.csv").read_text().splitlines()
    header = lines[0].split(",")
    assert header[0] == "epoch" and {"loss", "eval_loss", "eval_accuracy"} <= set(header)
    assert not [name for name in header if name.endswith(("_runtime", "_per_second"))]
    assert [line.split(",")[0] for line in lines[1:]] == ["1", "2", "3"]
    assert '"complete": true' in (run / "run.json").read_text()

    strip = tmp_path / "run-renders" / "strip.png"
    assert callback.rendered == [str(strip)]
    png = strip.read_bytes()

    (log_dir,) = {os.path.dirname(p) for p in glob.glob(str(tmp_path / "out" / "runs" / "*" / "events.*"))}
    events = EventAccumulator(log_dir, size_guidance={"images": 0})
    events.Reload()
    (logged,) = events.Images("nm-render/strip")
    assert (logged.width, logged.height) == (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big"))
    assert "eval/loss" in events.Tags()["scalars"]  # the Trainer's own scalars, in the same log folder

    (media,) = glob.glob(str(tmp_path / "wandb" / "offline-run-*" / "files" / "media" / "images" / "nm-render" /
                             "strip_*.png"))
    assert open(media, "rb").read() == png


def test_without_evaluation_epochs_are_recorded_at_epoch_end(tmp_path):
    hf_trainer_mlp.main(str(tmp_path / "run"), epochs=2, samples=200, output_dir=str(tmp_path / "out"), report_to=(),
                        eval_strategy="no")
    run = tmp_path / "run"
    assert sorted(e for e in os.listdir(run) if e.startswith("epoch_")) == ["epoch_000", "epoch_001", "epoch_002"]


def test_resume_from_checkpoint_continues_the_run(tmp_path, monkeypatch):
    """Resumed from epoch 1's checkpoint, the Trainer records epoch 2 again (the run had it from
    the first training) and keeps epochs 0 and 1 as they were."""
    from nm_render.run_writer import RunWriter

    hf_trainer_mlp.main(str(tmp_path / "run"), epochs=2, samples=200, output_dir=str(tmp_path / "out"), report_to=(),
                        save_strategy="epoch")
    (checkpoint,) = [c for c in glob.glob(str(tmp_path / "out" / "checkpoint-*")) if c.endswith("-3")]
    before = (tmp_path / "run" / "epoch_001" / "logits.npy").read_bytes()
    written = []
    real_write_epoch = RunWriter.write_epoch
    monkeypatch.setattr(RunWriter, "write_epoch", lambda self, epoch, *a, **k: (
        written.append(epoch), real_write_epoch(self, epoch, *a, **k))[1])
    trainer, _ = hf_trainer_mlp.main(str(tmp_path / "run"), epochs=2, samples=200, output_dir=str(tmp_path / "out"),
                                     report_to=(), save_strategy="no", resume_from_checkpoint=checkpoint)
    run = tmp_path / "run"
    assert sorted(e for e in os.listdir(run) if e.startswith("epoch_")) == ["epoch_000", "epoch_001", "epoch_002"]
    assert written == [2]
    assert (run / "epoch_001" / "logits.npy").read_bytes() == before
    assert [line.split(",")[0] for line in (run / "metrics.csv").read_text().splitlines()[1:]] == ["1", "2"]
