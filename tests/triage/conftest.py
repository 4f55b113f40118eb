"""A published verdict to find again: the claim about exports in the suite's standard article."""

import pytest

from factcheck import services
from factcheck.models import Claim
from tests.factories import live_claim, make_article

REPEAT_TEXT = (
    "Exports: the ministry's figures again\n\n"
    "Exports rose by 12 percent in 2023, the largest rise since 2010, according to the ministry. "
    "The harbour of the capital will get a new ferry terminal next spring. "
    "Many readers think the government should publish its trade tables every month."
)


def publish(claim: Claim, editor, *, slug: str = "false", with_source: bool = True):
    sources = []
    if with_source:
        sources.append(
            services.source_add(
                claim=claim,
                user=editor,
                url="https://stats.example/exports-2023",
                stance="refutes",
                title="Exports 2023, national statistics office",
                passage="Exports grew by 8.1% in 2023.",
            )
        )
    return services.verdict_publish(
        claim=claim,
        editor=editor,
        label=claim.rating_scale.labels.get(slug=slug),
        summary="Exports rose 8%, not 12%.",
        explanation="The statistics office puts the rise at 8.1 percent.",
        sources=sources,
        quorum_override_reason="The statistics office's table settles it.",
    )


@pytest.fixture
def checked(article, editor):
    """The exports claim of the standard article, with a published False verdict."""
    claim = live_claim(article, "exports rose")
    verdict = publish(claim, editor)
    claim.refresh_from_db()
    return claim, verdict


@pytest.fixture
def repeat(checked, outlet, django_capture_on_commit_callbacks):
    """A second article, ingested after the verdict, that repeats the checked claim; its claims'
    suggestions stored (the task the upload queues once it commits, run here)."""
    from factcheck.models import Outlet

    other = Outlet.objects.create(name="Evening Example")
    with django_capture_on_commit_callbacks(execute=True):
        return make_article(REPEAT_TEXT, outlet=other)


def repeated_claim(article):
    return live_claim(article, "Exports rose by 12 percent")
