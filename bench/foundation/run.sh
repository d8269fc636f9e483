#!/usr/bin/env bash
# Foundation benchmarks (issue 2), all in one run on this machine:
#   - wrk from a second process on loopback, 64 connections, 30 s each, on SQLite and on
#     PostgreSQL: a static asset (the framework floor), the authenticated Today page, and
#     POST /api/v1/journal (then every acknowledged write is counted in the database);
#   - hyperfine: `microlead today` in local mode (embedded SQLite, no server).
# Needs: wrk, hyperfine, curl, psql (apt-get install -y wrk hyperfine curl postgresql-client).
# Usage: bench/foundation/run.sh [seconds]   (default 30)
set -euo pipefail
cd "$(dirname "$0")/../.."
DUR=${1:-30}
PG=${MICROLEAD_BENCH_PG:-postgres://postgres@127.0.0.1:5432/test}
cargo build --release -p microlead --quiet
BIN=$PWD/target/release/microlead
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
here=$(dirname "$0")

start_server() { # $1 = database url, $2 = port
  MICROLEAD_LOG=error "$BIN" serve --bind "127.0.0.1:$2" --database-url "$1" > "$WORK/server-$2.log" 2>&1 &
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$2/healthz" >/dev/null && return 0; sleep 0.1; done
  echo "server did not start"; cat "$WORK/server-$2.log"; exit 1
}

wrk_line() { # $1 = label, then wrk args
  local label=$1; shift
  local out; out=$(wrk -t2 -c64 -d"${DUR}s" --latency "$@")
  local rps p99 non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  printf '%-10s %-26s %12s req/s   p99 %8s   non-2xx %s\n' "$BACKEND" "$label" "$rps" "$p99" "${non2xx:-0}"
  echo "$out" > "$WORK/wrk-$BACKEND-$(echo "$label" | tr -c "a-zA-Z0-9\n" _).txt"
  TOTAL=$(echo "$out" | awk '/requests in/ {print $1}')
  NON2XX=${non2xx:-0}
}

bench_backend() { # $1 = name, $2 = url, $3 = port
  BACKEND=$1
  local url=$2 port=$3 base="http://127.0.0.1:$3"
  printf 'a long bench password\n' | "$BIN" admin create-user --database-url "$url" --email bench@x.org --name Bench --admin --team Bench >/dev/null
  local token; token=$("$BIN" admin create-token --database-url "$url" --email bench@x.org)
  start_server "$url" "$port"
  # A browser session: CSRF cookie + token from the login page, then sign in.
  local jar="$WORK/jar-$1" csrf
  csrf=$(curl -s -c "$jar" "$base/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
  curl -s -b "$jar" -c "$jar" -o /dev/null -d "csrf=$csrf&email=bench@x.org&password=a+long+bench+password" "$base/login"
  local cookie; cookie=$(awk '$6=="ml_session" {print "ml_session="$7}' "$jar")
  [ -n "$cookie" ] || { echo "could not sign in"; exit 1; }
  wrk_line "static asset (floor)" "$base/assets/style.css"
  wrk_line "Today page (signed in)" -H "Cookie: $cookie" "$base/"
  ML_TOKEN=$token wrk_line "POST /api/v1/journal" -s "$here/journal.lua" "$base/api/v1/journal"
  local stored
  if [ "$1" = sqlite ]; then
    stored=$(curl -s -H "Authorization: Bearer $token" "$base/api/v1/journal?limit=1" >/dev/null; sqlite3 "${url#sqlite://}" "select count(*) from journal_entries" 2>/dev/null || echo "?")
  else
    stored=$(psql "$url" -Atc "select count(*) from journal_entries")
  fi
  echo "$BACKEND    journal: $((TOTAL - NON2XX)) acknowledged writes, $stored rows stored"
  kill %1 2>/dev/null || true; wait 2>/dev/null || true
}

echo "== microlead foundation benchmark, $(date -u +%FT%TZ), $(nproc) cores, ${DUR}s per run"
bench_backend sqlite "sqlite://$WORK/sqlite/microlead.db" 18181
db="ml_bench_$$"
psql "$PG" -qc "CREATE DATABASE $db"
bench_backend postgres "${PG%/*}/$db" 18182
psql "$PG" -qc "DROP DATABASE $db" || true

echo "== CLI, local mode: microlead today (hyperfine)"
export MICROLEAD_HOME="$WORK/cli-home"
"$BIN" today >/dev/null
hyperfine --warmup 3 --runs 50 -N "$BIN today" 2>&1 | grep -E "Time|Range"
