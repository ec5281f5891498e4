#!/usr/bin/env bash
# Sets up (Debian packages) and runs every test: Swift (all modules and the CLI) and Python.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh

swift build --build-tests
swift test --skip-build

# The readers against mutated inputs of every kind (docs/input-format.md): a bounded, seeded
# pass (20 mutants per input kind, about a minute); run more with --per-kind and --seed.
python3 scripts/fuzz.py --bin .build/debug/nm-render --per-kind "${NM_FUZZ_PER_KIND:-20}" --seed "${NM_FUZZ_SEED:-1}"

if [ -d python/tests ]; then
  bash scripts/python-test.sh
fi
