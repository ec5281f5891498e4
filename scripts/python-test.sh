#!/usr/bin/env bash
# Runs the Python capture package's tests (python/tests) with every framework they cover
# installed: the exact pins of python/requirements-test.txt (torch CPU, Lightning, transformers,
# Keras, TensorBoard, W&B, IPython). A missing framework fails a test here instead of skipping it.
#
# That environment is large and slow to build, so it lives outside the clone, in
#   ${XDG_CACHE_HOME:-$HOME/.cache}/nm-render-python/venv-<hash of the pins and interpreter>
# built on the first run on a machine (a few minutes) and reused by every later run and clone
# until a pin changes; then the new one replaces the old. The package itself is reinstalled from
# ./python on every run, not editable, so the tests check what `pip install ./python` gives.
# NM_PYTHON picks the interpreter (default python3). Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${NM_PYTHON:-python3}
requirements=python/requirements-test.txt
if ! interpreter=$("$python" -c 'import os, sys; print(sys.version, os.path.realpath(sys.executable))'); then
  echo "python-test.sh: cannot run $python; set NM_PYTHON to a Python 3.11 interpreter" >&2
  exit 1
fi
key=$({ cat "$requirements"; echo "$interpreter"; } | sha256sum | cut -c1-16)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/nm-render-python
venv=$cache/venv-$key
mkdir -p "$cache"

# One run at a time builds or uses the shared environment (two clones testing at once would
# otherwise reinstall the package under each other). The lock is held until pytest exits.
exec 9>"$cache/lock"
flock 9

pip=("$venv/bin/python" -m pip --disable-pip-version-check --quiet)
# .complete is written last: an environment whose build was interrupted is rebuilt, not trusted.
if [ ! -f "$venv/.complete" ]; then
  echo "python-test.sh: building the test environment $venv (once per machine; a few minutes)" >&2
  rm -rf "$venv"
  if ! "$python" -m venv "$venv"; then
    rm -rf "$venv"
    echo "python-test.sh: cannot create a virtual environment with $python;" \
         "install the venv module (Debian: apt-get install python3-venv)." >&2
    exit 1
  fi
  "${pip[@]}" install -r "$requirements"
  touch "$venv/.complete"
  # Environments of earlier pins are 1.5 GB each and never used again.
  for old in "$cache"/venv-*; do
    if [ "$old" != "$venv" ]; then rm -rf "$old"; fi
  done
fi
"${pip[@]}" install --no-build-isolation --no-deps --force-reinstall ./python

# The tests fail rather than skip when a framework is missing; Keras runs on its torch backend and
# W&B writes offline run folders (there is no network to send them to).
export NM_RENDER_REQUIRE_FRAMEWORKS=1 KERAS_BACKEND=torch WANDB_MODE=offline WANDB_SILENT=true
# Tests that run nm-render find it through NM_RENDER_BIN or .build/{debug,release}/nm-render.
exec "$venv/bin/python" -m pytest -q -rsx -p no:cacheprovider python/tests "$@"
