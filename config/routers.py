"""Database routing: anonymous public reads may go to a read replica, everything else to the primary.

The router sends reads to the `replica` alias only inside `replica_reads()`, which the public views,
the anonymous API reads and the exports enter (see `factcheck.public_cache.public_read`). A desk page
never does, so a reviewer reads their own rating from the primary the moment it is written; every
write goes to the primary whatever the context.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

PRIMARY = "default"
REPLICA = "replica"

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside this block go to the replica, if one is configured."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def stream_from_replica(chunks: Iterable) -> Iterator:
    """A streamed body whose queries run on the replica, although it is consumed after the view
    has returned. The flag is set around each step only: a WSGI thread serves other requests after
    this one, and must not inherit it."""
    iterator = iter(chunks)
    while True:
        token = _replica_reads.set(True)
        try:
            chunk = next(iterator)
        except StopIteration:
            return
        finally:
            _replica_reads.reset(token)
        yield chunk


class ReplicaRouter:
    """Reads inside `replica_reads()` go to the replica; all else, and every write, to the primary."""

    def db_for_read(self, model, **hints) -> str:
        if _replica_reads.get() and replica_configured():
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # Both aliases hold the same data.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        # The replica follows the primary's schema through replication, never through migrate.
        return db == PRIMARY
