#!/usr/bin/env bash
# arena_table.sh - octet's arena (the memory plan of `octet inspect`, at the ISA the CPU runs)
# against TFLM's tflm_arena_used_bytes (../shared/golden/*/meta.json) for every golden model.
# Models octet cannot run are listed without an octet figure, and models whose meta.json has no
# TFLM figure without one.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
octet=$PWD/build/octet
commas() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
echo "| model | octet arena bytes | TFLM arena bytes | octet / TFLM |"
echo "|---|---|---|---|"
for dir in "$shared"/golden/*/; do
  m=$(basename "$dir")
  model=$(grep -o '"model": "[^"]*"' "$dir/meta.json" | sed -E 's/.*: "(.*)"/\1/')
  tflm=$(grep -o '"tflm_arena_used_bytes": [0-9]*' "$dir/meta.json" | awk '{print $2}' || true)
  arena=$("$octet" inspect "$shared/models/$model" 2>/dev/null | grep '^arena:' | awk '{print $2}' || true)
  if [[ "$arena" =~ ^[0-9,]+$ ]]; then
    a=${arena//,/}
    if [ -n "$tflm" ]; then
      echo "| $m | $arena | $(commas "$tflm") | $(awk -v a="$a" -v t="$tflm" 'BEGIN { printf "%.2f", a / t }') |"
    else
      echo "| $m | $arena | (not recorded) | - |"
    fi
  else
    echo "| $m | (not supported) | $(commas "${tflm:--}") | - |"
  fi
done
