"""Accuracy and speed of the rule-based classifier on labelled corpora.

Corpora, reported separately, never pooled:

- ``dev``: ``tests/data/classification_cases.jsonl``, the development
  corpus the rules are tuned on;
- ``heldout``: ``tests/data/classification_heldout.jsonl``, written and
  labelled blind from the labelling rubric in ``docs/classification.md`` by
  people who never saw the rules;
- ``blind``: ``tests/data/classification_blind.jsonl``, two further batches
  written the same way and measured once, untouched, on ruleset
  ``2026.11-2`` (figures in ``docs/classification.md``).
  Once read, a batch is no longer blind: both have been read and tuned on
  for ``2026.11-3``, so all three are development data now;
- ``blind2``: ``tests/data/classification_blind2.jsonl``, a third blind
  batch, measured once, untouched, on ``2026.11-4``, then read and tuned on
  for ``2026.11-5`` like the others;
- ``blind3``: ``tests/data/classification_blind3.jsonl``, a fourth blind
  batch, measured once, untouched, on ``2026.11-5``, then read and tuned on
  for ``2026.11-6``, one half at a time with the other left out;
- ``blind4``: ``tests/data/classification_blind4.jsonl``, a fifth blind
  batch, measured once, untouched, on ``2026.11-5`` and ``2026.11-6``,
  then read and tuned on for ``2026.11-7`` to ``2026.11-11``;
- ``blind5``: ``tests/data/classification_blind5.jsonl``, a sixth blind
  batch, measured once, untouched, on ``2026.11-6`` and ``2026.11-11``,
  read through its aggregate figures only while ``2026.11-13`` was built
  from the rubric, then its requires_action and sentiment misses read and
  generalised by category;
- ``blind6``: ``tests/data/classification_blind6.jsonl``, a seventh blind
  batch, measured once, untouched, on ``2026.11-6``, ``2026.11-11`` and
  ``2026.11-14``, then used as the next round's validation set;
- ``blind7``: ``tests/data/classification_blind7.jsonl``, an eighth blind
  batch (880 tickets, half of them high, from four writers), measured
  once, untouched, on ``2026.11-6`` and ``2026.11-14``, then development
  data to generalise from;
- ``blind8``: ``tests/data/classification_blind8.jsonl``, a ninth blind
  batch, measured once, untouched, on ``2026.11-6``, ``2026.11-14`` and
  ``2026.11-19``, used as the next round's validation set, then
  development data;
- ``blind9``: ``tests/data/classification_blind9.jsonl``, a tenth blind
  batch (880 tickets, half of them high, from four writers), measured
  once, untouched, on ``2026.11-6`` and ``2026.11-19``, then development
  data to generalise from;
- ``blind10``: ``tests/data/classification_blind10.jsonl``, an eleventh
  blind batch, measured once, untouched, on ``2026.11-6``, ``2026.11-19``
  and ``2026.11-25``, then used as the next round's validation set;
- ``blind11``: ``tests/data/classification_blind11.jsonl``, a twelfth
  blind batch (660 tickets, half of them high, from three writers),
  measured once, untouched, on ``2026.11-6`` and ``2026.11-25``, then
  development data to generalise from.
  A new batch passed as a path measures generalisation.

Any other JSON-lines file with the same fields (subject, message, status,
urgency, sentiment, requires_action; optional id, note, kind, strong) can be
passed as a path. For each corpus the report gives, per dimension (urgency,
sentiment, requires_action): accuracy, per-label precision / recall / F1 and
the confusion matrix (rows: expected, columns: predicted); then high-urgency
recall and precision on their own line (the figures an alerting team feels),
and, where cases are marked ``strong``, how many of them came out high.
Speed is measured once, on the development corpus: median and p95
microseconds per ticket and tickets per second, on the whole corpus and on
"typical" tickets (subject + message of 120 to 300 characters).

    python bench/classify_eval.py                          # every corpus
    python bench/classify_eval.py --corpus heldout --misses
    python bench/classify_eval.py --corpus path/to/batch.jsonl --no-speed
    python bench/classify_eval.py --rounds 200             # more timing rounds
    python bench/classify_eval.py --summary                # one line per corpus and batch
    python bench/classify_eval.py --corpus dev --against /work/main --repeat 5

Floors on the development corpus: urgency >= 95 %, sentiment and
requires_action >= 90 % (the share of strong cases classified high is
reported; the tests pin it, naming the known misses). Targets on blind data:
high-urgency recall >= 0.95 and precision >= 0.85, urgency >= 0.80,
sentiment >= 0.85, requires_action >= 0.95. Speed: under 30 us median per
typical ticket. The exit status is 1 when a development floor or the speed
floor is missed; blind-data targets are reported, not enforced (a blind
batch is measured, not tuned on).

``--against CHECKOUT`` times another checkout's classifier (its
``src/ticketd``, loaded in this process under another package name) side
by side with this one: ticket by ticket, alternating which goes first, so
both see the same machine load; ``--repeat N`` does it N times and reports
each run's medians and their ratio, then the median of the runs. On a
shared, loaded machine absolute microseconds vary by half from run to run;
the ratio does not.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ticketd.domain.classifier import RULESET_VERSION, classify

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
CORPORA = {
    "dev": DATA / "classification_cases.jsonl",
    "heldout": DATA / "classification_heldout.jsonl",
    "blind": DATA / "classification_blind.jsonl",
    "blind2": DATA / "classification_blind2.jsonl",
    "blind3": DATA / "classification_blind3.jsonl",
    "blind4": DATA / "classification_blind4.jsonl",
    "blind5": DATA / "classification_blind5.jsonl",
    "blind6": DATA / "classification_blind6.jsonl",
    "blind7": DATA / "classification_blind7.jsonl",
    "blind8": DATA / "classification_blind8.jsonl",
    "blind9": DATA / "classification_blind9.jsonl",
    "blind10": DATA / "classification_blind10.jsonl",
    "blind11": DATA / "classification_blind11.jsonl",
}
DIMENSIONS = {
    "urgency": ("high", "medium", "low"),
    "sentiment": ("negative", "neutral", "positive"),
    "requires_action": (True, False),
}
DEV_FLOORS = {"urgency": 0.95, "sentiment": 0.90, "requires_action": 0.90}
BLIND_TARGETS = {
    "urgency": 0.80,
    "sentiment": 0.85,
    "requires_action": 0.95,
    "high recall": 0.95,
    "high precision": 0.85,
}
TYPICAL_US_FLOOR = 30.0


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _pairs(expected: list, predicted: list) -> list[tuple]:
    return list(zip(expected, predicted, strict=True))


def precision_recall(expected: list, predicted: list, label: object) -> tuple[float, float, int]:
    pairs = _pairs(expected, predicted)
    tp = sum(e == label and p == label for e, p in pairs)
    fp = sum(e != label and p == label for e, p in pairs)
    fn = sum(e == label and p != label for e, p in pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, tp + fn


def report_dimension(name: str, expected: list, predicted: list, goal: float, kind: str) -> float:
    labels = DIMENSIONS[name]
    pairs = _pairs(expected, predicted)
    correct = sum(e == p for e, p in pairs)
    accuracy = correct / len(pairs)
    verdict = "ok" if accuracy >= goal else ("BELOW FLOOR" if kind == "floor" else "below target")
    print(
        f"\n== {name}: accuracy {accuracy:.1%} ({correct}/{len(pairs)}), "
        f"{kind} {goal:.0%} {verdict}"
    )
    print(f"{'label':>10} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>7}")
    for label in labels:
        precision, recall, support = precision_recall(expected, predicted, label)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{label!s:>10} {precision:>9.3f} {recall:>7.3f} {f1:>6.3f} {support:>7}")
    print("confusion (rows expected, columns predicted):")
    print(" " * 11 + "".join(f"{label!s:>10}" for label in labels))
    for row in labels:
        counts = [sum(e == row and p == col for e, p in pairs) for col in labels]
        print(f"{row!s:>10} " + "".join(f"{n:>10}" for n in counts))
    return accuracy


def report_corpus(label: str, path: Path, show_misses: bool) -> bool:
    """Print one corpus's figures; True when its floors (dev) hold."""
    cases = load(path)
    results = [classify(c["subject"], c["message"], c.get("status", "open")) for c in cases]
    blind = label != "dev"
    goals = BLIND_TARGETS if blind else DEV_FLOORS
    kind = "target" if blind else "floor"
    print(f"\n######## {label}: {path.name}, {len(cases)} cases, ruleset {RULESET_VERSION}")
    ok = True
    for name in DIMENSIONS:
        expected = [c[name] for c in cases]
        predicted = [getattr(r, name) for r in results]
        ok &= report_dimension(name, expected, predicted, goals[name], kind) >= goals[name]

    expected = [c["urgency"] for c in cases]
    predicted = [r.urgency for r in results]
    precision, recall, support = precision_recall(expected, predicted, "high")
    line = f"\n== high urgency: recall {recall:.3f}, precision {precision:.3f} ({support} cases)"
    if blind:
        line += (
            f"; targets recall {BLIND_TARGETS['high recall']:.2f}, "
            f"precision {BLIND_TARGETS['high precision']:.2f}"
        )
    print(line)

    strong = [r for c, r in zip(cases, results, strict=True) if c.get("strong")]
    if strong:
        high = sum(r.urgency == "high" for r in strong)
        print(f"== strong signals: {high}/{len(strong)} high ({high / len(strong):.1%})")

    if show_misses:
        print(f"\n== misses ({label})")
        for case, result in zip(cases, results, strict=True):
            wrong = [
                f"{name}: want {case[name]} got {getattr(result, name)}"
                for name in DIMENSIONS
                if case[name] != getattr(result, name)
            ]
            if wrong:
                tag = case.get("kind") or case.get("note", "")
                print(f"{case.get('id', '?')} [{tag}] {'; '.join(wrong)}")
                print(f"    {case['subject']!r} / {case['message'][:160]!r}")
                print(f"    rules={result.rules} keywords={result.keywords}")
    return ok or blind


