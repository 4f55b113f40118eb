"""A real Chromium (Debian's, driven by Playwright) against the live test server.

Skipped with a reason when no Chromium is installed; `.ci/run` installs it. axe-core comes from npm
(`make test` installs it into .venv/axe).
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
AXE = Path(os.environ.get("FACTCHECK_AXE", ROOT / ".venv/axe/node_modules/axe-core/axe.min.js"))
SCREENSHOTS = ROOT / "screenshots"

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def demo_desk(transactional_db):
    """The demo desk. A live server needs a transactional database, which is flushed after each test,
    so the rows the data migration installed (groups, rating scales) are put back first."""
    from django.core.management import call_command

    from tests.factories import reinstall_migration_rows

    reinstall_migration_rows()
    call_command("load_demo", "--force", verbosity=0)


# Reported to Python by every page, before any of the page's own scripts run.
_REPORT_CSP = """
document.addEventListener("securitypolicyviolation", (e) => window.__factcheckCsp({
  directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber,
  sample: e.sample,
}));
"""


class BrowserProblems(list):
    """Console errors, uncaught exceptions and CSP violations seen by a test's pages. Every browser
    test fails on any of them (see `new_page`); a test that provokes one on purpose says so with
    `expect(pattern)`, which removes the matching entries it expected."""

    def expect(self, pattern: str) -> None:
        import re

        matched = [p for p in self if re.search(pattern, p)]
        assert matched, f"expected a browser problem matching {pattern!r}, saw {list(self)}"
        for p in matched:
            self.remove(p)


@pytest.fixture
def browser_problems():
    return BrowserProblems()


@pytest.fixture
def new_page(browser, live_server, browser_problems):
    """A page factory. Pages run under the app's real Content-Security-Policy; any CSP violation,
    console error or uncaught exception on any of them fails the test at its end."""
    contexts = []

    def make(*, javascript: bool = True, locale: str | None = None):
        # `locale` (e.g. "fr-FR") is what the browser asks for in Accept-Language.
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": 1400, "height": 900},
            java_script_enabled=javascript,
            **({"locale": locale} if locale else {}),
        )
        contexts.append(context)
        if javascript:
            context.expose_binding(
                "__factcheckCsp",
                lambda source, v: browser_problems.append(
                    f"CSP violation: {v['directive']} blocked {v['blocked'] or v['sample']!r} "
                    f"at {v['source']}:{v['line']}"
                ),
            )
            context.add_init_script(_REPORT_CSP)
        page = context.new_page()
        # Generous: CI shares two cores with other work; a wait that passes never waits this long.
        page.set_default_timeout(25_000)

        def on_console(message):
            if message.type == "error":
                where = message.location.get("url", "")
                browser_problems.append(f"console error: {message.text} ({where})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: browser_problems.append(f"uncaught: {error}"))
        return page

    yield make
    for context in contexts:
        context.close()
    assert list(browser_problems) == [], "the browser reported problems:\n" + "\n".join(
        browser_problems
    )


def sign_in(page, username: str, password: str = "factcheck-demo") -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/work/")


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations on the current page."""
    if not AXE.exists():
        pytest.skip(f"axe-core not installed at {AXE} (make test installs it with npm)")
    # Evaluated by the test driver, not added as a <script>: the page's CSP stays in force.
    page.evaluate(AXE.read_text())
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
