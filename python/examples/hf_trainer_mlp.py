"""Record a Hugging Face Trainer training for nm-render with NMRenderCallback.

    pip install "./python[hf]"      # from a clone of nm-render
    python python/examples/hf_trainer_mlp.py --run runs/hf-mlp --epochs 20

The Trainer trains any torch module whose forward takes the batch's keys and returns a loss:
here a small MLP on made-up data (four classes that no straight line separates), so the
example needs no download. Writes the run (evaluation metrics from compute_metrics included)
and renders runs/hf-mlp-renders/strip.png, logged to TensorBoard (hf-output/runs/).
"""
import argparse

import numpy as np
import torch
from torch import nn
from transformers import Trainer, TrainingArguments

from nm_render.hf import NMRenderCallback


def make_data(samples, seed=0):
    """Points in 16 dimensions, classed by the signs of two products: learnable, not linear."""
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(samples, 16, generator=generator)
    y = (x[:, 0] * x[:, 1] > 0).long() + 2 * (x[:, 2] * x[:, 3] > 0).long()
    return x, y


class Samples(torch.utils.data.Dataset):
    """(x, y) as the dicts the Trainer's default collator stacks into {"x": ..., "labels": ...}."""

    def __init__(self, x, y):
        self.x, self.y = x, y

    def __len__(self):
        return len(self.y)

    def __getitem__(self, index):
        return {"x": self.x[index], "labels": self.y[index]}


class MLP(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(16, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU())
        self.head = nn.Linear(hidden, 4)

    def forward(self, x, labels=None):
        logits = self.head(self.body(x))
        if labels is None:
            return {"logits": logits}
        return {"loss": nn.functional.cross_entropy(logits, labels), "logits": logits}


def accuracy(prediction):
    return {"accuracy": float((np.argmax(prediction.predictions, 1) == prediction.label_ids).mean())}


def main(run_dir="runs/hf-mlp", epochs=20, samples=2000, output_dir="hf-output", report_to=("tensorboard",),
         resume_from_checkpoint=None, **arguments):
    """Trains the MLP for `epochs` and returns (trainer, the NMRenderCallback); `arguments`
    override the TrainingArguments below."""
    torch.manual_seed(0)
    x, y = make_data(samples)
    split = samples * 3 // 4
    record = NMRenderCallback(run_dir, ({"x": x[split:]}, y[split:]),
                              {"body.1": "hidden1", "body.3": "hidden2", "head": "logits"},
                              class_names=["--", "-+", "+-", "++"])
    settings = dict(output_dir=output_dir, num_train_epochs=epochs, per_device_train_batch_size=64,
                    learning_rate=0.01, eval_strategy="epoch", logging_strategy="epoch", save_strategy="no",
                    report_to=list(report_to), disable_tqdm=True, use_cpu=True, seed=0)
    trainer = Trainer(model=MLP(), args=TrainingArguments(**{**settings, **arguments}),
                      train_dataset=Samples(x[:split], y[:split]), eval_dataset=Samples(x[split:], y[split:]),
                      compute_metrics=accuracy, callbacks=[record])
    trainer.train(resume_from_checkpoint=resume_from_checkpoint)
    return trainer, record


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", default="runs/hf-mlp")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--samples", type=int, default=2000)
    options = parser.parse_args()
    _, callback = main(options.run, options.epochs, options.samples)
    print("\n".join(callback.rendered) or "nothing rendered (is nm-render installed?)")
