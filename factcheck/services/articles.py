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
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from factcheck import extraction, public_cache, selectors
from factcheck.models import Article, Claim, Outlet, RatingScale
from factcheck.services._common import _blank, _build_claim, _reject_nul, _require_editor
from factcheck.services.factchecks import claim_matches_suggest_later


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
        raise ValidationError({"outlet": _("An outlet needs a name.")})
    existing = selectors.outlet_named(name)
    if existing:
        return existing
    outlet = Outlet(name=name, homepage=homepage)
    outlet.full_clean()
    outlet.save()
    return outlet


@transaction.atomic
def outlet_save(*, outlet: Outlet, editor) -> Outlet:
    """Create or change an outlet (name, homepage, state affiliation, notes). Names are unique
    whatever their case, as `outlet_get_or_create` finds them."""
    _require_editor(editor)
    _reject_nul(name=outlet.name, notes=outlet.notes)
    outlet.name = " ".join(outlet.name.split())
    if selectors.outlet_named(outlet.name, exclude=outlet.pk) is not None:
        raise ValidationError({"name": f"An outlet called “{outlet.name}” already exists."})
    outlet.full_clean()
    outlet.save()
    # Outlet names and affiliations show on public verdict pages.
    public_cache.changed()
    return outlet


@transaction.atomic
def outlet_delete(*, outlet: Outlet, editor) -> None:
    """Delete an outlet no article names."""
    _require_editor(editor)
    if outlet.articles.exists():
        raise ValidationError(
            _("Articles of “%(outlet)s” are on the desk: it cannot be deleted.")
            % {"outlet": outlet}
        )
    outlet.delete()


# The article fields an editor may correct after ingestion. The text (claims are anchored to it),
# its language (claims were segmented and scored in it), origin and status (derived) stay.
ARTICLE_EDIT_FIELDS = ("title", "outlet", "url", "author", "published")


