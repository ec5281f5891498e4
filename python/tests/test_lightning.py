"""nm_render.lightning.NMRenderCallback on real Lightning fits of the example MLP (3 epochs)."""
import glob
import os
import signal
import subprocess
import sys
import time
import warnings

import numpy as np
import pytest
from conftest import inspect_run, require

L = require("lightning")
torch = require("torch")

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "examples"))
import lightning_mlp  # noqa: E402

from nm_render import NonFiniteEpochWarning, RenderWarning  # noqa: E402
from nm_render.lightning import NMRenderCallback  # noqa: E402

FIT_SCRIPT = os.path.join(os.path.dirname(__file__), "lightning_fit.py")
EPOCHS = [f"epoch_{e:03d}" for e in range(4)]


def epoch_folders(run):
    return sorted(e for e in os.listdir(run) if e.startswith("epoch_"))


def hidden_entries(run):
    return sorted(e for e in os.listdir(run) if e.startswith("."))


def metrics_table(run):
    lines = open(os.path.join(run, "metrics.csv")).read().splitlines()
    header = lines[0].split(",")
    return header, {int(line.split(",")[0]): line.split(",")[1:] for line in lines[1:]}


def test_fit_records_renders_and_logs_to_tensorboard_and_wandb(tmp_path, renderer, monkeypatch):
    wandb = require("wandb")
    from lightning.pytorch.loggers import TensorBoardLogger, WandbLogger
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    monkeypatch.chdir(tmp_path)
    tensorboard = TensorBoardLogger(str(tmp_path / "tb"), name="mlp")
    weights_and_biases = WandbLogger(save_dir=str(tmp_path), offline=True, project="nm-render-test")
    try:
        _, callback = lightning_mlp.main(str(tmp_path / "run"), epochs=3, samples=400,
                                         loggers=[tensorboard, weights_and_biases])
    finally:
        wandb.finish()

    run = tmp_path / "run"
    assert epoch_folders(run) == EPOCHS
    assert [np.load(run / "epoch_003" / f"{b}.npy").shape for b in ("hidden1", "hidden2", "logits")] == [
        (100, 32), (100, 32), (100, 4)]
    assert (run / "classes.txt").read_text().split() == ["--", "-+", "+-", "++"]
    header, rows = metrics_table(run)
    assert header == ["epoch", "val_loss", "val_acc", "train_loss"]
    assert sorted(rows) == [1, 2, 3] and all(cell for row in rows.values() for cell in row)
    assert (run / "run.json").read_text().count('"complete": true') == 1
    assert hidden_entries(run) == []

    strip = tmp_path / "run-renders" / "strip.png"
    assert callback.rendered == [str(strip)]
    png = strip.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"

    events = EventAccumulator(tensorboard.log_dir, size_guidance={"images": 0})
    events.Reload()
    assert "nm-render/strip" in events.Tags()["images"]
    (logged,) = events.Images("nm-render/strip")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (logged.width, logged.height, logged.step) == (width, height, 3)

    (offline_run,) = glob.glob(str(tmp_path / "wandb" / "offline-run-*"))
    (media,) = glob.glob(os.path.join(offline_run, "files", "media", "images", "nm-render", "strip_*.png"))
    assert open(media, "rb").read() == png
    (records,) = glob.glob(os.path.join(offline_run, "run-*.wandb"))
    assert os.path.basename(media).encode() in open(records, "rb").read()


class PoisonedMLP(lightning_mlp.MLP):
    """Its hidden activations become NaN in eval mode during training epoch index 1 (run epoch 2)."""

    def forward(self, x):
        hidden = self.body(x)
        if not self.training and getattr(self, "trainer", None) is not None and self.trainer.current_epoch == 1:
            hidden = hidden * float("nan")
        return self.head(hidden)


def tiny_fit(run_dir, callbacks, model=None, epochs=3, **options):
    L.seed_everything(0, verbose=False)
    x, y = lightning_mlp.make_data(200)
    train = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x[:150], y[:150]), batch_size=50)
    val = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x[150:], y[150:]), batch_size=50)
    options = {"enable_checkpointing": False, **options}
    trainer = L.Trainer(max_epochs=epochs, callbacks=callbacks, logger=False, enable_progress_bar=False,
                        enable_model_summary=False, default_root_dir=str(run_dir) + "-root", **options)
    trainer.fit(model or lightning_mlp.MLP(), train, val)
    return trainer, (x[150:], y[150:])


def test_an_epoch_with_nan_activations_is_left_out_and_training_goes_on(tmp_path, renderer):
    x, y = lightning_mlp.make_data(200)
    callback = NMRenderCallback(tmp_path / "run", (x[150:], y[150:]), ["head"], render=())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        trainer, _ = tiny_fit(tmp_path / "run", [callback], model=PoisonedMLP())
    assert trainer.current_epoch == 3  # all three epochs trained
    assert epoch_folders(tmp_path / "run") == ["epoch_000", "epoch_001", "epoch_003"]
    skipped = [w for w in caught if w.category is NonFiniteEpochWarning]
    assert len(skipped) == 1 and "epoch 2 is left out" in str(skipped[0].message)
    assert sorted(metrics_table(tmp_path / "run")[1]) == [1, 3]


