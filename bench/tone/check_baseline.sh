#!/usr/bin/env bash
# Checks that a default release build of microlead-tone runs on any x86-64-v2 CPU: that it uses
# no instruction of x86-64-v3 or later (AVX, AVX2, AVX-512, FMA, BMI1, BMI2, LZCNT, MOVBE, ...).
# The crate has no run-time-dispatched code (bench/tone/HISTORY.md, round 7), so such
# instructions are allowed only in the functions listed in $dispatched below, which other crates
# pick at run time. Two checks:
#   1. scan: the machine code of the crate's release test and example binaries (std and the
#      dependencies included), disassembled with objdump; every instruction of v3 or later is
#      listed with its function;
#   2. emulator: the crate's tests run under `qemu-x86_64 -cpu Nehalem` (an x86-64-v2 CPU, which
#      stops a program at the first newer instruction with SIGILL), and the example `dump` gives
#      there the same bits as on this machine.
# Needs objdump (binutils), python3 and qemu-x86_64 (Debian: `apt-get install qemu-user`).
# $CARGO, if set, runs instead of `cargo` (e.g. a wrapper that serialises builds).
#
#   bench/tone/check_baseline.sh                     # both checks on microlead-tone
#   bench/tone/check_baseline.sh --scan-only         # without the emulator
#   bench/tone/check_baseline.sh --binary PATH...    # scan other binaries as well
#
# The whole server binary: `cargo build --release -p microlead`, then
# `bench/tone/check_baseline.sh --scan-only --binary target/release/microlead`; every test
# binary of the workspace can run under the emulator with
# `CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUNNER="qemu-x86_64 -cpu Nehalem" cargo test --release`
# (processes the tests start themselves run natively; the scan covers those).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/tmp/target-tone}"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"
# The default build: no flags from the environment (a .cargo/config.toml of the project counts).
unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS CARGO_BUILD_RUSTFLAGS
cpu=Nehalem
emulate=1
extra=()
while (($#)); do
  case "$1" in
    --scan-only) emulate=0 ;;
    --binary) shift; extra+=("$1") ;;
    *) echo "usage: $0 [--scan-only] [--binary PATH]..." >&2; exit 2 ;;
  esac
  shift
done

cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "== building microlead-tone (release, default flags)" >&2
# The executables cargo reports building; with "test", only test harnesses.
executables() {
  python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable"):
        if sys.argv[1] != "test" or m["profile"]["test"]:
            print(m["executable"])' "$1"
}
cargo="${CARGO:-cargo}"
"$cargo" test --release -q -p microlead-tone --no-run --message-format=json | executables test >"$work/tests"
"$cargo" build --release -q -p microlead-tone --examples --message-format=json |
  executables all >"$work/examples"

# Instructions of x86-64-v3 and later, by mnemonic as objdump prints them: VEX and EVEX encoded
# instructions (AVX, AVX2, FMA, F16C, AVX-512) all start with "v", AVX-512 mask instructions
# with "k"; then BMI1, BMI2, LZCNT and MOVBE. TZCNT is left out: its encoding is also
# `rep bsf`, which LLVM emits for the baseline where the value cannot be zero (a CPU without
# BMI1 runs it as BSF, with the same result there); the emulator check covers it.
newer='^(v[a-z0-9]+|k(mov|and|andn|or|xor|xnor|not|shiftl|shiftr|unpck|ortest|test|add)[bwdq]+|andn|bextr|blsi|blsmsk|blsr|bzhi|mulx|pdep|pext|rorx|sarx|shlx|shrx|lzcnt|movbe)$'
# Functions that other crates choose at run time after asking the CPU: chacha20's AVX2 backend
# (through proptest's random numbers, tests only).
dispatched='^<chacha20::backends::avx2::'
scan() {
  objdump -d --no-show-raw-insn -C "$1" | awk -v re="$newer" -v ok="$dispatched" '
    /^[0-9a-f]+ <.*>:$/ { fn = substr($0, index($0, "<")); next }
    $1 ~ /:$/ && $2 ~ re && $2 != "verr" && $2 != "verw" {
      if (fn ~ ok) allowed[fn]++; else hits[fn " " $2]++
    }
    END {
      for (k in allowed) print "\tdispatched at run time: " allowed[k] " in " k > "/dev/stderr"
      for (k in hits) print hits[k] "\t" k
    }'
}
failed=0
mapfile -t binaries < <(cat "$work/tests" "$work/examples"; printf '%s\n' "${extra[@]}")
echo "== scan: instructions of x86-64-v3 and later" >&2
for bin in "${binaries[@]}"; do
  [ -n "$bin" ] || continue
  found="$(scan "$bin")"
  if [ -n "$found" ]; then
    echo "FAIL $bin:" >&2
    echo "$found" | sort -rn >&2
    failed=1
  else
    echo "ok   $bin" >&2
  fi
done

if ((emulate)); then
  if ! command -v qemu-x86_64 >/dev/null; then
    echo "qemu-x86_64 is missing (Debian: apt-get install qemu-user); or pass --scan-only" >&2
    exit 2
  fi
  echo "== emulator: the tests on an x86-64-v2 CPU (qemu-x86_64 -cpu $cpu)" >&2
  while read -r bin; do
    if (cd "$root/crates/microlead-tone" && qemu-x86_64 -cpu "$cpu" "$bin" -q </dev/null >"$work/out" 2>&1); then
      echo "ok   $bin: $(grep -E '^test result' "$work/out" | tail -1)" >&2
    else
      echo "FAIL $bin under -cpu $cpu:" >&2
      tail -20 "$work/out" >&2
      failed=1
    fi
  done <"$work/tests"
  dump="$(grep '/dump$' "$work/examples")"
  grep -hv '^#' crates/microlead-tone/tests/fixtures/{workplace_messages,vader_parity}.tsv |
    cut -f6 >"$work/lines"
  # glibc's `exp` has a variant for CPUs with FMA, chosen at run time, which can differ from the
  # other in the last bit (and so the emotion, harshness and kindness scores): here it is
  # told not to use it, as on the emulated CPU, so that the bits of our own code are compared.
  GLIBC_TUNABLES=glibc.cpu.hwcaps=-FMA,-AVX2 "$dump" <"$work/lines" >"$work/native.txt"
  if qemu-x86_64 -cpu "$cpu" "$dump" <"$work/lines" >"$work/emulated.txt" &&
    cmp -s "$work/native.txt" "$work/emulated.txt"; then
    echo "ok   every reading of $(wc -l <"$work/lines") lines: the same bits on $cpu as here" >&2
  else
    echo "FAIL the readings differ on $cpu, or dump failed there" >&2
    failed=1
  fi
fi

if ((failed)); then
  echo "== FAILED: the build uses instructions a v2 CPU lacks" >&2
  exit 1
fi
echo "== ok: no instruction beyond x86-64-v2" >&2
