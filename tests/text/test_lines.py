"""Capture styles and line splitting of the text path."""

from __future__ import annotations

from cleaner.text.lines import _ASCII_WORD, _WORD, capture_style, split_lines, word_count

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


def test_a_headings_permalink_mark_is_no_text() -> None:
    """A documentation page's innerText ends each heading with its hover-only permalink ("Models¶"); a line of
    nothing else goes, and a "#" stays (it ends text: "C#")."""
    text = f"Models¶\n\n{PARAGRAPH}\n\nFields 🔗\n¶\nWritten in C#\n"
    lines = split_lines(text)
    assert [line.text for line in lines] == ["Models", PARAGRAPH, "Fields", "Written in C#"]
    assert [line.index for line in lines] == [0, 1, 2, 3]


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


def _dump(*paragraphs: list[str]) -> str:
    out: list[str] = []
    for para in paragraphs:
        out += [*para, ""]
    return "\n".join(out)


def test_line_pushed_down_by_a_long_word_is_joined() -> None:
    url = "https://www.example.org/reports/2024/annual-review-of-the-regional-transport-plan.pdf"
    head = _wrap("The full report, with the tables and the maps of every new route, can be read at")
    assert len(head[-1]) < 40  # short: not full by the width alone, only because the URL would not have fitted
    dump = _dump(_wrap(PARAGRAPH), [*head, "   " + url, *_wrap("and runs to two hundred pages.")], _wrap(PARAGRAPH))
    texts = [line.text for line in split_lines(dump)]
    assert texts[1] == (
        "The full report, with the tables and the maps of every new route, can be read at " + url
        + " and runs to two hundred pages."
    )  # fmt: skip
    assert len(texts) == 3


def test_short_line_followed_by_a_short_word_is_a_paragraph_end() -> None:
    dump = "\n".join([*_wrap(PARAGRAPH), *_wrap(PARAGRAPH), "   Read more", *_wrap(PARAGRAPH)])
    texts = [line.text for line in split_lines(dump)]
    assert "Read more" not in texts[0]


def test_prewrapped_lines_each_a_paragraph_join_where_the_sentence_runs_on() -> None:
    # every line its own paragraph (a blank line after each), as a dump shows text wrapped before the browser saw it
    lines = _wrap(PARAGRAPH)
    dump = _dump(_wrap(PARAGRAPH), *([line] for line in lines), _wrap(PARAGRAPH))
    assert all(line[3:4].islower() for line in lines[1:])
    texts = [line.text for line in split_lines(dump)]
    assert texts == [PARAGRAPH, PARAGRAPH, PARAGRAPH]


def test_blank_line_after_a_sentence_or_before_a_capital_stays_a_paragraph_end() -> None:
    first = _wrap("The council met on Tuesday evening to discuss the budget for the coming year, and the members")
    dump = _dump(_wrap(PARAGRAPH), first, ["   Council members then went home."], _wrap(PARAGRAPH), _wrap(PARAGRAPH))
    texts = [line.text for line in split_lines(dump)]
    assert texts[2] == "Council members then went home."  # capital after the blank line: not joined
    assert texts[3] == PARAGRAPH  # after a full sentence: not joined


def test_short_capture_indented_alike_is_a_dump() -> None:
    dump = "\n".join(_wrap(PARAGRAPH, width=110)[:2])
    assert len(dump.split("\n")) == 2
    assert capture_style(dump.split("\n")) == "wrapped"
    assert len(split_lines(dump)) == 1
    # the same two lines unindented, as innerText gives them, stay two lines
    assert len(split_lines("\n".join(line.strip() for line in dump.split("\n")))) == 2


def test_wrapped_chinese_and_japanese_join_without_a_space() -> None:
    sentence = 2 * (
        "市議会は火曜日の夜に来年度の予算について話し合い、長い議論の末に学校と道路への支出を一割増やすことで合意した。"
    )
    half = len(sentence) // 2
    dump = _dump(*[["   " + sentence[:half], "   " + sentence[half:]] for _ in range(4)], _wrap(PARAGRAPH) * 2)
    texts = [line.text for line in split_lines(dump)]
    assert texts[0] == sentence


def test_empty_brackets_are_text_not_form_widgets() -> None:
    dump = _dump(*[_wrap(PARAGRAPH.replace("budget", "budget() [ ] (*)"))] * 3)
    texts = [line.text for line in split_lines(dump)]
    assert "budget()" in texts[0] and "[ ]" not in texts[0] and "(*)" not in texts[0]


def test_ascii_tokens_are_the_word_tokens() -> None:
    """split_lines finds the tokens of an ASCII line with a character class: the same as ``\\w+`` there."""
    every = "".join(map(chr, range(128)))
    for text in (every, every[::-1], "Don't stop_me now: 3.5% of U.S. e-mail", "  __a1 B2__ "):
        assert _ASCII_WORD.findall(text.lower()) == _WORD.findall(text.lower())
