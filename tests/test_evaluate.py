"""The evaluation metric, checked on cases worked out by hand from the corpora README's definition."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner import Article, CorpusError
from cleaner.evaluate import body_scores, evaluate_corpus, metadata_key, shingle_prf, token_f1


def test_identical_texts_score_one() -> None:
    scores = body_scores([("one two three four five", "one two three four five")])
    assert scores == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "accuracy": 1.0, "pages": 1.0}


def test_shingles_are_counted_as_multisets_and_normalised_per_page() -> None:
    # gold: a b c d e -> shingles abcd, bcde; prediction: a b c d x -> abcd, bcdx. TP 1, FP 1, FN 1 -> thirds.
    tp, fp, fn, total = shingle_prf("a b c d e", "a b c d x")
    assert (tp, fp, fn, total) == pytest.approx((1 / 3, 1 / 3, 1 / 3, 3))
    # punctuation and case do not split or merge tokens differently: \w+ only
    assert shingle_prf("A b, c. d!", "A b c d")[:3] == (1.0, 0.0, 0.0)


def test_corpus_precision_and_recall_are_means_of_page_values() -> None:
    pairs = [
        ("a b c d e", "a b c d e f g"),  # P = 2/4, R = 1
        ("p q r s t", ""),  # nothing predicted: no precision for this page, recall 0
    ]
    scores = body_scores(pairs)
    assert scores["precision"] == pytest.approx(0.5)
    assert scores["recall"] == pytest.approx(0.5)
    assert scores["f1"] == pytest.approx(0.5)
    assert scores["accuracy"] == 0.0


def test_metadata_key_normalises_as_the_readme_says() -> None:
    assert metadata_key("By  Sarah E. Needleman") == "sarah e needleman"
    assert metadata_key("ＡＢＣ News") == "abc news"  # NFKC folds full-width letters
    assert metadata_key(None) == ""
    assert token_f1("Jane Doe", "Jane Q. Doe") == pytest.approx(0.8)


def test_evaluate_corpus_on_a_corpus_written_here(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.html").write_bytes(b"<p>x</p>")
    (tmp_path / "pages" / "b.txt").write_bytes(b"y")
    rows = [
        {"id": "a", "body": "alpha beta gamma delta epsilon", "title": "T"},
        {"id": "b", "body": "one two three four", "title": None},
    ]
    (tmp_path / "gold.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    answers = {b"<p>x</p>": Article(text="alpha beta gamma delta epsilon", title="t"), b"y": Article(text="")}
    report = evaluate_corpus(tmp_path, clean_fn=lambda data, url=None: answers[data])
    assert report.body["recall"] == pytest.approx(0.5)
    assert report.body["precision"] == pytest.approx(1.0)
    assert report.fields["title"]["exact"] == 1.0  # "T" ~ "t"; None ~ None
    assert [p.id for p in report.pages] == ["a", "b"]


def test_a_folder_without_gold_is_a_corpus_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError):
        evaluate_corpus(tmp_path)


def test_restyle_makes_paste_and_dump_captures() -> None:
    from cleaner.evaluate import DUMP_WIDTH, restyle

    inner = "Menu\n\nA headline\n\n" + "A long paragraph of the story that goes on and on. " * 6 + "\n\nFooter\n"
    assert restyle(inner, "paste").splitlines() == ["Menu", "A headline", inner.split("\n\n")[2].strip(), "Footer"]
    dump = restyle(inner, "dump")
    assert all(len(line) <= DUMP_WIDTH for line in dump.splitlines())
    assert all(line.startswith("   ") for line in dump.splitlines() if line)
    assert " ".join(dump.split()) == " ".join(inner.split())  # same words, same order
    with pytest.raises(CorpusError):
        evaluate_corpus(Path("."), capture_style="fax")
