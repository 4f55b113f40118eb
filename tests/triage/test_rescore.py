"""`manage.py rescore_claims`: new model, new scores, the version recorded on each."""

from io import StringIO

from django.core.management import call_command

from factcheck import checkworthiness
from factcheck.models import Claim
from tests.factories import live_claim


def _age(article):
    article.claims.update(score=0.0, features={}, score_version="features-0")


def test_it_rescores_live_claims_and_records_the_version(db, article, editor):
    _age(article)
    published_or_retired = live_claim(article, "Critics")
    published_or_retired.status = Claim.Status.DISMISSED
    published_or_retired.dismissed_reason = "Opinion"
    published_or_retired.save()
    out = StringIO()
    call_command("rescore_claims", "--no-progress", stdout=out)
    version = checkworthiness.version()
    live = article.claims.exclude(pk=published_or_retired.pk)
    assert f"Re-scored {live.count()} claims with {version}" in out.getvalue()
    for claim in live:
        assert claim.score_version == version
        assert claim.score == checkworthiness.score_claim(claim.quote).score
        assert claim.history.latest().history_change_reason == f"Re-scored by {version}"
    published_or_retired.refresh_from_db()
    assert published_or_retired.score_version == "features-0"


def test_claims_already_scored_by_this_version_are_skipped(db, article):
    out = StringIO()
    call_command("rescore_claims", "--no-progress", stdout=out)
    assert "Re-scored 0 claims" in out.getvalue()


def test_all_includes_retired_claims(db, article):
    _age(article)
    call_command("rescore_claims", "--all", "--no-progress", "--batch-size", "2", stdout=StringIO())
    assert not article.claims.exclude(score_version=checkworthiness.version()).exists()


def test_it_can_run_as_a_background_task(db, article):
    _age(article)
    out = StringIO()
    call_command("rescore_claims", "--background", stdout=out)
    assert "Enqueued" in out.getvalue()
    # The tests' task backend runs tasks at once.
    assert not article.claims.exclude(score_version=checkworthiness.version()).exists()
