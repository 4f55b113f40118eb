"""Security headers on every response, a nonce-based CSP that the pages actually respect, and
`check --deploy` clean under production settings."""

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import live_claim

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_reports_nothing_under_production_settings():
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FACTCHECK_", "EMAIL_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x9Q#" * 12,
        DJANGO_ALLOWED_HOSTS="factcheck.example",
        # The checks inspect the database too; the test run's database may not exist outside it.
        DATABASE_URL="sqlite://:memory:",
        # Production sends notification emails through a mail server (see the next test).
        EMAIL_HOST="smtp.factcheck.example",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_production_has_no_mail_server():
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FACTCHECK_", "EMAIL_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x9Q#" * 12,
        DJANGO_ALLOWED_HOSTS="factcheck.example",
        DATABASE_URL="sqlite://:memory:",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "mail.W001" in result.stderr  # no mailer: nobody gets notification emails


@pytest.mark.parametrize("secure", [False, True])
def test_every_response_carries_the_security_headers(client, db, secure):
    response = client.get(reverse("factcheck:public_verdicts"), secure=secure)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    # An anonymous public page has no inline code at all, so no nonce either (caches may share it).
    assert "script-src 'self';" in csp and "style-src 'self';" in csp
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    if secure:
        assert "max-age=31536000" in response["Strict-Transport-Security"]


def test_desk_pages_carry_a_fresh_nonce_in_every_response(client, editor):
    client.force_login(editor)
    nonces = []
    for _ in range(2):
        response = client.get(reverse("factcheck:my_work"))
        csp = response["Content-Security-Policy"]
        nonce = re.search(r"script-src 'self' 'nonce-([\w+/=-]+)'", csp).group(1)
        assert f'nonce="{nonce}"' in response.content.decode()
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(client, reviewer, settings):
    from django.conf import settings as live

    assert live.SESSION_COOKIE_HTTPONLY and live.SESSION_COOKIE_SAMESITE == "Lax"
    assert live.CSRF_COOKIE_SAMESITE == "Lax"
    # Production defaults (DEBUG off): secure cookies, HTTPS redirect.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FACTCHECK_"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DJANGO_SECRET_KEY="s" * 60)
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["True", "True", "True"]


class InlineCode(HTMLParser):
    """Finds inline scripts and styles that the CSP nonce does not cover."""

    def __init__(self, nonce):
        super().__init__()
        self.nonce = nonce
        self.problems = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "style" in a:
            self.problems.append(f"style attribute on <{tag}>")
        # Data blocks (JSON-LD, the translated strings for factcheck.js) are never executed.
        data_block = a.get("type") in ("application/ld+json", "application/json")
        if tag == "script" and "src" not in a and not data_block and a.get("nonce") != self.nonce:
            self.problems.append("inline <script> without the nonce")
        if tag == "style" and a.get("nonce") != self.nonce:
            self.problems.append("<style> without the nonce")


def test_pages_have_no_inline_code_the_csp_would_block(client, editor, article):
    client.force_login(editor)
    claim = live_claim(article)
    for url in [
        reverse("factcheck:my_work"),
        reverse("factcheck:article_list"),
        reverse("factcheck:article_add"),
        f"{article.get_absolute_url()}?claim={claim.pk}",
        claim.get_absolute_url(),
        reverse("factcheck:public_verdicts"),
    ]:
        response = client.get(url)
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        parser = InlineCode(nonce)
        parser.feed(response.content.decode())
        assert parser.problems == [], url


def test_htmx_is_served_from_our_static_files_and_configured_for_the_csp(client, editor):
    client.force_login(editor)
    html = client.get(reverse("factcheck:my_work")).content.decode()
    assert re.search(r'<script src="/static/django_htmx/htmx[^"]*\.js"', html)
    assert '"allowEval": false' in html and '"includeIndicatorStyles": false' in html
    # (A random CSRF token may spell "cdn": look for hosts only.)
    assert not re.search(r"//[^\"' ]*(unpkg|cdn)", html.lower())
