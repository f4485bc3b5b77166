"""Every line rule of the text path names its cut (see cleaner.text.rules)."""

from __future__ import annotations

import pytest

from cleaner.text.lines import split_lines
from cleaner.text.rules import apply_line_rules, is_truncated_copy, norm_tokens, repeats_title

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
