"""Sending rendered strips and videos to where a team already looks: TensorBoard and W&B.

A "sink" is a TensorBoard writer (anything with `add_image`, e.g. torch's SummaryWriter) or a
W&B run (`wandb.init()`'s result). Logging, like rendering, never stops training: a failure is
one RenderWarning.
"""

import os
import warnings

from .render import RenderWarning

_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
_VIDEO_SUFFIXES = (".mp4", ".gif", ".webm")


def tag_for(path):
    """The tag a render is logged under: `nm-render/<file name without suffix>`, e.g. nm-render/strip."""
    return "nm-render/" + os.path.splitext(os.path.basename(path))[0]


def is_wandb_run(sink):
    """True for a W&B run object (checked by its type's module, so wandb need not be imported here)."""
    return type(sink).__module__.split(".")[0] == "wandb" and hasattr(sink, "log")


def active_wandb_run():
    """The W&B run started in this process with wandb.init(), if wandb is imported and one is active."""
    import sys

    wandb = sys.modules.get("wandb")
    return getattr(wandb, "run", None) if wandb is not None else None


def log_renders(paths, sinks, step=None):
    """Logs each rendered file to each sink that can take it, and returns how many were logged.

    TensorBoard writers get PNG/JPEG strips through `add_image(tag, HWC array, step)`: video is
    left out there (TensorBoard's add_video needs moviepy and frames in memory). W&B runs get
    images as `wandb.Image` and MP4/GIF/WebM as `wandb.Video`, under the same tags, at the run's
    current step (W&B refuses steps that go back, and the trainer owns its step counter).
    PDF and SVG strips are not logged anywhere.
    """
    logged = 0
    for sink in sinks:
        for path in paths:
            try:
                if is_wandb_run(sink):
                    logged += _log_to_wandb(sink, path)
                elif hasattr(sink, "add_image"):
                    logged += _log_to_tensorboard(sink, path, step)
            except Exception as error:  # a logger's problem must not end the training job
                warnings.warn(f"nm-render: logging {path} to {type(sink).__name__} failed ({error}); "
                              "training is unaffected", RenderWarning, stacklevel=2)
    return logged


def _log_to_tensorboard(writer, path, step):
    if not path.lower().endswith(_IMAGE_SUFFIXES):
        return 0
    import numpy as np
    from PIL import Image

    with Image.open(path) as image:
        pixels = np.asarray(image.convert("RGB"))
    writer.add_image(tag_for(path), pixels, global_step=step, dataformats="HWC")
    if hasattr(writer, "flush"):
        writer.flush()  # the strip comes at the end of training; do not leave it in a buffer
    return 1


def _log_to_wandb(run, path):
    import wandb

    lower = path.lower()
    if lower.endswith(_IMAGE_SUFFIXES):
        media = wandb.Image(path)
    elif lower.endswith(_VIDEO_SUFFIXES):
        media = wandb.Video(path)
    else:
        return 0
    run.log({tag_for(path): media})
    return 1
