"""Every URL of the app and the API × every role → the expected status.

The URL list is read from the URLconf, and a URL without an entry in ACCESS fails the suite, so a new
view cannot ship without someone deciding who may use it.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from factcheck import services
from factcheck.matching import claimreviews
from factcheck.models import ClaimMatch, Notification, OutsideFactCheck
from tests.factories import ReviewerFactory, UserFactory, live_claim

ROLES = ["anonymous", "outsider", "reviewer", "other_reviewer", "editor", "admin"]
DESK = {"reviewer", "other_reviewer", "editor", "admin"}
EDITORS = {"editor", "admin"}
SIGNED_IN = DESK | {"outsider"}
API_DENIED = {401, 403}

# name -> kind. Kinds say who may GET (pages) or POST (actions) and what the others get.
ACCESS = {
    # public pages
    "factcheck:home": "redirect",
    "factcheck:healthz": "public",
    "factcheck:favicon": "redirect",
    "factcheck:public_verdicts": "public",
    "factcheck:public_verdict": "public",
    "login": "public",
    "logout": "post_only_public",
    # desk pages
    "factcheck:my_work": "desk_page",
    "factcheck:article_list": "desk_page",
    "factcheck:article": "desk_page",
    "factcheck:claim": "desk_page",
    "factcheck:claim_history": "desk_page",
    "factcheck:article_add": "editor_page",
    "factcheck:import_new": "editor_page",
    "factcheck:import_batch": "desk_page",
    "factcheck:import_batch_retry": "editor_action",
    "factcheck:desk_health": "editor_page",
    # desk actions (POST only)
    "factcheck:claim_rate": "desk_action",
    "factcheck:claim_add_source": "desk_action",
    "factcheck:claim_comment": "desk_action",
    # the comment's author (the reviewer) and editors; another reviewer is refused
    "factcheck:comment_edit": "author_action",
    "factcheck:claim_create": "editor_action",
    "factcheck:claim_select": "editor_action",
    "factcheck:claim_dismiss": "editor_action",
    "factcheck:claim_reword": "editor_action",
    "factcheck:claim_claimant": "editor_action",
    "factcheck:claim_split": "editor_action",
    "factcheck:claim_merge": "editor_action",
    "factcheck:claim_assign": "editor_action",
    "factcheck:claim_unassign": "editor_action",
    "factcheck:claims_assign": "editor_action",
    "factcheck:claim_verdict": "editor_action",
    "factcheck:claim_priority": "editor_action",
    "factcheck:claim_match_confirm": "editor_action",
    "factcheck:claim_match_reject": "editor_action",
    "factcheck:claim_attach_factcheck": "editor_action",
    # each person's own notifications, profile and tokens (someone else's: 404)
    "factcheck:notifications": "desk_page",
    "factcheck:notification_open": "own_page",
    "factcheck:notifications_read": "desk_action",
    "factcheck:profile": "desk_page",
    "factcheck:token_create": "desk_action",
    "factcheck:token_revoke": "own_action",
    # API: what anonymous clients may read
    "api:verdict-list": "api_public",
    "api:verdict-detail": "api_public",
    "api:claim-annotation": "api_public",
    "api:export-csv": "api_public",
    "api:export-jsonl": "api_public",
    "api:export-claimreview": "api_public",
    "api:schema": "api_public",
    "api:docs": "api_public",
    # API: the desk's data
    "api:article-list": "api_desk",
    "api:article-detail": "api_desk",
    "api:claim-list": "api_desk",
    "api:claim-detail": "api_desk",
    "api:claim-ratings": "api_desk",
    "api:claim-sources": "api_desk",
    "api:claim-comments": "api_desk",
    "api:outlet-list": "api_desk",
    "api:outlet-detail": "api_desk",
    # API: any signed-in account
    "api:ratingscale-list": "api_signed_in",
    "api:ratingscale-detail": "api_signed_in",
    "api:token-list": "api_signed_in",
    "api:token-detail": "api_owner",
    # API: POST only, 405 to any other method ("was this checked?" is open to all; the import is
    # for editors: tests/api/test_factchecks.py)
    "api:match": "api_post_public",
    "api:factcheck-import": "api_editor_post",
}


def _urlconf():
    def walk(resolver, prefix="", namespace=None):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                if "admin" in str(p.pattern):
                    continue
                yield from walk(p, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name:
                name = f"{namespace}:{p.name}" if namespace else p.name
                yield name, prefix + str(p.pattern)

    return dict(walk(get_resolver()))


def test_every_url_has_an_access_rule():
    assert set(_urlconf()) == set(ACCESS)


@pytest.fixture
def desk(db, editor, reviewer, outsider, admin_user, article):
    published = live_claim(article, "12 percent")
    verdict = services.verdict_publish(
        claim=published,
        editor=editor,
        label=published.rating_scale.labels.get(slug="false"),
        summary="Exports rose 8 percent.",
        explanation="Statistics office.",
        quorum_override_reason="test",
    )
    claim = live_claim(article, "40,000")
    other_reviewer = ReviewerFactory(username="otto")
    other_claim = live_claim(article, "Critics")
    services.assignment_create(claim=other_claim, reviewer=other_reviewer, editor=editor)
    match = ClaimMatch.objects.create(claim=claim, match=published, score=0.8, method="test")
    comment = services.comment_add(claim=claim, author=reviewer, body="A first comment.")
    services.comment_add(claim=claim, author=reviewer, body="@elena a notification for you.")
    notification = Notification.objects.get(recipient=editor)
    token, _ = services.token_issue(user=editor, name="matrix")
    batch = services.import_batch_create(files=[("a.txt", b"Headline\n\nText.")], editor=editor)
    services.factchecks_import(
        items=[
            claimreviews.ReviewRecord(
                review_url="https://factchecker.example/1", claim_reviewed="Exports fell."
            )
        ]
    )
    factcheck = OutsideFactCheck.objects.get()
    users = {
        "anonymous": None,
        "outsider": outsider,
        "reviewer": reviewer,
        "other_reviewer": other_reviewer,
        "editor": editor,
        "admin": admin_user,
    }
    params = {
        "pk": claim.pk,
        "match_pk": match.pk,
        "factcheck_pk": factcheck.pk,
        "comment_pk": comment.pk,
        "claim_id": published.pk,
        "slug": verdict.get_absolute_url().rstrip("/").rsplit("/", 1)[1],
    }
    pk_for = {
        "factcheck:article": article.pk,
        "factcheck:claim_create": article.pk,
        "api:article-detail": article.pk,
        "api:verdict-detail": verdict.pk,
        "api:claim-annotation": published.pk,
        "api:outlet-detail": article.outlet_id,
        "api:ratingscale-detail": published.rating_scale_id,
        "api:token-detail": token.pk,
        "factcheck:import_batch": batch.pk,
        "factcheck:import_batch_retry": batch.pk,
        "factcheck:notification_open": notification.pk,
        "factcheck:token_revoke": token.pk,
    }
    return users, params, pk_for


def _path(name, pattern, params, pk_for):
    import re

    def fill(match):
        key = match.group(2)
        if key == "pk" and name in pk_for:
            return str(pk_for[name])
        return str(params[key])

    return "/" + re.sub(r"<(\w+):(\w+)>", fill, pattern)


def _expect_get(kind, role):
    signed_in = role != "anonymous"
    # Someone else's notification or token: not found for the desk, refused or sign-in for others.
    own_elsewhere = {404} if role in DESK else ({403} if signed_in else {302})
    return {
        "redirect": {302},
        "public": {200},
        "post_only_public": {405},
        "desk_page": {200} if role in DESK else ({403} if signed_in else {302}),
        "editor_page": {200} if role in EDITORS else ({403} if signed_in else {302}),
        "own_page": {302} if role == "editor" else own_elsewhere,
        "desk_action": {405},
        "author_action": {405},
        "own_action": {405},
        "editor_action": {405},
        "api_public": {200},
        "api_desk": {200} if role in DESK else ({403} if signed_in else API_DENIED),
        "api_signed_in": {200} if signed_in else API_DENIED,
        "api_owner": {200} if role == "editor" else ({404} if signed_in else API_DENIED),
        "api_post_public": {405},
        "api_editor_post": {405},
    }[kind]


def _expect_post(kind, role):
    """Empty POSTs to actions: refused by role, or accepted for validation (never 403/405/500)."""
    signed_in = role != "anonymous"
    if kind == "own_action" and role in DESK:
        return {302} if role == "editor" else {404}
    allowed = {
        "desk_action": DESK,
        "own_action": DESK,
        "author_action": EDITORS | {"reviewer"},
    }.get(kind, EDITORS)
    if role in allowed:
        return {200, 302, 400, 409}
    return {403} if signed_in else {302}


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_every_role_as_the_rules_say(desk, role):
    users, params, pk_for = desk
    client = Client(raise_request_exception=False)
    if users[role] is not None:
        client.force_login(users[role])
    failures = []
    for name, pattern in sorted(_urlconf().items()):
        kind = ACCESS[name]
        path = _path(name, pattern, params, pk_for)
        status = client.get(path).status_code
        if status not in _expect_get(kind, role):
            failures.append(f"GET {path} as {role}: {status}, expected {_expect_get(kind, role)}")
        # Uptime monitors and caches use HEAD: wherever GET is allowed, so is HEAD.
        if (head := client.head(path).status_code) != status:
            failures.append(f"HEAD {path} as {role}: {head}, GET answered {status}")
        if kind in ("desk_action", "author_action", "editor_action", "own_action"):
            status = client.post(path, {}).status_code
            if status not in _expect_post(kind, role):
                failures.append(
                    f"POST {path} as {role}: {status}, expected {_expect_post(kind, role)}"
                )
    assert failures == []


def test_anonymous_api_clients_see_no_unpublished_claim(desk, client):
    _, params, _ = desk
    body = client.get("/api/v1/verdicts/").content.decode()
    assert "40,000" not in body  # the unpublished claim's text
    assert client.get(f"/api/v1/claims/{params['pk']}/annotation/").status_code == 404
    assert client.get(f"/verdicts/{params['pk']}/x/").status_code == 404
    assert "40,000" not in client.get("/verdicts/?q=jobs").content.decode()
    export = client.get("/api/v1/exports/verdicts.csv")
    assert "40,000" not in b"".join(export.streaming_content).decode()


def test_users_without_a_role_see_no_desk_data_through_any_door(desk):
    _, params, _ = desk
    client = Client()
    client.force_login(UserFactory(username="nobody"))
    for path in ["/work/", "/articles/", f"/claims/{params['pk']}/", "/api/v1/claims/"]:
        response = client.get(path)
        assert response.status_code == 403, path
        assert "40,000" not in response.content.decode()
