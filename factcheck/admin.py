"""The admin an admin can run the desk from.

Every write here goes through the same service as the desk's pages and the API (`save_model`,
`delete_model`, `delete_queryset`, `save_formset` and the actions call them), or the field is
read-only: the desk's stored counters and flags (`Claim.ratings_count`, `needs_discussion`,
`is_assigned`, assignment completion, versions, history) can only follow their rows if nothing
writes around the services. tests/test_admin_walk.py walks every form and action to hold this.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import render
from simple_history.admin import SimpleHistoryAdmin

from factcheck import services
from factcheck.api.models import ApiToken
from factcheck.models import (
    Article,
    Assignment,
    Claim,
    ClaimConsensus,
    ClaimMatch,
    Comment,
    DeskSnapshot,
    Outlet,
    OutsideFactCheck,
    Rating,
    RatingLabel,
    RatingScale,
    ReviewerReliability,
    Source,
    Verdict,
)

User = get_user_model()


def _messages_of(exc: Exception) -> str:
    return "; ".join(getattr(exc, "messages", None) or [str(exc)])


class ServiceAdmin(admin.ModelAdmin):
    """Saves and deletes through services. Subclasses implement `save_through_service` and
    `delete_through_service`; a refusal the form could not foresee (someone else changed the row
    in between) is shown on the form's page instead of a success message, and nothing is saved."""

    def save_through_service(self, request, obj, form, change):
        raise NotImplementedError

    def delete_through_service(self, request, obj):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        try:
            saved = self.save_through_service(request, obj, form, change)
        except (ValidationError, PermissionDenied, services.ConflictError) as exc:
            request._service_refusal = _messages_of(exc)
            return
        if saved is not None and saved is not obj:
            obj.pk = saved.pk

    def _refused(self, request):
        refusal = getattr(request, "_service_refusal", None)
        if refusal is None:
            return None
        self.message_user(request, f"Not saved: {refusal}", messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())

    def log_addition(self, request, obj, message):
        if getattr(request, "_service_refusal", None) is None:
            return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        if getattr(request, "_service_refusal", None) is None:
            return super().log_change(request, obj, message)

    def response_add(self, request, obj, post_url_continue=None):
        return self._refused(request) or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        return self._refused(request) or super().response_change(request, obj)

    def delete_model(self, request, obj):
        self.delete_through_service(request, obj)

    def delete_queryset(self, request, queryset):
        done, failed = 0, []
        for obj in queryset:
            try:
                self.delete_through_service(request, obj)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                failed.append(f"{obj}: {_messages_of(exc)}")
        request._service_deleted = done
        if failed:
            self.message_user(request, "Not deleted: " + " · ".join(failed), messages.WARNING)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        # Django's "delete selected" counts what it was asked to delete; say what was.
        deleted = getattr(request, "_service_deleted", None)
        if deleted is not None and level == messages.SUCCESS:
            if not deleted:
                return None
            message = f"Deleted {deleted} {model_ngettext(self.opts, deleted)}."
        return super().message_user(request, message, level, *args, **kwargs)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as exc:
            self.message_user(request, f"Not deleted: {_messages_of(exc)}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows only the desk's services write: shown for inspection, never added, edited or deleted."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HistoryAdmin(SimpleHistoryAdmin):
    """History is shown, never reverted: a revert would write an old row back around the services
    (and simple-history saves a POSTed revert even when the button is hidden)."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied("Reverting to an old version is not possible here.")
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyInline:
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OutletAdminForm(forms.ModelForm):
    class Meta:
        model = Outlet
        fields = ["name", "homepage", "state_affiliated", "notes"]

    def clean_name(self):
        from factcheck import selectors  # the admin's only read through them: not at start-up

        name = " ".join(self.cleaned_data["name"].split())
        if selectors.outlet_named(name, exclude=self.instance.pk) is not None:
            raise ValidationError(f"An outlet called “{name}” already exists.")
        return name


@admin.register(Outlet)
class OutletAdmin(ServiceAdmin):
    form = OutletAdminForm
    list_display = ["name", "homepage", "state_affiliated", "article_count", "created_at"]
    list_filter = ["state_affiliated"]
    search_fields = ["name", "homepage", "notes"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_articles=Count("articles"))

    @admin.display(description="Articles", ordering="_articles")
    def article_count(self, obj):
        return obj._articles

    def save_through_service(self, request, obj, form, change):
        return services.outlet_save(outlet=obj, editor=request.user)

    def delete_through_service(self, request, obj):
        services.outlet_delete(outlet=obj, editor=request.user)


class RatingLabelInline(admin.TabularInline):
    """A scale's labels. Once claims are rated on the scale, its labels keep their slug, value and
    position (see services.scales) and none is deleted; new labels may still be added."""

    model = RatingLabel
    extra = 0
    fields = ["position", "name", "names", "slug", "value", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and services.scale_in_use(obj):
            return ["position", "slug", "value"]
        return []

    def has_delete_permission(self, request, obj=None):
        return obj is None or not services.scale_in_use(obj)

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None and services.scale_in_use(obj) else self.prepopulated_fields


class RatingScaleAdminForm(forms.ModelForm):
    class Meta:
        model = RatingScale
        fields = ["name", "slug", "kind", "description", "is_default"]

    def _get_validation_exclusions(self):
        # Making a scale the default moves the flag (services.rating_scale_save): the "one default"
        # constraint holds after the move, not before it.
        return super()._get_validation_exclusions() | {"is_default"}

    def clean_is_default(self):
        is_default = self.cleaned_data["is_default"]
        if self.instance.pk and self.instance.is_default and not is_default:
            raise ValidationError("One scale must stay the default: make another one the default.")
        return is_default


@admin.register(RatingScale)
class RatingScaleAdmin(ServiceAdmin):
    form = RatingScaleAdminForm
    list_display = ["name", "kind", "is_default", "label_count"]
    list_filter = ["kind", "is_default"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RatingLabelInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_labels=Count("labels"))

    @admin.display(description="Labels", ordering="_labels")
    def label_count(self, obj):
        return obj._labels

    def get_readonly_fields(self, request, obj=None):
        # The kind decides how verdicts are published (a number or a conclusion).
        return ["kind"] if obj is not None and services.scale_in_use(obj) else []

    def save_through_service(self, request, obj, form, change):
        return services.rating_scale_save(scale=obj, editor=request.user)

    def delete_through_service(self, request, obj):
        services.rating_scale_delete(scale=obj, editor=request.user)

    def save_formset(self, request, form, formset, change):
        if getattr(request, "_service_refusal", None) is not None:
            return
        try:
            with transaction.atomic():
                for label in formset.save(commit=False):
                    services.rating_label_save(label=label, editor=request.user)
                for label in formset.deleted_objects:
                    services.rating_label_delete(label=label, editor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            request._service_refusal = _messages_of(exc)


@admin.register(RatingLabel)
class RatingLabelAdmin(ServiceAdmin):
    list_display = ["name", "scale", "value", "position"]
    list_filter = ["scale"]
    search_fields = ["name", "description"]
    list_select_related = ["scale"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and services.label_in_use(obj):
            return ["scale", "value"]
        return []

    def has_delete_permission(self, request, obj=None):
        return obj is None or not services.label_in_use(obj)

    def save_through_service(self, request, obj, form, change):
        return services.rating_label_save(label=obj, editor=request.user)

    def delete_through_service(self, request, obj):
        services.rating_label_delete(label=obj, editor=request.user)


class ClaimInline(ReadOnlyInline, admin.TabularInline):
    # Claims are anchored by extraction or by an editor's selection, never typed in by offsets;
    # they change on their own page (and through the claim services).
    model = Claim
    extra = 0
    fields = ["start", "end", "quote", "score", "status", "claimant"]
    readonly_fields = fields
    show_change_link = True
    ordering = ["start"]


@admin.register(Article)
class ArticleAdmin(ServiceAdmin):
    list_display = ["title", "outlet", "published", "status", "claim_count", "origin", "created_at"]
    list_filter = ["status", "origin", "outlet", "language"]
    list_select_related = ["outlet"]
    search_fields = ["title", "url", "author", "outlet__name"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["outlet"]
    # Only the metadata an editor may correct (services.ARTICLE_EDIT_FIELDS) is editable: claims
    # are anchored to the text and scored in its language; the status is derived from the claims.
    readonly_fields = [
        "text",
        "language",
        "origin",
        "status",
        "text_hash",
        "created_by",
        "created_at",
        "updated_at",
    ]
    inlines = [ClaimInline]
    actions = ["archive", "unarchive"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_claims=Count("claims"))

    def has_add_permission(self, request):
        # New articles go through extraction: the page, the API or `manage.py ingest`.
        return False

    def has_delete_permission(self, request, obj=None):
        # The desk's work on its claims (ratings, verdicts) is kept: archive instead.
        return False

    def save_through_service(self, request, obj, form, change):
        return services.article_update(
            article=obj,
            editor=request.user,
            **{name: form.cleaned_data[name] for name in form.changed_data},
        )

    @admin.display(description="Claims", ordering="_claims")
    def claim_count(self, obj):
        return obj._claims

    @admin.action(description="Archive selected articles", permissions=["change"])
    def archive(self, request, queryset):
        _run_on_each(
            self,
            request,
            queryset,
            "Archived",
            lambda article: services.article_archive(article=article, editor=request.user),
            noun="article",
        )

    @admin.action(description="Put selected articles back on the desk", permissions=["change"])
    def unarchive(self, request, queryset):
        _run_on_each(
            self,
            request,
            queryset,
            "Put back",
            lambda article: services.article_unarchive(article=article, editor=request.user),
            noun="article",
        )


# Ratings, sources and comments are written on the claim page (and through the API) by the people
# who made them, through the review services: here they are shown, never edited.
class RatingInline(ReadOnlyInline, admin.TabularInline):
    model = Rating
    extra = 0
    fields = ["reviewer", "label", "confidence", "rationale", "updated_at"]
    readonly_fields = fields


class SourceInline(ReadOnlyInline, admin.TabularInline):
    model = Source
    extra = 0
    fields = ["url", "title", "publisher", "stance", "added_by"]
    readonly_fields = fields


class CommentInline(ReadOnlyInline, admin.TabularInline):
    model = Comment
    extra = 0
    fields = ["author", "parent", "body", "created_at"]
    readonly_fields = fields


class ClaimAdminForm(forms.ModelForm):
    """Wording and claimant, changed through services.claim_reword (version bump, status check,
    history). `expected_version` is the version the form was opened on: a change made meanwhile
    by someone else is refused instead of overwritten."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Claim
        fields = ["wording", "claimant"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if {"wording", "claimant"} & set(self.changed_data) and not self.instance.is_open:
            raise ValidationError(
                f"A claim that is {self.instance.get_status_display().lower()} cannot be reworded."
            )
        expected = cleaned.get("expected_version")
        if expected is not None and expected != self.instance.version:
            raise ValidationError(
                "This claim was changed by someone else while you were editing it. "
                "Review the current version and try again."
            )
        return cleaned


class DismissForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="Why are they dismissed?"
    )


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        queryset=User.objects.filter(
            is_active=True, groups__name__in=["Reviewer", "Editor"]
        ).distinct()
    )


