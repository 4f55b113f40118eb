import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from factcheck import services
from factcheck.models import Article, Claim
from tests.factories import live_claim


def test_editor_selects_and_the_article_moves_to_checking(article, editor):
    claim = services.claim_select(claim=live_claim(article), editor=editor)
    assert claim.status == Claim.Status.SELECTED
    assert claim.version == 2
    article.refresh_from_db()
    assert article.status == Article.Status.CHECKING


def test_reviewer_cannot_select_or_dismiss(article, reviewer):
    claim = live_claim(article)
    with pytest.raises(PermissionDenied):
        services.claim_select(claim=claim, editor=reviewer)
    with pytest.raises(PermissionDenied):
        services.claim_dismiss(claim=claim, editor=reviewer, reason="no")


def test_dismissal_needs_a_reason_and_keeps_it(article, editor):
    claim = live_claim(article)
    with pytest.raises(ValidationError):
        services.claim_dismiss(claim=claim, editor=editor, reason="  ")
    claim = services.claim_dismiss(claim=claim, editor=editor, reason="Opinion")
    assert claim.status == Claim.Status.DISMISSED
    assert claim.dismissed_reason == "Opinion"
    assert claim.history.first().history_change_reason == "Dismissed: Opinion"


def test_a_stale_version_raises_a_conflict_and_changes_nothing(article, editor):
    claim = live_claim(article)
    services.claim_reword(claim=claim, editor=editor, wording="First edit", expected_version=1)
    with pytest.raises(services.ConflictError) as exc:
        services.claim_reword(claim=claim, editor=editor, wording="Second", expected_version=1)
    assert exc.value.current.wording == "First edit"
    claim.refresh_from_db()
    assert claim.wording == "First edit"


def test_editor_creates_a_claim_from_an_exact_selection(article, editor):
    start = article.text.index("40,000 new jobs")
    end = start + len("40,000 new jobs were created")
    claim = services.claim_create(article=article, start=start - 1, end=end + 1, editor=editor)
    # Surrounding spaces are trimmed; the anchor is exact.
    assert claim.quote == "40,000 new jobs were created"
    assert article.text[claim.start : claim.end] == claim.quote
    assert claim.status == Claim.Status.SELECTED


def test_a_selection_gets_the_claimant_the_article_names(article, editor):
    start = article.text.index("the ministry counted re-exports")
    end = start + len("the ministry counted re-exports twice")
    claim = services.claim_create(article=article, start=start, end=end, editor=editor)
    assert claim.claimant == "Maria Lopez"
    start = article.text.index("Critics think")
    claim = services.claim_create(article=article, start=start, end=start + 20, editor=editor)
    assert claim.claimant == article.outlet.name  # the article asserts it itself


@pytest.mark.parametrize(("start", "end"), [(-1, 5), (5, 5), (10, 10**6)])
def test_a_selection_outside_the_text_is_refused(article, editor, start, end):
    with pytest.raises(ValidationError):
        services.claim_create(article=article, start=start, end=end, editor=editor)


def test_split_keeps_the_original_with_its_ratings(article, editor, reviewer):
    claim = live_claim(article, "12 percent in 2023, the largest")
    label = claim.rating_scale.labels.get(slug="true")
    services.rating_submit(claim=claim, reviewer=reviewer, label=label, rationale="Checked")
    at = claim.quote.index(" the largest")
    a, b = services.claim_split(claim=claim, editor=editor, at=at)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SPLIT
    assert claim.ratings.count() == 1
    assert a.quote.endswith("in 2023,")
    assert article.text[a.start : a.end] == a.quote
    assert article.text[b.start : b.end] == b.quote
    assert b.quote.startswith("the largest")
    assert list(a.derived_from.all()) == [claim]


def test_merge_spans_both_claims_and_retires_them(article, editor):
    claims = list(article.claims.order_by("start")[1:3])
    merged = services.claim_merge(claims=claims, editor=editor)
    assert merged.start == claims[0].start
    assert merged.end == claims[1].end
    assert article.text[merged.start : merged.end] == merged.quote
    assert {c.status for c in Claim.objects.filter(pk__in=[c.pk for c in claims])} == {"merged"}
    assert set(merged.derived_from.all()) == set(claims)


def test_merge_refuses_claims_of_different_articles(article, editor):
    from tests.factories import make_article_with_claims

    other = make_article_with_claims(3)
    with pytest.raises(ValidationError):
        services.claim_merge(claims=[live_claim(article), live_claim(other)], editor=editor)
