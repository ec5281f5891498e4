"""Rendering from training code: a missing or failing nm-render is one warning, never an error;
nm_render.show gives notebooks a display object."""
import os
import stat
import sys
import warnings

import numpy as np
import pytest
from conftest import require

from nm_render import RenderWarning, RunWriter, render_run, show
from nm_render.render import default_render_dir, render_command


def small_run(path, epochs=3):
    rng = np.random.default_rng(0)
    run = RunWriter(path, labels=np.arange(60) % 3)
    for epoch in range(epochs):
        run.write_epoch(epoch, {"hidden": rng.normal(size=(60, 6)) + epoch * (np.arange(60) % 3)[:, None]})
    return run


def render_warnings(function, *args, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = function(*args, **kwargs)
    return result, [w for w in caught if issubclass(w.category, RenderWarning)]


def test_renders_go_beside_the_run_never_inside_it(tmp_path):
    assert default_render_dir(tmp_path / "runs" / "cnn") == str(tmp_path / "runs" / "cnn-renders")
    assert default_render_dir("runs/cnn/") == "runs/cnn-renders"


def test_the_suffix_picks_strip_or_video():
    assert render_command("nm", "r", "out/strip.png")[:2] == ["nm", "strip"]
    assert render_command("nm", "r", "out/fig.pdf")[:2] == ["nm", "strip"]
    assert render_command("nm", "r", "out/evolution.mp4")[:2] == ["nm", "video"]
    assert render_command("nm", "r", "out/readme.GIF")[:2] == ["nm", "video"]


def test_a_missing_executable_is_one_warning_and_no_render(tmp_path, monkeypatch):
    small_run(tmp_path / "run")
    monkeypatch.delenv("NM_RENDER_BIN", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no nm-render there
    written, caught = render_warnings(render_run, tmp_path / "run", ["strip.png", "evolution.mp4"])
    assert written == []
    assert len(caught) == 1
    assert "the nm-render executable was not found (set NM_RENDER_BIN" in str(caught[0].message)


def test_a_failing_executable_is_one_warning_with_its_message(tmp_path, monkeypatch):
    small_run(tmp_path / "run")
    fake = tmp_path / "nm-render"
    fake.write_text("#!/bin/sh\necho 'nm-render: error: the disk is full' >&2\nexit 73\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("NM_RENDER_BIN", str(fake))
    written, caught = render_warnings(render_run, tmp_path / "run", ["strip.png", "evolution.mp4"])
    assert written == []
    assert len(caught) == 1
    message = str(caught[0].message)
    assert "failed for strip.png: nm-render: error: the disk is full (and 1 more); training is unaffected" in message


def test_a_nm_render_bin_that_does_not_exist_is_one_warning(tmp_path, monkeypatch):
    small_run(tmp_path / "run")
    monkeypatch.setenv("NM_RENDER_BIN", str(tmp_path / "no-such-nm-render"))
    written, caught = render_warnings(render_run, tmp_path / "run", ["strip.png"])
    assert written == [] and len(caught) == 1 and "no-such-nm-render" in str(caught[0].message)


def test_the_real_nm_render_writes_the_strip_beside_the_run(tmp_path, renderer):
    small_run(tmp_path / "run")
    written, caught = render_warnings(render_run, tmp_path / "run", ["strip.png"])
    assert caught == []
    assert written == [str(tmp_path / "run-renders" / "strip.png")]
    assert open(written[0], "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    assert sorted(os.listdir(tmp_path / "run")) == ["epoch_000", "epoch_001", "epoch_002", "labels.npy", "run.json"]


def test_show_returns_an_image_or_a_video(tmp_path):
    require("IPython")
    from IPython.display import Image, Video

    png = tmp_path / "strip.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    shown = show(png, width=400)
    assert isinstance(shown, Image) and shown.width == 400
    mp4 = tmp_path / "evolution.mp4"
    mp4.write_bytes(b"\0\0\0\x18ftypmp42")
    assert isinstance(show(mp4), Video)
    with pytest.raises(ValueError, match=r"cannot show .*fig.pdf in a notebook"):
        (tmp_path / "fig.pdf").write_bytes(b"%PDF")
        show(tmp_path / "fig.pdf")
    with pytest.raises(FileNotFoundError):
        show(tmp_path / "missing.png")


def test_show_of_a_run_renders_its_strip(tmp_path, renderer):
    require("IPython")
    from IPython.display import Image

    small_run(tmp_path / "run")
    shown = show(tmp_path / "run")
    assert isinstance(shown, Image)
    assert (tmp_path / "run-renders" / "strip.png").exists()


def test_show_without_ipython_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "IPython", None)  # makes `import IPython` fail
    with pytest.raises(ImportError, match=r"nm_render.show needs IPython \(pip install ipython\)"):
        show(tmp_path / "strip.png")
