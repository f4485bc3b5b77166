"""Named DOM rules that prune clutter from the parsed page before the body is extracted.

Each rule looks at one element at a time: its tag, its ARIA role, the whole tokens of its ``class`` and ``id``
(``"social-share__bar"`` gives ``social``, ``share``, ``bar`` and the joined pairs ``socialshare``, ``sharebar``),
whether it is hidden (``display:none``, ``visibility:hidden``, ``hidden``, ``aria-hidden``), whether it is a form
with a password field, and, for short elements, its text against the shared phrase lists (:mod:`cleaner.phrases`).
The first rule that matches names the cut. All rules run in one walk over the tree, with every element's text,
paragraph-text and link-text lengths computed once beforehand.

What is never cut, whatever its class says:
- the *core*, the element with the most paragraph text among its direct children (the article's text container on
  nearly every page), and its ancestors: a ``<body class="has-cookie-banner">`` or an ``<article class="share-on">``
  is the article, not clutter;
- an element holding more than PROTECT_SHARE of the page's paragraph text (except for the comments rule: a
  discussion can outweigh the article);
- an element with over SUBSTANCE_CHARS of running text named by a widget token ("post-share-enabled").

Rule names (the reason recorded with every cut): navigation, site-chrome, ads, consent, login, paywall, newsletter,
share, related, comments, hidden, browser, caption. Code, styles, media and input fields are stripped first without
a record: they hold no text of the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any

from lxml import etree

from ..extraction import Extraction
from ..phrases import phrase_group_tokens
from ..tokens import WORD as _WORD
from ..tokens import squeeze
from ..words import word_set
from .parse import remove_keeping_tail

__all__ = [
    "RULE_NAMES",
    "Marks",
    "PruneReport",
    "attr_tokens",
    "attr_words",
    "hidden_elements",
    "is_hidden",
    "mark",
    "prune",
]

#: An element whose paragraph text is more than this share of the page's paragraph text is the article (or holds it)
#: and is never cut, whatever its class says.
PROTECT_SHARE = 0.4
#: ... unless the page has so little paragraph text that the share means nothing.
PROTECT_MIN_CHARS = 200
#: Elements with at most this many characters of text are checked against the phrase lists: clutter labels and
#: prompts ("Advertisement", "Sign up for our newsletter") are short; article paragraphs that merely mention the
#: words are long.
SHORT_TEXT = 160
#: A short element is clutter when the phrases it matches cover at least this share of its text ...
PHRASE_COVER = 0.5
#: ... or when its first LEAD_WORDS words are mostly a phrase and at least PHRASE_LINK_SHARE of its text is link text
#: ("Related: <a>Headline of another story</a>").
PHRASE_LINK_SHARE = 0.5
LEAD_WORDS = 4

#: Cuts of these rules with at most SIGNAL_CHARS of text are kept as signals for the page flags (paywall prompts,
#: login prompts, "Continue reading" links).
SIGNAL_RULES = frozenset({"paywall", "login", "related", "navigation"})
SIGNAL_CHARS = 600
#: A form with a password field is cut as "login" up to this many characters of text (a page-wide ASP.NET form
#: holding the whole page, login box included, is longer).
LOGIN_FORM_CHARS = 1000
#: Hidden elements are not cut when the visible paragraph text is less than this share of the hidden paragraph text:
#: the article itself is hidden until a script shows it.
HIDDEN_ARTICLE_SHARE = 0.5
#: An element named like a menu is one only when at least this share of its text is link text.
NAV_LINK_SHARE = 0.5
#: Words that make the next word of a class a state of the element ("no-caption", "has-comments", "show-comments").
_STATE_WORDS = frozenset({"no", "not", "has", "is", "show", "hide", "enable", "disable"})
#: An id with this many words or more is a heading slug (see :func:`attr_tokens`).
SLUG_WORDS = 4
#: Token rules name widgets (share bars, teaser lists, sign-up boxes) that hold little running text. An element with
#: more than this many characters of paragraph text outside links, and a link share under SUBSTANCE_LINK_SHARE, is
#: text whose class merely mentions a word ("post-share-enabled"), and is not cut by a token rule other than
#: comments, hidden or consent.
SUBSTANCE_CHARS = 1000
SUBSTANCE_LINK_SHARE = 0.25
_SUBSTANCE_EXEMPT = frozenset({"comments", "hidden", "consent"})

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DISPLAY_NONE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.IGNORECASE)
_MAY_HIDE = etree.XPath('.//*[@hidden or @aria-hidden="true" or @style]')

#: Tags whose subtree never counts as article text and is never a candidate for a cut (the extractors ignore them).
_SKIP_TAGS = frozenset({"script", "style", "template", "svg", "head", "title", "meta", "link"})
#: Elements that hold no page text at all (code, styles, icons, media, embeds, input fields), stripped before the rules
#: run. (JSON-LD in the body goes too: the flags read it before pruning.)
_CODE_TAGS = frozenset(
    {"script", "style", "template", "svg", "link", "meta", "img", "picture", "source", "iframe", "video", "audio",
     "canvas", "object", "embed", "input", "track", "map", "area"}
)  # fmt: skip
#: Containers that hold the article itself: a <header> inside them is the article's own header (title, byline).
_ARTICLE_TAGS = frozenset({"article", "main"})
#: Tags a short-text phrase rule may cut: blocks and the inline wrappers sites put labels in.
_PHRASE_TAGS = frozenset(
    {
        "p", "div", "section", "aside", "li", "ul", "ol", "span", "a", "h2", "h3", "h4", "h5", "h6", "button",
        "form", "label", "strong", "b", "em", "i", "small", "figure", "center", "font", "dl", "dd", "dt", "header",
        "footer", "blockquote",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class TokenRule:
    """A rule keyed on tags, ARIA roles and whole class/id tokens."""

    name: str
    tags: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    tokens: frozenset[str] = frozenset()


@dataclass(slots=True)
class PruneReport:
    """What :func:`prune` saw: cuts per rule, the short texts of the cuts that signal page flags, and the page's
    text and link-text lengths (characters of stripped text, before pruning)."""

    counts: dict[str, int] = field(default_factory=dict)
    signals: list[tuple[str, str]] = field(default_factory=list)
    page_chars: int = 0
    link_chars: int = 0


def _rule(name: str, *, tags: str = "", roles: str = "", tokens: str = "") -> TokenRule:
    """A :class:`TokenRule` from space-separated word lists."""
    return TokenRule(name, frozenset(tags.split()), frozenset(roles.split()), frozenset(tokens.split()))


# Order matters only when one element matches several rules: the first names the cut. Comments and consent come
# before share/related because their widgets often carry "social" or "related" tokens too.
TOKEN_RULES: tuple[TokenRule, ...] = (
    _rule(
        "consent",
        tokens=(
            "cookie cookies consent gdpr ccpa cookiebanner cookienotice cookielaw cmp onetrust cookiebot "
            "didomi truste quantcast privacybanner"
        ),
    ),
    _rule("comments", tokens="comments comment commentlist disqus respond commentform replies"),
    _rule(
        "paywall",
        tokens=("paywall paywalled meter metered subscribe subscription subscriber piano tpmodal barrier premiumwall"),
    ),
    _rule(
        "login",
        tokens=(
            "login signin logon loginwall authwall regwall register registration authmodal passwordreset forgotpassword"
        ),
    ),
    _rule(
        "newsletter",
        tokens="newsletter newsletters signup optin mailchimp mcembedded emailsignup mailinglist",
    ),
    _rule(
        "share",
        tokens=(
            "share shares sharing sharebar sharetools sharedaddy addthis addtoany a2a social socials "
            "sociallinks socialmedia followus shareicons printlink"
        ),
    ),
    _rule(
        "related",
        tokens=(
            "related relatedposts recommended recommendation recommendations recirc recirculation mostread "
            "mostpopular mostviewed popular trending morestories readnext upnext alsoread outbrain taboola "
            "yarpp morefrom moreon teasers youmaylike readmore topstories latestnews morenews"
        ),
    ),
    _rule(
        "ads",
        tags="ins",
        tokens=(
            "ad ads advert adverts advertisement advertising adsbygoogle adslot adunit adcontainer adwrapper "
            "adbox dfp sponsored sponsor promo promotion promoted teads googleads adsense bannerad"
        ),
    ),
    _rule(
        "navigation",
        tags="nav menu",
        roles="navigation menubar menu tablist search",
        tokens=(
            "nav navbar navigation menu menubar breadcrumb breadcrumbs skiplink skiplinks pagination pager "
            "topbar searchform jumplinks"
        ),
    ),
    _rule(
        "site-chrome",
        roles="banner contentinfo complementary",
        tokens=(
            "masthead siteheader sitefooter globalheader globalfooter pageheader pagefooter footer sidebar "
            "rail rightrail leftrail toolbar"
        ),
    ),
    _rule(
        "browser",
        tags="noscript",
        tokens="browserupgrade outdatedbrowser browsehappy oldbrowser unsupportedbrowser browserwarning",
    ),
    # pop-ups shown on hover, and text only screen readers get ("sr-only", "visually-hidden", "screen-reader-text")
    _rule(
        "hidden",
        tokens="tooltip popover hovercard rollover sronly srtext visuallyhidden offscreen screenreadertext",
    ),
)

_CAPTION_RULE = _rule(
    "caption",
    tags="figcaption",
    tokens=" ".join(word_set("caption_tokens") | word_set("credit_tokens")),
)

#: Phrase groups checked against short elements, in order; each group's name is the rule's name.
PHRASE_GROUPS: tuple[str, ...] = (
    "consent",
    "login",
    "paywall",
    "newsletter",
    "browser",
    "ads",
    "share",
    "related",
    "comments",
    "navigation",
)

#: Every reason :func:`prune` records.
RULE_NAMES: tuple[str, ...] = tuple(dict.fromkeys([*(r.name for r in TOKEN_RULES), *PHRASE_GROUPS, "caption"]))


def attr_tokens(el: Any) -> frozenset[str]:
    """The whole lower-case tokens of ``el``'s class and id, plus each adjacent pair joined ("sign-in" -> "signin").

    An id of many words is a slug of a heading ("sharing-with-a-single-developer"), named after the text, not the
    element's role, so its words are left out.
    """
    return _tokens_of(_raw_attrs(el))


@lru_cache(maxsize=8192)
def _tokens_of(raw: str) -> frozenset[str]:
    # cached: a page repeats the same few class strings on hundreds of elements
    if not raw.strip():
        return frozenset()
    parts = attr_words(raw)
    # a word after a state word names a state, not the element: "no-caption", "has-comments"
    words = [b for a, b in pairwise(["", *parts]) if a not in _STATE_WORDS]
    return frozenset(words + [a + b for a, b in pairwise(parts) if a not in _STATE_WORDS])


def attr_words(raw: str) -> list[str]:
    """The lower-case words of a class or an id string (camelCase and any character but a letter or a digit split
    them): "navBar sign-in" -> ["nav", "bar", "sign", "in"]."""
    return [p for p in _NON_ALNUM.split(_CAMEL.sub("-", raw).lower()) if p]


def hidden_elements(root: Any) -> set[Any]:
    """The elements of ``root`` (itself included) that hide themselves (:func:`is_hidden`): one XPath query finds
    the few that may."""
    out = {el for el in _MAY_HIDE(root) if is_hidden(el)}
    if is_hidden(root):
        out.add(root)
    return out


def is_hidden(el: Any) -> bool:
    """True when ``el`` hides itself: the hidden attribute, aria-hidden="true", or display:none /
    visibility:hidden in its style."""
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style) and _DISPLAY_NONE.search(style) is not None


def _phrase_rule(text: str, link_chars: int) -> tuple[str | None, bool]:
    """The phrase group a short element's text belongs to (or None), and whether any phrase occurs in it at all."""
    tokens = _WORD.findall(text.casefold())
    found = phrase_group_tokens(tokens, min_cover=0.0)
    if found is None:
        return None, False
    group, cover = found
    if group not in PHRASE_GROUPS:
        return None, True
    if cover >= PHRASE_COVER:
        return group, True
    if link_chars >= PHRASE_LINK_SHARE * len(text):
        lead = phrase_group_tokens(tokens[:LEAD_WORDS], min_cover=PHRASE_COVER)
        if lead is not None and lead[0] == group:
            return group, True
    return None, True


