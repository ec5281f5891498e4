#!/usr/bin/env bash
# Sets up (Debian packages) and runs every test: Swift (all modules and the CLI) and Python.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh

swift build --build-tests
swift test --skip-build

if [ -d python/tests ]; then
  bash scripts/python-test.sh
fi