def _run_on_each(modeladmin, request, queryset, verb: str, call, *, noun: str = "claim") -> None:
    """An action through a service, object by object: each refusal is reported, none stops the
    others."""
    done, failed = 0, []
    for obj in queryset:
        try:
            call(obj)
            done += 1
        except (ValidationError, PermissionDenied, services.ConflictError) as exc:
            failed.append(f"{noun} {obj.pk}: {_messages_of(exc)}")
    if done:
        modeladmin.message_user(request, f"{verb} {done} {noun}(s).", messages.SUCCESS)
    if failed:
        modeladmin.message_user(request, "Not changed: " + " · ".join(failed), messages.WARNING)


@admin.register(Claim)
class ClaimAdmin(ServiceAdmin, HistoryAdmin):
    list_display = [
        "short_wording",
        "article",
        "start",
        "end",
        "score",
        "status",
        "claimant",
        "updated_at",
    ]
    list_filter = ["status", "rating_scale", "article__outlet"]
    list_select_related = ["article", "rating_scale"]
    search_fields = ["wording", "quote", "claimant", "article__title"]
    date_hierarchy = "created_at"
    ordering = ["-score"]
    form = ClaimAdminForm
    # Status and dismissal change through the actions; the scale is fixed once a claim exists
    # (its ratings are on it).
    readonly_fields = [
        "article",
        "start",
        "end",
        "quote",
        "prefix",
        "suffix",
        "score",
        "features",
        "score_version",
        "status",
        "dismissed_reason",
        "rating_scale",
        "ratings_count",
        "needs_discussion",
        "is_assigned",
        "version",
        "created_by",
        "created_at",
        "updated_at",
    ]
    fields = [
        "article",
        ("start", "end"),
        "quote",
        ("prefix", "suffix"),
        "wording",
        "claimant",
        ("score", "score_version"),
        "features",
        "status",
        "dismissed_reason",
        "rating_scale",
        ("ratings_count", "needs_discussion", "is_assigned"),
        "version",
        ("created_by", "created_at", "updated_at"),
        "expected_version",
    ]
    inlines = [RatingInline, SourceInline, CommentInline]
    actions = ["select_for_checking", "dismiss", "assign"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # A claim is dismissed, split or merged, never deleted: its history is the desk's record.
        return False

    def save_through_service(self, request, obj, form, change):
        if not {"wording", "claimant"} & set(form.changed_data):
            return obj
        return services.claim_reword(
            claim=obj,
            editor=request.user,
            wording=form.cleaned_data["wording"],
            claimant=form.cleaned_data["claimant"],
            expected_version=form.cleaned_data.get("expected_version"),
        )

    @admin.display(description="Wording")
    def short_wording(self, obj):
        return obj.wording[:90] + ("…" if len(obj.wording) > 90 else "")

    @admin.action(description="Select for checking", permissions=["change"])
    def select_for_checking(self, request, queryset):
        _run_on_each(
            self,
            request,
            queryset,
            "Selected",
            lambda claim: services.claim_select(claim=claim, editor=request.user),
        )

    @admin.action(description="Dismiss selected claims…", permissions=["change"])
    def dismiss(self, request, queryset):
        form = DismissForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            _run_on_each(
                self,
                request,
                queryset,
                "Dismissed",
                lambda claim: services.claim_dismiss(
                    claim=claim, editor=request.user, reason=reason
                ),
            )
            return None
        return render(
            request,
            "admin/factcheck/claim_action.html",
            {
                **self.admin_site.each_context(request),
                "title": "Dismiss claims",
                "form": form,
                "claims": queryset,
                "action": "dismiss",
                "opts": self.model._meta,
            },
        )

    @admin.action(description="Assign a reviewer to selected claims…", permissions=["change"])
    def assign(self, request, queryset):
        form = AssignForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            reviewer = form.cleaned_data["reviewer"]
            _run_on_each(
                self,
                request,
                queryset,
                f"Assigned {reviewer} to",
                lambda claim: services.assignment_create(
                    claim=claim, reviewer=reviewer, editor=request.user
                ),
            )
            return None
        return render(
            request,
            "admin/factcheck/claim_action.html",
            {
                **self.admin_site.each_context(request),
                "title": "Assign a reviewer",
                "form": form,
                "claims": queryset,
                "action": "assign",
                "opts": self.model._meta,
            },
        )


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin, HistoryAdmin):
    """Ratings are a reviewer's own, made on the claim page: the claim's counters, the consensus and
    the reviewer's assignment follow them (services.rating_submit)."""

    list_display = ["claim", "reviewer", "label", "confidence", "updated_at"]
    list_filter = ["label__scale", "label", "confidence", "reviewer"]
    list_select_related = ["claim", "reviewer", "label"]
    search_fields = ["rationale", "claim__wording", "reviewer__username"]
    date_hierarchy = "updated_at"
    raw_id_fields = ["claim"]


