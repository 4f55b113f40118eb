"""A claim on a span another live claim covers is refused in the desk's words, not the database's."""

import pytest
from django.core.exceptions import ValidationError

from factcheck import services
from tests.factories import live_claim


def test_a_selection_on_a_live_claims_exact_span_is_refused_in_plain_words(article, editor):
    claim = live_claim(article)
    with pytest.raises(ValidationError) as refused:
        services.claim_create(article=article, start=claim.start, end=claim.end, editor=editor)
    assert refused.value.messages == ["A claim already covers exactly this span."]


def test_reselecting_a_dismissed_claim_whose_span_is_taken_again_is_refused_in_plain_words(
    article, editor
):
    claim = live_claim(article)
    services.claim_dismiss(claim=claim, editor=editor, reason="Opinion")
    services.claim_create(article=article, start=claim.start, end=claim.end, editor=editor)
    with pytest.raises(ValidationError) as refused:
        services.claim_select(claim=claim, editor=editor)
    assert refused.value.messages == ["Another live claim already covers this span."]
