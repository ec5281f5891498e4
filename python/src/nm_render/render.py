"""Running the nm-render executable on a finished run, from training code.

Rendering is never worth a crashed training job: `render_run` turns a missing executable or a
failing render into one RenderWarning and returns what it did render.
"""

import os
import shutil
import subprocess
import warnings

# Outputs `nm-render video` writes; anything else (.png, .pdf, .svg) is an epoch strip.
VIDEO_SUFFIXES = (".mp4", ".gif", ".webm")


class RenderWarning(UserWarning):
    """nm-render could not be found or failed; training went on without the render."""


def find_nm_render():
    """The nm-render executable: $NM_RENDER_BIN if set, else `nm-render` on PATH; None if neither.

    A NM_RENDER_BIN that names no executable file is returned as is, so that running it fails
    with a message naming it rather than silently using another build."""
    configured = os.environ.get("NM_RENDER_BIN")
    if configured:
        return configured
    return shutil.which("nm-render")


def default_render_dir(run_dir):
    """`<run_dir>-renders`: beside the run, never inside it (a file inside a run would change
    what the run is, and nm-render refuses to write there)."""
    return os.path.normpath(os.fspath(run_dir)) + "-renders"


def render_command(executable, run_dir, output):
    """The nm-render command line that renders `run_dir` to `output`, chosen by its suffix."""
    command = "video" if output.lower().endswith(VIDEO_SUFFIXES) else "strip"
    return [executable, command, os.fspath(run_dir), "-o", output, "--quiet"]


def render_run(run_dir, files=("strip.png",), render_dir=None, *, timeout=None):
    """Renders `run_dir` once per name in `files` into `render_dir` (default: beside the run,
    see `default_render_dir`) and returns the paths written, in `files` order.

    A name ending in .mp4, .gif or .webm is rendered with `nm-render video`, any other (.png, .pdf,
    .svg) with `nm-render strip`, with their default settings. When the executable is missing,
    or a render fails or times out, emits one RenderWarning saying why (with nm-render's own
    message) and returns the renders that did succeed: never raises for rendering problems.
    """
    files = [files] if isinstance(files, str) else list(files)
    if not files:
        return []
    executable = find_nm_render()
    if executable is None:
        warnings.warn("nm-render: the nm-render executable was not found (set NM_RENDER_BIN or put nm-render on "
                      f"PATH); {run_dir} was written but not rendered", RenderWarning, stacklevel=2)
        return []
    render_dir = os.fspath(render_dir) if render_dir is not None else default_render_dir(run_dir)
    written, failures = [], []
    try:
        os.makedirs(render_dir, exist_ok=True)
    except OSError as error:
        warnings.warn(f"nm-render: cannot create {render_dir} for the renders ({error}); {run_dir} was not rendered",
                      RenderWarning, stacklevel=2)
        return []
    for name in files:
        output = os.path.join(render_dir, name)
        try:
            result = subprocess.run(render_command(executable, run_dir, output), capture_output=True, text=True,
                                    timeout=timeout, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as error:
            failures.append(f"{name}: {error}")
            continue
        if result.returncode != 0:
            message = (result.stderr.strip().splitlines() or [f"exit code {result.returncode}"])[-1]
            failures.append(f"{name}: {message}")
        else:
            written.append(output)
    if failures:
        more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
        warnings.warn(f"nm-render: rendering {run_dir} failed for {failures[0]}{more}; training is unaffected",
                      RenderWarning, stacklevel=2)
    return written
