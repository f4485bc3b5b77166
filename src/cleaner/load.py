"""First stop of every page: bytes / str / soup -> decoded text and its kind ("html" or "text"), within limits.

Order of decoding for bytes: compressed input is expanded (gzip, zstd, deflate by their magic bytes; brotli only
when the caller says so, it has none) with a hard cap on the output; then the charset is taken from a BOM, the
caller's HTTP charset, a ``<meta charset>`` in the first 4 KiB, UTF-8 if the bytes are valid UTF-8, and finally
charset detection. A refusal is returned as data (``Loaded.refused``), never raised.

Charset labels are read as browsers read them, through the WHATWG encoding table (``webencodings``): ``gb2312`` is
GBK, ``euc-kr`` is windows-949, ``latin1`` and ``ascii`` are windows-1252, ``shift_jis`` is cp932. A label the table
does not know (``rot13``, a label with a NUL byte, a typo) is ignored as browsers ignore it, never raised.

Text that was decoded in the wrong charset before it reached us ("donâ€™t", "EspaÃ±ol": UTF-8 read as
windows-1252 or Latin-1, by a crawler that stored the page, by the site's own templates, or by a browser following a
wrong ``<meta charset>``) is repaired with ``ftfy`` (encoding fixes only: no quote, width or line-break changes) and
flagged "mojibake". ftfy is the field's library for this (it judges each line by how much less odd it reads once
re-decoded); a byte-level test of ours only decides whether to call it, since ftfy's own test costs ~10x more.

A byte-order mark is a strong claim but not proof: a BOM followed by bytes that mostly do not decode in its
encoding (a binary file that happens to start with FF FE, random bytes) is refused as "not a web page" with the
reason, instead of being returned as tens of thousands of characters of garbage.
"""

from __future__ import annotations

import codecs
import functools
import re
import zlib
from dataclasses import dataclass, field
from typing import Any

from .errors import SourceTypeError
from .options import Options

__all__ = ["Loaded", "content_type_parts", "decompress", "detect_kind", "load", "size_refusal"]

# How much of the head of a page is searched for a <meta charset> and for HTML markers. 4 KiB is what browsers
# use for the meta prescan (the HTML standard says 1024 bytes; real pages put long <head>s first, so we take more).
_HEAD_BYTES = 4096
_KIND_SNIFF_CHARS = 8192
# Bytes sampled to judge whether invalid UTF-8 is broken UTF-8 or another charset, and how many valid non-ASCII
# characters per broken sequence make it "UTF-8 with damage": cp1252 text decoded as UTF-8 gives ~0 valid ones.
_UTF8_SAMPLE_BYTES = 200_000
_UTF8_GOOD_PER_BAD = 4

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.I)
_TAG_START = re.compile(r"<[a-zA-Z/!]")
_HTML_MARKERS = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title[\s>]|<div[\s>]|<p[\s>]|<article[\s>]"
    r"|<script[\s>]|<table[\s>]|<span[\s>]|<a\s+href|<br\s*/?>|<!--",
    re.I,
)
_BINARY_MAGIC = (
    (b"\x89PNG", "PNG image"),
    (b"%PDF", "PDF document"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"RIFF", "RIFF media file"),
    (b"\x7fELF", "ELF executable"),
    (b"OggS", "Ogg media file"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
)
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
# Every byte but the C0 controls that text never holds (tab, newline, vertical tab, form feed and carriage return
# are text): deleting these from a sample leaves the control bytes, counted at C speed.
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))
# Characters XML (and so lxml, which refuses them in any text it is given) does not allow: C0 controls but tab,
# newline and carriage return; lone surrogates (only a str can hold them); the non-characters U+FFFE and U+FFFF.
# Controls carry nothing readable and go; a lone surrogate stands for a lost character and becomes U+FFFD.
# Vertical tab and form feed (page breaks in text dumps) become line breaks.
_INVALID_CHARS = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_PAGE_BREAKS = re.compile("[\x0b\x0c]")
# Either of the two above (they rarely occur: :func:`_scan` tells whether the substitutions are needed).
_ANY_TO_FIX = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Every byte but those of the C0 controls that _ANY_TO_FIX finds (tab, newline and carriage return are text).
_NOT_TO_FIX = bytes(b for b in range(256) if not (b < 9 or b in (11, 12) or 13 < b < 32))
_FIX_SLICE_CHARS = 1 << 18
# What UTF-8 read as windows-1252 / Latin-1 leaves behind, seen in the UTF-8 bytes of the decoded text: a C1
# control character (U+0080-U+009F: continuation bytes read as Latin-1), or one of the characters a UTF-8 lead
# byte becomes (U+00C2-U+00F4: Â Ã â ð ...) followed by what a continuation byte becomes (U+0080-U+00BF, or a
# windows-1252 character above U+00FF: € ™ ‚ “ ’ Œ ƒ ˆ ...). Only a gate (French "à »" passes it too): ftfy decides.
#: ftfy reads ~1 µs a character of mojibake: a longer text is flagged but left as it is, to keep the time bounded.
MOJIBAKE_MAX_CHARS = 2_000_000
_MOJIBAKE_C1 = re.compile(rb"\xc2[\x80-\x9f]")
_MOJIBAKE_PAIR = re.compile(rb"\xc3[\x82-\xb4](?:\xc2[\x80-\xbf]|[\xc5\xc6\xcb\xe2])")


