"""The interface's languages: which exist, and which one a person reads the desk in."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

# Where a signed-in person's chosen language rides, so that pages need no query for it.
SESSION_KEY = "factcheck_language"


def is_interface_language(code: str) -> bool:
    return code in dict(settings.LANGUAGES)


def remember(request, language: str) -> None:
    """Use `language` for this person's pages from now on ("" or unknown: the browser's)."""
    if language and is_interface_language(language):
        request.session[SESSION_KEY] = language
    else:
        request.session.pop(SESSION_KEY, None)


@receiver(user_logged_in, dispatch_uid="factcheck.i18n.language_on_sign_in")
def _language_on_sign_in(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    from factcheck.models import Profile

    language = Profile.objects.filter(user=user).values_list("language", flat=True).first()
    remember(request, language or "")
