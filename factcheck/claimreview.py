"""schema.org ClaimReview for a published verdict: one builder, used by the public page and the exports.

Follows schema.org's ClaimReview and Google's fact-check structured-data guidelines: `claimReviewed`,
`reviewRating` (with `alternateName`, and a numeric scale when the desk rates on one), `url`, `author`,
`datePublished`, and `itemReviewed` as a `Claim` with its author, appearance and date. `inLanguage`
says the review's language (its text's) and the claim's (its article's); the rating's name is given in
the review's language.
"""

from __future__ import annotations

from django.conf import settings

from factcheck import extraction, markup
from factcheck.models import Claim, RatingScale, Verdict, name_in
from factcheck.public_url import absolute, base

__all__ = ["absolute", "claim_review"]


def text_language(summary: str, explanation: str) -> str:
    """The language a verdict's text is written in, else the desk's (settings.LANGUAGE_CODE) when
    it is too short to tell. The services store it on the verdict when they publish it."""
    return extraction.detect_language(
        f"{summary}\n{explanation}", fallback=settings.LANGUAGE_CODE.split("-")[0]
    )


def review_language(verdict: Verdict) -> str:
    """The language the verdict is written in: as stored, else detected from its text."""
    return getattr(verdict, "language", "") or text_language(verdict.summary, verdict.explanation)


def claim_review(verdict: Verdict, *, first_published=None) -> dict:
    """The ClaimReview object of a verdict revision (normally the current one).

    `first_published` is when revision 1 came out; it defaults to this revision's date.
    `claimReviewed` is the verdict's short "claim reviewed" (what search results show), `reviewBody`
    its Markdown explanation as plain text, and `itemReviewed.author` the claim's claimant (the
    outlet when there is none). URLs are absolute (factcheck.public_url).
    """
    claim: Claim = verdict.claim
    article = claim.article
    scale: RatingScale = claim.rating_scale
    label = verdict.label
    language = review_language(verdict)
    rating: dict = {"@type": "Rating", "alternateName": name_in(label.name, label.names, language)}
    if scale.kind == RatingScale.Kind.CONCLUSION:
        rating["alternateName"] = verdict.summary
    elif label.value is not None:
        values = [lab.value for lab in scale.labels.all() if lab.value is not None]
        rating.update(ratingValue=label.value, bestRating=max(values), worstRating=min(values))
    appearance: dict = {
        "@type": "CreativeWork",
        "headline": article.title,
        "inLanguage": article.language,
    }
    if article.url:
        appearance["url"] = article.url
    if article.published:
        appearance["datePublished"] = article.published.isoformat()
    if article.outlet:
        appearance["publisher"] = {"@type": "Organization", "name": article.outlet.name}
        if article.outlet.homepage:
            appearance["publisher"]["url"] = article.outlet.homepage
    claimant_name = claim.claimant or (article.outlet.name if article.outlet else "")
    item: dict = {"@type": "Claim", "appearance": appearance, "inLanguage": article.language}
    if claimant_name:
        # The outlet, an organisation word ("Ministry", "Policía") or an acronym: Organization;
        # a personal name (two to five capitalised words): Person.
        kind = extraction.claimant_kind(
            claimant_name, outlet=article.outlet.name if article.outlet else ""
        )
        item["author"] = {"@type": kind, "name": claimant_name}
    if article.published:
        item["datePublished"] = article.published.isoformat()
    published = first_published or verdict.published_at
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "inLanguage": language,
        "url": absolute(verdict.get_absolute_url()),
        "claimReviewed": verdict.claim_reviewed or claim.wording,
        "itemReviewed": item,
        "author": {
            "@type": "Organization",
            "name": settings.FACTCHECK_DESK_NAME,
            "url": base() + "/",
        },
        "reviewRating": rating,
        "datePublished": published.date().isoformat(),
        "dateModified": verdict.published_at.isoformat(),
        "headline": verdict.summary,
        "reviewBody": markup.to_text(verdict.explanation),
    }
    if verdict.revision > 1 and verdict.correction_note:
        review["correction"] = {
            "@type": "CorrectionComment",
            "text": verdict.correction_note,
            "datePublished": verdict.published_at.date().isoformat(),
        }
    return review