@dataclass(frozen=True, slots=True)
class Loaded:
    """A decoded page. ``refused`` holds the reason when the input was not decoded (text is then "")."""

    text: str
    kind: str  # "html" or "text"
    encoding: str | None = None
    refused: str | None = None
    flags: dict[str, str] = field(default_factory=dict)
    tree: Any = None  # an lxml tree when the caller handed one over (BeautifulSoup input is re-serialised instead)


class _TooLarge(Exception):
    pass


class _Truncated(Exception):
    pass


def decompress(data: bytes, *, limit: int, encoding: str | None = None) -> bytes:
    """Expand ``data`` if it is compressed (gzip, zstd, zlib/deflate by magic; ``encoding`` names one outright,
    e.g. an HTTP Content-Encoding "br"). Raises ValueError with a reason when the output would exceed ``limit``
    bytes or the stream is corrupt. Uncompressed data is returned as it is. Nested compression is expanded too.
    """
    for _ in range(4):  # gzip inside gzip happens (double-encoded captures); more layers is an attack
        method = (encoding or "").lower().strip() or _sniff_compression(data)
        encoding = None
        if not method or method == "identity":
            return data
        data = _expand(data, method, limit)
    raise ValueError("compressed more than four times over")


def _sniff_compression(data: bytes) -> str | None:
    if data[:2] == b"\x1f\x8b":
        return "gzip"
    if data[:4] == _ZSTD_MAGIC:
        return "zstd"
    # A zlib header: CMF 0x78 and a check byte that makes the pair a multiple of 31.
    if len(data) > 2 and data[0] == 0x78 and (data[0] * 256 + data[1]) % 31 == 0:
        return "deflate"
    return None


def _expand(data: bytes, method: str, limit: int) -> bytes:
    try:
        if method in ("gzip", "x-gzip", "deflate", "zlib"):
            wbits = 47 if method in ("gzip", "x-gzip") else 15  # 47: gzip or zlib header, auto-detected
            decomp = zlib.decompressobj(wbits)
            out = decomp.decompress(data, limit + 1)
            if len(out) > limit or decomp.unconsumed_tail:
                raise _TooLarge
            if not out and not decomp.eof:
                raise _Truncated
            return out
        if method == "zstd":
            import zstandard

            reader = zstandard.ZstdDecompressor().stream_reader(data)
            out = bytes(reader.read(limit + 1))
            if len(out) > limit:
                raise _TooLarge
            return out
        if method in ("br", "brotli"):
            import brotli

            br = brotli.Decompressor()
            expanded: bytes = br.process(data, output_buffer_limit=limit + 1)
            # Output stops growing at the buffer limit with input left over: more would follow, so it is a bomb.
            # Not finished but hungry for input is a truncated stream: keep what it gave, like gzip does.
            if len(expanded) > limit or not (br.is_finished() or br.can_accept_more_data()):
                raise _TooLarge
            return expanded
    except _TooLarge:
        raise ValueError(f"{method} data expands to more than {limit} bytes (decompression bomb?)") from None
    except _Truncated:
        raise ValueError(f"corrupt {method} data: the stream ends before any content") from None
    except ImportError as exc:
        raise ValueError(f"{method} data, but the module to expand it is not installed ({exc.name})") from None
    except Exception as exc:  # corrupt streams raise zlib.error, zstd.ZstdError, brotli.error
        raise ValueError(f"corrupt {method} data: {exc}") from None
    raise ValueError(f"unknown compression {method!r}")


