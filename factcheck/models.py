"""The desk's domain: outlets, articles, the claims anchored in them, and the work done on each claim.

Invariants that the database can hold are constraints here; invariants that span rows (a rating's label
belongs to its claim's scale, a correction carries a note) are checked by the services in `services/`,
which are the only writers.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Cast, Floor, Length
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

models.CharField.register_lookup(Length)
models.TextField.register_lookup(Length)

from factcheck.api.models import ApiToken  # noqa: E402, F401  (API tokens: factcheck/api/)


class Outlet(models.Model):
    """Who published an article."""

    name = models.CharField(max_length=200, unique=True)
    homepage = models.URLField(blank=True, max_length=500)
    state_affiliated = models.BooleanField(
        default=False, help_text=_("Owned or controlled by a state; shown beside its articles.")
    )
    notes = models.TextField(blank=True, help_text=_("Ownership, funding, editorial line."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def name_in(name: str, names: dict, language: str | None) -> str:
    """`names[language]` ("es-pe" reads "es"), else `name`: a scale or label shown in a language.

    Rating scales are data: a desk adds a language to its labels in the admin, no code."""
    if not isinstance(names, dict):  # not validated yet (validate_names refuses it)
        return name
    language = (language or translation.get_language() or "").lower()
    return names.get(language) or names.get(language.split("-")[0]) or name


def validate_names(value) -> None:
    """{language code: non-empty name}."""
    if not isinstance(value, dict) or not all(
        isinstance(code, str) and code and isinstance(text, str) and text.strip()
        for code, text in value.items()
    ):
        raise ValidationError(_('Give the names as {"language code": "name"}, none empty.'))


class NamedInLanguages:
    """A scale or label: `name`, and `names` by language code; shown in the active language."""

    def __str__(self) -> str:
        return self.local_name

    def name_in(self, language: str | None = None) -> str:
        """The name in `language` (default: the active one), else its own name."""
        return name_in(self.name, self.names, language)

    @property
    def local_name(self) -> str:
        return self.name_in()


class RatingScale(NamedInLanguages, models.Model):
    """An ordered set of labels the desk rates claims on.

    On an ordinal scale every label inside the scale has a numeric value (1 = worst) that ClaimReview
    publishes as `ratingValue`; a conclusion-only scale publishes the verdict's one-line summary as the
    rating's name instead of a number.
    """

    class Kind(models.TextChoices):
        ORDINAL = "ordinal", _("Ordinal rating")
        CONCLUSION = "conclusion", _("Conclusion only")

    name = models.CharField(max_length=100, unique=True)
    names = models.JSONField(
        default=dict,
        blank=True,
        validators=[validate_names],
        help_text=_('The name in other languages, by language code: {"es": "…", "fr": "…"}.'),
    )
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ORDINAL)
    description = models.TextField(blank=True)
    is_default = models.BooleanField(
        default=False, help_text=_("New claims are rated on the default scale.")
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_scale"
            ),
        ]

    @classmethod
    def default(cls) -> RatingScale:
        return cls.objects.get(is_default=True)

    @property
    def best_value(self) -> int | None:
        values = [label.value for label in self.labels.all() if label.value is not None]
        return max(values) if values else None

    @property
    def worst_value(self) -> int | None:
        values = [label.value for label in self.labels.all() if label.value is not None]
        return min(values) if values else None


class RatingLabel(NamedInLanguages, models.Model):
    """One label of a rating scale. `value` is None for labels outside the scale (e.g. Unverifiable)."""

    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="labels")
    name = models.CharField(max_length=100)
    names = models.JSONField(
        default=dict,
        blank=True,
        validators=[validate_names],
        help_text=_('The name in other languages, by language code: {"es": "…", "fr": "…"}.'),
    )
    slug = models.SlugField(max_length=100)
    value = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("1 is the worst; empty for labels outside the scale.")
    )
    position = models.PositiveSmallIntegerField(help_text=_("Display order, best first."))
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["scale", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "slug"], name="unique_label_slug_per_scale"),
            models.UniqueConstraint(
                fields=["scale", "position"], name="unique_label_position_per_scale"
            ),
            models.UniqueConstraint(
                fields=["scale", "value"],
                condition=Q(value__isnull=False),
                name="unique_label_value_per_scale",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1), name="label_value_positive"
            ),
        ]

    @property
    def on_scale(self) -> bool:
        return self.value is not None


class Article(models.Model):
    """A news article. Its `text` is what claims are anchored to, so it is never edited once claims exist."""

    class Status(models.TextChoices):
        TRIAGE = "triage", _("Triage")
        CHECKING = "checking", _("Checking")
        DONE = "done", _("Done")
        ARCHIVED = "archived", _("Archived")

    class Origin(models.TextChoices):
        PASTE = "paste", _("Pasted text")
        UPLOAD = "upload", _("Uploaded file")
        URL = "url", _("Fetched from URL")
        API = "api", _("API")
        COMMAND = "command", _("Command line")
        DEMO = "demo", _("Demo content")

    title = models.CharField(max_length=500)
    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, null=True, blank=True, related_name="articles"
    )
    url = models.URLField(max_length=2000, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=16, default="en")
    text = models.TextField(help_text=_("The normalised body text that claims are anchored to."))
    text_hash = models.CharField(
        max_length=64,
        unique=True,
        editable=False,
        help_text=_("SHA-256 of the text: one article per text."),
    )
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.PASTE)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.TRIAGE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # Article list, newest first, page after page (keyset on created_at, id).
            models.Index(fields=["-created_at", "-id"], name="article_created"),
            # Article list filtered by status, newest first.
            models.Index(fields=["status", "-created_at", "-id"], name="article_status_created"),
            # Article list filtered by outlet, newest first.
            models.Index(fields=["outlet", "-created_at", "-id"], name="article_outlet_created"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(text__length__gt=0), name="article_text_not_empty"),
            models.CheckConstraint(
                condition=Q(title__length__gt=0), name="article_title_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("factcheck:article", args=[self.pk])


class Claim(models.Model):
    """One checkable statement, anchored to `article.text[start:end] == quote`.

    `prefix` and `suffix` are the W3C TextQuoteSelector context, so an anchor can be re-found even by a
    consumer that only has the quote. `wording` is what is actually checked and may be rephrased.
    """

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate")
        SELECTED = "selected", _("Selected for checking")
        PUBLISHED = "published", _("Verdict published")
        DISMISSED = "dismissed", _("Dismissed")
        SPLIT = "split", _("Split")
        MERGED = "merged", _("Merged")

    # Claims in these states have been replaced or set aside; all others are live work.
    RETIRED = (Status.DISMISSED, Status.SPLIT, Status.MERGED)
    # Claims still being worked on: in triage or being checked.
    OPEN = (Status.CANDIDATE, Status.SELECTED)
    # An editor moves a claim up or down the triage queue within these bounds (see `priority`).
    PRIORITY_MIN, PRIORITY_MAX = -3, 3

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    wording = models.TextField(
        help_text=_("What is checked; starts as the quote, may be reworded.")
    )
    language = models.CharField(
        max_length=16,
        blank=True,
        editable=False,
        help_text=_("The article's language, kept in step by the services: search stems in it."),
    )
    claimant = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("Who made the claim: the outlet, or a person quoted."),
    )
    score = models.FloatField(default=0.0, help_text=_("Check-worthiness in [0, 1]."))
    features = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("What produced the score: feature name -> contribution."),
    )
    score_version = models.CharField(max_length=40, blank=True)
    priority = models.SmallIntegerField(
        default=0,
        help_text=_("An editor's re-rank in the triage queue, from -3 (later) to +3 (sooner)."),
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CANDIDATE)
    dismissed_reason = models.TextField(blank=True)
    rating_scale = models.ForeignKey(RatingScale, on_delete=models.PROTECT, related_name="claims")
    # Denormalised for the queues, which must cost the same on a desk of a thousand claims or a
    # million: kept in step by the services in the same transaction as the change they follow.
    ratings_count = models.PositiveIntegerField(default=0, editable=False)
    needs_discussion = models.BooleanField(
        default=False,
        editable=False,
        help_text=_("No majority, or ratings two or more steps apart."),
    )
    is_assigned = models.BooleanField(default=False, editable=False)
    article_created_at = models.DateTimeField(
        editable=False, help_text=_("When the claim's article arrived (queue recency).")
    )
    queue_band = models.GeneratedField(
        expression=Cast(Floor(F("score") * 10), models.IntegerField()),
        output_field=models.IntegerField(),
        db_persist=True,
    )
    derived_from = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="derived_claims",
        help_text=_("The claims this one was split or merged from."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, help_text=_("Bumped on every edit."))

    # The queue columns follow other rows (ratings, assignments) and are not edits of the claim.
    history = HistoricalRecords(
        excluded_fields=[
            "ratings_count",
            "needs_discussion",
            "is_assigned",
            "article_created_at",
            "queue_band",
        ]
    )

    class Meta:
        ordering = ["article_id", "start", "id"]
        indexes = [
            # Filters by status elsewhere (API, admin), most check-worthy first.
            models.Index(fields=["status", "-score"], name="claim_status_score"),
            # Article workspace: the claims of one article in text order.
            models.Index(fields=["article", "start"], name="claim_article_start"),
            # API claim list, newest change first (its default order, and `updated_since` syncs).
            models.Index(fields=["-updated_at", "-id"], name="claim_updated"),
            # API claim list ordered by score, and claim search past the rank limit.
            models.Index(fields=["-score", "id"], name="claim_score"),
            # Editor queue "Candidates to triage", read in exactly this order (selectors.
            # editor_candidates), so a page is an index range scan whatever the desk's size.
            models.Index(
                F("priority").desc(),
                "is_assigned",
                F("queue_band").desc(),
                F("article_created_at").desc(),
                F("score").desc(),
                "id",
                condition=Q(status="candidate"),
                name="claim_candidate_queue",
            ),
            # Its count (capped, on My work): the candidates' articles, index-only, for the
            # archived-article test; the queue index does not hold the article.
            models.Index(
                fields=["article"],
                condition=Q(status="candidate"),
                name="claim_candidate_articles",
            ),
            # The reviewers' workload (selectors.assignable_reviewers: open assignments of open
            # claims, on the panel, the workspace and My work): each open assignment's claim looked
            # up here, index-only, instead of in the table.
            models.Index(
                fields=["id"],
                condition=Q(status__in=["candidate", "selected"]),
                name="claim_open_ids",
            ),
            # Editor queue "Reached quorum" and reviewer queue "Still need ratings": selected
            # claims, most check-worthy first.
            models.Index(
                F("score").desc(), "id", condition=Q(status="selected"), name="claim_selected_queue"
            ),
            # Their counts ("Still need ratings: 1,000+"): the selected claims' ids with their
            # ratings count, read without touching the table (an index-only scan).
            models.Index(
                fields=["id", "ratings_count"],
                condition=Q(status="selected"),
                name="claim_selected_ids",
            ),
            # Editor queue "Needs discussion".
            models.Index(
                F("score").desc(),
                "id",
                condition=Q(status="selected", needs_discussion=True),
                name="claim_discussion_queue",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="claim_start_before_end"),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1), name="claim_score_in_unit_range"
            ),
            models.CheckConstraint(
                condition=Q(quote__length=F("end") - F("start")), name="claim_quote_matches_span"
            ),
            models.CheckConstraint(
                condition=Q(wording__length__gt=0), name="claim_wording_not_empty"
            ),
            models.CheckConstraint(
                condition=~Q(status="dismissed") | Q(dismissed_reason__length__gt=0),
                name="claim_dismissal_has_reason",
            ),
            models.UniqueConstraint(
                fields=["article", "start", "end"],
                condition=~Q(status__in=["dismissed", "split", "merged"]),
                name="one_live_claim_per_span",
            ),
            models.CheckConstraint(
                condition=Q(priority__gte=-3) & Q(priority__lte=3), name="claim_priority_range"
            ),
        ]

    def __str__(self) -> str:
        return self.wording[:80]

    def save(self, *args, **kwargs):
        if self.article_created_at is None and self.article_id:
            self.article_created_at = self.article.created_at
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("factcheck:claim", args=[self.pk])

    @property
    def is_retired(self) -> bool:
        return self.status in self.RETIRED

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class Assignment(models.Model):
    """An editor asked a reviewer to rate a claim. Done (`completed_at`) once the reviewer rated it:
    at once if they had rated it before they were assigned. Written only by
    `services.assignments`."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the reviewer submitted their rating.")
    )

    # Assigning and unassigning are part of the claim's record (selectors.claim_history).
    history = HistoricalRecords(excluded_fields=["completed_at"])

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # Reviewer queue "Assigned to me, not yet rated": a reviewer's open assignments only,
            # however many they have completed over the years.
            models.Index(
                fields=["reviewer", "claim"],
                condition=Q(completed_at__isnull=True),
                name="assignment_open",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "reviewer"], name="one_assignment_per_reviewer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → claim {self.claim_id}"