def _rule_index() -> tuple[dict[str, tuple[int, str]], dict[str, tuple[int, str]], dict[str, tuple[int, str]]]:
    """tag -> (order, rule), role -> (order, rule) and token -> (order, rule), the first rule in order winning."""
    tags: dict[str, tuple[int, str]] = {}
    roles: dict[str, tuple[int, str]] = {}
    tokens: dict[str, tuple[int, str]] = {}
    for order, rule in enumerate(TOKEN_RULES):
        for index, keys in ((tags, rule.tags), (roles, rule.roles), (tokens, rule.tokens)):
            for key in keys:
                index.setdefault(key, (order, rule.name))
    return tags, roles, tokens


_TAG_RULE, _ROLE_RULE, _TOKEN_RULE = _rule_index()
#: Tags a rule names by themselves (any other element needs a class, id or role to be named).
_NAMED_TAGS = frozenset({*_TAG_RULE, *_CAPTION_RULE.tags, "header", "footer"})


@lru_cache(maxsize=8192)
def _token_matches(raw: str) -> tuple[bool, tuple[tuple[int, str], ...]]:
    """For a "class id" string: whether it names a caption, and the token rules it names, in rule order."""
    tokens = _tokens_of(raw)
    if not tokens:
        return False, ()
    caption = not tokens.isdisjoint(_CAPTION_RULE.tokens)
    return caption, tuple(sorted({_TOKEN_RULE[t] for t in tokens if t in _TOKEN_RULE}))


