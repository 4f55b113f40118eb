"""The desk in Spanish and French in a real browser: a reviewer whose profile says Spanish, a French
visitor of the public pages, and a Spanish article from paste to published verdict."""

import json

import pytest

from factcheck.models import Article, Claim, Profile, Rating, Verdict
from tests.browser.conftest import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Written for this test (not a real story): a regional announcement with figures to check.
CUSCO = """El Gobierno regional de Cusco promete 300 nuevas aulas para 2025

CUSCO (Agencia de Prueba) — La gobernadora regional, Marta Quispe, afirmó el lunes que la región \
construirá 300 nuevas aulas antes de diciembre de 2025, con una inversión de 120 millones de soles.

Según el Ministerio de Educación, la región tiene un déficit de 1.200 aulas. Quispe dijo que el 40 \
por ciento de las escuelas rurales no tiene agua potable.

Lea también: El presupuesto regional crece un 8 por ciento

Los docentes del sindicato regional sostuvieron que las obras anunciadas en 2022 siguen sin terminar.
"""


def _speaks(username: str, language: str) -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    Profile.objects.update_or_create(user=user, defaults={"language": language})


def test_a_reviewer_whose_profile_says_spanish_works_in_spanish(
    demo_desk, new_page, browser_problems
):
    _speaks("reviewer1", "es")
    page = new_page(locale="en-US")  # the browser asks for English: the profile wins
    sign_in(page, "reviewer1")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "Mi trabajo"
    assert page.get_by_role("link", name="Notificaciones").count() == 1
    screenshot(page, "es_reviewer_my_work")

    claim = Claim.objects.get(quote__contains="invitations to 100 countries")
    page.goto(f"/articles/{claim.article_id}/")
    page.click(f'#claim-list a[data-claim="{claim.pk}"]')
    page.wait_for_selector(f'#claim-panel[data-claim="{claim.pk}"]')
    panel = page.locator("#claim-panel")
    # The article is English: its text and the claim say so to screen readers.
    assert page.locator("#article-text").get_attribute("lang") == "en"
    assert panel.locator("h2.wording").get_attribute("lang") == "en"
    # The scale's labels in Spanish; the rating goes through in Spanish.
    panel.get_by_label("Mayormente falso", exact=True).check()
    panel.locator("textarea[name=rationale]").fill("El ministerio no publicó la lista de países.")
    panel.get_by_role("button", name="Enviar calificación").click()
    page.wait_for_selector("#claim-panel >> text=Actualizar calificación")
    assert "Mayormente falso" in panel.locator(".rating-card").first.inner_text()
    screenshot(page, "es_reviewer_claim_panel")
    rating = Rating.objects.get(claim=claim, reviewer__username="reviewer1")
    assert rating.label.slug == "mostly-false"

    # A form's errors come back in Spanish, in place.
    page.goto(f"/claims/{claim.pk}/")
    page.locator("textarea[name=body]").last.fill("   ")
    page.get_by_role("button", name="Comentar", exact=True).click()
    page.wait_for_selector("#claim-panel >> text=Escriba algo primero: el comentario está vacío.")
    browser_problems.expect(r"status of 400 .*/comments/")
    assert axe_violations(page) == []


def test_a_french_visitor_reads_the_public_pages_in_french(demo_desk, new_page):
    verdict = Verdict.objects.filter(is_current=True).select_related("label").first()
    page = new_page(locale="fr-FR")
    page.goto("/verdicts/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Verdicts publiés"
    assert page.get_by_placeholder("Rechercher des affirmations et des verdicts").count() == 1
    page.goto(verdict.get_absolute_url())
    assert page.locator(".verdict-label").inner_text() == verdict.label.name_in("fr")
    assert page.get_by_role("heading", name="Pourquoi").count() == 1
    assert page.get_by_role("link", name="Se connecter").count() == 1
    screenshot(page, "fr_public_verdict")
    assert axe_violations(page) == []
    # The same page for an English browser, from the same cache.
    english = new_page(locale="en-GB")
    english.goto(verdict.get_absolute_url())
    assert english.locator("html").get_attribute("lang") == "en"
    assert english.locator(".verdict-label").inner_text() == verdict.label.name


def test_a_spanish_article_from_paste_to_published_verdict(demo_desk, new_page):
    _speaks("editor", "es")
    page = new_page()
    sign_in(page, "editor")
    page.goto("/articles/new/")
    assert page.locator("h1").inner_text() == "Añadir un artículo"
    page.locator("textarea[name=text]").fill(CUSCO)
    page.get_by_role("button", name="Añadir y extraer afirmaciones").click()
    page.wait_for_url("**/articles/*/")
    article = Article.objects.get(title__startswith="El Gobierno regional de Cusco")
    assert article.language == "es"
    assert "Artículo añadido con" in page.locator(".messages[role=status]").inner_text()
    # Spanish boilerplate stays out of the claims.
    quotes = list(article.claims.values_list("quote", flat=True))
    assert not any("Lea también" in q for q in quotes)
    claim = article.claims.get(quote__contains="300 nuevas aulas")

    page.click(f'#claim-list a[data-claim="{claim.pk}"]')
    page.wait_for_selector(f'#claim-panel[data-claim="{claim.pk}"]')
    panel = page.locator("#claim-panel")
    panel.locator("summary", has_text="Redactar y publicar el veredicto").click()
    panel.locator("select[name=label]").select_option(label="Mayormente falso")
    panel.locator("input[name=summary]").fill(
        "El plan regional financia 140 aulas, no 300, según el presupuesto aprobado."
    )
    panel.locator("textarea[name=explanation]").fill(
        "El presupuesto aprobado por el consejo regional solo incluye 140 aulas para 2025; "
        "las otras 160 dependen de una transferencia del ministerio que aún no se firmó."
    )
    panel.locator("input[name=quorum_override_reason]").fill("Anuncio de alto interés público")
    panel.get_by_role("button", name="Publicar veredicto").click()
    page.wait_for_selector("#claim-panel >> text=página pública")
    screenshot(page, "es_editor_published")
    verdict = Verdict.objects.get(claim=claim, is_current=True)

    # A Spanish reader of the public page, and the ClaimReview search engines read.
    reader = new_page(locale="es-PE")
    reader.goto(verdict.get_absolute_url())
    assert reader.locator("html").get_attribute("lang") == "es"
    assert reader.locator(".verdict-label").inner_text() == "Mayormente falso"
    assert reader.locator("h1.claim-reviewed").get_attribute("lang") is None
    data = json.loads(reader.locator('script[type="application/ld+json"]').inner_text())
    assert data["inLanguage"] == "es"
    assert data["itemReviewed"]["inLanguage"] == "es"
    assert data["reviewRating"]["alternateName"] == "Mayormente falso"
    screenshot(reader, "es_public_verdict")
    # An English reader sees the Spanish claim marked as Spanish.
    english = new_page(locale="en-US")
    english.goto(verdict.get_absolute_url())
    assert english.locator("h1.claim-reviewed").get_attribute("lang") == "es"
    assert english.locator(".verdict-label").inner_text() == "Mostly false"