def content_type_parts(content_type: str | None) -> tuple[str, str | None]:
    """The media type (lower case; "" when absent) and the charset (None when absent or empty) of an HTTP
    Content-Type value: ``("text/html", "ISO-8859-1")`` from ``"text/html; charset=ISO-8859-1"``. The first
    ``charset`` parameter counts. Shared by the fetcher and the WARC readers."""
    if not content_type:
        return "", None
    media, *params = content_type.split(";")
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return media.strip().lower(), value.strip().strip("\"'") or None
    return media.strip().lower(), None


def _is_binary(data: bytes) -> str | None:
    for magic, name in _BINARY_MAGIC:
        if data.startswith(magic):
            return name
    head = data[:_HEAD_BYTES]
    if not head:
        return None
    # UTF-16/32 text has many NULs but a BOM or a regular pattern; those are decoded before this check.
    controls = len(head.translate(None, _NOT_CONTROL))
    if controls / len(head) > 0.10:
        return "binary data (control bytes)"
    return None


def _charset_from_meta(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    if not match:
        return None
    return _codec_name(match.group(1).decode("ascii", "ignore"))


def _codec_name(name: str | None) -> str | None:
    """The Python codec for a charset label, as browsers map it (the WHATWG table via ``webencodings``:
    gb2312 -> gbk, euc-kr -> cp949, latin1/ascii -> cp1252), or None for a label no browser knows. Python codec
    names the table lacks (charset-normalizer's answers, e.g. ``cp1250``, ``mac_roman``) are taken when they name a
    text codec. Never raises: a hostile label (``rot13``, a NUL byte, 10 KB of junk) is simply unknown."""
    if not name or not isinstance(name, str):
        return None
    label = name.strip().strip("\"'")
    if not label or len(label) > 64:
        return None
    import webencodings

    encoding = webencodings.lookup(label)
    if encoding is not None:
        # "replacement" (iso-2022-kr, hz-gb-2312, ...) decodes a whole page to one U+FFFD in browsers: a label
        # that says "do not trust me"; detection does better. x-user-defined has no Python codec of ours.
        if encoding.name in ("replacement", "x-user-defined"):
            return None
        return str(encoding.codec_info.name)
    try:
        codec = codecs.lookup(label)
    except (LookupError, ValueError, TypeError):  # ValueError: a NUL byte in the label
        return None
    # rot13, base64, zlib, hex ... are codecs too, but not from bytes to text.
    if not getattr(codec, "_is_text_encoding", True):
        return None
    if codec.name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    return codec.name


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:_HEAD_BYTES]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _decode(data: bytes, charset: str | None) -> tuple[str, str]:
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(name, "replace"), name
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, "replace"), utf16
    declared = _codec_name(charset) or _charset_from_meta(data[:_HEAD_BYTES])
    if declared and declared not in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):
        # A declared charset is a claim, not a fact: mislabelled pages are common. Valid UTF-8 that contains
        # non-ASCII bytes is almost never anything else, so it beats a declared single-byte charset.
        if declared != "utf-8" and not data.isascii():
            try:
                return data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                pass
        if declared != "utf-8" or _mostly_utf8(data):
            return data.decode(declared, "replace"), declared
        # Declared UTF-8 but it is not (a cp1252 page under a template's <meta charset="utf-8">): detect it.
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return data.decode("utf-8", "replace"), "utf-8"
    from charset_normalizer import from_bytes  # trafilatura's own dependency; imported lazily, it is slow to import

    matches = from_bytes(data[:200_000])
    best = matches.best()
    if best is not None:
        name = _codec_name(best.encoding) or "utf-8"
        # Latin text fits cp1250, cp1252, cp1257 ... equally well by the detector's measures (same chaos and
        # coherence); the web's legacy charset, and the HTML standard's fallback, is windows-1252: prefer it.
        tied = {m.encoding for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)}
        if "cp1252" in tied:
            name = "cp1252"
        return data.decode(name, "replace"), name
    return data.decode("utf-8", "replace"), "utf-8"


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few broken sequences (a truncated capture, one pasted cp1252 byte): most of its non-ASCII
    bytes still form valid sequences. A single-byte charset's accented letters almost never do."""
    text = data[:_UTF8_SAMPLE_BYTES].decode("utf-8", "replace")
    bad = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return non_ascii - bad >= _UTF8_GOOD_PER_BAD * bad


