"""``clean()``: the one core function. load -> HTML or text path -> shared block rules -> Article.

Pure: no I/O, no global state; safe to call from threads and processes; arguments and result pickle.
"""

from __future__ import annotations

from typing import Any

from .article import Article
from .blocks import finish_blocks
from .errors import CleanerError, SourceTypeError
from .language import detect_language
from .load import load
from .options import Options, resolve_options

__all__ = ["clean", "warm_up"]


def clean(
    source: Any,
    *,
    url: str | None = None,
    options: Options | None = None,
    charset: str | None = None,
    content_encoding: str | None = None,
) -> Article:
    """Clean one captured page.

    ``source`` is the page as bytes (any encoding, maybe gzip/zstd/deflate-compressed), as str (HTML or a
    plain-text capture: told apart automatically), or as a BeautifulSoup object. ``url`` is where the page
    came from; ``charset`` an HTTP Content-Type charset and ``content_encoding`` an HTTP Content-Encoding, when
    known. A page that cannot be cleaned gives an Article whose ``flags`` say why; only a wrong argument type
    raises (:class:`~cleaner.errors.SourceTypeError`).

    >>> clean("<html><body><article><p>" + "Words enough to be an article. " * 20 + "</p></article></body></html>").kind
    'html'
    """
    options = resolve_options(options)
    if url is not None and not isinstance(url, str):
        raise SourceTypeError(f"url must be a str, not {type(url).__name__}")
    try:
        return _clean(source, url, options, charset, content_encoding)
    except CleanerError:
        raise  # the caller's mistake (a source of the wrong type): the contract lets these through
    except MemoryError:
        raise  # out of memory is the process's state, not the page's: the sandbox reports it and replaces its worker
    except Exception as exc:
        # The contract: an Article or a CleanerError, for every input. A rule that crashes on a page it did not
        # foresee (a RecursionError, a KeyError on odd markup) loses that page, not the caller's whole run.
        reason = f"{type(exc).__name__} in cleaning: {exc}"
        return Article(url=url, flags={"failed": reason[:_MAX_REASON]})


#: Longest reason kept from an unexpected exception (a message can quote the whole page).
_MAX_REASON = 500


def _clean(
    source: Any, url: str | None, options: Options, charset: str | None, content_encoding: str | None
) -> Article:
    loaded = load(source, options=options, charset=charset, content_encoding=content_encoding)
    if loaded.refused:
        return Article(kind="html" if loaded.kind == "html" else "text", url=url, flags={"refused": loaded.refused})
    if loaded.kind == "html":
        from .html.pipeline import extract_html

        ext = extract_html(loaded, url=url, options=options)
    else:
        from .text.pipeline import extract_text

        ext = extract_text(loaded.text, url=url, options=options)
    for name, reason in loaded.flags.items():
        ext.flag(name, reason)
    finish_blocks(ext, options)
    if ext.language is None or loaded.kind != "html":  # undeclared, or a text capture: the body's own language
        ext.language = detect_language("\n".join(block.text for block in ext.blocks))
    return ext.to_article(links=options.links, images=options.images)


# Pages cleaned once by warm_up(): an HTML page and a text capture, each long enough to reach every model.
_WARM_UP_HTML = (
    "<html><head><title>Warm-up</title></head><body><nav><a href='/'>Home</a></nav><article><h1>Warm-up</h1><p>"
    + "A sentence long enough to count as article text for the warm-up page. " * 8
    + "</p></article></body></html>"
)
_WARM_UP_TEXT = "Home\nNews\n\nWarm-up\n\n" + "A sentence long enough to count as article text for the warm-up. " * 8


def warm_up(options: Options | None = None) -> None:
    """Clean two small pages (HTML and text) so that lazy imports, regex compiles, the shipped models and the
    language identifier are loaded now: a worker calls this before its first real page (and a sandbox before it
    caps its memory, so the cap measures pages, not libraries)."""
    for page in (_WARM_UP_HTML, _WARM_UP_TEXT):
        clean(page, options=options)
