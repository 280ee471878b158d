#!/usr/bin/env bash
# compare_ort.sh - the latency table of docs/BENCHMARKS.md: octet against ONNX Runtime 1.30 (MLAS
# int8, graph optimization ALL, 1 thread) on the same int8 networks, alternated N times by
# ../shared/peers/ort/compare.sh, plus octet's arena against TFLM's.
#
# Needs a built octet (scripts/build.sh octet_cli), ../shared, Node.js + npm, and Debian's
# python3-onnx and python3-numpy. The ORT peer is copied to build/ort-peer and installed there once.
# ISA=avx2 (or reference) runs octet at that kernel level instead of the best one the CPU has.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
octet=$PWD/build/octet
peer=build/ort-peer
if [ ! -d "$peer/node_modules/onnxruntime-node" ]; then
  mkdir -p "$peer" && cp -r "$shared/peers/ort/." "$peer/" && chmod -R u+w "$peer"
  (cd "$peer" && ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund >/dev/null)
fi
models=${MODELS:-"tflm_mobilenet_v2_quantized_1x3x224x224 coral_mobilenet_v1_0.5_160_quant tiny_vww_96_int8 tiny_pretrainedResnet_quant tiny_kws_ref_model tiny_ad01_int8 tiny_str_ww_ref_model"}
runs=${RUNS:-100}
echo "| model | octet ms | ONNX Runtime ms | ratio | octet arena bytes | TFLM arena bytes |"
echo "|---|---|---|---|---|---|"
for m in $models; do
  f=$shared/models/$m.tflite
  out=$(N=${N:-5} ORT_RUNS=$runs PYTHON=/usr/bin/python3 "$peer/compare.sh" "$f" -- \
        "$octet" bench "$f" --runs "$runs" --warmup 20 ${ISA:+--isa "$ISA"})
  o=$(echo "$out" | grep '^other' | sed -E 's/.*medians = ([0-9.]+) ms.*/\1/')
  r=$(echo "$out" | grep '^ORT' | sed -E 's/.*medians = ([0-9.]+) ms.*/\1/')
  ratio=$(echo "$out" | grep '^ratio' | awk '{print $4}')
  arena=$("$octet" inspect "$f" | grep '^arena:' | awk '{print $2}')
  tflm=$(grep -o '"tflm_arena_used_bytes": [0-9]*' "$shared/golden/$m/meta.json" 2>/dev/null | awk '{print $2}' || true)
  echo "| $m | $o | $r | $ratio | $arena | ${tflm:--} |"
done
