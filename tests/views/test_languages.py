"""The desk in the reader's language: a person's profile choice on the desk, the browser's
Accept-Language on the public pages, each cached public page once per language, emails in the
recipient's language."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from factcheck import services
from factcheck.i18n import SESSION_KEY
from factcheck.models import Profile
from tests.factories import live_claim, make_article

PROFILE = reverse("factcheck:profile")


def _choose_language(client, language):
    return client.post(
        PROFILE,
        {
            "first_name": "",
            "last_name": "",
            "email": "rosa@example.org",
            "notification_email": "each",
            "language": language,
        },
    )


@pytest.fixture
def published(article, editor):
    claim = live_claim(article, "12 percent")
    return services.verdict_publish(
        claim=claim,
        editor=editor,
        label=claim.rating_scale.labels.get(slug="false"),
        summary="Exports rose 8 percent, not 12.",
        explanation="The statistics office reports 8 percent.",
        quorum_override_reason="Test",
    )


def test_the_desk_speaks_the_language_chosen_on_the_profile(client, reviewer):
    client.force_login(reviewer)
    response = _choose_language(client, "es")
    assert response.status_code == 302
    assert Profile.objects.get(user=reviewer).language == "es"
    # The confirmation is already in the new language.
    assert "Su perfil se ha guardado." in client.get(PROFILE).content.decode()
    page = client.get(reverse("factcheck:my_work"), HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert '<html lang="es">' in body
    assert "<h1>Mi trabajo</h1>" in body
    assert page["Content-Language"] == "es"


def test_the_choice_follows_the_person_to_their_next_sign_in(client, reviewer):
    Profile.objects.create(user=reviewer, language="fr")
    client.force_login(reviewer)
    assert client.session[SESSION_KEY] == "fr"
    body = client.get(reverse("factcheck:article_list")).content.decode()
    assert "<h1>Articles</h1>" in body and "Ajouter un article" not in body  # reviewers: no button
    assert "Aucun article ne correspond." in body


def test_without_a_choice_the_browser_decides(client, reviewer):
    client.force_login(reviewer)
    _choose_language(client, "")
    assert SESSION_KEY not in client.session
    body = client.get(reverse("factcheck:my_work"), HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9").content
    assert "<h1>Mon travail</h1>" in body.decode()


def test_a_language_the_desk_does_not_have_is_refused_in_place(client, reviewer):
    client.force_login(reviewer)
    response = _choose_language(client, "de")
    assert response.status_code == 400
    assert response.context["form"].errors["language"]
    assert Profile.objects.filter(user=reviewer, language="de").exists() is False


def test_the_profile_page_offers_each_language_in_its_own_name(client, reviewer):
    client.force_login(reviewer)
    body = client.get(PROFILE).content.decode()
    for name in ("English", "Español", "Français"):
        assert f">{name}</option>" in body


def test_public_pages_follow_accept_language_each_cached_once_per_language(client, published):
    url = published.get_absolute_url()
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es-PE,es;q=0.8")
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert "Où l’affirmation est parue" in french.content.decode()
    assert '<html lang="fr">' in french.content.decode()
    assert "Dónde apareció la afirmación" in spanish.content.decode()
    assert "Where the claim appeared" in english.content.decode()
    # Shared caches must tell them apart.
    assert "Accept-Language" in french["Vary"]
    assert len({french["ETag"], spanish["ETag"], english["ETag"]}) == 3
    again = client.get(url, HTTP_ACCEPT_LANGUAGE="fr", HTTP_IF_NONE_MATCH=french["ETag"])
    assert again.status_code == 304


def test_the_public_index_in_french_with_french_dates(client, published):
    body = client.get(reverse("factcheck:public_verdicts"), HTTP_ACCEPT_LANGUAGE="fr").content
    body = body.decode()
    assert "<h1>Verdicts publiés</h1>" in body
    assert "1 verdict" in body
    month = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ][published.published_at.month - 1]
    assert month in body


def test_an_emailed_notification_is_in_the_recipients_language(
    django_capture_on_commit_callbacks, article, reviewer, reviewer2
):
    Profile.objects.create(user=reviewer2, language="es")
    claim = live_claim(article, "12 percent")
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_add(claim=claim, author=reviewer, body="@ravi ¿tiene la fuente?")
    [message] = mail.outbox
    assert "rosa le mencionó en un comentario" in message.subject
    assert message.body.startswith("Hola, ravi:")
    assert "Todas sus notificaciones:" in message.body


# --- Rating labels, ClaimReview and `lang` ---------------------------------------------------------

SPANISH_ARTICLE = (Path(settings.BASE_DIR) / "seeds" / "001_lima_metro_es.txt").read_text()


def _json_ld(body: str) -> dict:
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', body, re.S)
    assert match, "no JSON-LD in the page"
    return json.loads(match.group(1))


def test_rating_labels_are_shown_in_the_readers_language(client, published):
    url = published.get_absolute_url()
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<p class="verdict-label">Falso</p>' in spanish
    assert '<span class="step current">Falso</span>' in spanish
    assert '<p class="verdict-label">Faux</p>' in french
    assert "<title>Faux: " in french


def test_a_label_without_a_name_in_that_language_keeps_its_own(published):
    label = published.label
    label.names = {"fr": "Faux"}
    assert label.name_in("es") == "False"
    assert label.name_in("fr-CA") == "Faux"


def test_label_names_must_be_language_codes_with_names(published):
    label = published.label
    for bad in ({"es": ""}, ["Falso"], {"": "Falso"}):
        label.names = bad
        with pytest.raises(ValidationError):
            label.full_clean()


def test_claimreview_says_the_language_of_the_review_and_of_the_claim(client, published):
    body = client.get(published.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    data = _json_ld(body)
    # The verdict is written in English about an English article; the page is in Spanish.
    assert data["inLanguage"] == "en"
    assert data["itemReviewed"]["inLanguage"] == "en"
    assert data["itemReviewed"]["appearance"]["inLanguage"] == "en"
    assert data["reviewRating"]["alternateName"] == "False"
    # Quoted English text on the Spanish page says it is English.
    assert '<html lang="es">' in body
    assert 'class="claim-reviewed" lang="en">' in body
    assert '<p class="summary" lang="en">' in body


def test_a_spanish_verdict_on_a_spanish_article(client, editor):
    article = make_article(SPANISH_ARTICLE)
    assert article.language == "es"
    claim = live_claim(article, "25.000 pasajeros")
    verdict = services.verdict_publish(
        claim=claim,
        editor=editor,
        label=claim.rating_scale.labels.get(slug="mostly-true"),
        summary="La cifra de 25.000 pasajeros diarios es la meta del ministerio, no un dato medido.",
        explanation=(
            "El Ministerio de Transportes estima 25.000 pasajeros al día en la primera etapa; "
            "todavía no hay conteos oficiales porque el tramo abrió esta semana."
        ),
        quorum_override_reason="Prueba",
    )
    english = client.get(verdict.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    data = _json_ld(english)
    assert data["inLanguage"] == "es"
    assert data["itemReviewed"]["inLanguage"] == "es"
    assert data["reviewRating"]["alternateName"] == "Mayormente verdadero"
    assert '<html lang="en">' in english
    assert 'class="claim-reviewed" lang="es">' in english
    assert '<p class="summary" lang="es">' in english
    assert '<p class="verdict-label">Mostly true</p>' in english
    spanish = client.get(verdict.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'class="claim-reviewed">' in spanish  # same language as the page: no lang of its own
    assert '<p class="summary">' in spanish
    assert '<p class="verdict-label">Mayormente verdadero</p>' in spanish
