"""Read other fact-checkers' ClaimReview in every shape they publish it, into plain records.

Shapes understood (`read(data)` takes the parsed JSON, `read_text(text)` the raw text, JSON Lines too):

- one schema.org `ClaimReview` object, or a JSON list of them;
- a `DataFeed` whose `dataFeedElement` holds ClaimReview objects or `DataFeedItem`s whose `item` holds
  one ClaimReview or a list of them (Google's fact-check markup feed, the Data Commons fact-check feed);
- a JSON-LD document with an `@graph` of the above;
- the Google Fact Check Tools API answer (`claims:search` / `pages`): `{"claims": [{"text", "claimant",
  "claimDate", "claimReview": [{"publisher", "url", "title", "reviewDate", "textualRating",
  "languageCode"}]}]}`;
- JSON Lines: one of the above per line.

Nothing here touches the database. A malformed item never stops the rest: it becomes a `Problem` naming
where it was (`line 3`, `dataFeedElement[12].item[0]`, `claims[4].claimReview[1]`) and why.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

MAX_TEXT = 10_000
MAX_URL = 2000


@dataclass(frozen=True)
class ReviewRecord:
    """One outside fact-check as the desk stores it. Empty strings and None mean "not given"."""

    review_url: str
    claim_reviewed: str
    headline: str = ""
    rating_name: str = ""
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    publisher_name: str = ""
    publisher_url: str = ""
    date_published: date | None = None
    claim_author: str = ""
    claim_date: date | None = None
    appearance_urls: tuple[str, ...] = ()
    language: str = ""
    raw: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Problem:
    position: str
    message: str

    def __str__(self) -> str:
        return f"{self.position}: {self.message}"


class Unreadable(ValueError):
    """The bytes are not a (gzipped) UTF-8 text."""


def decode(content: bytes) -> str:
    """A file's or feed's bytes as text: gzip undone, UTF-8 with or without a byte-order mark."""
    try:
        if content[:2] == b"\x1f\x8b":
            content = gzip.decompress(content)
        return content.decode("utf-8-sig")
    except (OSError, EOFError) as exc:
        raise Unreadable(f"Not a valid gzip file: {exc}.") from None
    except UnicodeDecodeError as exc:
        raise Unreadable(f"Not UTF-8 text ({exc.reason} at byte {exc.start}).") from None


class Malformed(ValueError):
    """One item cannot be read; the message says why, for the person who sent it."""


# --- Walking the shapes ---------------------------------------------------------------------------


def read_text(text: str, *, where: str = "") -> Iterator[ReviewRecord | Problem]:
    """Records and problems from a file's text: one JSON document, or JSON Lines."""
    prefix = f"{where}: " if where else ""
    stripped = text.lstrip("\ufeff").strip()
    if not stripped:
        yield Problem(where or "file", "The file is empty.")
        return
    try:
        document = json.loads(stripped)
    except ValueError as exc:
        lines = stripped.splitlines()
        if len(lines) < 2:
            yield Problem(where or "file", f"Not valid JSON: {exc}.")
            return
        # JSON Lines: each line stands alone, so one bad line costs only itself.
        for number, line in enumerate(text.lstrip("\ufeff").splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except ValueError as line_exc:
                yield Problem(f"{prefix}line {number}", f"Not valid JSON: {line_exc}.")
                continue
            yield from read(item, position=f"{prefix}line {number}")
        return
    for item in read(document):
        if where and isinstance(item, Problem):
            item = Problem(f"{where}: {item.position}", item.message)
        yield item


def read(document, *, position: str = "") -> Iterator[ReviewRecord | Problem]:
    """Records and problems from parsed JSON in any of the shapes above."""

    def at(suffix: str) -> str:
        return f"{position}{suffix}" if position else suffix.lstrip(".")

    if isinstance(document, list):
        for i, item in enumerate(document):
            yield from read(item, position=at(f"[{i}]") if position else f"item {i}")
        return
    if not isinstance(document, dict):
        yield Problem(position or "document", "Expected a JSON object or list.")
        return
    kind = _types(document)
    if "@graph" in document and not kind:
        yield from _many(document["@graph"], at(".@graph"))
    elif "DataFeed" in kind or "dataFeedElement" in document:
        yield from _many(document.get("dataFeedElement"), at(".dataFeedElement"))
    elif "DataFeedItem" in kind:
        item = document.get("item")
        if item is None:
            yield Problem(position or "item", "This DataFeedItem has no `item`.")
        else:
            yield from _many(item, at(".item"), single_ok=True)
    elif "claims" in document and not kind:
        yield from _google_claims(document["claims"], at(".claims"))
    elif "claimReview" in document and not kind and ("text" in document):
        yield from _google_claims([document], position or "claim")
    else:
        try:
            yield claim_review(document)
        except Malformed as exc:
            yield Problem(position or "item", str(exc))


def _many(value, position: str, *, single_ok: bool = False) -> Iterator[ReviewRecord | Problem]:
    if isinstance(value, dict) and single_ok:
        yield from read(value, position=position)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from read(item, position=f"{position}[{i}]")
    else:
        yield Problem(position, "Expected a list.")


def _google_claims(claims, position: str) -> Iterator[ReviewRecord | Problem]:
    """The Fact Check Tools API: each claim carries its reviews; each review becomes a record."""
    if not isinstance(claims, list):
        yield Problem(position, "Expected a list of claims.")
        return
    for i, claim in enumerate(claims):
        where = f"{position}[{i}]"
        if not isinstance(claim, dict):
            yield Problem(where, "Expected a JSON object.")
            continue
        reviews = claim.get("claimReview")
        if not isinstance(reviews, list) or not reviews:
            yield Problem(where, "This claim has no `claimReview` list.")
            continue
        for j, review in enumerate(reviews):
            try:
                yield google_review(claim, review)
            except Malformed as exc:
                yield Problem(f"{where}.claimReview[{j}]", str(exc))


# --- One item -------------------------------------------------------------------------------------


def claim_review(obj: dict) -> ReviewRecord:
    """A schema.org ClaimReview object as a record. Raises Malformed when it cannot be one."""
    kind = _types(obj)
    if kind and "ClaimReview" not in kind:
        raise Malformed(f"Expected a ClaimReview, found {', '.join(sorted(kind))}.")
    item = obj.get("itemReviewed")
    if item is not None and not isinstance(item, dict):
        item = None
    item = item or {}
    rating = obj.get("reviewRating")
    if isinstance(rating, list):
        rating = rating[0] if rating else None
    if rating is not None and not isinstance(rating, dict):
        raise Malformed("`reviewRating` must be a Rating object.")
    rating = rating or {}
    publisher = _first(obj.get("author")) or _first(obj.get("publisher")) or {}
    appearances = [*_urls(item.get("appearance")), *_urls(item.get("firstAppearance"))]
    return ReviewRecord(
        review_url=_url(obj.get("url"), "url", required=True),
        claim_reviewed=_text(obj.get("claimReviewed"), "claimReviewed", required=True),
        headline=_text(obj.get("headline") or obj.get("name"), "headline"),
        rating_name=_text(
            rating.get("alternateName") or rating.get("name"), "reviewRating.alternateName"
        )[:300],
        rating_value=_number(rating.get("ratingValue"), "reviewRating.ratingValue"),
        best_rating=_number(rating.get("bestRating"), "reviewRating.bestRating"),
        worst_rating=_number(rating.get("worstRating"), "reviewRating.worstRating"),
        publisher_name=_name(publisher, "author.name")[:300],
        publisher_url=_url(
            publisher.get("url") if isinstance(publisher, dict) else "", "author.url"
        ),
        date_published=_date(obj.get("datePublished"), "datePublished"),
        claim_author=_name(_first(item.get("author")) or {}, "itemReviewed.author.name")[:300],
        claim_date=_date(item.get("datePublished"), "itemReviewed.datePublished"),
        appearance_urls=tuple(dict.fromkeys(appearances)),
        language=_language(obj.get("inLanguage") or item.get("inLanguage")),
        raw=obj,
    )


def google_review(claim: dict, review) -> ReviewRecord:
    """One `claimReview` of a Fact Check Tools API claim as a record."""
    if not isinstance(review, dict):
        raise Malformed("Expected a JSON object.")
    publisher = review.get("publisher") if isinstance(review.get("publisher"), dict) else {}
    site = _text(publisher.get("site"), "publisher.site")
    return ReviewRecord(
        review_url=_url(review.get("url"), "url", required=True),
        claim_reviewed=_text(claim.get("text"), "text", required=True),
        headline=_text(review.get("title"), "title"),
        rating_name=_text(review.get("textualRating"), "textualRating")[:300],
        publisher_name=_text(publisher.get("name") or site, "publisher.name")[:300],
        publisher_url=f"https://{site}/" if site and re.fullmatch(r"[\w.-]+", site) else "",
        date_published=_date(review.get("reviewDate"), "reviewDate"),
        claim_author=_text(claim.get("claimant"), "claimant")[:300],
        claim_date=_date(claim.get("claimDate"), "claimDate"),
        language=_language(review.get("languageCode")),
        raw={
            "claim": {k: v for k, v in claim.items() if k != "claimReview"},
            "claimReview": review,
        },
    )


# --- Fields ---------------------------------------------------------------------------------------


def _types(obj: dict) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    # "schema:ClaimReview" and "https://schema.org/ClaimReview" name the same type.
    return {k.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for k in kinds if isinstance(k, str)}


def _first(value):
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _text(value, name: str, *, required: bool = False) -> str:
    if value is None or value == "":
        if required:
            raise Malformed(f"`{name}` is missing.")
        return ""
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        value = value[0]
    if not isinstance(value, str):
        raise Malformed(f"`{name}` must be text.")
    value = " ".join(value.replace("\x00", " ").split())
    if required and not value:
        raise Malformed(f"`{name}` is empty.")
    if len(value) > MAX_TEXT:
        raise Malformed(f"`{name}` is longer than {MAX_TEXT:,} characters.")
    return value


def _name(value, name: str) -> str:
    if isinstance(value, str):
        return _text(value, name)
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("alternateName"), name)
    return ""