def summary_row(label: str, cases: list[dict], results: list) -> str:
    """One line of figures: accuracy per dimension and high recall / precision."""
    n = len(cases)
    hits = {
        name: sum(c[name] == getattr(r, name) for c, r in zip(cases, results, strict=True))
        for name in DIMENSIONS
    }
    precision, recall, support = precision_recall(
        [c["urgency"] for c in cases], [r.urgency for r in results], "high"
    )
    return (
        f"{label:<16} {n:>4} {support:>4} {hits['urgency'] / n:>8.1%} {recall:>7.3f} "
        f"{precision:>7.3f} {hits['sentiment'] / n:>9.1%} {hits['requires_action'] / n:>8.1%}"
    )


def report_summary(names: list[str]) -> None:
    """One line per corpus and, inside it, per batch (the case id without its
    number: ``fresh-g``, ``heldout-a``), for comparing rulesets and for
    leave-one-batch-out checks: tune on some batches, read the others."""
    print(f"\n== summary, ruleset {RULESET_VERSION}")
    print(
        f"{'corpus / batch':<16} {'n':>4} {'high':>4} {'urgency':>8} {'recall':>7} "
        f"{'precis.':>7} {'sentiment':>9} {'action':>8}"
    )
    for name in names:
        path = CORPORA.get(name, Path(name))
        cases = load(path)
        results = [classify(c["subject"], c["message"], c.get("status", "open")) for c in cases]
        print(summary_row(name if name in CORPORA else path.stem, cases, results))
        batches: dict[str, list[int]] = {}
        for index, case in enumerate(cases):
            batches.setdefault(case.get("id", "?").rsplit("-", 1)[0], []).append(index)
        if len(batches) > 1:
            for batch, indices in batches.items():
                print(
                    summary_row(
                        f"  {batch}", [cases[i] for i in indices], [results[i] for i in indices]
                    )
                )


