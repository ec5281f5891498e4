"""A Keras 3 callback that records a run for nm-render while `model.fit` trains.

Needs `keras` 3 (the extra `nm-render[keras]`) with any backend; torch, JAX and TensorFlow all
work, since activations come from a Keras feature model, not from backend hooks::

    from nm_render.keras import NMRenderCallback

    model.fit(x, y, epochs=20, validation_data=(x_val, y_val), callbacks=[
        NMRenderCallback("runs/keras-cnn", (x_val, y_val), ["conv1", "conv2", "logits"])])
"""

try:
    import keras
except ImportError as error:
    raise ImportError("nm_render.keras needs Keras 3 (pip install keras, or pip install 'nm-render[keras]')") \
        from error

import numpy as np

from ._session import CaptureSession, take_common_options
from .image_logging import active_wandb_run
from .module_names import resolve_modules

POOLINGS = ("avg", "max", "flatten", "none")


class NMRenderCallback(keras.callbacks.Callback):
    """Records the named layers of the model on a fixed evaluation set: epoch 0 before the first
    training epoch, then after every `every_n_epochs`-th epoch (`on_epoch_end`, with the epoch's
    `logs`: loss, accuracy, val_loss, ...) into a run at `run_dir`; renders it at `on_train_end`.

    The arguments are those of nm_render.lightning.NMRenderCallback; what differs:

    - `eval_data` is an (x, y) pair of arrays (NumPy, or tensors of the backend); x may be a
      list or dict for multi-input models. `modules` are layer names (`model.get_layer(name)`).
    - The activations come from a feature model, keras.Model(model.inputs, [layer outputs]), so
      the model must be Functional or Sequential (a subclassed model has no layer outputs).
    - pooling "avg" (default) / "max" averages / maximises every axis between the batch and the
      channel axis (Keras' image_data_format decides which axis is the channels').
    - Resuming: `model.fit(..., initial_epoch=k)` after reloading a checkpoint continues the run,
      dropping epochs after k; a fit that starts at epoch 0 needs a new run_dir.
    - log=True logs to the active W&B run (wandb.init(), as W&B's Keras callbacks use). Keras'
      own TensorBoard callback writes through TensorFlow, which other backends lack: to log to
      TensorBoard, pass log=[torch.utils.tensorboard.SummaryWriter(log_dir)] (or a W&B run).
    - live=True: as for Lightning, from the first `on_epoch_begin`.
    """

    def __init__(self, run_dir, eval_data, modules, *, class_names=None, every_n_epochs=1, render=("strip.png",),
                 render_dir=None, log=True, dtype="float32", on_nonfinite="skip", pooling="avg", batch_size=256,
                 live=False):
        super().__init__()
        take_common_options(self, run_dir, modules, class_names=class_names, every_n_epochs=every_n_epochs, render=render,
                            render_dir=render_dir, log=log, dtype=dtype, on_nonfinite=on_nonfinite, pooling=pooling,
                            live=live)
        if not (isinstance(eval_data, (tuple, list)) and len(eval_data) == 2):
            raise ValueError(f"eval_data must be an (x, y) pair; got {type(eval_data).__name__}")
        self.eval_x = eval_data[0]
        self.eval_labels = np.asarray(keras.ops.convert_to_numpy(eval_data[1])).reshape(-1).astype(np.int64)
        self.batch_size = int(batch_size)
        self._rendered = []
        self._features = None
        self._blocks = None

    @property
    def rendered(self):
        """The files rendered when training ended (empty before, or when rendering failed)."""
        return list(self._rendered)

    # -- hooks ------------------------------------------------------------------------------------

    def on_epoch_begin(self, epoch, logs=None):
        # The first epoch's index is fit's initial_epoch: only here does a callback learn it.
        if self.session is not None:
            return
        self.session = CaptureSession(self.run_dir, self.eval_labels, class_names=self.class_names,
                                      every_n_epochs=self.every_n_epochs, render=self.render,
                                      render_dir=self.render_dir, dtype=self.dtype, on_nonfinite=self.on_nonfinite,
                                      live=self.live)
        resuming = epoch > 0
        self.session.open(resuming)
        self.session.live_sinks = self._sinks
        if not resuming:
            self._record(0, None)

    def on_epoch_end(self, epoch, logs=None):
        if self.session is not None and self.session.due(epoch + 1):
            self._record(epoch + 1, logs)

    def on_train_end(self, logs=None):
        if self.session is None:
            return
        self._rendered = self.session.finish(self._sinks())
        self.session = None  # a later fit() on the same callback starts afresh (and checks run_dir)

    def _sinks(self):
        if self._log_to is True:
            run = active_wandb_run()
            return [run] if run is not None else []
        return list(self._log_to or [])

    # -- activations ------------------------------------------------------------------------------

    def _record(self, epoch, metrics):
        self.session.write(epoch, self.collect(), metrics)

    def collect(self):
        """{block name: float32 array [N, D]} of the named layers on the evaluation set, in
        inference mode (dropout off, batch-norm statistics frozen)."""
        if self._features is None:
            layers = {layer.name: layer for layer in self.model.layers}
            chosen = resolve_modules(layers, self.modules, kind="layer", listing="see model.layers")
            if not getattr(self.model, "inputs", None):
                raise ValueError("nm_render.keras records Functional and Sequential models (it needs model.inputs "
                                 "to build a feature model); build a Sequential model with an Input layer first")
            self._blocks = [block for block, _, _ in chosen]
            self._features = keras.Model(self.model.inputs, [layer.output for _, _, layer in chosen])
        outputs = self._features.predict(self.eval_x, batch_size=self.batch_size, verbose=0)
        if not isinstance(outputs, (list, tuple)):
            outputs = [outputs]
        arrays = {}
        for block, output in zip(self._blocks, outputs):
            rule = self.pooling.get(block, "avg") if isinstance(self.pooling, dict) else self.pooling
            arrays[block] = pool(np.asarray(keras.ops.convert_to_numpy(output)), rule)
        return arrays


def pool(output, pooling="avg"):
    """One layer output [B, ...] as float32 [B, D]: "avg"/"max" over the spatial axes (those
    between batch and channels), "flatten", "none" ([B, D] already), or a callable."""
    if callable(pooling):
        pooled = np.asarray(pooling(output))
    elif output.ndim <= 2 or pooling == "none":
        pooled = output
    elif pooling in ("avg", "max"):
        channels_last = keras.config.image_data_format() == "channels_last"
        axes = tuple(range(1, output.ndim - 1)) if channels_last else tuple(range(2, output.ndim))
        pooled = output.mean(axis=axes) if pooling == "avg" else output.max(axis=axes)
    elif pooling == "flatten":
        pooled = output.reshape(len(output), -1)
    else:
        raise ValueError(f"pooling must be one of {', '.join(POOLINGS)} or a callable; got {pooling!r}")
    if pooled.ndim == 1:
        pooled = pooled[:, None]
    return pooled.astype(np.float32, copy=False)
