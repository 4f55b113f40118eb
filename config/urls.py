from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

handler500 = "factcheck.errors.server_error"
handler404 = "factcheck.errors.not_found"
handler400 = "factcheck.errors.bad_request"
handler403 = "factcheck.errors.permission_denied"

admin.site.site_header = "Factcheck administration"
admin.site.site_title = "Factcheck admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("factcheck.api.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("factcheck.urls")),
]
