#!/usr/bin/env bash
# Times the working tree's decode against an earlier revision's (the
# base) in one process, with quick-xml's raw reader beside both as the
# common reference: benches/ab/ (see its src/main.rs for why, and for the
# code-placement band that no such comparison removes).
#
#   scripts/ab.sh [BASE_REV [FILTER]]     (default BASE_REV = HEAD)
#
# FILTER keeps the messages whose name contains it. AB_ROUNDS (default
# 3000) and AB_BATCH_US (default 40) set the rounds per message and the
# time one batch aims at. `scripts/ab.sh HEAD` on a clean tree times two
# copies of the same code: the band of the day.
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:-HEAD}
filter=${2:-}
base=target/ab/base
rm -rf "$base"
mkdir -p "$base"
# The library as it was at `rev`, renamed so that both copies link into
# one binary; its workspace and profile sections go (it is built as a
# dependency of benches/ab/, whose profile applies). A base must have the
# six typed decoders with today's signatures (any revision since the
# PlayOnPhone and GetPhoneCallInformation messages were added).
# `-m`: the files get the time of extraction, not of the commit, or cargo
# would take an older revision's files for the build it already has.
git archive "$rev" Cargo.toml src README.md | tar -x -m -C "$base"
awk '
    /^\[/ { skip = ($0 ~ /^\[(workspace|profile)/) }
    !skip { sub(/^name = "umcodec"$/, "name = \"umcodec_base\""); print }
' "$base/Cargo.toml" > "$base/Cargo.toml.new"
mv "$base/Cargo.toml.new" "$base/Cargo.toml"
echo "base: $(git rev-parse --short "$rev"), new: the working tree$(git diff --quiet HEAD -- src Cargo.toml || echo ' (with uncommitted changes)')"
cargo build --quiet --release --manifest-path benches/ab/Cargo.toml --target-dir target/ab/target
target/ab/target/release/umcodec-ab "$filter"
