"""Image captions of an HTML page's article area, each split from its photo credit.

A caption is a ``<figcaption>`` or an element classed as one (``caption``, ``wp-caption-text``, ``image-caption``,
``itemprop="caption"``); a credit is either inside the caption's text ("... (Jane Doe/AP)", "Photo: ...") or its own
element (``<span class="credit">``, ``copyright``, ``attribution``) inside the caption or the figure.
"""

from __future__ import annotations

import re
from typing import Any

from ..article import Caption
from ..captions import clean_credit, split_credit
from ..words import alternation, word_set

__all__ = ["article_root", "extract_captions", "in_zone"]

# Class/id tokens (lower-cased, "-" and "_" removed) that mark a caption or a credit element (the lists of
# ``data/words``: caption_tokens, credit_tokens and, inside a caption or figure only, figure_credit_tokens).
_CAPTION_TOKENS = word_set("caption_tokens") - {"captions"}  # here "caption-s" (a type size) reads "captions"
_CREDIT_TOKENS = word_set("credit_tokens") | word_set("figure_credit_tokens")
_SPLIT_CLASS = re.compile(r"\s+")
# Zones whose captions belong to other stories or to the site, not to the article.
_OTHER_ZONES = frozenset({"nav", "aside", "footer", "header"})
#: Class/id parts of zones whose content belongs to something else (``data/words/other_zones.txt``, shared with the
#: bylines, dates and headings of :mod:`cleaner.html.metadata`), and an image viewer's copies of the captions (see
#: that file for the parts each reader adds).
_OTHER_TOKENS = re.compile(f"{alternation('other_zones')}|lightbox", re.I)
# Parts of a caption box that are not the caption: toggles, truncated copies, screen-reader labels.
_SKIP_INSIDE = re.compile(
    r"trunc|toggle|expand|collaps|(?:^|[-_\s])(?:more|less|short)(?:$|[-_\s])|sr-only|visually-?hidden|screen-?reader"
    r"|off-?screen|a11y|accessib|hidden",
    re.I,
)
# Labels that open a caption box: "Image caption", "Caption:", "Image 3 of 12", "3 of 12" (the gallery's words of
# ``data/words/gallery_labels.txt``).
_LEAD_LABEL = re.compile(
    r"^(?:(?:image|photo|media)\s+caption\s*:?|caption\s*:"
    rf"|(?:(?:{alternation('gallery_labels')})s?)?\s*\d+\s+(?:of|/)\s+\d+)\s*",
    re.I,
)
# Longer than this is a paragraph of text that happens to sit in a caption box, not a caption.
_MAX_CAPTION_CHARS = 1000
# A gallery of hundreds of images is a listing, not an article's figures.
_MAX_CAPTIONS = 100


def _tokens(el: Any) -> set[str]:
    raw = f"{el.get('class') or ''} {el.get('id') or ''}"
    return {t.replace("-", "").replace("_", "").lower() for t in _SPLIT_CLASS.split(raw) if t}


_ROOT_XPATH = "//*[@itemprop='articleBody'] | //article | //main | //*[@role='main']"


def _text_size(el: Any) -> int:
    return len(el.text_content())


def article_root(tree: Any) -> Any:
    """The article element when the page marks one (articleBody, else the biggest <article>, <main>), else <body>."""
    found = tree.xpath(_ROOT_XPATH)
    groups = (
        [el for el in found if el.get("itemprop") == "articleBody"],
        [el for el in found if el.tag == "article"],
        [el for el in found if el.tag == "main" or el.get("role") == "main"],
    )
    for picked in groups:
        if picked:
            return picked[0] if len(picked) == 1 else max(picked, key=_text_size)
    body = tree.find("body")
    return body if body is not None else tree


def in_zone(el: Any, stop: Any, tags: frozenset[str], names: re.Pattern[str]) -> bool:
    """True when an ancestor of ``el`` below ``stop`` (None: any ancestor) has one of ``tags``, or a class or id that
    ``names`` finds: a sidebar, a teaser list, a comment thread, whose content belongs to something else."""
    for anc in el.iterancestors():
        if anc is stop:
            return False
        if anc.tag in tags or names.search(f"{anc.get('class') or ''} {anc.get('id') or ''}"):
            return True
    return False


def _text(el: Any, skip: set[Any]) -> str:
    """Text of ``el`` without the text of the elements in ``skip`` (credit elements), of "more"/"less" toggles and
    truncated copies, and of labels meant for screen readers only."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node in skip or not isinstance(node.tag, str) or node.tag in ("script", "style", "noscript", "button"):
            return
        if node is not el and _SKIP_INSIDE.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return " ".join(" ".join(parts).split())


def _credit_elements(scope: Any) -> list[Any]:
    return [el for el in scope.iter() if isinstance(el.tag, str) and el is not scope and _tokens(el) & _CREDIT_TOKENS]


def extract_captions(root: Any) -> list[Caption]:
    """The captions of the images under ``root``, the page's :func:`article_root`, in page order, each once."""
    # One XPath walk in C, then a cheap substring test before tokenising: this runs on every page.
    candidates = [
        el
        for el in root.xpath(".//figcaption | .//*[@class or @id or @itemprop]")
        if el.tag == "figcaption"
        or (
            "aption" in f"{el.get('class') or ''}{el.get('id') or ''}{el.get('itemprop') or ''}"
            and (el.get("itemprop") == "caption" or _tokens(el) & _CAPTION_TOKENS)
        )
    ]
    chosen = set(candidates)
    out: list[Caption] = []
    seen: set[str] = set()
    for el in candidates:
        # The outermost caption element speaks for the ones inside it (figcaption > span.caption).
        if any(anc in chosen for anc in el.iterancestors()):
            continue
        if _tokens(el) & _CREDIT_TOKENS and not (_tokens(el) & _CAPTION_TOKENS) and el.tag != "figcaption":
            continue
        if in_zone(el, root, _OTHER_ZONES, _OTHER_TOKENS):
            continue
        credits = _credit_elements(el)
        figure = next((a for a in el.iterancestors() if a.tag == "figure"), None)
        if not credits and figure is not None:
            credits = [c for c in _credit_elements(figure) if c not in chosen and el not in c.iterancestors()]
        text = _LEAD_LABEL.sub("", _text(el, set(credits)))
        if len(text) > _MAX_CAPTION_CHARS:
            continue
        credit_text = " ".join(clean_credit(c.text_content()) for c in credits if c.text_content().strip()) or None
        if credit_text and _LEAD_LABEL.sub("", credit_text) == text:
            credit_text = None  # a "credit" box that repeats the caption
        caption = split_credit(text)
        if credit_text:
            caption = Caption(caption.text, credit_text if caption.credit is None else caption.credit)
        if not caption.text and not caption.credit:
            continue
        key = f"{caption.text}\x00{caption.credit}"
        if key in seen:
            continue
        seen.add(key)
        out.append(caption)
        if len(out) >= _MAX_CAPTIONS:
            break
    return out
