"""What the Lightning, Hugging Face and Keras callbacks share: one run written across a fit.

The callbacks decide *when* (framework hooks, rank 0) and *how to get activations* (torch hooks
or a Keras feature model); a CaptureSession does the rest: opening or resuming the run,
writing epochs with the metrics the framework logged, marking the run complete, rendering it
beside the run and logging the renders.
"""

import math
import numbers
import os
import warnings

from .image_logging import log_renders
from .live import LiveView
from .render import RenderWarning, default_render_dir, render_run
from .run_writer import RunWriter

# Timings a framework logs with its metrics: not training metrics, and never the same twice.
_TIMING_SUFFIXES = ("_runtime", "_per_second")


# What a live view logs after each epoch: the strips; videos are logged once, at the end.
_LIVE_LOGGED_SUFFIXES = (".png", ".jpg", ".jpeg")


def check_common_options(every_n_epochs, render, on_nonfinite, live=False):
    """Argument mistakes the callbacks report when they are made, not at the end of a fit."""
    if isinstance(every_n_epochs, bool) or not isinstance(every_n_epochs, numbers.Integral) or every_n_epochs < 1:
        raise ValueError(f"every_n_epochs must be a whole number of 1 or more; got {every_n_epochs!r}")
    names = [render] if isinstance(render, str) else list(render or ())
    for name in names:
        if os.path.basename(name) != name or not os.path.splitext(name)[1]:
            raise ValueError(f"render entries are file names with a suffix, e.g. 'strip.png' or 'evolution.mp4'; "
                             f"got {name!r}")
    if on_nonfinite not in ("raise", "skip"):
        raise ValueError(f"on_nonfinite must be 'raise' or 'skip'; got {on_nonfinite!r}")
    if not isinstance(live, bool):
        raise ValueError(f"live must be True or False; got {live!r}")
    if live and not names:
        raise ValueError("live=True keeps the files in `render` up to date, and render is empty; "
                         "give e.g. render=('strip.png',)")
    return names


def take_common_options(callback, run_dir, modules, *, class_names, every_n_epochs, render, render_dir, log, dtype,
                        on_nonfinite, pooling, live=False):
    """Checks the arguments every framework callback takes and keeps them on `callback`, so the
    three callbacks agree on their names and meaning."""
    callback.render = check_common_options(every_n_epochs, render, on_nonfinite, live)
    callback.live = live
    callback.run_dir = run_dir
    callback.modules = modules
    callback.class_names = class_names
    callback.every_n_epochs = int(every_n_epochs)
    callback.render_dir = render_dir
    callback._log_to = log
    callback.dtype = dtype
    callback.on_nonfinite = on_nonfinite
    callback.pooling = pooling
    callback.session = None


def scalar_metrics(values):
    """The entries of a framework's metrics mapping that fit a metrics.csv column: plain numbers
    or one-element tensors/arrays, under names RunWriter accepts, without timings or "epoch"."""
    metrics = {}
    for name, value in (values or {}).items():
        if not isinstance(name, str) or not name or name.lower() == "epoch" or name.endswith(_TIMING_SUFFIXES) \
                or any(c in name for c in ',"\n\r'):
            continue
        if hasattr(value, "numel") and value.numel() == 1:  # a torch tensor
            value = value.detach().cpu().item()
        elif hasattr(value, "size") and hasattr(value, "item") and value.size == 1:  # NumPy
            value = value.item()
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            continue
        metrics[name] = float(value) if math.isfinite(value) else None
    return metrics


