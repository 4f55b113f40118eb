"""Factories for the desk's objects. Articles and claims are made by the real extraction service."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from factcheck import access, services
from factcheck.models import Article, Claim, Outlet, RatingScale

User = get_user_model()

ARTICLE_TEXT = (
    "Ministry says exports rose 12 percent in 2023\n\n"
    "The trade ministry said on Monday that exports rose by 12 percent in 2023, the largest rise "
    "since 2010. Officials told reporters that 40,000 new jobs were created in the sector. "
    "Critics think the figures may be misleading. The opposition leader, Maria Lopez, said the "
    "ministry counted re-exports twice."
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("pw-for-tests-only")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """`UserFactory(role="Editor")` joins that desk group; no role by default."""
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class ReviewerFactory(UserFactory):
    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=extracted or access.REVIEWER_GROUP))


class EditorFactory(UserFactory):
    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=extracted or access.EDITOR_GROUP))


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Outlet {n}")
    homepage = factory.LazyAttribute(lambda o: f"https://{o.name.lower().replace(' ', '')}.example")


def make_article(text: str = ARTICLE_TEXT, *, outlet: Outlet | None = None, **kwargs) -> Article:
    """An article ingested through the real pipeline (title, date, body, candidate claims)."""
    kwargs.setdefault("origin", Article.Origin.PASTE)
    return services.article_ingest(content=text, outlet=outlet, **kwargs).article


def make_article_with_claims(n: int, *, outlet: Outlet | None = None) -> Article:
    """An article whose body has `n` distinct sentences, so extraction yields `n` candidate claims."""
    sentences = [
        f"In {1900 + i % 120}, the city of Example{i} counted {1000 + i} residents and {i % 7 + 2} schools."
        for i in range(n)
    ]
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, n, 5)]
    return make_article(f"Article with {n} claims\n\n" + "\n\n".join(paragraphs), outlet=outlet)


def live_claim(article: Article, phrase: str = "") -> Claim:
    qs = article.claims.exclude(status__in=Claim.RETIRED).order_by("start")
    if phrase:
        qs = qs.filter(quote__contains=phrase)
    return qs.first()


def default_scale() -> RatingScale:
    return RatingScale.default()


def reinstall_migration_rows() -> None:
    """Put back what the data migration installs (groups, rating scales).

    Tests on a transactional database (live server, real threads) flush every table afterwards, so
    the next such test must restore these rows first. Idempotent.
    """
    import importlib

    from django.apps import apps

    importlib.import_module("factcheck.migrations.0002_roles_and_scales").install(apps, None)
    importlib.import_module("factcheck.migrations.0017_rating_names").install(apps, None)