class Rating(models.Model):
    """One reviewer's independent judgement of one claim; revisable, with history."""

    class Confidence(models.IntegerChoices):
        LOW = 1, _("Low")
        MEDIUM = 2, _("Medium")
        HIGH = 3, _("High")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="ratings")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ratings"
    )
    label = models.ForeignKey(RatingLabel, on_delete=models.PROTECT, related_name="ratings")
    rationale = models.TextField()
    confidence = models.PositiveSmallIntegerField(
        choices=Confidence.choices, default=Confidence.MEDIUM
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "reviewer"], name="one_rating_per_reviewer"),
            models.CheckConstraint(
                condition=Q(rationale__length__gt=0), name="rating_rationale_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=1) & Q(confidence__lte=3),
                name="rating_confidence_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer}: {self.label} on claim {self.claim_id}"


class Source(models.Model):
    """Evidence attached to a claim."""

    class Stance(models.TextChoices):
        SUPPORTS = "supports", _("Supports")
        REFUTES = "refutes", _("Refutes")
        CONTEXT = "context", _("Context")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="sources")
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    passage = models.TextField(
        blank=True, help_text=_("The quoted passage that bears on the claim.")
    )
    stance = models.CharField(max_length=20, choices=Stance.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="sources"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "url"], name="one_source_per_url_per_claim"),
            # Only web links: javascript: and data: URLs are never stored as evidence.
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="source_url_is_http",
            ),
            models.CheckConstraint(
                condition=Q(stance__in=["supports", "refutes", "context"]),
                name="source_stance_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class Comment(models.Model):
    """Discussion on a claim: Markdown, threaded by `parent`, with @mentions resolved to users."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    body = models.TextField()
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="mentioned_in"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # Claim panel: the discussion of one claim in order.
            models.Index(fields=["claim", "created_at"], name="comment_claim_created"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(body__length__gt=0), name="comment_body_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.author} on claim {self.claim_id}"


class Verdict(models.Model):
    """One published revision of the desk's conclusion on a claim.

    A correction adds a revision (with a note) and makes it current; earlier revisions stay, so the public
    record of what was published, and when, is never overwritten.
    """

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="verdicts")
    revision = models.PositiveIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    label = models.ForeignKey(RatingLabel, on_delete=models.PROTECT, related_name="verdicts")
    summary = models.CharField(
        max_length=300, help_text=_("One line: the conclusion on the claim.")
    )
    # Google asks for a claimReviewed under 75 characters; the form warns above it, never refuses.
    CLAIM_REVIEWED_ADVISED = 75

    claim_reviewed = models.CharField(
        max_length=300,
        blank=True,
        help_text=_(
            "The claim as search results show it (ClaimReview `claimReviewed`): short, "
            "under 75 characters. Empty on rows written outside the services: the claim's wording."
        ),
    )
    explanation = models.TextField(help_text=_("Markdown."))
    language = models.CharField(
        max_length=16,
        blank=True,
        editable=False,
        help_text=_(
            "The language the verdict is written in, detected from its text when published: "
            "ClaimReview's inLanguage, and what search stems it in."
        ),
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="verdicts")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts"
    )
    published_at = models.DateTimeField()
    correction_note = models.TextField(
        blank=True, help_text=_("What changed and why; required on every revision after the first.")
    )
    quorum_override_reason = models.TextField(
        blank=True, help_text=_("Why this was published with fewer ratings than the quorum.")
    )
    ratings_count = models.PositiveSmallIntegerField(
        default=0, help_text=_("Independent ratings the claim had when this was published.")
    )
    reused_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reused_by",
        help_text=_(
            "The earlier verdict on the same claim that this one reuses (claims already checked)."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        indexes = [
            # Public index, exports and API: current verdicts, newest first.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(is_current=True),
                name="verdict_current_pub",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"], condition=Q(is_current=True), name="one_current_verdict_per_claim"
            ),
            models.UniqueConstraint(fields=["claim", "revision"], name="unique_verdict_revision"),
            models.CheckConstraint(condition=Q(revision__gte=1), name="verdict_revision_positive"),
            models.CheckConstraint(
                condition=Q(revision=1) | Q(correction_note__length__gt=0),
                name="correction_has_note",
            ),
            models.CheckConstraint(
                condition=Q(summary__length__gt=0), name="verdict_summary_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} — {self.summary[:60]}"

    def get_absolute_url(self) -> str:
        return reverse(
            "factcheck:public_verdict", kwargs={"claim_id": self.claim_id, "slug": self.url_slug}
        )

    @property
    def url_slug(self) -> str:
        """The readable part of the public URL, from the summary (the claim's id is what counts)."""
        return slugify(self.summary)[:60] or "verdict"


# --- Consensus: written only by factcheck.tasks.recompute_consensus -------------------------------


class ClaimConsensus(models.Model):
    """What the claim's ratings propose, as of the last whole-desk recompute (see factcheck.consensus).

    `proposed_label` is the plain plurality proposal, `weighted_label` the one weighted by reviewer
    reliability; either is empty when the ratings propose nothing. The editor always decides.
    """

    claim = models.OneToOneField(
        Claim, on_delete=models.CASCADE, primary_key=True, related_name="consensus"
    )
    n_ratings = models.PositiveSmallIntegerField()
    proposed_label = models.ForeignKey(
        RatingLabel, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    weighted_label = models.ForeignKey(
        RatingLabel, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    needs_discussion = models.BooleanField(default=False)
    majority_share = models.FloatField(
        help_text=_("Share of the ratings that chose the top label.")
    )
    spread = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Steps between the highest and lowest on-scale rating.")
    )
    updated_at = models.DateTimeField(help_text=_("When a recompute last changed this row."))

    class Meta:
        verbose_name_plural = "claim consensus"
        indexes = [
            # API and queues: the claims that need discussion.
            models.Index(
                fields=["claim"], condition=Q(needs_discussion=True), name="consensus_discussion"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(majority_share__gte=0) & Q(majority_share__lte=1),
                name="consensus_share_in_unit_range",
            ),
        ]

    def __str__(self) -> str:
        return f"consensus of claim {self.claim_id}"


class ReviewerReliability(models.Model):
    """A reviewer's accuracy under the one-coin Dawid–Skene model, as of the last recompute.

    `n_shared` counts ratings of claims that others also rated; the accuracy weighs the reviewer's vote
    only once `qualified` (n_shared >= consensus.MIN_SHARED).
    """

    reviewer = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="reliability",
    )
    n_ratings = models.PositiveIntegerField()
    n_shared = models.PositiveIntegerField()
    accuracy = models.FloatField(null=True, blank=True)
    qualified = models.BooleanField(default=False)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "reviewer reliabilities"
        constraints = [
            models.CheckConstraint(
                condition=Q(accuracy__isnull=True) | (Q(accuracy__gte=0) & Q(accuracy__lte=1)),
                name="reliability_accuracy_in_unit_range",
            ),
            models.CheckConstraint(
                condition=Q(n_shared__lte=F("n_ratings")), name="reliability_shared_within_ratings"
            ),
        ]

    def __str__(self) -> str:
        return f"reliability of {self.reviewer}"


class DeskSnapshot(models.Model):
    """The desk's agreement figures from the last whole-desk recompute: a single row (pk 1).

    `figures` holds Krippendorff's alpha per month, outlet, scale and pair of reviewers, each as
    {"alpha": float | None, "claims": n, "ratings": n}, and how the reliability model ran.
    """

    started_at = models.DateTimeField(help_text=_("When the recompute began reading the ratings."))
    computed_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)
    alpha = models.FloatField(null=True, blank=True)
    n_claims = models.PositiveIntegerField(default=0, help_text=_("Claims that alpha rests on."))
    n_ratings = models.PositiveIntegerField(default=0, help_text=_("Ratings that alpha rests on."))
    figures = models.JSONField(default=dict)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="one_desk_snapshot")]

    def __str__(self) -> str:
        return f"desk snapshot of {self.computed_at:%Y-%m-%d %H:%M}"


