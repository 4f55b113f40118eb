"""The admin an admin can run the desk from. Writes that the desk's pages also make go through services."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone
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


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "homepage", "state_affiliated", "article_count", "created_at"]
    list_filter = ["state_affiliated"]
    search_fields = ["name", "homepage", "notes"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_articles=Count("articles"))

    @admin.display(description="Articles", ordering="_articles")
    def article_count(self, obj):
        return obj._articles


class RatingLabelInline(admin.TabularInline):
    model = RatingLabel
    extra = 0
    fields = ["position", "name", "slug", "value", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
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


@admin.register(RatingLabel)
class RatingLabelAdmin(admin.ModelAdmin):
    list_display = ["name", "scale", "value", "position"]
    list_filter = ["scale"]
    search_fields = ["name", "description"]
    list_select_related = ["scale"]


class ClaimInline(admin.TabularInline):
    model = Claim
    extra = 0
    fields = ["start", "end", "quote", "score", "status", "claimant"]
    readonly_fields = ["start", "end", "quote", "score"]
    show_change_link = True
    can_delete = False
    ordering = ["start"]

    def has_add_permission(self, request, obj=None):
        # Claims are anchored by extraction or by an editor's selection, never typed in by offsets.
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published", "status", "claim_count", "origin", "created_at"]
    list_filter = ["status", "origin", "outlet", "language"]
    list_select_related = ["outlet"]
    search_fields = ["title", "url", "author", "outlet__name"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["outlet"]
    readonly_fields = ["text_hash", "created_by", "created_at", "updated_at"]
    inlines = [ClaimInline]
    actions = ["archive"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_claims=Count("claims"))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # Claims are anchored to the text: it never changes under them.
            fields.append("text")
        return fields

    def has_add_permission(self, request):
        # New articles go through extraction: the page, the API or `manage.py ingest`.
        return False

    @admin.display(description="Claims", ordering="_claims")
    def claim_count(self, obj):
        return obj._claims

    @admin.action(description="Archive selected articles", permissions=["change"])
    def archive(self, request, queryset):
        updated = queryset.update(status=Article.Status.ARCHIVED)
        self.message_user(request, f"Archived {updated} article(s).")


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0
    fields = ["reviewer", "label", "confidence", "rationale", "updated_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0
    fields = ["url", "title", "publisher", "stance", "added_by"]
    readonly_fields = ["added_by"]


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 0
    fields = ["author", "parent", "body", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


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


def _run_on_each(modeladmin, request, queryset, verb: str, call) -> None:
    done, failed = 0, []
    for claim in queryset:
        try:
            call(claim)
            done += 1
        except (ValidationError, PermissionDenied) as exc:
            failed.append(f"claim {claim.pk}: {'; '.join(getattr(exc, 'messages', [str(exc)]))}")
    if done:
        modeladmin.message_user(request, f"{verb} {done} claim(s).", messages.SUCCESS)
    if failed:
        modeladmin.message_user(request, "Not changed: " + " · ".join(failed), messages.WARNING)


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
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
        "version",
        ("created_by", "created_at", "updated_at"),
    ]
    inlines = [RatingInline, SourceInline, CommentInline]
    actions = ["select_for_checking", "dismiss", "assign"]

    def has_add_permission(self, request):
        return False

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
class RatingAdmin(SimpleHistoryAdmin):
    list_display = ["claim", "reviewer", "label", "confidence", "updated_at"]
    list_filter = ["label__scale", "label", "confidence", "reviewer"]
    list_select_related = ["claim", "reviewer", "label"]
    search_fields = ["rationale", "claim__wording", "reviewer__username"]
    date_hierarchy = "updated_at"
    raw_id_fields = ["claim"]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "claim", "publisher", "stance", "added_by", "created_at"]
    list_filter = ["stance"]
    list_select_related = ["claim", "added_by"]
    search_fields = ["url", "title", "publisher", "passage"]
    date_hierarchy = "created_at"
    raw_id_fields = ["claim"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
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
class VerdictAdmin(SimpleHistoryAdmin):
    list_display = ["claim", "revision", "is_current", "label", "summary", "editor", "published_at"]
    list_filter = ["is_current", "label__scale", "label"]
    list_select_related = ["claim", "label", "editor"]
    search_fields = ["summary", "explanation", "claim__wording"]
    date_hierarchy = "published_at"
    raw_id_fields = ["claim"]
    filter_horizontal = ["sources"]

    def get_readonly_fields(self, request, obj=None):
        # A published revision is the public record: corrections add a revision, never edit one.
        if obj is not None:
            return [f.name for f in self.model._meta.fields] + ["sources"]
        return []

    def has_add_permission(self, request):
        # Verdicts are published from the claim page, where quorum and sources are checked.
        return False


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["claim", "reviewer", "assigned_by", "created_at"]
    list_filter = ["reviewer"]
    list_select_related = ["claim", "reviewer", "assigned_by"]
    search_fields = ["claim__wording", "reviewer__username"]
    date_hierarchy = "created_at"
    raw_id_fields = ["claim"]


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

    @admin.action(description="Revoke selected tokens", permissions=["delete"])
    def revoke(self, request, queryset):
        revoked = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"Revoked {revoked} token(s).")


class ComputedAdmin(admin.ModelAdmin):
    """Rows the desk computes (consensus): shown for inspection, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ClaimMatch)
class ClaimMatchAdmin(admin.ModelAdmin):
    list_display = ["claim", "match", "score", "method", "status", "decided_by", "created_at"]
    list_filter = ["status", "method"]
    list_select_related = ["claim", "match", "decided_by"]
    search_fields = ["claim__wording", "match__wording"]
    date_hierarchy = "created_at"
    raw_id_fields = ["claim", "match"]
    readonly_fields = ["score", "method", "decided_by", "decided_at", "created_at"]

    def has_add_permission(self, request):
        # Matches are suggested by factcheck.matching and decided on the claim page.
        return False


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

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="review")
    def review_link(self, obj):
        from django.utils.html import format_html

        return format_html('<a href="{}" rel="noopener noreferrer">open</a>', obj.review_url)
