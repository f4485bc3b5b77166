"""Page type from page evidence: a LightGBM multiclass model (``data/models/html_page_type.txt``) over the page
vector of :func:`cleaner.html.features.page_vector` (JSON-LD / microdata types, ``og:type``, URL shape, repeated
structures, block statistics). Trained by ``scripts/train.py`` on the non-check pages of ``wcxb-dev`` (with the
``aeb-dev`` and ``readability-dev`` pages as articles).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from ..model import Model, load_model, model_available
from .features import PAGE_TYPES, page_names

__all__ = ["PAGE_TYPE_MODEL", "page_type_probs"]

PAGE_TYPE_MODEL = "html_page_type"


@cache
def _model() -> Model | None:
    """The shipped page-type model, looked up and checked once per process (a lookup stats the package's files);
    None when the package ships none."""
    if not model_available(PAGE_TYPE_MODEL):
        return None
    model = load_model(PAGE_TYPE_MODEL)
    if list(model.feature_names) != page_names():
        raise RuntimeError(f"{PAGE_TYPE_MODEL} was trained on other columns; retrain with scripts/train.py")
    return model


def page_type_probs(page: np.ndarray) -> np.ndarray | None:
    """Class probabilities in :data:`~cleaner.html.features.PAGE_TYPES` order, or None when no model ships."""
    model = _model()
    if model is None:
        return None
    probs = np.asarray(model.predict(page.reshape(1, -1)), dtype=np.float32).reshape(-1)
    out = np.zeros(len(PAGE_TYPES), dtype=np.float32)
    out[: len(probs)] = probs
    return out
