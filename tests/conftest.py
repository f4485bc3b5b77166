from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"


def corpus_dir(name: str) -> Path:
    """The folder of a shared corpus, or skip the test with the reason when ../shared is not beside the repo."""
    folder = CORPORA / name
    if not (folder / "gold.jsonl").is_file():
        pytest.skip(f"{folder} is absent: the evaluation corpora live in ../shared beside the repo (present in CI)")
    return folder
