#!/usr/bin/env bash
# test.sh - sets up, builds and runs every test (unit, kernel, model/golden, CLI, fuzz smoke run).
# Model tests read ../shared/models and ../shared/golden and skip with a message when absent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
cd build
ctest --output-on-failure -j "$(nproc)" "$@"
