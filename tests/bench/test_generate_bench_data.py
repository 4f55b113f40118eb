"""The synthetic desk the benchmarks run on (bench/bench_desk.py, bench/generate_bench_data.py)."""

import pytest
from django.core.management import call_command

from bench.bench_desk import BenchDataError, generate_desk
from factcheck.models import Article, Claim, Comment, Rating, Source, Verdict
from tests.factories import reinstall_migration_rows


def _generate(**kwargs):
    return generate_desk(articles=30, workers=1, progress=False, **kwargs)


def _content():
    return (
        list(Article.objects.order_by("pk").values_list("title", "text", "status", "created_at")),
        list(Claim.objects.order_by("pk").values_list("start", "end", "status", "score")),
        list(
            Rating.objects.order_by("pk").values_list(
                "claim_id", "reviewer__username", "label__slug"
            )
        ),
        list(Verdict.objects.order_by("pk").values_list("claim_id", "revision", "is_current")),
    )


@pytest.mark.django_db
def test_it_generates_anchored_claims_in_every_status_with_the_work_around_them():
    totals = _generate()
    assert Article.objects.count() == totals["articles"] == 30
    for claim in Claim.objects.select_related("article")[:400]:
        assert claim.article.text[claim.start : claim.end] == claim.quote
        assert 0 <= claim.score <= 1
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert {"candidate", "selected", "published", "dismissed", "split", "merged"} <= statuses
    assert Rating.objects.exists() and Source.objects.exists() and Comment.objects.exists()
    assert Verdict.objects.filter(revision=2, is_current=True).exists()
    published = Claim.objects.filter(status="published")
    assert published.count() == Verdict.objects.filter(is_current=True).count()


@pytest.mark.django_db(transaction=True)
def test_the_same_seed_gives_the_same_desk():
    reinstall_migration_rows()
    _generate(seed=7)
    first = _content()
    call_command("flush", interactive=False, verbosity=0)
    reinstall_migration_rows()
    _generate(seed=7)
    second = _content()
    assert second[0] == first[0]  # articles: titles, text, statuses, times
    assert second[1] == first[1]  # claims: spans, statuses, scores
    assert [r[1:] for r in second[2]] == [r[1:] for r in first[2]]  # ratings: who, which label
    assert len(second[3]) == len(first[3])


@pytest.mark.django_db
def test_it_refuses_to_add_bench_data_twice():
    _generate()
    with pytest.raises(BenchDataError, match="already holds bench data"):
        _generate()
