"""The admin an admin runs the desk from: every changelist loads at a fixed query cost, and every
write it offers goes through the services."""

import re
from itertools import pairwise

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck import services
from factcheck.models import Claim
from tests.factories import live_claim, make_article_with_claims

CHANGELISTS = [
    "outlet",
    "article",
    "claim",
    "rating",
    "source",
    "comment",
    "verdict",
    "assignment",
    "ratingscale",
    "ratinglabel",
    "claimmatch",
    "claimconsensus",
    "reviewerreliability",
    "desksnapshot",
]


def _populate(n, editor, reviewer, reviewer2):
    article = make_article_with_claims(n)
    for claim in article.claims.all()[:n]:
        services.assignment_create(claim=claim, reviewer=reviewer, editor=editor)
        label = claim.rating_scale.labels.get(slug="true")
        services.rating_submit(claim=claim, reviewer=reviewer, label=label, rationale="ok")
        services.rating_submit(claim=claim, reviewer=reviewer2, label=label, rationale="ok")
        services.source_add(
            claim=claim, user=reviewer, url=f"https://e.example/{claim.pk}", stance="supports"
        )
        services.comment_add(claim=claim, author=reviewer, body="seen")
        services.verdict_publish(
            claim=claim, editor=editor, label=label, summary="True.", explanation="Checked."
        )


