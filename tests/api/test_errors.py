"""Errors: one JSON shape, an actionable message, 4xx for bad input (never 500), no partial writes."""

import pytest

from factcheck.models import Article, Outlet


def _error(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert isinstance(error["message"], str) and error["message"]
    return error


def test_malformed_json_is_a_parse_error(editor_api):
    error = _error(
        editor_api.post("/api/v1/articles/", '{"text": ', content_type="application/json"), 400
    )
    assert error["code"] == "parse_error" and "not valid JSON" in error["message"]


@pytest.mark.parametrize("body", ['{"text": NaN}', '{"text": "\\ud800"}', b'{"text": "\xff"}'])
def test_json_that_cannot_be_stored_is_refused(editor_api, body):
    response = editor_api.post("/api/v1/articles/", body, content_type="application/json")
    assert _error(response, 400)["code"] == "parse_error"
    assert not Article.objects.exists()


def test_other_content_types_are_415(editor_api):
    response = editor_api.post("/api/v1/articles/", "text=x", content_type="text/plain")
    assert _error(response, 415)["code"] == "unsupported_media_type"


def test_validation_errors_name_the_field(editor_api):
    error = _error(editor_api.post("/api/v1/articles/", {"text": 5}, format="json"), 400)
    assert error["code"] == "invalid" and "text" in error["fields"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"colour": "red"}, "colour"),
        ({"updated_since": "last tuesday"}, "updated_since"),
        ({"updated_since": "2024-02-30"}, "updated_since"),
        ({"updated_since": "0001-01-01T00:00:00+05:00"}, "updated_since"),
        ({"published_after": "9999-12-31T23:59:59-05:00"}, "published_after"),
        ({"outlet": "abc"}, "outlet"),
        ({"outlet": "99999999999999999999999"}, "outlet"),
        ({"label": "not a slug"}, "label"),
        ({"ordering": "summary"}, "ordering"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "1000"}, "page_size"),
        ({"cursor": "garbage"}, "cursor"),
        ({"search": "a\x00b"}, "search"),
        ({"search": ""}, "search"),
    ],
)
def test_bad_query_parameters_are_400_naming_the_parameter(anon, published, params, field):
    error = _error(anon.get("/api/v1/verdicts/", params), 400)
    assert field in error["fields"], error


def test_a_repeated_parameter_is_refused(anon, published):
    error = _error(anon.get("/api/v1/verdicts/?label=false&label=true"), 400)
    assert "label" in error["fields"]


def test_forged_cursors_are_400_not_500(anon, published):
    import base64

    for position in ("p=not-a-date", "p=2024-01-01%2000:00:00%00", "o=-3&p=x", "r=x"):
        cursor = base64.b64encode(position.encode()).decode()
        _error(anon.get("/api/v1/verdicts/", {"cursor": cursor}), 400)
        _error(anon.get("/api/v1/verdicts/", {"cursor": cursor, "ordering": "id"}), 400)


def test_unknown_ids_are_404_even_huge_ones(anon, published):
    assert _error(anon.get("/api/v1/verdicts/999999/"), 404)["code"] == "not_found"
    _error(anon.get("/api/v1/verdicts/99999999999999999999999999/"), 404)


def test_unknown_paths_are_json_404s_with_a_hint(anon, db):
    error = _error(anon.get("/api/v1/verdict/"), 404)
    assert "/api/docs/" in error["message"]
    error = _error(anon.get("/api/v1/verdicts"), 404)
    assert "/api/v1/verdicts/" in error["message"]
    _error(anon.post("/api/v1/nothing/"), 404)


def test_wrong_methods_are_405(anon, editor_api, published):
    error = _error(anon.delete(f"/api/v1/verdicts/{published.pk}/"), 405)
    assert error["code"] == "method_not_allowed"
    _error(editor_api.put("/api/v1/articles/", {}, format="json"), 405)
    _error(anon.options("/api/v1/exports/verdicts.csv"), 405)


def test_an_unacceptable_accept_header_is_406_in_json(anon, published):
    error = _error(anon.get("/api/v1/exports/verdicts.csv", HTTP_ACCEPT="application/xml"), 406)
    assert error["code"] == "not_acceptable"


def test_anonymous_clients_are_told_to_bring_a_token(anon, db):
    error = _error(anon.get("/api/v1/claims/"), 401)
    assert error["code"] == "not_authenticated" and "Bearer" in error["message"]


def test_a_failed_ingest_writes_nothing(editor_api):
    # The outlet is created first inside the request; the article then fails: both roll back.
    response = editor_api.post(
        "/api/v1/articles/", {"text": " \n ", "outlet": "Brand New Outlet"}, format="json"
    )
    _error(response, 400)
    assert not Outlet.objects.filter(name="Brand New Outlet").exists()
    assert not Article.objects.exists()


def test_oversized_bodies_are_413_before_they_are_read(editor_api, settings):
    settings.FACTCHECK_API_MAX_BODY_BYTES = 1024
    response = editor_api.post(
        "/api/v1/articles/", '{"text": "' + "x" * 4000 + '"}', content_type="application/json"
    )
    assert _error(response, 413)["code"] == "payload_too_large"
