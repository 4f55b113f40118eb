"""Named locks across processes: exclusive while held, free again when the holder dies."""

import time
from datetime import timedelta

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from factcheck import locks, tasks
from factcheck.models import DeskSnapshot, Lease


class OtherProcess:
    """Another worker's hold on a lock: its own PostgreSQL session, or a Lease row on SQLite."""

    def __init__(self, name: str):
        self.name = name
        self.session = None

    def take(self) -> bool:
        if connection.vendor == "postgresql":
            self.session = psycopg.connect(**connection.get_connection_params(), autocommit=True)
            key = locks._advisory_key(self.name)
            return self.session.execute("SELECT pg_try_advisory_lock(%s)", [key]).fetchone()[0]
        Lease.objects.create(
            name=self.name, holder="other", expires_at=timezone.now() + timedelta(minutes=5)
        )
        return True

    def die(self) -> None:
        """Killed: PostgreSQL ends its session; on SQLite its lease runs out."""
        if self.session is not None:
            self.session.close()
            # The server ends the session a moment after the client goes: wait for that moment.
            key = locks._advisory_key(self.name)
            with connection.cursor() as cursor:
                for _ in range(100):
                    cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
                    if cursor.fetchone()[0]:
                        cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
                        break
                    time.sleep(0.02)
        else:
            Lease.objects.filter(name=self.name).update(
                expires_at=timezone.now() - timedelta(seconds=1)
            )


@pytest.fixture
def other(db):
    holder = OtherProcess("test:lock")
    yield holder
    if holder.session is not None and not holder.session.closed:
        holder.session.close()


def test_a_free_lock_is_taken_and_given_back(db):
    with locks.exclusive("test:lock") as held:
        assert held
    with locks.exclusive("test:lock") as held:
        assert held


def test_a_lock_held_by_another_process_is_refused_without_waiting(other):
    assert other.take()
    with locks.exclusive("test:lock") as held:
        assert not held


def test_a_dead_holders_lock_is_free_again(other):
    assert other.take()
    other.die()
    with locks.exclusive("test:lock") as held:
        assert held


def test_different_names_do_not_exclude_each_other(other):
    assert other.take()
    with locks.exclusive("test:another") as held:
        assert held


def test_a_recompute_does_not_run_while_another_worker_recomputes(db, monkeypatch):
    holder = OtherProcess(tasks.CONSENSUS_LOCK)
    try:
        assert holder.take()
        ran = []
        monkeypatch.setattr(tasks, "recompute_desk", lambda: ran.append(1))
        result = tasks.recompute_consensus.call(requested_at=timezone.now().isoformat())
        assert result == {"skipped": True, "busy": True} and ran == []
    finally:
        holder.die()


def test_a_busy_recompute_is_tried_again_later_on_a_deferring_backend(db, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    holder = OtherProcess(tasks.CONSENSUS_LOCK)
    try:
        assert holder.take()
        requested = timezone.now().isoformat()
        assert tasks.recompute_consensus.call(requested_at=requested)["busy"]
    finally:
        holder.die()
    again = DBTaskResult.objects.get(task_path=tasks.recompute_consensus.module_path)
    assert again.args_kwargs["kwargs"] == {"requested_at": requested}
    assert again.run_after > timezone.now()  # deferred, so the running recompute finishes first
    # When it runs, the lock is free, and it recomputes.
    assert tasks.recompute_consensus.call(requested_at=requested)["skipped"] is False
    assert DeskSnapshot.objects.filter(pk=1).exists()