class CaptureSession:
    """One run across one fit (or a resumed one), on the process that writes it."""

    def __init__(self, run_dir, labels, *, class_names, every_n_epochs, render, render_dir, dtype,
                 on_nonfinite, live=False):
        self.run_dir = os.fspath(run_dir)
        self.labels = labels
        self.class_names = class_names
        self.every_n_epochs = every_n_epochs
        self.render = render
        self.render_dir = os.fspath(render_dir) if render_dir is not None else default_render_dir(self.run_dir)
        self.dtype = dtype
        self.on_nonfinite = on_nonfinite
        self.writer = None
        self.resuming = False
        self.rendered = []
        self.live = live
        # With `live`: the `nm-render watch` keeping the renders up to date, and where to log
        # its strip after each epoch (a callable giving the sinks, set by the callback).
        self.live_view = None
        self.live_sinks = None

    def open(self, resuming):
        """Starts the run, or with `resuming` (a fit restarted from a checkpoint) continues it."""
        self.resuming = resuming
        try:
            self.writer = RunWriter(self.run_dir, labels=self.labels, class_names=self.class_names, dtype=self.dtype,
                                    resume=resuming, on_nonfinite=self.on_nonfinite)
        except FileExistsError as error:
            raise FileExistsError(f"{self.run_dir} already holds a run; give the callback a new run_dir, or resume "
                                  "the training from a checkpoint to continue that run") from error
        if self.live:
            # --final: the renders at the end are those of batch layouts, as without `live`.
            self.live_view = LiveView(self.run_dir, self.render, self.render_dir, final=True).start()

    def due(self, epoch):
        """Whether run epoch `epoch` (0 = before training) is one to record."""
        return epoch % self.every_n_epochs == 0

    def written(self, epoch):
        """Whether this fit recorded `epoch`. Until a resumed fit records its first epoch, the
        run's epochs from that one on belong to the lost training and do not count."""
        if self.writer is None or epoch not in self.writer.epochs:
            return False
        return not self.resuming

    def write(self, epoch, activations, metrics=None):
        """Writes one epoch. The first write of a resumed fit first drops the epochs from `epoch`
        on: they were recorded after the checkpoint it resumed from, by the training that was
        lost, and are recomputed now."""
        if self.resuming:
            self.writer.remove_epochs_from(epoch)
            self.resuming = False
        written = self.writer.write_epoch(epoch, activations, metrics=scalar_metrics(metrics) or None)
        self.log_live_updates()
        return written

    def log_live_updates(self):
        """Logs the live strip once per batch of watch updates that arrived since the last call
        (usually the previous epoch's: watch lays an epoch out while the next one trains), with
        the newest update's epoch as step. Returns how many images were logged."""
        if self.live_view is None or self.live_sinks is None:
            return 0
        updates = self.live_view.updates()
        if not updates:
            return 0
        stills = [path for path in self.live_view.outputs
                  if path.lower().endswith(_LIVE_LOGGED_SUFFIXES) and os.path.exists(path)]
        sinks = self.live_sinks()
        return log_renders(stills, sinks, step=updates[-1]["epoch"]) if stills and sinks else 0

    def stop_live(self):
        """Interrupts the live view (a fit that ended in an exception); its files stay whole."""
        if self.live_view is not None:
            self.live_view.stop()

    def add_metrics(self, epoch, metrics):
        if self.written(epoch):
            checked = scalar_metrics(metrics)
            if checked:
                self.writer.add_metrics(epoch, checked)

    def finish(self, sinks, step=None):
        """Renders the run beside it, marks it complete and logs the renders to `sinks`. Returns
        the rendered paths; rendering and logging problems are warnings.

        The render comes before the "complete" mark so that a reader following the run (which
        stops at the mark) never misses the end, and so that an nm-render that predates the mark
        still renders it."""
        if self.writer is None:
            return []
        if self.live_view is not None and self.live_view.running:
            return self._finish_live(sinks, step)
        if not self.writer.epochs:
            self.writer.close()
            warnings.warn(f"nm-render: no epoch was recorded in {self.run_dir} (every one held NaN or infinite "
                          "values?), so nothing was rendered", RenderWarning, stacklevel=3)
            return []
        self.rendered = render_run(self.run_dir, self.render, self.render_dir)
        self.writer.close()
        if sinks:
            log_renders(self.rendered, sinks, step=step if step is not None else max(self.writer.epochs))
        return self.rendered

    def _finish_live(self, sinks, step):
        """The end of a live fit: the "complete" mark makes watch render once more (batch layouts,
        --final) and exit; its files are the renders. Should watch have failed, the run is
        rendered as without `live`."""
        self.writer.close()
        self.rendered = self.live_view.finish()
        if self.live_view.failed and self.writer.epochs:
            self.rendered = render_run(self.run_dir, self.render, self.render_dir)
        if sinks and self.rendered:
            log_renders(self.rendered, sinks, step=step if step is not None else max(self.writer.epochs))
        return self.rendered
