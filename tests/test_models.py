"""The shipped models: each loads with the package alone, carries its feature names, stays within the issue's
5 MB, and has a training report beside the scripts that made it (benchmarks/reports)."""

from __future__ import annotations

import dataclasses
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from cleaner.model import load_model, reusable_predictor

MODELS = sorted(p.name.removesuffix(".txt") for p in (resources.files("cleaner") / "data" / "models").iterdir()
                if p.name.endswith(".txt"))  # fmt: skip
REPORTS = Path(__file__).resolve().parent.parent / "benchmarks" / "reports"
MAX_MODEL_BYTES = 5 * 1024 * 1024


def test_models_are_shipped() -> None:
    assert {"html_blocks", "html_page_type", "text_lines", "text_page_type"} <= set(MODELS)


@pytest.mark.parametrize("name", MODELS)
def test_a_shipped_model_loads_and_predicts(name: str) -> None:
    path = resources.files("cleaner") / "data" / "models" / f"{name}.txt"
    assert len(path.read_bytes()) <= MAX_MODEL_BYTES
    model = load_model(name)
    assert model.feature_names and len(set(model.feature_names)) == len(model.feature_names)
    scores = np.asarray(model.predict(np.zeros((2, len(model.feature_names)))))
    assert scores.shape[0] == 2 and np.isfinite(scores).all()


@pytest.mark.parametrize("name", MODELS)
def test_the_reused_predictor_scores_as_booster_predict(name: str) -> None:
    """``Model.predict`` reuses LightGBM's private predictor (:func:`cleaner.model.reusable_predictor`): it must give
    ``Booster.predict``'s scores bit for bit, for one row and many, float32 and float64, zeros and missing values."""
    model = load_model(name)
    assert model.predictor is not None  # the pinned LightGBM has one: the reused predictor is what runs
    public = dataclasses.replace(model, predictor=None)
    rng = np.random.default_rng(11)
    for n in (1, 7, 300):
        rows = rng.standard_normal((n, len(model.feature_names))) * rng.choice([0.0, 1.0, 10.0, 1000.0], size=(n, 1))
        rows[rng.random(rows.shape) < 0.05] = np.nan
        for dtype in (np.float64, np.float32):
            fast, slow = np.asarray(model.predict(rows.astype(dtype))), np.asarray(public.predict(rows.astype(dtype)))
            assert fast.dtype == slow.dtype and fast.shape == slow.shape and np.array_equal(fast, slow)


def test_a_lightgbm_without_the_private_predictor_gets_none(monkeypatch: pytest.MonkeyPatch) -> None:
    """Then the model predicts by ``Booster.predict`` (``predictor=None``, checked above to give the same scores)."""
    import lightgbm.basic

    booster = load_model("text_structure").booster
    monkeypatch.delattr(lightgbm.basic, "_InnerPredictor")
    assert reusable_predictor(booster) is None


def test_every_model_has_a_training_report() -> None:
    reports = {p.stem for p in REPORTS.glob("*.json")}
    for name in MODELS:
        family = name.removesuffix("_context").split("_")[0]
        assert any(r.startswith(family) for r in reports), f"no training report for {name} in {REPORTS}"


def test_the_balanced_threshold_is_the_one_training_shipped() -> None:
    import json

    from cleaner.html.scorer import THRESHOLDS

    report = json.loads((REPORTS / "html_blocks.json").read_text("utf-8"))
    assert THRESHOLDS["balanced"] == report["balanced_threshold"]
