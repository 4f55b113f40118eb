"""Template helpers: safe Markdown for comments, JSON-LD embedding."""

import json

from django import template
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
