"""Benchmark of the desk's consensus: Dawid–Skene reliability, Krippendorff's alpha, proposals.

    .venv/bin/python bench/consensus.py              # in memory: 100,000 ratings, 20 reviewers
    .venv/bin/python bench/consensus.py --ratings 300000 --claims 90000
    DATABASE_URL=sqlite:////tmp/fc_bench.sqlite3 .venv/bin/python bench/consensus.py --db

The desk is drawn with a fixed seed: ~30,000 claims with 3 or 4 ratings each by 20 reviewers whose
accuracies run from 0.65 to 0.9, one of whom answers at random; mistakes are mostly one step off. It prints
the time of each part of the full recompute and the figures (alpha, estimated against true accuracies,
plain and weighted proposals against the truth).

--db writes the generated desk (outlets, articles, claims, users, ratings, some published verdicts) into
the database DATABASE_URL names, with dates spread over a year, and times the recompute as the background
task runs it (read, compute, store). It refuses the default database: use a throwaway copy.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from bench.simulated_desk import simulate
from factcheck import consensus

ACCURACY = [
    0.9, 0.88, 0.86, 0.85, 0.84, 0.83, 0.82, 0.8, 0.8, 0.79,
    0.78, 0.77, 0.76, 0.75, 0.74, 0.72, 0.7, 0.68, 0.65, None,
]  # fmt: skip


def in_memory(args) -> None:
    clock = time.perf_counter()
    accuracy = [*ACCURACY[: args.reviewers - 1], None]
    desk = simulate(n_claims=args.claims, n_ratings=args.ratings, accuracy=accuracy, seed=args.seed)
    print(
        f"desk: {len(desk.ratings):,} ratings of {len(desk.claims):,} claims by "
        f"{len(accuracy)} reviewers (reviewer {len(accuracy)} answers at random); "
        f"drawn in {time.perf_counter() - clock:.2f} s"
    )
    timings = {}
    clock = time.perf_counter()
    result = consensus.compute_desk(desk.ratings, desk.labels, desk.claims, pairs=False)
    timings["reliability + proposals + alpha (desk, month, outlet, scale)"] = (
        time.perf_counter() - clock
    )
    clock = time.perf_counter()
    full = consensus.compute_desk(desk.ratings, desk.labels, desk.claims)
    timings["full recompute, with alpha for every pair of reviewers"] = time.perf_counter() - clock
    for name, seconds in timings.items():
        print(f"  {name}: {seconds:.2f} s")
    report(desk, full)
    assert result.alpha == full.alpha


def report(desk, result) -> None:
    print(
        f"alpha (ordinal): {result.alpha.alpha:.4f} over {result.alpha.n_claims:,} claims, "
        f"{result.alpha.n_ratings:,} ratings; {len(result.by_pair)} pairs of reviewers"
    )
    print(
        f"Dawid–Skene: {result.ds_iterations} EM rounds, converged: {result.ds_converged}; "
        f"typical accuracy {result.typical_accuracy:.3f}"
    )
    errors = []
    for j, truth in enumerate(desk.accuracy, start=1):
        est = result.reviewers[j].accuracy
        label = "random" if np.isnan(truth) else f"{truth:.2f}"
        errors.append(0 if np.isnan(truth) else abs(est - truth))
        print(f"  reviewer {j:2d}: true {label:>6}  estimated {est:.3f}")
    print(f"  largest error on the non-random reviewers: {max(errors):.3f}")
    plain = sum(result.claims[c].proposed == t for c, t in desk.truth.items())
    weighted = sum(result.claims[c].weighted == t for c, t in desk.truth.items())
    flagged = sum(c.needs_discussion for c in result.claims.values())
    n = len(desk.truth)
    print(
        f"proposals right: plain {plain / n:.4f}, weighted {weighted / n:.4f} "
        f"({weighted - plain:+d} claims); {flagged:,} claims need discussion"
    )


def into_database(args) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url or url.endswith("db.sqlite3"):
        sys.exit("--db writes a generated desk: set DATABASE_URL to a throwaway database.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from factcheck import access, tasks
    from factcheck.models import (
        Article,
        Claim,
        Outlet,
        Rating,
        RatingLabel,
        RatingScale,
        Verdict,
    )

    call_command("migrate", verbosity=0)
    User = get_user_model()
    accuracy = [*ACCURACY[: args.reviewers - 1], None]
    desk = simulate(
        n_claims=args.claims,
        n_ratings=args.ratings,
        accuracy=accuracy,
        seed=args.seed,
        months=12,
        outlets=5,
    )
    scale = RatingScale.objects.get(slug="truth-o-meter")
    by_value = {label.value: label for label in RatingLabel.objects.filter(scale=scale)}
    label_of = {lab: by_value[value] for lab, (_, value) in desk.labels.items()}
    rng = np.random.default_rng(args.seed)
    start = timezone.now() - timedelta(days=365)
    clock = time.perf_counter()
    with transaction.atomic():
        editor, _ = User.objects.get_or_create(username="bench-editor")
        editor.groups.add(Group.objects.get(name=access.EDITOR_GROUP))
        reviewers = {}
        for j in range(1, len(accuracy) + 1):
            user, _ = User.objects.get_or_create(username=f"reviewer{j:02d}")
            user.groups.add(Group.objects.get(name=access.REVIEWER_GROUP))
            reviewers[j] = user
        outlets = {
            name: Outlet.objects.get_or_create(name=name)[0]
            for name in sorted({c.outlet for c in desk.claims.values()})
        }
        per_article = 10
        sentence = "Claim number {:06d} says something checkable."
        claims = {}
        for first in range(1, args.claims + 1, per_article):
            ids = list(range(first, min(first + per_article, args.claims + 1)))
            text = " ".join(sentence.format(i) for i in ids)
            month = int(desk.claims[first].month[-2:])
            arrived = start + timedelta(days=30 * (month - 1) + int(rng.integers(0, 25)))
            article = Article(
                title=f"Generated article {first}",
                outlet=outlets[desk.claims[first].outlet],
                text=text,
                text_hash=f"bench-{args.seed}-{first}",
                origin=Article.Origin.COMMAND,
                status=Article.Status.CHECKING,
            )
            article.save()
            Article.objects.filter(pk=article.pk).update(created_at=arrived)
            offset = 0
            for i in ids:
                quote = sentence.format(i)
                claims[i] = Claim(
                    article=article,
                    article_created_at=arrived,
                    start=offset,
                    end=offset + len(quote),
                    quote=quote,
                    wording=quote,
                    score=0.5,
                    status=Claim.Status.SELECTED,
                    rating_scale=scale,
                )
                claims[i]._arrived = arrived
                offset += len(quote) + 1
        Claim.objects.bulk_create(list(claims.values()), batch_size=2000)
        created_at = Rating._meta.get_field("created_at")
        created_at.auto_now_add = False
        try:
            ratings = []
            for c, j, lab in desk.ratings:
                when = claims[c]._arrived + timedelta(hours=int(rng.integers(1, 96)))
                ratings.append(
                    Rating(
                        claim=claims[c],
                        reviewer=reviewers[j],
                        label=label_of[lab],
                        rationale="generated",
                        created_at=when,
                    )
                )
            Rating.objects.bulk_create(ratings, batch_size=5000)
        finally:
            created_at.auto_now_add = True
        # A published verdict on a quarter of the claims: the label the desk's truth says.
        verdicts = []
        published = []
        for i in range(1, args.claims + 1, 4):
            label = label_of[desk.truth[i]]
            when = claims[i]._arrived + timedelta(days=float(rng.gamma(2.0, 2.5)))
            verdicts.append(
                Verdict(
                    claim=claims[i],
                    label=label,
                    summary=f"Verdict on claim {i}",
                    explanation="generated",
                    editor=editor,
                    published_at=when,
                    ratings_count=3,
                )
            )
            published.append(claims[i].pk)
        Verdict.objects.bulk_create(verdicts, batch_size=2000)
        Claim.objects.filter(pk__in=published).update(status=Claim.Status.PUBLISHED)
    print(
        f"wrote {len(desk.ratings):,} ratings to the database in {time.perf_counter() - clock:.1f} s"
    )
    clock = time.perf_counter()
    snapshot = tasks.recompute_desk()
    total = time.perf_counter() - clock
    print(
        f"recompute from the database (read {snapshot.duration_ms} ms incl. compute, "
        f"then store): {total:.2f} s; alpha {snapshot.alpha:.4f}"
    )
    clock = time.perf_counter()
    tasks.recompute_desk()
    print(
        f"second recompute (nothing changed, nothing rewritten): {time.perf_counter() - clock:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=30_000)
    parser.add_argument("--ratings", type=int, default=100_000)
    parser.add_argument("--reviewers", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--db", action="store_true", help="write the desk to DATABASE_URL and time it"
    )
    args = parser.parse_args()
    if args.db:
        into_database(args)
    else:
        in_memory(args)


if __name__ == "__main__":
    main()
