"""No paste fails because a worker is writing: extraction runs before the write transaction opens,
and SQLite is configured for a web server beside a worker (config/settings.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import reinstall_migration_rows
from tests.services.paste_under_load import paste_while_a_worker_writes

ROOT = Path(__file__).resolve().parents[2]
PASTES, SIZE = 2, 300_000


def test_large_pastes_land_on_sqlite_while_a_worker_writes(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'desk.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PASTES": str(PASTES),
        "PASTE_BYTES": str(SIZE),
    }
    env.pop("DATABASE_REPLICA_URL", None)
    python = [sys.executable, "-W", "ignore"]
    subprocess.run(
        [*python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    run = subprocess.run(
        [*python, "-m", "tests.services.paste_under_load"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout + run.stderr[-5000:]
    assert run.stdout.count(" 302 in ") == PASTES, run.stdout


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite runs the same check on a file database (above)"
)
def test_large_pastes_land_on_postgresql_while_a_worker_writes(transactional_db):
    reinstall_migration_rows()
    failed, errors = paste_while_a_worker_writes(pastes=PASTES, size=SIZE)
    assert not failed and not errors, (failed, errors)