def detect_kind(text: str) -> str:
    """ "html" when the head of ``text`` looks like markup, else "text" (a plain-text capture)."""
    head = text[:_KIND_SNIFF_CHARS]
    markers = _HTML_MARKERS.findall(head)
    if not markers:
        return "text"
    lowered = head.lstrip()[:200].lower()
    if lowered.startswith(("<!doctype", "<html", "<?xml", "<head", "<!--")):
        return "html"
    # A fragment that opens with one of the marker tags ("<p>One.</p>", "<div class=...>") is markup: a saved page's
    # visible text never starts inside a tag.
    if _HTML_MARKERS.match(lowered):
        return "html"
    # Plain text that quotes a tag or two stays text; markup has tags on most lines. Counting lines, not "<": the
    # visible text of a page about HTML (a reference page, a terminal's coloured output) quotes tags by the dozen,
    # but on a minority of its lines.
    if len(markers) < 3:
        return "text"
    lines = [line for line in head.split("\n") if line and not line.isspace()]
    tagged = sum(1 for line in lines if _TAG_START.search(line))
    return "html" if tagged >= len(lines) * 0.5 else "text"


def load(
    source: Any,
    *,
    options: Options,
    charset: str | None = None,
    content_encoding: str | None = None,
) -> Loaded:
    """Turn ``source`` (bytes, bytearray, memoryview, str, a BeautifulSoup object or an lxml element) into
    :class:`Loaded`. Raises :class:`SourceTypeError` for any other type; every other problem is ``Loaded.refused``.
    """
    if isinstance(source, (bytearray, memoryview)):
        source = bytes(source)
    if isinstance(source, bytes):
        return _load_bytes(source, options, charset, content_encoding)
    if isinstance(source, str):
        return _load_str(source, options, encoding=None)
    if _is_soup(source):
        return _load_str(str(source), options, encoding=None, kind="html")
    if _is_lxml(source):
        return Loaded(text="", kind="html", tree=source)
    raise SourceTypeError(
        f"clean() takes bytes, str, a BeautifulSoup object or an lxml element, not {type(source).__name__}"
        + (" (a file: clean(path.read_bytes()), or clean_many([path]))" if hasattr(source, "__fspath__") else "")
    )


def size_refusal(data: bytes, options: Options) -> str | None:
    """Why ``data`` is refused for its size (over ``options.max_input_bytes``), or None when the size is fine.
    Asked by :func:`load` and, before a page is copied to a worker, by :class:`~cleaner.sandbox.Sandbox`."""
    if len(data) > options.max_input_bytes:
        return f"input is {len(data)} bytes, over max_input_bytes={options.max_input_bytes}"
    return None


def _load_bytes(data: bytes, options: Options, charset: str | None, content_encoding: str | None) -> Loaded:
    too_large = size_refusal(data, options)
    if too_large is not None:
        return _refused(too_large)
    try:
        data = decompress(data, limit=options.max_decompressed_bytes, encoding=content_encoding)
    except ValueError as exc:
        return _refused(str(exc))
    if not data.strip():
        return Loaded(text="", kind="text", flags={"empty": "the input is empty"})
    binary = None if data[:4] in (codecs.BOM_UTF16_LE[:2] * 2,) else _is_binary(_strip_utf16(data))
    if binary:
        return _refused(f"not a web page: {binary}")
    text, encoding = _decode(data, charset)
    if data.startswith(_BOMS):
        garbled = _garbled(text)
        if garbled:
            return _refused(f"not a web page: a {encoding} byte-order mark, but {garbled}")
    return _load_str(text, options, encoding=encoding)


_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Characters sampled to judge text decoded under a BOM, and the limits past which it is garbage: a tenth of the
# characters replaced (bytes that are not that encoding at all), or charset-normalizer's "mess" measure (odd
# script mixes, unassigned and private-use characters; its own default threshold is 0.2) far over what real text
# gives. Random bytes after a UTF-16 BOM decode to mostly valid but meaningless characters: only 3% are
# replacements, and the mess measure (1.7 there, 0.0-0.1 on real pages in any script) is what tells them apart.
_GARBLE_SAMPLE_CHARS = 20_000
_GARBLE_REPLACED_SHARE = 0.10
_GARBLE_MESS = 0.5


