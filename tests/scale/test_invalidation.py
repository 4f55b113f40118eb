"""Every change the public sees reaches every cached public read at once.

The public verdict page, the public index, the anonymous API reads (list, detail, the claim's
annotation) and the exports are cached under one public version (factcheck.public_cache). For each
change the issue names (publish, correction, unpublish, a changed source or outlet) and for each of
those reads: the warm cache and a client's ETag are both dropped, and the next answer shows the
change. A change nobody outside the desk can see leaves them all cached.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from factcheck import public_cache, services
from factcheck.models import Source, Verdict
from tests.factories import live_claim


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """What happens when a service's transaction commits (tests run inside one that never does)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def source(article, reviewer):
    claim = live_claim(article, "12 percent")
    return services.source_add(
        claim=claim,
        user=reviewer,
        url="https://stats.example.org/exports-2024",
        stance="refutes",
        title="Exports bulletin 2024",
        publisher="Statistics Office",
    )


@pytest.fixture
def published(source, editor, committed):
    with committed():
        return services.verdict_publish(
            claim=source.claim,
            editor=editor,
            label=source.claim.rating_scale.labels.get(slug="false"),
            summary="Exports rose 8 percent, not 12.",
            explanation="The statistics office reports 8 percent.",
            sources=[source],
            quorum_override_reason="Test",
        )