def test_on_nonfinite_raise_ends_the_fit(tmp_path):
    from nm_render import RunFormatError

    x, y = lightning_mlp.make_data(200)
    callback = NMRenderCallback(tmp_path / "run", (x[150:], y[150:]), ["head"], render=(), on_nonfinite="raise")
    with pytest.raises(RunFormatError, match="NaN or infinite"):
        tiny_fit(tmp_path / "run", [callback], model=PoisonedMLP())


def test_without_nm_render_the_fit_ends_normally_with_one_warning(tmp_path, monkeypatch):
    monkeypatch.delenv("NM_RENDER_BIN", raising=False)
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable))  # python, but no nm-render
    x, y = lightning_mlp.make_data(200)
    callback = NMRenderCallback(tmp_path / "run", (x[150:], y[150:]), ["body.3", "head"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        trainer, _ = tiny_fit(tmp_path / "run", [callback])
    assert trainer.current_epoch == 3 and epoch_folders(tmp_path / "run") == EPOCHS
    render_warnings = [w for w in caught if w.category is RenderWarning]
    assert len(render_warnings) == 1 and "nm-render executable was not found" in str(render_warnings[0].message)
    assert callback.rendered == [] and not (tmp_path / "run-renders").exists()


def test_every_n_epochs_and_a_fit_without_validation(tmp_path):
    x, y = lightning_mlp.make_data(200)
    callback = NMRenderCallback(tmp_path / "run", (x[150:], y[150:]), ["head"], render=(), every_n_epochs=2)
    tiny_fit(tmp_path / "run", [callback], epochs=4, limit_val_batches=0)
    assert epoch_folders(tmp_path / "run") == ["epoch_000", "epoch_002", "epoch_004"]
    assert metrics_table(tmp_path / "run")[0] == ["epoch", "train_loss"]


def test_a_new_fit_refuses_an_existing_run_and_a_shuffled_loader_is_refused(tmp_path):
    x, y = lightning_mlp.make_data(200)
    tiny_fit(tmp_path / "run", [NMRenderCallback(tmp_path / "run", (x[150:], y[150:]), ["head"], render=())], epochs=1)
    with pytest.raises(FileExistsError, match="already holds a run; give the callback a new run_dir, or resume"):
        tiny_fit(tmp_path / "run", [NMRenderCallback(tmp_path / "run", (x[150:], y[150:]), ["head"], render=())],
                 epochs=1)
    shuffled = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), shuffle=True)
    with pytest.raises(ValueError, match="the evaluation loader shuffles"):
        NMRenderCallback(tmp_path / "other", shuffled, ["head"])
    with pytest.raises(ValueError, match="every_n_epochs must be a whole number of 1 or more"):
        NMRenderCallback(tmp_path / "other", (x, y), ["head"], every_n_epochs=0)


# -- in other processes: a real kill, and DDP ---------------------------------------------------

def run_fit(run_dir, root_dir, mode, renderer=None):
    environment = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.run([sys.executable, FIT_SCRIPT, str(run_dir), str(root_dir), mode], env=environment,
                          capture_output=True, text=True, timeout=300)


