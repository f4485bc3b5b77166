"""Quality gate: cleaner's scores on the shared evaluation corpora may not fall below the floors pinned in
tests/eval_baseline.json. Floors are raised with `python scripts/pin_baseline.py` and lowered only with
`--lower --reason "..."`, which records the reason in the file (never silently)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from cleaner.evaluate import CorpusReport, evaluate_corpus

from .conftest import corpus_dir

BASELINE = json.loads((Path(__file__).parent / "eval_baseline.json").read_text(encoding="utf-8"))
METRICS = [(corpus, metric) for corpus, floors in BASELINE["floors"].items() for metric in floors]


@cache
def report_for(corpus: str, root: Path | None = None) -> CorpusReport:
    """The report of a gate entry: a corpus name, "name@style" for a text corpus re-rendered in another capture
    style (``cleaner eval --capture-style``), and either with "/check" for its check split only (the pages no model
    was trained and no rule tuned on). ``root`` is the corpora folder (default: ../shared/corpora, or skip)."""
    name, _, split = corpus.partition("/")
    name, _, style = name.partition("@")
    folder = root / name if root is not None else corpus_dir(name)
    return evaluate_corpus(folder, capture_style=style or None, split="check" if split == "check" else "all")


def measured(report: CorpusReport, metric: str) -> float:
    """A metric name of the baseline file -> its value in a report: body_f1, body_precision, body_recall (AEB
    metric), words_f1 (WCXB metric), <field>_exact for a metadata field (title_exact, byline_exact, ...), or
    <field>_false_rate (the share of pages without the field where a value was given anyway), or
    structure_<kind>_f1 (the Markdown's headings, lists, code or tables against the gold's structure)."""
    if metric.startswith("structure_"):
        return float(report.summary(report.pages)["structure"][metric.split("_")[1]]["f1"])
    if metric.startswith("body_"):
        return report.body[metric.removeprefix("body_")]
    if metric.startswith("words_"):
        return report.words[metric.removeprefix("words_")]
    if metric.endswith("_false_rate"):
        return report.fields[metric.removesuffix("_false_rate")]["false_rate"]
    field, _, kind = metric.rpartition("_")
    return report.fields[field][kind]


@pytest.mark.corpus
@pytest.mark.parametrize(("corpus", "metric"), METRICS, ids=[f"{c}:{m}" for c, m in METRICS])
def test_floor(corpus: str, metric: str) -> None:
    floor = BASELINE["floors"][corpus][metric]
    value = measured(report_for(corpus), metric)
    assert value >= floor, f"{corpus} {metric} fell to {value:.4f}, below its pinned floor {floor:.4f}"


CEILINGS = [(corpus, metric) for corpus, ceilings in BASELINE.get("ceilings", {}).items() for metric in ceilings]


@pytest.mark.corpus
@pytest.mark.parametrize(("corpus", "metric"), CEILINGS, ids=[f"{c}:{m}" for c, m in CEILINGS])
def test_ceiling(corpus: str, metric: str) -> None:
    ceiling = BASELINE["ceilings"][corpus][metric]
    value = measured(report_for(corpus), metric)
    assert value <= ceiling, f"{corpus} {metric} rose to {value:.4f}, above its pinned ceiling {ceiling:.4f}"


def test_floors_are_never_lowered_without_a_reason() -> None:
    # Every floor below its first pinned value must have a matching entry in "lowered".
    lowered = {(e["corpus"], e["metric"]) for e in BASELINE.get("lowered", []) if e.get("reason")}
    for corpus, floors in BASELINE["first"].items():
        for metric, first in floors.items():
            now = BASELINE["floors"].get(corpus, {}).get(metric)
            assert now is not None, f"{corpus} {metric} was dropped from the gate"
            if now < first:
                assert (corpus, metric) in lowered, f"{corpus} {metric} lowered from {first} to {now} with no reason"
