"""The REST API under /api/v1/ and the verdict exports. Thin views over the selectors and services."""
