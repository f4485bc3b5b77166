"""Capture styles and line splitting of the text path."""

from __future__ import annotations

from cleaner.text.lines import capture_style, split_lines, word_count

PARAGRAPH = (
    "The council met on Tuesday evening to discuss the budget for the coming year, and after a long debate the "
    "members agreed to raise the spending on schools and roads by a tenth while keeping the taxes where they are."
)


def _wrap(text: str, width: int = 72, indent: str = "   ") -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if len(indent) + len(current) + len(word) + 1 > width:
            lines.append(indent + current.strip())
            current = ""
        current += " " + word
    lines.append(indent + current.strip())
    return lines


def test_innertext_paragraphs_are_lines() -> None:
    text = f"Menu\nHome\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n"
    lines = split_lines(text)
    assert [line.text for line in lines] == ["Menu", "Home", PARAGRAPH, PARAGRAPH]
    assert capture_style(text.split("\n")) == "innertext"
    assert lines[2].blank_before and not lines[1].blank_before


def test_copy_paste_single_newlines() -> None:
    text = f"Menu\n{PARAGRAPH}\n{PARAGRAPH}"
    assert capture_style(text.split("\n")) == "paste"
    assert [line.text for line in split_lines(text)] == ["Menu", PARAGRAPH, PARAGRAPH]


def test_wrapped_dump_is_joined_and_markers_dropped() -> None:
    marked = PARAGRAPH.replace("budget", "[12]budget")
    dump = ["   [1]Home [2]News", "", *_wrap(marked), "", *_wrap(PARAGRAPH), "", "References", "",
            "   1. https://example.org/", "   2. https://example.org/news"]  # fmt: skip
    assert capture_style(dump) == "wrapped"
    texts = [line.text for line in split_lines("\n".join(dump))]
    assert texts == ["Home News", PARAGRAPH, PARAGRAPH]


def test_wrapped_dump_keeps_list_items_apart() -> None:
    dump = [
        *_wrap(PARAGRAPH),
        "",
        *_wrap(PARAGRAPH),
        "",
        *_wrap(PARAGRAPH),
        "",
        "     * first item",
        "     * second item",
    ]
    texts = [line.text for line in split_lines("\n".join(dump))]
    assert texts[-2:] == ["first item", "second item"]


def test_cjk_words_are_counted_by_characters() -> None:
    assert word_count("今回の事件のように") > 3
    assert word_count("Hello world") == 2


def test_formula_split_one_symbol_per_line_is_joined() -> None:
    # innerText of rendered maths (MathML/MathJax): one symbol per line, inside a sentence
    symbols = ["a", "x", "2", "+", "b", "x", "+", "c", "=", "0"]
    text = "\n".join(["Every quadratic equation", *symbols, "has at most two solutions.", "", PARAGRAPH])
    texts = [line.text for line in split_lines(text)]
    assert texts == ["Every quadratic equation a x 2 + b x + c = 0 has at most two solutions.", PARAGRAPH]


def test_calendar_and_pagination_are_not_formulas() -> None:
    calendar = "\n".join(str(day) for day in range(1, 29))
    pages = "\n".join(["«", "1", "2", "3", "4", "5", "6", "»"])
    for text in (calendar, pages, "\n".join("ABCDEFGHIJ")):
        lines = split_lines(text)
        assert len(lines) == len(text.split("\n"))
