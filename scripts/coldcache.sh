#!/usr/bin/env bash
# Cold-cache cost per message (valgrind's cachegrind, deterministic): for
# umcodec's typed decode and quick-xml's raw `Reader` on the six
# canonical messages, the L1 data-cache misses of one decode that starts
# with its data pushed out of L1 (the instructions example reads 64 KiB of
# other memory before each iteration: `UMCODEC_EVICT_KB`), with that
# sweep's own misses taken off. A busy neighbour on the same core does
# this to a decoder in part; each miss is a wait on L2.
# Simulated caches: L1d 48 KiB 12-way, L2 2 MiB 16-way, 64-byte lines
# (the Intel machine's). Each figure is (run with N+1 iterations - run
# with 1) / N, less the same for the sweep alone.
#
#   scripts/coldcache.sh [N]   (default N = 100; needs valgrind)
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
N=${1:-100}
command -v valgrind >/dev/null || { echo "coldcache.sh: valgrind not found (apt-get install valgrind)" >&2; exit 1; }
. scripts/instructions_bin.sh
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

misses() { # op message iterations: D1 read and write misses, whole run
    UMCODEC_EVICT_KB=64 valgrind --tool=cachegrind --cache-sim=yes --D1=49152,12,64 --I1=32768,8,64 \
        --LL=2097152,16,64 --cachegrind-out-file="$OUT/cg" "$BIN" "$1" "$2" "$3" >/dev/null 2>&1
    awk '/^events:/ { for (i = 2; i <= NF; i++) col[$i] = i }
         /^summary:/ { print $(col["D1mr"]) + $(col["D1mw"]) }' "$OUT/cg"
}

per_decode() { # op message
    local one many
    one=$(misses "$1" "$2" 1)
    many=$(misses "$1" "$2" $((N + 1)))
    [[ $one =~ ^[0-9]+$ && $many =~ ^[0-9]+$ ]] || { echo "coldcache.sh: no figures for $1 $2" >&2; exit 1; }
    echo $(((many - one) / N))
}

echo '| message | umcodec L1d misses, cold | quick-xml L1d misses, cold |'
echo '|---|---:|---:|'
for m in get_call_info_request get_call_info_response disconnect_phone_call_request disconnect_phone_call_response play_on_phone_request get_phone_call_information_response; do
    sweep=$(per_decode none "$m")
    ours=$(per_decode typed "$m")
    raw=$(per_decode quick_xml "$m")
    echo "| $m | $((ours - sweep)) | $((raw - sweep)) |"
done
