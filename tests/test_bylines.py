"""normalize_byline: printed credits as pages write them -> (byline as printed, author names)."""

from __future__ import annotations

import pytest

from cleaner.bylines import author_credit, looks_like_name, normalize_byline, team_credit

CREDITS = [
    ("By Jane Doe", "Jane Doe", ["Jane Doe"]),
    ("by jane doe", "jane doe", ["jane doe"]),
    ("BY JOE HILDEBRAND", "JOE HILDEBRAND", ["JOE HILDEBRAND"]),
    ("By Jane Doe and John Smith, Staff Writers", "Jane Doe and John Smith", ["Jane Doe", "John Smith"]),
    ("By Jane Doe, Senior Political Correspondent", "Jane Doe", ["Jane Doe"]),
    ("Jane Doe - Staff Writer", "Jane Doe", ["Jane Doe"]),
    ("Jane Doe Staff Writer", "Jane Doe", ["Jane Doe"]),
    ("TOM KRISHER, AP Auto Writer", "TOM KRISHER", ["TOM KRISHER"]),
    ("MEG KINNARD, ERRIN HAINES, Associated Press", "MEG KINNARD, ERRIN HAINES", ["MEG KINNARD", "ERRIN HAINES"]),
    ("By Sandee LaMotte, CNN", "Sandee LaMotte", ["Sandee LaMotte"]),
    ("Ilana Muhlstein, MS, RDN", "Ilana Muhlstein", ["Ilana Muhlstein"]),
    ("By Brenda  Goodman, MA\n   WebMD Health News", "Brenda Goodman", ["Brenda Goodman"]),
    ("Analysis by Chris Cillizza, CNN", "Chris Cillizza", ["Chris Cillizza"]),
    ("Written by Rob Ewaschuk\n  Edited by Betsy Beyer", "Rob Ewaschuk", ["Rob Ewaschuk"]),
    ("By\nSarah E. Needleman", "Sarah E. Needleman", ["Sarah E. Needleman"]),
    ("By Nathan Willis\n   March 25, 2015", "Nathan Willis", ["Nathan Willis"]),
    ("By JANE DOE Updated: March 3, 2020 at 5:00 p.m.", "JANE DOE", ["JANE DOE"]),
    ("By Jane Doe | Follow @janedoe", "Jane Doe", ["Jane Doe"]),
    ("by Jane Doe • 5 min read", "Jane Doe", ["Jane Doe"]),
    ("By Jane Doe for MailOnline", "Jane Doe", ["Jane Doe"]),
    ("Bradley M. Kuhn (http://ebb.org/bkuhn/)", "Bradley M. Kuhn", ["Bradley M. Kuhn"]),
    ("Posted by Jane Doe on 12/03/2019", "Jane Doe", ["Jane Doe"]),
    ("Jane Doe jane.doe@example.com", "Jane Doe", ["Jane Doe"]),
    ("Von Hans Müller und Eva Schmidt", "Hans Müller und Eva Schmidt", ["Hans Müller", "Eva Schmidt"]),
    ("Par Sébastien Farcis", "Sébastien Farcis", ["Sébastien Farcis"]),
    ("Por María de la Cruz", "María de la Cruz", ["María de la Cruz"]),
    ("Maria Rossi e Luca Bianchi", "Maria Rossi e Luca Bianchi", ["Maria Rossi", "Luca Bianchi"]),
    ("Текст: Лида Буслаева", "Лида Буслаева", ["Лида Буслаева"]),
    ("Alexandre Hervaud, Jérémy Piette", "Alexandre Hervaud, Jérémy Piette", ["Alexandre Hervaud", "Jérémy Piette"]),
    ("Jane Doe & John Roe", "Jane Doe & John Roe", ["Jane Doe", "John Roe"]),
    # a credit said in a sentence; a "Head of ..." title up to the next comma; the serial comma before "and"
    (
        "This post was written by Danielle Padula,\nHead of Marketing and Community Development",
        "Danielle Padula",
        ["Danielle Padula"],
    ),
    ("The article is by Jane Doe", "Jane Doe", ["Jane Doe"]),
    ("Jane Doe, Head of Research and Policy, and John Roe", "Jane Doe, and John Roe", ["Jane Doe", "John Roe"]),
    ("Ann Lee, Mary Major, and John Roe", "Ann Lee, Mary Major, and John Roe", ["Ann Lee", "Mary Major", "John Roe"]),
    # a firm's "&" after the employer a job title names is the firm's, not another author
    ("Justin C. Meserole, Trial Attorney at Morgan & Morgan", "Justin C. Meserole", ["Justin C. Meserole"]),
    ("By Jane Doe, Reporter at The Times & Post", "Jane Doe", ["Jane Doe"]),
    ("Jane Doe for Smith & Jones", "Jane Doe", ["Jane Doe"]),
    ("Jane Doe, Staff Writer and John Roe", "Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
    # a credit that opens with a role word is a name of its own; only after a comma is it a job title
    ("Contributors to Wikimedia projects", "Contributors to Wikimedia projects",
     ["Contributors to Wikimedia projects"]),
    # a weekday before a date, or after "on", ends the credit; a weekday alone can be part of a name
    ("Olive Ryan Sat, 12/20/2025 - 10:00", "Olive Ryan", ["Olive Ryan"]),
    ("IndustrySelect on Tuesday", "IndustrySelect", ["IndustrySelect"]),
    ("Jane Doe » Sun Nov 26, 2023 4:12 pm", "Jane Doe", ["Jane Doe"]),
    ("By Lena H. Sun", "Lena H. Sun", ["Lena H. Sun"]),
    # a capture that lost the space between the name and the next element: case tells where the name ends
    ("Emmet WhiteUpdated Dec 3, 2025", "Emmet White", ["Emmet White"]),
    ("JONATHAN JONESLAST UPDATED", "JONATHAN JONES", ["JONATHAN JONES"]),
    ("ARRICCA ELIN SANSONEPUBLISHED: MAR 3, 2025", "ARRICCA ELIN SANSONE", ["ARRICCA ELIN SANSONE"]),
    ("JANE LASTMAN", "JANE LASTMAN", ["JANE LASTMAN"]),
    ("Jong, Michiel de", "Jong, Michiel de", ["Jong, Michiel de"]),
    ("The Associated Press", "The Associated Press", ["The Associated Press"]),
    ("Organization for Transformative Works", "Organization for Transformative Works",
     ["Organization for Transformative Works"]),
    ("史蒂文的家_藍天 (stevenhgm)", "史蒂文的家_藍天 (stevenhgm)", ["史蒂文的家_藍天 (stevenhgm)"]),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "byline", "authors"), CREDITS, ids=[c[0][:40] for c in CREDITS])
