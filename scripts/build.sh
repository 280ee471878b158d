#!/usr/bin/env bash
# build.sh [--sanitize] [TARGET...] - configures (once) and builds octet with clang: Release in
# ./build, or with --sanitize AddressSanitizer and UBSan (RelWithDebInfo) in ./build-asan.
# Without targets it builds everything: library, CLI, tests, microbenchmarks, fuzzer.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build
flags=(-DCMAKE_BUILD_TYPE=Release)
if [ "${1:-}" = "--sanitize" ]; then
  shift
  dir=build-asan
  flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DOCTET_SANITIZE=ON -DOCTET_BUILD_BENCH=OFF
         -DOCTET_BUILD_PYTHON=OFF)
fi
if [ ! -f "$dir/build.ninja" ]; then
  cmake -S . -B "$dir" -G Ninja "${flags[@]}" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++
fi
if [ $# -gt 0 ]; then
  for t in "$@"; do cmake --build "$dir" -j "$(nproc)" --target "$t"; done
else
  cmake --build "$dir" -j "$(nproc)"
fi
