#!/usr/bin/env bash
# codegen_table.sh - what `octet codegen` costs on the emulated Cortex-M4 (QEMU mps2-an386) for
# every integer model of ../shared/golden: with each kernel set (reference, dsp), the model's
# flash (its generated files: code and constants), its RAM (the arena: .bss + .data of the
# generated files), the stack high-water mark, the arena against TFLM's tflm_arena_used_bytes, and
# instructions per inference on the golden case0 input. Models octet cannot generate yet are
# listed with the reason. Needs gcc-arm-none-eabi, libnewlib-arm-none-eabi and qemu-system-arm.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${OCTET_SHARED_DIR:-${SHARED:-../shared}}
octet=$PWD/build/octet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
commas() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
field() { grep -o "$1 [0-9]* bytes" <<<"$2" | head -n 1 | awk '{print $(NF-1)}'; }
echo "| model | kernels | flash: code + constants | RAM: arena (TFLM's, ratio) | stack | RAM total | instructions per inference |"
echo "|---|---|---:|---:|---:|---:|---:|"
for dir in "$shared"/golden/*/; do
  m=$(basename "$dir")
  meta="$dir/meta.json"
  grep -q '"FLOAT' "$meta" && continue  # float models: codegen takes integer ones
  model=$(grep -o '"model": "[^"]*"' "$meta" | sed -E 's/.*: "(.*)"/\1/')
  tflm=$(grep -o '"tflm_arena_used_bytes": [0-9]*' "$meta" | awk '{print $2}' || true)
  inputs=()
  for f in "$dir"/case0/input_*.bin; do inputs+=(-i "$f"); done
  for kernels in reference dsp; do
    args=(codegen "$shared/models/$model" -o "$work/$m-$kernels" --target cortex-m4 --kernels
          "$kernels" --report --output-dir "$work/$m-$kernels/out" --format bin "${inputs[@]}")
    [ -n "$tflm" ] && args+=(--tflm-arena "$tflm")
    if ! out=$("$octet" "${args[@]}" 2>&1); then
      echo "| $m | $kernels | $(tail -n 1 <<<"$out" | sed 's/^octet: error: //; s/|/\\|/g') | | | | |"
      continue
    fi
    code=$(grep -o 'code [0-9]* bytes' <<<"$out" | awk '{print $2}')
    constants=$(grep -o 'constants [0-9]* bytes' <<<"$out" | awk '{print $2}')
    ram=$(grep -o 'RAM (.bss + .data): model [0-9]* bytes' <<<"$out" | awk '{print $(NF-1)}')
    stack=$(grep -o 'stack high-water mark: [0-9]* bytes' <<<"$out" | awk '{print $(NF-1)}')
    instructions=$(grep -o '^  instructions per inference: [0-9]*' <<<"$out" | awk '{print $NF}')
    ratio="-"
    [ -n "$tflm" ] && ratio="$(commas "$tflm"), $(awk -v a="$ram" -v t="$tflm" 'BEGIN { printf "%.2f", a / t }')"
    echo "| $m | $kernels | $(commas "$code") + $(commas "$constants") | $(commas "$ram") ($ratio) | $(commas "$stack") | $(commas $((ram + stack))) | $(commas "$instructions") |"
  done
done
