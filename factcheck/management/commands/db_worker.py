"""`manage.py db_worker`: django-tasks-db's worker, with a heartbeat and the reclaim sweep.

The same options and the same way of claiming tasks as the package's command (which this one replaces:
factcheck comes before django_tasks_db in INSTALLED_APPS); while it runs, a thread keeps the worker's
heartbeat and takes back what dead workers left (factcheck/worker.py). Run as many as you like, on as
many machines as you like, against one database.
"""

from __future__ import annotations

import os

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from factcheck.worker import Heartbeat, beat


class Worker(db_worker.Worker):
    def run(self) -> None:
        heartbeat = Heartbeat(self.worker_id)
        # Alive before the first task is claimed, so that no sweep takes this worker for dead.
        beat(self.worker_id, started_at=heartbeat.started_at)
        heartbeat.start()
        try:
            super().run()
        finally:
            heartbeat.stop()


class Command(db_worker.Command):
    help = (
        "Run a database background worker, with a heartbeat; tasks of workers that died are "
        "retried (if that is harmless) or marked failed."
    )

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options,
    ) -> None:
        # As django-tasks-db's own handle(), with this module's Worker.
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
