"""The API's views: one per resource and operation, each a thin layer over a selector or a service.

Reading: anonymous clients and users without a desk role see published verdicts (and their exports and
annotations) only; the desk's reviewers and editors read everything, with ratings still blind. Writing:
editors ingest articles; reviewers and editors rate, add sources and comment, through the same services
as the pages.
"""

from __future__ import annotations

import dataclasses

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, permissions, renderers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotAuthenticated, ValidationError
from rest_framework.response import Response

from factcheck import access, public_cache, search, selectors, services
from factcheck.api import exports, serializers
from factcheck.api.caching import PublicCacheMixin, PublicReadMixin, public_cached
from factcheck.api.exceptions import finalize_error_response
from factcheck.api.filters import (
    ArticleFilter,
    ClaimFilter,
    OrderingFilter,
    SearchFilter,
    VerdictFilter,
    check_query_params,
)
from factcheck.api.schema import ERROR_REF, ref
from factcheck.errors import error_body
from factcheck.models import (
    Article,
    Claim,
)

# --- Permissions ----------------------------------------------------------------------------------


class IsDeskMember(permissions.BasePermission):
    message = (
        "Only the desk's reviewers and editors can read this; other clients read published "
        "verdicts (/api/v1/verdicts/) and the exports."
    )

    def has_permission(self, request, view):
        return access.is_desk_member(request.user)


class IsEditorToWrite(permissions.BasePermission):
    message = "Only editors can add articles."

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or access.is_editor(request.user)


# --- Base -----------------------------------------------------------------------------------------


class ApiMixin:
    """Strict query parameters and JSON errors for every view of the API."""

    extra_query_params: tuple[str, ...] = ()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        check_query_params(self, request)

    def finalize_response(self, request, response, *args, **kwargs):
        finalize_error_response(self, request, response)
        return super().finalize_response(request, response, *args, **kwargs)

    def permission_denied(self, request, message=None, code=None):
        if request.authenticators and not request.successful_authenticator:
            raise NotAuthenticated(
                "This endpoint needs an API token: send `Authorization: Bearer <token>` "
                "(create one at /api/v1/tokens/ from a signed-in session)."
            )
        super().permission_denied(request, message, code)


class ListView(ApiMixin, generics.ListAPIView):
    filter_backends = [DjangoFilterBackend, SearchFilter, OrderingFilter]


class DetailView(ApiMixin, generics.RetrieveAPIView):
    pass


# --- Articles -------------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="List articles",
        description="Articles on the desk, newest first. Desk members only.",
        tags=["articles"],
    ),
    post=extend_schema(
        summary="Ingest an article",
        description=(
            "Editors only. Send the article as `text` (plain text or Markdown) or `html`, or only "
            "a `url` to fetch it from. Extraction finds title, date and body and splits the body into "
            "scored candidate claims, returned with the article. Idempotent: the same text returns "
            "the stored article with `created: false` and status 200."
        ),
        request=serializers.ArticleIngestSerializer,
        responses={
            201: serializers.ArticleIngestedSerializer,
            200: serializers.ArticleIngestedSerializer,
        },
        tags=["articles"],
    ),
)
class ArticleListView(ListView, generics.CreateAPIView):
    permission_classes = [IsDeskMember, IsEditorToWrite]
    serializer_class = serializers.ArticleSerializer
    filterset_class = ArticleFilter
    search_fields = ["title", "url", "author", "outlet__name"]
    search_function = staticmethod(search.search_articles)
    ordering_fields = {"created_at": "created_at", "updated_at": "updated_at", "id": "id"}
    ordering = "-created_at"

    def get_queryset(self):
        return selectors.article_list()

    def create(self, request, *args, **kwargs):
        payload = serializers.ArticleIngestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        # Fetching and extraction run before the service's short write transaction.
        result = services.article_add(
            created_by=request.user,
            origin=Article.Origin.API,
            text=data.get("text", ""),
            html=data.get("html", ""),
            url=data.get("url", ""),
            outlet=data.get("outlet", ""),
            title=data.get("title", ""),
            author=data.get("author", ""),
            published=data.get("published"),
            language=data.get("language", ""),
        )
        article = selectors.articles_with_claims().get(pk=result.article.pk)
        article.created = result.created
        body = serializers.ArticleIngestedSerializer(article, context={"request": request}).data
        return Response(
            body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        )


