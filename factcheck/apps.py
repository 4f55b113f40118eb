import gc
import logging

from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

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


def desk_members_changed(sender, **kwargs) -> None:
    # The selectors load on the first change, not when Django starts (bench/startup.py).
    from factcheck import selectors

    selectors.desk_members_changed(sender, **kwargs)


def desk_snapshot_changed(sender, **kwargs) -> None:
    from factcheck.consensus import reports

    reports.desk_snapshot_changed(sender, **kwargs)


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
        # The desk's people are cached by name (selectors.assignable_reviewers): forgotten when a
        # person changes or joins or leaves a group, whoever changes them (admin, commands).
        from django.contrib.auth import get_user_model

        user = get_user_model()
        post_save.connect(desk_members_changed, sender=user, dispatch_uid="members-saved")
        post_delete.connect(desk_members_changed, sender=user, dispatch_uid="members-deleted")
        m2m_changed.connect(
            desk_members_changed, sender=user.groups.through, dispatch_uid="members-groups"
        )
        post_save.connect(desk_members_changed, sender="auth.Group", dispatch_uid="members-group")
        post_delete.connect(
            desk_members_changed, sender="auth.Group", dispatch_uid="members-group-deleted"
        )
        post_save.connect(
            desk_snapshot_changed, sender="factcheck.DeskSnapshot", dispatch_uid="snapshot-saved"
        )
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
