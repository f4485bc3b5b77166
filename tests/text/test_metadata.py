"""Metadata lines of the text path: dates, bylines, captions, publisher notes, site names."""

from __future__ import annotations

import pytest

from cleaner import clean
from cleaner.article import Article
from cleaner.extraction import Extraction
from cleaner.options import Options
from cleaner.text.lines import Line
from cleaner.text.metadata import (
    byline_in,
    caption_with_credit,
    credit_line,
    date_line,
    headline_shaped,
    line_byline,
    line_date,
    name_credit,
    parse_date,
    publisher_note,
    relative_stamp,
    site_name_in,
)
from cleaner.text.rules import norm_tokens


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Nov. 19, 2019 8:03 am ET", "2019-11-19"),
        ("18 NOV 2019", "2019-11-18"),
        ("19. November 2019, 10:31 Uhr", "2019-11-19"),
        ("Publié le 3 mars 2021 à 14h05", "2021-03-03"),
        ("19 de noviembre de 2019", "2019-11-19"),
        ("2019-11-19", "2019-11-19"),
        ("19.11.2019", "2019-11-19"),
        ("12 maja 2020", "2020-05-12"),
        ("11/19/2019", "2019-11-19"),
        # forms the text path reads since it shares the HTML path's parser (cleaner.dates)
        ("2019/11/19", "2019-11-19"),
        ("Tuesday, November 19th 2019", "2019-11-19"),
        ("2019年11月19日", "2019-11-19"),
        ("19-Nov-2019", "2019-11-19"),
        ("Stef KeeganAugust 5, 2024", "2024-08-05"),
    ],
)
def test_dates(text: str, iso: str) -> None:
    assert parse_date(text) == iso


_NAV = "\n".join(["Home", "News", "Sport", "Weather", "Travel", "Culture", "Business", "Science", "Health", "Opinion",
                  "Video", "Podcasts", "Newsletters", "Subscribe", "Search"])  # fmt: skip
_STORY = "Rivers rise in the valley after a week of rain\n\n" + "\n\n".join(
    ["River levels rose across the valley overnight as heavy rain kept falling on ground that was already soaked."]
    + [f"Residents in the lower town were told to move their cars upstairs, said officer {i}." for i in range(6)]
)


def test_the_top_of_a_capture_dates_it_and_an_undated_page_type_has_no_author_or_date(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the dateline sits above a menu, out of the article head's reach
    assert clean(f"Posted March 3, 2025\n{_NAV}\n\n{_STORY}\n").date == "2025-03-03"
    assert clean(f"Member since March 3, 2025\n{_NAV}\n\n{_STORY}\n").date is None  # another event's date
    far = "Valley Herald\n" + "x " * 1100 + f"\nMarch 3, 2025\n{_NAV}\n\n{_STORY}\n"  # not at the top
    assert clean(far).date is None
    # a product or service page has no author or date of its own (what looks like one is an item's or a template's)
    from cleaner.text import pipeline

    decide = pipeline.decide_lines

    def as_product(
        lines: list[Line], span: tuple[int, int] | None, ext: Extraction, options: Options, style: str
    ) -> None:
        decide(lines, span, ext, options, style)
        ext.page_type = "product"

    credited = f"{_NAV}\n\n" + _STORY.replace("\n\n", "\nBy Jane Doe\nMarch 3, 2025\n\n", 1)
    article = clean(credited)
    assert (article.byline, article.date) == ("Jane Doe", "2025-03-03")
    monkeypatch.setattr(pipeline, "decide_lines", as_product)
    assert clean(f"Posted March 3, 2025\n{_NAV}\n\n{_STORY}\n").date is None
    article = clean(credited)
    assert (article.byline, article.authors, article.date) == (None, (), None)


def test_ambiguous_date_is_not_guessed() -> None:
    assert parse_date("03/04/2019") is None


def test_date_line_and_what_is_left() -> None:
    found = date_line("Chris Davies - Nov 19, 2019, 10:31 pm CST", 9)
    assert found is not None and found[0] == "2019-11-19" and found[1] == "Chris Davies"
    assert (
        date_line("The vote on Nov 19, 2019 was the first one the council had held in years on the matter.", 19) is None
    )


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("By Sarah E. Needleman", "Sarah E. Needleman"),
        ("Von Hans Meier", "Hans Meier"),
        ("Par Sébastien Farcis", "Sébastien Farcis"),
        ("By Tess Bonn - 11/19/19 06:56 AM EST", "Tess Bonn"),
        # the name before the first separator, also on a long line
        ("By Genaveve Bradshaw ⋅ Senior Review Analyst ⋅ Updated March 5, 2025", "Genaveve Bradshaw"),
        ("By Matthew Frankel, CFP – Updated Mar 5, 2026 at 4:28 PM | Fact-checked by Frank Bass", "Matthew Frankel"),
        ("By: Ana Lopez on 04-ago-2021 5:11:10", "Ana Lopez"),
    ],
)
def test_bylines(line: str, byline: str) -> None:
    found = byline_in(line, len(line.split()))
    assert found is not None and found[0] == byline