@pytest.mark.parametrize("model", CHANGELISTS)
def test_changelist_query_count_does_not_grow_with_rows(
    model, client, admin_user, editor, reviewer, reviewer2
):
    client.force_login(admin_user)
    url = reverse(f"admin:factcheck_{model}_changelist")
    _populate(3, editor, reviewer, reviewer2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _populate(30, editor, reviewer, reviewer2)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


def test_the_admin_shows_an_article_with_its_claims_offsets_and_scores(client, admin_user, article):
    client.force_login(admin_user)
    response = client.get(reverse("admin:factcheck_article_change", args=[article.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    # Each claim's row in the inline shows its own offsets and score (not just any "0" on the page).
    rows = re.findall(
        r'field-start">\s*<p>(\d+)</p>.*?field-end">\s*<p>(\d+)</p>.*?field-score">\s*<p>([\d.]+)</p>',
        body,
        re.S,
    )
    claims = article.claims.order_by("start")
    assert [(int(s), int(e)) for s, e, _ in rows] == [(c.start, c.end) for c in claims]
    assert [float(score) for *_, score in rows] == pytest.approx(
        [c.score for c in claims], abs=1e-3
    )


def test_claim_history_is_visible_in_admin(client, admin_user, article, editor):
    claim = services.claim_dismiss(claim=live_claim(article), editor=editor, reason="Opinion")
    client.force_login(admin_user)
    response = client.get(reverse("admin:factcheck_claim_history", args=[claim.pk]))
    assert response.status_code == 200
    assert "Dismissed: Opinion" in response.content.decode()


def test_dismiss_action_asks_for_a_reason_then_dismisses(client, admin_user, article):
    client.force_login(admin_user)
    claims = list(article.claims.order_by("start")[:2])
    url = reverse("admin:factcheck_claim_changelist")
    data = {"action": "dismiss", "_selected_action": [c.pk for c in claims]}
    response = client.post(url, data)
    assert response.status_code == 200 and "reason" in response.content.decode()
    response = client.post(url, {**data, "apply": "1", "reason": "Not checkable"})
    assert response.status_code == 302
    assert set(
        Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("status", flat=True)
    ) == {"dismissed"}


def test_assign_action_assigns_a_reviewer(client, admin_user, article, reviewer):
    client.force_login(admin_user)
    claim = live_claim(article)
    url = reverse("admin:factcheck_claim_changelist")
    response = client.post(
        url,
        {"action": "assign", "_selected_action": [claim.pk], "apply": "1", "reviewer": reviewer.pk},
    )
    assert response.status_code == 302
    assert claim.assignments.filter(reviewer=reviewer).exists()


def test_article_text_is_read_only_once_stored(client, admin_user, article):
    client.force_login(admin_user)
    response = client.get(reverse("admin:factcheck_article_change", args=[article.pk]))
    assert 'name="text"' not in response.content.decode()


# --- The admin walk: every form and action, and the desk's stored counters after each ---------------


def assert_desk_consistent(step: str) -> None:
    """The desk's stored counters and flags match the rows they follow."""
    from factcheck import consensus
    from factcheck.models import Article, Assignment, Rating, Verdict

    problems = []
    for claim in Claim.objects.prefetch_related("ratings__label", "assignments"):
        ratings = list(claim.ratings.all())
        if claim.ratings_count != len(ratings):
            problems.append(
                f"claim {claim.pk}: ratings_count {claim.ratings_count}, {len(ratings)} rows"
            )
        flag = consensus.needs_discussion(
            [r.label_id for r in ratings], [r.label.value for r in ratings]
        )
        if claim.needs_discussion != flag:
            problems.append(
                f"claim {claim.pk}: needs_discussion {claim.needs_discussion}, rows say {flag}"
            )
        if claim.is_assigned != bool(claim.assignments.all()):
            problems.append(f"claim {claim.pk}: is_assigned {claim.is_assigned}")
        if any(r.label.scale_id != claim.rating_scale_id for r in ratings):
            problems.append(f"claim {claim.pk}: a rating off the claim's scale")
        current = Verdict.objects.filter(claim=claim, is_current=True).count()
        if (claim.status == Claim.Status.PUBLISHED) != (current == 1) or current > 1:
            problems.append(
                f"claim {claim.pk}: status {claim.status} with {current} current verdicts"
            )
        versions = list(
            claim.history.order_by("history_date", "history_id").values_list("version", flat=True)
        )
        if versions[-1] != claim.version or any(b <= a for a, b in pairwise(versions)):
            problems.append(f"claim {claim.pk}: version {claim.version}, history {versions}")
    rated = set(Rating.objects.values_list("claim_id", "reviewer_id"))
    for a in Assignment.objects.all():
        if (a.completed_at is not None) != ((a.claim_id, a.reviewer_id) in rated):
            problems.append(f"assignment {a.pk}: completed_at {a.completed_at}")
    for article in Article.objects.exclude(status=Article.Status.ARCHIVED):
        before = article.status
        if (
            services.article_refresh_status(article=Article.objects.get(pk=article.pk)).status
            != before
        ):
            problems.append(f"article {article.pk}: status {before} is not what its claims say")
    assert not problems, f"after {step}: " + "; ".join(problems)


def _form_data(form, data: dict) -> None:
    """The POST data a browser sends for `form` as rendered (its current values)."""
    from django import forms as dj_forms

    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None or value is False:
            continue
        if isinstance(field, dj_forms.JSONField):
            data[key] = value  # BoundField.value() is already the JSON text the widget shows
        elif value is True:
            data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(getattr(v, "pk", v)) for v in value]
        else:
            data[key] = str(getattr(value, "pk", value))


def _change_form_post(response) -> dict:
    data = {}
    _form_data(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _form_data(formset.management_form, data)
        for form in formset.forms:
            _form_data(form, data)
    return data


_NOT_FREE_TEXT = ("slug", "url", "homepage", "prefix", "key_hash", "email", "username", "password")


def _edit(form, data: dict) -> list[str]:
    """Change every free-text field the form lets the admin edit; returns their names."""
    from django import forms as dj_forms

    edited = []
    for name, field in form.fields.items():
        if (
            isinstance(field, dj_forms.CharField)
            and not isinstance(field, dj_forms.JSONField)  # a label's names: JSON, not free text
            and not isinstance(field.widget, dj_forms.HiddenInput)
            and not any(part in name for part in _NOT_FREE_TEXT)
            and not getattr(field, "choices", None)
        ):
            key = form.add_prefix(name)
            data[key] = (data.get(key) or "Text") + " (edited in the admin)"
            edited.append(name)
    return edited


def _populate_desk(editor, reviewer, reviewer2):
    from factcheck.models import ClaimMatch

    article = make_article_with_claims(6)
    claims = list(article.claims.order_by("start"))
    true = claims[0].rating_scale.labels.get(slug="true")
    false = claims[0].rating_scale.labels.get(slug="false")
    for claim in claims[:4]:
        services.assignment_create(claim=claim, reviewer=reviewer, editor=editor)
        services.assignment_create(claim=claim, reviewer=reviewer2, editor=editor)
        services.rating_submit(claim=claim, reviewer=reviewer, label=true, rationale="ok")
    # One claim in disagreement, one published, one with a comment thread and a source.
    services.rating_submit(claim=claims[1], reviewer=reviewer2, label=false, rationale="no")
    services.rating_submit(claim=claims[2], reviewer=reviewer2, label=true, rationale="yes")
    services.source_add(
        claim=claims[2], user=reviewer, url="https://e.example/source", stance="supports"
    )
    parent = services.comment_add(claim=claims[2], author=reviewer, body="Seen @ravi")
    services.comment_add(claim=claims[2], author=reviewer2, body="Agreed", parent=parent)
    services.verdict_publish(
        claim=claims[2], editor=editor, label=true, summary="True.", explanation="Checked."
    )
    ClaimMatch.objects.create(claim=claims[3], match=claims[2], score=0.9, method="lexical")
    services.token_issue(user=editor, name="cms")
    return article


def test_every_admin_form_and_action_keeps_the_desk_consistent(
    client, admin_user, editor, reviewer, reviewer2
):
    from django.contrib import admin as django_admin

    _populate_desk(editor, reviewer, reviewer2)
    assert_desk_consistent("populating")
    client.force_login(admin_user)
    walked = []
    for model, model_admin in django_admin.site._registry.items():
        if model._meta.app_label != "factcheck":
            continue
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        changelist = reverse(f"{info}_changelist")
        assert client.get(changelist).status_code == 200, changelist

        add = client.get(reverse(f"{info}_add"))
        assert add.status_code in (200, 403), (info, add.status_code)

        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            change_url = reverse(f"{info}_change", args=[obj.pk])
            page = client.get(change_url)
            assert page.status_code == 200, change_url
            if page.context["has_change_permission"]:
                data = _change_form_post(page)
                edited = _edit(page.context["adminform"].form, data)
                response = client.post(change_url, data)
                assert response.status_code == 302, (
                    change_url,
                    response.context["adminform"].form.errors if response.context else response,
                )
                obj.refresh_from_db()
                for name in edited:
                    if name in {f.name for f in model._meta.fields}:
                        assert str(getattr(obj, name)).endswith("(edited in the admin)"), (
                            info,
                            name,
                        )
                assert_desk_consistent(f"saving the {model._meta.model_name} change form")
            if hasattr(model_admin, "history_form_view"):
                history = model.history.filter(**{model._meta.pk.attname: obj.pk}).first()
                url = reverse(f"{info}_simple_history", args=[obj.pk, history.pk])
                assert client.get(url).status_code == 200, url
                assert client.post(url, {}).status_code == 403, (
                    f"reverting {model._meta.model_name}"
                )
                assert_desk_consistent(f"reverting a {model._meta.model_name}")

        if obj is not None and model_admin.has_delete_permission(page.wsgi_request, obj):
            obj = model._default_manager.order_by("-pk").first()
            url = reverse(f"{info}_delete", args=[obj.pk])
            assert client.get(url).status_code == 200, url
            client.post(url, {"post": "yes"})
            assert_desk_consistent(f"deleting a {model._meta.model_name}")

        request = page.wsgi_request if obj is not None else None
        for action in model_admin.get_actions(request) if request else {}:
            selected = [str(pk) for pk in model._default_manager.values_list("pk", flat=True)]
            data = {"action": action, "_selected_action": selected}
            response = client.post(changelist, data)
            if response.status_code == 200 and action == "delete_selected":
                response = client.post(changelist, {**data, "post": "yes"})
                if response.status_code == 200:
                    # Django refuses to delete rows other rows protect, and says which.
                    assert response.context["protected"], (info, action)
                    response.status_code = 302
            elif response.status_code == 200 and "form" in response.context:
                form = response.context["form"]
                for name, field in form.fields.items():
                    choices = getattr(field, "queryset", None)
                    data[name] = str(choices.first().pk) if choices is not None else "By the walk"
                response = client.post(changelist, {**data, "apply": "1"})
            assert response.status_code == 302, (info, action, response.status_code)
            assert_desk_consistent(f"the {model._meta.model_name} action {action}")
            walked.append(f"{model._meta.model_name}:{action}")

    # The walk reached the actions that write.
    for expected in (
        "claim:select_for_checking",
        "claim:dismiss",
        "claim:assign",
        "article:archive",
        "article:unarchive",
        "assignment:delete_selected",
        "apitoken:revoke",
        "claimmatch:reject",
    ):
        assert expected in walked, walked


# --- What the admin refuses, and how it says so -----------------------------------------------------


def test_an_outlet_named_like_another_whatever_the_case_is_refused_on_the_form(
    client, admin_user, outlet
):
    from factcheck.models import Outlet

    client.force_login(admin_user)
    response = client.post(
        reverse("admin:factcheck_outlet_add"), {"name": "  daily   EXAMPLE ", "homepage": ""}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [
        "An outlet called “daily EXAMPLE” already exists."
    ]
    assert Outlet.objects.count() == 1


def test_making_a_scale_the_default_moves_the_flag_and_the_default_cannot_be_unset(
    client, admin_user
):
    from factcheck.models import RatingScale

    client.force_login(admin_user)
    old = RatingScale.default()
    data = {
        "name": "Three steps",
        "slug": "three-steps",
        "kind": "ordinal",
        "description": "",
        "is_default": "on",
        "labels-TOTAL_FORMS": "0",
        "labels-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:factcheck_ratingscale_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    new = RatingScale.objects.get(slug="three-steps")
    assert RatingScale.default() == new
    old.refresh_from_db()
    assert not old.is_default

    page = client.get(reverse("admin:factcheck_ratingscale_change", args=[new.pk]))
    data = _change_form_post(page)
    data.pop("is_default")
    response = client.post(reverse("admin:factcheck_ratingscale_change", args=[new.pk]), data)
    assert response.status_code == 200
    assert "One scale must stay the default" in str(
        response.context["adminform"].form.errors["is_default"]
    )
    assert RatingScale.default() == new


def test_a_label_in_use_keeps_its_value_in_the_admin_and_in_the_service(
    client, admin_user, editor, reviewer, article
):
    from django.core.exceptions import ValidationError

    claim = live_claim(article)
    label = claim.rating_scale.labels.get(slug="true")
    services.rating_submit(claim=claim, reviewer=reviewer, label=label, rationale="ok")
    client.force_login(admin_user)
    page = client.get(reverse("admin:factcheck_ratinglabel_change", args=[label.pk]))
    form = page.context["adminform"].form
    assert "value" not in form.fields and "scale" not in form.fields
    assert "name" in form.fields
    label.value = 1
    with pytest.raises(ValidationError):
        services.rating_label_save(label=label, editor=editor)
    label.refresh_from_db()
    assert label.value != 1


def test_a_claim_reworded_in_the_admin_meanwhile_is_not_overwritten(
    client, admin_user, editor, article
):
    claim = live_claim(article)
    client.force_login(admin_user)
    url = reverse("admin:factcheck_claim_change", args=[claim.pk])
    data = _change_form_post(client.get(url))
    services.claim_reword(claim=claim, editor=editor, wording="Reworded on the desk")
    response = client.post(url, {**data, "wording": "Reworded in the admin"})
    assert response.status_code == 200
    assert "changed by someone else" in str(response.context["adminform"].form.errors)
    claim.refresh_from_db()
    assert claim.wording == "Reworded on the desk"
    assert claim.version == 2


def test_a_published_claim_cannot_be_reworded_in_the_admin(
    client, admin_user, editor, reviewer, article
):
    claim = live_claim(article)
    label = claim.rating_scale.labels.get(slug="true")
    services.verdict_publish(
        claim=claim,
        editor=editor,
        label=label,
        summary="True.",
        explanation="Checked.",
        quorum_override_reason="Test",
    )
    client.force_login(admin_user)
    url = reverse("admin:factcheck_claim_change", args=[claim.pk])
    data = _change_form_post(client.get(url))
    response = client.post(url, {**data, "wording": "Something else"})
    assert response.status_code == 200
    assert "cannot be reworded" in str(response.context["adminform"].form.errors)
    claim.refresh_from_db()
    assert claim.wording != "Something else"


def test_deleting_assignments_in_the_admin_keeps_the_rated_ones_and_says_so(
    client, admin_user, editor, reviewer, reviewer2, article
):
    from factcheck.models import Assignment

    claim = live_claim(article)
    rated = services.assignment_create(claim=claim, reviewer=reviewer, editor=editor)
    services.rating_submit(
        claim=claim,
        reviewer=reviewer,
        label=claim.rating_scale.labels.get(slug="true"),
        rationale="ok",
    )
    open_one = services.assignment_create(claim=claim, reviewer=reviewer2, editor=editor)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:factcheck_assignment_changelist"),
        {"action": "delete_selected", "_selected_action": [rated.pk, open_one.pk], "post": "yes"},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert "Deleted 1 assignment." in shown, shown
    assert any(m.startswith("Not deleted: ") for m in shown), shown
    assert list(Assignment.objects.values_list("pk", flat=True)) == [rated.pk]
    assert_desk_consistent("deleting assignments")
