#!/usr/bin/env bash
# Instructions per message (callgrind, deterministic) for umcodec decode
# (each message's typed decoder, as criterion times it) and encode, bare xmlparser tokenization and quick-xml's raw `Reader`
# (events to EOF) on the six canonical messages, plus any further
# decode peers named on the command line (the criterion names of
# benches/benches/decode.rs: quick_xml_attrs, quick_xml_ns, quick_xml_serde,
# roxmltree).
# Each count is (run with N+1 iterations - run with 1) / N, so start-up
# and the first call's cold paths are left out. The operations are those
# of benches/examples/instructions.rs, the same functions criterion times.
# Counts move by a percent or two when code elsewhere in the binary
# changes (link-time inlining decides differently): compare counts from
# one build.
#
#   scripts/callgrind.sh [N [PEER...]]   (default N = 100; needs valgrind)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100}
shift $(( $# > 0 ? 1 : 0 ))
EXTRA=("$@")
command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind not found (apt-get install valgrind)" >&2; exit 1; }
. scripts/instructions_bin.sh
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

count() { # op message iterations
    valgrind --tool=callgrind --callgrind-out-file="$OUT/cg" "$BIN" "$1" "$2" "$3" >/dev/null 2>&1
    awk '/^summary:/ {print $2}' "$OUT/cg"
}

per_message() { # op message
    local one many
    one=$(count "$1" "$2" 1)
    many=$(count "$1" "$2" $((N + 1)))
    echo $(( (many - one) / N ))
}

head='| message | bytes | umcodec decode | umcodec encode | xmlparser tokenize | quick-xml Reader | decode / xmlparser | decode / quick-xml Reader |'
rule='|---|---:|---:|---:|---:|---:|---:|---:|'
for p in "${EXTRA[@]}"; do
    head+=" $p | $p / byte |"
    rule+='---:|---:|'
done
printf '%s\n%s\n' "$head" "$rule"
for m in get_call_info_request get_call_info_response disconnect_phone_call_request disconnect_phone_call_response play_on_phone_request get_phone_call_information_response; do
    bytes=$(wc -c < "corpus/valid/canonical_$m.xml")
    row=()
    for op in typed encode xmlparser quick_xml; do
        row+=("$(per_message "$op" "$m")")
    done
    line=$(printf '| %s | %s | %s | %s | %s | %s |' "$m" "$bytes" "${row[@]}")
    line+=$(awk -v a="${row[0]}" -v b="${row[2]}" -v c="${row[3]}" 'BEGIN { printf " %.2f× | %.2f× |", a / b, a / c }')
    for p in "${EXTRA[@]}"; do
        n=$(per_message "$p" "$m")
        line+=$(awk -v n="$n" -v b="$bytes" 'BEGIN { printf " %d | %.2f |", n, n / b }')
    done
    printf '%s\n' "$line"
done