@admin.register(Source)
class SourceAdmin(ReadOnlyAdmin, HistoryAdmin):
    list_display = ["__str__", "claim", "publisher", "stance", "added_by", "created_at"]
    list_filter = ["stance"]
    list_select_related = ["claim", "added_by"]
    search_fields = ["url", "title", "publisher", "passage"]
    date_hierarchy = "created_at"
    raw_id_fields = ["claim"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["claim", "author", "short_body", "parent", "created_at"]
    list_filter = ["author"]
    list_select_related = ["claim", "author"]
    search_fields = ["body", "author__username"]
    date_hierarchy = "created_at"
    raw_id_fields = ["claim", "parent"]

    @admin.display(description="Comment")
    def short_body(self, obj):
        return obj.body[:80]


@admin.register(Verdict)
class VerdictAdmin(ReadOnlyAdmin, HistoryAdmin):
    """A published revision is the public record: corrections add a revision on the claim page,
    never edit one; verdicts are published there, where quorum and sources are checked."""

    list_display = ["claim", "revision", "is_current", "label", "summary", "editor", "published_at"]
    list_filter = ["is_current", "label__scale", "label"]
    list_select_related = ["claim", "label", "editor"]
    search_fields = ["summary", "explanation", "claim__wording"]
    date_hierarchy = "published_at"
    raw_id_fields = ["claim"]
    filter_horizontal = ["sources"]


@admin.register(Assignment)
class AssignmentAdmin(ServiceAdmin):
    """Assign from the claims' "Assign a reviewer" action (or the desk); an assignment removed
    here goes through services.assignment_remove, so the claim's `is_assigned` follows."""

    list_display = ["claim", "reviewer", "assigned_by", "created_at", "completed_at"]
    list_filter = ["reviewer"]
    list_select_related = ["claim", "reviewer", "assigned_by"]
    search_fields = ["claim__wording", "reviewer__username"]
    date_hierarchy = "created_at"
    raw_id_fields = ["claim"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_through_service(self, request, obj):
        services.assignment_remove(claim=obj.claim, reviewer=obj.reviewer, editor=request.user)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their owners (/api/v1/tokens/); here they are seen and revoked."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    exclude = ["key_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Revoked, never deleted: the list keeps who had access, and when.
        return False

    @admin.action(description="Revoke selected tokens")
    def revoke(self, request, queryset):
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            services.token_revoke(user=request.user, token=token)
            revoked += 1
        self.message_user(request, f"Revoked {revoked} token(s).")


class ComputedAdmin(ReadOnlyAdmin):
    """Rows the desk computes (consensus, imports): shown for inspection, never edited by hand."""


@admin.register(ClaimMatch)
class ClaimMatchAdmin(ReadOnlyAdmin):
    """Matches are suggested by factcheck.matching and decided through the triage services (here by
    the actions, as on the claim page)."""

    list_display = ["claim", "match", "score", "method", "status", "decided_by", "created_at"]
    list_filter = ["status", "method"]
    list_select_related = ["claim", "match", "decided_by"]
    search_fields = ["claim__wording", "match__wording"]
    date_hierarchy = "created_at"
    raw_id_fields = ["claim", "match"]
    actions = ["confirm", "reject"]

    @admin.action(description="Confirm: the same claim (reuse the earlier verdict)")
    def confirm(self, request, queryset):
        _run_on_each(
            self,
            request,
            queryset,
            "Confirmed",
            lambda match: services.claim_match_confirm(match=match, editor=request.user),
            noun="match",
        )

    @admin.action(description="Reject: not the same claim")
    def reject(self, request, queryset):
        _run_on_each(
            self,
            request,
            queryset,
            "Rejected",
            lambda match: services.claim_match_reject(match=match, editor=request.user),
            noun="match",
        )


@admin.register(ClaimConsensus)
class ClaimConsensusAdmin(ComputedAdmin):
    list_display = [
        "claim",
        "n_ratings",
        "proposed_label",
        "weighted_label",
        "needs_discussion",
        "updated_at",
    ]
    list_filter = ["needs_discussion"]
    list_select_related = ["claim", "proposed_label", "weighted_label"]
    search_fields = ["claim__wording"]
    date_hierarchy = "updated_at"


@admin.register(ReviewerReliability)
class ReviewerReliabilityAdmin(ComputedAdmin):
    list_display = ["reviewer", "n_ratings", "n_shared", "accuracy", "qualified", "updated_at"]
    list_filter = ["qualified"]
    list_select_related = ["reviewer"]
    search_fields = ["reviewer__username"]
    date_hierarchy = "updated_at"


@admin.register(DeskSnapshot)
class DeskSnapshotAdmin(ComputedAdmin):
    list_display = ["computed_at", "alpha", "n_claims", "n_ratings", "duration_ms"]
    date_hierarchy = "computed_at"


@admin.register(OutsideFactCheck)
class OutsideFactCheckAdmin(ComputedAdmin):
    """Other fact-checkers' reviews, as imported (import_claimreviews, the API, the feeds): read-only,
    since the next import of the same review would overwrite any hand edit."""

    list_display = [
        "claim_reviewed",
        "rating",
        "publisher_name",
        "date_published",
        "language",
        "review_link",
        "updated_at",
    ]
    list_filter = ["publisher_name", "language", "rating_name", "date_published"]
    search_fields = ["claim_reviewed", "headline", "review_url"]
    date_hierarchy = "date_published"
    show_full_result_count = False

    @admin.display(description="review")
    def review_link(self, obj):
        from django.utils.html import format_html

        return format_html('<a href="{}" rel="noopener noreferrer">open</a>', obj.review_url)
