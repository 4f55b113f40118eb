"""Outside fact-checks as publishers ship them, in each shape the import reads."""

from __future__ import annotations

import pytest


def review(n: int, claim: str, *, rating: str = "False", publisher: str = "PolitiFact", **extra):
    """One schema.org ClaimReview as fact-checkers publish it."""
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://factchecker.example/reviews/{n}",
        "claimReviewed": claim,
        "headline": f"Fact-check {n}",
        "datePublished": f"2024-03-0{1 + n % 9}",
        "author": {
            "@type": "Organization",
            "name": publisher,
            "url": "https://factchecker.example/",
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": "1",
            "bestRating": "5",
            "worstRating": "1",
            "alternateName": rating,
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "A Senator"},
            "datePublished": "2024-02-28",
            "appearance": [{"@type": "CreativeWork", "url": "https://social.example/post/1"}],
        },
        **extra,
    }


CLAIMS = [
    "Drinking hot water every fifteen minutes kills the coronavirus.",
    "The Eiffel Tower will be dismantled and moved to Las Vegas in 2026.",
    "Wind turbines cause cancer in people who live near them.",
]


@pytest.fixture
def reviews():
    return [review(i, c) for i, c in enumerate(CLAIMS)]
