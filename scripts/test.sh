#!/usr/bin/env bash
# test.sh [CTEST ARGS...] - sets up, builds and runs every test (unit, kernel, model/golden, CLI,
# fuzz smoke run), then, without arguments, the kernel tests once more under AddressSanitizer and
# UBSan (./build-asan): a read past a buffer or an overflow that the Release build survives fails
# there. Model tests read ../shared/models and ../shared/golden and skip with a message when absent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
(cd build && ctest --output-on-failure -j "$(nproc)" "$@")
if [ $# -eq 0 ]; then
  scripts/build.sh --sanitize octet_kernel_tests
  build-asan/octet_kernel_tests --gtest_brief=1
fi
