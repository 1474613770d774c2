#!/usr/bin/env python3
"""Summarises scripts/layouts.sh's runs: per message, the time ratios of
umcodec to quick-xml's raw Reader over the layouts, with the host quiet.

Input rows (stdin), one per message and run of one layout's binary:

    layout 3 run 1 | disconnect_phone_call_response | 655 | 615 | 1.065 | 1.054 – 1.076 | 2 % |

(umcodec ns, raw ns, median ratio of the rounds, quartiles, share of
rounds umcodec won). The host of the VMs this was written on alternates
quiet spells and busy ones in which both sides take 1.5-2x their time,
umcodec more than the raw reader; ratios from the two are not comparable.
A run counts as quiet when both of its times are within QUIET of the
fastest time that side had on that message in any run (layouts move the
times by about 10 %, busy spells by 50 % and more). Busy runs are
counted and their ratio range shown, apart.
"""

import statistics
import sys
from collections import defaultdict

QUIET = 1.25


def main() -> int:
    rows = defaultdict(list)  # message -> [(layout, ours, raw, ratio)]
    for line in sys.stdin:
        cells = [c.strip() for c in line.split("|")]
        if len(cells) < 6 or not cells[0].startswith("layout"):
            continue
        layout = int(cells[0].split()[1])
        rows[cells[1]].append((layout, float(cells[2]), float(cells[3]), float(cells[4])))
    if not rows:
        print("layouts.py: no runs read", file=sys.stderr)
        return 1
    print()
    print("| message | quiet runs | layouts | ratio min | median | max | layouts over 1.0 | umcodec ns | raw ns | busy runs (ratios) |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---|---|")
    for message, runs in rows.items():
        best_ours = min(r[1] for r in runs)
        best_raw = min(r[2] for r in runs)
        quiet = [r for r in runs if r[1] <= QUIET * best_ours and r[2] <= QUIET * best_raw]
        busy = [r for r in runs if r not in quiet]
        if not quiet:
            print(f"| {message} | 0 | | | | | | | | {len(busy)} (no quiet run) |")
            continue
        ratios = sorted(r[3] for r in quiet)
        by_layout = defaultdict(list)
        for r in quiet:
            by_layout[r[0]].append(r[3])
        over = sum(1 for v in by_layout.values() if statistics.median(v) > 1.0)
        busy_note = f"{len(busy)}" + (
            f" ({min(r[3] for r in busy):.2f}–{max(r[3] for r in busy):.2f})" if busy else ""
        )
        print(
            f"| {message} | {len(quiet)} | {len(by_layout)} | {ratios[0]:.3f} | "
            f"{statistics.median(ratios):.3f} | {ratios[-1]:.3f} | {over} of {len(by_layout)} | "
            f"{min(r[1] for r in quiet):.0f}–{max(r[1] for r in quiet):.0f} | "
            f"{min(r[2] for r in quiet):.0f}–{max(r[2] for r in quiet):.0f} | {busy_note} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
