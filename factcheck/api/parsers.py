"""JSON bodies only, refused whole when they are too large or not valid UTF-8 JSON."""

from __future__ import annotations

import codecs
import json

from django.conf import settings
from rest_framework import exceptions, parsers

from factcheck.api.exceptions import PayloadTooLarge


def max_body_bytes() -> int:
    # An article (FACTCHECK_MAX_ARTICLE_BYTES) may double in size once JSON-escaped.
    return getattr(
        settings,
        "FACTCHECK_API_MAX_BODY_BYTES",
        2 * settings.FACTCHECK_MAX_ARTICLE_BYTES + 64 * 1024,
    )


def _reject_constant(value):
    raise ValueError(f"{value} is not valid JSON")


class StrictJSONParser(parsers.JSONParser):
    """Standard JSON (no NaN/Infinity), no lone surrogates, and a size limit checked before reading."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = max_body_bytes()
        data = stream.read(limit + 1) if stream is not None else b""
        if len(data) > limit:
            raise PayloadTooLarge(limit)
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.decode(data, encoding)
        except (UnicodeDecodeError, LookupError):
            raise exceptions.ParseError("The body is not valid UTF-8.") from None
        try:
            value = json.loads(text, parse_constant=_reject_constant)
        except ValueError as exc:
            raise exceptions.ParseError(f"The body is not valid JSON: {exc}") from None
        _check_strings(value)
        return value


def _check_strings(value) -> None:
    """Lone surrogates (e.g. "\\ud800") parse in Python but cannot be stored; refuse them here."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise exceptions.ParseError(
                    "The body contains an invalid Unicode escape (a lone surrogate)."
                ) from None
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