def _raw_attrs(el: Any) -> str:
    el_id = el.get("id") or ""
    if el_id and len(_NON_ALNUM.split(el_id)) >= SLUG_WORDS:
        el_id = ""
    return f"{el.get('class') or ''} {el_id}"


def _token_rule(el: Any, i: int, tag: str, walk: _Walk, matches: tuple[tuple[int, str], ...]) -> str | None:
    """The token rule naming ``el`` (element number ``i`` of ``walk``), or None."""
    best = _TAG_RULE.get(tag)
    role = el.get("role")
    if role is not None:
        by_role = _ROLE_RULE.get(role)
        if by_role is not None and (best is None or by_role < best):
            best = by_role
    for match in matches:
        if best is not None and match >= best:
            break
        if match[1] == "navigation" and walk.link_len[i] < NAV_LINK_SHARE * walk.text_len[i]:
            continue  # "menu" in a class also names state ("has-menu", "CtxtMenu_Attached"): menus are links
        best = match
        break
    if best is not None:
        return best[1]
    if tag == "footer" or (tag == "header" and not any(a.tag in _ARTICLE_TAGS for a in el.iterancestors())):
        return "site-chrome"
    return None


#: Tags whose text, as direct children, makes a container look like the article's text container.
_TEXT_CHILD_TAGS = frozenset({"p", "pre", "blockquote"})