def _garbled(text: str) -> str | None:
    """Why ``text`` (decoded under a BOM) is garbage, or None when it reads as text."""
    sample = text[:_GARBLE_SAMPLE_CHARS]
    if not sample:
        return None
    replaced = sample.count("\ufffd") / len(sample)
    if replaced > _GARBLE_REPLACED_SHARE:
        return f"{replaced:.0%} of the characters do not decode in it"
    if sample.isascii():
        return None
    from charset_normalizer.md import mess_ratio

    mess = mess_ratio(sample, _GARBLE_MESS)
    if mess >= _GARBLE_MESS:
        return f"the characters are not text in any script (mess ratio {mess:.2f})"
    return None


def _strip_utf16(data: bytes) -> bytes:
    # UTF-16/32 text is full of NUL bytes; judge binariness on the text it decodes to, not its raw bytes.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(data):
        return b""
    return data


def _load_str(text: str, options: Options, *, encoding: str | None, kind: str | None = None) -> Loaded:
    flags: dict[str, str] = {}
    if len(text) > options.max_text_chars:
        text = text[: options.max_text_chars]
        flags["truncated"] = f"input cut at max_text_chars={options.max_text_chars} characters"
    needs_fixing, mojibake = _scan(text)
    if needs_fixing:
        text = _PAGE_BREAKS.sub("\n", _INVALID_CHARS.sub(_replace_invalid, text))
    if mojibake and len(text) > MOJIBAKE_MAX_CHARS:
        flags["mojibake"] = f"may hold text decoded in the wrong charset, not repaired: over {MOJIBAKE_MAX_CHARS} chars"
    elif mojibake:
        repaired = _repair_mojibake(text)
        if repaired != text:
            text = repaired
            flags["mojibake"] = "text decoded in the wrong charset (UTF-8 read as windows-1252) was repaired"
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        return Loaded(text="", kind=kind or "text", encoding=encoding, flags={"empty": "the input is blank"})
    return Loaded(text=text, kind=kind or detect_kind(text), encoding=encoding, flags=flags)


def _scan(text: str) -> tuple[bool, bool]:
    """Whether ``text`` holds a character :data:`_ANY_TO_FIX` finds, and whether it may be mojibake
    (:data:`_MOJIBAKE_C1`, :data:`_MOJIBAKE_PAIR`), both told from its UTF-8 bytes (a regular expression scan of the
    str costs ~8 ns a character; encoding, deleting the harmless bytes, two substring searches and two byte
    patterns that start with a literal byte, a fifth of that). In UTF-8 a byte under 0x20 is always that control
    character, EF BF BE / EF BF BF are always U+FFFE / U+FFFF (EF is only ever a lead byte), and a lone surrogate
    cannot be encoded at all. Slice by slice, so that a page of many megabytes is not held twice over (each
    character is encoded on its own: a slice boundary changes nothing but a mojibake pair cut in two, which the
    other pairs of such a page find)."""
    fix = mojibake = False
    for start in range(0, len(text), _FIX_SLICE_CHARS):
        try:
            raw = text[start : start + _FIX_SLICE_CHARS].encode("utf-8")
        except UnicodeEncodeError:
            fix = True  # a lone surrogate
            raw = text[start : start + _FIX_SLICE_CHARS].encode("utf-8", "surrogatepass")
        if not fix and (raw.translate(None, _NOT_TO_FIX) or b"\xef\xbf\xbe" in raw or b"\xef\xbf\xbf" in raw):
            fix = True
        if not mojibake and (_MOJIBAKE_C1.search(raw) or _MOJIBAKE_PAIR.search(raw)):
            mojibake = True
        if fix and mojibake:
            break
    return fix, mojibake


def _repair_mojibake(text: str) -> str:
    """``text`` with its mojibake undone by ftfy, line by line (a page may mix repaired and broken parts)."""
    import ftfy  # imported lazily: most pages never need it

    return ftfy.fix_text(text, _ftfy_config())


@functools.cache
def _ftfy_config() -> Any:
    from ftfy import TextFixerConfig

    # encoding repairs only; the text is otherwise left as the page wrote it
    return TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )


def _replace_invalid(match: re.Match[str]) -> str:
    return "\ufffd" if "\ud800" <= match.group() <= "\udfff" else ""


def _refused(reason: str) -> Loaded:
    return Loaded(text="", kind="html", refused=reason)


def _is_soup(obj: Any) -> bool:
    return any(
        cls.__module__.startswith("bs4") and cls.__name__ in ("BeautifulSoup", "Tag") for cls in type(obj).__mro__
    )


def _is_lxml(obj: Any) -> bool:
    return type(obj).__module__.startswith("lxml") and hasattr(obj, "iter") and hasattr(obj, "tag")
