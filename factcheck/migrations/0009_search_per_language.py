"""Full-text search per article language (issue 14).

An article's `search_document` is built with the PostgreSQL text search configuration of its own
language (spanish, french, portuguese, german, english; `simple` for any other), so Spanish
articles are stemmed as Spanish. Claims and verdicts carry no language of their own: their
documents hold the English stems and the unstemmed (`simple`) words, so names and numbers match in
any language. factcheck/search.py parses each query with every configuration and ORs them, which
is what lets a query find the same name or figure across languages.

The mapping below mirrors `search_config` in factcheck/extraction/languages/*.toml; a new language
file needs a migration like this one to get its own stemming (until then it is searched `simple`).
"""

from django.db import migrations

CONFIG_OF_LANGUAGE = (
    "CASE language WHEN 'en' THEN 'english'::regconfig WHEN 'es' THEN 'spanish'::regconfig "
    "WHEN 'fr' THEN 'french'::regconfig WHEN 'pt' THEN 'portuguese'::regconfig "
    "WHEN 'de' THEN 'german'::regconfig ELSE 'simple'::regconfig END"
)

DOCUMENTS = {
    "factcheck_article": (
        f"setweight(to_tsvector({CONFIG_OF_LANGUAGE}, coalesce(title, '')), 'A') || "
        f"setweight(to_tsvector({CONFIG_OF_LANGUAGE}, coalesce(text, '')), 'B')"
    ),
    "factcheck_claim": (
        "to_tsvector('english', coalesce(wording, '')) || to_tsvector('simple', coalesce(wording, ''))"
    ),
    "factcheck_verdict": (
        "setweight(to_tsvector('english', coalesce(summary, '')), 'A') || "
        "setweight(to_tsvector('simple', coalesce(summary, '')), 'A') || "
        "setweight(to_tsvector('english', coalesce(explanation, '')), 'B') || "
        "setweight(to_tsvector('simple', coalesce(explanation, '')), 'B')"
    ),
}

# What 0006_scale created, to go back to.
PREVIOUS = {
    "factcheck_article": "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(text, '')), 'B')",
    "factcheck_claim": "to_tsvector('english', coalesce(wording, ''))",
    "factcheck_verdict": "setweight(to_tsvector('english', coalesce(summary, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(explanation, '')), 'B')",
}


def _rebuild(schema_editor, documents):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, document in documents.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_document")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_document tsvector "
            f"GENERATED ALWAYS AS ({document}) STORED"
        )
        # Full-text search of the article list, the claims API and the public verdict index.
        schema_editor.execute(f"CREATE INDEX {table}_search ON {table} USING gin (search_document)")


def forwards(apps, schema_editor):
    _rebuild(schema_editor, DOCUMENTS)


def backwards(apps, schema_editor):
    _rebuild(schema_editor, PREVIOUS)


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0008_claim_list_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
