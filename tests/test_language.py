from cleaner import clean
from cleaner.dates import normalize_date
from cleaner.language import detect_language
from cleaner.words import month_number, months


def test_language_detected_and_none_when_short() -> None:
    assert (
        detect_language("Le gouvernement a présenté mercredi un projet de loi sur l'énergie éolienne en mer.") == "fr"
    )
    assert detect_language("Menu") is None
    assert detect_language(None) is None


def test_text_capture_gets_its_language() -> None:
    text = (
        "Die Bundesregierung hat am Mittwoch neue Regeln für den Ausbau der Windkraft beschlossen.\n\n"
        "Die Genehmigungen sollen schneller erteilt werden, das wurde lange erwartet und von Verbänden begrüßt.\n"
    )
    assert clean(text).language == "de"


def test_article_published_time_with_us_zone() -> None:
    assert normalize_date("Nov 19, 2019 1:03 PM ET") == "2019-11-19T13:03:00-05:00"
    assert normalize_date("Jul 4, 2021 9:00 AM ET") == "2021-07-04T09:00:00-04:00"
    assert normalize_date("Nov 19, 2019 1:03 PM") == "2019-11-19"  # a time with no zone is no instant
    assert normalize_date("3 de março de 2021") == "2021-03-03"


def test_one_month_table() -> None:
    assert month_number("grudnia") == 12 and month_number("märz") == 3
    assert len(months()) > 300