def test_credit(raw: str, byline: str, authors: list[str]) -> None:
    assert normalize_byline(raw) == (byline, authors)


NOBODY = [
    None,
    "",
    "Follow Author",
    "By Staff Reporter",
    "By Staff",
    "BY TMZ STAFF",
    "Our Foreign Staff",
    "Posted by admin on 12/03/2019",
    "devindra",
    "@janedoe",
    "https://www.example.com/author/jane-doe",
    "Share this article",
    "By " + "word " * 60,
    "Sat",  # what is left of "Sat, 12/20/2025": a weekday or a month alone is no name
    "Sun, 12/20/2025 - 10:00",
    "March",
    # a firm or an institution, by its legal or institutional ending, is never a person
    "Kneib Dentistry PC",
    "SmartEtailing Inc",
    "Michigan Technological University",
    "By Acme Widgets LLC",
]


@pytest.mark.parametrize("raw", NOBODY)
def test_no_one_credited(raw: str | None) -> None:
    assert normalize_byline(raw) == (None, [])


@pytest.mark.parametrize("name", ["Jane Doe", "JOE HILDEBRAND", "María José García-López", "李明", "Jane Doe (jdoe)"])
def test_names(name: str) -> None:
    assert looks_like_name(name)


@pytest.mark.parametrize("text", ["Follow", "Comments", "5 min read", "Staff Writer", "janedoe", "About the author"])
def test_not_names(text: str) -> None:
    assert not looks_like_name(text)


@pytest.mark.parametrize(
    ("text", "rest"),
    [("By Jane Doe", "Jane Doe"), ("Written by Jane Doe", "Jane Doe"), ("Von Hans Meier, Berlin", "Hans Meier, Berlin"),
     ("Tekst: Anna Nowak", "Anna Nowak"), ("Photos by Jane Doe", None), ("Byline", None), ("Bylaws", None)],
)  # fmt: skip
def test_author_credit(text: str, rest: str | None) -> None:
    # the opening words of an author credit, shared by normalize_byline and the text path's byline lines
    assert author_credit(text) == rest


@pytest.mark.parametrize(
    ("text", "team"),
    [("By the Lavazza Team", "the Lavazza Team"), ("Written by Our Editors", "Our Editors"),
     ("Podium Staff", "Podium Staff"), ("by News Desk", "News Desk"), ("Team Acme", "Team Acme"),
     ("The Currency editors", "The Currency editors"), ("Acme Editorial Team", "Acme Editorial Team"),
     ("Meet the team", None), ("Join our team", None), ("Our Team", None), ("Jane Doe", None),
     ("Staff Clinician", None), ("A team of 12 people wrote this", None)],
)  # fmt: skip
def test_team_credit(text: str, team: str | None) -> None:
    # a team credited as the author is a byline of its own (normalize_byline names no one there: no person)
    assert team_credit(text) == team