@transaction.atomic
def article_update(*, article: Article, editor, **changes) -> Article:
    """Correct an article's metadata (ARTICLE_EDIT_FIELDS)."""
    _require_editor(editor)
    unknown = set(changes) - set(ARTICLE_EDIT_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    article = Article.objects.select_for_update().get(pk=article.pk)
    for name, value in changes.items():
        setattr(article, name, value.strip() if isinstance(value, str) else value)
    _reject_nul(title=article.title, author=article.author, url=article.url)
    if _blank(article.title):
        raise ValidationError({"title": _("An article needs a title.")})
    article.full_clean()
    article.save(update_fields=[*changes, "updated_at"])
    public_cache.changed()
    return article


@transaction.atomic
def article_archive(*, article: Article, editor) -> Article:
    """Take an article off the desk's lists. Its claims, ratings and verdicts stay as they are."""
    _require_editor(editor)
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.status != Article.Status.ARCHIVED:
        article.status = Article.Status.ARCHIVED
        article.save(update_fields=["status", "updated_at"])
    return article


@transaction.atomic
def article_unarchive(*, article: Article, editor) -> Article:
    """Put an archived article back: its status is derived from its claims again."""
    _require_editor(editor)
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.status == Article.Status.ARCHIVED:
        article.status = Article.Status.TRIAGE
        article.save(update_fields=["status", "updated_at"])
        article_refresh_status(article=article)
    return article


def article_add(
    *,
    created_by,
    text: str = "",
    html: str = "",
    file=None,
    url: str = "",
    outlet: str = "",
    title: str = "",
    author: str = "",
    published: date | None = None,
    language: str = "",
    origin: str = "",
) -> IngestResult:
    """Add an article as an editor does on the page or through the API: pasted `text`, `html`, an
    uploaded `file` (anything with .read() and .name), or only a `url` to fetch it from; `url`
    given with a text is kept as the article's address. `outlet` is a name (found whatever its
    case, created if new, and kept only if the article is stored).

    Fetching and extraction run before any transaction opens, so no database lock waits on the
    network or on seconds of CPU. `origin` defaults to what was given (paste, upload, URL).
    Refusals are ValidationErrors keyed by the field at fault (`url` for a failed fetch).
    """
    from factcheck import fetch

    _require_editor(created_by)
    content_type, filename = "", ""
    if file is not None:
        content, filename, default_origin = file.read(), file.name, Article.Origin.UPLOAD
    elif text:
        content, default_origin = text, Article.Origin.PASTE
    elif html:
        content, content_type, default_origin = html, "text/html", Article.Origin.PASTE
    elif url:
        try:
            fetched = fetch.fetch(
                url,
                max_bytes=settings.FACTCHECK_MAX_ARTICLE_BYTES,
                timeout=settings.FACTCHECK_FETCH_TIMEOUT,
                allow_private=settings.FACTCHECK_FETCH_ALLOW_PRIVATE,
            )
        except fetch.FetchError as exc:
            raise ValidationError({"url": str(exc)}) from None
        content, content_type, url = fetched.content, fetched.content_type, fetched.url
        default_origin = Article.Origin.URL
    else:
        raise ValidationError(_("Paste the text, upload a file, or give a URL."))
    return article_ingest(
        content=content,
        filename=filename,
        content_type=content_type,
        origin=origin or default_origin,
        outlet_name=outlet,
        url=url,
        title=title,
        author=author,
        published=published,
        language=language,
        created_by=created_by,
    )


def article_ingest(
    *,
    content: str | bytes,
    filename: str = "",
    content_type: str = "",
    origin: str = Article.Origin.PASTE,
    outlet: Outlet | None = None,
    outlet_name: str = "",
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

    The work is done in two steps: extraction and scoring (seconds of CPU for a long article) with no
    transaction open, then one short transaction for the writes (the outlet named by `outlet_name`
    if new, the article, its claims). Matches with claims already checked are suggested after it.
    Do not call it inside a transaction: the lock would be held through the extraction.
    """
    if language and not language_is_valid(language):
        raise ValidationError(
            {"language": f"{language!r} is not a language code (ISO 639-1, e.g. en, es, pt-BR)."}
        )
    _reject_nul(title=title, author=author, url=url, outlet=outlet_name)
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValidationError(
                {"url": _("Enter a full web address starting with http:// or https://.")}
            ) from None
    outlet_name = " ".join((outlet_name or "").split())
    max_bytes = settings.FACTCHECK_MAX_ARTICLE_BYTES
    try:
        if isinstance(content, str):
            # Pasted text gets the same checks as a file: size, binary, control characters.
            try:
                content = content.encode("utf-8")
            except UnicodeEncodeError:
                raise extraction.ExtractionError(
                    _(
                        "The text contains characters that are not valid Unicode (unpaired surrogates)."
                    )
                ) from None
            raw = extraction.decode_upload(content, max_bytes=max_bytes, what="text")
        else:
            raw = extraction.decode_upload(content, max_bytes=max_bytes)
        extracted = extraction.extract(
            raw, filename=filename, content_type=content_type, language=language
        )
    except extraction.ExtractionError as exc:
        raise ValidationError(str(exc)) from exc

    digest = text_hash(extracted.text)
    existing = Article.objects.filter(text_hash=digest).first()
    if existing:
        return IngestResult(existing, False)

    if outlet is None and outlet_name:
        outlet = selectors.outlet_named(outlet_name) or Outlet(name=outlet_name)
        outlet.full_clean(validate_unique=False)
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
    article.full_clean(exclude=["outlet"])
    claimant = outlet.name if outlet else ""
    scale = RatingScale.default()
    # Scored before the transaction opens (the article is not saved yet: the claims get it below).
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
    try:
        with transaction.atomic():
            if outlet is not None and outlet.pk is None:
                outlet = outlet_get_or_create(name=outlet.name)
                article.outlet = outlet
            article.save()
            for claim in claims:
                claim.article = article
                claim.article_created_at = article.created_at
            claims = bulk_create_with_history(
                claims, Claim, batch_size=500, default_user=created_by
            )
    except IntegrityError:
        # Another request stored the same text between our check and our insert.
        existing = Article.objects.filter(text_hash=digest).first()
        if existing:
            return IngestResult(existing, False)
        raise
    # Claims already checked, in any article: suggested by a worker after the commit (suggestions
    # are advice: the article stands without them, and no upload waits for the search).
    claim_matches_suggest_later(claims=claims)
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
