"""The one settings object, :class:`Options`. The CLI maps its flags onto these fields; nothing is read from the
environment or a config file.

>>> from cleaner import Options
>>> Options(explain=True).explain
True
>>> Options(max_input_bytes=0)
Traceback (most recent call last):
...
cleaner.errors.OptionsError: max_input_bytes must be a positive whole number, got 0
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from .errors import OptionsError, SourceTypeError

__all__ = ["DEFAULT_LIMITS", "DEFAULT_OPTIONS", "Limits", "Options", "resolve_limits", "resolve_options"]

MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Options:
    """Settings for :func:`cleaner.clean` and everything that calls it. Every field has a default.

    Output:
      explain (False): fill ``Article.removed`` with every cut and the rule that made it.
      with_metadata (True): extract title, byline, date, ... ; False gives text, kind and flags only (faster).
      captions_in_text (False): keep image captions in ``text`` as well as in ``Article.captions``.
      favor ("balanced"): "precision" drops doubtful blocks, "recall" keeps them; "balanced" is tuned on the corpora.
      links (False): write the body's links into ``Article.markdown`` as ``[text](absolute url)``
        (``Article.links`` lists them either way).
      images (False): write the body's images into ``Article.markdown`` as ``![alt](url)``.

    Limits (a page over a limit gives an Article flagged "refused" with the reason, never an exception):
      max_input_bytes (50 MiB): size of the input as given (compressed or not).
      max_decompressed_bytes (100 MiB): size after gzip / zstd / brotli / deflate decompression.
      max_text_chars (20_000_000): characters of decoded text; longer input is cut and flagged "truncated".
      max_dom_depth (255): element nesting; deeper subtrees are flattened into their text (structure is lost,
        text is not). lxml's parser itself never builds trees deeper than 255 levels (``huge_tree`` stays off:
        trafilatura's run time explodes on very deep trees); a page over that is re-parsed without its wrapper
        tags, and flagged "truncated" if it is still too deep. Real pages nest ~50 levels at most.
      max_dom_nodes (200_000): elements in the parsed page; a larger page is refused. Real pages have a few
        thousand (corpus maximum: 4,328); extraction costs ~80 us per element, so 200,000 take ~17 s.

    The per-page deadline and the worker memory cap are not here: they bound a *run*, not a page's cleaning, and
    live in :class:`Limits` (``clean()`` itself cannot be interrupted; only a sandbox can enforce them).
    """

    explain: bool = False
    with_metadata: bool = True
    captions_in_text: bool = False
    favor: str = "balanced"
    links: bool = False
    images: bool = False
    max_input_bytes: int = 50 * MiB
    max_decompressed_bytes: int = 100 * MiB
    max_text_chars: int = 20_000_000
    max_dom_depth: int = 255
    max_dom_nodes: int = 200_000

    def __post_init__(self) -> None:
        if self.favor not in ("balanced", "precision", "recall"):
            raise OptionsError(f"favor must be 'balanced', 'precision' or 'recall', got {self.favor!r}")
        for name in ("max_input_bytes", "max_decompressed_bytes", "max_text_chars", "max_dom_depth", "max_dom_nodes"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise OptionsError(f"{name} must be a positive whole number, got {value!r}")

    def replace(self, **changes: Any) -> Options:
        """A copy with some fields changed (validated like a new one)."""
        return replace(self, **changes)

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


DEFAULT_OPTIONS = Options()


@dataclass(frozen=True, slots=True)
class Limits:
    """The run limits a sandbox enforces on each page (``cleaner.sandbox``, ``clean_many``, the CLI, ``cleaner.ray``).

      timeout (30.0): seconds per page; a page over it is killed with its worker and flagged "timeout".
        None disables it.
      max_memory_bytes (2048 MiB): address space a page may take in a sandbox worker, on top of what the worker
        holds once its libraries and models are loaded (a few hundred MiB of mostly reserved, unused address space
        for lxml, NumPy and LightGBM, which differs between machines); a page over it is flagged "failed" and the
        worker replaced. None disables it.

    >>> Limits(timeout=5).timeout
    5
    """

    timeout: float | None = 30.0
    max_memory_bytes: int | None = 2048 * MiB

    def __post_init__(self) -> None:
        if self.max_memory_bytes is not None and (
            not isinstance(self.max_memory_bytes, int)
            or isinstance(self.max_memory_bytes, bool)
            or self.max_memory_bytes < 64 * MiB
        ):
            raise OptionsError(f"max_memory_bytes must be None or at least 64 MiB, got {self.max_memory_bytes!r}")
        if self.timeout is not None and (
            not isinstance(self.timeout, (int, float)) or isinstance(self.timeout, bool) or self.timeout <= 0
        ):
            raise OptionsError(f"timeout must be None or a positive number of seconds, got {self.timeout!r}")


DEFAULT_LIMITS = Limits()


def resolve_options(options: Options | None) -> Options:
    """The options an entry point runs with: the defaults for None; a SourceTypeError for anything not Options."""
    if options is None:
        return DEFAULT_OPTIONS
    if not isinstance(options, Options):
        raise SourceTypeError(f"options must be a cleaner.Options, not {type(options).__name__}")
    return options


def resolve_limits(limits: Limits | None) -> Limits:
    """The limits a sandboxed run enforces: the defaults for None; a SourceTypeError for anything not Limits."""
    if limits is None:
        return DEFAULT_LIMITS
    if not isinstance(limits, Limits):
        raise SourceTypeError(f"limits must be a cleaner.Limits, not {type(limits).__name__}")
    return limits
