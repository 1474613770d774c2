#!/usr/bin/env bash
# Code footprint per message (valgrind, deterministic): for umcodec's
# typed decode and quick-xml's raw `Reader` on the six canonical
# messages, the instructions executed per message, how many distinct
# instructions and 64-byte lines of code that takes, and the
# instruction-cache misses per message of a simulated 16 KiB, 8-way L1i
# (half the 32 KiB of the Intel cores measured, as when a hyperthread
# sibling holds the rest).
# Each figure is (run with N+1 iterations - run with 1) / N; an
# instruction counts as distinct when it runs at least once a message.
#
#   scripts/footprint.sh [N]   (default N = 100; needs valgrind and python3)
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
N=${1:-100}
command -v valgrind >/dev/null || { echo "footprint.sh: valgrind not found (apt-get install valgrind)" >&2; exit 1; }
. scripts/instructions_bin.sh
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

measure() { # op message
    local n
    for n in 1 $((N + 1)); do
        valgrind --tool=callgrind --dump-instr=yes --cache-sim=no --branch-sim=no \
            --callgrind-out-file="$OUT/cg.$n" "$BIN" "$1" "$2" "$n" >/dev/null 2>&1
        valgrind --tool=cachegrind --cache-sim=yes --I1=16384,8,64 --D1=49152,12,64 --LL=2097152,16,64 \
            --cachegrind-out-file="$OUT/cc.$n" "$BIN" "$1" "$2" "$n" >/dev/null 2>&1
    done
    python3 - "$OUT" "$N" <<'PY'
import collections, sys

out, n = sys.argv[1], int(sys.argv[2])

def events_of(path):
    for line in open(path):
        if line.startswith("events:"):
            return line.split()[1:]
    raise SystemExit(f"no events line in {path}")

def per_instruction(path):
    """Executions of each instruction in a callgrind profile written with
    --dump-instr=yes (`positions: instr line`), keyed by object and
    address: callgrind gives each object's addresses less its load
    offset, so the program's and the C library's overlap."""
    ir = 2 + events_of(path).index("Ir")  # cost lines: address, line, events
    counts = collections.Counter()
    obj, addr, call_cost = "", 0, False
    names = {}
    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith(("ob=", "cob=")):
            # `(id) name` the first time an object is named, `(id)` after;
            # the first time may be a call's target (`cob=`), so both name
            # it. Reading names from `ob=` alone once keyed one object two
            # ways, and start-up code then counted as run every message.
            key, _, name = line.partition("=")[2].partition(" ")
            if name:
                names[key] = name
            if line.startswith("ob="):
                obj = names.get(key, key)
            continue
        if line.startswith("calls="):
            call_cost = True  # the next cost line is the call's inclusive cost
            continue
        if not line or line[0] not in "0123456789+-*":
            continue
        fields = line.split()
        pos = fields[0]
        if pos.startswith("0x"):
            addr = int(pos, 16)
        elif pos[0] in "+-":
            addr += int(pos)
        if call_cost:
            call_cost = False
            continue
        if len(fields) > ir:
            counts[(obj, addr)] += int(fields[ir])
    return counts

def summary(path):
    events = events_of(path)
    for line in open(path):
        if line.startswith("summary:"):
            return dict(zip(events, map(int, line.split()[1:])))
    raise SystemExit(f"no summary in {path}")

one, many = per_instruction(f"{out}/cg.1"), per_instruction(f"{out}/cg.{n + 1}")
hot = [a for a in many if many[a] - one.get(a, 0) >= n]
c1, cn = summary(f"{out}/cc.1"), summary(f"{out}/cc.{n + 1}")
# Instructions as callgrind counts them (scripts/callgrind.sh's figure).
ir = (sum(many.values()) - sum(one.values())) // n
print(ir, len(hot), len({(o, a >> 6) for o, a in hot}), (cn["I1mr"] - c1["I1mr"]) // n)
PY
}

row() { # op message: the four figures, or the script fails
    local r
    r=$(measure "$1" "$2")
    [ "$(wc -w <<< "$r")" -eq 4 ] || { echo "footprint.sh: no figures for $1 $2" >&2; exit 1; }
    echo "$r"
}

echo '| message | umcodec instructions | distinct | lines (64 B) | L1i misses (16 KiB) | quick-xml instructions | distinct | lines (64 B) | L1i misses (16 KiB) |'
echo '|---|---:|---:|---:|---:|---:|---:|---:|---:|'
for m in get_call_info_request get_call_info_response disconnect_phone_call_request disconnect_phone_call_response play_on_phone_request get_phone_call_information_response; do
    ours_row=$(row typed "$m")
    raw_row=$(row quick_xml "$m")
    read -r -a ours <<< "$ours_row"
    read -r -a raw <<< "$raw_row"
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$m" "${ours[@]}" "${raw[@]}"
done
