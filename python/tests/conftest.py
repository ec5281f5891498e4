import os
import shutil
import subprocess

import pytest

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


@pytest.fixture
def nm_render_bin():
    """The nm-render executable with an `inspect` command: $NM_RENDER_BIN, else the repository's
    debug or release build; skips the test when there is none."""
    candidates = [os.environ.get("NM_RENDER_BIN"),
                  os.path.join(REPO_ROOT, ".build", "debug", "nm-render"),
                  os.path.join(REPO_ROOT, ".build", "release", "nm-render"),
                  shutil.which("nm-render")]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            usage = subprocess.run([candidate, "inspect", "--help"], capture_output=True, text=True, timeout=60)
            has_inspect = usage.returncode == 0 and "nm-render inspect" in usage.stdout
            if not has_inspect:
                pytest.skip(f"{candidate} has no inspect command yet")
            return candidate
    pytest.skip("nm-render executable not found (set NM_RENDER_BIN or run `swift build` first)")
