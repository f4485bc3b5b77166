"""Template learning across pages (cleaner.corpus.Templates)."""

from __future__ import annotations

import pickle

import pytest

from cleaner import Article
from cleaner.corpus import Templates
from cleaner.errors import OptionsError

FOOTER = "Harbour Gazette is published by the Harbour Trust, an independent charity."
NOTICE = "Letters to the editor may be edited for length and clarity before they are printed."


def page(n: int, *extra: str) -> Article:
    body = [f"Story number {n} tells of the harbour and its boats in the winter of year {2000 + n}.", *extra]
    return Article(text="\n\n".join(body), kind="text")


def test_recurring_blocks_are_template_and_cut_with_reason() -> None:
    pages = [page(n, FOOTER) for n in range(5)]
    templates = Templates.learn(pages)
    assert FOOTER in templates and len(templates) == 1
    cleaned = templates.strip(pages[0], explain=True)
    assert FOOTER not in cleaned.text and "Story number 0" in cleaned.text
    assert [(r.rule, r.text) for r in cleaned.removed] == [("template", FOOTER)]
    assert templates.strip(pages[1]).removed == ()


def test_a_block_on_one_page_only_is_never_template() -> None:
    lonely = page(0, NOTICE, NOTICE, NOTICE)
    templates = Templates.learn([lonely, page(1), page(2)], min_pages=2, min_share=0.1)
    assert NOTICE not in templates
    assert templates.strip(lonely).text == lonely.text


def test_min_share_and_min_pages() -> None:
    pages = [page(n, FOOTER) for n in range(3)] + [page(n) for n in range(3, 10)]
    assert FOOTER not in Templates.learn(pages)  # 3 of 10 pages < half
    assert FOOTER in Templates.learn(pages, min_share=0.3)
    with pytest.raises(OptionsError):
        Templates.learn(pages, min_pages=1)
    with pytest.raises(OptionsError):
        Templates.learn(pages, min_share=0)


def test_raw_text_captures_and_strip_text() -> None:
    captures = [f"Home\nNews\nSport\n\nStory {n} about the harbour.\n\n{FOOTER}" for n in range(4)]
    templates = Templates.learn(captures)
    assert "Story 0 about the harbour." in templates.strip_text(captures[0])
    assert FOOTER not in templates.strip_text(captures[0])
    assert "Sport" not in templates.strip_text(captures[0]).split("\n")


def test_round_trip_and_pickle() -> None:
    templates = Templates.learn([page(n, FOOTER) for n in range(4)])
    again = Templates.from_dict(templates.to_dict())
    assert again.keys == templates.keys and again.pages == 4
    assert pickle.loads(pickle.dumps(templates)).keys == templates.keys


def test_rejects_other_items() -> None:
    with pytest.raises(TypeError):
        Templates.learn([b"bytes"])  # type: ignore[list-item]