class _Walk:
    """Text measures of every element, computed once bottom-up so each rule's test is O(1).

    Elements are numbered in document order (``nodes``); the measures are lists by that number. ``core`` is the
    element with the most paragraph text among its direct children (or as loose text between ``<br>``s): the
    article's text container on nearly every page. It and its ancestors are never cut.
    """

    def __init__(self, root: Any) -> None:
        # one pass down (order, parents, hidden subtrees, own text), one pass up pushing each element's sums to its
        # parent; plain lists by element number (a dict per element cost twice as much)
        self.nodes: list[Any] = []
        nodes = self.nodes
        self.tags: list[str] = []
        tags = self.tags
        parents: list[int] = []  # the parent's number; -1 for the root
        tails: list[int] = []  # stripped length of each element's tail
        index: dict[Any, int] = {}
        # the few elements that hide themselves; the walk then only propagates
        self.hiding = hiding = hidden_elements(root)
        hidden: list[bool] = []  # hidden subtrees do not count towards the core
        total: list[int] = []  # text: own text, then the children's text and tails added
        direct: list[int] = []  # own text, loose text and the text of text-like children
        for el in root.iter():
            tag = el.tag
            if not isinstance(tag, str):
                tail = len(el.tail.strip()) if el.tail else 0
                if tail:
                    at = index.get(el.getparent())
                    if at is not None:
                        total[at] += tail
                        direct[at] += tail
                continue
            at = index.get(el.getparent(), -1) if nodes else -1
            index[el] = len(nodes)
            nodes.append(el)
            tags.append(tag)
            parents.append(at)
            tails.append(len(el.tail.strip()) if el.tail else 0)
            hidden.append(bool(hiding) and (el in hiding or (at >= 0 and hidden[at])))
            own = 0 if tag in _SKIP_TAGS or not el.text else len(el.text.strip())
            total.append(own)
            direct.append(own)
        n = len(nodes)
        para = [0] * n
        link = [0] * n
        visible_of = [0] * n
        size = [1] * n
        self.hidden = hidden
        self.hidden_para = 0
        core, core_score = 0, -1
        visible_root = 0
        #: end[i]: the index in ``nodes`` just past the subtree of nodes[i] (its descendants come right after it)
        self.end: list[int] = [0] * n
        end = self.end
        for i in range(n - 1, -1, -1):
            tag = tags[i]
            text, para_i, link_i, direct_i, visible = total[i], para[i], link[i], direct[i], visible_of[i]
            end[i] = i + size[i]
            if tag in _SKIP_TAGS:
                text = para_i = link_i = direct_i = visible = 0
            elif tag == "p":
                para_i = visible = text
            elif tag == "a":
                link_i = text
            is_hidden = hidden[i]
            if is_hidden:
                visible = 0
            total[i], para[i], link[i] = text, para_i, link_i  # final from here on: the parent comes first
            parent = parents[i]
            if parent >= 0:
                tail = tails[i]
                total[parent] += text + tail
                para[parent] += para_i
                link[parent] += link_i
                direct[parent] += tail + (text - link_i if tag in _TEXT_CHILD_TAGS and not is_hidden else 0)
                visible_of[parent] += visible
                size[parent] += size[i]
            else:
                visible_root = visible
            if is_hidden:
                if parent < 0 or not hidden[parent]:
                    self.hidden_para += para_i
            elif direct_i > core_score and tag not in _SKIP_TAGS:
                core, core_score = i, direct_i
        self.text_len: list[int] = total
        self.para_len: list[int] = para
        self.link_len: list[int] = link
        # a page that shows much less paragraph text than it hides has its article revealed by a script
        self.hides_article = visible_root < HIDDEN_ARTICLE_SHARE * self.hidden_para
        self.core = nodes[core] if nodes else root
        self.protected: set[Any] = set()
        node: Any = self.core
        while node is not None:
            self.protected.add(node)
            node = node.getparent()


