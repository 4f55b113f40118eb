"""The project's shape: settings that fail safe, a production docker-compose whose commands exist."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent


def _settings_env(**env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FACTCHECK_"))}
    return {**base, "DJANGO_SETTINGS_MODULE": "config.settings", **env}


def _import_settings(_code="from django.conf import settings; print(settings.DEBUG)", **env):
    return subprocess.run(
        [sys.executable, "-c", _code],
        cwd=ROOT,
        env=_settings_env(**env),
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _import_settings()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_is_off_unless_asked_for():
    result = _import_settings(DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_a_malformed_boolean_is_an_error_not_a_guess():
    result = _import_settings(DJANGO_SECRET_KEY="x" * 50, DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


def test_compose_describes_web_worker_and_database():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"web", "worker", "db"} <= set(services)
    assert services["web"]["command"][0] == "gunicorn"
    assert "healthcheck" in services["db"]
    assert any("pgdata" in v for v in services["db"]["volumes"])
    assert services["worker"]["command"][2] == "db_worker"


def test_every_command_compose_names_exists():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    dockerfile = (ROOT / compose["x-app"]["build"]["dockerfile"]).read_text()
    assert "uv sync --frozen" in dockerfile
    management = get_commands()
    venv_bin = Path(sys.executable).parent
    for name, service in compose["services"].items():
        if "image" in service:
            continue  # third-party images (PostgreSQL) bring their own commands
        command = service["command"]
        executable = command[0]
        assert (venv_bin / executable).exists() or shutil.which(executable), (name, executable)
        if executable == "python" and command[1] == "manage.py":
            assert command[2] in management, (name, command)
        if executable == "gunicorn":
            module, _, attr = command[1].partition(":")
            assert (ROOT / (module.replace(".", "/") + ".py")).exists()
            assert attr == "application"
    healthz = compose["services"]["web"]["healthcheck"]["test"][-1]
    assert "/healthz" in healthz


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_web_scales_behind_the_reverse_proxy():
    services = _compose()["services"]
    web, proxy = services["web"], services["proxy"]
    # A fixed host port or container name would stop `docker compose up --scale web=3`.
    assert "ports" not in web and "container_name" not in web
    assert web["command"][web["command"].index("--bind") + 1] == "0.0.0.0:8000"
    assert proxy["image"].split(":")[0] in {"nginx", "caddy"}
    assert "web" in proxy["depends_on"]
    assert any(port.endswith(":80") for port in proxy["ports"])
    assert "healthcheck" in proxy
    # The proxy's configuration is in the repository, mounted where nginx reads it, and sends every
    # request to the web service on the port gunicorn binds.
    source, target, *_ = proxy["volumes"][0].split(":")
    conf = (ROOT / source).read_text()
    assert target == "/etc/nginx/conf.d/default.conf"
    assert re.findall(r"^\s*server\s+([\w.-]+):(\d+)\b", conf, re.M) == [("web", "8000")]
    upstream = re.search(r"upstream\s+(\w+)", conf).group(1)
    assert f"proxy_pass http://{upstream};" in conf
    assert "listen 80;" in conf
    # The client's address and scheme reach Django (throttles, lockouts, HTTPS redirects).
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in conf
    assert "X-Forwarded-Proto" in conf


def _host(url: str) -> str:
    # As docker compose would see it once ${VARIABLES} are filled in.
    return urlparse(re.sub(r"\$\{[^}]*\}", "secret", url)).hostname


def test_the_app_services_share_postgresql_and_redis():
    compose = _compose()
    services = compose["services"]
    for name in ("migrate", "web", "worker"):
        env = services[name]["environment"]
        assert _host(env["DATABASE_URL"]) == "db", name
        assert _host(env["REDIS_URL"]) == "redis", name
        assert env["DJANGO_PROXY_COUNT"].startswith("${DJANGO_PROXY_COUNT:-1}"), name
    for name in ("web", "worker"):
        depends = services[name]["depends_on"]
        assert depends["db"]["condition"] == "service_healthy", name
        assert depends["redis"]["condition"] == "service_healthy", name
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
    assert "ports" not in services["worker"] and "container_name" not in services["worker"]
    assert services["redis"]["image"].startswith("redis:")
    for name, volume in (("db", "pgdata"), ("redis", "redisdata")):
        assert "healthcheck" in services[name], name
        assert any(v.startswith(f"{volume}:") for v in services[name]["volumes"]), name
        assert volume in compose["volumes"]
    assert "healthcheck" in services["web"]


def test_healthz_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["README.md", "Makefile", ".ci/run", "uv.lock", ".gitignore"])
def test_the_top_level_files_exist(path):
    assert (ROOT / path).exists()
