"""Every line rule of the text path names its cut (see cleaner.text.rules)."""

from __future__ import annotations

import pytest

from cleaner.text.lines import split_lines
from cleaner.text.rules import (
    apply_line_rules,
    is_truncated_copy,
    mark_related_lists,
    mark_tickers,
    norm_tokens,
    repeats_title,
)

LONG = (
    "The regional council approved the new transport plan on Monday after months of debate, promising more buses "
    "for the outer districts and a new tram line by the end of the decade."
)


def rule_of(line: str) -> str | None:
    lines = split_lines(f"{LONG}\n\n{line}\n\n{LONG}")
    apply_line_rules(lines)
    return lines[1].rule


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Skip to content", "navigation"),
        ("Zum Inhalt springen", "navigation"),
        ("Aller au contenu principal", "navigation"),
        ("Advertisement", "ads"),
        ("Anzeige", "ads"),
        ("Advert", "ads"),
        ("Publicidad", "ads"),
        ("Reklama", "ads"),
        ("We use cookies to improve your experience. Accept all", "consent"),
        ("Wir verwenden Cookies. Alle akzeptieren", "consent"),
        ("Forgot your password?", "login"),
        ("Mot de passe oublié ?", "login"),
        ("Nie pamiętasz hasła?", "login"),
        ("Subscribe now", "paywall"),
        ("Réservé aux abonnés", "paywall"),
        ("Assine já", "paywall"),
        ("Sign up for our newsletter", "newsletter"),
        ("Iscriviti alla newsletter", "newsletter"),
        ("Schrijf je in voor de nieuwsbrief", "newsletter"),
        ("Thanks! Please check your inbox to confirm your subscription.", "newsletter"),
        ("Vielen Dank für Ihre Anmeldung!", "newsletter"),
        ("Iscrizione avvenuta con successo", "newsletter"),
        ("Share on Facebook", "share"),
        ("Compartir en Twitter", "share"),
        ("Udostępnij", "share"),
        ("Your browser is out of date.", "browser"),
        ("Votre navigateur est obsolète", "browser"),
        ("Related articles", "related"),
        ("Leia também", "related"),
        ("Lees ook", "related"),
        ("Leave a comment", "comments"),
        ("Lascia un commento", "comments"),
        ("12 comments", "counter"),
        ("3.4K shares", "counter"),
        ("5 min read", "counter"),
        ("Lesezeit: 4 Minuten", "counter"),
        ("5:50 PM", "counter"),
        ("2 hours ago", "counter"),
        ("1 of 6", "counter"),
        ("Foto 3 di 12", "counter"),
        ("Bild 2 von 5", "counter"),
        ("© 2019 Example Media Ltd. All rights reserved.", "copyright"),
        ("More in Science", "related"),
        ("Tags: budget, council, transport", "related"),
    ],
)
def test_line_rule_names_its_cut(line: str, rule: str) -> None:
    assert rule_of(line) == rule


@pytest.mark.parametrize(
    "line",
    [
        "Share prices fell sharply on Monday after the council announced the plan.",
        "Readers who subscribe to the paper were asked to share their view.",
        "The Background",
        LONG,
    ],
)
def test_article_lines_stay(line: str) -> None:
    assert rule_of(line) is None


def test_long_cookie_notice_is_consent() -> None:
    notice = (
        "This website uses cookies to improve your experience while you navigate through the website. Out of "
        "these, the cookies that are categorized as necessary are stored on your browser as they are essential. "
    ) * 3
    assert rule_of(notice) == "consent"


def test_tag_cloud_is_cut() -> None:
    cloud = " ".join(f"tag{i}" for i in range(40))
    assert rule_of(cloud) == "tags"


def test_menu_runs_are_cut_but_a_subhead_stays() -> None:
    lines = split_lines(f"World\nPolitics\nBusiness\nTech\nSport\n\n{LONG}\n\nThe Background\n\n{LONG}")
    apply_line_rules(lines)
    assert [line.rule for line in lines[:5]] == ["menu"] * 5
    assert lines[6].rule is None


