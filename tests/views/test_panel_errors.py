"""Errors show where the user is, and nothing they typed is lost (issue 11).

A refused form comes back in its own part (htmx) or in the whole claim page (a plain POST), status 400,
with the message next to the field and the user's text in it. A refusal caused by someone else's
change is a 409 showing the claim as it now stands, with the user's text kept. Both with DEBUG on and
off: the answers do not depend on it.
"""

import pytest
from django.urls import reverse

from factcheck import services
from factcheck.models import Claim, Rating, Source, Verdict
from tests.factories import EditorFactory, live_claim

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(params=[True, False], ids=["debug", "production"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


@pytest.fixture(params=[True, False], ids=["htmx", "plain"])
def htmx(request):
    return request.param


def _post(client, url, data, htmx):
    return client.post(url, data, **(HTMX if htmx else {}))


def _body(response):
    return response.content.decode()


def _assert_page_or_part(response, htmx, part_id):
    body = _body(response)
    if htmx:
        assert "<html" not in body
        assert body.lstrip().split(">", 1)[0].find(f'id="{part_id}"') > 0
    else:
        # The whole claim page, with the header and the stylesheet: the same place, not a bare error.
        assert "<html" in body and "factcheck.css" in body and 'class="site-header"' in body
        assert f'id="{part_id}"' in body


@pytest.mark.parametrize(
    ("rationale", "message"),
    [("   ", "Explain your rating: the rationale is required."), ("", "the rationale is required")],
)
def test_a_blank_rationale_is_refused_in_place_keeping_the_choices(
    client, reviewer, article, debug, htmx, rationale, message
):
    claim = live_claim(article)
    label = claim.rating_scale.labels.get(slug="mostly-false")
    client.force_login(reviewer)
    response = _post(
        client,
        reverse("factcheck:claim_rate", args=[claim.pk]),
        {"label": label.pk, "rationale": rationale, "confidence": 3},
        htmx,
    )
    assert response.status_code == 400
    _assert_page_or_part(response, htmx, f"claim-{claim.pk}-ratings")
    body = _body(response)
    assert message in body
    assert f'value="{label.pk}" checked' in body
    assert '<option value="3" selected>' in body
    assert 'aria-invalid="true"' in body
    assert not Rating.objects.exists()


def test_a_source_that_is_not_a_web_address_is_refused_keeping_the_fields(
    client, reviewer, article, debug, htmx
):
    claim = live_claim(article)
    client.force_login(reviewer)
    data = {
        "url": "ftp://files.example/t1",
        "title": "Trade tables",
        "passage": "Exports grew 8%",
        "stance": "refutes",
    }
    response = _post(client, reverse("factcheck:claim_add_source", args=[claim.pk]), data, htmx)
    assert response.status_code == 400
    _assert_page_or_part(response, htmx, f"claim-{claim.pk}-sources")
    body = _body(response)
    assert "starting with http:// or https://" in body
    assert 'value="ftp://files.example/t1"' in body and 'value="Trade tables"' in body
    assert "Exports grew 8%" in body
    assert '<option value="refutes" selected>' in body
    # The field's errors carry the id its aria-describedby names.
    assert f'aria-describedby="sourceform-{claim.pk}-url_error"' in body
    assert f'<div id="sourceform-{claim.pk}-url_error">' in body
    assert "<details open>" in body  # the form stays open
    assert not Source.objects.exists()


def test_a_verdict_without_an_explanation_is_refused_keeping_the_summary(
    client, editor, article, debug, htmx
):
    claim = live_claim(article)
    client.force_login(editor)
    data = {
        "label": claim.rating_scale.labels.get(slug="false").pk,
        "summary": "Exports rose 8%, not 12%.",
        "claim_reviewed": "Exports rose 12%.",
        "explanation": "  ",
        "quorum_override_reason": "Urgent",
    }
    response = _post(client, reverse("factcheck:claim_verdict", args=[claim.pk]), data, htmx)
    assert response.status_code == 400
    _assert_page_or_part(response, htmx, f"claim-{claim.pk}-verdict")
    body = _body(response)
    assert "Explain the verdict." in body
    assert 'value="Exports rose 8%, not 12%."' in body and 'value="Urgent"' in body
    assert not Verdict.objects.exists()


def test_a_dismissal_without_a_reason_is_refused_in_place(client, editor, article, debug, htmx):
    claim = live_claim(article)
    client.force_login(editor)
    response = _post(
        client,
        reverse("factcheck:claim_dismiss", args=[claim.pk]),
        {"reason": "   ", "version": claim.version},
        htmx,
    )
    assert response.status_code == 400
    _assert_page_or_part(response, htmx, f"claim-{claim.pk}-editor")
    assert "This field is required." in _body(response)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.CANDIDATE


@pytest.mark.parametrize("form", ["comment", "reply", "edit"])
def test_a_blank_comment_reply_or_edit_is_refused_in_its_own_form(
    client, reviewer, article, htmx, form
):
    claim = live_claim(article)
    first = services.comment_add(claim=claim, author=reviewer, body="First thought")
    client.force_login(reviewer)
    url = {
        "comment": reverse("factcheck:claim_comment", args=[claim.pk]),
        "reply": reverse("factcheck:claim_comment", args=[claim.pk]),
        "edit": reverse("factcheck:comment_edit", args=[claim.pk, first.pk]),
    }[form]
    data = {"body": "  "} | ({"parent": first.pk} if form == "reply" else {})
    response = _post(client, url, data, htmx)
    assert response.status_code == 400
    _assert_page_or_part(response, htmx, f"claim-{claim.pk}-discussion")
    body = _body(response)
    assert body.count("Write something first: the comment is empty.") == 1
    if form != "comment":
        assert '<details class="reply" open>' in body
    first.refresh_from_db()
    assert first.body == "First thought" and claim.comments.count() == 1


def test_a_split_outside_the_quote_is_refused_keeping_the_number(client, editor, article, htmx):
    claim = live_claim(article)
    client.force_login(editor)
    response = _post(
        client,
        reverse("factcheck:claim_split", args=[claim.pk]),
        {"at": 5000, "version": claim.version},
        htmx,
    )
    assert response.status_code == 400
    body = _body(response)
    assert "Split inside the claim" in body and 'value="5000"' in body
    assert '<details class="split" open>' in body


def test_a_claim_from_a_bad_selection_is_refused_in_the_create_form(client, editor, article, htmx):
    client.force_login(editor)
    data = {"start": 40, "end": 30, "wording": "My wording"}
    response = _post(client, reverse("factcheck:claim_create", args=[article.pk]), data, htmx)
    assert response.status_code == 400
    body = _body(response)
    if htmx:
        assert body.lstrip().startswith('<details class="card create-claim" id="create-claim" open')
    else:
        assert "<html" in body and 'id="article-text"' in body
    assert 'class="error"' in body and "My wording" in body
    assert 'name="start" value="40"' in body and 'name="end" value="30"' in body


def test_a_claim_without_offsets_is_refused_naming_the_empty_fields(client, editor, article, htmx):
    client.force_login(editor)
    data = {"start": "", "end": "", "wording": "My wording"}
    response = _post(client, reverse("factcheck:claim_create", args=[article.pk]), data, htmx)
    assert response.status_code == 400
    body = _body(response)
    assert '<input type="number" name="start" min="0" required aria-invalid="true"' in body
    assert 'aria-describedby="id_start_error"' in body and '<div id="id_start_error">' in body
    assert 'aria-describedby="id_end_error"' in body and '<div id="id_end_error">' in body


# --- Someone else changed it first: 409, the current state, the user's text kept --------------------


def test_rating_a_claim_split_meanwhile_keeps_the_rationale_to_copy(
    client, editor, reviewer, article, htmx
):
    claim = live_claim(article, "12 percent")
    services.claim_split(claim=claim, editor=editor, at=20)
    client.force_login(reviewer)
    data = {
        "label": claim.rating_scale.labels.get(slug="false").pk,
        "rationale": "The ministry's own table says 8.1%.",
        "confidence": 3,
        "version": "",
    }
    response = _post(client, reverse("factcheck:claim_rate", args=[claim.pk]), data, htmx)
    assert response.status_code == 409
    body = _body(response)
    assert "Conflict:" in body and "it is now “Split”" in body
    assert "readonly>The ministry&#x27;s own table says 8.1%.</textarea>" in body
    parts = Claim.objects.filter(derived_from=claim)
    assert all(f"?claim={p.pk}" in body for p in parts)  # "Replaced by" links to the parts
    assert not Rating.objects.exists()


def test_rating_a_claim_published_meanwhile_is_a_conflict(client, editor, reviewer, article, htmx):
    claim = live_claim(article, "12 percent")
    services.verdict_publish(
        claim=claim,
        editor=editor,
        label=claim.rating_scale.labels.get(slug="false"),
        summary="s",
        explanation="e",
        quorum_override_reason="urgent",
    )
    client.force_login(reviewer)
    data = {
        "label": claim.rating_scale.labels.get(slug="true").pk,
        "rationale": "Mine",
        "confidence": 2,
    }
    response = _post(client, reverse("factcheck:claim_rate", args=[claim.pk]), data, htmx)
    assert response.status_code == 409
    assert "Verdict published" in _body(response)
    assert "readonly>Mine</textarea>" in _body(response)


def test_a_source_for_a_claim_split_meanwhile_is_a_conflict_not_a_bare_403(
    client, editor, reviewer, article, htmx
):
    claim = live_claim(article, "12 percent")
    services.claim_split(claim=claim, editor=editor, at=20)
    client.force_login(reviewer)
    data = {"url": "https://stats.example/t1", "title": "Tables", "stance": "refutes"}
    response = _post(client, reverse("factcheck:claim_add_source", args=[claim.pk]), data, htmx)
    assert response.status_code == 409
    body = _body(response)
    assert "it is now “Split”" in body
    assert "readonly>https://stats.example/t1</textarea>" in body
    assert not Source.objects.exists()


def test_a_merge_that_lost_its_race_is_a_conflict(client, editor, article, htmx):
    first, second, third = list(article.claims.order_by("start")[:3])
    services.claim_merge(claims=[second, third], editor=EditorFactory())
    client.force_login(editor)
    response = _post(
        client, reverse("factcheck:claim_merge", args=[first.pk]), {"other": second.pk}, htmx
    )
    assert response.status_code == 409
    assert f"claim {second.pk} became “Merged”" in _body(response)
    first.refresh_from_db()
    assert first.status == Claim.Status.CANDIDATE


def test_publishing_a_claim_another_editor_just_published_is_a_conflict_keeping_the_text(
    client, editor, article, htmx
):
    claim = live_claim(article)
    label = claim.rating_scale.labels.get(slug="false")
    other = EditorFactory(username="otto")
    services.verdict_publish(
        claim=claim,
        editor=other,
        label=label,
        summary="Otto's summary",
        explanation="Otto's explanation",
        quorum_override_reason="urgent",
    )
    client.force_login(editor)
    data = {
        "label": label.pk,
        "summary": "My own summary",
        "claim_reviewed": "Exports rose 12%.",
        "explanation": "My own explanation",
        "quorum_override_reason": "urgent",
    }
    response = _post(client, reverse("factcheck:claim_verdict", args=[claim.pk]), data, htmx)
    assert response.status_code == 409
    body = _body(response)
    assert "Conflict:" in body
    assert "Otto&#x27;s summary" in body  # the verdict that was published
    assert 'value="My own summary"' in body and "My own explanation</textarea>" in body
    assert "Publish correction" in body  # the form now offers a correction
    assert Verdict.objects.filter(claim=claim).count() == 1


def test_a_stale_dismissal_is_a_conflict_keeping_the_reason(client, editor, article, htmx):
    claim = live_claim(article)
    services.claim_reword(claim=claim, editor=EditorFactory(), wording="Reworded meanwhile")
    client.force_login(editor)
    response = _post(
        client,
        reverse("factcheck:claim_dismiss", args=[claim.pk]),
        {"reason": "An opinion", "version": claim.version},
        htmx,
    )
    assert response.status_code == 409
    body = _body(response)
    assert "changed by someone else" in body
    assert 'value="An opinion"' in body and "Reworded meanwhile" in body
    claim.refresh_from_db()
    assert claim.status == Claim.Status.CANDIDATE


@pytest.mark.parametrize(
    ("name", "data", "part", "message"),
    [
        ("claim_reword", {"wording": "  "}, "editor", "This field is required."),
        ("claim_assign", {"reviewer": 999999}, "editor", "not a reviewer or editor of the desk"),
        ("claim_merge", {}, "editor", "This field is required."),
        ("claim_priority", {}, "priority", "Say whether to move the claim up or down."),
        ("claim_priority", {"direction": "sideways"}, "priority", "Select a valid choice."),
    ],
)
def test_every_editor_form_answers_its_errors_in_its_part(
    client, editor, article, htmx, name, data, part, message
):
    claim = live_claim(article)
    client.force_login(editor)
    response = _post(client, reverse(f"factcheck:{name}", args=[claim.pk]), data, htmx)
    assert response.status_code == 400
    _assert_page_or_part(response, htmx, f"claim-{claim.pk}-{part}")
    assert message in _body(response)
    claim.refresh_from_db()
    assert claim.version == 1


def test_selecting_a_claim_someone_just_selected_is_a_conflict(client, editor, article, htmx):
    claim = live_claim(article)
    services.claim_select(claim=claim, editor=EditorFactory())
    client.force_login(editor)
    response = _post(
        client, reverse("factcheck:claim_select", args=[claim.pk]), {"version": 1}, htmx
    )
    assert response.status_code == 409
    assert "it is now “Selected for checking”" in _body(response)
