"""A run written by RunWriter reads back in nm-render as written (`nm-render inspect --json`)."""
import json
import subprocess

import numpy as np

from nm_render import RunWriter


def test_nm_render_inspect_reports_what_was_written(tmp_path, nm_render_bin):
    rng = np.random.default_rng(1)
    labels = rng.integers(0, 3, size=50)
    run = RunWriter(tmp_path / "capture", labels=labels, class_names=["red", "green", "blue"],
                    ids=[f"sample-{i}" for i in range(50)], name="captured run",
                    block_titles={"layer10": "Last block"}, dtype="float16")
    for epoch in (0, 2, 4):
        run.write_epoch(epoch, {"layer2": rng.normal(size=(50, 16)), "layer10": rng.normal(size=(50, 8))},
                        metrics={"train_loss": 1.0 / (epoch + 1), "val_acc": 0.2 * epoch})

    result = subprocess.run([nm_render_bin, "inspect", str(tmp_path / "capture"), "--json"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["name"] == "captured run"
    assert summary["kind"] == "activations"
    assert summary["sampleCount"] == 50
    assert summary["epochs"] == [0, 2, 4]
    assert [(b["name"], b["title"], b["dimension"], b["dtype"]) for b in summary["blocks"]] == [
        ("layer2", "layer2", 16, "float16"), ("layer10", "Last block", 8, "float16")]
    assert [(c["name"], c["count"]) for c in summary["classes"]] == [
        (name, int((labels == i).sum())) for i, name in enumerate(["red", "green", "blue"])]
    assert summary["ids"]["first"][:2] == ["sample-0", "sample-1"]
    assert summary["metrics"] == ["train_loss", "val_acc"]


def test_nm_render_inspect_reads_the_readme_example_run(tmp_path, nm_render_bin):
    import os
    import sys
    example = os.path.join(os.path.dirname(__file__), "..", "examples", "train_numpy_mlp.py")
    subprocess.run([sys.executable, example], cwd=tmp_path, check=True, timeout=120)
    result = subprocess.run([nm_render_bin, "inspect", str(tmp_path / "runs" / "numpy-mlp"), "--json"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["sampleCount"] == 1000 and summary["epochs"] == list(range(21))
    assert [b["name"] for b in summary["blocks"]] == ["hidden", "logits"]