def _url(value, name: str, *, required: bool = False) -> str:
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id")
    value = _text(value, name, required=required)
    if not value:
        return ""
    if not re.match(r"https?://[^\s/]+", value, re.I):
        if required:
            raise Malformed(f"`{name}` must be an http(s) address, not {value[:80]!r}.")
        return ""
    if len(value) > MAX_URL:
        raise Malformed(f"`{name}` is longer than {MAX_URL:,} characters.")
    return value


def _urls(value) -> list[str]:
    out = []
    for v in value if isinstance(value, list) else [value]:
        try:
            url = _url(v, "appearance")
        except Malformed:
            continue  # an unusable appearance is not worth losing the review over
        if url:
            out.append(url)
    return out


def _number(value, name: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise Malformed(f"`{name}` must be a number.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise Malformed(f"`{name}` must be a number, not {str(value)[:40]!r}.") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise Malformed(f"`{name}` must be a finite number.")
    # Some publishers write -1 for "no numeric rating".
    return None if number < 0 else number


_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _date(value, name: str) -> date | None:
    if value is None or value == "":
        return None
    match = _DATE.match(value) if isinstance(value, str) else None
    try:
        if match is None:
            raise ValueError
        return date(*map(int, match.groups()))
    except ValueError:
        raise Malformed(f"`{name}` must be a date (YYYY-MM-DD), not {str(value)[:40]!r}.") from None


def _language(value) -> str:
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    if not isinstance(value, str):
        return ""
    value = value.strip()
    return value[:16] if re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*", value) else ""
