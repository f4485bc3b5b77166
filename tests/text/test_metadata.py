"""Metadata lines of the text path: dates, bylines, captions, publisher notes, site names."""

from __future__ import annotations

import pytest

from cleaner.text.metadata import (
    byline_in,
    caption_with_credit,
    credit_line,
    date_line,
    parse_date,
    publisher_note,
    site_name_in,
)


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
    ],
)
def test_dates(text: str, iso: str) -> None:
    assert parse_date(text) == iso


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
    ],
)
def test_bylines(line: str, byline: str) -> None:
    found = byline_in(line, len(line.split()))
    assert found is not None and found[0] == byline


def test_not_bylines() -> None:
    assert byline_in("By the end of the year the plan will be done", 10) is None
    assert byline_in("Text Input:", 2) is None


@pytest.mark.parametrize(
    ("line", "publisher"),
    [
        (
            "This article was published in Global Security Newswire, which is produced independently.",
            "Global Security Newswire",
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
        ("You may not get the full experience here on National Journal.", "National Journal"),
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
    caption = caption_with_credit("The minister in Singapore on Saturday.(Pablo Martinez/Getty Images)", 9)
    assert caption is not None and caption.credit == "Pablo Martinez/Getty Images"
    assert caption.text == "The minister in Singapore on Saturday."
    assert caption_with_credit("The council said the vote (see below) was final.", 9) is None
    assert credit_line("Photo: Jane Doe/AP", 4) == "Jane Doe/AP"
    assert credit_line("(Walt Disney Co.)", 3) == "Walt Disney Co."
    assert credit_line("Home / News / World", 4) is None