# --- Triage: claims already checked ---------------------------------------------------------------


class ClaimMatch(models.Model):
    """A published claim that may say the same thing as `claim`, found by `factcheck.matching`.

    The matcher only suggests; an editor confirms (the claim then reuses the earlier verdict) or
    rejects. Rows are never deleted, so a rejected pair is remembered and never suggested again.
    """

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="matches")
    match = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="matched_by")
    score = models.FloatField(help_text=_("Similarity in [0, 1] when suggested."))
    method = models.CharField(max_length=20, help_text=_("Which matcher found it."))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUGGESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "claim matches"
        ordering = ["-score", "id"]
        constraints = [
            # Also the index of the claim panel's query (the matches of one claim).
            models.UniqueConstraint(fields=["claim", "match"], name="one_match_per_pair"),
            models.CheckConstraint(condition=~Q(claim=F("match")), name="match_not_self"),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1), name="match_score_in_unit_range"
            ),
            models.CheckConstraint(
                condition=Q(status="suggested", decided_at__isnull=True)
                | (~Q(status="suggested") & Q(decided_at__isnull=False)),
                name="match_decision_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"claim {self.claim_id} ~ claim {self.match_id} ({self.status})"


class ImportBatch(models.Model):
    """A batch of article files ingested in the background, with its progress for the person waiting."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    outlet = models.ForeignKey(Outlet, on_delete=models.SET_NULL, null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(
        default=0, help_text=_("Items processed, failed ones included.")
    )
    failed = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    progress_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the last file's outcome was recorded.")
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "import batches"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=F("total")), name="import_done_within_total"
            ),
            models.CheckConstraint(
                condition=Q(failed__lte=F("done")), name="import_failed_within_done"
            ),
        ]

    def __str__(self) -> str:
        return f"Import {self.pk}: {self.done}/{self.total}"

    def get_absolute_url(self) -> str:
        return reverse("factcheck:import_batch", args=[self.pk])

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


class ImportItem(models.Model):
    """One file of an import batch: its bytes until processed, then what became of it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        PROCESSING = "processing", _("Being ingested")
        INGESTED = "ingested", _("Ingested")
        DUPLICATE = "duplicate", _("Already on the desk")
        FAILED = "failed", _("Failed")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="items")
    filename = models.CharField(max_length=255)
    content = models.BinaryField(help_text=_("The uploaded bytes; emptied once processed."))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Which worker is ingesting the file, since when, and how many times one has started it: a
    # file whose worker died goes back to the queue, and fails after MAX_ATTEMPTS starts.
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["batch", "id"]
        indexes = [
            # The next queued file of a batch (import_batch_run), and the files being ingested
            # (the reclaim sweep): both by batch and status, in file order.
            models.Index(fields=["batch", "status", "id"], name="import_item_batch_status"),
        ]

    def __str__(self) -> str:
        return self.filename


