"""Write training runs that nm-render turns into videos and epoch strips.

The core needs only NumPy::

    from nm_render import RunWriter

    run = RunWriter("runs/my-model", labels=y_eval, class_names=names)
    for epoch in range(epochs):
        ...  # train
        run.write_epoch(epoch, {"block1": h1, "logits": z}, metrics={"val_acc": acc})

PyTorch users can let ``nm_render.torch_capture`` hook named modules; callbacks for Lightning
(``nm_render.lightning``), the Hugging Face Trainer (``nm_render.hf``) and Keras 3
(``nm_render.keras``) record, render and log a run during ``fit``. Those modules import their
framework, so import them only where it is installed.
"""

from .display import show
from .errors import RunFormatError
from .render import RenderWarning, find_nm_render, render_run
from .run_writer import NonFiniteEpochWarning, RunWriter

__all__ = ["RunWriter", "RunFormatError", "NonFiniteEpochWarning", "RenderWarning", "render_run", "find_nm_render",
           "show"]
__version__ = "0.1.0"
