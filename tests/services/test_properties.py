"""Property-based tests of the services: whatever offsets, wording or split point an editor sends,
either a clear ValidationError and nothing changed, or claims whose anchors are exact."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck import services
from factcheck.models import Claim
from tests.factories import live_claim

FIXTURES_OK = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class Rollback(Exception):
    """Undo one example's writes so the next example starts from the same desk."""


def _in_savepoint(fn):
    try:
        with transaction.atomic():
            fn()
            raise Rollback
    except Rollback:
        pass


@FIXTURES_OK
@given(start=st.integers(-50, 2000), end=st.integers(-50, 2000), wording=st.text(max_size=40))
def test_claims_from_any_selection_are_exactly_anchored_or_refused(
    article, editor, start, end, wording
):
    def attempt():
        before = Claim.objects.count()
        try:
            claim = services.claim_create(
                article=article, start=start, end=end, editor=editor, wording=wording
            )
        except ValidationError as exc:
            assert exc.messages
            assert Claim.objects.count() == before
            return
        text = article.text
        assert 0 <= claim.start < claim.end <= len(text)
        assert text[claim.start : claim.end] == claim.quote
        assert claim.quote == claim.quote.strip()
        assert text[: claim.start].endswith(claim.prefix)
        assert text[claim.end :].startswith(claim.suffix)
        assert 0 <= claim.score <= 1
        assert claim.wording.strip()

    _in_savepoint(attempt)


@FIXTURES_OK
@given(at=st.integers(-5, 300))
def test_splitting_anywhere_gives_two_anchored_parts_or_a_clear_refusal(article, editor, at):
    claim = live_claim(article, "12 percent")

    def attempt():
        try:
            first, second = services.claim_split(claim=claim, editor=editor, at=at)
        except ValidationError as exc:
            assert exc.messages
            assert Claim.objects.get(pk=claim.pk).status == Claim.Status.CANDIDATE
            return
        text = article.text
        for part in (first, second):
            assert text[part.start : part.end] == part.quote
            assert claim.start <= part.start < part.end <= claim.end
        assert first.end <= second.start
        assert Claim.objects.get(pk=claim.pk).status == Claim.Status.SPLIT

    _in_savepoint(attempt)


@FIXTURES_OK
@given(body=st.text(max_size=300))
def test_any_comment_is_stored_as_typed_or_refused_with_a_reason(article, reviewer, body):
    claim = live_claim(article)

    def attempt():
        try:
            comment = services.comment_add(claim=claim, author=reviewer, body=body)
        except ValidationError:
            # Refused only when there is nothing to say, or a NUL that no database stores.
            assert not body.strip() or "\x00" in body
            return
        assert comment.body == body.strip()

    _in_savepoint(attempt)


@pytest.mark.django_db
@FIXTURES_OK
@given(raw=st.binary(max_size=400))
def test_any_bytes_are_ingested_anchored_or_refused_with_a_reason(raw):
    def attempt():
        try:
            article = services.article_ingest(content=raw).article
        except ValidationError as exc:
            assert exc.messages
            return
        for claim in article.claims.all():
            assert article.text[claim.start : claim.end] == claim.quote

    _in_savepoint(attempt)
