#!/usr/bin/env bash
# The load table of http/README.md: umcodec-load at 1, 8 and 64 clients
# against umcodec-server with each codec (umcodec, quick-xml serde), all in
# one run, on loopback. Prints a Markdown table on standard output.
#
# usage: scripts/load_table.sh [LIFECYCLES]   (per client count; default 4000)
#
# Each server runs with --connect-after-ms 0, so a lifecycle is four
# requests (PlayOnPhone, a state query answering Connected, the disconnect,
# a state query answering Disconnected) and the run measures the codec and
# the HTTP stack, not the wait for the far end. The load alternates EWS and
# UM lifecycles. Server and load generator share the machine's cores.
set -euo pipefail
cd "$(dirname "$0")/.."
total="${1:-4000}"
cargo build --release -p umcodec-http >&2
bin="${CARGO_TARGET_DIR:-target}/release"

echo "| server codec | clients | lifecycles | requests | requests/s | p50 ms | p99 ms | max ms | bytes allocated per request | allocations per request | errors |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for codec in umcodec serde; do
    out="$(mktemp)"
    "$bin/umcodec-server" --listen 127.0.0.1:0 --connect-after-ms 0 --codec "$codec" > "$out" &
    pid=$!
    for _ in $(seq 1 100); do
        grep -q '^listening on ' "$out" && break
        sleep 0.1
    done
    url="$(sed -n 's/^listening on //p' "$out")"
    for clients in 1 8 64; do
        calls=$(( total / clients ))
        line="$("$bin/umcodec-load" --url "$url" --clients "$clients" --calls "$calls")"
        get() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<< "$line"; }
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
            "$codec" "$clients" "$(( clients * calls ))" "$(get requests)" "$(get requests_per_second)" \
            "$(get p50_ms)" "$(get p99_ms)" "$(get max_ms)" "$(get bytes_per_request)" \
            "$(get allocations_per_request)" "$(get errors)"
    done
    kill -TERM "$pid"
    wait "$pid"
    rm -f "$out"
done
