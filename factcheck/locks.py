"""Named locks across processes and machines, that a holder's death releases.

On PostgreSQL a lock is a session advisory lock: the server releases it the moment the holder's
connection ends, so a worker killed mid-task frees it at once. (Session locks need a session of their
own: behind a transaction-pooling PgBouncer, point the workers at PostgreSQL directly.) Elsewhere
(SQLite, for `make run`) it is a `Lease` row that expires: a holder that died frees it after `ttl`.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from factcheck.models import Lease


def _advisory_key(name: str) -> int:
    # A stable signed 64-bit key for pg_*advisory_lock, the same in every process.
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


@contextmanager
def exclusive(name: str, *, ttl: int = 600) -> Iterator[bool]:
    """Yields True while this process holds the lock `name`, False if another process holds it.

    Never waits. `ttl` bounds how long a dead holder keeps the lock where the database cannot tell
    (SQLite); a living holder should finish well within it.
    """
    if connection.vendor == "postgresql":
        key = _advisory_key(name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            acquired = cursor.fetchone()[0]
        try:
            yield acquired
        finally:
            if acquired:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return

    holder = uuid.uuid4().hex
    acquired = _lease_take(name, holder, ttl)
    try:
        yield acquired
    finally:
        if acquired:
            Lease.objects.filter(name=name, holder=holder).delete()


def _lease_take(name: str, holder: str, ttl: int) -> bool:
    now = timezone.now()
    try:
        with transaction.atomic():
            Lease.objects.filter(name=name, expires_at__lte=now).delete()
            Lease.objects.create(name=name, holder=holder, expires_at=now + timedelta(seconds=ttl))
    except IntegrityError:
        return False
    return True
