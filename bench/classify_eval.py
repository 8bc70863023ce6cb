"""Accuracy and speed of the rule-based classifier on the labelled corpus.

Reads ``tests/data/classification_cases.jsonl``, classifies every case and
prints, for urgency, sentiment and requires_action: accuracy, per-label
precision / recall / F1 and a confusion matrix (rows: expected, columns:
predicted); then the share of strong-signal cases classified high, and the
classifier's speed: median and p95 microseconds per ticket and tickets per
second, on the corpus and on "typical" tickets (subject + message of 120 to
300 characters, about 200).

    python bench/classify_eval.py                # report
    python bench/classify_eval.py --misses       # also list every wrong case
    python bench/classify_eval.py --rounds 200   # more timing rounds

Floors (issue 6): urgency >= 95 %, sentiment and requires_action >= 90 %,
strong signals 100 % high, under 30 us median per typical ticket.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from ticketd.domain.classifier import RULESET_VERSION, classify

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "classification_cases.jsonl"
DIMENSIONS = {
    "urgency": ("high", "medium", "low"),
    "sentiment": ("negative", "neutral", "positive"),
    "requires_action": (True, False),
}
FLOORS = {"urgency": 0.95, "sentiment": 0.90, "requires_action": 0.90}
TYPICAL_US_FLOOR = 30.0


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def report_dimension(name: str, expected: list, predicted: list) -> float:
    labels = DIMENSIONS[name]
    correct = sum(e == p for e, p in zip(expected, predicted, strict=True))
    accuracy = correct / len(expected)
    floor = FLOORS[name]
    verdict = "ok" if accuracy >= floor else "BELOW FLOOR"
    print(
        f"\n== {name}: accuracy {accuracy:.1%} ({correct}/{len(expected)}), "
        f"floor {floor:.0%} {verdict}"
    )
    print(f"{'label':>10} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>7}")
    for label in labels:
        tp = sum(e == label and p == label for e, p in zip(expected, predicted, strict=True))
        fp = sum(e != label and p == label for e, p in zip(expected, predicted, strict=True))
        fn = sum(e == label and p != label for e, p in zip(expected, predicted, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{label!s:>10} {precision:>9.3f} {recall:>7.3f} {f1:>6.3f} {tp + fn:>7}")
    print("confusion (rows expected, columns predicted):")
    print(" " * 11 + "".join(f"{label!s:>10}" for label in labels))
    for row in labels:
        counts = [
            sum(e == row and p == col for e, p in zip(expected, predicted, strict=True))
            for col in labels
        ]
        print(f"{row!s:>10} " + "".join(f"{n:>10}" for n in counts))
    return accuracy


def time_per_ticket(texts: list[tuple[str, str, str]], rounds: int) -> list[float]:
    """Microseconds per ticket: for each ticket, the median of ``rounds``
    timed batches of repeated calls (perf_counter_ns)."""
    per_ticket = []
    repeat = 20
    for subject, message, status in texts:
        samples = []
        for _ in range(rounds):
            start = time.perf_counter_ns()
            for _ in range(repeat):
                classify(subject, message, status)
            samples.append((time.perf_counter_ns() - start) / repeat / 1000)
        per_ticket.append(statistics.median(samples))
    return per_ticket


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--rounds", type=int, default=30, help="timing rounds per ticket")
    parser.add_argument("--misses", action="store_true", help="list misclassified cases")
    args = parser.parse_args(argv)

    cases = load(args.corpus)
    results = [classify(c["subject"], c["message"], c["status"]) for c in cases]
    print(f"ruleset {RULESET_VERSION}, corpus {args.corpus.name}: {len(cases)} cases")
    ok = True
    for name in DIMENSIONS:
        expected = [c[name] for c in cases]
        predicted = [getattr(r, name) for r in results]
        ok &= report_dimension(name, expected, predicted) >= FLOORS[name]

    strong = [(c, r) for c, r in zip(cases, results, strict=True) if c["strong"]]
    strong_high = sum(r.urgency == "high" for _, r in strong)
    print(
        f"\n== strong signals: {strong_high}/{len(strong)} high "
        f"({strong_high / max(1, len(strong)):.1%}), floor 100%"
    )
    ok &= strong_high == len(strong)

    if args.misses:
        print("\n== misses")
        for case, result in zip(cases, results, strict=True):
            wrong = [
                f"{name}: want {case[name]} got {getattr(result, name)}"
                for name in DIMENSIONS
                if case[name] != getattr(result, name)
            ]
            if wrong:
                print(f"{case['id']} [{case['note']}] {'; '.join(wrong)}")
                print(f"    {case['subject']!r} / {case['message'][:110]!r}")
                print(f"    rules={result.rules} keywords={result.keywords}")

    corpus_texts = [(c["subject"], c["message"], c["status"]) for c in cases]
    typical = [t for t in corpus_texts if 120 <= len(t[0]) + len(t[1]) <= 300]
    version = sys.version.split()[0]
    print(f"\n== speed (python {version}, {args.rounds} rounds x 20 calls per ticket)")
    for label, texts in (("corpus", corpus_texts), ("typical ~200 chars", typical)):
        micros = time_per_ticket(texts, args.rounds)
        median = statistics.median(micros)
        p95 = statistics.quantiles(micros, n=20)[-1]
        start = time.perf_counter()
        for subject, message, status in texts * 20:
            classify(subject, message, status)
        rate = len(texts) * 20 / (time.perf_counter() - start)
        print(
            f"{label:>20}: {len(texts)} tickets, median {median:.1f} us, p95 {p95:.1f} us, "
            f"{rate:,.0f} tickets/s"
        )
        if label.startswith("typical"):
            ok &= median < TYPICAL_US_FLOOR
            print(
                f"{'':>20}  floor {TYPICAL_US_FLOOR:.0f} us median: "
                f"{'ok' if median < TYPICAL_US_FLOOR else 'ABOVE FLOOR'}"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
