"""Template helpers: safe Markdown for comments, JSON-LD embedding, the fixed URLs of the menu."""

import json
from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from factcheck import markup

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    """Markdown to sanitised HTML (factcheck.markup): no scripts, no event handlers, only
    http(s)/mailto links."""
    return mark_safe(markup.to_html(text))  # noqa: S308 - sanitised by nh3


@register.simple_tag
def json_ld(data: dict) -> str:
    """A <script type="application/ld+json"> block, safe against `</script>` in the data.

    No nonce: a data block is never executed, so the CSP does not govern it, and the block can be
    cached and shared (factcheck.public_cache) without carrying any response's nonce."""
    payload = json.dumps(data, ensure_ascii=False, indent=2)
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload),  # noqa: S308 - JSON with <, > and & escaped
    )


@register.filter
def percent(value: float) -> str:
    return f"{round((value or 0) * 100)}%"


# Quotation marks a claim's wording may already carry at its ends (straight, curly, guillemets).
_QUOTES = "\"'“”‘’«»„‚"


@register.filter
def quoted(text: str) -> str:
    """The wording between curly quotes, once: a wording that already starts and ends with
    quotation marks (a quote pasted as the claim) does not get a second pair."""
    text = str(text).strip()
    if len(text) > 1 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()
    return f"“{text}”"


@register.simple_tag
def fixed_url(view_name: str) -> str:
    """{% url view_name %} for a URL without arguments (the menu of every page), reversed once per
    URL configuration instead of once a page: ten reverses were about a thousand Python calls on
    every page (bench/pages.py)."""
    return _fixed_url(view_name, get_script_prefix(), get_urlconf())


@lru_cache(maxsize=64)
def _fixed_url(view_name: str, script_prefix: str, urlconf) -> str:
    return reverse(view_name, urlconf=urlconf)


@receiver(setting_changed)
def _urls_changed(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":  # tests that swap the URLs: reverse again
        _fixed_url.cache_clear()