@extend_schema(
    summary="Read an article",
    description="The article with its text and its claims in text order. Desk members only.",
    tags=["articles"],
)
class ArticleDetailView(DetailView):
    permission_classes = [IsDeskMember]
    serializer_class = serializers.ArticleDetailSerializer

    def get_queryset(self):
        return selectors.articles_with_claims()


# --- Claims ---------------------------------------------------------------------------------------


@extend_schema(
    summary="List claims",
    description=(
        "Claims with their article's title and url, their published verdict and their sources. "
        "Desk members only."
    ),
    tags=["claims"],
)
class ClaimListView(ListView):
    permission_classes = [IsDeskMember]
    serializer_class = serializers.ClaimSerializer
    filterset_class = ClaimFilter
    search_fields = ["wording", "quote", "claimant"]
    search_function = staticmethod(search.search_claims)
    ordering_fields = {
        "updated_at": "updated_at",
        "created_at": "created_at",
        "score": "score",
        "id": "id",
    }
    ordering = "-updated_at"

    def get_queryset(self):
        return selectors.claims_for_viewer(self.request.user)


@extend_schema(summary="Read a claim", tags=["claims"])
class ClaimDetailView(DetailView):
    permission_classes = [IsDeskMember]
    serializer_class = serializers.ClaimSerializer

    def get_queryset(self):
        return selectors.claims_for_viewer(self.request.user)


# Blind rating: the lists of a claim's sources and comments leave out colleagues' until you have
# rated the claim, and say how many they left out in this header.
BLIND_HEADER = "X-Hidden-Until-Rated"
_BLIND_HEADER_DOC = OpenApiParameter(
    BLIND_HEADER,
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=True,
    description="How many colleagues' items were left out: blind rating hides them until you "
    "have rated the claim (editors see all).",
)


class ClaimChildView(ApiMixin, generics.GenericAPIView):
    """Base of a claim's ratings, sources and comments: the claim comes from the URL."""

    permission_classes = [IsDeskMember]
    pagination_class = None
    lookup_url_kwarg = "pk"

    def get_claim(self, queryset=None) -> Claim:
        return get_object_or_404(selectors.claims_with_scale(queryset), pk=self.kwargs["pk"])


