#!/usr/bin/env bash
# Time ratios of umcodec to quick-xml's raw Reader over several code
# layouts: the paired bench (benches/benches/paired.rs, built as criterion
# builds it) linked LAYOUTS times by rust-lld with its functions in a
# different shuffled order each time (`--shuffle-sections` on the code
# sections, one per function), each binary
# run RUNS times, the runs interleaved. The code is the same in every
# binary; only where it lies changes, and with it which loops straddle a
# 32- or 64-byte boundary or share cache sets. On the Intel VM one such
# change moved the raw reader on the DisconnectPhoneCall response from
# about 615 to 675 ns with umcodec unchanged: a single build's verdict on
# a ratio near 1.0 can be a verdict on its layout.
#
#   scripts/layouts.sh [LAYOUTS [RUNS [FILTER]]]   (defaults: 8, 2, all messages)
#
# Needs rust-lld, which rustup's toolchains ship (gcc-ld/ld.lld in the
# sysroot). Prints every run, then per message the ratios of the runs
# with the host quiet (scripts/layouts.py says how that is judged).
set -euo pipefail
cd "$(dirname "$0")/.."
layouts=${1:-8}
runs=${2:-2}
filter=${3:-}
host=$(rustc -vV | sed -n 's/^host: //p')
gccld="$(rustc --print sysroot)/lib/rustlib/$host/bin/gcc-ld"
[ -x "$gccld/ld.lld" ] || { echo "layouts.sh: no rust-lld at $gccld" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target=target/layouts
mkdir -p "$target"
# The linker cargo calls: the usual cc, told to use rust-lld and to
# shuffle the code sections (one per function) with the seed of the
# moment. Kept at one path: cargo keys every build on the linker's path,
# and a new one would rebuild all the dependencies.
linker="$PWD/$target/cc"
cat > "$work/cc" <<'END'
#!/bin/sh
# The linker of scripts/layouts.sh (see there).
exec cc "$@" -B"$UMCODEC_GCC_LD" -fuse-ld=lld "-Wl,--shuffle-sections=.text*=${UMCODEC_LAYOUT_SEED:-1}"
END
export UMCODEC_GCC_LD="$gccld"
cmp -s "$work/cc" "$linker" || cp "$work/cc" "$linker"
chmod +x "$linker"
linker_var="CARGO_TARGET_$(echo "$host" | tr 'a-z-' 'A-Z_')_LINKER"
export "$linker_var=$linker"
for seed in $(seq 1 "$layouts"); do
    # The seed is not part of cargo's fingerprint: the bench crate is made
    # stale so that it is linked again (its dependencies stay built).
    touch benches/benches/paired.rs
    UMCODEC_LAYOUT_SEED=$seed cargo bench --quiet -p umcodec-benches --bench paired --no-run --target-dir "$target"
    bin=$(find "$target/release/deps" -maxdepth 1 -type f -name 'paired-*' ! -name '*.d' -newer benches/benches/paired.rs | head -n 1)
    [ -n "$bin" ] || { echo "layouts.sh: layout $seed was not linked" >&2; exit 1; }
    cp "$bin" "$work/paired-$seed"
done
for run in $(seq 1 "$runs"); do
    for seed in $(seq 1 "$layouts"); do
        "$work/paired-$seed" --bench ${filter:+"$filter"} | sed -n "s/^| \([a-z_]*\) | [0-9]* | /layout $seed run $run | \1 | /p"
    done
done | tee "$work/rows"
python3 scripts/layouts.py < "$work/rows"
