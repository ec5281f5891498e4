"""Write training runs that nm-render turns into videos and epoch strips.

The core needs only NumPy::

    from nm_render import RunWriter

    run = RunWriter("runs/my-model", labels=y_eval, class_names=names)
    for epoch in range(epochs):
        ...  # train
        run.write_epoch(epoch, {"block1": h1, "logits": z}, metrics={"val_acc": acc})

PyTorch users can let ``nm_render.torch_capture`` hook named modules; that module imports
torch, so import it only where torch is installed.
"""

from .errors import RunFormatError
from .run_writer import RunWriter

__all__ = ["RunWriter", "RunFormatError"]
__version__ = "0.1.0"