@extend_schema_view(
    get=extend_schema(
        summary="List a claim's ratings",
        description=(
            "Blind rating: a reviewer sees colleagues' ratings only after rating the claim "
            "(`hidden` says whether some are hidden); editors see all."
        ),
        responses=serializers.RatingListSerializer,
        tags=["claims"],
    ),
    post=extend_schema(
        summary="Rate a claim (or revise your rating)",
        description=(
            "One rating per reviewer per claim: a second POST revises it (200), with "
            "`expected_version` to detect a concurrent change (409)."
        ),
        request=serializers.RatingWriteSerializer,
        responses={201: serializers.RatingSerializer, 200: serializers.RatingSerializer},
        tags=["claims"],
    ),
)
class ClaimRatingsView(ClaimChildView):
    serializer_class = serializers.RatingWriteSerializer

    def get(self, request, pk):
        claim = self.get_claim(selectors.claims_with_ratings())
        ratings, _own, hidden = selectors.visible_ratings(request.user, claim)
        return Response(
            {"hidden": hidden, "results": serializers.RatingSerializer(ratings, many=True).data}
        )

    def post(self, request, pk):
        payload = serializers.RatingWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        claim = self.get_claim()
        label = selectors.label_of(claim, data["label"])
        if label is None:
            slugs = ", ".join(selectors.label_slugs(claim))
            raise ValidationError(
                {"label": [f"Not a label of the {claim.rating_scale} scale; use one of: {slugs}."]}
            )
        existed = selectors.has_rated(request.user, claim)
        rating = services.rating_submit(
            claim=claim,
            reviewer=request.user,
            label=label,
            rationale=data["rationale"],
            confidence=data["confidence"],
            expected_version=data.get("expected_version"),
        )
        return Response(
            serializers.RatingSerializer(rating).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


@extend_schema_view(
    get=extend_schema(
        summary="List a claim's sources",
        description=(
            "Blind rating: until you have rated the claim you see only the sources you added "
            f"(`{BLIND_HEADER}` says how many others there are); editors see all."
        ),
        responses=serializers.SourceSerializer(many=True),
        parameters=[_BLIND_HEADER_DOC],
        tags=["claims"],
    ),
    post=extend_schema(
        summary="Add a source to a claim",
        description="http(s) links only; one source per URL per claim.",
        request=serializers.SourceWriteSerializer,
        responses={201: serializers.SourceSerializer},
        tags=["claims"],
    ),
)
class ClaimSourcesView(ClaimChildView):
    serializer_class = serializers.SourceWriteSerializer

    def get(self, request, pk):
        claim = self.get_claim(selectors.claims_with_sources())
        sources, hidden = selectors.visible_sources(request.user, claim)
        return Response(
            serializers.SourceSerializer(sources, many=True).data, headers={BLIND_HEADER: hidden}
        )

    def post(self, request, pk):
        payload = serializers.SourceWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        claim = self.get_claim()
        # A duplicate URL is the service's refusal, keyed by `url` as on the page.
        source = services.source_add(claim=claim, user=request.user, **payload.validated_data)
        return Response(serializers.SourceSerializer(source).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(
        summary="List a claim's comments",
        description=(
            "In thread order: each reply follows its parent. Blind rating: until you have rated "
            f"the claim you see only your own comments (`{BLIND_HEADER}` says how many others "
            "there are); editors see all."
        ),
        responses=serializers.CommentSerializer(many=True),
        parameters=[_BLIND_HEADER_DOC],
        tags=["claims"],
    ),
    post=extend_schema(
        summary="Comment on a claim",
        description="Markdown, optionally a reply (`parent`); @username mentions are resolved.",
        request=serializers.CommentWriteSerializer,
        responses={201: serializers.CommentSerializer},
        tags=["claims"],
    ),
)
class ClaimCommentsView(ClaimChildView):
    serializer_class = serializers.CommentWriteSerializer

    def get(self, request, pk):
        claim = self.get_claim(selectors.claims_with_comments())
        blind = selectors.visible_comments(request.user, claim)
        comments = [comment for comment, _depth in blind.rows]
        return Response(
            serializers.CommentSerializer(comments, many=True).data,
            headers={BLIND_HEADER: blind.hidden},
        )

    def post(self, request, pk):
        payload = serializers.CommentWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        claim = self.get_claim()
        parent = None
        if data.get("parent"):
            parent = selectors.comment_on(claim, data["parent"])
            if parent is None:
                raise ValidationError({"parent": ["That comment is not on this claim."]})
        comment = services.comment_add(
            claim=claim, author=request.user, body=data["body"], parent=parent
        )
        return Response(serializers.CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class JSONLDRenderer(renderers.JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


@extend_schema(
    summary="A claim's anchor as a W3C Web Annotation",
    description=(
        "A Web Annotation (TextQuoteSelector and TextPositionSelector) targeting the article's URL. "
        "Anyone for a claim with a published verdict; desk members for any claim."
    ),
    responses={
        (200, "application/ld+json"): ref("WebAnnotation"),
        (200, "application/json"): ref("WebAnnotation"),
    },
    tags=["claims"],
)
class ClaimAnnotationView(PublicReadMixin, ApiMixin, generics.GenericAPIView):
    permission_classes = [permissions.AllowAny]
    renderer_classes = [JSONLDRenderer, renderers.JSONRenderer]
    pagination_class = None

    @public_cached
    def get(self, request, pk):
        claim = get_object_or_404(selectors.annotatable_claims(request.user), pk=pk)
        return Response(exports.annotation(claim, verdict=selectors.current_verdict(claim)))


# --- Verdicts -------------------------------------------------------------------------------------


VERDICT_ORDERING = {"updated_at": "published_at", "published_at": "first_published_at", "id": "id"}


@extend_schema(
    summary="List published verdicts",
    description=(
        "The current revision of every published verdict, newest first. Open to anonymous "
        "clients (rate-limited). To sync: `?ordering=updated_at&updated_since=<last updated_at "
        "seen>`, then follow `next` until it is null; `updated_since` is inclusive, so de-duplicate "
        "by `id`."
    ),
    tags=["verdicts"],
)
class VerdictListView(PublicCacheMixin, ListView):
    permission_classes = [permissions.AllowAny]
    serializer_class = serializers.VerdictSerializer
    filterset_class = VerdictFilter
    search_fields = ["summary", "explanation", "claim__wording", "claim__article__title"]
    search_function = staticmethod(search.search_verdicts)
    ordering_fields = VERDICT_ORDERING
    ordering = "-published_at"

    def get_queryset(self):
        return selectors.verdicts_for_api()


@extend_schema(
    summary="Read a published verdict",
    description="The current revision; earlier revisions' ids answer 404.",
    tags=["verdicts"],
)
class VerdictDetailView(PublicCacheMixin, DetailView):
    permission_classes = [permissions.AllowAny]
    serializer_class = serializers.VerdictSerializer

    def get_queryset(self):
        return selectors.verdicts_for_api()


# --- Outlets and rating scales --------------------------------------------------------------------


@extend_schema(summary="List outlets", tags=["reference"])
class OutletListView(ListView):
    permission_classes = [IsDeskMember]
    serializer_class = serializers.OutletSerializer
    search_fields = ["name", "homepage"]
    ordering_fields = {"name": "name", "created_at": "created_at", "id": "id"}
    ordering = "name"
    queryset = selectors.outlets()


@extend_schema(summary="Read an outlet", tags=["reference"])
class OutletDetailView(DetailView):
    permission_classes = [IsDeskMember]
    serializer_class = serializers.OutletSerializer
    queryset = selectors.outlets()


@extend_schema(
    summary="List rating scales", description="Any authenticated client.", tags=["reference"]
)
class RatingScaleListView(ListView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = serializers.RatingScaleSerializer
    search_fields = ["name", "description"]
    ordering_fields = {"name": "name", "id": "id"}
    ordering = "name"

    def get_queryset(self):
        return selectors.rating_scales()


@extend_schema(summary="Read a rating scale", tags=["reference"])
class RatingScaleDetailView(DetailView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = serializers.RatingScaleSerializer

    def get_queryset(self):
        return selectors.rating_scales()


# --- Tokens ---------------------------------------------------------------------------------------


class SessionOnly(ApiMixin):
    """Tokens are managed from a signed-in browser session: a token cannot mint or list tokens."""

    authentication_classes = [SessionAuthentication]
    permission_classes = [permissions.IsAuthenticated]

    def permission_denied(self, request, message=None, code=None):
        if not request.user.is_authenticated:
            raise NotAuthenticated(
                "Tokens are managed from a signed-in session: sign in at /accounts/login/, then "
                "use /api/v1/tokens/ (the browsable API works). A token cannot manage tokens."
            )
        super().permission_denied(request, message, code)


@extend_schema_view(
    get=extend_schema(summary="List your API tokens", tags=["tokens"]),
    post=extend_schema(
        summary="Create an API token",
        description="The response carries the token (`key`) this once; only its hash is stored.",
        request=serializers.ApiTokenSerializer,
        responses={201: serializers.ApiTokenCreatedSerializer},
        tags=["tokens"],
    ),
)
class TokenListView(SessionOnly, generics.ListCreateAPIView):
    serializer_class = serializers.ApiTokenSerializer
    filter_backends = [OrderingFilter]
    ordering_fields = {"created_at": "created_at", "id": "id"}
    ordering = "-created_at"

    def get_queryset(self):
        return selectors.tokens_of(self.request.user)

    def create(self, request, *args, **kwargs):
        payload = serializers.ApiTokenSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        token, key = services.token_issue(user=request.user, name=payload.validated_data["name"])
        token.key = key
        return Response(
            serializers.ApiTokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED
        )


@extend_schema_view(
    get=extend_schema(summary="Read one of your API tokens", tags=["tokens"]),
    delete=extend_schema(
        summary="Revoke one of your API tokens",
        description="Immediate and final; revoking a revoked token changes nothing.",
        tags=["tokens"],
    ),
)
class TokenDetailView(SessionOnly, generics.RetrieveDestroyAPIView):
    serializer_class = serializers.ApiTokenSerializer

    def get_queryset(self):
        return selectors.tokens_of(self.request.user)

    def perform_destroy(self, instance):
        services.token_revoke(user=self.request.user, token=instance)


# --- Exports --------------------------------------------------------------------------------------


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"


class JSONLinesRenderer(renderers.BaseRenderer):
    media_type = "application/jsonl"
    format = "jsonl"
    charset = "utf-8"


EXPORT_HEADERS = [
    OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        required=True,
        description="Changes whenever the exported rows do; send it back in `If-None-Match`.",
    ),
    OpenApiParameter(
        "Last-Modified",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description="The latest change among the exported rows (absent when there are none).",
    ),
    OpenApiParameter(
        "X-Total-Count",
        OpenApiTypes.INT,
        OpenApiParameter.HEADER,
        response=[200],
        required=True,
        description="How many verdicts the export holds.",
    ),
]


class ExportView(PublicReadMixin, ApiMixin, generics.GenericAPIView):
    """Streams one export format of the published verdicts, filtered like /api/v1/verdicts/."""

    permission_classes = [permissions.AllowAny]
    filter_backends = [DjangoFilterBackend, SearchFilter]
    filterset_class = VerdictFilter
    search_fields = VerdictListView.search_fields
    pagination_class = None
    metadata_class = None  # OPTIONS: 405 (the formats are not JSON)
    schema_filters = True
    export_format = ""

    def get_queryset(self):
        return selectors.published_verdicts(dated=True)

    def get(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        variant = f"{self.export_format}?{request.GET.urlencode()}"
        # Kept per public version, so that a 304 costs no query; the version is in the ETag too,
        # as a change it marks (an outlet renamed) may leave the rows' own dates as they were.
        token = public_cache.version()
        fp = public_cache.cached(
            ("export", variant, request.get_host()),
            lambda: exports.fingerprint(queryset, variant=variant),
            token=token,
        )
        fp = dataclasses.replace(fp, etag="W/" + public_cache.etag((fp.etag,), token=token))
        last_modified = int(fp.last_modified.timestamp()) if fp.last_modified else None
        response = get_conditional_response(request, etag=fp.etag, last_modified=last_modified)
        if response is not None and response.status_code == 412:
            return JsonResponse(
                error_body(
                    "precondition_failed",
                    "The export changed since the ETag or date in If-Match / If-Unmodified-Since.",
                ),
                status=412,
            )
        if response is None:
            content_type, filename = exports.FORMATS[self.export_format]
            kwargs = {}
            if self.export_format == "claimreview":
                kwargs = {
                    "feed_url": request.build_absolute_uri(request.path),
                    "last_modified": fp.last_modified,
                }
            if request.method == "HEAD":
                response = HttpResponse(content_type=content_type)
            else:
                response = StreamingHttpResponse(
                    exports.stream(self.export_format, queryset, **kwargs),
                    content_type=content_type,
                )
            response["Content-Disposition"] = f'inline; filename="{filename}"'
            response["X-Total-Count"] = str(fp.count)
        response["ETag"] = fp.etag
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        return public_cache.set_cache_headers(
            response, shareable=public_cache.is_shareable(request), tag=fp.etag
        )


def _export_schema(media_type: str, what: str, body=OpenApiTypes.STR):
    return extend_schema(
        summary=f"Export published verdicts: {what}",
        description=(
            "Every published verdict (current revision), oldest update first, streamed. Filters "
            "as /api/v1/verdicts/; sync with `updated_since`. Conditional requests "
            "(`If-None-Match`, `If-Modified-Since`) answer 304 when nothing changed."
        ),
        responses={
            (200, media_type): OpenApiResponse(body, description=what),
            304: OpenApiResponse(description="Not modified since the ETag or date you sent."),
            412: OpenApiResponse(
                ERROR_REF,
                description="An `If-Match` / `If-Unmodified-Since` precondition failed.",
            ),
        },
        parameters=EXPORT_HEADERS,
        tags=["exports"],
    )


@_export_schema("text/csv", "CSV, one row per verdict, with a header row")
class ExportCSVView(ExportView):
    export_format = "csv"
    renderer_classes = [CSVRenderer]


@_export_schema("application/jsonl", "JSON Lines, one object per verdict")
class ExportJSONLView(ExportView):
    export_format = "jsonl"
    renderer_classes = [JSONLinesRenderer]


@_export_schema(
    "application/ld+json",
    "a schema.org DataFeed of ClaimReview objects (JSON-LD)",
    body=ref("DataFeed"),
)
class ExportClaimReviewView(ExportView):
    export_format = "claimreview"
    renderer_classes = [JSONLDRenderer]