def fit_and_kill(run_dir, root_dir, mode):
    """Starts the fit, waits until it paused at the chosen point, then kills it with SIGKILL."""
    os.makedirs(root_dir, exist_ok=True)
    process = subprocess.Popen([sys.executable, FIT_SCRIPT, str(run_dir), str(root_dir), mode],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 240
    while not os.path.exists(os.path.join(root_dir, "paused")):
        if process.poll() is not None:
            raise AssertionError(f"the fit ended before pausing: {process.stderr.read()[-2000:]}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError("the fit did not reach its pause within 240 s")
        time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    process.stderr.close()
    assert process.returncode == -signal.SIGKILL


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    """The example's fit as lightning_fit.py runs it, in this process, never interrupted."""
    root = tmp_path_factory.mktemp("uninterrupted")
    lightning_mlp.main(str(root / "run"), epochs=3, samples=400, loggers=False, default_root_dir=str(root),
                       accelerator="cpu", devices=1)
    return root / "run"


def epoch_bytes(run, epoch):
    return {b: open(os.path.join(run, epoch, b), "rb").read() for b in os.listdir(os.path.join(run, epoch))}


def test_a_fit_killed_after_epoch_2_and_resumed_from_its_checkpoint_gives_the_uninterrupted_run(
        tmp_path, uninterrupted):
    run = tmp_path / "run"
    fit_and_kill(run, tmp_path, "pause-writing")  # SIGKILL while epoch 3 is half written
    before = {epoch: epoch_bytes(run, epoch) for epoch in epoch_folders(run)}
    assert list(before) == EPOCHS[:3]
    assert [h.startswith(".epoch_003.tmp-") for h in hidden_entries(run)] == [True]
    assert sorted(os.path.basename(c) for c in glob.glob(str(tmp_path / "checkpoints" / "epoch=*.ckpt"))) == [
        "epoch=0-step=5.ckpt", "epoch=1-step=10.ckpt"]

    result = run_fit(run, tmp_path, "resume")
    assert result.returncode == 0, result.stderr[-3000:]

    assert epoch_folders(run) == epoch_folders(uninterrupted) == EPOCHS
    assert hidden_entries(run) == []
    for epoch in EPOCHS[:3]:
        assert epoch_bytes(run, epoch) == before[epoch]  # recorded before the kill: untouched
        assert epoch_bytes(run, epoch) == epoch_bytes(uninterrupted, epoch)
    header, rows = metrics_table(run)
    assert (header, sorted(rows)) == (metrics_table(uninterrupted)[0], [1, 2, 3])
    assert (run / "run.json").read_text().count('"complete": true') == 1
    assert open(tmp_path / "writes.log").read().splitlines() == ["0 0", "0 1", "0 2", "0 3", "0 3"]


def test_resuming_from_an_earlier_checkpoint_drops_the_epochs_recorded_after_it(tmp_path, monkeypatch):
    """Epoch 3 was recorded, but the training is resumed from epoch 2's checkpoint: epoch 3 is
    recorded again from the resumed training, not kept from the lost one, nor written twice."""
    from lightning.pytorch.callbacks import ModelCheckpoint
    from nm_render.run_writer import RunWriter

    x, y = lightning_mlp.make_data(200)
    checkpoints = ModelCheckpoint(dirpath=str(tmp_path / "checkpoints"), save_top_k=-1)
    tiny_fit(tmp_path / "run", [NMRenderCallback(tmp_path / "run", (x[150:], y[150:]), ["head"], render=()),
                                checkpoints], enable_checkpointing=True)
    before = {epoch: epoch_bytes(tmp_path / "run", epoch) for epoch in EPOCHS}
    written = []
    real_write_epoch = RunWriter.write_epoch
    monkeypatch.setattr(RunWriter, "write_epoch", lambda self, epoch, *a, **k: (
        written.append(epoch), real_write_epoch(self, epoch, *a, **k))[1])

    (earlier,) = glob.glob(str(tmp_path / "checkpoints" / "epoch=1-*.ckpt"))
    L.seed_everything(0, verbose=False)
    train = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x[:150], y[:150]), batch_size=50)
    val = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x[150:], y[150:]), batch_size=50)
    trainer = L.Trainer(max_epochs=3, callbacks=[NMRenderCallback(tmp_path / "run", (x[150:], y[150:]), ["head"],
                                                                  render=())],
                        logger=False, enable_checkpointing=False, enable_progress_bar=False,
                        enable_model_summary=False, default_root_dir=str(tmp_path))
    trainer.fit(lightning_mlp.MLP(), train, val, ckpt_path=earlier)

    assert written == [3]
    assert epoch_folders(tmp_path / "run") == EPOCHS
    for epoch in EPOCHS[:3]:
        assert epoch_bytes(tmp_path / "run", epoch) == before[epoch]
    assert sorted(metrics_table(tmp_path / "run")[1]) == [1, 2, 3]
    assert (tmp_path / "run" / "run.json").read_text().count('"complete": true') == 1


def test_ddp_on_two_cpu_processes_writes_from_rank_0_only(tmp_path, renderer):
    result = run_fit(tmp_path / "run", tmp_path, "ddp")
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(open(tmp_path / "processes.log").read().split()) == ["0", "1"]
    assert open(tmp_path / "writes.log").read().splitlines() == ["0 0", "0 1", "0 2", "0 3"]
    run = tmp_path / "run"
    assert epoch_folders(run) == EPOCHS and hidden_entries(run) == []
    assert (run / "run.json").read_text().count('"complete": true') == 1
    assert (tmp_path / "run-renders" / "strip.png").exists()
    summary = inspect_run(renderer, run)
    assert summary["epochs"] == [0, 1, 2, 3] and summary["sampleCount"] == 100
    assert [b["name"] for b in summary["blocks"]] == ["hidden1", "hidden2", "logits"]


def readme_lightning_snippet(path, after):
    import re

    text = open(path, encoding="utf-8").read()
    return re.search(r"```python\n(.*?)```", text.split(after, 1)[1], re.S).group(1)


def test_the_readmes_lightning_snippets_record_modules_the_example_model_has():
    """Both READMEs show the Lightning callback first, on the modules of examples/lightning_mlp.py."""
    import re

    root = os.path.join(os.path.dirname(__file__), "..", "..")
    names = dict(lightning_mlp.MLP().named_modules())
    for path, after in [(os.path.join(root, "README.md"), "**Record activations from Python**"),
                        (os.path.join(root, "python", "README.md"), "## Capture with a Lightning")]:
        snippet = readme_lightning_snippet(path, after)
        assert "from nm_render.lightning import NMRenderCallback" in snippet
        modules = re.search(r"NMRenderCallback\([^\[]*\[([^\]]*)\]", snippet).group(1)
        for module in re.findall(r'"([^"]+)"', modules):
            assert module in names, f"{path}: the example model has no module {module!r}"
