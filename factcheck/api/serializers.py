"""What the API reads and writes. Read serializers only read what the selectors already loaded (no
query per row); write serializers validate the shape of a request, and the services do the rest."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from factcheck import access, selectors
from factcheck.api.models import ApiToken
from factcheck.claimreview import absolute
from factcheck.models import (
    Article,
    Claim,
    Comment,
    Outlet,
    Rating,
    RatingLabel,
    RatingScale,
    Source,
    Verdict,
)

# --- Strict input fields: a wrong JSON type is an error, never coerced -----------------------------


class StrictCharField(serializers.CharField):
    default_error_messages = {"invalid": "Not a string."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictURLField(StrictCharField, serializers.URLField):
    pass


class StrictSlugField(StrictCharField, serializers.SlugField):
    pass


class StrictIntegerField(serializers.IntegerField):
    default_error_messages = {"invalid": "Not an integer."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictChoiceField(serializers.ChoiceField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


class StrictDateField(serializers.DateField):
    def to_internal_value(self, value):
        if not isinstance(value, str):
            self.fail("invalid", format="YYYY-MM-DD")
        return super().to_internal_value(value)


def display_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


# --- Reference data -------------------------------------------------------------------------------


class OutletSerializer(serializers.ModelSerializer):
    class Meta:
        model = Outlet
        fields = ["id", "name", "homepage", "state_affiliated", "notes", "created_at"]


class OutletRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Outlet
        fields = ["id", "name"]


class RatingLabelSerializer(serializers.ModelSerializer):
    class Meta:
        model = RatingLabel
        fields = ["slug", "name", "value", "position", "description"]


class LabelRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = RatingLabel
        fields = ["slug", "name", "value"]


class RatingScaleSerializer(serializers.ModelSerializer):
    labels = RatingLabelSerializer(many=True, read_only=True)
    best_value = serializers.IntegerField(read_only=True, allow_null=True)
    worst_value = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = RatingScale
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "description",
            "is_default",
            "best_value",
            "worst_value",
            "labels",
        ]


# --- Articles and claims --------------------------------------------------------------------------


class ArticleRefSerializer(serializers.ModelSerializer):
    outlet = OutletRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Article
        fields = ["id", "title", "url", "outlet", "published"]


class SourceSerializer(serializers.ModelSerializer):
    added_by = serializers.SerializerMethodField()

    class Meta:
        model = Source
        fields = ["id", "url", "title", "publisher", "passage", "stance", "added_by", "created_at"]

    def get_added_by(self, obj) -> str:
        return obj.added_by.get_username() if obj.added_by else ""


class VerdictRefSerializer(serializers.ModelSerializer):
    label = LabelRefSerializer(read_only=True)
    url = serializers.SerializerMethodField(help_text="The public verdict page.")

    class Meta:
        model = Verdict
        fields = ["id", "revision", "label", "summary", "published_at", "url"]

    def get_url(self, obj) -> str:
        return absolute(obj.get_absolute_url())


class CandidateClaimSerializer(serializers.ModelSerializer):
    """A claim as it sits in its article's text."""

    class Meta:
        model = Claim
        fields = [
            "id",
            "start",
            "end",
            "quote",
            "prefix",
            "suffix",
            "wording",
            "claimant",
            "score",
            "status",
        ]


