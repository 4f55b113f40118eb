"""Paste large articles through the page while a worker writes, on the database DATABASE_URL names.

Run by tests/services/test_paste_under_load.py: on SQLite in a process of its own, on a file-based
database (an in-memory one hides the locking); on PostgreSQL in the test process. Prints one line
per paste; run as a script, exits non-zero if any paste did not land on its workspace (a 500 or 503
"database is locked", say) or the worker's writes failed.
"""

from __future__ import annotations

import os
import sys
import threading
import time


def article_text(n: int, size: int) -> str:
    """A news story of about `size` characters whose sentences differ (so none is deduplicated)."""
    paragraphs, length, i = [f"City council story number {n} about the budget\n"], 0, 0
    while length < size:
        paragraph = " ".join(
            f"The council said on Monday that spending on road {n}-{i}-{k} rose by {i % 90 + k} "
            f"percent in {1990 + i % 30}, the largest rise since {1950 + k}."
            for k in range(5)
        )
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
        i += 1
    return "\n\n".join(paragraphs)


def worker_writes(stop: threading.Event, errors: list, counts: list) -> None:
    """What `manage.py db_worker` writes while it runs: heartbeats and the consensus store."""
    from django.db import connection, transaction
    from django.utils import timezone

    from factcheck import tasks, worker

    started = timezone.now()
    try:
        while not stop.is_set():
            with transaction.atomic():
                worker.beat("load-worker", started_at=started)
                # A store holds the write lock for a while, as a long recompute's store does.
                time.sleep(0.15)
            tasks.recompute_desk()
            counts.append(1)
            time.sleep(0.02)
    except Exception as exc:  # the worker's writes must not fail either
        errors.append(repr(exc))
    finally:
        connection.close()


def paste_while_a_worker_writes(*, pastes: int, size: int) -> tuple[list[str], list[str]]:
    """Paste `pastes` articles of `size` characters while a thread writes as the worker does.
    Returns the failures (pastes that did not land on their workspace) and the worker's errors."""
    from django.test import Client

    from factcheck.models import Article
    from tests.factories import EditorFactory

    editor = EditorFactory(username="paste-editor")
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    stop, errors, counts = threading.Event(), [], []
    writer = threading.Thread(target=worker_writes, args=(stop, errors, counts), daemon=True)
    writer.start()
    failed = []
    try:
        for n in range(pastes):
            clock = time.perf_counter()
            response = client.post(
                "/articles/new/",
                {"text": article_text(n, size), "outlet": f"Outlet under load {n}"},
            )
            seconds = time.perf_counter() - clock
            ok = response.status_code == 302 and "/articles/" in response.get("Location", "")
            print(f"paste {n}: {size:,} characters, {response.status_code} in {seconds:.1f} s")
            if not ok:
                failed.append(f"paste {n}: {response.status_code}")
    finally:
        stop.set()
        writer.join(timeout=120)
    print(f"worker: {len(counts)} write rounds, errors: {errors}")
    if not counts:
        errors.append("the worker thread never completed a write")
    stored = Article.objects.filter(title__startswith="City council story").count()
    if stored != pastes:
        failed.append(f"{stored} of {pastes} articles stored")
    return failed, errors


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()
    failed, errors = paste_while_a_worker_writes(
        pastes=int(os.environ.get("PASTES", "2")), size=int(os.environ.get("PASTE_BYTES", "300000"))
    )
    sys.exit(1 if failed or errors else 0)
