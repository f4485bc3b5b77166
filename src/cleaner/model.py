"""The shipped models: loaded once, on first use, from ``cleaner/data/models/<name>.txt`` (LightGBM text format).

Models are trained by ``scripts/train*.py`` from the non-check pages of ``../shared/corpora`` and committed with the
package; no corpus page ships. A model file carries its feature names, so a scorer can check at load time that it
builds the columns the model was trained on (a stale model fails loudly in the tests, not silently in production).
Inference needs only LightGBM and NumPy.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = ["Model", "load_model", "model_available"]


@dataclass(frozen=True)
class Model:
    """A loaded gradient-boosted tree model: ``predict(rows)`` gives one score (or class row) per feature row."""

    name: str
    booster: Any
    feature_names: tuple[str, ...]

    def predict(self, rows: Any) -> Any:
        """Scores for a 2-D float array whose columns follow :attr:`feature_names` (probabilities for a binary
        model; one row of class probabilities each for a multiclass model)."""
        # num_threads=1: a page is small, and threads would fight the process pool that cleans many pages at once
        return self.booster.predict(rows, num_threads=1)


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
    return Model(name, booster, tuple(booster.feature_name()))
