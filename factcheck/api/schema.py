"""OpenAPI 3 schema details that drf-spectacular cannot infer: the error shape on every operation, and
the filters of the export endpoints (which are not list views)."""

from __future__ import annotations

from drf_spectacular import openapi

ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error of the API has this shape.",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {
                    "type": "string",
                    "description": "Stable, for programs: invalid, parse_error, not_authenticated, "
                    "authentication_failed, permission_denied, not_found, method_not_allowed, "
                    "not_acceptable, unsupported_media_type, payload_too_large, conflict, "
                    "throttled, precondition_failed, server_error.",
                },
                "message": {"type": "string", "description": "For the developer reading it."},
                "fields": {
                    "type": "object",
                    "description": "Validation errors: field (dotted path when nested) -> messages.",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
        }
    },
}

# For extend_schema: a response documented with the Error component.
ERROR_REF = {"$ref": "#/components/schemas/Error"}

ERRORS = {
    "400": "Invalid input: an unknown or malformed query parameter, or a body that fails validation "
    "(`fields` names each offending field).",
    "401": "No valid credentials: the token is missing (where one is needed), unknown or revoked.",
    "403": "Authenticated, but this role may not do this.",
    "404": "No such object, or not visible to you.",
    "406": "The `Accept` header asks for a format this endpoint does not produce.",
    "429": "Too many requests; retry after the number of seconds in `Retry-After`.",
}
WRITE_ERRORS = {
    "409": "Someone else changed the object first (e.g. an `expected_version` that is out of date).",
    "413": "The body is larger than the limit.",
    "415": "The body is not `application/json`.",
}


CLAIM_REVIEW_SCHEMA = {
    "type": "object",
    "description": "A schema.org ClaimReview, the same object as the public verdict page embeds.",
    "required": [
        "@context",
        "@type",
        "url",
        "claimReviewed",
        "itemReviewed",
        "author",
        "reviewRating",
        "datePublished",
    ],
    "properties": {
        "@context": {"type": "string", "enum": ["https://schema.org"]},
        "@type": {"type": "string", "enum": ["ClaimReview"]},
        "url": {"type": "string", "format": "uri", "description": "The public verdict page."},
        "claimReviewed": {"type": "string"},
        "itemReviewed": {
            "type": "object",
            "description": "A schema.org Claim: its author (the claimant), appearance and date.",
            "required": ["@type", "appearance"],
            "properties": {
                "@type": {"type": "string", "enum": ["Claim"]},
                "author": {"type": "object"},
                "datePublished": {"type": "string", "format": "date"},
                "appearance": {"type": "object"},
            },
        },
        "author": {"type": "object"},
        "reviewRating": {
            "type": "object",
            "required": ["@type", "alternateName"],
            "properties": {
                "@type": {"type": "string", "enum": ["Rating"]},
                "alternateName": {"type": "string"},
                "ratingValue": {"type": "integer"},
                "bestRating": {"type": "integer"},
                "worstRating": {"type": "integer"},
            },
        },
        "datePublished": {"type": "string", "format": "date"},
        "dateModified": {"type": "string", "format": "date-time"},
        "headline": {"type": "string"},
        "reviewBody": {"type": "string"},
        "correction": {"type": "object"},
    },
}

DATA_FEED_SCHEMA = {
    "type": "object",
    "description": "A schema.org DataFeed whose items are ClaimReview objects.",
    "required": ["@context", "@type", "dataFeedElement"],
    "properties": {
        "@context": {"type": "string", "enum": ["https://schema.org"]},
        "@type": {"type": "string", "enum": ["DataFeed"]},
        "name": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
        "publisher": {"type": "object"},
        "dateModified": {"type": "string", "format": "date-time"},
        "dataFeedElement": {"type": "array", "items": {"$ref": "#/components/schemas/ClaimReview"}},
    },
}

ANNOTATION_SCHEMA = {
    "type": "object",
    "description": "A W3C Web Annotation (https://www.w3.org/TR/annotation-model/).",
    "required": ["@context", "id", "type", "target"],
    "properties": {
        "@context": {"type": "string", "enum": ["http://www.w3.org/ns/anno.jsonld"]},
        "id": {"type": "string", "format": "uri"},
        "type": {"type": "string", "enum": ["Annotation"]},
        "motivation": {"type": "string", "enum": ["assessing", "highlighting"]},
        "created": {"type": "string", "format": "date-time"},
        "modified": {"type": "string", "format": "date-time"},
        "creator": {"type": "object"},
        "body": {"type": "array", "items": {"type": "object"}},
        "target": {
            "type": "object",
            "required": ["source", "selector"],
            "properties": {
                "source": {"type": "string", "format": "uri"},
                "type": {"type": "string"},
                "selector": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["type"],
                        "properties": {
                            "type": {
                                "type": "string",
                                "enum": ["TextQuoteSelector", "TextPositionSelector"],
                            },
                            "exact": {"type": "string"},
                            "prefix": {"type": "string"},
                            "suffix": {"type": "string"},
                            "start": {"type": "integer", "minimum": 0},
                            "end": {"type": "integer", "minimum": 0},
                        },
                    },
                },
            },
        },
    },
}

COMPONENTS = {
    "Error": ERROR_SCHEMA,
    "ClaimReview": CLAIM_REVIEW_SCHEMA,
    "DataFeed": DATA_FEED_SCHEMA,
    "WebAnnotation": ANNOTATION_SCHEMA,
}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


class AutoSchema(openapi.AutoSchema):
    def get_filter_backends(self):
        if getattr(self.view, "schema_filters", False):
            return self.view.filter_backends
        return super().get_filter_backends()


def add_error_responses(result, generator, request, public):
    """Add the hand-written components, and document the JSON error shape for every status an
    operation can fail with."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(COMPONENTS)
    ref = {"$ref": "#/components/schemas/Error"}
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            errors = dict(ERRORS)
            if method in {"post", "put", "patch"}:
                errors.update(WRITE_ERRORS)
            for code, description in errors.items():
                responses.setdefault(
                    code,
                    {"description": description, "content": {"application/json": {"schema": ref}}},
                )
    return result
