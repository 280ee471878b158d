#!/usr/bin/env bash
# build.sh [TARGET...] - configures (once) and builds octet in ./build with clang, Release.
# Without targets it builds everything: library, CLI, tests, microbenchmarks, fuzzer.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++
fi
if [ $# -gt 0 ]; then
  for t in "$@"; do cmake --build build -j "$(nproc)" --target "$t"; done
else
  cmake --build build -j "$(nproc)"
fi
