"""Quality gate of the text path: body F1 on the plain-text corpora may not fall below the floors pinned in
tests/text_gate_baseline.json (skipped when ../shared/corpora is absent). Also the text path's speed on one core."""

from __future__ import annotations

import json
import time
from functools import cache
from pathlib import Path

import pytest

from cleaner import clean
from cleaner.evaluate import CorpusReport, evaluate_corpus

from .conftest import corpus_dir

BASELINE = json.loads((Path(__file__).parent / "text_gate_baseline.json").read_text(encoding="utf-8"))
FLOORS = [(corpus, metric) for corpus, floors in BASELINE["floors"].items() for metric in floors]
#: Text captures must clean at least this many pages per second on one core (issue 3).
MIN_PAGES_PER_SECOND = 500


@cache
def _report(corpus: str) -> CorpusReport:
    return evaluate_corpus(corpus_dir(corpus))


@pytest.mark.corpus
@pytest.mark.parametrize(("corpus", "metric"), FLOORS, ids=[f"{c}:{m}" for c, m in FLOORS])
def test_text_floor(corpus: str, metric: str) -> None:
    floor = BASELINE["floors"][corpus][metric]
    value = _report(corpus).body[metric.removeprefix("body_")]
    assert value >= floor, f"{corpus} {metric} fell to {value:.4f}, below its pinned floor {floor:.4f}"


def test_floors_are_never_above_targets_or_lowered_silently() -> None:
    lowered = {(e["corpus"], e["metric"]) for e in BASELINE.get("lowered", []) if e.get("reason")}
    for corpus, floors in BASELINE["floors"].items():
        for metric, floor in floors.items():
            assert 0 < floor <= 1
            target = BASELINE["targets"][corpus][metric]
            assert floor <= target or (corpus, metric) in lowered


@pytest.mark.corpus
@pytest.mark.slow
def test_text_pages_per_second() -> None:
    pages = [p.read_bytes() for p in sorted((corpus_dir("aeb-dev-text") / "pages").iterdir())]
    for page in pages[:5]:
        clean(page)
    best = 0.0
    for _ in range(3):  # best of three: the machine is shared
        start = time.perf_counter()
        for page in pages:
            clean(page)
        best = max(best, len(pages) / (time.perf_counter() - start))
    assert best >= MIN_PAGES_PER_SECOND, f"{best:.0f} pages/s"
