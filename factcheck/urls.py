from django.urls import path

from factcheck import views

app_name = "factcheck"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("work/", views.my_work, name="my_work"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/new/", views.article_add, name="article_add"),
    path("imports/new/", views.import_new, name="import_new"),
    path("imports/<int:pk>/", views.import_batch, name="import_batch"),
    path("imports/<int:pk>/retry/", views.import_batch_retry, name="import_batch_retry"),
    path("articles/<int:pk>/", views.article, name="article"),
    path("articles/<int:pk>/claims/", views.claim_create, name="claim_create"),
    path("claims/<int:pk>/", views.claim, name="claim"),
    path("claims/<int:pk>/history/", views.claim_history, name="claim_history"),
    path("claims/<int:pk>/rate/", views.claim_rate, name="claim_rate"),
    path("claims/<int:pk>/sources/", views.claim_add_source, name="claim_add_source"),
    path("claims/<int:pk>/comments/", views.claim_comment, name="claim_comment"),
    path(
        "claims/<int:pk>/comments/<int:comment_pk>/edit/",
        views.comment_edit,
        name="comment_edit",
    ),
    path("claims/<int:pk>/select/", views.claim_select, name="claim_select"),
    path("claims/<int:pk>/dismiss/", views.claim_dismiss, name="claim_dismiss"),
    path("claims/<int:pk>/reword/", views.claim_reword, name="claim_reword"),
    path("claims/<int:pk>/claimant/", views.claim_claimant, name="claim_claimant"),
    path("claims/<int:pk>/split/", views.claim_split, name="claim_split"),
    path("claims/<int:pk>/merge/", views.claim_merge, name="claim_merge"),
    path("claims/<int:pk>/assign/", views.claim_assign, name="claim_assign"),
    path("claims/<int:pk>/unassign/", views.claim_unassign, name="claim_unassign"),
    path("claims/assign/", views.claims_assign, name="claims_assign"),
    path("claims/<int:pk>/verdict/", views.claim_verdict, name="claim_verdict"),
    path("claims/<int:pk>/priority/", views.claim_priority, name="claim_priority"),
    path(
        "claims/<int:pk>/matches/<int:match_pk>/confirm/",
        views.claim_match_confirm,
        name="claim_match_confirm",
    ),
    path(
        "claims/<int:pk>/matches/<int:match_pk>/reject/",
        views.claim_match_reject,
        name="claim_match_reject",
    ),
    path(
        "claims/<int:pk>/factchecks/<int:factcheck_pk>/attach/",
        views.claim_attach_factcheck,
        name="claim_attach_factcheck",
    ),
    path("desk/health/", views.desk_health, name="desk_health"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notification_read_all, name="notifications_read"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/", views.token_create, name="token_create"),
    path("profile/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("verdicts/", views.public_verdicts, name="public_verdicts"),
    path("verdicts/<int:claim_id>/<slug:slug>/", views.public_verdict, name="public_verdict"),
]
