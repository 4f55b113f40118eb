"""Exports of published verdicts: CSV, JSON Lines, ClaimReview feed; streamed, conditional, and the
same ClaimReview as the public page."""

import csv
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factcheck import selectors, services
from factcheck.api import exports
from factcheck.api.exports import CSV_COLUMNS
from factcheck.claimreview import claim_review
from factcheck.models import RatingScale
from tests.api.conftest import publish
from tests.factories import OutletFactory, live_claim, make_article_with_claims


def _body(response) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


@pytest.fixture
def corrected(published, editor):
    return services.verdict_correct(
        claim=published.claim,
        editor=editor,
        label=published.claim.rating_scale.labels.get(slug="mostly-false"),
        summary="Exports rose 9 percent, not 12.",
        explanation="Revised figures.",
        correction_note="The office revised its figure.",
        sources=list(published.sources.all()),
    )


def test_csv_has_every_published_verdict_and_nothing_else(anon, corrected, unpublished):
    response = anon.get("/api/v1/exports/verdicts.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(_body(response).decode())))
    assert list(rows[0]) == CSV_COLUMNS
    assert len(rows) == 1 and response["X-Total-Count"] == "1"
    row = rows[0]
    claim = corrected.claim
    assert row["verdict_id"] == str(corrected.pk)
    assert row["claim"] == claim.wording and row["quote"] == claim.quote
    assert row["claimant"] == claim.claimant and row["outlet"] == "Daily Example"
    assert row["article_title"] == claim.article.title
    assert row["label"] == "Mostly false" and row["rating_value"] == "3"
    assert (row["best_rating"], row["worst_rating"]) == ("6", "1")
    assert row["summary"] == corrected.summary and row["explanation"] == "Revised figures."
    assert row["source_urls"] == "https://stats.example/exports-2023"
    assert row["editor"] == "elena" and row["revision"] == "2"
    assert row["url"].endswith(corrected.get_absolute_url())
    assert row["published_at"] < row["updated_at"]
    assert unpublished.wording not in _body(anon.get("/api/v1/exports/verdicts.csv")).decode()


def test_jsonl_is_one_object_per_line(anon, published, editor):
    article = make_article_with_claims(3)
    for claim in article.claims.all():
        publish(claim, editor)
    lines = _body(anon.get("/api/v1/exports/verdicts.jsonl")).decode().splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 4
    assert records[0]["verdict_id"] == published.pk  # oldest update first
    assert records[0]["source_urls"] == ["https://stats.example/exports-2023"]
    assert records[0]["article"]["outlet"] == "Daily Example"
    assert records[0]["rating"] == {"value": 2, "best": 6, "worst": 1, "scale": "truth-o-meter"}
    assert [r["updated_at"] for r in records] == sorted(r["updated_at"] for r in records)


def test_exports_take_the_verdict_filters(anon, published, editor):
    article = make_article_with_claims(2)
    for claim in article.claims.all():
        publish(claim, editor, slug="true")
    assert _count(anon, label="true") == 2
    assert _count(anon, article=article.pk) == 2
    assert _count(anon, updated_since="2999-01-01") == 0
    assert _count(anon, search="8 percent") == 3
    assert anon.get("/api/v1/exports/verdicts.csv", {"since": "2020-01-01"}).status_code == 400


def _count(client, **params) -> int:
    response = client.get("/api/v1/exports/verdicts.jsonl", params)
    assert response.status_code == 200
    return len(_body(response).splitlines())


def _json_ld(body: str) -> dict:
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', body, re.S)
    return json.loads(match.group(1))


def test_the_claimreview_feed_holds_the_public_pages_claimreview(
    client, anon, corrected, editor, outlet
):
    other_article = make_article_with_claims(1, outlet=outlet)
    other = publish(other_article.claims.get(), editor, summary="Another.")
    response = anon.get("/api/v1/exports/claimreview.json")
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    feed = json.loads(_body(response))
    assert feed["@context"] == "https://schema.org" and feed["@type"] == "DataFeed"
    items = feed["dataFeedElement"]
    assert [i["url"] for i in items] == [
        exports.absolute(v.get_absolute_url()) for v in (corrected, other)
    ]
    for verdict, item in zip((corrected, other), items, strict=True):
        page = client.get(verdict.get_absolute_url(), follow=True).content.decode()
        assert item == _json_ld(page)
    review = items[0]
    assert review["@type"] == "ClaimReview"
    assert review["reviewRating"]["alternateName"] == "Mostly false"
    assert review["reviewRating"]["ratingValue"] == 3
    assert review["itemReviewed"]["@type"] == "Claim"
    assert review["datePublished"] < review["dateModified"]  # first publication, then correction


def test_exports_answer_conditional_requests(
    anon, published, editor, django_capture_on_commit_callbacks
):
    url = "/api/v1/exports/verdicts.csv"
    first = anon.get(url)
    _body(first)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('W/"') and modified
    again = anon.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and not again.content
    assert anon.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert anon.get("/api/v1/exports/verdicts.jsonl", HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert anon.get(url, {"label": "true"}, HTTP_IF_NONE_MATCH=etag).status_code == 200
    # Committed, as in production: the public version (the ETag's) moves on commit.
    with django_capture_on_commit_callbacks(execute=True):
        publish(make_article_with_claims(1).claims.get(), editor)
    changed = anon.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    stale = anon.get(url, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and stale.json()["error"]["code"] == "precondition_failed"


def test_exports_stream_in_chunks_with_a_fixed_number_of_queries(
    anon, editor, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(exports, "FLUSH_BYTES", 512)
    article = make_article_with_claims(12)
    claims = list(article.claims.all())

    def measure(fmt):
        with CaptureQueriesContext(connection) as ctx:
            response = anon.get(f"/api/v1/exports/{fmt}")
            chunks = list(response.streaming_content)
        return len(ctx), len(chunks)

    with django_capture_on_commit_callbacks(execute=True):
        for claim in claims[:3]:
            publish(claim, editor)
    few = {fmt: measure(fmt) for fmt in ("verdicts.csv", "verdicts.jsonl", "claimreview.json")}
    with django_capture_on_commit_callbacks(execute=True):
        for claim in claims[3:]:
            publish(claim, editor)
    for fmt, (queries, chunks) in few.items():
        more_queries, more_chunks = measure(fmt)
        assert more_queries == queries, fmt  # no query per row
        assert more_chunks > chunks, fmt  # output leaves as it is produced


def test_the_first_bytes_come_before_the_rows_are_read(anon, published):
    response = anon.get("/api/v1/exports/claimreview.json")
    stream = iter(response.streaming_content)
    assert next(stream)  # produced lazily, chunk by chunk
    response.close()


def test_a_head_request_has_the_headers_and_no_body(anon, published):
    response = anon.head("/api/v1/exports/verdicts.csv")
    assert response.status_code == 200 and response["ETag"] and not response.content


# --- export_verdicts ------------------------------------------------------------------------------


def test_the_command_writes_the_same_export(anon, corrected, tmp_path):
    out = tmp_path / "verdicts.csv"
    call_command("export_verdicts", "--format", "csv", "-o", str(out), "--no-progress")
    assert out.read_bytes() == _body(anon.get("/api/v1/exports/verdicts.csv"))
    feed = tmp_path / "feed.json"
    call_command("export_verdicts", "--format", "claimreview", "-o", str(feed))
    items = json.loads(feed.read_text())["dataFeedElement"]
    assert len(items) == 1


def test_the_command_filters_by_date(corrected, tmp_path):
    out = tmp_path / "v.jsonl"
    call_command("export_verdicts", "--format", "jsonl", "--since", "2999-01-01", "-o", str(out))
    assert out.read_text() == ""
    call_command("export_verdicts", "--format", "jsonl", "--since", "2000-01-01", "-o", str(out))
    assert len(out.read_text().splitlines()) == 1
    with pytest.raises(CommandError, match="--since"):
        call_command("export_verdicts", "--format", "jsonl", "--since", "soon")


def test_the_verdict_url_matches_the_model(published):
    url = exports.VerdictUrl()
    assert url(published.claim_id, published.summary) == exports.absolute(
        published.get_absolute_url()
    )
    assert url(3, "!!!").endswith("/3/verdict/")


def test_the_fast_row_reader_reads_what_the_orm_reads(corrected, editor):
    publish(make_article_with_claims(2).claims.first(), editor)
    rows = exports.export_rows(selectors.published_verdicts(dated=True))
    fast = list(exports.iter_rows(rows))
    assert fast == list(rows.iterator())
    assert [r[-1].isoformat() for r in fast] == [r[-1].isoformat() for r in rows]


# --- Byte for byte what csv.writer and json.dumps write -------------------------------------------

AWKWARD_TEXT = (
    'Ministerio: "las exportaciones subieron 12%", dice\n\n'
    "El ministerio de comercio dijo el lunes que las exportaciones subieron un 12 por ciento en "
    "2023, el mayor aumento desde 2010. Los funcionarios dijeron que se crearon 40.000 empleos. "
    'La oposición dijo que el ministerio contó "dos veces" las reexportaciones, según Ana Núñez.'
)


@pytest.fixture
def awkward(editor, reviewer):
    """Published verdicts whose every text has something a writer must get right: quotes, commas,
    line breaks (\\n and \\r\\n), non-ASCII; an article with no outlet, URL or date; several sources;
    a correction; another language."""
    outlet = OutletFactory(name='Diario "El Sur", Lima')
    spanish = services.article_ingest(
        content=AWKWARD_TEXT, outlet=outlet, url="https://sur.example/a?x=1,2", language="es"
    ).article
    plain = make_article_with_claims(2)
    plain.refresh_from_db()
    assert plain.outlet is None and not plain.url
    claim = live_claim(spanish, "12 por ciento")
    claim = services.claim_reword(
        claim=claim,
        editor=editor,
        wording='Las exportaciones "subieron" 12 %,\r\nsegún el ministerio — ¿verdad?',
        claimant="Ministerio de Comercio, Perú",
    )
    sources = [
        services.source_add(
            claim=claim, user=reviewer, url=url, stance="refutes", title='Cuadro, "oficial"'
        )
        for url in ("https://ine.example/t?a=1,2", "https://ine.example/ñ")
    ]
    first = services.verdict_publish(
        claim=claim,
        editor=editor,
        label=claim.rating_scale.labels.get(slug="false"),
        summary='Subieron 8 %, no 12: "según el INE", y nada más',
        claim_reviewed='"12 %" de aumento, dicho así',
        explanation='El **INE** dice 8 %, no 12.\r\n\r\n- una, "dos"\n- tres, 四\n\nFin; 😀',
        sources=sources,
        quorum_override_reason="Tests",
    )
    services.verdict_correct(
        claim=claim,
        editor=editor,
        label=claim.rating_scale.labels.get(slug="mostly-false"),
        summary=first.summary,
        explanation=first.explanation + "\nCorregido.",
        correction_note='Cifra revisada, "otra vez",\nsegunda línea',
        sources=sources,
    )
    for plain_claim in plain.claims.all():
        publish(plain_claim, editor, slug="true", summary="Plain, with a comma")


def _reference_rows():
    """The exported verdicts' fields read through the models, one dict a verdict, oldest first."""
    verdicts = (
        selectors.published_verdicts(dated=True)
        .select_related("claim__article__outlet", "claim__rating_scale", "label", "editor")
        .order_by("published_at", "id")
    )
    for v in verdicts:
        claim, article = v.claim, v.claim.article
        scale = claim.rating_scale
        numeric = scale.kind != RatingScale.Kind.CONCLUSION
        outlet = article.outlet.name if article.outlet else ""
        editor = v.editor.get_full_name() or v.editor.username
        yield (
            v,
            {
                "verdict_id": v.pk,
                "url": exports.absolute(v.get_absolute_url()),
                "claim_id": claim.pk,
                "claim": claim.wording,
                "claim_reviewed": v.claim_reviewed,
                "quote": claim.quote,
                "claimant": claim.claimant or outlet,
                "article": {
                    "id": article.pk,
                    "title": article.title,
                    "url": article.url,
                    "outlet": outlet,
                    "date": article.published.isoformat() if article.published else None,
                },
                "label": v.label.name,
                "label_slug": v.label.slug,
                "rating": {
                    "value": v.label.value if numeric else None,
                    "best": scale.best_value if numeric else None,
                    "worst": scale.worst_value if numeric else None,
                    "scale": scale.slug,
                },
                "summary": v.summary,
                "explanation": v.explanation,
                "correction_note": v.correction_note,
                "source_urls": [s.url for s in v.sources.order_by("id")],
                "editor": editor,
                "revision": v.revision,
                "published_at": v.first_published_at.isoformat(),
                "updated_at": v.published_at.isoformat(),
            },
        )


def test_the_csv_is_what_csv_writer_writes(awkward):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for _, r in _reference_rows():
        a, rating = r["article"], r["rating"]
        writer.writerow(
            [
                *(r[k] for k in ("verdict_id", "url", "claim_id", "claim", "claim_reviewed")),
                *(r[k] for k in ("quote", "claimant")),
                *(a[k] for k in ("id", "title", "url", "outlet")),
                a["date"] or "",
                r["label"],
                r["label_slug"],
                *(rating[k] for k in ("value", "best", "worst", "scale")),
                *(r[k] for k in ("summary", "explanation", "correction_note")),
                " ".join(r["source_urls"]),
                *(r[k] for k in ("editor", "revision", "published_at", "updated_at")),
            ]
        )
    expected = buffer.getvalue().encode()
    assert b'"Diario ""El Sur"", Lima"' in expected
    got = b"".join(exports.stream("csv", selectors.published_verdicts(dated=True)))
    assert got == expected


def test_the_jsonl_is_what_json_dumps_writes(awkward):
    expected = "".join(
        json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n"
        for _, r in _reference_rows()
    ).encode()
    assert len(expected.splitlines()) == 3 and "según".encode() in expected
    assert b"".join(exports.stream("jsonl", selectors.published_verdicts(dated=True))) == expected


def test_the_feed_holds_each_verdicts_claimreview(awkward):
    verdicts = selectors.published_verdicts(dated=True)
    feed = json.loads(b"".join(exports.stream("claimreview", verdicts)))
    reviews = [claim_review(v, first_published=v.first_published_at) for v, _ in _reference_rows()]
    assert feed["dataFeedElement"] == json.loads(json.dumps(reviews))
    assert feed["dataFeedElement"][0]["correction"]["text"].startswith("Cifra revisada")


def test_csv_fields_are_quoted_as_csv_writer_quotes_them():
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for value in ["", "plain", 'a "b"', "a,b", "a\nb", "a\rb", " lead", "trail ", "ñ,ü", '"', ","]:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([value, "x"])
        assert exports.csv_field(value) + ",x\r\n" == buffer.getvalue(), value