class WorkerHeartbeat(models.Model):
    """A background worker process (`manage.py db_worker`), alive while its heartbeat is recent.

    Every worker writes its row every FACTCHECK_WORKER_HEARTBEAT_SECONDS from a thread of its own
    (so a long task does not stop it); a worker whose row is older than FACTCHECK_WORKER_LEASE_SECONDS
    is taken for dead, and the tasks and import files it held are reclaimed (factcheck.worker).
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    # Live workers are those seen since a moment: the reclaim sweep reads this range.
    heartbeat_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-heartbeat_at"]

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid} ({self.worker_id})"


class Lease(models.Model):
    """A named lock that expires: factcheck.locks uses it where the database has no advisory locks
    (SQLite), so that a holder that died frees it after `expires_at`."""

    name = models.CharField(max_length=100, primary_key=True)
    holder = models.CharField(max_length=100)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} held by {self.holder} until {self.expires_at:%H:%M:%S}"


# --- People: notifications and each person's settings ---------------------------------------------


class Notification(models.Model):
    """Something one person of the desk should know about a claim.

    Written only by `factcheck.services.notifications`, inside the transaction of the change it
    reports, so a notification exists exactly when its change was committed. Listed at
    /notifications/, counted in the header, and emailed (each one, or in a daily digest) by the
    background worker as the recipient's profile asks; `emailed_at` marks those that went out, so
    no notification is ever emailed twice.
    """

    class Kind(models.TextChoices):
        MENTIONED = "mentioned", _("Mentioned you")
        REPLIED = "replied", _("Replied to your comment")
        ASSIGNED = "assigned", _("Assigned you a claim")
        VERDICT = "verdict", _("Verdict published")
        CORRECTED = "corrected", _("Verdict corrected")
        QUORUM = "quorum", _("Reached quorum")
        DISCUSSION = "discussion", _("Needs discussion")

    # Kinds that point at one comment (the link opens the claim at that comment).
    ABOUT_COMMENT = (Kind.MENTIONED, Kind.REPLIED)

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who did what this reports."),
    )
    text = models.CharField(
        max_length=300,
        blank=True,
        help_text=_(
            "What happened, as it stood then: a comment's opening words, a verdict's label "
            "and summary, a correction's note."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When it went out by email, alone or in a digest.")
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The header of every desk page: the unread count of one user. Also where the email
            # tasks look for what has not gone out yet (unread, not emailed).
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            # /notifications/: a user's list, newest first, page after page (keyset).
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_list"),
        ]
        constraints = [
            # Nobody is notified of their own action.
            models.CheckConstraint(
                condition=Q(actor__isnull=True) | ~Q(actor=F("recipient")),
                name="notification_not_own_action",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "mentioned",
                        "replied",
                        "assigned",
                        "verdict",
                        "corrected",
                        "quorum",
                        "discussion",
                    ]
                ),
                name="notification_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["mentioned", "replied"]) | Q(comment__isnull=False),
                name="notification_comment_kinds_have_comment",
            ),
            # One notification per person per comment: editing a comment notifies only the
            # people it newly mentions, and a reply that also mentions its parent's author
            # tells them once.
            models.UniqueConstraint(
                fields=["recipient", "comment"],
                condition=Q(comment__isnull=False),
                name="one_notification_per_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient} (claim {self.claim_id})"

    def get_absolute_url(self) -> str:
        """Opening a notification marks it read and lands on its claim (views.notification_open)."""
        return reverse("factcheck:notification_open", args=[self.pk])

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def headline(self) -> str:
        """One line saying what happened, for the list and for email. Ratings reaching quorum or
        disagreeing go to editors only, and even then without naming who rated."""
        actor = self.actor
        who = (actor.get_full_name() or actor.get_username()) if actor else gettext("Someone")
        template = {
            self.Kind.MENTIONED: _("%(who)s mentioned you in a comment"),
            self.Kind.REPLIED: _("%(who)s replied to your comment"),
            self.Kind.ASSIGNED: _("%(who)s asked you to rate a claim"),
            self.Kind.VERDICT: _("%(who)s published the verdict on a claim you rated"),
            self.Kind.CORRECTED: _("%(who)s corrected the verdict on a claim you rated"),
            self.Kind.QUORUM: _("A claim reached its quorum of ratings"),
            self.Kind.DISCUSSION: _("A claim needs discussion"),
        }[self.kind]
        return str(template) % {"who": who}

    def claim_url(self) -> str:
        """The claim in its article's workspace, at the comment when there is one."""
        url = f"{reverse('factcheck:article', args=[self.claim.article_id])}?claim={self.claim_id}"
        return f"{url}#comment-{self.comment_id}" if self.comment_id else url


