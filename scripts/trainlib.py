"""What the training scripts share: the corpora's non-check pages, labels from aligning units with the gold body,
reproducible LightGBM training, and writing a model into the package with a report beside it.

Never imported by the package. The check split (``cleaner.metrics.is_check``) is never trained or tuned on: the
pages :func:`corpus_pages` yields for ``split="train"`` exclude it, and reports measure on ``split="check"``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from cleaner.evaluate import load_corpus, select  # noqa: E402
from cleaner.tokens import WORD as _WORD  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
MODELS = ROOT / "src" / "cleaner" / "data" / "models"
REPORTS = ROOT / "benchmarks" / "reports"
#: One seed for everything random in training (LightGBM's bagging and feature sampling).
SEED = 20261130


def corpus_pages(name: str, split: str = "train") -> Iterator[tuple[dict[str, Any], bytes]]:
    """(gold row, page bytes as stored) for the pages of one split of corpus ``name``."""
    for row, path in select(load_corpus(CORPORA / name), split):  # type: ignore[arg-type]
        yield row, path.read_bytes()


def words(text: str | None) -> list[str]:
    return [w.lower() for w in _WORD.findall(text or "")]


def coverage_labels(units: Sequence[str], gold: str | None) -> list[float]:
    """For each unit (block or line) in page order, the share of its words found in the gold body.

    Words are consumed from the gold multiset as they are matched, in page order, so a boilerplate line that repeats
    a word of the article once does not claim it twice; a unit made only of very common words still matches, which
    is why callers label with a threshold (>= 0.5) and weigh units by their length.
    """
    pool = Counter(words(gold))
    out: list[float] = []
    for unit in units:
        toks = words(unit)
        if not toks:
            out.append(0.0)
            continue
        need = Counter(toks)
        hit = sum(min(n, pool[w]) for w, n in need.items())
        for w, n in need.items():
            if pool[w]:
                pool[w] -= min(n, pool[w])
        out.append(hit / len(toks))
    return out


def site_fold(group: str, folds: int) -> int:
    """The cross-validation fold of a site (``cleaner.metrics.split_key``): all pages of one site in one fold."""
    return int(hashlib.sha1(group.encode()).hexdigest(), 16) % folds


def lgbm_params(**overrides: Any) -> dict[str, Any]:
    """LightGBM settings that give the same model on every run of the same data (fixed seed, deterministic,
    one thread)."""
    params: dict[str, Any] = {
        "objective": "binary",
        "learning_rate": 0.05,
        "num_leaves": 31,
        "min_data_in_leaf": 40,
        "feature_fraction": 0.8,
        "bagging_fraction": 0.8,
        "bagging_freq": 1,
        "lambda_l2": 1.0,
        "seed": SEED,
        "deterministic": True,
        "force_row_wise": True,
        "num_threads": 1,
        "verbosity": -1,
    }
    params.update(overrides)
    return params


def save_model(booster: Any, name: str) -> Path:
    """Write ``booster`` as ``src/cleaner/data/models/<name>.txt`` (LightGBM text format, feature names inside)."""
    MODELS.mkdir(parents=True, exist_ok=True)
    path = MODELS / f"{name}.txt"
    path.write_text(booster.model_to_string(), encoding="utf-8")
    return path


def write_report(name: str, report: dict[str, Any]) -> Path:
    """Write a training report (check-split figures, settings, library versions) as JSON under benchmarks/reports."""
    import lightgbm

    REPORTS.mkdir(parents=True, exist_ok=True)
    report = {"lightgbm": lightgbm.__version__, "seed": SEED, **report}
    path = REPORTS / f"{name}.json"
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return path


def best_candidates(booster: Any, pages: list[dict[str, Any]], name: str) -> list[tuple[str | None, float]]:
    """For a candidate chooser (a metadata field): per page, the best-scored candidate's text and its score, from
    ``page[name]["rows"]`` (feature rows) and ``page[name]["texts"]``; (None, 0.0) for a page with no candidate."""
    import numpy as np

    out: list[tuple[str | None, float]] = []
    for page in pages:
        item = page[name]
        if not item["rows"]:
            out.append((None, 0.0))
            continue
        scores = booster.predict(np.asarray(item["rows"], dtype=np.float64), num_threads=1)
        best = int(np.argmax(scores))
        out.append((item["texts"][best], float(scores[best])))
    return out


Pick = tuple[str | None, float]


def chooser_scores(
    pages: list[dict[str, Any]], name: str, picks: list[Pick], threshold: float, key: Callable[[Any], str]
) -> dict[str, dict[str, float]]:
    """Per corpus, how a candidate chooser's ``picks`` fare for field ``name`` when a pick scoring below
    ``threshold`` gives no value: accuracy over pages whose gold has the field, and the false-value rate over pages
    whose gold has none (values compared by ``key``, e.g. ``cleaner.metrics.metadata_key``)."""
    by: dict[str, list[int]] = {}
    for page, (text, score) in zip(pages, picks, strict=True):
        item = page[name]
        if not item["has"]:
            continue
        s = by.setdefault(page["corpus"], [0, 0, 0, 0])
        value = text if score >= threshold else None
        gold = key(item["gold"])
        if gold:
            s[1] += 1
            s[0] += key(value) == gold
        else:
            s[3] += 1
            s[2] += bool(key(value))
    return {
        corpus: {"accuracy": round(ok / max(n, 1), 4), "pages": n, "false": round(bad / max(m, 1), 4), "null": m}
        for corpus, (ok, n, bad, m) in by.items()
    }


def threshold_curve(
    pages: list[dict[str, Any]], name: str, picks: list[Pick], key: Callable[[Any], str]
) -> dict[str, Any]:
    """:func:`chooser_scores` at thresholds 0.1 to 0.7, for the training report."""
    return {f"{t:.1f}": chooser_scores(pages, name, picks, t, key) for t in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)}


def gain_importance(booster: Any, names: Sequence[str]) -> dict[str, int]:
    """Each feature's total gain in ``booster``, largest first, for a training report."""
    gains = (int(v) for v in booster.feature_importance("gain"))
    return dict(sorted(zip(names, gains, strict=True), key=lambda kv: -kv[1]))
