"""/api/: the v1 resources, the exports, the OpenAPI schema and its interactive docs."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from factcheck.api import docs, factchecks, views
from factcheck.api.exceptions import not_found

app_name = "api"

v1 = [
    path("articles/", views.ArticleListView.as_view(), name="article-list"),
    path("articles/<int:pk>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("claims/", views.ClaimListView.as_view(), name="claim-list"),
    path("claims/<int:pk>/", views.ClaimDetailView.as_view(), name="claim-detail"),
    path("claims/<int:pk>/ratings/", views.ClaimRatingsView.as_view(), name="claim-ratings"),
    path("claims/<int:pk>/sources/", views.ClaimSourcesView.as_view(), name="claim-sources"),
    path("claims/<int:pk>/comments/", views.ClaimCommentsView.as_view(), name="claim-comments"),
    path(
        "claims/<int:pk>/annotation/",
        views.ClaimAnnotationView.as_view(),
        name="claim-annotation",
    ),
    path("verdicts/", views.VerdictListView.as_view(), name="verdict-list"),
    path("verdicts/<int:pk>/", views.VerdictDetailView.as_view(), name="verdict-detail"),
    path("outlets/", views.OutletListView.as_view(), name="outlet-list"),
    path("outlets/<int:pk>/", views.OutletDetailView.as_view(), name="outlet-detail"),
    path("rating-scales/", views.RatingScaleListView.as_view(), name="ratingscale-list"),
    path(
        "rating-scales/<int:pk>/",
        views.RatingScaleDetailView.as_view(),
        name="ratingscale-detail",
    ),
    path("match", factchecks.MatchView.as_view(), name="match"),
    path("factchecks/import", factchecks.FactCheckImportView.as_view(), name="factcheck-import"),
    path("tokens/", views.TokenListView.as_view(), name="token-list"),
    path("tokens/<int:pk>/", views.TokenDetailView.as_view(), name="token-detail"),
    path("exports/verdicts.csv", views.ExportCSVView.as_view(), name="export-csv"),
    path("exports/verdicts.jsonl", views.ExportJSONLView.as_view(), name="export-jsonl"),
    path(
        "exports/claimreview.json",
        views.ExportClaimReviewView.as_view(),
        name="export-claimreview",
    ),
]

urlpatterns = [
    *[path(f"v1/{p.pattern}", p.callback, name=p.name) for p in v1],
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.SwaggerView.as_view(url_name="api:schema"), name="docs"),
    # Anything else under /api/ is a JSON 404 that says what went wrong.
    re_path(r"^.*$", not_found),
]
