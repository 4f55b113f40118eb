import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from factcheck import services
from factcheck.models import Article, Claim
from tests.factories import ARTICLE_TEXT


@pytest.mark.django_db
def test_it_creates_an_article_with_anchored_scored_candidates(outlet):
    result = services.article_ingest(content=ARTICLE_TEXT, outlet=outlet)
    article = result.article
    assert result.created
    assert article.title == "Ministry says exports rose 12 percent in 2023"
    claims = list(article.claims.all())
    assert len(claims) >= 4
    for claim in claims:
        assert article.text[claim.start : claim.end] == claim.quote
        assert article.text[: claim.start].endswith(claim.prefix)
        assert article.text[claim.end :].startswith(claim.suffix)
        assert 0 <= claim.score <= 1
        assert claim.features
        assert claim.status == Claim.Status.CANDIDATE
        assert claim.wording == claim.quote
    # Who the article says made each claim; what it asserts itself is the outlet's.
    by_quote = {claim.quote[:20]: claim.claimant for claim in claims}
    assert by_quote == {
        "The trade ministry s": "trade ministry",
        "Officials told repor": "Officials",
        "Critics think the fi": outlet.name,
        "The opposition leade": "Maria Lopez",
    }


@pytest.mark.django_db
def test_it_is_idempotent_for_the_same_text(outlet):
    first = services.article_ingest(content=ARTICLE_TEXT, outlet=outlet)
    second = services.article_ingest(content=ARTICLE_TEXT.encode(), outlet=outlet)
    assert not second.created
    assert second.article.pk == first.article.pk
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_claims_start_their_history_at_creation(outlet):
    article = services.article_ingest(content=ARTICLE_TEXT, outlet=outlet).article
    claim = article.claims.first()
    assert claim.history.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "whitespace"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"caf\xe9 au lait \xff\xfe", "UTF-8"),
    ],
)
def test_it_refuses_bad_input_with_a_clear_message(content, message):
    with pytest.raises(ValidationError) as exc:
        services.article_ingest(content=content)
    assert message.lower() in " ".join(exc.value.messages).lower()
    assert Article.objects.count() == 0


@pytest.mark.django_db
@override_settings(FACTCHECK_MAX_ARTICLE_BYTES=100)
def test_it_refuses_oversized_input():
    with pytest.raises(ValidationError, match="limit"):
        services.article_ingest(content="A sentence of text. " * 20)
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_explicit_metadata_wins_over_extraction(outlet):
    article = services.article_ingest(
        content=ARTICLE_TEXT, outlet=outlet, title="Given title", url="https://example.org/a"
    ).article
    assert article.title == "Given title"
    assert article.url == "https://example.org/a"


@pytest.mark.django_db
def test_it_refuses_a_non_web_url():
    with pytest.raises(ValidationError):
        services.article_ingest(content=ARTICLE_TEXT, url="javascript:alert(1)")
    assert Article.objects.count() == 0