def _element_text(el: Any) -> str:
    return squeeze(el.text_content())


@dataclass(slots=True)
class Marks:
    """What the rules would cut, without cutting it: (element, rule name) in document order (no element inside
    another), the report, and the page's core text container (never cut)."""

    cuts: list[tuple[Any, str]]
    report: PruneReport
    core: Any
    hiding: set[Any] = field(default_factory=set)  # the elements that hide themselves (:func:`hidden_elements`)


def mark(tree: Any, *, captions_in_text: bool = False) -> Marks:
    """Run every rule over ``tree`` and return the elements they name, leaving them in place (the block scorer reads
    the verdicts as evidence). Code, styles, media and input fields are stripped from the tree (they hold no text).
    """
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    body = root.find("body") if root.tag == "html" else root
    if body is None:
        body = root
    # code, styles, icons, media and input fields hold no text of the page (nothing to record); stripping them first
    # (in C, tails kept) spares every later walk and the extractors copying them
    login_forms = _password_forms(body)  # found before the input fields go
    etree.strip_elements(body, *_CODE_TAGS, with_tail=False)
    walk = _Walk(body)
    text_len, para_len, link_len = walk.text_len, walk.para_len, walk.link_len
    page_para = para_len[0]  # element 0 is the body
    protect_above = PROTECT_SHARE * page_para if page_para >= PROTECT_MIN_CHARS else float("inf")
    cut_at: list[int] = []  # the element number of each cut
    cuts: list[tuple[Any, str]] = []
    nodes, tags, end, protected = walk.nodes, walk.tags, walk.end, walk.protected
    phrase_free_until = 0  # nodes before this index lie inside a short element whose text holds no phrase
    i = 0
    while i < len(nodes):
        el = nodes[i]
        tag = tags[i]
        if tag in _SKIP_TAGS:
            i = end[i]
            continue
        if login_forms and el in login_forms and text_len[i] <= LOGIN_FORM_CHARS:
            # a sign-in form is never article text, even when it is all the page holds
            cuts.append((el, "login"))
            cut_at.append(i)
            i = end[i]
            continue
        if el in protected:
            i += 1
            continue
        name = _decide(el, i, tag, walk, captions_in_text)
        if name is None and i >= phrase_free_until:
            length = text_len[i]
            if 0 < length <= SHORT_TEXT and tag in _PHRASE_TAGS:
                name, seen = _phrase_rule(_element_text(el), link_len[i])
                if not seen:
                    phrase_free_until = end[i]
        if (
            name is None
            or (name != "comments" and para_len[i] > protect_above)
            or (name not in _SUBSTANCE_EXEMPT and _substantial(i, walk))
        ):
            i += 1
            continue
        cuts.append((el, name))
        cut_at.append(i)
        i = end[i]
    report = PruneReport(page_chars=text_len[0], link_chars=link_len[0])
    for (el, name), i in zip(cuts, cut_at, strict=True):
        report.counts[name] = report.counts.get(name, 0) + 1
        signal = name
        if name == "hidden":  # overlays are often hidden in the captured page until a script shows them
            signal = _token_rule(el, i, tags[i], walk, _token_matches(_raw_attrs(el))[1]) or name
        if signal in SIGNAL_RULES and text_len[i] <= SIGNAL_CHARS:
            report.signals.append((signal, _element_text(el)))
    return Marks(cuts, report, walk.core, walk.hiding)


