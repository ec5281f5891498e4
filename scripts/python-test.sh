#!/usr/bin/env bash
# Installs the Python capture package (python/) into a virtual environment with numpy and
# pytest from PyPI, then runs its tests. Torch tests skip unless torch is installed there.
# The environment lives in .build-python/venv and is reused; set NM_PYTHON to pick the interpreter.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${NM_PYTHON:-python3}
venv=.build-python/venv

if [ ! -x "$venv/bin/python" ]; then
  if ! "$python" -m venv "$venv" 2>/dev/null; then
    rm -rf "$venv"
    echo "python-test.sh: cannot create a virtual environment with $python;" \
         "install the venv module (Debian: apt-get install python3-venv)." >&2
    exit 1
  fi
fi

pip=("$venv/bin/python" -m pip --disable-pip-version-check --quiet)
"${pip[@]}" install "numpy>=1.21" "pytest>=7" "setuptools>=61" wheel
# Install the package the way users do (not editable), so the tests check what `pip install ./python` gives.
"${pip[@]}" install --no-build-isolation --no-deps --force-reinstall ./python

# Tests that run nm-render find it through NM_RENDER_BIN or .build/{debug,release}/nm-render.
exec "$venv/bin/python" -m pytest -q -rs -p no:cacheprovider python/tests "$@"
