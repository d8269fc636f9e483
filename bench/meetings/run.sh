#!/usr/bin/env bash
# Throughput of microlead-meetings (decode + detect + parse + figures) on a corpus of Zoom- and
# Teams-style WebVTT files, on one core and on all cores, beside webvtt-py parsing the same
# files (parse only), with peak memory at a quarter of the corpus and at all of it.
#
# usage: bench/meetings/run.sh            (environment: CORPUS FILES SIZE SEED RUNS THREADS)
# The corpus (~200 MB) goes to /tmp, never into the repository.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CORPUS=${CORPUS:-/tmp/microlead-meetings-corpus}
FILES=${FILES:-2000}
SIZE=${SIZE:-100000}
SEED=${SEED:-20240501}
RUNS=${RUNS:-3}
THREADS=${THREADS:-$(nproc)}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/target-meetings}

stamp="$CORPUS.params"
if [ "$(cat "$stamp" 2>/dev/null)" != "$FILES $SIZE $SEED" ] || [ ! -d "$CORPUS" ]; then
    echo "== generating $FILES files of ~$SIZE bytes in $CORPUS (seed $SEED)"
    rm -rf "$CORPUS"
    nice python3 "$HERE/gen_corpus.py" "$CORPUS" "$FILES" "$SIZE" "$SEED"
    echo "$FILES $SIZE $SEED" > "$stamp"
fi
bytes=$(cat "$CORPUS"/*.vtt | wc -c)
echo "== corpus: $(ls "$CORPUS" | wc -l) files, $bytes bytes"

echo "== building the release bench binary"
(cd "$ROOT" && CARGO_BUILD_JOBS=1 nice cargo build -q --release -p microlead-meetings --example bench_corpus)
BIN="$CARGO_TARGET_DIR/release/examples/bench_corpus"

# Read every file once so that all runs, ours and webvtt-py's, read from the page cache.
cat "$CORPUS"/*.vtt > /dev/null

# Best of the runs: other work on the machine only ever slows a run down.
best() { sed -n 's/.* MB\/s=\([0-9.]*\).*/\1/p' "$1" | sort -g | tail -1; }
best_cpu() { sed -n 's/.*cpu_MB\/s=\([0-9.]*\).*/\1/p' "$1" | sort -g | tail -1; }
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

echo "== microlead-meetings, 1 thread, all files ($RUNS runs)"
for _ in $(seq "$RUNS"); do nice "$BIN" "$CORPUS" 1; done | tee "$logs/single"
echo "== microlead-meetings, 1 thread, a quarter of the files (memory must not grow with files)"
nice "$BIN" "$CORPUS" 1 $((FILES / 4))
echo "== microlead-meetings, $THREADS threads, all files ($RUNS runs)"
for _ in $(seq "$RUNS"); do nice "$BIN" "$CORPUS" "$THREADS"; done | tee "$logs/multi"

echo "== webvtt-py, parse only, same files"
python3 -c "import webvtt" 2>/dev/null || python3 -m pip install -q webvtt-py
python3 -m pip show webvtt-py 2>/dev/null | grep -i '^version' || true
nice python3 "$HERE/webvtt_parse.py" "$CORPUS" | tee "$logs/baseline"
single=$(best "$logs/single")
single_cpu=$(best_cpu "$logs/single")
multi=$(best "$logs/multi")
baseline=$(best "$logs/baseline")
baseline_cpu=$(best_cpu "$logs/baseline")

echo "== summary"
python3 - "$single" "$single_cpu" "$multi" "$baseline" "$baseline_cpu" "$THREADS" <<'PY'
import sys
single, single_cpu, multi, baseline, baseline_cpu, threads = map(float, sys.argv[1:7])
print(f"one core: {single:.1f} MB/s wall, {single_cpu:.1f} MB/s of CPU time (target >= 300)")
print(f"{int(threads)} threads: {multi:.1f} MB/s wall")
print(f"webvtt-py (parse only): {baseline:.2f} MB/s wall, {baseline_cpu:.2f} MB/s of CPU time")
print(f"ratio on one core: {single / baseline:.0f}x wall, {single_cpu / baseline_cpu:.0f}x CPU time (target >= 100x)")
PY
