"""The shipped models: loaded once, on first use, from ``cleaner/data/models/<name>.txt`` (LightGBM text format).

Models are trained by ``scripts/train*.py`` from the non-check pages of ``../shared/corpora`` and committed with the
package; no corpus page ships. A model file carries its feature names, so a scorer can check at load time that it
builds the columns the model was trained on (a stale model fails loudly in the tests, not silently in production).
Inference needs only LightGBM and NumPy.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

__all__ = ["Model", "load_model", "model_available", "reusable_predictor"]


#: What every prediction asks of LightGBM. num_threads=1: a page is small, and threads would fight the process pool
#: that cleans many pages at once.
_PREDICT_PARAMETERS = {"num_threads": 1}


@dataclass(frozen=True)
class Model:
    """A loaded gradient-boosted tree model: ``predict(rows)`` gives one score (or class row) per feature row.

    ``predictor``: LightGBM's predictor for ``booster``, built once at load (see :func:`reusable_predictor`); None
    predicts by ``booster.predict``, which gives the same scores."""

    name: str
    booster: Any
    feature_names: tuple[str, ...]
    predictor: Any = field(default=None, repr=False, compare=False)

    def predict(self, rows: Any) -> Any:
        """Scores for a 2-D float array whose columns follow :attr:`feature_names` (probabilities for a binary
        model; one row of class probabilities each for a multiclass model)."""
        if self.predictor is not None:
            # the iteration Booster.predict uses when not told
            return self.predictor.predict(rows, num_iteration=self.booster.best_iteration)
        return self.booster.predict(rows, **_PREDICT_PARAMETERS)


def reusable_predictor(booster: Any) -> Any | None:
    """The predictor that ``booster.predict`` builds on each call (with :data:`_PREDICT_PARAMETERS`), built once:
    ``Booster.predict`` makes a new one per call, which re-reads the parameters and asks the library for the class
    count, a sizeable share of the cost of scoring a page's few dozen rows (the text structure model runs once per
    text capture, in the rendering time of issue 11). ``_InnerPredictor`` is private to LightGBM (pinned in
    pyproject.toml); None when this LightGBM has no such class, and the model then predicts by ``booster.predict``.
    ``tests/test_models.py`` checks that both give the same scores."""
    try:
        from lightgbm.basic import _InnerPredictor

        return _InnerPredictor.from_booster(booster, dict(_PREDICT_PARAMETERS))
    except (ImportError, AttributeError, TypeError):
        return None


def _path(name: str) -> Any:
    return resources.files("cleaner") / "data" / "models" / f"{name}.txt"


@functools.cache
def model_available(name: str) -> bool:
    """Whether the package ships model ``name`` (asked once per process: the package's files do not change)."""
    return bool(_path(name).is_file())


@functools.cache
def load_model(name: str) -> Model:
    """The shipped model ``name``, parsed once per process. Raises FileNotFoundError when it is not shipped."""
    import lightgbm

    text = _path(name).read_text(encoding="utf-8")
    booster = lightgbm.Booster(model_str=text)
    return Model(name, booster, tuple(booster.feature_name()), reusable_predictor(booster))