def _ticket_micros(classifier: Callable, ticket: tuple[str, str, str], rounds: int) -> float:
    """The median of ``rounds`` timed batches of 20 calls, in microseconds."""
    subject, message, status = ticket
    samples = []
    for _ in range(rounds):
        start = time.perf_counter_ns()
        for _ in range(20):
            classifier(subject, message, status)
        samples.append((time.perf_counter_ns() - start) / 20 / 1000)
    return statistics.median(samples)


def time_per_ticket(texts: list[tuple[str, str, str]], rounds: int) -> list[float]:
    """Microseconds per ticket: for each ticket, the median of ``rounds``
    timed batches of repeated calls (perf_counter_ns)."""
    return [_ticket_micros(classify, ticket, rounds) for ticket in texts]


def load_other(checkout: Path, workdir: Path) -> Callable:
    """Another checkout's ``classify``: its ``src/ticketd`` copied under the
    package name ``ticketd_other`` (imports rewritten), so both versions
    live in one process."""
    package = workdir / "ticketd_other"
    shutil.copytree(checkout / "src" / "ticketd", package)
    for module in package.rglob("*.py"):
        text = module.read_text("utf-8")
        module.write_text(re.sub(r"\bticketd(?=[.\s])", "ticketd_other", text), "utf-8")
    sys.path.insert(0, str(workdir))
    return importlib.import_module("ticketd_other.domain.classifier").classify


