"""The production settings, with the few environment defaults a test run needs.

Tests run with DEBUG off, as production does; only what needs HTTPS or a worker is relaxed.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-not-for-production")
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "0")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("FACTCHECK_TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A mailer, as production with EMAIL_HOST has; the test runner keeps its messages in memory.
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

# No collectstatic in tests: WhiteNoise serves straight from the finders, as in development.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# One process runs the suite, so the cache may be its own memory (the schema tests even read the API
# before any database exists). The shared backends production uses (Redis, the database table) are
# exercised by tests/test_shared_state.py and tests/scale/.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# A second alias for the same database, as a read replica would be; the router is switched on only
# by the tests that exercise it (tests/test_routers.py).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
