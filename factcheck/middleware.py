"""The desk's language for a signed-in person: their profile's choice, else what their browser asks.

Django's LocaleMiddleware has already picked the language from Accept-Language (anonymous visitors,
the public pages, API clients keep that). The profile's language is copied into the session when the
person signs in and when they change it on /profile/ (factcheck.i18n), so that no page pays a query for
it; a session from before the choice keeps the browser's language until the next sign-in.
"""

from __future__ import annotations

from django.utils import translation

from factcheck.i18n import SESSION_KEY, is_interface_language


class UserLanguageMiddleware:
    """After SessionMiddleware and LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        language = session.get(SESSION_KEY) if session is not None else None
        if language and is_interface_language(language):
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
