"""Write a realistic synthetic desk for benchmarks into the database: outlets, articles, claims in every
status, blind ratings by several reviewers, sources, threaded comments, and published verdicts with
corrections. Run it through `bench/generate_bench_data.py`; import it only once Django is set up.

Articles are built sentence by sentence from templates, so every claim's offsets are known exactly as
the text is assembled (the "faithful fast path": the same anchoring invariant as extraction, with the
real `score_sentence` scoring). `--extract` runs the full extraction pipeline instead (slower).
Text generation and scoring run in worker processes; rows are written with bulk inserts in batches.
The content is a pure function of `--seed` and the row counts: the same seed gives the same desk.
History tables are not filled (bench data has no edit history).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import random
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from tqdm import tqdm

from bench.benchdata import BODIES, GeneratedArticle, generate_article
from factcheck import access, extraction
from factcheck.consensus import needs_discussion
from factcheck.models import (
    Article,
    Assignment,
    Claim,
    Comment,
    Outlet,
    Rating,
    RatingScale,
    Source,
    Verdict,
)

User = get_user_model()


@contextmanager
def given_timestamps():
    """Let bulk inserts keep the generated created/updated times instead of "now"."""
    fields = [
        f
        for model in (Article, Claim, Rating, Source, Comment, Assignment)
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


# Open (not yet rated) assignments per reviewer: a workload, the same on a small or large desk.
OPEN_PER_REVIEWER = 30


class BenchDataError(Exception):
    """The database cannot take this bench data (a bad size, or bench data already there)."""


def generate_desk(
    *,
    articles: int,
    seed: int = 1,
    claims_per_article: int = 21,
    reviewers: int = 20,
    outlets: int = 40,
    workers: int = 2,
    batch: int = 200,
    extract: bool = False,
    progress: bool = True,
) -> dict[str, int]:
    """Write a synthetic desk of `articles` articles; returns how many rows of each kind it wrote.

    The content is a pure function of `seed` and the counts. Text is generated (and, with `extract`,
    run through the whole extraction pipeline) in `workers` spawned processes.
    """
    return _DeskWriter().run(
        {
            "articles": articles,
            "seed": seed,
            "claims_per_article": claims_per_article,
            "reviewers": reviewers,
            "outlets": outlets,
            "workers": workers,
            "batch": batch,
            "extract": extract,
            "progress": progress,
        }
    )


class _DeskWriter:
    def run(self, opts: dict) -> dict[str, int]:
        self.open_assignments: dict[int, int] = {}
        if opts["articles"] < 1:
            raise BenchDataError("--articles must be at least 1.")
        if Article.objects.filter(title__startswith="[bench]").exists():
            raise BenchDataError("This database already holds bench data; use a fresh database.")
        rng = random.Random(opts["seed"])
        scale = RatingScale.default()
        labels = list(scale.labels.filter(value__isnull=False).order_by("value"))
        off_scale = list(scale.labels.filter(value__isnull=True))
        reviewers, editors = self._people(opts["reviewers"])
        outlets = self._outlets(opts["outlets"])
        totals = dict.fromkeys(
            ["articles", "claims", "ratings", "sources", "comments", "verdicts"], 0
        )
        jobs = [
            (opts["seed"], i, opts["claims_per_article"], opts["extract"])
            for i in range(opts["articles"])
        ]
        progress = tqdm(
            total=len(jobs), unit="article", desc="Generating", disable=not opts["progress"]
        )
        batch: list[GeneratedArticle] = []
        # Spawned (not forked) workers: the parent holds database connections and threads.
        context = multiprocessing.get_context("spawn")
        workers = max(1, opts["workers"])
        with given_timestamps(), ProcessPoolExecutor(workers, mp_context=context) as pool:
            for generated in pool.map(generate_article, jobs, chunksize=64):
                batch.append(generated)
                if len(batch) >= opts["batch"]:
                    self._write(
                        batch, rng, outlets, scale, labels, off_scale, reviewers, editors, totals
                    )
                    progress.update(len(batch))
                    batch = []
            if batch:
                self._write(
                    batch, rng, outlets, scale, labels, off_scale, reviewers, editors, totals
                )
                progress.update(len(batch))
        progress.close()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        return totals

    def _people(self, n_reviewers: int):
        reviewer_group = Group.objects.get(name=access.REVIEWER_GROUP)
        editor_group = Group.objects.get(name=access.EDITOR_GROUP)
        reviewers, editors = [], []
        for i in range(n_reviewers):
            user, created = User.objects.get_or_create(username=f"bench-reviewer-{i:02d}")
            if created:
                user.set_unusable_password()
                user.save()
                user.groups.add(reviewer_group)
            reviewers.append(user)
        for i in range(3):
            user, created = User.objects.get_or_create(username=f"bench-editor-{i}")
            if created:
                user.set_unusable_password()
                user.save()
                user.groups.add(editor_group)
            editors.append(user)
        return reviewers, editors

    def _outlets(self, n: int) -> list[Outlet]:
        outlets = []
        for i in range(n):
            outlet, _ = Outlet.objects.get_or_create(
                name=f"Bench Outlet {i:03d}",
                defaults={
                    "homepage": f"https://outlet{i:03d}.example",
                    "state_affiliated": i % 9 == 0,
                },
            )
            outlets.append(outlet)
        return outlets

    @transaction.atomic
    def _write(self, batch, rng, outlets, scale, labels, off_scale, reviewers, editors, totals):
        articles = []
        for g in batch:
            articles.append(
                Article(
                    title=f"[bench] {g.title}",
                    outlet=outlets[g.index % len(outlets)],
                    url=f"https://outlet{g.index % len(outlets):03d}.example/news/{g.index}",
                    published=g.published,
                    text=g.text,
                    text_hash=hashlib.sha256(g.text.encode() + str(g.index).encode()).hexdigest(),
                    origin=Article.Origin.COMMAND,
                    created_at=g.created_at,
                    updated_at=g.created_at,
                )
            )
        Article.objects.bulk_create(articles)
        claims: list[Claim] = []
        plans: list[tuple[Claim, str]] = []
        for g, article in zip(batch, articles, strict=True):
            statuses = set()
            for start, end, score, features in g.claims:
                roll = rng.random()
                status = (
                    Claim.Status.CANDIDATE
                    if roll < 0.5
                    else Claim.Status.SELECTED
                    if roll < 0.72
                    else Claim.Status.PUBLISHED
                    if roll < 0.87
                    else Claim.Status.DISMISSED
                )
                statuses.add(status)
                quote = g.text[start:end]
                claim = Claim(
                    article=article,
                    start=start,
                    end=end,
                    quote=quote,
                    prefix=g.text[max(0, start - 32) : start],
                    suffix=g.text[end : end + 32],
                    wording=quote,
                    claimant=article.outlet.name,
                    score=score,
                    features=features,
                    score_version=extraction.SCORE_VERSION,
                    status=status,
                    dismissed_reason="Opinion, not checkable."
                    if status == Claim.Status.DISMISSED
                    else "",
                    rating_scale=scale,
                    article_created_at=g.created_at,
                    created_at=g.created_at,
                    updated_at=g.created_at,
                )
                claims.append(claim)
                plans.append((claim, status))
            article.status = (
                Article.Status.CHECKING
                if Claim.Status.SELECTED in statuses
                else Article.Status.DONE
                if Claim.Status.PUBLISHED in statuses
                else Article.Status.TRIAGE
            )
        Claim.objects.bulk_create(claims, batch_size=2000)
        Article.objects.bulk_update(articles, ["status"], batch_size=2000)
        self._split_and_merge(claims, rng, scale)

        ratings, sources, comments, assignments, verdicts = [], [], [], [], []
        verdict_sources, queue_updates = [], []
        for claim, status in plans:
            if status not in (Claim.Status.SELECTED, Claim.Status.PUBLISHED):
                continue
            raters = rng.sample(
                reviewers, k=rng.choice((1, 2, 2, 3)) if status == "selected" else 2
            )
            true_value = rng.randint(1, len(labels))
            when = claim.created_at + dt.timedelta(hours=rng.randint(1, 72))
            claim_labels = []
            for reviewer in raters:
                assignments.append(
                    Assignment(
                        claim=claim,
                        reviewer=reviewer,
                        assigned_by=editors[0],
                        created_at=when,
                        completed_at=when,
                    )
                )
                if rng.random() < 0.05 and off_scale:
                    label = off_scale[0]
                else:
                    value = min(len(labels), max(1, true_value + rng.choice((-1, 0, 0, 0, 1))))
                    label = labels[value - 1]
                claim_labels.append(label)
                ratings.append(
                    Rating(
                        claim=claim,
                        reviewer=reviewer,
                        label=label,
                        rationale="Checked the record.",
                        confidence=rng.randint(1, 3),
                        created_at=when,
                        updated_at=when,
                    )
                )
            if status == Claim.Status.SELECTED and rng.random() < 0.15:
                # Some work is still open: a reviewer assigned who has not rated yet. Like a real
                # desk, a reviewer's open assignments are capped (OPEN_PER_REVIEWER), not a share
                # of every claim the desk has ever selected.
                waiting = rng.choice([r for r in reviewers if r not in raters])
                if self.open_assignments.get(waiting.pk, 0) >= OPEN_PER_REVIEWER:
                    waiting = None
            else:
                waiting = None
            if waiting is not None:
                self.open_assignments[waiting.pk] = self.open_assignments.get(waiting.pk, 0) + 1
                assignments.append(
                    Assignment(
                        claim=claim, reviewer=waiting, assigned_by=editors[0], created_at=when
                    )
                )
            claim.ratings_count = len(claim_labels)
            claim.is_assigned = True
            claim.needs_discussion = needs_discussion(
                [x.pk for x in claim_labels], [x.value for x in claim_labels]
            )
            queue_updates.append(claim)
            claim_sources = [
                Source(
                    claim=claim,
                    url=f"https://evidence.example/{claim.pk}/{k}",
                    title=f"Record {claim.pk}-{k}",
                    publisher=rng.choice(BODIES).title(),
                    stance=rng.choice(["supports", "refutes", "context"]),
                    added_by=raters[0],
                    created_at=when,
                )
                for k in range(rng.randint(1, 2))
            ]
            sources.extend(claim_sources)
            for k in range(rng.randint(0, 2)):
                comments.append(
                    Comment(
                        claim=claim,
                        author=rng.choice(raters),
                        body=f"Note {k}: see the record.",
                        created_at=when,
                    )
                )
            if status == Claim.Status.PUBLISHED:
                label = labels[true_value - 1]
                published_at = when + dt.timedelta(hours=rng.randint(2, 96))
                corrected = rng.random() < 0.1
                first = Verdict(
                    claim=claim,
                    revision=1,
                    is_current=not corrected,
                    label=label,
                    summary=f"{label.name}: {claim.wording[:200]}",
                    explanation="The record shows it.",
                    editor=rng.choice(editors),
                    published_at=published_at,
                    ratings_count=len(raters),
                )
                verdicts.append(first)
                verdict_sources.append((first, claim_sources))
                if corrected:
                    second = Verdict(
                        claim=claim,
                        revision=2,
                        is_current=True,
                        label=label,
                        summary=f"{label.name} (corrected): {claim.wording[:180]}",
                        explanation="The record, corrected.",
                        editor=rng.choice(editors),
                        published_at=published_at + dt.timedelta(days=2),
                        correction_note="A figure in the explanation was wrong.",
                        ratings_count=len(raters),
                    )
                    verdicts.append(second)
                    verdict_sources.append((second, claim_sources))
        Assignment.objects.bulk_create(assignments, batch_size=5000, ignore_conflicts=True)
        Claim.objects.bulk_update(
            queue_updates, ["ratings_count", "is_assigned", "needs_discussion"], batch_size=2000
        )
        Rating.objects.bulk_create(ratings, batch_size=5000)
        Source.objects.bulk_create(sources, batch_size=5000)
        Comment.objects.bulk_create(comments, batch_size=5000)
        Verdict.objects.bulk_create(verdicts, batch_size=5000)
        through = Verdict.sources.through
        through.objects.bulk_create(
            [through(verdict_id=v.pk, source_id=s.pk) for v, ss in verdict_sources for s in ss],
            batch_size=5000,
        )
        totals["articles"] += len(articles)
        totals["claims"] += len(claims)
        totals["ratings"] += len(ratings)
        totals["sources"] += len(sources)
        totals["comments"] += len(comments)
        totals["verdicts"] += len(verdicts)

    def _split_and_merge(self, claims: list[Claim], rng: random.Random, scale) -> None:
        """Retire about 1% of candidates by a split and 1% by a merge, as editors do."""
        derived, links, retired = [], [], []
        by_article: dict[int, list[Claim]] = {}
        for c in claims:
            by_article.setdefault(c.article_id, []).append(c)
        for siblings in by_article.values():
            roll = rng.random()
            candidates = [c for c in siblings if c.status == Claim.Status.CANDIDATE]
            if roll < 0.2 and candidates:
                c = rng.choice(candidates)
                text = c.quote
                cut = text.find(" ", len(text) // 2)
                if cut > 0:
                    c.status = Claim.Status.SPLIT
                    retired.append(c)
                    for s, e in ((c.start, c.start + cut), (c.start + cut + 1, c.end)):
                        q = c.article.text[s:e]
                        child = Claim(
                            article_id=c.article_id,
                            start=s,
                            end=e,
                            quote=q,
                            prefix=c.article.text[max(0, s - 32) : s],
                            suffix=c.article.text[e : e + 32],
                            wording=q,
                            claimant=c.claimant,
                            score=c.score,
                            features=c.features,
                            score_version=c.score_version,
                            rating_scale=scale,
                            article_created_at=c.article_created_at,
                            created_at=c.created_at,
                            updated_at=c.created_at,
                        )
                        derived.append(child)
                        links.append((child, c))
            elif roll < 0.4 and len(candidates) >= 2:
                a, b = sorted(rng.sample(candidates, 2), key=lambda x: x.start)
                if a.end < b.start:
                    a.status = b.status = Claim.Status.MERGED
                    retired.extend([a, b])
                    q = a.article.text[a.start : b.end]
                    merged = Claim(
                        article_id=a.article_id,
                        start=a.start,
                        end=b.end,
                        quote=q,
                        prefix=a.prefix,
                        suffix=b.suffix,
                        wording=q,
                        claimant=a.claimant,
                        score=max(a.score, b.score),
                        features=a.features,
                        score_version=a.score_version,
                        rating_scale=scale,
                        article_created_at=a.article_created_at,
                        created_at=a.created_at,
                        updated_at=a.created_at,
                    )
                    derived.append(merged)
                    links.extend([(merged, a), (merged, b)])
        Claim.objects.bulk_update(retired, ["status"], batch_size=2000)
        Claim.objects.bulk_create(derived, batch_size=2000)
        through = Claim.derived_from.through
        through.objects.bulk_create(
            [through(from_claim_id=child.pk, to_claim_id=parent.pk) for child, parent in links],
            batch_size=5000,
        )
        claims.extend(derived)
