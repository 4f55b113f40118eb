"""Each claim action: the happy path (plain POST and htmx), 405, 403 for the wrong role, 404."""

import pytest
from django.urls import reverse

from factcheck import services
from factcheck.models import Claim, Comment, Rating, Source, Verdict
from tests.factories import live_claim


def _login(client, user):
    client.force_login(user)
    return client


def _label(claim, slug):
    return claim.rating_scale.labels.get(slug=slug)


def _rating_data(claim, slug="false"):
    return {
        "label": _label(claim, slug).pk,
        "rationale": "Checked the ministry's tables",
        "confidence": 3,
    }


# (url name, who may, data builder)
ACTIONS = {
    "claim_rate": ("reviewer", lambda c: _rating_data(c)),
    "claim_add_source": (
        "reviewer",
        lambda c: {"url": "https://stats.example/t1", "stance": "refutes"},
    ),
    "claim_comment": ("reviewer", lambda c: {"body": "Looks off"}),
    "claim_select": ("editor", lambda c: {"version": c.version}),
    "claim_dismiss": ("editor", lambda c: {"reason": "Opinion", "version": c.version}),
    "claim_reword": (
        "editor",
        lambda c: {"wording": "Exports rose 12% in 2023", "version": c.version},
    ),
    "claim_claimant": ("editor", lambda c: {"claimant": "Ana Ruiz", "version": c.version}),
    "claim_split": ("editor", lambda c: {"at": 10, "version": c.version}),
    "claim_assign": ("editor", lambda c: {"reviewer": c._reviewer.pk}),
    "claim_verdict": (
        "editor",
        lambda c: {
            "label": _label(c, "false").pk,
            "summary": "Exports rose 8%.",
            "claim_reviewed": "Exports rose 12%.",
            "explanation": "Official data.",
            "quorum_override_reason": "Urgent",
        },
    ),
}


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_action_refuses_get(client, editor, article, name):
    claim = live_claim(article)
    assert (
        _login(client, editor).get(reverse(f"factcheck:{name}", args=[claim.pk])).status_code == 405
    )


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_action_is_404_for_a_missing_claim(client, editor, reviewer, db, name):
    _login(client, editor)
    url = reverse(f"factcheck:{name}", args=[999999])
    assert client.post(url, {}).status_code == 404


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_action_is_403_for_the_wrong_role(client, outsider, reviewer, article, name):
    role, _ = ACTIONS[name]
    user = reviewer if role == "editor" else outsider
    claim = live_claim(article)
    claim._reviewer = reviewer
    response = _login(client, user).post(
        reverse(f"factcheck:{name}", args=[claim.pk]), ACTIONS[name][1](claim)
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.version == 1


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_action_sends_anonymous_visitors_to_sign_in(client, article, name):
    claim = live_claim(article)
    response = client.post(reverse(f"factcheck:{name}", args=[claim.pk]), {})
    assert response.status_code == 302 and reverse("login") in response.url


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_action_happy_path(client, editor, reviewer, article, name, htmx):
    role, data = ACTIONS[name]
    user = editor if role == "editor" else reviewer
    claim = live_claim(article, "12 percent")
    claim._reviewer = reviewer
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = _login(client, user).post(
        reverse(f"factcheck:{name}", args=[claim.pk]), data(claim), **headers
    )
    if htmx:
        assert response.status_code == 200
        assert "<html" not in response.content.decode()
    else:
        assert response.status_code == 302
    claim.refresh_from_db()
    changed = {
        "claim_rate": lambda: Rating.objects.filter(claim=claim, reviewer=reviewer).exists(),
        "claim_add_source": lambda: Source.objects.filter(claim=claim).exists(),
        "claim_comment": lambda: Comment.objects.filter(claim=claim).exists(),
        "claim_select": lambda: claim.status == Claim.Status.SELECTED,
        "claim_dismiss": lambda: claim.status == Claim.Status.DISMISSED,
        "claim_reword": lambda: claim.wording == "Exports rose 12% in 2023",
        "claim_claimant": lambda: claim.claimant == "Ana Ruiz",
        "claim_split": lambda: claim.status == Claim.Status.SPLIT,
        "claim_assign": lambda: claim.assignments.filter(reviewer=reviewer).exists(),
        "claim_verdict": lambda: Verdict.objects.filter(claim=claim, is_current=True).exists(),
    }[name]
    assert changed()


def test_rating_without_rationale_shows_the_error_and_stores_nothing(client, reviewer, article):
    claim = live_claim(article)
    data = {**_rating_data(claim), "rationale": "  "}
    response = _login(client, reviewer).post(reverse("factcheck:claim_rate", args=[claim.pk]), data)
    assert response.status_code == 400
    assert "required" in response.content.decode().lower()
    assert not Rating.objects.exists()


def test_ratings_are_blind_until_the_reviewer_submits(client, reviewer, reviewer2, article):
    claim = live_claim(article)
    services.rating_submit(
        claim=claim,
        reviewer=reviewer2,
        label=_label(claim, "true"),
        rationale="Ravi's secret reasoning",
    )
    client = _login(client, reviewer)
    before = client.get(claim.get_absolute_url()).content.decode()
    assert "Ravi&#x27;s secret reasoning" not in before and "secret reasoning" not in before
    assert "hidden until you submit yours" in before
    client.post(reverse("factcheck:claim_rate", args=[claim.pk]), _rating_data(claim))
    after = client.get(claim.get_absolute_url()).content.decode()
    assert "secret reasoning" in after


def test_editors_see_all_ratings_and_the_disagreement_flag(
    client, editor, reviewer, reviewer2, article
):
    claim = live_claim(article)
    services.rating_submit(
        claim=claim, reviewer=reviewer, label=_label(claim, "true"), rationale="Rosa's reasoning"
    )
    services.rating_submit(
        claim=claim, reviewer=reviewer2, label=_label(claim, "false"), rationale="Ravi's reasoning"
    )
    body = _login(client, editor).get(claim.get_absolute_url()).content.decode()
    # Rationales no page shows by chance ("r1" and "r2" would match any id or class that has them).
    assert "Rosa&#x27;s reasoning" in body and "Ravi&#x27;s reasoning" in body
    assert "Needs discussion" in body


def test_no_discussion_flag_for_a_majority_within_one_step(
    client, editor, reviewer, reviewer2, article
):
    # Issue 7: the flag is "no strict majority, or a spread of two or more steps"; a 2-1 majority one
    # step apart is not flagged (two ratings one step apart have no majority, and are).
    from tests.factories import ReviewerFactory

    claim = live_claim(article)
    services.rating_submit(
        claim=claim, reviewer=reviewer, label=_label(claim, "true"), rationale="r1"
    )
    services.rating_submit(
        claim=claim, reviewer=reviewer2, label=_label(claim, "mostly-true"), rationale="r2"
    )
    services.rating_submit(
        claim=claim, reviewer=ReviewerFactory(), label=_label(claim, "true"), rationale="r3"
    )
    body = _login(client, editor).get(claim.get_absolute_url()).content.decode()
    assert "Needs discussion" not in body


def test_the_history_of_another_reviewers_rating_is_blind_too(client, reviewer, reviewer2, article):
    claim = live_claim(article)
    services.rating_submit(
        claim=claim, reviewer=reviewer2, label=_label(claim, "true"), rationale="zzz"
    )
    client = _login(client, reviewer)
    history_url = reverse("factcheck:claim_history", args=[claim.pk])
    assert "zzz" not in client.get(claim.get_absolute_url()).content.decode()
    assert "zzz" not in client.get(history_url).content.decode()
    assert "zzz" not in client.get(history_url, HTTP_HX_REQUEST="true").content.decode()
    services.rating_submit(
        claim=claim, reviewer=reviewer, label=_label(claim, "true"), rationale="y"
    )
    assert "zzz" in client.get(history_url).content.decode()


def test_the_history_lists_every_change_newest_first(client, editor, reviewer, article):
    claim = live_claim(article)
    services.claim_reword(claim=claim, editor=editor, wording="Exports rose 12%")
    services.source_add(claim=claim, user=reviewer, url="https://s.example/", stance="refutes")
    fragment = _login(client, editor).get(
        reverse("factcheck:claim_history", args=[claim.pk]), HTTP_HX_REQUEST="true"
    )
    body = fragment.content.decode()
    assert "<html" not in body
    assert body.index("Source added") < body.index("Reworded") < body.index("Created")


def test_publishing_below_quorum_without_a_reason_is_refused(client, editor, article):
    claim = live_claim(article)
    data = {
        "label": _label(claim, "false").pk,
        "summary": "s",
        "claim_reviewed": "c",
        "explanation": "e",
    }
    response = _login(client, editor).post(
        reverse("factcheck:claim_verdict", args=[claim.pk]), data
    )
    assert response.status_code == 400
    assert "ratings needed" in response.content.decode()
    assert not Verdict.objects.exists()


def test_a_correction_through_the_form_keeps_the_first_revision(client, editor, article):
    claim = live_claim(article)
    client = _login(client, editor)
    url = reverse("factcheck:claim_verdict", args=[claim.pk])
    base = {
        "label": _label(claim, "false").pk,
        "summary": "s1",
        "claim_reviewed": "c",
        "explanation": "e",
    }
    client.post(url, {**base, "quorum_override_reason": "Urgent"})
    response = client.post(url, {**base, "summary": "s2", "expected_revision": 1})
    assert response.status_code == 400  # the correction note is required
    response = client.post(
        url, {**base, "summary": "s2", "expected_revision": 1, "correction_note": "Fixed figure"}
    )
    assert response.status_code == 302
    assert list(claim.verdicts.order_by("revision").values_list("summary", flat=True)) == [
        "s1",
        "s2",
    ]


def test_a_stale_correction_is_a_conflict_showing_the_current_state(client, editor, article):
    claim = live_claim(article)
    client = _login(client, editor)
    url = reverse("factcheck:claim_verdict", args=[claim.pk])
    base = {
        "label": _label(claim, "false").pk,
        "summary": "s1",
        "claim_reviewed": "c",
        "explanation": "e",
    }
    client.post(url, {**base, "quorum_override_reason": "Urgent"})
    client.post(url, {**base, "summary": "s2", "expected_revision": 1, "correction_note": "one"})
    response = client.post(
        url, {**base, "summary": "s3", "expected_revision": 1, "correction_note": "two"}
    )
    assert response.status_code == 409
    assert "Conflict" in response.content.decode()
    assert claim.verdicts.count() == 2


def test_markdown_comments_are_rendered_sanitised(client, reviewer, article):
    claim = live_claim(article)
    body = (
        "**bold** <script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>"
    )
    _login(client, reviewer).post(
        reverse("factcheck:claim_comment", args=[claim.pk]), {"body": body}
    )
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "<strong>bold</strong>" in page
    assert "<script>alert(1)" not in page
    assert 'href="javascript:' not in page
    assert (
        "<img src=x onerror" not in page
    )  # shown escaped (and in the edit box as text), never as a tag


def test_replies_must_be_on_the_same_claim(client, reviewer, article):
    claims = list(article.claims.order_by("start")[:2])
    other = services.comment_add(claim=claims[1], author=reviewer, body="elsewhere")
    response = _login(client, reviewer).post(
        reverse("factcheck:claim_comment", args=[claims[0].pk]), {"body": "hi", "parent": other.pk}
    )
    assert response.status_code == 400
    assert not Comment.objects.filter(claim=claims[0]).exists()


def test_editor_creates_a_claim_from_a_selection(client, editor, article):
    start = article.text.index("40,000 new jobs")
    response = _login(client, editor).post(
        reverse("factcheck:claim_create", args=[article.pk]), {"start": start, "end": start + 15}
    )
    claim = Claim.objects.get(quote="40,000 new jobs")
    assert response.status_code == 302 and response.url.endswith(f"?claim={claim.pk}")


def test_reviewer_cannot_create_claims(client, reviewer, article):
    response = _login(client, reviewer).post(
        reverse("factcheck:claim_create", args=[article.pk]), {"start": 0, "end": 5}
    )
    assert response.status_code == 403


def test_merge_with_a_neighbour(client, editor, article):
    first, second = list(article.claims.order_by("start")[:2])
    response = _login(client, editor).post(
        reverse("factcheck:claim_merge", args=[first.pk]), {"other": second.pk}
    )
    merged = Claim.objects.get(start=first.start, end=second.end)
    assert response.status_code == 302 and response.url.endswith(f"?claim={merged.pk}")


def _comment_url(comment):
    return reverse("factcheck:comment_edit", args=[comment.claim_id, comment.pk])


def test_authors_edit_their_comments_and_the_panel_says_edited(client, reviewer, article):
    comment = services.comment_add(claim=live_claim(article), author=reviewer, body="Frist draft")
    response = _login(client, reviewer).post(
        _comment_url(comment), {"body": "First draft"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.body == "First draft" and comment.edited_at is not None
    assert "edited" in response.content.decode()


def test_others_cannot_edit_a_comment_but_editors_can(client, reviewer, reviewer2, editor, article):
    comment = services.comment_add(claim=live_claim(article), author=reviewer, body="Mine")
    assert _login(client, reviewer2).post(_comment_url(comment), {"body": "x"}).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Mine"
    assert (
        _login(client, editor).post(_comment_url(comment), {"body": "Moderated"}).status_code == 302
    )
    comment.refresh_from_db()
    assert comment.body == "Moderated"


def test_comment_edit_refuses_blank_get_and_the_wrong_claim(client, reviewer, article):
    claims = list(article.claims.order_by("start")[:2])
    comment = services.comment_add(claim=claims[0], author=reviewer, body="Mine")
    client = _login(client, reviewer)
    assert client.post(_comment_url(comment), {"body": "  "}).status_code == 400
    assert client.get(_comment_url(comment)).status_code == 405
    wrong = reverse("factcheck:comment_edit", args=[claims[1].pk, comment.pk])
    assert client.post(wrong, {"body": "x"}).status_code == 404
    comment.refresh_from_db()
    assert comment.body == "Mine"


def test_a_first_rating_from_a_stale_tab_does_not_overwrite_the_one_submitted_meanwhile(
    client, reviewer, article
):
    claim = live_claim(article)
    client = _login(client, reviewer)
    url = reverse("factcheck:claim_rate", args=[claim.pk])
    # Two tabs showed the empty rating form (version blank); the first submits, then the second.
    client.post(url, {**_rating_data(claim, "false"), "version": ""})
    response = client.post(url, {**_rating_data(claim, "true"), "version": ""})
    assert response.status_code == 409
    assert "changed in another window" in response.content.decode()
    rating = Rating.objects.get(claim=claim, reviewer=reviewer)
    assert (rating.label.slug, rating.version) == ("false", 1)
    # Revising from the form that showed the rating works.
    client.post(url, {**_rating_data(claim, "true"), "version": rating.version})
    assert Rating.objects.get(pk=rating.pk).label.slug == "true"
