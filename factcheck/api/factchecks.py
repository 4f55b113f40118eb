"""Already checked, anywhere: "was this checked?" for one text, and the import of other fact-checkers'
ClaimReview.

`POST /api/v1/match` is open to anonymous clients (under the anonymous rate limit, like the published
verdicts): it answers with published verdicts and other fact-checkers' public reviews only, so it
reveals nothing a visitor could not read already. `POST /api/v1/factchecks/import` is for editors.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import MethodNotAllowed, ValidationError
from rest_framework.response import Response

from factcheck import access, services
from factcheck.api.serializers import StrictCharField, StrictIntegerField
from factcheck.api.views import ApiMixin
from factcheck.matching import claimreviews

MAX_TEXT = 10_000


class PostOnly(ApiMixin):
    """These endpoints only take POST: any other method is a 405 before credentials or query
    parameters are looked at."""

    def initial(self, request, *args, **kwargs):
        if request.method not in ("POST", "OPTIONS"):
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)


class IsEditor(permissions.BasePermission):
    message = "Only editors can import fact-checks."

    def has_permission(self, request, view):
        return access.is_editor(request.user)


class StrictFloatField(serializers.FloatField):
    default_error_messages = {"invalid": "Not a number."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        return super().to_internal_value(data)


class MatchRequestSerializer(serializers.Serializer):
    text = StrictCharField(max_length=MAX_TEXT, help_text="The claim, post or sentence to look up.")
    top = StrictIntegerField(
        required=False, default=5, min_value=1, max_value=20, help_text="How many matches (1-20)."
    )
    min_score = StrictFloatField(
        required=False,
        default=0.0,
        min_value=0.0,
        max_value=1.0,
        help_text="Leave out matches scoring less (the score reads as a probability).",
    )
    language = StrictCharField(
        required=False,
        default="",
        allow_blank=True,
        max_length=16,
        help_text=(
            'The text\'s language code ("es", "pt-BR"); words are stemmed in it. Fact-checks in '
            "other languages are still found by the names and numbers they share."
        ),
    )


class MatchSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="The desk's public verdict page, or the outside review.")
    score = serializers.FloatField(help_text="How likely this fact-check checks the text, 0-1.")
    claim_reviewed = serializers.CharField()
    rating = serializers.CharField()
    publisher = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    kind = serializers.ChoiceField(choices=["verdict", "outside"])


@extend_schema(
    summary="Was this checked?",
    description=(
        "The fact-checks that most likely check `text`, best first: the desk's published verdicts and "
        "other fact-checkers' reviews it imported, matched by words and by meaning (BM25, sentence "
        "embeddings, a trained re-ranker). Open to anonymous clients under the anonymous rate limit; "
        "only public fact-checks are ever returned."
    ),
    request=MatchRequestSerializer,
    responses={200: inline_serializer("MatchResult", {"matches": MatchSerializer(many=True)})},
    tags=["fact-checks"],
)
class MatchView(PostOnly, generics.GenericAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = MatchRequestSerializer
    pagination_class = None

    def post(self, request):
        payload = MatchRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        if not data["text"].strip():
            raise ValidationError({"text": ["The text is empty."]})
        from factcheck.matching import store  # NumPy: loaded where used, not at start-up

        [matches] = store.lookup(
            [data["text"]], k=data["top"], threshold=data["min_score"], language=data["language"]
        )
        return Response({"matches": [m.as_json() for m in matches]})


@extend_schema(
    summary="Import other fact-checkers' ClaimReview",
    description=(
        "Editors only. The body is schema.org ClaimReview in any of the shapes publishers use: one "
        "object, a list, a `DataFeed` (`dataFeedElement` of ClaimReview or of `DataFeedItem`s whose "
        "`item` holds one or a list), or a Google Fact Check Tools API answer (`claims[].claimReview[]`). "
        "Idempotent by review URL: a review imported again is updated. Malformed items are skipped "
        "and listed with their position in `problems`; the rest imports. When nothing could be "
        "imported the answer is a 400 naming each problem."
    ),
    parameters=[
        OpenApiParameter(
            "publisher", OpenApiTypes.STR, description="Publisher of the reviews that name none."
        )
    ],
    request={"application/json": OpenApiTypes.OBJECT},
    responses={
        200: inline_serializer(
            "FactCheckImport",
            {
                "created": serializers.IntegerField(),
                "updated": serializers.IntegerField(),
                "skipped": serializers.IntegerField(),
                "problems": inline_serializer(
                    "ImportProblem",
                    {"position": serializers.CharField(), "message": serializers.CharField()},
                    many=True,
                ),
            },
        ),
        400: OpenApiResponse(description="Nothing could be imported."),
    },
    tags=["fact-checks"],
)
class FactCheckImportView(PostOnly, generics.GenericAPIView):
    permission_classes = [IsEditor]
    pagination_class = None
    extra_query_params = ("publisher",)

    def post(self, request):
        publisher = request.query_params.get("publisher", "")
        items = list(claimreviews.read(request.data))
        report = services.factchecks_import(
            items=items, source="api", publisher=publisher, user=request.user
        )
        if not report.imported:
            fields = {}
            for p in report.problems:
                fields.setdefault(p.position, []).append(p.message)
            raise ValidationError(fields or {"non_field_errors": ["No ClaimReview was found."]})
        return Response(report.as_json())
