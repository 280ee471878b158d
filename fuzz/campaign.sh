#!/usr/bin/env bash
# campaign.sh FUZZER [DIR] - a timed libFuzzer campaign on the reader -> compile -> invoke target
# (tflite_reader_fuzz), in fork mode so that a finding is saved and the campaign goes on.
#
#   FUZZ_TIME  seconds to run (default 3600)
#   FUZZ_JOBS  parallel fork jobs (default 1: the machine is shared)
#   FUZZ_MAX_LEN  largest input in bytes (default 200000)
#   FUZZ_COMMIT  the commit FUZZER was built from, for the summary (default: HEAD of its tree)
#   OCTET_SHARED_DIR  where ../shared is (default: next to the source tree)
#   DIR        campaign directory, kept outside the source tree (default
#              ${TMPDIR:-/tmp}/octet-fuzz-YYYYmmdd-HHMMSS); it holds
#                fuzzer     a copy of FUZZER (rebuilding the tree does not disturb the run)
#                seeds/     the starting inputs: ../shared/models (small ones), every
#                           ../shared/golden-ops and ../shared/golden model (so mutations start
#                           from every op octet reads), past findings (../shared/regressions,
#                           fuzz/regressions)
#                corpus/    the corpus libFuzzer grows (rerun with the same DIR to continue it)
#                artifacts/ crash-*, timeout-*, oom-* inputs; each is a finding
#                log        libFuzzer's output; summary  the figures for docs/FUZZING.md
#
# The run is niced (nice -n 19). A finding is replayed with `FUZZER artifacts/crash-...`; once
# fixed it goes into fuzz/regressions/, which ctest fuzz_regressions replays.
set -euo pipefail
fuzzer=$(realpath "$1")
src=$(cd "$(dirname "$0")/.." && pwd)
dir=${2:-${TMPDIR:-/tmp}/octet-fuzz-$(date -u +%Y%m%d-%H%M%S)}
time_s=${FUZZ_TIME:-3600}
jobs=${FUZZ_JOBS:-1}
max_len=${FUZZ_MAX_LEN:-200000}
shared=${OCTET_SHARED_DIR:-$src/../shared}

case "$(realpath -m "$dir")/" in
  "$src"/*) echo "campaign.sh: $dir is inside the source tree; pick a directory outside it" >&2
            exit 2 ;;
esac
mkdir -p "$dir/seeds" "$dir/corpus" "$dir/artifacts"
dir=$(realpath "$dir")
cp "$fuzzer" "$dir/fuzzer"

# Seeds: file names carry their origin so that a corpus entry can be traced back.
seed() {  # seed FILE NAME
  [ -f "$1" ] && [ "$(stat -c %s "$1")" -le "$max_len" ] && cp "$1" "$dir/seeds/$2"
  return 0
}
if [ -d "$shared" ]; then
  for m in "$shared"/models/*.tflite; do seed "$m" "models-$(basename "$m")"; done
  for m in "$shared"/golden-ops/*/model.tflite "$shared"/golden/*/*.tflite; do
    seed "$m" "$(basename "$(dirname "$m")")-$(basename "$m")"
  done
  for f in "$shared"/regressions/crash-*; do seed "$f" "regressions-$(basename "$f")"; done
else
  echo "campaign.sh: $shared absent; seeding with fuzz/regressions only" >&2
fi
for f in "$src"/fuzz/regressions/*; do seed "$f" "own-$(basename "$f")"; done
seeds=$(find "$dir/seeds" -type f | wc -l)

# What was fuzzed: the binary's build time and hash, and the commit of the tree it came from
# (FUZZ_COMMIT, default: the commit of the tree next to the fuzzer, else of this script's tree).
built=$(date -u -r "$fuzzer" +%Y-%m-%dT%H:%M:%SZ)
sha=$(sha256sum "$fuzzer" | cut -c1-16)
commit=${FUZZ_COMMIT:-$(git -C "$(dirname "$fuzzer")" rev-parse --short HEAD 2>/dev/null ||
  git -C "$src" rev-parse --short HEAD 2>/dev/null || echo unknown)}
cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
echo "campaign: $dir, $seeds seeds, ${time_s}s, $jobs job(s), $fuzzer (commit $commit), $cpu"

cd "$dir"
start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
set +e
/usr/bin/time -f '%e %U %S' -o "$dir/time" \
  nice -n 19 "$dir/fuzzer" "$dir/corpus" "$dir/seeds" -fork="$jobs" -ignore_crashes=1 \
  -ignore_timeouts=1 -ignore_ooms=1 -max_total_time="$time_s" -max_len="$max_len" -timeout=20 \
  -rss_limit_mb=4096 -artifact_prefix="$dir/artifacts/" -print_final_stats=1 >"$dir/log" 2>&1
status=$?
set -e

# In fork mode libFuzzer reports "#<total executions>: cov: ... time: <s>s job: <n>" per job.
execs=$(grep -oE '^#[0-9]+: cov:' "$dir/log" | tail -n 1 | tr -dc 0-9)
read -r wall user sys <"$dir/time"
findings=$(find "$dir/artifacts" -type f | wc -l)
{
  echo "command:    FUZZ_TIME=$time_s FUZZ_JOBS=$jobs fuzz/campaign.sh $1 $dir"
  echo "fuzzer:     -fork=$jobs -ignore_crashes=1 -max_total_time=$time_s -max_len=$max_len -timeout=20 -rss_limit_mb=4096"
  echo "binary:     $fuzzer, built $built, sha256 $sha..."
  echo "commit:     $commit"
  echo "started:    $start"
  echo "seeds:      $seeds"
  echo "executions: ${execs:-unknown}"
  echo "wall:       ${wall}s"
  echo "cpu:        user ${user}s, sys ${sys}s"
  echo "machine:    $cpu ($(nproc) cores, shared)"
  echo "corpus:     $(find "$dir/corpus" -type f | wc -l) inputs"
  echo "findings:   $findings"
  find "$dir/artifacts" -type f -printf '  %f\n'
  echo "exit:       $status"
} | tee "$dir/summary"
