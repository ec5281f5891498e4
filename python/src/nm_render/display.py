"""Showing a render in a notebook (IPython is imported only when `show` is called)."""

import os

from .render import default_render_dir, find_nm_render, render_command

_IMAGE_SUFFIXES = (".png", ".gif", ".jpg", ".jpeg", ".svg")
_VIDEO_SUFFIXES = (".mp4", ".webm")


def show(path, *, width=None):
    """An IPython display object for a render, to end a notebook cell with.

    path: a rendered file (.png, .gif, .svg: an image; .mp4, .webm: an embedded video), or a run
    folder, whose epoch strip is rendered first into `<run>-renders/strip.png` (needs the
    nm-render executable). width: optional display width in pixels.
    Raises ImportError when IPython is not installed, FileNotFoundError for a missing path,
    ValueError for a file type a notebook cannot show, RuntimeError when rendering a run fails.
    """
    try:
        from IPython import display
    except ImportError as error:
        raise ImportError("nm_render.show needs IPython (pip install ipython); the render itself is at "
                          f"{os.fspath(path)}") from error
    path = os.fspath(path)
    if os.path.isdir(path):
        path = _render_strip(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path} does not exist")
    lower = path.lower()
    if lower.endswith(".svg"):
        return display.SVG(filename=path)
    if lower.endswith(_IMAGE_SUFFIXES):
        return display.Image(filename=path, width=width)
    if lower.endswith(_VIDEO_SUFFIXES):
        return display.Video(path, embed=True, width=width)
    raise ValueError(f"cannot show {path} in a notebook: expected .png, .gif, .jpg, .svg, .mp4 or .webm")


def _render_strip(run_dir):
    import subprocess

    executable = find_nm_render()
    if executable is None:
        raise RuntimeError("showing a run renders its strip with nm-render, which was not found (set NM_RENDER_BIN "
                           "or put nm-render on PATH)")
    render_dir = default_render_dir(run_dir)
    os.makedirs(render_dir, exist_ok=True)
    output = os.path.join(render_dir, "strip.png")
    result = subprocess.run(render_command(executable, run_dir, output), capture_output=True, text=True,
                            stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        message = (result.stderr.strip().splitlines() or [f"exit code {result.returncode}"])[-1]
        raise RuntimeError(f"rendering {run_dir} failed: {message}")
    return output
