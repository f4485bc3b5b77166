"""The shipped models: each loads with the package alone, carries its feature names, stays within the issue's
5 MB, and has a training report beside the scripts that made it (benchmarks/reports)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from cleaner.model import load_model

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