def test_title_repeat_and_teaser() -> None:
    title = norm_tokens("Allies Agree to Study Missile Data")
    assert repeats_title(norm_tokens("Allies Agree to Study Missile Data Allies Agree to Study Missile Data"), title)
    assert not repeats_title(norm_tokens("Allies Agree"), title)
    assert is_truncated_copy("Allies Agree to Study Missile Data Allies Agree to Study Miss...", title, [])
    assert is_truncated_copy("The council met on Tuesday to…", [], [norm_tokens("The council met on Tuesday to vote.")])
    assert not is_truncated_copy("All...", title, [norm_tokens("All of it")])


def _related(text: str) -> list[str | None]:
    lines = split_lines(text)
    apply_line_rules(lines)
    mark_related_lists(lines, 0, len(lines) - 1)
    return [line.rule for line in lines]


def test_related_list_inside_the_article_is_cut() -> None:
    # a "Lire aussi" box between two paragraphs: its two headlines go, the article on both sides stays
    text = (
        f"{LONG}\n\nLire aussi\n\nLe tramway de la ville prolongé jusqu'à la gare en 2027\n"
        f"Les bus de nuit reviennent dans trois quartiers\n\n{LONG}"
    )
    assert _related(text) == [None, "related", "related-list", "related-list", None]


def test_related_list_takes_teasers_under_headlines() -> None:
    text = (
        f"{LONG}\n\nTop stories\n\nCouncil backs the new tram line\nThe vote passed by a wide margin on Monday.\n"
        f"Bus fares to stay the same next year\nThe operator said costs had been met.\n\nMost popular\n\n{LONG}"
    )
    assert _related(text) == [None, "related", *["related-list"] * 4, "related", None]


def test_short_paragraph_after_the_last_headline_stays() -> None:
    # the article goes on after the box with a short paragraph: a teaser would be followed by another headline
    text = (
        f"{LONG}\n\nRelated articles\n\nCouncil backs the new tram line\nBus fares to stay the same next year...\n"
        f"The mayor said the first trams would run in the spring.\n\n{LONG}"
    )
    assert _related(text) == [None, "related", "related-list", "related-list", None, None]


def test_short_label_with_a_colon_opens_a_list() -> None:
    text = f"{LONG}\n\nMore:\n\nCouncil backs the new tram line\nBus fares to stay the same next year\n\n{LONG}"
    assert _related(text) == [None, "navigation", "related-list", "related-list", None]


def test_related_heading_with_its_own_link_takes_no_list() -> None:
    text = f"{LONG}\n\nRelated: How the tram plan was drawn up\n\nWHAT COMES NEXT\n\n{LONG}"
    assert _related(text) == [None, "related", None, None]


def test_a_subhead_after_a_paragraph_is_not_a_list() -> None:
    assert _related(f"{LONG}\n\nWhat comes next\n\n{LONG}") == [None, None, None]


def test_live_feed_newest_first_is_a_ticker() -> None:
    feed = "14:44 Storm closes the coast road\n14:32 Ferry services cancelled until Friday\n13:54 Schools shut early"
    lines = split_lines(f"{LONG}\n\nLive\n\n{feed}\n\n{LONG}")
    apply_line_rules(lines)
    assert [line.rule for line in lines[2:5]] == ["ticker"] * 3
    assert lines[0].rule is None and lines[5].rule is None


def test_programme_in_time_order_is_not_a_ticker() -> None:
    programme = "09:00 Welcome and opening speech\n10:30 Panel on public transport\n12:00 Lunch in the main hall"
    lines = split_lines(f"{LONG}\n\n{programme}\n\n{LONG}")
    mark_tickers(lines)
    assert [line.rule for line in lines] == [None] * 5
