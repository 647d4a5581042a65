#!/usr/bin/env bash
# `make bench-serve`: stepwise-bench serve against three servers side by side in one run:
# `stepwise serve` over SQLite (a temporary data directory), `stepwise serve --in-memory`, and
# moto's server (from .build-peers/, see scripts/install-peers.sh), all on 127.0.0.1, at
# concurrency 1, 8 and 32 unless --concurrency is given, with stepwise ÷ moto ratios. Requests
# carry no signature (--unsigned): none of these servers checks one, and signing would take
# CPU from the servers on a small host. Arguments go to stepwise-bench serve (e.g.
# --duration 2 for a quick look).
# Needs the release builds of stepwise and stepwise-bench. The servers are always stopped.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
stepwise="$root/.build/release/stepwise"
bench="$root/.build/release/stepwise-bench"
moto="$root/.build-peers/moto/bin/moto_server"
for binary in "$stepwise" "$bench"; do
    [ -x "$binary" ] || { echo "bench-serve: build it first: swift build -c release --product $(basename "$binary")" >&2; exit 1; }
done
[ -x "$moto" ] || { echo "bench-serve: moto is not installed; run scripts/install-peers.sh" >&2; exit 1; }

scratch="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$scratch"
}
trap cleanup EXIT

# start_stepwise NAME ARGS…: starts `stepwise serve` on a free port and sets $url to its URL
# (not printed: in a $(…) subshell the PID would not reach the cleanup).
start_stepwise() {
    local name="$1"
    shift
    "$stepwise" serve --port 0 "$@" >"$scratch/$name.out" 2>"$scratch/$name.err" &
    pids+=($!)
    for _ in $(seq 1 300); do
        url="$(grep -o 'listening on http://[^ ]*' "$scratch/$name.out" | cut -d' ' -f3 || true)"
        [ -n "$url" ] && return 0
        sleep 0.1
    done
    echo "bench-serve: stepwise serve ($name) did not start:" >&2
    cat "$scratch/$name.err" >&2
    return 1
}

start_stepwise sqlite --data-dir "$scratch/data"
sqlite_url="$url"
start_stepwise memory --in-memory
memory_url="$url"

# moto: MOTO_PORT must equal the port it listens on; executions run only when configured so
# before anything is created (../shared/peers.md).
moto_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
MOTO_PORT="$moto_port" "$moto" -H 127.0.0.1 -p "$moto_port" >"$scratch/moto.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$moto_port/moto-api/" >/dev/null && break
    sleep 0.2
done
curl -sf -X POST -d '{"stepfunctions":{"execute_state_machine":true}}' "http://127.0.0.1:$moto_port/moto-api/config" >/dev/null ||
    { echo "bench-serve: moto_server did not start:" >&2; tail -5 "$scratch/moto.log" >&2; exit 1; }

defaults=(--concurrency 1,8,32)
for argument in "$@"; do
    [ "$argument" = --concurrency ] && defaults=()
done
echo "bench-serve: stepwise serve on SQLite at $sqlite_url, in memory at $memory_url; moto at http://127.0.0.1:$moto_port" >&2
"$bench" serve \
    --endpoint "stepwise-sqlite=$sqlite_url" --endpoint "stepwise-memory=$memory_url" --endpoint "moto=http://127.0.0.1:$moto_port" \
    --baseline moto --unsigned "${defaults[@]}" "$@"
