"""Desks in the database for the consensus tests, and an independent plain proposal to check against."""

from __future__ import annotations

import random
from collections import Counter

from factcheck import services
from factcheck.models import Claim, Rating
from tests.factories import ReviewerFactory, make_article_with_claims


def rate(claim: Claim, reviewer, slug: str) -> Rating:
    return services.rating_submit(
        claim=claim,
        reviewer=reviewer,
        label=claim.rating_scale.labels.get(slug=slug),
        rationale=f"{reviewer.username} says {slug}",
    )


def generated_desk(*, n_claims: int = 30, seed: int = 1):
    """Four reviewers rate every one of `n_claims` claims (so all qualify), and one of them answers
    at random; claims spread over two outlets. Returns (claims, reviewers)."""
    rng = random.Random(seed)
    reviewers = [ReviewerFactory(username=f"gen{j}") for j in range(4)]
    half = n_claims // 2
    claims = list(make_article_with_claims(half).claims.order_by("start"))
    # A different length makes a different text (the same text would be the same article).
    second = make_article_with_claims(n_claims - half + 1)
    claims += list(second.claims.order_by("start"))[: n_claims - half]
    from tests.factories import OutletFactory

    claims[0].article.outlet = OutletFactory(name="Outlet A")
    claims[0].article.save()
    claims[-1].article.outlet = OutletFactory(name="Outlet B")
    claims[-1].article.save()
    slugs = [label.slug for label in claims[0].rating_scale.labels.order_by("position")]
    on_scale = slugs[:6]
    for claim in claims:
        truth = rng.randrange(6)
        for j, reviewer in enumerate(reviewers):
            if j == 3:
                slug = rng.choice(slugs)
            elif rng.random() < 0.8:
                slug = on_scale[truth]
            else:
                slug = on_scale[min(5, max(0, truth + rng.choice([-1, 1])))]
            rate(claim, reviewer, slug)
    return claims, reviewers


def plain_proposal_by_hand(labels: list[tuple[str, int | None]]) -> str | None:
    """The issue's rule written out again, independently: an off-scale label with a strict majority;
    else the on-scale plurality, ties to the label nearest the lower median, then the lower label."""
    counts = Counter(slug for slug, _ in labels)
    value = dict(labels)
    for slug, n in counts.items():
        if value[slug] is None and 2 * n > len(labels):
            return slug
    rated = sorted(v for _, v in labels if v is not None)
    if not rated:
        return None
    best = max(n for slug, n in counts.items() if value[slug] is not None)
    tied = [slug for slug, n in counts.items() if n == best and value[slug] is not None]
    median = rated[(len(rated) - 1) // 2]
    return min(tied, key=lambda slug: (abs(value[slug] - median), value[slug]))
