#!/usr/bin/env python3
"""Builds the README's benchmark table from criterion's output.

Reads <criterion>/<group>/<function>/new/{estimates,benchmark}.json as
left by one `cargo bench -p umcodec-benches` run, and prints (or, with --readme, writes
between the README's `<!-- bench-table:start -->` and
`<!-- bench-table:end -->` markers) the medians: ns per message, MB/s
(10^6 bytes per second) and each contender's time relative to umcodec in
the same group, followed by the issue's performance targets with the
measured ratios. When the run's paired bench (benches/benches/paired.rs)
left <criterion>/paired.json during the run (after the decode
benchmarks, before the scaling ones), its ratios (umcodec and the raw
reader timed in alternating batches) are shown beside criterion's.
<criterion> is criterion's folder, found as criterion finds it
(target/criterion unless CRITERION_HOME, CARGO_TARGET_DIR or cargo's
configuration moves it), or --criterion.

    cargo bench -p umcodec-benches && python3 scripts/bench_table.py --readme README.md
"""

import argparse
import datetime
import json
import os
import pathlib
import platform
import re
import subprocess
import sys

MESSAGES = [
    "get_call_info_request",
    "get_call_info_response",
    "disconnect_phone_call_request",
    "disconnect_phone_call_response",
    "play_on_phone_request",
    "get_phone_call_information_response",
]
DECODE = ["umcodec", "xmlparser", "quick_xml", "quick_xml_attrs", "quick_xml_ns", "quick_xml_serde", "roxmltree", "memchr"]
ENCODE = ["umcodec", "quick_xml_writer", "quick_xml_serde", "memcpy"]
SCALING = [
    "message_text_64B",
    "message_text_4KiB",
    "message_text_256KiB",
    "message_text_4MiB",
    "message_xml_1",
    "message_xml_100",
    "message_xml_10000",
]
START, END = "<!-- bench-table:start -->", "<!-- bench-table:end -->"


class Missing(Exception):
    pass


def load(root, group, function):
    """(median ns, bytes per iteration) of one benchmark."""
    base = root / group / function / "new"
    try:
        est = json.loads((base / "estimates.json").read_text())
        bench = json.loads((base / "benchmark.json").read_text())
    except FileNotFoundError as e:
        raise Missing(f"{group}/{function}: {e.filename} (run `cargo bench -p umcodec-benches` first)") from None
    ns = est["median"]["point_estimate"]
    throughput = bench.get("throughput") or {}
    nbytes = throughput.get("Bytes") or throughput.get("BytesDecimal")
    if nbytes is None:
        raise Missing(f"{group}/{function}: no Throughput::Bytes")
    return ns, nbytes


def mbps(ns, nbytes):
    return nbytes / ns * 1e3


def fmt_ns(ns):
    return f"{ns:,.0f}" if ns >= 100 else f"{ns:.1f}"


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import os

        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = "?"
    try:
        rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        rustc = "rustc ?"
    return f"{cpu}, {cores} cores available, {platform.system()} {platform.release()}, {rustc}"


def estimate_times(root):
    return [p.stat().st_mtime for p in root.glob("*/*/new/estimates.json")]


def paired(root):
    """The paired bench's rows by message (and the whole file under None),
    if this run wrote them; else None. Cargo runs the bench targets in
    name order (decode, encode, paired, scaling), so the file of the same
    run is newer than every decode estimate and older than every scaling
    one; a file from another run, or a cut-off one, is left out."""
    path = root / "paired.json"
    decode = [p.stat().st_mtime for p in root.glob("decode_*/*/new/estimates.json")]
    scaling = [p.stat().st_mtime for p in root.glob("scaling/*/new/estimates.json")]
    if not path.exists() or not decode or not scaling:
        return None
    if not max(decode) < path.stat().st_mtime < min(scaling):
        return None
    try:
        data = json.loads(path.read_text())
        rows = {m["message"]: m for m in data["messages"]}
        for m in rows.values():
            for key in ("umcodec_ns", "raw_ns", "ratio", "q1", "q3", "faster"):
                float(m[key])
        data["batch_us"], data["rounds"] = int(data["batch_us"]), int(data["rounds"])
    except (ValueError, KeyError, TypeError):
        return None
    rows[None] = data
    return rows


