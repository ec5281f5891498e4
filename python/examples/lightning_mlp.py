"""Record a Lightning training for nm-render with NMRenderCallback.

    pip install "./python[lightning]"      # from a clone of nm-render
    python python/examples/lightning_mlp.py --run runs/lightning-mlp --epochs 20

Writes the run to runs/lightning-mlp (epoch 0 before training, then one epoch per training
epoch, with Lightning's logged metrics) and renders runs/lightning-mlp-renders/strip.png, which
it also logs to TensorBoard (lightning_logs/). The data is made up here (four classes that no
straight line separates), so the example needs no download.
"""
import argparse

import lightning as L
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from nm_render.lightning import NMRenderCallback


def make_data(samples, seed=0):
    """Points in 16 dimensions, classed by the signs of two products: learnable, not linear."""
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(samples, 16, generator=generator)
    y = (x[:, 0] * x[:, 1] > 0).long() + 2 * (x[:, 2] * x[:, 3] > 0).long()
    return x, y


class MLP(L.LightningModule):
    def __init__(self, hidden=32, lr=0.01):
        super().__init__()
        self.lr = lr
        self.body = nn.Sequential(nn.Linear(16, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU())
        self.head = nn.Linear(hidden, 4)

    def forward(self, x):
        return self.head(self.body(x))

    def training_step(self, batch, _index):
        x, y = batch
        loss = nn.functional.cross_entropy(self(x), y)
        self.log("train_loss", loss, on_step=False, on_epoch=True)
        return loss

    def validation_step(self, batch, _index):
        x, y = batch
        logits = self(x)
        self.log("val_loss", nn.functional.cross_entropy(logits, y))
        self.log("val_acc", (logits.argmax(1) == y).float().mean())

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.lr)


def main(run_dir="runs/lightning-mlp", epochs=20, samples=2000, loggers=True, callbacks=(), ckpt_path=None,
         default_root_dir=None, **trainer_options):
    """Trains the MLP for `epochs` and returns (trainer, the NMRenderCallback)."""
    L.seed_everything(0, verbose=False)
    x, y = make_data(samples)
    split = samples * 3 // 4
    train = DataLoader(TensorDataset(x[:split], y[:split]), batch_size=64, shuffle=True)
    val = DataLoader(TensorDataset(x[split:], y[split:]), batch_size=256)
    record = NMRenderCallback(run_dir, (x[split:], y[split:]), {"body.1": "hidden1", "body.3": "hidden2",
                                                                 "head": "logits"},
                              class_names=["--", "-+", "+-", "++"])
    trainer = L.Trainer(max_epochs=epochs, callbacks=[record, *callbacks], logger=loggers,
                        enable_progress_bar=False, enable_model_summary=False, default_root_dir=default_root_dir,
                        **trainer_options)
    trainer.fit(MLP(), train, val, ckpt_path=ckpt_path)
    return trainer, record


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", default="runs/lightning-mlp")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--samples", type=int, default=2000)
    arguments = parser.parse_args()
    _, callback = main(arguments.run, arguments.epochs, arguments.samples)
    print("\n".join(callback.rendered) or "nothing rendered (is nm-render installed?)")
