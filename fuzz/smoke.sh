#!/usr/bin/env bash
# smoke.sh FUZZER SOURCE_DIR - a short libFuzzer run of the TFLite reader, part of the test suite.
# Seeds: the small models in ../shared/models when present, plus a few malformed files.
set -euo pipefail
fuzzer=$1
src=$2
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
shared="$src/../shared/models"
if [ -d "$shared" ]; then
  for m in "$shared"/*.tflite; do
    [ "$(stat -c %s "$m")" -lt 100000 ] && cp "$m" "$corpus/"
  done
fi
printf 'TFL3' > "$corpus/magic_only"
head -c 64 /dev/zero > "$corpus/zeros"
cd "$corpus"
"$fuzzer" "$corpus" -runs="${FUZZ_RUNS:-3000}" -max_len=200000 -timeout=20 -rss_limit_mb=4096 \
  -print_final_stats=1 2>&1 | tail -n 15