def run_date(root):
    """When the newest estimate was written (the run's date)."""
    stamps = estimate_times(root)
    if not stamps:
        raise Missing(f"no criterion output under {root}")
    return datetime.datetime.fromtimestamp(max(stamps), datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def table(root):
    lines = []
    results = {}
    lines.append(f"Run of {run_date(root)} on {machine()}; `cargo bench -p umcodec-benches` (criterion medians, "
                 "`[profile.bench]` with `lto = true`, `codegen-units = 1`), table by "
                 "`python3 scripts/bench_table.py --readme README.md`. "
                 "×: the contender's time divided by umcodec's in the same group "
                 "(above 1: slower than umcodec).")
    lines.append("")
    for kind, contenders in (("decode", DECODE), ("encode", ENCODE)):
        lines.append(f"**{kind}**")
        lines.append("")
        lines.append("| message | bytes | contender | ns/message | MB/s | × umcodec |")
        lines.append("|---|---:|---|---:|---:|---:|")
        for msg in MESSAGES:
            group = f"{kind}_{msg}"
            base, _ = load(root, group, "umcodec")
            for c in contenders:
                ns, nbytes = load(root, group, c)
                results[(group, c)] = (ns, nbytes)
                name = f"**{c}**" if c == "umcodec" else c
                lines.append(f"| {msg} | {nbytes} | {name} | {fmt_ns(ns)} | {mbps(ns, nbytes):,.0f} | {ns / base:.2f} |")
        lines.append("")
    lines.append("**scaling** (umcodec decode of a DisconnectPhoneCall error response)")
    lines.append("")
    lines.append("| input | bytes | ns/message | MB/s |")
    lines.append("|---|---:|---:|---:|")
    for f in SCALING:
        ns, nbytes = load(root, "scaling", f)
        results[("scaling", f)] = (ns, nbytes)
        lines.append(f"| {f} | {nbytes:,} | {fmt_ns(ns)} | {mbps(ns, nbytes):,.0f} |")
    lines.append("")
    pairs = paired(root)
    if pairs:
        run = pairs[None]
        lines.append("**paired** (umcodec's typed decode and the raw reader in alternating batches of about "
                     f"{run['batch_us']} µs, {run['rounds']:,} rounds per message, in this run: "
                     "`benches/benches/paired.rs`)")
        lines.append("")
        lines.append("| message | umcodec ns | quick-xml raw ns | ratio (median of rounds) | quartiles | rounds umcodec faster |")
        lines.append("|---|---:|---:|---:|---:|---:|")
        for msg in MESSAGES:
            p = pairs.get(msg)
            if p:
                lines.append(f"| {msg} | {p['umcodec_ns']:,.0f} | {p['raw_ns']:,.0f} | {p['ratio']:.3f} | "
                             f"{p['q1']:.3f} – {p['q3']:.3f} | {p['faster'] * 100:.0f} % |")
        lines.append("")
    else:
        lines.append("(No paired results from this run: `paired.json` in criterion's folder is missing, "
                     "unreadable or from another run.)")
        lines.append("")
    lines.extend(targets(results, pairs))
    return "\n".join(lines) + "\n"


def targets(r, pairs=None):
    """The issue's targets, each with the measured ratio and a verdict."""
    rows = ["**targets** (ratios of medians within this run)", "",
            "| target | message | measured | met |", "|---|---|---:|:---:|"]

    def row(target, msg, value, ok, unit="×"):
        rows.append(f"| {target} | {msg} | {value:.2f}{unit} | {'yes' if ok else '**no**'} |")

    for msg in MESSAGES:
        g = f"decode_{msg}"
        u = r[(g, "umcodec")][0]
        ratio = u / r[(g, "quick_xml")][0]
        row("decode ≤ 1.0× quick-xml raw Reader time", msg, ratio, ratio <= 1.0)
        row("(stretch) decode ≤ 0.7× quick-xml raw Reader time", msg, ratio, ratio <= 0.7)
        if pairs and msg in pairs:
            p = pairs[msg]["ratio"]
            row("decode ≤ 1.0× quick-xml raw Reader time, paired batches", msg, p, p <= 1.0)
        for peer, need in (("roxmltree", 2.0), ("quick_xml_ns", 2.0), ("quick_xml_serde", 3.0)):
            speedup = r[(g, peer)][0] / u
            row(f"decode ≥ {need}× faster than {peer}", msg, speedup, speedup >= need)
    for msg in MESSAGES:
        g = f"encode_{msg}"
        ns, nbytes = r[(g, "umcodec")]
        gbps = nbytes / ns
        row("encode ≥ 2 GB/s", msg, gbps, gbps >= 2.0, unit=" GB/s")
        row("(stretch) encode ≥ 5 GB/s", msg, gbps, gbps >= 5.0, unit=" GB/s")
        speedup = r[(g, "quick_xml_serde")][0] / ns
        row("encode ≥ 5× faster than quick_xml_serde", msg, speedup, speedup >= 5)
    text = mbps(*r[("scaling", "message_text_4MiB")])
    row("decode, 4 MiB MessageText ≥ 2,000 MB/s", "scaling", text, text >= 2000, unit=" MB/s")
    xml = mbps(*r[("scaling", "message_xml_10000")])
    row("decode, 10,000 MessageXml elements ≥ 500 MB/s", "scaling", xml, xml >= 500, unit=" MB/s")
    rows.append("")
    return rows


def default_criterion():
    """Where criterion 0.7 writes its results, as it decides it when cargo
    runs a bench from benches/ (so relative settings are taken from
    there): $CRITERION_HOME, else $CARGO_TARGET_DIR/criterion, else
    `criterion` in the target folder of `cargo metadata` (which follows
    CARGO_BUILD_TARGET_DIR and build.target-dir, and not --target)."""
    benches = pathlib.Path(__file__).resolve().parent.parent / "benches"
    home = os.environ.get("CRITERION_HOME")
    if home is not None:
        return str(benches / home)
    target = os.environ.get("CARGO_TARGET_DIR")
    if target is None:
        try:
            meta = subprocess.run(["cargo", "metadata", "--format-version", "1", "--no-deps"], cwd=benches,
                                  capture_output=True, text=True, check=True).stdout
            target = json.loads(meta)["target_directory"]
        except (OSError, subprocess.CalledProcessError, ValueError, KeyError):
            target = "target"
    return str(benches / target / "criterion")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--criterion", default=default_criterion(),
                    help="criterion's output directory (default: where criterion writes it: $CRITERION_HOME, "
                         "else $CARGO_TARGET_DIR/criterion, else criterion in cargo's target folder)")
    ap.add_argument("--readme", help="write the table into this README between the markers")
    args = ap.parse_args()
    try:
        text = table(pathlib.Path(args.criterion))
    except Missing as e:
        sys.exit(f"bench_table: {e}")
    if not args.readme:
        sys.stdout.write(text)
        return
    path = pathlib.Path(args.readme)
    readme = path.read_text()
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if not pattern.search(readme):
        sys.exit(f"bench_table: {path} has no {START} … {END} markers")
    path.write_text(pattern.sub(lambda _: f"{START}\n{text}{END}", readme, count=1))
    print(f"bench_table: wrote {path}")


if __name__ == "__main__":
    main()
