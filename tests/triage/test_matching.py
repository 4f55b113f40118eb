"""Claims already checked: found when claims are created, confirmed or rejected by an editor."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from factcheck import matching, services
from factcheck.models import Claim, ClaimMatch, Source, Verdict
from tests.factories import ARTICLE_TEXT, make_article, make_article_with_claims
from tests.triage.conftest import REPEAT_TEXT, repeated_claim


def test_a_second_article_repeating_a_checked_claim_surfaces_the_verdict(checked, repeat):
    earlier, _verdict = checked
    claim = repeated_claim(repeat)
    match = ClaimMatch.objects.get(claim=claim)
    assert match.match == earlier
    assert match.status == ClaimMatch.Status.SUGGESTED
    assert match.score >= 0.5
    assert match.method == ("trigram" if connection.vendor == "postgresql" else "words")
    # Nothing else in the second article says what the desk checked.
    assert ClaimMatch.objects.filter(claim__article=repeat).count() == 1


def test_unpublished_claims_are_never_suggested(db, article, outlet):
    make_article(REPEAT_TEXT, outlet=outlet)
    assert not ClaimMatch.objects.exists()


def test_an_editors_selection_is_matched_too(
    checked, editor, outlet, django_capture_on_commit_callbacks
):
    article = make_article("Trade\n\nSome text first. " + REPEAT_TEXT.split("\n\n")[1])
    ClaimMatch.objects.all().delete()
    start = article.text.index("Exports rose")
    end = article.text.index("2010") + 4
    Claim.objects.filter(article=article, start__lte=start, end__gte=end).update(
        status=Claim.Status.DISMISSED, dismissed_reason="Replaced by a selection"
    )
    with django_capture_on_commit_callbacks(execute=True):  # the task it queues, run
        claim = services.claim_create(article=article, start=start, end=end, editor=editor)
    assert ClaimMatch.objects.get(claim=claim).match == checked[0]


def test_confirming_reuses_the_verdict_and_its_sources(checked, repeat, editor):
    earlier, verdict = checked
    match = ClaimMatch.objects.get(claim=repeated_claim(repeat))
    reused = services.claim_match_confirm(match=match, editor=editor)
    claim = Claim.objects.get(pk=match.claim_id)
    assert claim.status == Claim.Status.PUBLISHED
    assert reused.reused_from == verdict
    assert (reused.label, reused.summary, reused.explanation) == (
        verdict.label,
        verdict.summary,
        verdict.explanation,
    )
    assert reused.revision == 1 and reused.is_current
    [source] = reused.sources.all()
    assert source.claim == claim
    assert source.url == "https://stats.example/exports-2023"
    assert Source.objects.filter(url=source.url).count() == 2
    match.refresh_from_db()
    assert match.status == ClaimMatch.Status.CONFIRMED
    assert match.decided_by == editor and match.decided_at is not None
    assert claim.history.latest().history_change_reason.startswith(f"Same as claim {earlier.pk}")
    with pytest.raises(ValidationError):
        services.claim_match_confirm(match=match, editor=editor)
    with pytest.raises(ValidationError):
        services.claim_match_reject(match=match, editor=editor)


def test_a_rejected_match_is_remembered_and_never_suggested_again(checked, repeat, editor):
    claim = repeated_claim(repeat)
    match = ClaimMatch.objects.get(claim=claim)
    services.claim_match_reject(match=match, editor=editor)
    assert services.claim_matches_suggest(claims=[claim]) == 0
    match.refresh_from_db()
    assert match.status == ClaimMatch.Status.REJECTED
    assert ClaimMatch.objects.filter(claim=claim).count() == 1
    # Rejecting twice changes nothing; confirming a rejected match is refused.
    services.claim_match_reject(match=match, editor=editor)
    with pytest.raises(ValidationError):
        services.claim_match_confirm(match=match, editor=editor)


def test_only_editors_decide(checked, repeat, reviewer):
    match = ClaimMatch.objects.get(claim=repeated_claim(repeat))
    with pytest.raises(PermissionDenied):
        services.claim_match_confirm(match=match, editor=reviewer)
    with pytest.raises(PermissionDenied):
        services.claim_match_reject(match=match, editor=reviewer)


def test_a_dismissed_claim_cannot_reuse_a_verdict(checked, repeat, editor):
    claim = repeated_claim(repeat)
    match = ClaimMatch.objects.get(claim=claim)
    services.claim_dismiss(claim=claim, editor=editor, reason="Duplicate")
    with pytest.raises(ValidationError):
        services.claim_match_confirm(match=match, editor=editor)
    assert not Verdict.objects.filter(claim=claim).exists()


def test_matching_a_whole_article_costs_a_fixed_number_of_queries(
    checked, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # as the upload's task: embedded
        article = make_article_with_claims(60)
    claims = list(article.claims.all())
    ClaimMatch.objects.all().delete()
    with django_assert_max_num_queries(3):
        services.claim_matches_suggest(claims=claims)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Exports rose by 12 percent in 2023, the largest rise since 2010.",
            "Exports rose 12% in 2023, the biggest increase since 2010.",
        ),
        (
            "The mayor said the new stadium will create 10,000 jobs.",
            "The new stadium will create 10,000 jobs, according to the mayor.",
        ),
    ],
)
def test_paraphrases_match(a, b):
    assert matching.similarity(a, b).score >= 0.5


@pytest.mark.parametrize(
    ("b", "reason"),
    [
        ("Exports rose by 21 percent in 2023.", "different figures"),
        ("Exports fell by 12 percent in 2023.", "opposite direction"),
        ("Exports did not rise by 12 percent in 2023.", "negation on one side"),
    ],
)
def test_near_misses_do_not(b, reason):
    sim = matching.similarity("Exports rose by 12 percent in 2023.", b)
    assert sim.score < 0.5
    assert reason in sim.reasons


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Exports rose by 12 percent in 2023.", "Exports rose 12% in 2023."),
        ("word", "words"),
        ("The Lima Group, established in 2017", "Lima group was established 2017"),
        ("", "anything"),
    ],
)
def test_python_trigrams_agree_with_pg_trgm(db, a, b):
    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm is a PostgreSQL extension")
    with connection.cursor() as cursor:
        cursor.execute("SELECT similarity(%s, %s)", [a, b])
        expected = cursor.fetchone()[0]
    assert matching.trigram_similarity(a, b) == pytest.approx(expected, abs=1e-6)


def test_the_standard_article_text_is_what_the_fixture_checks():
    assert "exports rose by 12 percent in 2023" in ARTICLE_TEXT


def test_suggestions_are_searched_by_a_worker_after_the_commit(
    checked, outlet, settings, django_capture_on_commit_callbacks
):
    """No upload or panel action waits for the search (the first after a publish rebuilds the
    desk's corpus, minutes at a large desk): the claims are handed to a worker once committed."""
    from django_tasks_db.models import DBTaskResult

    from factcheck import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article = make_article(REPEAT_TEXT, outlet=outlet)
    claim = repeated_claim(article)
    assert not DBTaskResult.objects.exists()  # nothing queued before the commit
    for callback in callbacks:
        callback()
    assert not ClaimMatch.objects.filter(claim=claim).exists()  # the upload did not search
    [queued] = DBTaskResult.objects.filter(task_path="factcheck.tasks.suggest_claim_matches")
    kwargs = queued.args_kwargs["kwargs"]
    assert claim.pk in kwargs["claim_ids"]
    assert tasks.suggest_claim_matches.call(**kwargs) == 1  # what the worker runs
    assert ClaimMatch.objects.get(claim=claim).match == checked[0]
