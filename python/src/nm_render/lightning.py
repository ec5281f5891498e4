"""A Lightning callback that records a run for nm-render while `trainer.fit` trains.

Needs `lightning` (the extra `nm-render[lightning]`); `pytorch_lightning` works too::

    from nm_render.lightning import NMRenderCallback

    trainer = L.Trainer(max_epochs=20, callbacks=[
        NMRenderCallback("runs/cnn", (x_val, y_val), ["conv1", "conv2", "fc"], class_names=digits)])
    trainer.fit(model, train_loader, val_loader)   # writes runs/cnn and runs/cnn-renders/strip.png
"""

try:
    from lightning.pytorch.callbacks import Callback
except ImportError:  # the older package name, same API
    try:
        from pytorch_lightning.callbacks import Callback
    except ImportError as error:
        raise ImportError("nm_render.lightning needs Lightning (pip install lightning, or "
                          "pip install 'nm-render[lightning]')") from error

from ._session import CaptureSession, take_common_options
from .image_logging import is_wandb_run
from .torch_capture import collect_activations, collect_labels, eval_batches


class NMRenderCallback(Callback):
    """Records `modules` of the LightningModule on a fixed evaluation set: epoch 0 before training
    (`on_fit_start`), then after every `every_n_epochs`-th training epoch, into a run at `run_dir`;
    renders it when the fit ends.

    Parameters
    ----------
    run_dir : str or os.PathLike
        The run folder. A fit that starts without `ckpt_path` needs a new (or empty) one; a fit
        resumed with `trainer.fit(..., ckpt_path=...)` continues the run there, dropping the
        epochs recorded after that checkpoint (the lost training's), so the run ends up with
        the epochs an uninterrupted fit would have.
    eval_data : (inputs, labels) pair of tensors, or a DataLoader that does not shuffle
        The same samples every epoch. A pair is run in batches of `batch_size`; inputs may be a
        dict of tensors (passed as keyword arguments).
    modules : list of module names, or {module name: block name}
        Names as in `pl_module.named_modules()`, e.g. ["features.3", "fc"].
    class_names : list of str, optional
        Class names, index = label.
    every_n_epochs : int
        Record every n-th training epoch (epoch 0 is always recorded).
    render : file names
        What to render into `render_dir` when the fit ends: .png/.pdf/.svg with `nm-render strip`,
        .mp4/.gif with `nm-render video`, default settings. () renders nothing.
    render_dir : str, optional
        Default: `<run_dir>-renders`, beside the run (never inside it).
    log : bool or list
        True: log the rendered images to every attached logger that takes them (TensorBoard's
        SummaryWriter.add_image under `nm-render/strip`; W&B as wandb.Image, MP4/GIF as
        wandb.Video). False: do not log. A list of SummaryWriters / W&B runs: log to those.
    dtype : "float32", "float16" or "float64"
        Storage type of activations.
    on_nonfinite : "skip" (default) or "raise"
        An epoch whose activations hold NaN/inf is left out with a warning, or ends the fit.
    pooling : see nm_render.torch_capture.collect_activations ("avg" by default).
    batch_size : int
        Batch size for an (inputs, labels) pair.
    live : bool
        True: `nm-render watch` runs on the run from `on_fit_start` (rank 0), keeping the files
        in `render` up to date epoch by epoch while the fit trains, and the strip is logged after
        each epoch with the epoch as step (an epoch's strip is ready while the next one trains,
        so it is logged at the next epoch's end). When the fit ends watch recomputes the layouts
        as a batch (`--final`), so the final renders come from the layouts they have without
        `live` (the live strip has one row per module, all of them laid out). A fit that ends
        in an exception interrupts watch, leaving its files whole.

    Activations are recorded at `on_validation_epoch_end` (the sanity check excepted) with the
    metrics in `trainer.callback_metrics`; that epoch's train metrics are added at
    `on_train_epoch_end`, when they are final. A training epoch without an end-of-epoch
    validation (no val loader, `check_val_every_n_epoch` > 1, `val_check_interval` < 1) is
    recorded at `on_train_epoch_end` instead. Only global rank 0 records, renders and logs;
    the model is recorded in eval mode without gradients, and its training mode restored.
    """

    def __init__(self, run_dir, eval_data, modules, *, class_names=None, every_n_epochs=1, render=("strip.png",),
                 render_dir=None, log=True, dtype="float32", on_nonfinite="skip", pooling="avg", batch_size=256,
                 live=False):
        super().__init__()
        take_common_options(self, run_dir, modules, class_names=class_names, every_n_epochs=every_n_epochs, render=render,
                            render_dir=render_dir, log=log, dtype=dtype, on_nonfinite=on_nonfinite, pooling=pooling,
                            live=live)
        self.eval_data = eval_data
        self.batches = eval_batches(eval_data, batch_size)
        self._validated_epoch = None

    @property
    def rendered(self):
        """The files rendered when the fit ended (empty before, or when rendering failed)."""
        return list(self.session.rendered) if self.session is not None else []

    # -- hooks ------------------------------------------------------------------------------------

    def on_fit_start(self, trainer, pl_module):
        if not trainer.is_global_zero:
            return
        self.session = CaptureSession(self.run_dir, collect_labels(self.batches), class_names=self.class_names,
                                      every_n_epochs=self.every_n_epochs, render=self.render,
                                      render_dir=self.render_dir, dtype=self.dtype, on_nonfinite=self.on_nonfinite,
                                      live=self.live)
        resuming = getattr(trainer, "ckpt_path", None) is not None
        self.session.open(resuming)
        self.session.live_sinks = lambda: self._sinks(trainer)
        if not resuming:
            self._record(pl_module, 0, metrics=None)

    def on_validation_epoch_end(self, trainer, pl_module):
        if self.session is None or trainer.sanity_checking or not _validation_ends_the_epoch(trainer):
            return
        epoch = trainer.current_epoch + 1
        self._validated_epoch = epoch
        if self.session.due(epoch) and not self.session.written(epoch):
            self._record(pl_module, epoch, trainer.callback_metrics)

    def on_train_epoch_end(self, trainer, pl_module):
        if self.session is None:
            return
        epoch = trainer.current_epoch + 1
        if self.session.written(epoch):
            self.session.add_metrics(epoch, trainer.callback_metrics)
        elif self.session.due(epoch) and self._validated_epoch != epoch:
            self._record(pl_module, epoch, trainer.callback_metrics)

    def on_fit_end(self, trainer, pl_module):
        if self.session is None:
            return
        self.session.finish(self._sinks(trainer), step=trainer.current_epoch)

    def on_exception(self, trainer, pl_module, exception):
        if self.session is not None:
            self.session.stop_live()

    # -- helpers ----------------------------------------------------------------------------------

    def _record(self, pl_module, epoch, metrics):
        arrays = collect_activations(pl_module, self.modules, self.batches, pooling=self.pooling)
        self.session.write(epoch, arrays, metrics)

    def _sinks(self, trainer):
        if self._log_to is True:
            sinks = []
            for logger in trainer.loggers:
                experiment = getattr(logger, "experiment", None)
                if experiment is not None and (is_wandb_run(experiment) or hasattr(experiment, "add_image")):
                    sinks.append(experiment)
            return sinks
        return list(self._log_to or [])


def _validation_ends_the_epoch(trainer):
    """False for a validation in the middle of a training epoch (val_check_interval < 1)."""
    epoch_loop = getattr(getattr(trainer, "fit_loop", None), "epoch_loop", None)
    progress = getattr(epoch_loop, "batch_progress", None)
    return bool(getattr(progress, "is_last_batch", True))
