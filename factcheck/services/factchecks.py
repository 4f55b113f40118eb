"""Already checked, anywhere: importing other fact-checkers' ClaimReview, storing embeddings, suggesting
the desk's own earlier verdicts for new claims, and attaching an outside fact-check to a claim."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from factcheck import access, matching
from factcheck.matching import claimreviews
from factcheck.models import Claim, ClaimMatch, OutsideFactCheck, Source, TextEmbedding

IMPORT_BATCH = 1000

_FIELDS = [
    "claim_reviewed",
    "headline",
    "rating_name",
    "rating_value",
    "best_rating",
    "worst_rating",
    "publisher_name",
    "publisher_url",
    "date_published",
    "claim_author",
    "claim_date",
    "appearance_urls",
    "language",
    "source",
    "raw",
]


@dataclass
class ImportReport:
    """What an import did: rows created and updated, and each item it skipped with where and why."""

    created: int = 0
    updated: int = 0
    problems: list[claimreviews.Problem] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated

    def as_json(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "skipped": len(self.problems),
            "problems": [{"position": p.position, "message": p.message} for p in self.problems],
        }


def factchecks_import(
    *,
    items: Iterable[claimreviews.ReviewRecord | claimreviews.Problem],
    source: str = "",
    publisher: str = "",
    user=None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Store outside fact-checks read by `factcheck.matching.claimreviews`; idempotent by review URL.

    A review URL already stored is updated in place (the last occurrence wins within one import).
    `publisher` names the publisher of reviews that name none. Problems (malformed items) are kept in
    the report and the rest imports. Rows are written in batches of 1,000, each in its own
    transaction, with their embeddings; the matcher's corpus is marked stale once. `user` is None for
    the command line and the background worker; otherwise only editors may import.
    `progress(n)` is called after each batch with the number of items it held.
    """
    if user is not None and not access.is_editor(user):
        raise PermissionDenied(_("Only editors can import fact-checks."))
    report = ImportReport()
    batch: dict[str, claimreviews.ReviewRecord] = {}
    for item in items:
        if isinstance(item, claimreviews.Problem):
            report.problems.append(item)
            continue
        batch.pop(item.review_url, None)  # a later copy of the same review wins, in order
        batch[item.review_url] = item
        if len(batch) >= IMPORT_BATCH:
            _store_batch(list(batch.values()), source, publisher, report)
            if progress:
                progress(len(batch))
            batch = {}
    if batch:
        _store_batch(list(batch.values()), source, publisher, report)
        if progress:
            progress(len(batch))
    return report


def _row(record: claimreviews.ReviewRecord, source: str, publisher: str) -> OutsideFactCheck:
    return OutsideFactCheck(
        review_url=record.review_url,
        claim_reviewed=record.claim_reviewed,
        headline=record.headline,
        rating_name=record.rating_name,
        rating_value=record.rating_value,
        best_rating=record.best_rating,
        worst_rating=record.worst_rating,
        publisher_name=record.publisher_name or publisher[:300],
        publisher_url=record.publisher_url,
        date_published=record.date_published,
        claim_author=record.claim_author,
        claim_date=record.claim_date,
        appearance_urls=list(record.appearance_urls),
        language=record.language,
        source=source[:2000],
        raw=record.raw,
    )


@transaction.atomic
def _store_batch(records, source: str, publisher: str, report: ImportReport) -> None:
    rows = [_row(r, source, publisher) for r in records]
    urls = [r.review_url for r in rows]
    existing = set(
        OutsideFactCheck.objects.filter(review_url__in=urls).values_list("review_url", flat=True)
    )
    OutsideFactCheck.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["review_url"],
        update_fields=[*_FIELDS, "updated_at"],
    )
    report.updated += len(existing)
    report.created += len(rows) - len(existing)
    embeddings_store(texts=[t for r in rows for t in (r.claim_reviewed, r.headline) if t])
    from factcheck.matching import store  # NumPy: loaded where used, not at start-up

    store.changed(store.OUTSIDE)


