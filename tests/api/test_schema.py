"""The OpenAPI schema is complete and the API keeps to it: schemathesis generates requests for every
operation (valid and invalid ones) and checks each response against the schema.

Authenticated as an editor (token), so the write endpoints are exercised too; the token endpoints,
which take a signed-in session only, with a session cookie and its CSRF token. Bounded: a few examples
per operation, so the run stays well under a minute.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, Phase, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from config.wsgi import application
from factcheck import fetch, services
from tests.api.conftest import publish
from tests.factories import EditorFactory, live_claim

MAX_EXAMPLES = 6


@pytest.fixture
def _wsgi_in_test_transaction():
    """Call the WSGI app like Django's test client does: without closing the test's connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def _no_network(monkeypatch):
    def refuse(url, **kwargs):
        raise fetch.FetchError("Fetching is disabled in this test.")

    monkeypatch.setattr(fetch, "fetch", refuse)


@pytest.fixture
def desk(db, _wsgi_in_test_transaction, _no_network, article, editor, reviewer):
    published = publish(live_claim(article, "12 percent"), editor)
    services.verdict_correct(
        claim=published.claim,
        editor=editor,
        label=published.label,
        summary="Exports rose 9 percent, not 12.",
        explanation="Revised figures.",
        correction_note="The office revised its figure.",
    )
    services.source_add(
        claim=live_claim(article, "40,000"),
        user=reviewer,
        url="https://a.example/",
        stance="context",
    )


# Loaded once at collection, from the app itself (the schema endpoint needs no database).
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def auth_headers(editor):

    _, key = services.token_issue(user=editor, name="schemathesis")
    session_user = EditorFactory(username="session-editor")
    client = Client()
    client.force_login(session_user)
    csrf = _get_new_csrf_string()
    session = {
        "Cookie": f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
    }
    return {"token": {"Authorization": f"Bearer {key}"}, "session": session}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)
def test_every_operation_keeps_to_the_schema(case, desk, auth_headers):
    headers = auth_headers["session" if case.path.startswith("/api/v1/tokens/") else "token"]
    # Every other built-in check runs: no 5xx, documented status codes, content types, headers and
    # bodies, schema-invalid input refused with a 4xx, auth not ignored. Left out: "schema-valid input
    # is always accepted", which no API with rules beyond its schema can meet (a label must belong to
    # the claim's scale, a parent comment must exist); such input gets a documented 400 instead.
    case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
