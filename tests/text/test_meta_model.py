"""The learned title and author choosers of text captures (cleaner.text.meta_model)."""

from __future__ import annotations

from cleaner import clean
from cleaner.text import meta_model

ARTICLE = [
    "Harbour council approves the new tram line to the airport after a long debate that lasted into the night.",
    "The tram line will have eleven stops along a route of nine kilometres, and the council expects it in 2027.",
    "Shop owners along the route asked for compensation while the works block the street in front of their shops.",
]


def candidates(page: list[str]) -> dict[str, meta_model.Candidates]:
    """The title and author candidates the choosers see on a capture made of ``page``'s lines."""
    sink: list[dict[str, meta_model.Candidates]] = []
    meta_model.COLLECT = sink
    try:
        clean("\n\n".join(page))
    finally:
        meta_model.COLLECT = None
    return sink[0]


def test_shipped_models_read_the_columns_built_here() -> None:
    checks = meta_model.feature_check()
    assert set(checks) == {"title", "author"}
    for shipped, built in checks.values():
        assert tuple(shipped) == tuple(built)


def test_candidates_stay_few() -> None:
    page = [f"Menu item {i}" for i in range(200)] + ["Tram line to the airport approved", "By Jane Roe", *ARTICLE]
    found = candidates(page)
    assert len(found["title"].rows) <= meta_model.MAX_CANDIDATES
    assert len(found["author"].rows) <= meta_model.MAX_CANDIDATES


def test_slug_words() -> None:
    from cleaner.urls import slug_words  # shared with the HTML title chooser

    assert slug_words("https://example.org/news/tram-line-approved.html?x=1") == {"news", "tram", "line", "approved"}
    assert slug_words(None) == set()
    assert slug_words("https://example.org/") == set()


def test_date_then_credit_is_an_author_candidate() -> None:
    page = ["Why the Quadratic Formula Works", "Posted on March 3, 2022 by Tomás Ferreira", *ARTICLE]
    assert clean("\n\n".join(page)).byline == "Tomás Ferreira"


def test_forum_starters_askers_and_handles_are_author_candidates() -> None:
    from cleaner.text.lines import split_lines

    lines = split_lines(
        "Thread starter Bagabaga\n\nasked Feb 4, 2014 at 13:02\n\nvader_92\n\nblumo September 22, 2024, 2:43pm 1\n\n"
        "Mahua Das in Project Management"
    )
    reads = {i: meta_model._author_reads(lines, i) for i in range(len(lines))}
    found = {(byline, source) for r in reads.values() for byline, _, source in r}
    assert ("Bagabaga", meta_model.SOURCES["starter"]) in found
    assert ("vader_92", meta_model.SOURCES["starter"]) in found
    assert ("blumo", meta_model.SOURCES["handle"]) in found
    assert meta_model._name_or_handle("Mahua Das") == ("Mahua Das", ["Mahua Das"])
    assert meta_model._name_or_handle("two words here and more") is None


def test_the_thresholds_are_the_ones_training_chose() -> None:
    # scripts/train_text_meta.py chooses each field's threshold on out-of-fold scores and writes it in its report;
    # the chooser must use that threshold (a retrained model with a stale threshold gives other false-value rates)
    import json
    from pathlib import Path

    from cleaner.text.meta_model import FIELDS, THRESHOLDS

    reports = Path(__file__).resolve().parents[2] / "benchmarks" / "reports"
    for name in FIELDS:
        report = json.loads((reports / f"text_meta_{name}.json").read_text("utf-8"))
        assert THRESHOLDS[name] == report["threshold"], name


def test_a_name_the_page_repeats_inside_other_lines_is_marked() -> None:
    # a product page: the breadcrumb and a quantity label hold the product's name; the heading is the name alone
    page = [
        "Home / Shop / Atelier Sofa",
        "Atelier Sofa",
        "Atelier Sofa quantity",
        "Reviews",
        *ARTICLE,
    ]
    title = candidates(page)["title"]
    in_longer = meta_model.TITLE_FEATURES.index("in_longer")
    holds = meta_model.TITLE_FEATURES.index("holds_shorter")
    rows = dict(zip(title.texts, title.rows, strict=True))
    assert rows["Atelier Sofa"][in_longer] == 2
    assert rows["Atelier Sofa"][holds] == 0
    assert rows["Home / Shop / Atelier Sofa"][holds] == 1
    assert rows["Atelier Sofa quantity"][holds] == 1
    assert rows["Atelier Sofa quantity"][in_longer] == 0
    assert rows["Reviews"][in_longer] == 0
