#!/usr/bin/env bash
# Sets up, builds nm-render in release mode and renders the built-in demo into nm-demo/.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh
swift build -c release --product nm-render
.build/release/nm-render demo --out nm-demo "$@"
