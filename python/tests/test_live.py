"""live=True: `nm-render watch` runs beside the writer, keeps the renders up to date epoch by epoch,
and is ended cleanly (its last render on close, an interrupt on an exception)."""
import json
import os
import warnings

import numpy as np
import pytest
from conftest import require

from nm_render import RenderWarning, RunWriter
from nm_render._session import CaptureSession

PNG_END = b"IEND\xaeB`\x82"
SAMPLES = 60


def activations(epoch):
    rng = np.random.default_rng(epoch)
    labels = np.arange(SAMPLES) % 3
    return {"hidden": rng.normal(size=(SAMPLES, 6)) + epoch * labels[:, None]}


def whole_png(path):
    data = open(path, "rb").read()
    return data[:8] == b"\x89PNG\r\n\x1a\n" and data.endswith(PNG_END)


def test_the_strip_follows_the_run_epoch_by_epoch_and_close_ends_watch(tmp_path, renderer):
    run_dir = tmp_path / "run"
    strip = tmp_path / "run-renders" / "strip.png"
    writer = RunWriter(run_dir, labels=np.arange(SAMPLES) % 3, live=True)
    assert writer.live.outputs == [str(strip)]
    for epoch in range(3):
        writer.write_epoch(epoch, activations(epoch))
        update = writer.live.wait_for_epoch(epoch, timeout=120)
        assert update is not None and update["epoch"] == epoch, writer.live.latest
        assert update["total_epochs"] == epoch + 1
        assert whole_png(strip)
    writer.close()
    assert writer.live.process.returncode == 0
    assert not writer.live.running
    assert [u["epochs"] for u in writer.live.updates()] == [[0], [1], [2]]
    assert sorted(os.listdir(run_dir)) == ["epoch_000", "epoch_001", "epoch_002", "labels.npy", "run.json"]
    assert json.load(open(run_dir / "run.json"))["complete"] is True


def test_an_exception_in_the_training_interrupts_watch_and_leaves_the_strip_whole(tmp_path, renderer):
    strip = tmp_path / "run-renders" / "strip.png"
    with pytest.raises(RuntimeError, match="the loss diverged"):
        with RunWriter(tmp_path / "run", labels=np.arange(SAMPLES) % 3, live=True) as writer:
            writer.write_epoch(0, activations(0))
            assert writer.live.wait_for_epoch(0, timeout=120) is not None
            raise RuntimeError("the loss diverged")
    assert writer.live.process.returncode == 130  # as after Ctrl-C: outputs whole, partial ones removed
    assert whole_png(strip)
    assert sorted(os.listdir(strip.parent)) == ["strip.png"]
    assert "complete" not in json.load(open(tmp_path / "run" / "run.json"))


def test_without_nm_render_live_is_one_warning_and_the_run_is_written(tmp_path, monkeypatch):
    monkeypatch.delenv("NM_RENDER_BIN", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with RunWriter(tmp_path / "run", labels=np.arange(SAMPLES) % 3, live=True) as writer:
            writer.write_epoch(0, activations(0))
    messages = [str(w.message) for w in caught if w.category is RenderWarning]
    assert len(messages) == 1 and "is written but not watched" in messages[0]
    assert writer.complete and writer.live.process is None


def test_live_takes_file_names():
    with pytest.raises(Exception, match="live must be True, False or file names"):
        RunWriter("unused", live=[3])


class RecordingWriter:
    """A TensorBoard-like sink that keeps what it was given."""

    def __init__(self):
        self.images = []

    def add_image(self, tag, pixels, global_step=None, dataformats=None):
        self.images.append((tag, global_step, pixels.shape))


def test_a_capture_session_logs_the_live_strip_of_each_epoch_with_the_epoch_as_step(tmp_path, renderer):
    require("PIL")
    sink = RecordingWriter()
    session = CaptureSession(tmp_path / "run", np.arange(SAMPLES) % 3, class_names=None, every_n_epochs=1,
                             render=["strip.png"], render_dir=None, dtype="float32", on_nonfinite="skip", live=True)
    session.open(resuming=False)
    session.live_sinks = lambda: [sink]
    for epoch in range(3):
        # A training epoch outlasts a tiny layout: the previous epoch's strip is ready by now.
        session.write(epoch, activations(epoch))
        assert session.live_view.wait_for_epoch(epoch, timeout=120) is not None
    assert [(tag, step) for tag, step, _ in sink.images] == [("nm-render/strip", 0), ("nm-render/strip", 1)]
    rendered = session.finish([sink], step=2)
    assert rendered == [str(tmp_path / "run-renders" / "strip.png")]
    assert session.live_view.process.returncode == 0
    # ... and the final strip (batch layouts, --final) at the last step.
    assert [(tag, step) for tag, step, _ in sink.images] == [("nm-render/strip", e) for e in (0, 1, 2)]


def test_lightning_live_logs_the_strip_after_each_epoch_and_ends_with_the_batch_render(tmp_path, renderer):
    L = require("lightning")
    torch = require("torch")
    require("tensorboard")
    import sys

    from lightning.pytorch.loggers import TensorBoardLogger
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "examples"))
    import lightning_mlp

    from nm_render.lightning import NMRenderCallback

    class LayoutFasterThanTraining(L.pytorch.Callback):
        """Holds each training epoch's end until watch has drawn that epoch, as a real epoch
        (minutes) outlasts the layout (seconds)."""

        def __init__(self, record):
            self.record = record

        def on_train_epoch_start(self, trainer, pl_module):
            # Run epoch `current_epoch` was recorded just before this training epoch.
            assert self.record.session.live_view.wait_for_epoch(trainer.current_epoch, timeout=120)

    L.seed_everything(0, verbose=False)
    x, y = lightning_mlp.make_data(200)
    train = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x[:150], y[:150]), batch_size=50)
    val = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x[150:], y[150:]), batch_size=50)
    record = NMRenderCallback(tmp_path / "run", (x[150:], y[150:]), ["head"], live=True)
    tensorboard = TensorBoardLogger(str(tmp_path / "tb"), name="mlp")
    trainer = L.Trainer(max_epochs=3, callbacks=[record, LayoutFasterThanTraining(record)], logger=tensorboard,
                        enable_checkpointing=False, enable_progress_bar=False, enable_model_summary=False)
    trainer.fit(lightning_mlp.MLP(), train, val)

    strip = tmp_path / "run-renders" / "strip.png"
    assert record.rendered == [str(strip)] and whole_png(strip)
    assert record.session.live_view.process.returncode == 0
    events = EventAccumulator(tensorboard.log_dir, size_guidance={"images": 0})
    events.Reload()
    # Epochs 0-2 live, at the end of the next epoch; then the final strip at the fit's last step.
    assert [image.step for image in events.Images("nm-render/strip")] == [0, 1, 2, 3]
