"""What loading the classifier costs a process: import time and memory.

Every ticketd process (serve, ingest, each replica) imports the classifier
and compiles its rule tables into the lookup index at start. For each
checkout (this one, and another with ``--against``), ``--runs`` fresh
Python processes, alternating between the checkouts, import
``ticketd.domain.classifier`` and report the import's wall time, the
resident memory (RSS) right after it and the process's peak RSS. Prints
each run, then the medians and their ratio to the other checkout.

    python bench/classify_import.py
    python bench/classify_import.py --against /work/wt/old_d5 --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SCRIPT = """
import json, resource, time
started = time.perf_counter()
import ticketd.domain.classifier as classifier
seconds = time.perf_counter() - started
with open("/proc/self/statm") as statm:
    rss = int(statm.read().split()[1]) * resource.getpagesize()
print(json.dumps({
    "version": classifier.RULESET_VERSION,
    "seconds": seconds,
    "rss_mib": rss / 2**20,
    "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def measure(source: Path) -> dict:
    """One fresh process importing the classifier of ``source``."""
    env = {**os.environ, "PYTHONPATH": str(source / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", _SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, help="another checkout to compare with")
    parser.add_argument("--runs", type=int, default=5, help="processes per checkout")
    args = parser.parse_args(argv)
    sides = {"this": ROOT}
    if args.against:
        sides["other"] = args.against.resolve()
    runs: dict[str, list[dict]] = {side: [] for side in sides}
    for round_ in range(args.runs):
        for side, source in sides.items():
            result = measure(source)
            runs[side].append(result)
            print(
                f"run {round_ + 1} {side:5} {result['version']}: import {result['seconds']:.2f} s, "
                f"RSS {result['rss_mib']:.0f} MiB, peak {result['peak_mib']:.0f} MiB"
            )
    keys = ("seconds", "rss_mib", "peak_mib")
    medians = {
        side: {k: statistics.median(r[k] for r in results) for k in keys}
        for side, results in runs.items()
    }
    for side, m in medians.items():
        print(
            f"median {side:5} ({sides[side]}): import {m['seconds']:.2f} s, "
            f"RSS {m['rss_mib']:.0f} MiB, peak {m['peak_mib']:.0f} MiB"
        )
    if "other" in medians:
        this, other = medians["this"], medians["other"]
        print("ratio this/other: " + ", ".join(f"{k} {this[k] / other[k]:.2f}" for k in keys))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