def report_against(path: Path, checkout: Path, rounds: int, repeat: int) -> None:
    """This checkout's and another's typical-ticket and corpus medians, ticket
    by ticket in alternating order, ``repeat`` times, with their ratios."""
    cases = load(path)
    corpus_texts = [(c["subject"], c["message"], c.get("status", "open")) for c in cases]
    typical = [t for t in corpus_texts if 120 <= len(t[0]) + len(t[1]) <= 300]
    with tempfile.TemporaryDirectory() as workdir:
        other = load_other(checkout, Path(workdir))
        print(
            f"\n== speed on {path.name} against {checkout} (python {sys.version.split()[0]}, "
            f"{rounds} rounds x 20 calls per ticket, alternating order)"
        )
        ratios: dict[str, list[float]] = {"corpus": [], "typical": []}
        for run in range(1, repeat + 1):
            line = f"run {run}:"
            for label, texts in (("corpus", corpus_texts), ("typical", typical)):
                mine, theirs = [], []
                for index, ticket in enumerate(texts):
                    pair = [(mine, classify), (theirs, other)]
                    for micros, classifier in pair[:: 1 if index % 2 else -1]:
                        micros.append(_ticket_micros(classifier, ticket, rounds))
                ours, base = statistics.median(mine), statistics.median(theirs)
                ratios[label].append(ours / base)
                line += f"  {label} {ours:.1f} us vs {base:.1f} us ({ours / base:.3f})"
            print(line)
        print(
            "median ratio (this / other): "
            + ", ".join(f"{label} {statistics.median(r):.3f}" for label, r in ratios.items())
        )


def report_speed(path: Path, rounds: int) -> bool:
    cases = load(path)
    corpus_texts = [(c["subject"], c["message"], c.get("status", "open")) for c in cases]
    typical = [t for t in corpus_texts if 120 <= len(t[0]) + len(t[1]) <= 300]
    version = sys.version.split()[0]
    print(f"\n== speed on {path.name} (python {version}, {rounds} rounds x 20 calls per ticket)")
    ok = True
    for label, texts in (("corpus", corpus_texts), ("typical 120-300 chars", typical)):
        micros = time_per_ticket(texts, rounds)
        median = statistics.median(micros)
        p95 = statistics.quantiles(micros, n=20)[-1]
        start = time.perf_counter()
        for subject, message, status in texts * 20:
            classify(subject, message, status)
        rate = len(texts) * 20 / (time.perf_counter() - start)
        print(
            f"{label:>22}: {len(texts)} tickets, median {median:.1f} us, p95 {p95:.1f} us, "
            f"{rate:,.0f} tickets/s"
        )
        if label.startswith("typical"):
            ok = median < TYPICAL_US_FLOOR
            print(
                f"{'':>22}  floor {TYPICAL_US_FLOOR:.0f} us median: {'ok' if ok else 'ABOVE FLOOR'}"
            )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus",
        action="append",
        help="dev, heldout, blind, blind2 to blind11 or a path to a JSON-lines "
        "file; repeat for several (default: every corpus whose file exists)",
    )
    parser.add_argument("--rounds", type=int, default=30, help="timing rounds per ticket")
    parser.add_argument("--misses", action="store_true", help="list misclassified cases")
    parser.add_argument("--no-speed", action="store_true", help="skip the timing")
    parser.add_argument(
        "--against",
        type=Path,
        help="time another checkout's classifier side by side (a path holding src/ticketd)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs with --against")
    parser.add_argument(
        "--summary",
        action="store_true",
        help="only one line of figures per corpus and per batch inside it (no timing)",
    )
    args = parser.parse_args(argv)

    names = args.corpus or [name for name, path in CORPORA.items() if path.exists()]
    if args.summary:
        report_summary(names)
        return 0
    if args.against is not None:
        report_against(
            CORPORA.get(names[0], Path(names[0])), args.against, args.rounds, args.repeat
        )
        return 0
    ok = True
    for name in names:
        path = CORPORA.get(name, Path(name))
        label = name if name in CORPORA else path.stem
        ok &= report_corpus(label, path, args.misses)
    if not args.no_speed:
        ok &= report_speed(CORPORA["dev"], args.rounds)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
