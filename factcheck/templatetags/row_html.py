"""What the Python-rendered rows share (`rows.py`, `workspace.py`): escaping without Django's
per-call lazy-string checks, and a page URL's fixed parts around an object's id, reversed once per
URL configuration instead of once a row. No template library here (no `register`)."""

from __future__ import annotations

import html
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeData

ANY_ID = 987654321


def esc(value) -> str:
    """django.utils.html.conditional_escape, without its per-call lazy-string checks."""
    if isinstance(value, SafeData):
        return str(value)
    return html.escape(str(value))


def url_around_id(view_name: str) -> tuple[str, str]:
    """(head, tail) of the URL of `view_name` for one id: the URL is head + str(id) + tail."""
    return _url_around_id(view_name, get_script_prefix())


@lru_cache(maxsize=64)
def _url_around_id(view_name: str, script_prefix: str) -> tuple[str, str]:
    head, tail = reverse(view_name, args=[ANY_ID]).split(str(ANY_ID))
    return head, tail


@receiver(setting_changed)
def _urls_changed(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":  # tests that swap the URLs: reverse again
        _url_around_id.cache_clear()
