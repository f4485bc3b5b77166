"""The article span of the text path (cleaner.text.span): what joins a run, what ends it."""

from __future__ import annotations

from cleaner.text.lines import split_lines
from cleaner.text.rules import apply_line_rules
from cleaner.text.span import find_spans

PARAGRAPH = (
    "The regional council approved the new transport plan on Monday after months of debate, promising more buses "
    "for the outer districts and a new tram line by the end of the decade."
)
OTHER = (
    "Opposition members said the plan came too late for the villages that lost their last bus route two years ago, "
    "and asked the council to publish the timetable before the summer holidays begin."
)


def span_texts(text: str) -> list[str]:
    lines = split_lines(text)
    apply_line_rules(lines)
    found = find_spans(lines)
    assert found is not None
    return [line.text for line in lines[found[0] : found[1] + 1]]


def test_numbered_list_the_last_paragraph_announces_is_kept() -> None:
    items = [f"{n}) Offer number {n} on a board game" for n in range(1, 6)]
    links = [f"https://example.org/offer/{n}" for n in range(1, 6)]
    listed = [line for pair in zip(items, links, strict=True) for line in pair]
    text = "\n\n".join(
        ["Home", "News", PARAGRAPH, "Here are the best offers of the week:", *listed, "Leave a comment", "Menu"]
    )
    kept = span_texts(text.replace("week:", "week, picked by our editors for those who like to plan ahead:"))
    assert kept[-2:] == ["5) Offer number 5 on a board game", "https://example.org/offer/5"]


def test_list_without_numbers_or_colon_stays_out() -> None:
    text = "\n\n".join([PARAGRAPH, OTHER, "Offer on a board game", "Offer on a puzzle", "Offer on a kite"])
    assert span_texts(text) == [PARAGRAPH, OTHER]


def test_ad_slot_and_credited_captions_do_not_break_the_article() -> None:
    # a short opening paragraph, then a gallery, then the rest of the story: the gallery must not cut off the opening
    opening = "Police arrested six people on Monday during a drug investigation at a home in the north of the town."
    captions = [f"Councillor number {n} Submitted photo" for n in range(1, 7)]
    gallery = ["Story continues below gallery", "1 of 6", *captions]
    text = "\n\n".join(["Home", opening, *gallery, PARAGRAPH, OTHER, PARAGRAPH])
    kept = span_texts(text)
    assert kept[0] == opening and kept[-1] == PARAGRAPH and len(kept) == 1 + 2 + 6 + 3


def test_markup_shown_as_text_does_not_outscore_the_article() -> None:
    # a tracking pixel's tag and a style sheet left as text: hundreds of \w+ tokens, few space-separated words
    pixel = '<img src="https://px.example/c.gif?' + "&amp;".join(f"k{i}=v{i}x{i}" for i in range(80)) + '" alt="" />'
    style = "[data-x=root]{" + ";".join(f"font-{i}:GuardianTextSans-Regular-{i}" for i in range(60)) + "}"
    text = "\n\n".join([pixel, style, "Menu", PARAGRAPH, OTHER, "Share"])
    assert span_texts(text) == [PARAGRAPH, OTHER]