class ClaimSerializer(serializers.ModelSerializer):
    article = ArticleRefSerializer(read_only=True)
    rating_scale = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    verdict = serializers.SerializerMethodField(help_text="The published verdict, if any.")
    sources = serializers.SerializerMethodField(
        help_text="The sources you may see: until you have rated the claim, only your own "
        "(blind rating; editors see all)."
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "start",
            "end",
            "quote",
            "prefix",
            "suffix",
            "wording",
            "claimant",
            "score",
            "features",
            "status",
            "dismissed_reason",
            "rating_scale",
            "verdict",
            "sources",
            "version",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(SourceSerializer(many=True))
    def get_sources(self, obj):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        rated = getattr(obj, "viewer_rated", None)
        if user is not None and rated is None:
            rated = selectors.own_rating_exists(user, obj)
        sources = [
            s
            for s in obj.sources.all()
            if user is not None
            and access.can_see_contribution(user, obj, s.added_by_id, own_rating_exists=rated)
        ]
        return SourceSerializer(sources, many=True).data

    @extend_schema_field(VerdictRefSerializer(allow_null=True))
    def get_verdict(self, obj):
        current = getattr(obj, "current_verdicts", None)
        if current is None:  # not prefetched: a detail read
            current = [v for v in obj.verdicts.all() if v.is_current]
        return VerdictRefSerializer(current[0]).data if current else None


class ArticleSerializer(serializers.ModelSerializer):
    outlet = OutletRefSerializer(read_only=True, allow_null=True)
    claim_count = serializers.IntegerField(
        source="n_claims", read_only=True, help_text="Live claims (not dismissed, split or merged)."
    )
    published_claim_count = serializers.IntegerField(source="n_published", read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "outlet",
            "url",
            "author",
            "published",
            "language",
            "status",
            "origin",
            "claim_count",
            "published_claim_count",
            "created_at",
            "updated_at",
        ]


class ArticleDetailSerializer(ArticleSerializer):
    claims = CandidateClaimSerializer(many=True, read_only=True, source="claim_list")

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "text", "claims"]


class ArticleIngestedSerializer(ArticleDetailSerializer):
    created = serializers.BooleanField(
        read_only=True, help_text="False when the same text was already on the desk."
    )

    class Meta(ArticleDetailSerializer.Meta):
        fields = [*ArticleDetailSerializer.Meta.fields, "created"]


class ArticleIngestSerializer(serializers.Serializer):
    """Exactly one of `text`, `html` or `url` brings the article; the rest is metadata."""

    text = StrictCharField(
        required=False, trim_whitespace=False, help_text="The article as plain text or Markdown."
    )
    html = StrictCharField(
        required=False, trim_whitespace=False, help_text="The article's HTML page."
    )
    url = StrictURLField(
        required=False,
        max_length=2000,
        help_text="Where the article was published. Alone, the article is fetched from it.",
    )
    outlet = StrictCharField(
        required=False, max_length=200, help_text="Outlet name; created if new."
    )
    title = StrictCharField(required=False, max_length=500)
    author = StrictCharField(required=False, max_length=300)
    published = StrictDateField(required=False)
    language = StrictCharField(required=False, max_length=16)

    def validate_url(self, value):
        if not value.lower().startswith(("http://", "https://")):
            raise serializers.ValidationError("Only http:// and https:// addresses.")
        return value

    def validate(self, attrs):
        bodies = [name for name in ("text", "html") if attrs.get(name)]
        if len(bodies) > 1:
            raise serializers.ValidationError({"html": "Send either `text` or `html`, not both."})
        if not bodies and not attrs.get("url"):
            raise serializers.ValidationError(
                {"text": "Send the article as `text` or `html`, or a `url` to fetch it from."}
            )
        return attrs


# --- Verdicts -------------------------------------------------------------------------------------


class VerdictClaimSerializer(serializers.ModelSerializer):
    article = ArticleRefSerializer(read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "wording",
            "quote",
            "claimant",
            "prefix",
            "suffix",
            "start",
            "end",
            "article",
        ]


class PublicSourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["url", "title", "publisher", "stance", "passage"]


class RatingValueSerializer(serializers.Serializer):
    value = serializers.IntegerField(allow_null=True, help_text="Null off the scale.")
    best = serializers.IntegerField(allow_null=True)
    worst = serializers.IntegerField(allow_null=True)


