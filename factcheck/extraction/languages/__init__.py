"""What extraction knows about each language, read from one TOML file per language in this folder.

Adding a language is adding a file (``it.toml`` beside ``en.toml``): its segmenter, months and
dateline words, byline openers, boilerplate phrases, reporting verbs and titles for claimants, the
word lists of the language-neutral scorer and its PostgreSQL text search configuration. The code
reads whatever files are here; no module names a language except as a default.

A language without a file still gets a ``Language`` (``language("it")`` without ``it.toml``): no
word lists, the plain punctuation segmenter and the ``simple`` search configuration, so an article
in any language can be ingested and anchored, only with fewer rules.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "DEFAULT",
    "Language",
    "all_languages",
    "codes",
    "language",
    "normalise_code",
]

DATA = Path(__file__).resolve().parent
DEFAULT = "en"
_CODE = re.compile(r"^[a-z]{2,3}$")


def _words(value: str | list[str] | None) -> frozenset[str]:
    """A space-separated string (or a list) of lower-case words as a set."""
    if not value:
        return frozenset()
    if isinstance(value, str):
        return frozenset(value.lower().split())
    return frozenset(v.lower() for v in value)


def _phrases(value: list[str] | None) -> tuple[str, ...]:
    return tuple(value or ())


@dataclass(frozen=True)
class Language:
    """One language's rules. Word sets are lower case; ``*_patterns`` are regex fragments."""

    code: str
    name: str
    search_config: str = "simple"
    segmenter: str = "regex"
    capitalised_nouns: bool = False
    determiners: frozenset[str] = frozenset()
    # segmentation
    before_number: frozenset[str] = frozenset()
    abbreviations: frozenset[str] = frozenset()
    # dates and header lines
    months: dict[str, int] = field(default_factory=dict, hash=False)
    weekdays: frozenset[str] = frozenset()
    connectors: frozenset[str] = frozenset()
    dateline_words: frozenset[str] = frozenset()
    dateline_stamps: frozenset[str] = frozenset()
    byline: tuple[str, ...] = ()
    # boilerplate: each a tuple of regex fragments
    boilerplate: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    # claimants
    reporting_verbs: frozenset[str] = frozenset()
    verb_modifiers: frozenset[str] = frozenset()
    according_to: tuple[str, ...] = ()
    pronouns: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    organisation_words: frozenset[str] = frozenset()
    source_nouns: frozenset[str] = frozenset()
    # the language-neutral scorer: each a tuple of regex fragments (plain phrases are fragments)
    scoring: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)

    @property
    def has_rules(self) -> bool:
        """Whether a data file describes this language (else only language-neutral rules apply)."""
        return bool(self.months or self.reporting_verbs)


def normalise_code(value: str) -> str:
    """``"es-PE"``, ``"ES"``, ``"pt_BR"`` -> ``"es"``, ``"es"``, ``"pt"``; ``""`` if not a code."""
    code = value.strip().lower().replace("_", "-").split("-", 1)[0]
    return code if _CODE.match(code) else ""


def _load(path: Path) -> Language:
    import tomllib  # only when the first language is needed: importing this module stays cheap

    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    code = raw["code"]
    if path.stem != code:
        raise ValueError(f"{path.name} describes {code!r}; name the file {code}.toml")
    seg = raw.get("segmentation", {})
    dates = raw.get("dates", {})
    header = raw.get("header", {})
    claimants = raw.get("claimants", {})
    scoring = raw.get("scoring", {})
    return Language(
        code=code,
        name=raw["name"],
        search_config=raw.get("search_config", "simple"),
        segmenter=raw.get("segmenter", "regex"),
        capitalised_nouns=bool(raw.get("capitalised_nouns", False)),
        determiners=_words(raw.get("determiners")),
        before_number=_words(seg.get("before_number")),
        abbreviations=_words(seg.get("abbreviations")),
        months={
            name: number
            for number, names in enumerate(dates.get("months", []), start=1)
            for name in names.lower().split()
        },
        weekdays=_words(dates.get("weekdays")),
        connectors=_words(dates.get("connectors")),
        dateline_words=_words(dates.get("dateline_words")),
        dateline_stamps=_words(dates.get("dateline_stamps")),
        byline=_phrases(header.get("byline")),
        boilerplate={k: _phrases(v) for k, v in raw.get("boilerplate", {}).items()},
        reporting_verbs=_words(claimants.get("reporting_verbs")),
        verb_modifiers=_words(claimants.get("verb_modifiers")),
        according_to=_phrases(claimants.get("according_to")),
        pronouns=_words(claimants.get("pronouns")),
        titles=_words(claimants.get("titles")),
        organisation_words=_words(claimants.get("organisation_words")),
        source_nouns=_words(claimants.get("source_nouns")),
        scoring={
            k: (tuple(v.split()) if isinstance(v, str) else _phrases(v)) for k, v in scoring.items()
        },
    )


@functools.cache
def _registry() -> dict[str, Language]:
    return {lang.code: lang for lang in map(_load, sorted(DATA.glob("*.toml")))}


def codes() -> tuple[str, ...]:
    """The codes of the languages that have a data file, sorted."""
    return tuple(sorted(_registry()))


def all_languages() -> tuple[Language, ...]:
    """Every language with a data file (English first: its rules are the oldest and widest)."""
    registry = _registry()
    return tuple(sorted(registry.values(), key=lambda lang: (lang.code != DEFAULT, lang.code)))


@functools.cache
def language(code: str) -> Language:
    """The rules for ``code`` (any case or region: ``"es-PE"``); a rule-less one if it has no file."""
    normal = normalise_code(code) or DEFAULT
    return _registry().get(normal) or Language(code=normal, name=normal)
