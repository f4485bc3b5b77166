"""Page flags the HTML path raises: paywall, login_wall, truncated, not_article (see ``cleaner.article.FLAGS``).

Signals: schema.org's ``isAccessibleForFree: false``; the prompts the DOM rules cut as paywall or login clutter (and
hidden overlays named so); the words of the last blocks of the body ("Continue reading"); OpenGraph's ``og:type``;
and how much of the page is link text next to how much article text was found.
"""

from __future__ import annotations

import re
from typing import Any

from ..extraction import Extraction
from .rules import PruneReport

__all__ = ["flag_page", "marked_not_free"]

_FREE_FALSE = re.compile(r'"isAccessibleForFree"\s*:\s*"?(?:false|no)"?', re.IGNORECASE)

#: "Subscribe to read on" in the languages the phrase lists cover.
PAYWALL_PROMPT = re.compile(
    r"subscribe (?:now |today )?to (?:continue|keep) reading|to (?:continue|keep) reading,? (?:please )?subscribe"
    r"|(?:article|story|content) is (?:only )?(?:available|reserved|exclusive) (?:to|for) (?:paying )?"
    r"(?:subscribers|members)|for subscribers only|subscribers only|subscriber[- ]exclusive|already a subscriber"
    r"|reached (?:your|the) (?:limit|maximum) of free articles|read all your free articles|unlock this article"
    r"|get unlimited (?:digital )?access|subscribe for full access|want access to this content"
    r"|nur für abonnenten|für abonnenten|jetzt abonnieren und weiterlesen|abo abschließen"
    r"|réservé aux abonnés|abonnez-vous pour lire|déjà abonné"
    r"|exclusivo para suscriptores|suscríbete para seguir leyendo|ya eres suscriptor"
    r"|riservato agli abbonati|abbonati per continuare|exclusivo para assinantes|assine para continuar"
    r"|alleen voor abonnees|tylko dla subskrybentów|tylko dla prenumeratorów",
    re.IGNORECASE,
)
#: "Log in to read on".
LOGIN_PROMPT = re.compile(
    r"(?:log|sign) ?in (?:to|and) (?:continue|keep reading|read|view|see|access)"
    r"|(?:register|create a (?:free )?account|sign up) (?:for free )?to (?:continue|keep reading|read|view|access)"
    r"|you (?:must|need to) be (?:logged|signed) in|please (?:log|sign) ?in to"
    r"|anmelden,? um weiterzulesen|melden sie sich an,? um|registrieren sie sich,? um weiterzulesen"
    r"|connectez-vous pour (?:lire|continuer)|inicia sesión para (?:leer|continuar)|accedi per continuare"
    r"|faça login para continuar|log in om verder te lezen|zaloguj się,? aby czytać",
    re.IGNORECASE,
)
#: A teaser's link to the rest of the text: the whole of a short block or link, give or take arrows and dots
#: ("Read more: <another headline>" is a related link, and "Continue reading the main story" an ad marker).
CONTINUE_PROMPT = re.compile(
    r"^\W*(?:continue reading|keep reading|read (?:the )?(?:full|whole|rest of the) (?:story|article|post)|read more"
    r"|weiterlesen|lesen sie weiter|mehr lesen|lire la suite|continuer la lecture|seguir leyendo|sigue leyendo"
    r"|leer más|continua a leggere|leggi tutto|continuar lendo|leia mais|verder lezen|lees meer|czytaj dalej)\W*$",
    re.IGNORECASE,
)

#: An article body shorter than this (characters) behind a paywall or ending in "Continue reading" is a teaser.
TEASER_CHARS = 1500
#: Pages marked isAccessibleForFree: false often still carry the whole text (a script hides it, or the capture was
#: made with access); the mark alone raises the paywall flag only when the body found is shorter than this.
FREE_FALSE_MAX_CHARS = 2 * TEASER_CHARS
#: A page with a login prompt cut and less article text than this is a login wall.
LOGIN_PAGE_CHARS = 200
#: The last this many blocks are where a teaser's "Continue reading" sits.
TAIL_BLOCKS = 2
#: A page is a listing (home page, section front, search results) when at least this share of its text is link
#: text, the body found is under this share of the page's text, and the body has fewer than LISTING_MIN_BLOCKS
#: paragraphs of LISTING_PARA_CHARS or more.
LISTING_LINK_SHARE = 0.45
LISTING_BODY_SHARE = 0.15
LISTING_MIN_BLOCKS = 3
LISTING_PARA_CHARS = 200
#: ... or when at least this many blocks were found and most of their text is in blocks shorter than
#: TEASER_BLOCK_CHARS (headlines and teasers, where an article has paragraphs), on a page with at least
#: TEASER_LINK_SHARE of link text (short paragraphs of a brief article in CJK scripts are under 100 characters too).
LISTING_MIN_TEASERS = 8
TEASER_LINK_SHARE = 0.6
TEASER_BLOCK_CHARS = 100
#: og:type values of pages that are not articles, flagged when the body has no real paragraphs either.
NOT_ARTICLE_OG_TYPES = frozenset({"website", "profile", "product", "video.other", "music.song", "book", "place"})


