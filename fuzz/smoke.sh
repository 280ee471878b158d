#!/usr/bin/env bash
# smoke.sh FUZZER SOURCE_DIR - a short libFuzzer run of the TFLite reader, part of the test suite.
# Seeds: the small models in ../shared/models and the one-op models in ../shared/golden-ops when
# present, plus a few malformed files.
set -euo pipefail
fuzzer=$1
src=$2
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
shared=${OCTET_SHARED_DIR:-$src/../shared}
if [ -d "$shared/models" ]; then
  for m in "$shared"/models/*.tflite; do
    [ "$(stat -c %s "$m")" -lt 100000 ] && cp "$m" "$corpus/"
  done
fi
# The one-op models (every op octet reads), so that even a short run mutates each op's options.
for m in "$shared"/golden-ops/*/model.tflite; do
  if [ -f "$m" ]; then cp "$m" "$corpus/$(basename "$(dirname "$m")").tflite"; fi
done
printf 'TFL3' > "$corpus/magic_only"
head -c 64 /dev/zero > "$corpus/zeros"
cd "$corpus"
"$fuzzer" "$corpus" -runs="${FUZZ_RUNS:-3000}" -max_len=200000 -timeout=20 -rss_limit_mb=4096 \
  -print_final_stats=1 2>&1 | tail -n 15
