"""Workers that may die: heartbeats, leases, claimed import files (factcheck/worker.py)."""

from django.db import migrations, models

# The reclaim sweep asks every few seconds for the RUNNING tasks; django-tasks-db indexes only the
# READY ones, and its table keeps every finished task.
RUNNING_TASKS_INDEX = (
    "CREATE INDEX IF NOT EXISTS factcheck_tasks_running "
    "ON django_tasks_database_dbtaskresult (started_at) WHERE status = 'RUNNING'"
)


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0009_search_per_language"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.CreateModel(
            name="Lease",
            fields=[
                ("name", models.CharField(max_length=100, primary_key=True, serialize=False)),
                ("holder", models.CharField(max_length=100)),
                ("expires_at", models.DateTimeField()),
            ],
        ),
        migrations.CreateModel(
            name="WorkerHeartbeat",
            fields=[
                ("worker_id", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("hostname", models.CharField(max_length=255)),
                ("pid", models.PositiveIntegerField()),
                ("started_at", models.DateTimeField()),
                ("heartbeat_at", models.DateTimeField(db_index=True)),
            ],
            options={
                "ordering": ["-heartbeat_at"],
            },
        ),
        migrations.AddField(
            model_name="importbatch",
            name="progress_at",
            field=models.DateTimeField(
                blank=True, help_text="When the last file's outcome was recorded.", null=True
            ),
        ),
        migrations.AddField(
            model_name="importitem",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="importitem",
            name="claimed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="importitem",
            name="claimed_by",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AlterField(
            model_name="importitem",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Queued"),
                    ("processing", "Being ingested"),
                    ("ingested", "Ingested"),
                    ("duplicate", "Already on the desk"),
                    ("failed", "Failed"),
                ],
                default="queued",
                max_length=20,
            ),
        ),
        migrations.AddIndex(
            model_name="importitem",
            index=models.Index(fields=["batch", "status", "id"], name="import_item_batch_status"),
        ),
        migrations.RunSQL(
            RUNNING_TASKS_INDEX, reverse_sql="DROP INDEX IF EXISTS factcheck_tasks_running"
        ),
    ]
