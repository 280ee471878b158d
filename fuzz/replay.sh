#!/usr/bin/env bash
# replay.sh FUZZER SOURCE_DIR - runs every input that once broke octet through the fuzz target
# (reader -> compile -> invoke at the reference and the best ISA level, ASan + UBSan): the
# findings of past campaigns in ../shared/regressions (crash-*) and octet's own fuzz/regressions.
# Any sanitizer report, crash or ISA difference fails. Exits 77 (skipped) when there is nothing to
# replay.
set -euo pipefail
fuzzer=$1
src=$2
inputs=()
for dir in "${OCTET_SHARED_DIR:-$src/../shared}/regressions" "$src/fuzz/regressions"; do
  [ -d "$dir" ] || continue
  for f in "$dir"/*; do
    case "$(basename "$f")" in README*) continue ;; esac
    [ -f "$f" ] && inputs+=("$f")
  done
done
if [ ${#inputs[@]} -eq 0 ]; then
  echo "no regression inputs found (../shared/regressions absent): skipped"
  exit 77
fi
echo "replaying ${#inputs[@]} inputs"
"$fuzzer" -runs=1 "${inputs[@]}" 2>&1 | tail -n 5