def embeddings_store(*, texts: Sequence[str]) -> int:
    """Compute and store the embedding of each text not stored yet (by the current model); returns
    how many were added. Texts are keyed by content, so a text shared by many rows embeds once."""
    from factcheck.matching import semantic  # NumPy: loaded where used, not at start-up

    keys = {semantic.text_key(t): t for t in texts if t}
    if not keys:
        return 0
    have = set()
    key_list = list(keys)
    for i in range(0, len(key_list), 900):  # SQLite's limit on parameters per query
        have.update(
            TextEmbedding.objects.filter(key__in=key_list[i : i + 900]).values_list(
                "key", flat=True
            )
        )
    missing = [k for k in key_list if k not in have]
    if not missing:
        return 0
    vectors = semantic.encoder().encode([keys[k] for k in missing])
    TextEmbedding.objects.bulk_create(
        [
            TextEmbedding(key=k, model=semantic.MODEL_ID, vector=semantic.to_bytes(v))
            for k, v in zip(missing, vectors, strict=True)
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    return len(missing)


def embeddings_forget(*, texts: Sequence[str]) -> int:
    """Delete the stored embeddings of texts that nothing holds any more (no claim's wording, no
    verdict's summary, no outside fact-check's claim or headline): a reworded claim leaves its old
    wording's vector behind otherwise. Returns how many were deleted."""
    from factcheck.matching import semantic  # NumPy: loaded where used, not at start-up
    from factcheck.models import Verdict

    orphans = [
        t
        for t in {t for t in texts if t}
        if not (
            Claim.objects.filter(wording=t).exists()
            or Verdict.objects.filter(summary=t).exists()
            or OutsideFactCheck.objects.filter(claim_reviewed=t).exists()
            or OutsideFactCheck.objects.filter(headline=t).exists()
        )
    ]
    if not orphans:
        return 0
    deleted, _ = TextEmbedding.objects.filter(
        key__in=[semantic.text_key(t) for t in orphans]
    ).delete()
    return deleted


def feeds_import(*, urls: Sequence[str] | None = None) -> dict[str, ImportReport]:
    """Fetch each feed (default: `settings.FACTCHECK_FEED_URLS`) with the same safe fetcher as
    articles, and import it. One feed that cannot be fetched or read is reported in its own report
    and the others still import. Run by the background worker (`tasks.import_feeds`)."""
    from factcheck import fetch

    reports: dict[str, ImportReport] = {}
    for url in settings.FACTCHECK_FEED_URLS if urls is None else urls:
        try:
            fetched = fetch.fetch(
                url,
                max_bytes=settings.FACTCHECK_FEED_MAX_BYTES,
                timeout=settings.FACTCHECK_FETCH_TIMEOUT * 6,
                allow_private=settings.FACTCHECK_FETCH_ALLOW_PRIVATE,
                allowed_types=fetch.FEED_TYPES,
            )
            text = claimreviews.decode(fetched.content)
        except (fetch.FetchError, claimreviews.Unreadable) as exc:
            reports[url] = ImportReport(problems=[claimreviews.Problem(url, str(exc))])
            continue
        reports[url] = factchecks_import(items=claimreviews.read_text(text, where=url), source=url)
    return reports


# --- The desk's own verdicts for new claims -------------------------------------------------------


def claim_matches_suggest_later(*, claims: Sequence[Claim]) -> None:
    """Once this transaction commits, have a worker suggest matches for these claims
    (`tasks.suggest_claim_matches`): suggestions are advice, and the search they need can take long
    at a large desk, so no page waits for them."""
    ids = [c.pk for c in claims if c.pk is not None]
    if not ids:
        return
    from factcheck import tasks

    transaction.on_commit(lambda: tasks.suggest_claim_matches.enqueue(claim_ids=ids), robust=True)


def claim_matches_suggest(*, claims: Sequence[Claim]) -> int:
    """Store suggested matches between these claims and the desk's published claims that say the
    same thing; pairs already stored, in any status, are left as they are, so a rejected match is
    never suggested again. Returns how many rows were added.

    Two doors: the desk's pairwise measures (`matching.find`: trigram or shared words, with the
    near-miss discounts) at `FACTCHECK_MATCH_THRESHOLD`, and the semantic matcher (embeddings + the
    trained re-ranker, which also catches paraphrases that share few words; its probability times
    the same near-miss discounts) at `FACTCHECK_MATCH_SEMANTIC_THRESHOLD` (bench/matching_eval.py).
    The claims' wordings are embedded and stored on the way.
    """
    claims = [c for c in claims if c.pk is not None]
    if not claims:
        return 0
    found = matching.find([c.wording for c in claims], exclude_ids=[c.pk for c in claims])
    rows: dict[tuple[int, int], ClaimMatch] = {}
    for claim, matches in zip(claims, found, strict=True):
        for f in matches:
            rows[claim.pk, f.match_id] = ClaimMatch(
                claim=claim, match_id=f.match_id, score=f.similarity.score, method=f.method
            )
    from factcheck.matching import store  # NumPy: loaded where used, not at start-up

    threshold = settings.FACTCHECK_MATCH_SEMANTIC_THRESHOLD
    corpus = store.corpus(store.VERDICT)  # the desk's own: suggestions link claims to claims
    own = {c.pk for c in claims}
    for claim in claims:
        language = claim.article.language
        for hit in corpus.search(claim.wording, k=5, threshold=threshold, language=language):
            key = (claim.pk, hit.document.pk)
            if hit.document.kind != "verdict" or hit.document.pk in own or key in rows:
                continue
            # The re-ranker ranks what is about the same thing; whether it says the same thing
            # (the same figure, the same direction, no negation) is what the near-miss discounts
            # of the pairwise measure tell, so they apply here too.
            sim = matching.similarity(claim.wording, hit.document.claim)
            score = hit.score * (sim.score / sim.text if sim.text else 0.0)
            if score >= threshold:
                rows[key] = ClaimMatch(
                    claim=claim, match_id=hit.document.pk, score=round(score, 4), method="semantic"
                )
    embeddings_store(texts=[c.wording for c in claims])
    if not rows:
        return 0
    existing = set(ClaimMatch.objects.filter(claim__in=claims).values_list("claim_id", "match_id"))
    new = [r for key, r in rows.items() if key not in existing]
    ClaimMatch.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


# --- Attaching an outside fact-check --------------------------------------------------------------

_REFUTES = re.compile(
    r"\b(false|fake|pants on fire|incorrect|inaccurate|wrong|hoax|scam|fabricated|fiction|"
    r"misleading|bogus|debunked|baseless|no evidence|not true|untrue|distorted|four pinocchios)\b",
    re.I,
)
_SUPPORTS = re.compile(r"\b(true|correct|accurate|right|confirmed|verified)\b", re.I)
_MIXED = re.compile(r"\b(half|mixed|mixture|partly|partially|unproven|unverified)\b", re.I)


def stance_of(factcheck: OutsideFactCheck) -> str:
    """The stance an outside rating takes on the claim: a numeric rating by where it falls on its
    scale (bottom third refutes, top third supports), else by its words; context when unclear."""
    v, best, worst = factcheck.rating_value, factcheck.best_rating, factcheck.worst_rating
    if v is not None and best is not None and worst is not None and best != worst:
        position = (v - worst) / (best - worst)
        if position <= 1 / 3:
            return Source.Stance.REFUTES
        if position >= 2 / 3:
            return Source.Stance.SUPPORTS
        return Source.Stance.CONTEXT
    name = factcheck.rating_name
    if not name or _MIXED.search(name):
        return Source.Stance.CONTEXT
    if re.search(r"\bmostly true\b", name, re.I):
        return Source.Stance.SUPPORTS
    if _REFUTES.search(name):
        return Source.Stance.REFUTES
    if _SUPPORTS.search(name):
        return Source.Stance.SUPPORTS
    return Source.Stance.CONTEXT


@transaction.atomic
def factcheck_attach(*, claim: Claim, factcheck: OutsideFactCheck, user) -> Source:
    """Attach an outside fact-check to the claim as a source, its stance read from the rating.

    Idempotent: when the review's URL is already a source of the claim, that source is returned
    unchanged. Same rules as any source (`source_add`): reviewers and editors, live claims only.
    """
    from factcheck.services.reviews import source_add  # reviews -> articles -> this module

    existing = claim.sources.filter(url=factcheck.review_url).first()
    if existing is not None:
        if not access.can_add_source(user, claim):
            raise PermissionDenied(_("Only reviewers and editors can add sources to a live claim."))
        return existing
    rating = f"Rated {factcheck.rating}: " if factcheck.rating else ""
    try:
        return source_add(
            claim=claim,
            user=user,
            url=factcheck.review_url,
            stance=stance_of(factcheck),
            title=(factcheck.headline or f"Fact-check: {factcheck.claim_reviewed}")[:500],
            publisher=factcheck.publisher_name,
            passage=f"{rating}{factcheck.claim_reviewed}",
        )
    except ValidationError:
        # Attached by someone else between our look and our insert: the same result.
        found = claim.sources.filter(url=factcheck.review_url).first()
        if found is None:
            raise
        return found
