import gc
import logging

from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate, post_save

logger = logging.getLogger(__name__)


def create_cache_table(sender, using: str = "default", **kwargs) -> None:
    """`migrate` also creates the database cache's table when the cache lives in the database, so
    `make run`, the tests and docker-compose's migrate step need no extra command."""
    call_command("createcachetable", database=using, verbosity=0)


def schedule_daily_digest(sender, **kwargs) -> None:
    """Every `migrate` (each deploy, each `make run`) makes sure the daily digest is scheduled: if
    its chain of runs was ever broken, this starts it again; if not, the extra run collapses into
    the chain (services.notifications.digest_run)."""
    from factcheck.services import notifications

    try:
        slot = notifications.digest_schedule()
    except Exception:
        # The task queue's own table may not exist yet (a partial migrate); never fail migrate.
        logger.warning("Could not schedule the daily digest", exc_info=True)
        return
    if slot is not None and kwargs.get("verbosity", 1) >= 2:
        logger.info("Daily digest scheduled for %s", slot.isoformat())


def matching_verdict_saved(sender, **kwargs) -> None:
    # The matcher (NumPy and its models) loads when a verdict is saved, not when Django starts:
    # every management command would pay for it (bench/startup.py).
    from factcheck.matching import store

    store.verdict_saved(sender, **kwargs)


class FactcheckConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "factcheck"
    verbose_name = "Fact-checking desk"

    def ready(self) -> None:
        from factcheck import i18n, public_cache  # noqa: F401  (i18n: the sign-in receiver)

        post_migrate.connect(create_cache_table, sender=self)
        public_cache.connect_signals()
        post_migrate.connect(schedule_daily_digest, sender=self)
        # Verdicts are written by several services (publish, correct, reuse); the matcher's corpus
        # must follow every one of them, so it listens here rather than in each.
        post_save.connect(
            matching_verdict_saved,
            sender="factcheck.Verdict",
            dispatch_uid="matching-verdict-saved",
        )
        # Start-up is over (the apps, the models and the admin are loaded): what it allocated lives as
        # long as the process, so the cyclic collector need not scan it again, neither in each full
        # collection of a web process or worker nor in those every command runs on exit (`manage.py
        # help`: 8% fewer instructions, bench/startup.py).
        gc.freeze()