def prune(tree: Any, ext: Extraction, *, captions_in_text: bool = False) -> PruneReport:
    """Remove clutter elements from ``tree`` in place; each cut is recorded on ``ext`` with its rule's name.

    Figure captions and photo credits are cut too (rule "caption") unless ``captions_in_text``.
    """
    marks = mark(tree, captions_in_text=captions_in_text)
    for el, name in marks.cuts:
        if ext.explain:
            ext.cut(_element_text(el), name)
        remove_keeping_tail(el)
    return marks.report


def _password_forms(body: Any) -> set[Any]:
    """The forms (or, without a form, the parent elements) that hold a password field."""
    out = set()
    for box in body.iter("input"):
        if (box.get("type") or "").lower() == "password":
            form = next(box.iterancestors("form"), None)
            parent = form if form is not None else box.getparent()
            if parent is not None and parent is not body:
                out.add(parent)
    return out


def _substantial(i: int, walk: _Walk) -> bool:
    text = walk.text_len[i]
    return walk.para_len[i] > SUBSTANCE_CHARS and walk.link_len[i] < SUBSTANCE_LINK_SHARE * text


def _decide(el: Any, i: int, tag: str, walk: _Walk, captions_in_text: bool) -> str | None:
    if walk.hidden[i] and not walk.hides_article:
        return "hidden"
    if tag not in _NAMED_TAGS and not el.keys():
        return None  # most elements: a bare tag no rule names
    caption, matches = _token_matches(_raw_attrs(el))
    if not captions_in_text and (caption or tag in _CAPTION_RULE.tags):
        return "caption"
    return _token_rule(el, i, tag, walk, matches)
