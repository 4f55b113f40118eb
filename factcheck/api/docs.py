"""Swagger UI at /api/docs/, offline (assets from drf-spectacular-sidecar) and under the site's CSP:
the page loads its init script from a URL of its own (no inline script) and its one inline style
carries the request's CSP nonce."""

from drf_spectacular.views import SpectacularSwaggerSplitView


class SwaggerView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
    title = "Factcheck API"