def test_not_bylines() -> None:
    assert byline_in("By the end of the year the plan will be done", 10) is None
    sentence = "By the time the bridge reopened - two years late - most of the shops on the quay had closed for good"
    assert byline_in(sentence, len(sentence.split())) is None
    assert byline_in("Text Input:", 2) is None


@pytest.mark.parametrize(
    ("line", "publisher"),
    [
        (
            "This article was published in Coastal Policy Wire, which is produced independently.",
            "Coastal Policy Wire",
        ),
        ("This article originally appeared on The Conversation.", "The Conversation"),
        ("Reprinted with permission from Mother Jones.", "Mother Jones"),
        ("Dieser Artikel erschien zuerst bei Zeit Online.", "Zeit Online"),
        ("Cet article a été publié initialement dans Le Temps.", "Le Temps"),
        ("Este artículo fue publicado originalmente en El Faro.", "El Faro"),
        ("Questo articolo è stato pubblicato originariamente su Il Post.", "Il Post"),
        ("Este artigo foi publicado originalmente no Nexo.", "Nexo"),
        ("Dit artikel verscheen eerder in De Correspondent.", "De Correspondent"),
        ("Artykuł ukazał się pierwotnie w Tygodniku Powszechnym.", "Tygodniku Powszechnym"),
    ],
)
def test_publisher_notes(line: str, publisher: str) -> None:
    assert publisher_note(line) == publisher


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("You may not get the full experience here on Harbour Daily.", "Harbour Daily"),
        ("Willkommen bei Bergblick!", "Bergblick"),
        ("Thanks for reading Harbour Gazette.", "Harbour Gazette"),
    ],
)
def test_site_names(line: str, name: str) -> None:
    assert site_name_in(line) == name


@pytest.mark.parametrize(
    "line",
    [
        "© 2019 Vox Media, LLC. All Rights Reserved",  # the owner of several sites, not the site
        "Copyright 2020 Harbour Gazette Ltd",
        "Copyright Policy",
    ],
)
def test_copyright_holder_is_not_the_site_name(line: str) -> None:
    assert site_name_in(line) is None


def test_captions_and_credits() -> None:
    caption = caption_with_credit("The minister in Lisbon on Saturday.(Lena Ortiz/Getty Images)", 9)
    assert caption is not None and caption.credit == "Lena Ortiz/Getty Images"
    assert caption.text == "The minister in Lisbon on Saturday."
    assert caption_with_credit("The council said the vote (see below) was final.", 9) is None
    assert credit_line("Photo: Jane Doe/AP", 4) == "Jane Doe/AP"
    assert credit_line("(Walt Disney Co.)", 3) == "Walt Disney Co."
    assert credit_line("Home / News / World", 4) is None


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("// By Arun Kapoor • Nov 11, 2020", "Arun Kapoor"),
        ("by Jane Roe (reporting) and John Poe (photography)", "Jane Roe"),
        (
            "By Jane Roe, a deputy editor who has covered the shipping industry for a decade at two newspapers.",
            "Jane Roe",
        ),
    ],
)
def test_bylines_in_other_styles(line: str, byline: str) -> None:
    found = byline_in(line, len(line.split()))
    assert found is not None and found[0] == byline


def test_a_newsroom_credit_names_nobody() -> None:
    assert name_credit("BY HARBOUR STAFF") is None
    assert byline_in("BY HARBOUR STAFF", 3) is None
    found = name_credit("Jane Roe")
    assert found is not None and found[0] == "Jane Roe"


@pytest.mark.parametrize(
    ("line", "rest"),
    [("Jane Roe 1 day ago", "Jane Roe"), ("Jane Roe • 8h", "Jane Roe"), ("vor 3 Stunden", ""), ("před 2 hodinami", ""),
     ("Jane Roe", None), ("Meeting at 8 am", None)],
)  # fmt: skip
def test_relative_stamps(line: str, rest: str | None) -> None:
    assert relative_stamp(line) == rest


def test_polish_credit_line() -> None:
    assert credit_line("fot. Jan Kowalski/PAP", 3) == "Jan Kowalski/PAP"
    assert credit_line("Credit Jane Roe", 3) == "Jane Roe"
    assert credit_line("(See the end of the work for notes.)", 8) is None


def _line(text: str) -> Line:
    tokens = norm_tokens(text)
    return Line(text=text, index=0, tokens=tokens, words=len(tokens))


