"""The README's capture example is examples/train_numpy_mlp.py, and it writes a complete run."""
import os
import re
import subprocess
import sys

import numpy as np

PYTHON_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
EXAMPLE = os.path.join(PYTHON_DIR, "examples", "train_numpy_mlp.py")


def readme_capture_example():
    text = open(os.path.join(PYTHON_DIR, "README.md"), encoding="utf-8").read()
    section = text.split("## Capture from a NumPy training loop", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_readme_example_is_the_example_file():
    assert readme_capture_example() == open(EXAMPLE, encoding="utf-8").read()


def test_readme_example_is_a_short_training_loop():
    assert len(readme_capture_example().strip().splitlines()) <= 25


def test_example_writes_21_epochs_of_two_blocks_and_learns(tmp_path):
    subprocess.run([sys.executable, EXAMPLE], cwd=tmp_path, check=True, timeout=120)
    run = tmp_path / "runs" / "numpy-mlp"
    epochs = sorted(e for e in os.listdir(run) if e.startswith("epoch_"))
    assert epochs == [f"epoch_{e:03d}" for e in range(21)]
    assert np.load(run / "epoch_020" / "hidden.npy").shape == (1000, 64)
    assert np.load(run / "epoch_020" / "logits.npy").shape == (1000, 4)
    rows = (run / "metrics.csv").read_text().splitlines()
    assert rows[0] == "epoch,val_acc" and len(rows) == 22
    first, last = float(rows[1].split(",")[1]), float(rows[-1].split(",")[1])
    assert first < 0.4 and last > 0.85
