"""Instructions per typical ticket of the classifier, under callgrind.

Wall-clock microseconds on a shared, loaded machine vary by half from run
to run; the number of instructions a classification executes does not.
For each checkout (this one, and another with ``--against``), one Python
process imports the classifier uninstrumented (``--instr-atstart=no``:
valgrind runs it at near native speed), switches instrumentation on
(``callgrind_control -i on``) and classifies the development corpus's
typical tickets (subject + message of 120 to 300 characters) ``--rounds``
times inside one ``functools.reduce`` call, the only code callgrind counts
(``--toggle-collect=functools_reduce``): instructions per typical ticket
are that count over the tickets classified. Needs valgrind; the hash seed
is fixed, so a run repeats to within a few hundred instructions.

    python bench/classify_instructions.py
    python bench/classify_instructions.py --against /work/wt/old_d5 --rounds 3
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "classification_cases.jsonl"
# Run in the measured process: classify the typical tickets ROUNDS times
# inside functools.reduce, once instrumentation is on.
_SCRIPT = """
import functools, gc, json, os, subprocess, sys
from ticketd.domain.classifier import classify
rounds = int(sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as lines:
    cases = [json.loads(line) for line in lines if line.strip()]
typical = [
    (c["subject"], c["message"], c.get("status", "open"))
    for c in cases
    if 120 <= len(c["subject"]) + len(c["message"]) <= 300
]
control = subprocess.Popen(
    ["callgrind_control", "-i", "on", str(os.getpid())], stdout=subprocess.DEVNULL
)
while control.poll() is None:  # valgrind takes the command while this runs
    pass

gc.disable()  # collections come at allocation counts: noise between runs
classify(*typical[0])  # the first call's one-off costs are start-up
functools.reduce(lambda done, ticket: (classify(*ticket), done)[1], typical * rounds, 0)
print(len(typical) * rounds)
"""
_TOTALS = re.compile(r"^(?:summary|totals):\s+(\d+)", re.MULTILINE)


def per_ticket(source: Path, rounds: int, workdir: Path) -> float:
    """Instructions per typical ticket of the classifier in ``source``."""
    out = workdir / f"callgrind.{os.getpid()}"
    env = {**os.environ, "PYTHONPATH": str(source), "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            "--toggle-collect=functools_reduce",
            f"--callgrind-out-file={out}",
            sys.executable,
            "-c",
            _SCRIPT,
            str(rounds),
            str(CORPUS),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    match = _TOTALS.search(out.read_text())
    if match is None or not int(match.group(1)):
        raise RuntimeError(f"nothing counted in {out}: {done.stderr[-500:]}")
    return int(match.group(1)) / int(done.stdout.split()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, help="another checkout (holding src/ticketd)")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the typical tickets")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed")
        return 1
    checkouts = [("this", ROOT)] + ([("other", args.against)] if args.against else [])
    figures = {}
    with tempfile.TemporaryDirectory() as workdir:
        for label, checkout in checkouts:
            figures[label] = per_ticket(checkout / "src", args.rounds, Path(workdir))
            print(f"{label} ({checkout}): {figures[label] / 1000:.1f} k instructions per ticket")
    if "other" in figures:
        print(f"ratio (this / other): {figures['this'] / figures['other']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
