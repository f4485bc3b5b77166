"""split_credit / looks_like_credit / clean_credit: captions as pages print them, with and without credits."""

from __future__ import annotations

import pytest

from cleaner.article import Caption
from cleaner.captions import clean_credit, labelled_credit, looks_like_credit, split_credit

SPLITS = [
    ("The ministers meet in Lisbon.(Lena Ortiz/Getty Images)",
     "The ministers meet in Lisbon.", "Lena Ortiz/Getty Images"),
    ("Protesters march downtown. (AP Photo/Evan Vucci)", "Protesters march downtown.", "AP Photo/Evan Vucci"),
    ("Jonas Brodin (25) celebrates his goal. (AP Photo/Jeffrey T. Barnes)", "Jonas Brodin (25) celebrates his goal.",
     "AP Photo/Jeffrey T. Barnes"),
    ("Sunset over the bay (Shutterstock)", "Sunset over the bay", "Shutterstock"),
    ("A space walk outside the station. (NASA via AP, File)", "A space walk outside the station.",
     "NASA via AP, File"),
    ("A view of the bay [Photo: Jane Doe]", "A view of the bay", "Jane Doe"),
    ("A quiet street. Photo: Jane Doe/AP", "A quiet street.", "Jane Doe/AP"),
    ("A cat in the sun. Photograph: Jane Doe/The Guardian", "A cat in the sun.", "Jane Doe/The Guardian"),
    ("A man walks by. Credit...Jane Doe for The New York Times", "A man walks by.",
     "Jane Doe for The New York Times"),
    ("Flowers in bloom. Photo by Jane Doe on Unsplash", "Flowers in bloom.", "Jane Doe on Unsplash"),
    ("Die Kanzlerin in Berlin. Foto: dpa", "Die Kanzlerin in Berlin.", "dpa"),
    ("Le président à Paris. Crédit photo : AFP", "Le président à Paris.", "AFP"),
    ("A house on the hill. © Jane Doe", "A house on the hill.", "Jane Doe"),
    ("Aerial view of the dam | Getty Images", "Aerial view of the dam", "Getty Images"),
    ("The team after the match. Reuters", "The team after the match.", "Reuters"),
    ("Christopher Battin Submitted photo", "Christopher Battin", "Submitted photo"),
    ("Thomas Jackson/Digital Vision/Getty Images", "", "Thomas Jackson/Digital Vision/Getty Images"),
    ("Image: Supplied", "", "Supplied"),
    ("Photo: Getty Images", "", "Getty Images"),
]  # fmt: skip


@pytest.mark.parametrize(("caption", "text", "credit"), SPLITS, ids=[s[0][:40] for s in SPLITS])
def test_split(caption: str, text: str, credit: str) -> None:
    assert split_credit(caption) == Caption(text, credit)


NO_CREDIT = [
    "President Obama (left) speaks with reporters.",
    "The photo shows a cat on a wall.",
    "FILE PHOTO: Traders work on the floor of the stock exchange.",
    "Smoke rises over the city. Satellite images show the damage.",
    "Workers and/or volunteers clean up the beach.",
    "The staff of the school gathered outside.",
    "Soccer ball on grass",
    "Why markets fell on Friday? It's complicated [Bloomberg]",
    "Get our free guide to the garden. Click here: https://example.com/Guide",
]


@pytest.mark.parametrize("caption", NO_CREDIT)
def test_no_credit(caption: str) -> None:
    assert split_credit(caption) == Caption(" ".join(caption.split()), None)


def test_whitespace_is_collapsed() -> None:
    assert split_credit("  A  street.\n Photo:  Jane Doe ") == Caption("A street.", "Jane Doe")


@pytest.mark.parametrize(
    "line",
    ["Jane Doe/AP", "Getty Images", "Photo: Jane Doe", "(AP Photo/Evan Vucci)", "© Reuters", "Credit: NASA/JPL",
     "Image: Supplied", "Photograph by Owen Clarke", "Foto: dpa", "evgenyb/iStock/Getty Images"],
)  # fmt: skip
def test_credit_lines(line: str) -> None:
    assert looks_like_credit(line)


@pytest.mark.parametrize(
    "line",
    ["The staff of the school gathered outside.", "Reuters reported the deal on Tuesday, citing three sources.",
     "Workers and/or volunteers clean up.", "(left)", "", "Photo: " + "word " * 40],
)  # fmt: skip
def test_not_credit_lines(line: str) -> None:
    assert not looks_like_credit(line)


@pytest.mark.parametrize(
    ("raw", "credit"),
    [("Photo by James Martin/CNET", "James Martin/CNET"), ("Photograph: Jane Doe", "Jane Doe"),
     ("(Getty Images)", "Getty Images"), ("Courtesy of the family", "the family"), ("Jane Doe/AP", "Jane Doe/AP")],
)  # fmt: skip
def test_clean_credit(raw: str, credit: str) -> None:
    assert clean_credit(raw) == credit


@pytest.mark.parametrize(
    ("caption", "text", "credit"),
    [("Premier w Sejmie. fot. Jan Kowalski/PAP", "Premier w Sejmie.", "Jan Kowalski/PAP"),
     ("Premier w Sejmie, fot. Jan Kowalski / PAP", "Premier w Sejmie", "Jan Kowalski / PAP"),
     ("Premier podczas konferencji (fot. Jan Kowalski/PAP)", "Premier podczas konferencji", "Jan Kowalski/PAP"),
     ("fot. PAP/Leszek Nowak", "", "PAP/Leszek Nowak"),
     ("Zdjęcie: Anna Nowak", "", "Anna Nowak"),
     ("Mieszkańcy przed ratuszem. Jan Kowalski/PAP", "Mieszkańcy przed ratuszem.", "Jan Kowalski/PAP")],
)  # fmt: skip
def test_polish_credits(caption: str, text: str, credit: str) -> None:
    # "fot." is a label whose dot is no sentence end: the caption keeps no stray "fot." and the credit no label
    assert split_credit(caption) == Caption(text, credit)


def test_polish_abbreviations_in_prose_are_not_credits() -> None:
    assert split_credit("Pisał o tym m.in. Jan Kowalski.").credit is None


@pytest.mark.parametrize(
    ("caption", "text", "credit"),
    [("He denied it. Image copyright Getty Images", "He denied it.", "Getty Images"),
     ("A prayer in Kathmandu. (Photo Jane Roe. AFP)", "A prayer in Kathmandu.", "Jane Roe. AFP")],
)  # fmt: skip
def test_label_without_separator(caption: str, text: str, credit: str) -> None:
    assert split_credit(caption) == Caption(text, credit)


@pytest.mark.parametrize(
    ("line", "credit"),
    [("Photo: Jane Doe/AP", "Jane Doe/AP"), ("(Foto: dpa)", "dpa"), ("fot. Jan Kowalski/PAP", "Jan Kowalski/PAP"),
     ("Jane Doe/AP", None), ("Photos show the damage", None)],
)  # fmt: skip
def test_labelled_credit(line: str, credit: str | None) -> None:
    assert labelled_credit(line) == credit