@pytest.fixture
def admin_client(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


def public_urls(verdict: Verdict) -> dict[str, str]:
    claim = verdict.claim
    return {
        "page": verdict.get_absolute_url(),
        "index": reverse("factcheck:public_verdicts"),
        "api list": "/api/v1/verdicts/",
        "api detail": f"/api/v1/verdicts/{verdict.pk}/",
        "annotation": f"/api/v1/claims/{claim.pk}/annotation/",
        "csv export": "/api/v1/exports/verdicts.csv",
        "jsonl export": "/api/v1/exports/verdicts.jsonl",
    }


def read(client: Client, url: str, etag: str | None = None) -> tuple[int, str, str]:
    """(status, ETag, body) of an anonymous read, following a slug redirect."""
    headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    response = client.get(url, follow=True, **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, response.get("ETag", ""), body.decode()


def warm(urls: dict[str, str]) -> dict[str, tuple[int, str, str]]:
    """Read every public URL twice (the second from the cache) and check a 304 for its ETag."""
    client = Client()
    answers = {}
    for name, url in urls.items():
        first = read(client, url)
        assert first[0] == 200 and first[1], (name, first[:2])
        assert read(client, url) == first, name  # the same answer, from the cache
        assert read(client, url, etag=first[1])[0] == 304, name
        answers[name] = first
    return answers


def assert_all_fresh(urls, before, *, shows=None, hides=None, gone=()):
    """Each URL's old ETag no longer matches; its answer shows `shows` and not `hides`; the URLs
    in `gone` are 404 now."""
    client = Client()
    for name, url in urls.items():
        status, etag, body = read(client, url, etag=before[name][1])
        if name in gone:
            assert status == 404, (name, status)
            continue
        assert status == 200, (name, status)
        assert etag != before[name][1], name
        if shows is not None:
            assert shows in body, (name, shows)
        if hides is not None:
            assert hides not in body, (name, hides)


# Where a verdict's text shows: the annotation and the ETag-only reads carry no summary.
SUMMARY_SHOWN = ("page", "index", "api list", "api detail", "csv export", "jsonl export")
# The exports carry a source's URL only.
SOURCE_SHOWN = ("page", "api list", "api detail")


def test_publishing_another_verdict_refreshes_every_public_read(
    published, article, editor, committed
):
    urls = public_urls(published)
    before = warm(urls)
    claim = live_claim(article, "40,000 new jobs")
    with committed():
        services.verdict_publish(
            claim=claim,
            editor=editor,
            label=claim.rating_scale.labels.get(slug="true"),
            summary="Forty thousand jobs, as claimed.",
            explanation="Checked.",
            quorum_override_reason="Test",
        )
    assert_all_fresh(urls, before)
    client = Client()
    for name in ("index", "api list", "csv export", "jsonl export"):
        assert "Forty thousand jobs" in read(client, urls[name])[2], name


def test_a_correction_refreshes_every_public_read(published, editor, committed):
    urls = public_urls(published)
    before = warm(urls)
    with committed():
        services.verdict_correct(
            claim=published.claim,
            editor=editor,
            label=published.label,
            summary="Exports rose 9 percent, not 12.",
            explanation="The office revised its figure.",
            correction_note="The office revised 8 to 9 percent.",
            sources=list(published.sources.all()),
            expected_revision=1,
        )
    current = Verdict.objects.get(claim=published.claim, is_current=True)
    # The old revision's API id answers 404 now; the new one's is fresh.
    assert Client().get(urls["api detail"]).status_code == 404
    urls["api detail"] = f"/api/v1/verdicts/{current.pk}/"
    before["api detail"] = (200, "", "")
    assert_all_fresh(
        {name: urls[name] for name in SUMMARY_SHOWN},
        before,
        shows="Exports rose 9 percent",
        hides="Exports rose 8 percent",
    )
    assert_all_fresh({"annotation": urls["annotation"]}, before)


# A published verdict and its sources are the public record: the admin shows them read-only and
# refuses to delete them (corrections add a revision). What remains is a deletion outside the app's
# pages (an operator's shell, a cascade), which the deletion signals turn into a new public version.


def test_the_admin_offers_no_way_to_unpublish_or_edit_a_published_record(
    published, source, admin_client
):
    assert (
        admin_client.post(
            reverse("admin:factcheck_verdict_delete", args=[published.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    admin_client.post(
        reverse("admin:factcheck_source_change", args=[source.pk]),
        {"claim": source.claim_id, "url": source.url, "title": "Changed", "stance": "supports"},
    )
    assert Source.objects.get(pk=source.pk).title == "Exports bulletin 2024"
    assert Verdict.objects.filter(pk=published.pk).exists()


def test_unpublishing_takes_the_verdict_off_every_public_read(published, committed):
    urls = public_urls(published)
    before = warm(urls)
    with committed():
        Verdict.objects.filter(claim=published.claim).delete()
    gone = ("page", "api detail", "annotation")
    assert_all_fresh(urls, before, hides="Exports rose 8 percent", gone=gone)


def test_a_source_removed_from_a_published_verdict_leaves_every_public_read(
    published, source, committed
):
    urls = public_urls(published)
    before = warm(urls)
    assert "Exports bulletin 2024" in before["page"][2]
    with committed():
        Source.objects.filter(pk=source.pk).delete()
    assert_all_fresh(urls, before)
    client = Client()
    for name in SOURCE_SHOWN:
        assert "Exports bulletin 2024" not in read(client, urls[name])[2], name
    assert source.url not in read(client, urls["jsonl export"])[2]


def test_an_outlet_renamed_in_the_admin_shows_on_every_public_read(
    published, admin_client, committed
):
    urls = public_urls(published)
    before = warm(urls)
    outlet = published.claim.article.outlet
    assert "Daily Example" in before["page"][2]
    with committed():
        response = admin_client.post(
            reverse("admin:factcheck_outlet_change", args=[outlet.pk]),
            {"name": "Renamed Gazette", "homepage": "", "notes": "", "state_affiliated": "on"},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert_all_fresh(urls, before)
    client = Client()
    page = read(client, urls["page"])[2]
    assert "Renamed Gazette" in page and "state-affiliated" in page
    assert "Daily Example" not in page


def test_restoring_a_backup_refreshes_every_public_read(published, committed, tmp_path):
    """A restore replaces what the public sees wholesale (loaddata sends no signal the cache
    listens to): nothing cached before it may outlive it."""
    backup = tmp_path / "desk.json"
    call_command("backup_desk", output=str(backup), verbosity=0)
    urls = public_urls(published)
    before = warm(urls)
    with committed():
        call_command("restore_desk", str(backup), force=True, verbosity=0)
    assert_all_fresh(urls, before, shows=None)


def test_a_change_the_public_cannot_see_keeps_every_public_read_cached(
    published, article, reviewer, committed
):
    urls = public_urls(published)
    before = warm(urls)
    token = public_cache.version()
    claim = live_claim(article, "40,000 new jobs")
    with committed():
        services.source_add(
            claim=claim, user=reviewer, url="https://example.org/jobs", stance="supports"
        )
        services.comment_add(claim=claim, author=reviewer, body="Checking the jobs figure.")
    assert public_cache.version() == token
    client = Client()
    for name, url in urls.items():
        assert read(client, url, etag=before[name][1])[0] == 304, name