class VerdictSerializer(serializers.ModelSerializer):
    claim = VerdictClaimSerializer(read_only=True)
    label = LabelRefSerializer(read_only=True)
    rating_scale = serializers.SerializerMethodField()
    rating = serializers.SerializerMethodField(
        help_text="The numeric rating on the claim's scale; null on a conclusion-only scale."
    )
    sources = PublicSourceSerializer(many=True, read_only=True)
    editor = serializers.SerializerMethodField()
    first_published_at = serializers.DateTimeField(
        read_only=True, help_text="When revision 1 was published."
    )
    updated_at = serializers.DateTimeField(
        source="published_at", read_only=True, help_text="When this revision was published."
    )
    url = serializers.SerializerMethodField(help_text="The public verdict page.")

    class Meta:
        model = Verdict
        fields = [
            "id",
            "url",
            "claim",
            "revision",
            "label",
            "rating_scale",
            "rating",
            "summary",
            "claim_reviewed",
            "explanation",
            "correction_note",
            "sources",
            "editor",
            "first_published_at",
            "updated_at",
        ]

    def get_rating_scale(self, obj) -> str:
        return obj.claim.rating_scale.slug

    @extend_schema_field(RatingValueSerializer(allow_null=True))
    def get_rating(self, obj):
        scale = obj.claim.rating_scale
        if scale.kind == RatingScale.Kind.CONCLUSION:
            return None
        return {"value": obj.label.value, "best": scale.best_value, "worst": scale.worst_value}

    def get_editor(self, obj) -> str:
        return display_name(obj.editor)

    def get_url(self, obj) -> str:
        return absolute(obj.get_absolute_url())


# --- Ratings, sources, comments -------------------------------------------------------------------


class RatingSerializer(serializers.ModelSerializer):
    reviewer = serializers.SerializerMethodField()
    label = LabelRefSerializer(read_only=True)

    class Meta:
        model = Rating
        fields = [
            "id",
            "reviewer",
            "label",
            "rationale",
            "confidence",
            "version",
            "created_at",
            "updated_at",
        ]

    def get_reviewer(self, obj) -> str:
        return obj.reviewer.get_username()


class RatingListSerializer(serializers.Serializer):
    hidden = serializers.BooleanField(
        help_text="True while colleagues' ratings are hidden from you (blind rating): rate first."
    )
    results = RatingSerializer(many=True)


class RatingWriteSerializer(serializers.Serializer):
    label = StrictSlugField(max_length=100, help_text="A label slug of the claim's scale.")
    rationale = StrictCharField(max_length=20000)
    confidence = StrictIntegerField(
        min_value=1,
        max_value=3,
        default=Rating.Confidence.MEDIUM,
        help_text="1 low, 2 medium, 3 high.",
    )
    expected_version = StrictIntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text="The version of your rating you revised; 409 if it changed meanwhile.",
    )


class SourceWriteSerializer(serializers.Serializer):
    url = StrictURLField(max_length=2000)
    stance = StrictChoiceField(choices=Source.Stance.choices)
    title = StrictCharField(required=False, allow_blank=True, max_length=500, default="")
    publisher = StrictCharField(required=False, allow_blank=True, max_length=300, default="")
    passage = StrictCharField(required=False, allow_blank=True, max_length=20000, default="")


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    mentions = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "parent", "author", "body", "mentions", "created_at", "edited_at"]

    def get_author(self, obj) -> str:
        return obj.author.get_username()

    def get_mentions(self, obj) -> list[str]:
        return [user.get_username() for user in obj.mentions.all()]


class CommentWriteSerializer(serializers.Serializer):
    body = StrictCharField(max_length=20000, help_text="Markdown; @username mentions.")
    parent = StrictIntegerField(required=False, allow_null=True, min_value=1, max_value=2**63 - 1)


# --- Tokens ---------------------------------------------------------------------------------------


class ApiTokenSerializer(serializers.ModelSerializer):
    name = StrictCharField(max_length=100, help_text="What the token is for, e.g. “CMS sync”.")
    prefix = serializers.CharField(read_only=True, help_text="The token's first characters.")
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "is_active", "created_at", "last_used_at", "revoked_at"]
        read_only_fields = ["created_at", "last_used_at", "revoked_at"]


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    key = serializers.CharField(
        read_only=True, help_text="The token. Shown this once: store it now."
    )

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]


# --- Web Annotation -------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.OBJECT)
class AnnotationField(serializers.JSONField):
    pass


def desk_name() -> str:
    return settings.FACTCHECK_DESK_NAME
