"""Triage: the editor's priority on claims, claims already checked (ClaimMatch, Verdict.reused_from),
and on PostgreSQL the pg_trgm extension and the indexes the matcher searches published claims with.

The PostgreSQL-only steps are no-ops on SQLite: `TrigramExtension` checks the vendor itself, and the
indexes are created by `_postgres_indexes`, which does nothing elsewhere.
"""

import django.db.models.deletion
from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

# Both partial: the matcher only ever searches claims whose verdict is published.
_INDEXES = [
    # matching.candidates on PostgreSQL: `wording % %s` (trigram similarity) among published claims.
    "CREATE INDEX IF NOT EXISTS claim_wording_trgm ON factcheck_claim "
    "USING gin (wording gin_trgm_ops) WHERE status = 'published'",
    # matching.candidates on PostgreSQL: full-text `@@ to_tsquery('english', ...)` among published claims.
    "CREATE INDEX IF NOT EXISTS claim_wording_fts ON factcheck_claim "
    "USING gin (to_tsvector('english', wording)) WHERE status = 'published'",
]


def _postgres_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in _INDEXES:
        schema_editor.execute(sql)


def _drop_postgres_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS claim_wording_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS claim_wording_fts")


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("factcheck", "0004_consensus"),
    ]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name='ClaimMatch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('score', models.FloatField(help_text='Similarity in [0, 1] when suggested.')),
                ('method', models.CharField(help_text='Which matcher found it.', max_length=20)),
                ('status', models.CharField(choices=[('suggested', 'Suggested'), ('confirmed', 'Confirmed'), ('rejected', 'Rejected')], default='suggested', max_length=20)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'ordering': ['-score', 'id'],
            },
        ),
        migrations.AddField(
            model_name='claim',
            name='priority',
            field=models.SmallIntegerField(default=0, help_text="An editor's re-rank in the triage queue, from -3 (later) to +3 (sooner)."),
        ),
        migrations.AddField(
            model_name='historicalclaim',
            name='priority',
            field=models.SmallIntegerField(default=0, help_text="An editor's re-rank in the triage queue, from -3 (later) to +3 (sooner)."),
        ),
        migrations.AddField(
            model_name='historicalverdict',
            name='reused_from',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The earlier verdict on the same claim that this one reuses (claims already checked).', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='factcheck.verdict'),
        ),
        migrations.AddField(
            model_name='verdict',
            name='reused_from',
            field=models.ForeignKey(blank=True, help_text='The earlier verdict on the same claim that this one reuses (claims already checked).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reused_by', to='factcheck.verdict'),
        ),
        migrations.AddConstraint(
            model_name='claim',
            constraint=models.CheckConstraint(condition=models.Q(('priority__gte', -3), ('priority__lte', 3)), name='claim_priority_range'),
        ),
        migrations.AddField(
            model_name='claimmatch',
            name='claim',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='matches', to='factcheck.claim'),
        ),
        migrations.AddField(
            model_name='claimmatch',
            name='decided_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='claimmatch',
            name='match',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='matched_by', to='factcheck.claim'),
        ),
        migrations.AddConstraint(
            model_name='claimmatch',
            constraint=models.UniqueConstraint(fields=('claim', 'match'), name='one_match_per_pair'),
        ),
        migrations.AddConstraint(
            model_name='claimmatch',
            constraint=models.CheckConstraint(condition=models.Q(('claim', models.F('match')), _negated=True), name='match_not_self'),
        ),
        migrations.AddConstraint(
            model_name='claimmatch',
            constraint=models.CheckConstraint(condition=models.Q(('score__gte', 0), ('score__lte', 1)), name='match_score_in_unit_range'),
        ),
        migrations.AddConstraint(
            model_name='claimmatch',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('decided_at__isnull', True), ('status', 'suggested')), models.Q(models.Q(('status', 'suggested'), _negated=True), ('decided_at__isnull', False)), _connector='OR'), name='match_decision_has_time'),
        ),
        migrations.RunPython(_postgres_indexes, _drop_postgres_indexes, elidable=False),
    ]
