import importlib
import os
import shutil
import subprocess

import pytest

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# The framework tests run Keras on its torch backend and W&B without a network; both read these
# when first imported, so they are set before any test imports them.
os.environ.setdefault("KERAS_BACKEND", "torch")
os.environ.setdefault("WANDB_MODE", "offline")
os.environ.setdefault("WANDB_SILENT", "true")


def require(module):
    """Imports a framework the test needs. scripts/python-test.sh installs every framework and sets
    NM_RENDER_REQUIRE_FRAMEWORKS=1, so there a missing one fails the test; elsewhere (a plain
    `pip install ./python` with pytest) the test is skipped, naming what to install."""
    if os.environ.get("NM_RENDER_REQUIRE_FRAMEWORKS") == "1":
        return importlib.import_module(module)
    return pytest.importorskip(module, reason=f"{module} is not installed (scripts/python-test.sh installs it)")


def find_nm_render_bin():
    """$NM_RENDER_BIN, else the repository's debug or release build, else nm-render on PATH."""
    candidates = [os.environ.get("NM_RENDER_BIN"),
                  os.path.join(REPO_ROOT, ".build", "debug", "nm-render"),
                  os.path.join(REPO_ROOT, ".build", "release", "nm-render"),
                  shutil.which("nm-render")]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture
def nm_render_bin():
    """The nm-render executable with an `inspect` command; skips the test when there is none."""
    candidate = find_nm_render_bin()
    if candidate is None:
        pytest.skip("nm-render executable not found (set NM_RENDER_BIN or run `swift build` first)")
    usage = subprocess.run([candidate, "inspect", "--help"], capture_output=True, text=True, timeout=60)
    if usage.returncode != 0 or "nm-render inspect" not in usage.stdout:
        pytest.skip(f"{candidate} has no inspect command yet")
    return candidate


@pytest.fixture
def renderer(nm_render_bin, monkeypatch):
    """Makes the callbacks' renders use the nm-render under test (they read NM_RENDER_BIN)."""
    monkeypatch.setenv("NM_RENDER_BIN", nm_render_bin)
    return nm_render_bin


def inspect_run(nm_render_bin, run_dir):
    """`nm-render inspect RUN --json` as a dict; fails the test with nm-render's message if the run
    does not read back. An nm-render that predates run.json's "complete" mark (written by
    RunWriter.close(), read by `nm-render watch`) marks the test xfail, saying so."""
    import json

    result = subprocess.run([nm_render_bin, "inspect", os.fspath(run_dir), "--json"], capture_output=True,
                            text=True, timeout=120)
    if result.returncode != 0 and 'unknown key "complete"' in result.stderr:
        pytest.xfail(f"{nm_render_bin} does not know run.json's \"complete\" mark yet: {result.stderr.strip()}")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