@pytest.mark.parametrize(
    "text",
    [
        "Edited by Jane Roe",  # a credit
        '"ETag": "1337ABCD1337ABCD"',  # data
        "History[edit]",  # a wiki section heading
        "Jane Roe",  # a name
        "Tech Insider",  # a label
        "Up Next Councils are bad at social media, and we share the blame",  # a teaser's label
        "Dec 28 Sat 2013 00:28",  # a time stamp
        "November 20",  # a date
        "4.5 Developer Network",  # a numbered section
        "Interest payments could pass the defence budget in 2023.CreditCreditJane Roe",  # a caption and its credit
        "The council met on Monday.",  # a sentence
        "Más LeídasBuenos AiresSeguridad",  # a menu whose separators were lost
    ],
)
def test_not_headline_shaped(text: str) -> None:
    assert not headline_shaped(_line(text))


@pytest.mark.parametrize(
    "text",
    ["Manhole Fires and Burst Pipes: How Winter Wreaks Havoc Underneath N.Y.C.", "'What is the sea telling us?'",
     "West Ham hrozí gigantům. Součka je snadné přehlédnout", "Hermitian matrix"],
)  # fmt: skip
def test_headline_shaped(text: str) -> None:
    assert headline_shaped(_line(text))


ARTICLE = [
    "Harbour council approves the new tram line to the airport after a long debate that lasted into the night.",
    "The tram line will have eleven stops along a route of nine kilometres, and the council expects it in 2027.",
    "Shop owners along the route asked for compensation while the works block the street in front of their shops.",
]


def _clean(lines: list[str]) -> Article:
    return clean("\n\n".join(lines))


def test_title_is_the_headline_that_names_the_topic() -> None:
    page = ["Home", "News", "Sport", "Up Next: Why councils are bad at social media",
            "Tram line to the airport approved", "By Jane Roe", "Weather warning for the coast", *ARTICLE]  # fmt: skip
    article = _clean(page)
    assert article.title == "Tram line to the airport approved"
    assert article.byline == "Jane Roe"


def test_title_next_to_the_byline_beats_a_sidebar_teaser() -> None:
    page = ["Popular now", "Airport tram: what the council said", "Essential items for the commute", "Menu",
            "Harbour council approves airport tram", "By Jane Roe", "March 3, 2022", *ARTICLE]  # fmt: skip
    assert _clean(page).title == "Harbour council approves airport tram"


def test_no_supported_headline_gives_no_title() -> None:
    # the only headline-shaped lines are far from the article and share nothing with it: no guess
    page = ["Daily Weather Forecast Service", "Subscribe to our podcast", "Cookie settings", "Terms of use",
            "Paragraph one is here.", *ARTICLE]  # fmt: skip
    assert _clean(page).title is None


@pytest.mark.parametrize("label", ["Contents", "Table of contents", "Inhaltsverzeichnis", "Sommaire"])
def test_table_of_contents_gives_no_title(label: str) -> None:
    # the entries of a list under a contents label (data/words/contents_labels.txt) are never the title
    page = [label, "Tram route and the eleven stops", "Airport tram costs", "Shop owners and compensation",
            "Timeline of the works", "Conclusion and next steps", *ARTICLE]  # fmt: skip
    assert _clean(page).title is None


def test_contents_label_is_read_from_the_shared_word_list() -> None:
    from cleaner.words import word_set

    assert {"table of contents", "inhaltsverzeichnis", "spis treści"} <= word_set("contents_labels")


def test_related_box_author_is_not_the_byline() -> None:
    page = ["Harbour council approves airport tram", "March 3, 2022", "Related stories", "Shops fear the works",
            "By John Poe", *ARTICLE]  # fmt: skip
    article = _clean(page)
    assert article.title == "Harbour council approves airport tram"
    assert article.byline is None


def test_text_dates_read_the_shared_month_and_weekday_lists() -> None:
    # months.txt and weekdays.txt (cleaner.words) hold more languages than the text path's old copy: Czech, Turkish,
    # Swedish names are now read here as on the HTML path.
    from cleaner.text.metadata import date_line, parse_date

    assert parse_date("19. listopadu 2019") == "2019-11-19"
    assert parse_date("3 ekim 2021") == "2021-10-03"
    assert date_line("tisdag 19 november 2019", 4) == ("2019-11-19", "")


@pytest.mark.parametrize(
    "text",
    ["By Jane Doe | May 3, 2024", "Jane Doe - Nov 19, 2019", "Published 2019-11-19", "Harbour plan approved", "Home"],
)
def test_line_memos_give_the_direct_answers(text: str) -> None:
    line = _line(text)
    for _ in range(2):  # computed, then remembered
        assert line_byline(line) == byline_in(text, line.words)
        assert line_date(line) == date_line(text, line.words)
        assert headline_shaped(line) == headline_shaped(_line(text))