def validate_interface_language(value: str) -> None:
    """One of settings.LANGUAGES (or empty)."""
    if value and value not in dict(settings.LANGUAGES):
        raise ValidationError(
            _("%(value)s is not one of the desk's languages."), params={"value": value}
        )


class Profile(models.Model):
    """One person's own settings, edited on /profile/. A user without a row has the defaults."""

    class Email(models.TextChoices):
        EACH = "each", _("Email me each notification")
        DAILY = "daily", _("Email me a daily digest")
        NONE = "none", _("No email: I read them on the site")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="profile"
    )
    notification_email = models.CharField(max_length=10, choices=Email.choices, default=Email.EACH)
    # No choices here: the languages are settings.LANGUAGES, and adding one must not need a migration.
    language = models.CharField(
        max_length=10,
        blank=True,
        validators=[validate_interface_language],
        help_text=_("The desk's language for this person; empty: the browser's."),
    )
    email_since = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Set when the email choice changes: only notifications from then on are "
            "emailed, so turning email on does not send a backlog."
        ),
    )
    digest_sent_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("The last day whose digest was sent (or found nothing to send): one per day."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            # The daily digest run: the people who asked for one.
            models.Index(
                fields=["user"], condition=Q(notification_email="daily"), name="profile_daily"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(notification_email__in=["each", "daily", "none"]),
                name="profile_notification_email_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"profile of {self.user}"


class DigestRun(models.Model):
    """One day's daily-digest run. The first run of a day creates the row and schedules the next
    day's; any other run that day (a duplicate chain, a retried task) finds the row and schedules
    nothing, so however the chain was started, one run per day remains (see
    `services.notifications.digest_run`)."""

    day = models.DateField(unique=True)
    started_at = models.DateTimeField(auto_now_add=True)
    emails_sent = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"digest of {self.day}"


# --- Already checked, anywhere: other fact-checkers' verdicts -------------------------------------


class OutsideFactCheck(models.Model):
    """A fact-check another desk published (a schema.org ClaimReview), imported so that a claim they
    checked is recognised here. Written only by `services.factchecks_import`; one row per review URL,
    updated in place when the review is imported again. `raw` keeps the item exactly as it came."""

    review_url = models.URLField(max_length=2000, unique=True)
    claim_reviewed = models.TextField()
    headline = models.TextField(blank=True, help_text=_("The review's headline or title."))
    rating_name = models.CharField(
        max_length=300, blank=True, help_text=_("The rating in words (`alternateName`).")
    )
    rating_value = models.FloatField(null=True, blank=True)
    best_rating = models.FloatField(null=True, blank=True)
    worst_rating = models.FloatField(null=True, blank=True)
    publisher_name = models.CharField(max_length=300, blank=True)
    publisher_url = models.URLField(max_length=2000, blank=True)
    date_published = models.DateField(null=True, blank=True)
    claim_author = models.CharField(max_length=300, blank=True)
    claim_date = models.DateField(null=True, blank=True)
    appearance_urls = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=16, blank=True)
    source = models.CharField(
        max_length=2000, blank=True, help_text=_("The file, feed URL or API request it came from.")
    )
    raw = models.JSONField(default=dict)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date_published", "-id"]
        verbose_name = "outside fact-check"
        indexes = [
            # Admin list: newest reviews first.
            models.Index(fields=["-date_published", "-id"], name="ofc_published"),
            # Admin list filtered by publisher, newest first.
            models.Index(fields=["publisher_name", "-date_published"], name="ofc_publisher_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_url__startswith="http://")
                | Q(review_url__startswith="https://"),
                name="ofc_review_url_is_http",
            ),
            models.CheckConstraint(
                condition=Q(claim_reviewed__length__gt=0), name="ofc_claim_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publisher_name or 'Unknown'}: {self.claim_reviewed[:70]}"

    def get_absolute_url(self) -> str:
        return self.review_url

    @property
    def rating(self) -> str:
        """The rating as people read it: its name, else its value on its scale."""
        if self.rating_name:
            return self.rating_name
        if self.rating_value is not None:
            scale = f"/{self.best_rating:g}" if self.best_rating is not None else ""
            return f"{self.rating_value:g}{scale}"
        return ""


class TextEmbedding(models.Model):
    """The embedding of one text by one model (`factcheck.matching.semantic`), shared by every claim
    and outside fact-check with that exact text. Keyed by a hash of model and text, so a reworded
    claim simply gets a new key, and a new model never reads the old one's vectors."""

    key = models.CharField(max_length=64, unique=True)
    model = models.CharField(max_length=80)
    vector = models.BinaryField(help_text=_("float32, little-endian."))
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.model}:{self.key[:12]}"
