from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_table(sender, using: str = "default", **kwargs) -> None:
    """`migrate` also creates the database cache's table when the cache lives in the database, so
    `make run`, the tests and docker-compose's migrate step need no extra command."""
    call_command("createcachetable", database=using, verbosity=0)


class FactcheckConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "factcheck"
    verbose_name = "Fact-checking desk"

    def ready(self) -> None:
        from factcheck import public_cache

        post_migrate.connect(create_cache_table, sender=self)
        public_cache.connect_signals()
