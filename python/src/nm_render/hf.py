"""A Hugging Face `Trainer` callback that records a run for nm-render while `trainer.train` trains.

Needs `transformers` (the extra `nm-render[hf]`)::

    from nm_render.hf import NMRenderCallback

    trainer = Trainer(model, args, train_dataset=train, eval_dataset=val, callbacks=[
        NMRenderCallback("runs/bert", eval_loader, ["bert.encoder.layer.11", "classifier"])])
    trainer.train()
"""

import glob
import os

try:
    from transformers import TrainerCallback
except ImportError as error:
    raise ImportError("nm_render.hf needs transformers (pip install transformers accelerate, or "
                      "pip install 'nm-render[hf]')") from error

from ._session import CaptureSession, take_common_options
from .image_logging import active_wandb_run
from .torch_capture import collect_activations, collect_labels, eval_batches


class NMRenderCallback(TrainerCallback):
    """Records `modules` of the Trainer's model on a fixed evaluation set: epoch 0 before training
    (`on_train_begin`), then after every `every_n_epochs`-th epoch, into a run at `run_dir`, and
    renders it when training ends (`on_train_end`).

    The arguments are those of nm_render.lightning.NMRenderCallback; what differs:

    - With `eval_strategy="epoch"` an epoch is recorded at `on_evaluate`, with the evaluation
      metrics (eval_loss, eval_accuracy, ...: those of `compute_metrics`) and the epoch's last
      logged training values (loss, learning_rate, grad_norm; log with `logging_strategy="epoch"`
      to get the epoch's mean loss). Otherwise it is recorded at `on_epoch_end`, with the
      training values only. Timings (eval_runtime, ..._per_second) are left out.
    - `eval_data` batches may be dicts (a DataLoader with the Trainer's collator): the model is
      called with the dict, minus "labels"/"label", as keyword arguments.
    - Resuming: `trainer.train(resume_from_checkpoint=...)` continues the run, dropping epochs
      recorded after that checkpoint.
    - log=True logs to TensorBoard when "tensorboard" is in `args.report_to` (into the log folder
      the Trainer's TensorBoardCallback made: $TENSORBOARD_LOGGING_DIR, else the newest folder
      under `output_dir/runs` holding an event file), and to the active W&B run when "wandb" is
      in `args.report_to`.
    - Only the world's process zero records.
    - live=True: as for Lightning, from `on_train_begin`; the loggers are opened then (not at
      the end), so that the strip is logged after each epoch.
    """

    def __init__(self, run_dir, eval_data, modules, *, class_names=None, every_n_epochs=1, render=("strip.png",),
                 render_dir=None, log=True, dtype="float32", on_nonfinite="skip", pooling="avg", batch_size=256,
                 live=False):
        take_common_options(self, run_dir, modules, class_names=class_names, every_n_epochs=every_n_epochs, render=render,
                            render_dir=render_dir, log=log, dtype=dtype, on_nonfinite=on_nonfinite, pooling=pooling,
                            live=live)
        self.batches = eval_batches(eval_data, batch_size)
        self._tensorboard_dir = None
        self._live_sinks = None

    @property
    def rendered(self):
        """The files rendered when training ended (empty before, or when rendering failed)."""
        return list(self.session.rendered) if self.session is not None else []

    # -- hooks ------------------------------------------------------------------------------------

    def on_train_begin(self, args, state, control, model=None, **kwargs):
        if not state.is_world_process_zero:
            return
        # The Trainer's own TensorBoardCallback runs before user callbacks and has made its folder.
        self._tensorboard_dir = _trainer_tensorboard_dir(args)
        self.session = CaptureSession(self.run_dir, collect_labels(self.batches), class_names=self.class_names,
                                      every_n_epochs=self.every_n_epochs, render=self.render,
                                      render_dir=self.render_dir, dtype=self.dtype, on_nonfinite=self.on_nonfinite,
                                      live=self.live)
        resuming = state.global_step > 0  # the state was loaded from a checkpoint
        self.session.open(resuming)
        if self.live:
            # Opened once for the whole training: the strip is logged after every epoch.
            self._live_sinks = self._sinks(args)
            self.session.live_sinks = lambda: self._live_sinks
        if not resuming:
            self._record(model, 0, None)

    def on_epoch_end(self, args, state, control, model=None, **kwargs):
        if self.session is None or _evaluates_each_epoch(args):
            return
        self._record_if_due(state, model, _training_values(state))

    def on_evaluate(self, args, state, control, metrics=None, model=None, **kwargs):
        if self.session is None or self.session.writer.complete or not _evaluates_each_epoch(args):
            return
        self._record_if_due(state, model, {**_training_values(state), **(metrics or {})})

    def on_train_end(self, args, state, control, **kwargs):
        if self.session is None:
            return
        sinks = self._live_sinks if self._live_sinks is not None else self._sinks(args)
        self._live_sinks = None
        try:
            self.session.finish(sinks, step=state.global_step)
        finally:
            for sink in sinks:
                if getattr(sink, "_nm_render_owned", False):
                    sink.close()

    # -- helpers ----------------------------------------------------------------------------------

    def _record_if_due(self, state, model, metrics):
        epoch = round(state.epoch or 0)
        if abs((state.epoch or 0) - epoch) > 1e-6 or epoch == 0:
            return  # mid-epoch (max_steps cut the epoch short): not an epoch of the run
        if self.session.due(epoch) and not self.session.written(epoch):
            self._record(model, epoch, metrics)

    def _record(self, model, epoch, metrics):
        model = getattr(model, "module", model)  # DDP/DataParallel wrappers hold the model
        self.session.write(epoch, collect_activations(model, self.modules, self.batches, pooling=self.pooling),
                           metrics)

    def _sinks(self, args):
        if self._log_to is not True:
            return list(self._log_to or [])
        report_to = args.report_to if isinstance(args.report_to, (list, tuple)) else [args.report_to]
        sinks = []
        if "tensorboard" in report_to and self._tensorboard_dir is not None:
            from torch.utils.tensorboard import SummaryWriter
            writer = SummaryWriter(log_dir=self._tensorboard_dir)
            writer._nm_render_owned = True  # ours to close; the Trainer closed its own writer already
            sinks.append(writer)
        run = active_wandb_run()
        if "wandb" in report_to and run is not None:
            sinks.append(run)
        return sinks


def _evaluates_each_epoch(args):
    strategy = getattr(args, "eval_strategy", None) or getattr(args, "evaluation_strategy", None)
    return str(getattr(strategy, "value", strategy)) == "epoch"


def _training_values(state):
    """The last training log entry of the current epoch (loss, learning_rate, grad_norm)."""
    for entry in reversed(state.log_history):
        if "loss" in entry and entry.get("epoch", 0) <= (state.epoch or 0) + 1e-9:
            return {name: value for name, value in entry.items() if name not in ("epoch", "step")}
    return {}


def _trainer_tensorboard_dir(args):
    configured = os.environ.get("TENSORBOARD_LOGGING_DIR")
    if configured:
        return os.path.expanduser(configured)
    events = glob.glob(os.path.join(args.output_dir or ".", "runs", "*", "events.out.tfevents.*"))
    if not events:
        return None
    return os.path.dirname(max(events, key=os.path.getmtime))
