"""Scale: denormalised queue columns on claims, keyset-friendly indexes, and full-text search.

The queue columns are backfilled from the rows they summarise. On PostgreSQL, articles, claims and
verdicts also get a stored, generated `search_document` tsvector with a GIN index (see
factcheck/search.py); SQLite searches with a LIKE fallback and has no such column.
"""

import django.db.models.functions.comparison
import django.db.models.functions.math
from django.db import migrations, models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery

SEARCH_DOCUMENTS = {
    # table: the weighted document it is searched by
    "factcheck_article": "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(text, '')), 'B')",
    "factcheck_claim": "to_tsvector('english', coalesce(wording, ''))",
    "factcheck_verdict": "setweight(to_tsvector('english', coalesce(summary, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(explanation, '')), 'B')",
}


def add_search_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, document in SEARCH_DOCUMENTS.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_document tsvector "
            f"GENERATED ALWAYS AS ({document}) STORED"
        )
        # Full-text search of the article list, the claims API and the public verdict index.
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search ON {table} USING gin (search_document)"
        )


def drop_search_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SEARCH_DOCUMENTS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_document")


def backfill(apps, schema_editor):
    from factcheck.consensus import needs_discussion

    Claim = apps.get_model("factcheck", "Claim")
    Article = apps.get_model("factcheck", "Article")
    Assignment = apps.get_model("factcheck", "Assignment")
    Rating = apps.get_model("factcheck", "Rating")
    Claim.objects.update(
        article_created_at=Subquery(
            Article.objects.filter(pk=OuterRef("article_id")).values("created_at")[:1]
        ),
        is_assigned=Exists(Assignment.objects.filter(claim=OuterRef("pk"))),
    )
    counts = Rating.objects.values("claim").annotate(n=Count("pk")).values("n")
    Claim.objects.filter(Exists(Rating.objects.filter(claim=OuterRef("pk")))).update(
        ratings_count=Subquery(counts.filter(claim=OuterRef("pk"))[:1])
    )
    flagged = []
    ratings = Rating.objects.filter(claim__ratings_count__gte=2).select_related("label")
    by_claim: dict[int, list] = {}
    for rating in ratings.order_by("claim_id").iterator(chunk_size=5000):
        by_claim.setdefault(rating.claim_id, []).append(rating)
    for claim_id, rs in by_claim.items():
        if needs_discussion([r.label_id for r in rs], [r.label.value for r in rs]):
            flagged.append(claim_id)
    for i in range(0, len(flagged), 5000):
        Claim.objects.filter(pk__in=flagged[i : i + 5000]).update(needs_discussion=True)
    Assignment.objects.filter(
        Exists(Rating.objects.filter(claim=OuterRef("claim"), reviewer=OuterRef("reviewer")))
    ).update(completed_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0005_triage")]

    operations = [
        migrations.RemoveIndex(model_name="article", name="article_status_created"),
        migrations.RemoveIndex(model_name="article", name="article_outlet_created"),
        migrations.RemoveIndex(model_name="verdict", name="verdict_current_pub"),
        migrations.AddField(
            model_name="assignment",
            name="completed_at",
            field=models.DateTimeField(
                blank=True, help_text="When the reviewer submitted their rating.", null=True
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="article_created_at",
            field=models.DateTimeField(
                editable=False, null=True, help_text="When the claim's article arrived (queue recency)."
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="is_assigned",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="claim",
            name="needs_discussion",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="No majority, or ratings two or more steps apart.",
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="queue_band",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.comparison.Cast(
                    django.db.models.functions.math.Floor(F("score") * 10), models.IntegerField()
                ),
                output_field=models.IntegerField(),
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="ratings_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="claim",
            name="article_created_at",
            field=models.DateTimeField(
                editable=False, help_text="When the claim's article arrived (queue recency)."
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["-created_at", "-id"], name="article_created"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["status", "-created_at", "-id"], name="article_status_created"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["outlet", "-created_at", "-id"], name="article_outlet_created"),
        ),
        migrations.AddIndex(
            model_name="verdict",
            index=models.Index(
                fields=["-published_at", "-id"],
                condition=Q(is_current=True),
                name="verdict_current_pub",
            ),
        ),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(
                fields=["reviewer", "claim"],
                condition=Q(completed_at__isnull=True),
                name="assignment_open",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                F("priority").desc(),
                F("is_assigned"),
                F("queue_band").desc(),
                F("article_created_at").desc(),
                F("score").desc(),
                F("id"),
                condition=Q(status="candidate"),
                name="claim_candidate_queue",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                F("score").desc(), F("id"), condition=Q(status="selected"), name="claim_selected_queue"
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                F("score").desc(),
                F("id"),
                condition=Q(status="selected", needs_discussion=True),
                name="claim_discussion_queue",
            ),
        ),
        migrations.RunPython(add_search_documents, drop_search_documents),
    ]
