"""Renders reach TensorBoard (images) and W&B (images and videos); a failing logger is a warning."""
import glob
import warnings

import pytest
from conftest import require

from nm_render import RenderWarning
from nm_render.image_logging import log_renders, tag_for


def write_media(folder):
    from PIL import Image

    png, gif, pdf = folder / "strip.png", folder / "evolution.gif", folder / "figure.pdf"
    Image.new("RGB", (40, 20), (200, 30, 30)).save(png)
    frames = [Image.new("P", (16, 16), i) for i in range(3)]
    frames[0].save(gif, save_all=True, append_images=frames[1:], duration=100)
    pdf.write_bytes(b"%PDF-1.4\n")
    return [str(png), str(gif), str(pdf)]


def test_tags_are_named_after_the_file():
    assert tag_for("/x/runs/cnn-renders/strip.png") == "nm-render/strip"
    assert tag_for("evolution.mp4") == "nm-render/evolution"


def test_tensorboard_gets_the_image_and_wandb_the_image_and_the_video(tmp_path, monkeypatch):
    require("PIL")
    require("tensorboard")
    wandb = require("wandb")
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    from torch.utils.tensorboard import SummaryWriter

    paths = write_media(tmp_path)
    monkeypatch.chdir(tmp_path)
    writer = SummaryWriter(str(tmp_path / "tb"))
    run = wandb.init(project="nm-render-test", dir=str(tmp_path), mode="offline")
    try:
        assert log_renders(paths, [writer, run], step=7) == 3  # png to both, gif to W&B, pdf nowhere
    finally:
        writer.close()
        wandb.finish()
    events = EventAccumulator(str(tmp_path / "tb"), size_guidance={"images": 0})
    events.Reload()
    assert events.Tags()["images"] == ["nm-render/strip"]
    (image,) = events.Images("nm-render/strip")
    assert (image.width, image.height, image.step) == (40, 20, 7)
    (offline,) = glob.glob(str(tmp_path / "wandb" / "offline-run-*"))
    assert glob.glob(offline + "/files/media/images/nm-render/strip_*.png")
    (video,) = glob.glob(offline + "/files/media/videos/nm-render/evolution_*.gif")
    assert open(video, "rb").read() == open(paths[1], "rb").read()


def test_a_logger_that_fails_is_one_warning(tmp_path):
    require("PIL")

    class BrokenWriter:
        def add_image(self, *args, **kwargs):
            raise OSError("the event file is gone")

    paths = write_media(tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert log_renders(paths, [BrokenWriter()]) == 0
    messages = [str(w.message) for w in caught if w.category is RenderWarning]
    assert len(messages) == 1
    assert "logging " in messages[0] and "strip.png to BrokenWriter failed (the event file is gone)" in messages[0]


def test_without_pillow_tensorboard_logging_is_a_warning(tmp_path, monkeypatch):
    import sys

    (tmp_path / "strip.png").write_bytes(b"\x89PNG")
    monkeypatch.setitem(sys.modules, "PIL", None)
    with pytest.warns(RenderWarning, match="No module named|PIL"):
        log_renders([str(tmp_path / "strip.png")], [type("Writer", (), {"add_image": lambda *a, **k: None})()])
