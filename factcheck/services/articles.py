"""Articles: outlets, ingestion (extract, anchor and score candidate claims), derived status."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from factcheck import extraction
from factcheck.models import Article, Claim, Outlet, RatingScale
from factcheck.services._common import _build_claim, _reject_nul
from factcheck.services.factchecks import claim_matches_suggest


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def outlet_get_or_create(*, name: str, homepage: str = "") -> Outlet:
    """The outlet of that name (case-insensitive), created if new."""
    _reject_nul(outlet=name)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"outlet": "An outlet needs a name."})
    existing = Outlet.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    outlet = Outlet(name=name, homepage=homepage)
    outlet.full_clean()
    outlet.save()
    return outlet


def article_ingest(
    *,
    content: str | bytes,
    filename: str = "",
    content_type: str = "",
    origin: str = Article.Origin.PASTE,
    outlet: Outlet | None = None,
    url: str = "",
    title: str = "",
    author: str = "",
    published: date | None = None,
    language: str = "",
    created_by=None,
) -> IngestResult:
    """Extract an article's title, date and body and split the body into scored candidate claims.

    Idempotent: the same normalised body text returns the stored article with `created=False`, so
    re-running an import never duplicates. Explicit metadata (title, date, author, url) wins over what
    extraction found. Raises ValidationError for empty, binary, non-UTF-8 or oversized input.
    """
    if language and not language_is_valid(language):
        raise ValidationError(
            {"language": f"{language!r} is not a language code (ISO 639-1, e.g. en, es, pt-BR)."}
        )
    max_bytes = settings.FACTCHECK_MAX_ARTICLE_BYTES
    try:
        if isinstance(content, str):
            # Pasted text gets the same checks as a file: size, binary, control characters.
            try:
                content = content.encode("utf-8")
            except UnicodeEncodeError:
                raise extraction.ExtractionError(
                    "The text contains characters that are not valid Unicode (unpaired surrogates)."
                ) from None
            raw = extraction.decode_upload(content, max_bytes=max_bytes, what="text")
        else:
            raw = extraction.decode_upload(content, max_bytes=max_bytes)
        extracted = extraction.extract(
            raw, filename=filename, content_type=content_type, language=language
        )
    except extraction.ExtractionError as exc:
        raise ValidationError(str(exc)) from exc

    _reject_nul(title=title, author=author, url=url)
    if url:
        URLValidator(schemes=["http", "https"])(url)
    digest = text_hash(extracted.text)
    existing = Article.objects.filter(text_hash=digest).first()
    if existing:
        return IngestResult(existing, False)

    scale = RatingScale.default()
    article = Article(
        title=(title or extracted.title or _first_words(extracted.text))[:500],
        outlet=outlet,
        url=url,
        author=(author or extracted.author)[:300],
        published=published or extracted.published,
        language=extracted.language,
        text=extracted.text,
        text_hash=digest,
        origin=origin,
        created_by=created_by,
    )
    article.full_clean()
    claimant = outlet.name if outlet else ""
    try:
        with transaction.atomic():
            article.save()
            claims = [
                _build_claim(
                    article=article,
                    start=c.start,
                    end=c.end,
                    # who the article says made it, else the outlet
                    claimant=c.claimant or claimant,
                    rating_scale=scale,
                    created_by=created_by,
                )
                for c in extracted.candidates
            ]
            claims = bulk_create_with_history(
                claims, Claim, batch_size=500, default_user=created_by
            )
            # Claims already checked, in any article: one query for the whole article.
            claim_matches_suggest(claims=claims)
    except IntegrityError:
        # Another request stored the same text between our check and our insert.
        existing = Article.objects.filter(text_hash=digest).first()
        if existing:
            return IngestResult(existing, False)
        raise
    return IngestResult(article, True)


def language_is_valid(code: str) -> bool:
    """Whether `code` names a language as articles store it ("es", "pt-BR" and "ES" are fine)."""
    return bool(extraction.languages.normalise_code(code)) and len(code.strip()) <= 16


def _first_words(text: str, n: int = 12) -> str:
    words = text.split()
    return " ".join(words[:n]) + ("…" if len(words) > n else "")


def article_refresh_status(*, article: Article) -> Article:
    """Derive the article's status from its claims: checking while any claim is selected, done once
    every selected claim is published, triage otherwise. Archived articles stay archived."""
    if article.status == Article.Status.ARCHIVED:
        return article
    statuses = set(article.claims.values_list("status", flat=True))
    if Claim.Status.SELECTED in statuses:
        new = Article.Status.CHECKING
    elif Claim.Status.PUBLISHED in statuses:
        new = Article.Status.DONE
    else:
        new = Article.Status.TRIAGE
    if new != article.status:
        Article.objects.filter(pk=article.pk).update(status=new, updated_at=timezone.now())
        article.status = new
    return article