def _meta(tree: Any, key: str) -> str | None:
    head = tree.find("head") if tree.tag == "html" else None
    if head is None:
        return None
    for meta in head.iter("meta"):
        if (meta.get("property") or meta.get("name")) == key:
            return (meta.get("content") or "").strip().lower() or None
    return None


def marked_not_free(tree: Any) -> bool:
    """Whether the page's JSON-LD says ``isAccessibleForFree: false`` (read before pruning strips body scripts)."""
    return any(
        script.get("type") == "application/ld+json" and script.text and _FREE_FALSE.search(script.text)
        for script in tree.iter("script")
    )


def flag_page(tree: Any, ext: Extraction, report: PruneReport, *, not_free: bool = False) -> None:
    """Raise the page flags on ``ext`` from the (pruned) ``tree``, the prune report and ``ext.blocks``; ``not_free``
    is :func:`marked_not_free` of the unpruned page."""
    body_chars = sum(len(b.text) for b in ext.blocks)
    paragraphs = sum(len(b.text) >= LISTING_PARA_CHARS for b in ext.blocks)
    signals = report.signals
    if body_chars < FREE_FALSE_MAX_CHARS and not_free:
        ext.flag("paywall", "JSON-LD isAccessibleForFree is false and the body found is short")
    for rule, text in signals:
        if rule not in ("paywall", "login"):
            continue
        if LOGIN_PROMPT.search(text):
            ext.flag("login_wall", f"login prompt: {text[:100]}")
        elif PAYWALL_PROMPT.search(text):
            ext.flag("paywall", f"paywall prompt: {text[:100]}")
    if report.counts.get("login") and body_chars < LOGIN_PAGE_CHARS:
        ext.flag("login_wall", "the page holds a sign-in form and next to no article text")
    for block in (b.text for b in ext.blocks[-TAIL_BLOCKS:]):
        if len(block) <= LISTING_PARA_CHARS:
            if PAYWALL_PROMPT.search(block):
                ext.flag("paywall", f"paywall prompt: {block[:100]}")
            if LOGIN_PROMPT.search(block):
                ext.flag("login_wall", f"login prompt: {block[:100]}")
    if body_chars < TEASER_CHARS:
        tail = [b.text for b in ext.blocks[-TAIL_BLOCKS:] if len(b.text) <= LISTING_PARA_CHARS]
        tail += [text for rule, text in signals if rule in ("paywall", "related", "navigation")]
        for text in tail:
            if CONTINUE_PROMPT.search(text.strip()):
                ext.flag("truncated", f"teaser ending in {text.strip()[:60]!r}")
                break
        if "paywall" in ext.flags and body_chars:
            ext.flag("truncated", f"only {body_chars} characters are shown before the paywall")
        elif "login_wall" in ext.flags and body_chars:
            ext.flag("truncated", f"only {body_chars} characters are shown before the login prompt")
    og_type = _meta(tree, "og:type")
    if paragraphs < LISTING_MIN_BLOCKS and og_type != "article" and "paywall" not in ext.flags:
        link_share = report.link_chars / report.page_chars if report.page_chars else 0.0
        short_share = (
            sum(len(b.text) for b in ext.blocks if len(b.text) < TEASER_BLOCK_CHARS) / body_chars if body_chars else 0.0
        )
        if og_type in NOT_ARTICLE_OG_TYPES and body_chars < TEASER_CHARS:
            ext.flag("not_article", f"og:type is {og_type} and no article text was found")
        elif link_share >= LISTING_LINK_SHARE and body_chars < LISTING_BODY_SHARE * report.page_chars:
            ext.flag("not_article", f"{link_share:.0%} of the page is link text and no dominant text block was found")
        elif link_share >= TEASER_LINK_SHARE and len(ext.blocks) >= LISTING_MIN_TEASERS and short_share >= 0.5:
            ext.flag(
                "not_article", f"{link_share:.0%} of the page is link text and the body is a list of short teasers"
            )
