# Sourced by callgrind.sh, coldcache.sh and footprint.sh from the
# repository's root: builds the `instructions` example (bench profile)
# and sets BIN to the path cargo reports, since CARGO_TARGET_DIR,
# CARGO_BUILD_TARGET_DIR or build.target-dir may move the target folder.
BIN=$(cargo build --quiet --profile bench -p umcodec-benches --example instructions --message-format=json |
    sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)
[ -x "$BIN" ] || { echo "$(basename "$0"): cargo reported no instructions binary" >&2; exit 1; }
