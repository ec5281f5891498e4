"""Record a Keras 3 training (torch backend) for nm-render with NMRenderCallback.

    pip install "./python[keras]"      # from a clone of nm-render
    KERAS_BACKEND=torch python python/examples/keras_mlp.py --run runs/keras-mlp --epochs 20

A small Functional MLP on made-up data (four classes that no straight line separates), so the
example needs no download. Writes the run (Keras' logs as metrics: loss, accuracy, val_loss,
val_accuracy) and renders runs/keras-mlp-renders/strip.png.
"""
import argparse
import os

os.environ.setdefault("KERAS_BACKEND", "torch")  # before keras is imported

import keras  # noqa: E402
import numpy as np  # noqa: E402

from nm_render.keras import NMRenderCallback  # noqa: E402


def make_data(samples, seed=0):
    """Points in 16 dimensions, classed by the signs of two products: learnable, not linear."""
    x = np.random.default_rng(seed).normal(size=(samples, 16)).astype(np.float32)
    y = (x[:, 0] * x[:, 1] > 0).astype(np.int64) + 2 * (x[:, 2] * x[:, 3] > 0).astype(np.int64)
    return x, y


def make_model(hidden=32):
    inputs = keras.Input(shape=(16,))
    h1 = keras.layers.Dense(hidden, activation="relu", name="hidden1")(inputs)
    h2 = keras.layers.Dense(hidden, activation="relu", name="hidden2")(h1)
    logits = keras.layers.Dense(4, name="logits")(h2)
    model = keras.Model(inputs, logits)
    model.compile(optimizer=keras.optimizers.Adam(0.01),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    return model


def main(run_dir="runs/keras-mlp", epochs=20, samples=2000, log=True):
    """Trains the MLP for `epochs` and returns (model, the NMRenderCallback)."""
    keras.utils.set_random_seed(0)
    x, y = make_data(samples)
    split = samples * 3 // 4
    record = NMRenderCallback(run_dir, (x[split:], y[split:]), ["hidden1", "hidden2", "logits"],
                              class_names=["--", "-+", "+-", "++"], log=log)
    model = make_model()
    model.fit(x[:split], y[:split], epochs=epochs, batch_size=64, validation_data=(x[split:], y[split:]),
              callbacks=[record], verbose=0)
    return model, record


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", default="runs/keras-mlp")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--samples", type=int, default=2000)
    options = parser.parse_args()
    _, callback = main(options.run, options.epochs, options.samples)
    print("\n".join(callback.rendered) or "nothing rendered (is nm-render installed?)")
