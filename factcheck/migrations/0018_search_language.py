"""Claims and verdicts are searched in their own language (issue 14).

Until now only articles were stemmed in their language (0009); claims and verdicts held English stems
plus the unstemmed words. Now a claim carries its article's language (copied by the services, which
never change an article's language after ingestion) and a verdict the language it is written in
(detected from its text when published), and both documents are stemmed in it, keeping the `simple`
words so that names and numbers still match across languages. factcheck/search.py already parses each
query with every configuration.
"""

import importlib

from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

search_0009 = importlib.import_module("factcheck.migrations.0009_search_per_language")
CONFIG = search_0009.CONFIG_OF_LANGUAGE

DOCUMENTS = {
    "factcheck_claim": (
        f"to_tsvector({CONFIG}, coalesce(wording, '')) || "
        "to_tsvector('simple', coalesce(wording, ''))"
    ),
    "factcheck_verdict": (
        f"setweight(to_tsvector({CONFIG}, coalesce(summary, '')), 'A') || "
        "setweight(to_tsvector('simple', coalesce(summary, '')), 'A') || "
        f"setweight(to_tsvector({CONFIG}, coalesce(explanation, '')), 'B') || "
        "setweight(to_tsvector('simple', coalesce(explanation, '')), 'B')"
    ),
}
PREVIOUS = {table: search_0009.DOCUMENTS[table] for table in DOCUMENTS}


def fill_languages(apps, schema_editor):
    Article = apps.get_model("factcheck", "Article")
    Claim = apps.get_model("factcheck", "Claim")
    Verdict = apps.get_model("factcheck", "Verdict")
    Claim.objects.update(
        language=Subquery(Article.objects.filter(pk=OuterRef("article_id")).values("language")[:1])
    )
    from factcheck.extraction.detect import detect_language

    fallback = settings.LANGUAGE_CODE.split("-")[0]
    batch = []
    for verdict in Verdict.objects.only("pk", "summary", "explanation").iterator(chunk_size=500):
        verdict.language = detect_language(
            f"{verdict.summary}\n{verdict.explanation}", fallback=fallback
        )
        batch.append(verdict)
        if len(batch) == 500:
            Verdict.objects.bulk_update(batch, ["language"])
            batch = []
    Verdict.objects.bulk_update(batch, ["language"])


def forwards(apps, schema_editor):
    search_0009._rebuild(schema_editor, DOCUMENTS)


def backwards(apps, schema_editor):
    search_0009._rebuild(schema_editor, PREVIOUS)


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0017_rating_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="language",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="The article's language, kept in step by the services: search stems in it.",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="language",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="The article's language, kept in step by the services: search stems in it.",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="historicalverdict",
            name="language",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="The language the verdict is written in, detected from its text when published: ClaimReview's inLanguage, and what search stems it in.",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="verdict",
            name="language",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="The language the verdict is written in, detected from its text when published: ClaimReview's inLanguage, and what search stems it in.",
                max_length=16,
            ),
        ),
        migrations.RunPython(fill_languages, migrations.RunPython.noop),
        migrations.RunPython(forwards, backwards),
    ]
