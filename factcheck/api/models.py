"""API tokens: named, revocable, stored hashed, shown once.

The key a client sends is ``fc_`` followed by 43 random URL-safe characters. Only its SHA-256 is stored,
with the first characters (``prefix``) kept in clear so that its owner can tell tokens apart. A lost key
cannot be shown again: it is revoked and a new one is made.

Imported by ``factcheck.models``, so the model belongs to the ``factcheck`` app (migration 0003).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models

KEY_PREFIX = "fc_"
VISIBLE_CHARS = 11  # "fc_" and 8 random characters


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. “CMS sync”.")
    prefix = models.CharField(max_length=VISIBLE_CHARS, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        app_label = "factcheck"
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
