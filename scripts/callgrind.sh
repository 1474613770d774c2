#!/usr/bin/env bash
# Instructions per message (callgrind, deterministic) for umcodec decode
# and encode and for bare xmlparser tokenization of the four canonical
# seed messages. Each count is (run with N+1 iterations - run with 1) / N,
# so start-up and the first call's cold paths are left out.
#
#   scripts/callgrind.sh [N]      (default N = 100; needs valgrind)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100}
command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind not found (apt-get install valgrind)" >&2; exit 1; }
cargo build --quiet --profile bench --example instructions
BIN=target/release/examples/instructions
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

count() { # op message iterations
    valgrind --tool=callgrind --callgrind-out-file="$OUT/cg" "$BIN" "$1" "$2" "$3" >/dev/null 2>&1
    awk '/^summary:/ {print $2}' "$OUT/cg"
}

printf '| message | bytes | umcodec decode | umcodec encode | xmlparser tokenize | decode / xmlparser |\n'
printf '|---|---:|---:|---:|---:|---:|\n'
for m in get_call_info_request get_call_info_response disconnect_phone_call_request disconnect_phone_call_response; do
    bytes=$(wc -c < "corpus/valid/canonical_$m.xml")
    row=()
    for op in decode encode xmlparser; do
        one=$(count "$op" "$m" 1)
        many=$(count "$op" "$m" $((N + 1)))
        row+=($(( (many - one) / N )))
    done
    ratio=$(awk -v a="${row[0]}" -v b="${row[2]}" 'BEGIN { printf "%.2f", a / b }')
    printf '| %s | %s | %s | %s | %s | %s× |\n' "$m" "$bytes" "${row[0]}" "${row[1]}" "${row[2]}" "$ratio"
done
