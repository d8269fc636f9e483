#!/usr/bin/env bash
# Question-room load: CLIENTS event streams on one room, QPS questions and VPS votes a second
# for SECONDS, from a second process on loopback, against a release build on SQLite and on
# PostgreSQL. Prints one line per backend: events expected per client, clients that missed
# any, and delivery latency (publish -> arrival) percentiles over every delivery.
#
#   bench/rooms/run.sh            # 500 clients, 50 q/s, 500 votes/s, 60 s
#   SECONDS_=10 CLIENTS=100 bench/rooms/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
CLIENTS=${CLIENTS:-500}
QPS=${QPS:-50}
VPS=${VPS:-500}
DURATION=${SECONDS_:-60}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
ONLY=${ONLY:-}   # sqlite or postgres: run just that backend
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
ulimit -n 20000 2>/dev/null || true

cargo build --release -q -p microlead --bin microlead --example room_load
BIN=$CARGO_TARGET_DIR/release/microlead
LOAD=$CARGO_TARGET_DIR/release/examples/room_load

run_one() { # label database-url
  local label=$1 db=$2 data
  data=$(mktemp -d)
  # Empty: the embedded SQLite file in the data dir.
  local dbenv=(-u MICROLEAD_DATABASE_URL)
  [ -n "$db" ] && dbenv=(MICROLEAD_DATABASE_URL="$db")
  env "${dbenv[@]}" "$BIN" admin create-user --data-dir "$data" --email host@bench.local \
    --name Host --admin --team Bench <<<"bench password 123" >/dev/null
  local token
  token=$(env "${dbenv[@]}" "$BIN" admin create-token --data-dir "$data" --email host@bench.local)
  local out; out=$(mktemp)
  env "${dbenv[@]}" MICROLEAD_LOG=warn "$BIN" serve --bind 127.0.0.1:0 --data-dir "$data" >"$out" 2>&1 &
  local pid=$!
  local url=""
  for _ in $(seq 100); do
    url=$(grep -o 'running at http://[^ /]*' "$out" | sed 's/running at //' || true)
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { cat "$out"; kill $pid; exit 1; }
  "$LOAD" --url "$url" --token "$token" --clients "$CLIENTS" --questions-per-sec "$QPS" \
    --votes-per-sec "$VPS" --seconds "$DURATION" --label "$label"
  kill -TERM $pid; wait $pid 2>/dev/null || true
  rm -rf "$data" "$out"
}

echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores; $CLIENTS clients, $QPS questions/s, $VPS votes/s, $DURATION s"
[ "$ONLY" = postgres ] || run_one sqlite ""
if [ "$ONLY" = sqlite ]; then
  :
elif psql "$PG/test" -qAtc 'select 1' >/dev/null 2>&1; then
  db=ml_bench_rooms_$$
  psql "$PG/test" -qc "CREATE DATABASE $db" >/dev/null
  run_one postgres "$PG/$db"
  psql "$PG/test" -qc "DROP DATABASE $db" >/dev/null
else
  echo "postgres: skipped (no server at $PG)"
fi
