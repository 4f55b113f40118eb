import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from factcheck import access
from factcheck.claimreview import claim_review
from factcheck.models import Article, Claim, Comment, Rating, Source, Verdict

User = get_user_model()


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo")


def test_the_spanish_seed_article_is_extracted_as_spanish(demo):
    article = Article.objects.get(language="es")
    assert article.title.startswith("Lima abre el primer tramo de la Línea 2")
    assert article.published == datetime.date(2024, 7, 4)
    assert article.text.startswith("LIMA (El Observador Andino) — La Línea 2")
    assert "Suscríbete" not in article.text and "Lea también" not in article.text
    claims = {c.quote[:24]: c for c in article.claims.order_by("start")}
    first = article.claims.order_by("start").first()
    assert first.quote.startswith("La Línea 2 del Metro")  # the dateline is not claimed
    assert claims["El ministro de Transport"].claimant == "Andrés Calderón"
    assert claims["Según la Autoridad de Tr"].claimant == "Autoridad de Transporte Urbano"
    assert claims["Huamán añadió que las ve"].claimant == "Rosa Huamán"
    assert claims["La línea tendrá 35 estac"].claimant == article.outlet.name
    assert all("model" not in c.features for c in article.claims.all())
    assert claims["Aún no está claro cuándo"].score < claims["El proyecto costó más de"].score


def _snapshot():
    return (
        Article.objects.count(),
        list(Claim.objects.order_by("pk").values_list("pk", "status", "version")),
        Rating.objects.count(),
        Source.objects.count(),
        Comment.objects.count(),
        Verdict.objects.count(),
        User.objects.count(),
    )


def test_the_seed_article_comes_out_with_title_date_and_no_boilerplate(demo):
    article = Article.objects.get(language="en")
    assert article.title == (
        "Peru invites China, Russia to Lima Group meeting so they can be "
        "‘part of solution’ in Venezuela"
    )
    assert article.published == datetime.date(2019, 7, 4)
    assert article.outlet.name == "RT"
    quotes = list(article.claims.values_list("quote", flat=True))
    assert quotes
    assert not any("Also on rt.com" in q for q in quotes)
    assert not any("Subscribe to RT newsletter" in q for q in quotes)
    for claim in article.claims.all():
        assert article.text[claim.start : claim.end] == claim.quote


def test_demo_users_have_their_roles(demo):
    assert access.role_of(User.objects.get(username="reviewer1")) == access.Role.REVIEWER
    assert access.role_of(User.objects.get(username="reviewer2")) == access.Role.REVIEWER
    assert access.role_of(User.objects.get(username="editor")) == access.Role.EDITOR
    revisora = User.objects.get(username="revisora")
    assert access.role_of(revisora) == access.Role.REVIEWER
    assert revisora.profile.language == "es"
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("factcheck-demo")


def test_the_demo_desk_shows_every_workflow_state(demo):
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert {"candidate", "selected", "published", "dismissed"} <= statuses
    assert Verdict.objects.filter(is_current=True).count() == 3
    assert Verdict.objects.filter(revision=2).exists()


def test_running_it_twice_changes_nothing(demo):
    before = _snapshot()
    call_command("load_demo")
    assert _snapshot() == before


@pytest.mark.django_db
def test_it_refuses_demo_users_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
    assert not User.objects.exists()
    call_command("load_demo", "--force")
    assert User.objects.filter(username="editor").exists()


def test_the_spanish_article_has_a_verdict_in_spanish(demo):
    verdict = Verdict.objects.get(claim__article__language="es", is_current=True)
    assert verdict.label.name_in("es") == "Verdad a medias"
    assert claim_review(verdict)["inLanguage"] == "es"
    assert claim_review(verdict)["reviewRating"]["alternateName"] == "Verdad a medias"
