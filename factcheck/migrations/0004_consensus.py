"""The consensus: proposed verdicts per claim, reviewer reliability, the desk's agreement snapshot."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('factcheck', '0003_api'),
    ]

    operations = [
        migrations.CreateModel(
            name='DeskSnapshot',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('started_at', models.DateTimeField(help_text='When the recompute began reading the ratings.')),
                ('computed_at', models.DateTimeField()),
                ('duration_ms', models.PositiveIntegerField(default=0)),
                ('alpha', models.FloatField(blank=True, null=True)),
                ('n_claims', models.PositiveIntegerField(default=0, help_text='Claims that alpha rests on.')),
                ('n_ratings', models.PositiveIntegerField(default=0, help_text='Ratings that alpha rests on.')),
                ('figures', models.JSONField(default=dict)),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('id', 1)), name='one_desk_snapshot')],
            },
        ),
        migrations.CreateModel(
            name='ReviewerReliability',
            fields=[
                ('reviewer', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='reliability', serialize=False, to=settings.AUTH_USER_MODEL)),
                ('n_ratings', models.PositiveIntegerField()),
                ('n_shared', models.PositiveIntegerField()),
                ('accuracy', models.FloatField(blank=True, null=True)),
                ('qualified', models.BooleanField(default=False)),
                ('updated_at', models.DateTimeField()),
            ],
            options={
                'verbose_name_plural': 'reviewer reliabilities',
                'constraints': [models.CheckConstraint(condition=models.Q(('accuracy__isnull', True), models.Q(('accuracy__gte', 0), ('accuracy__lte', 1)), _connector='OR'), name='reliability_accuracy_in_unit_range'), models.CheckConstraint(condition=models.Q(('n_shared__lte', models.F('n_ratings'))), name='reliability_shared_within_ratings')],
            },
        ),
        migrations.CreateModel(
            name='ClaimConsensus',
            fields=[
                ('claim', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='consensus', serialize=False, to='factcheck.claim')),
                ('n_ratings', models.PositiveSmallIntegerField()),
                ('needs_discussion', models.BooleanField(default=False)),
                ('majority_share', models.FloatField(help_text='Share of the ratings that chose the top label.')),
                ('spread', models.PositiveSmallIntegerField(blank=True, help_text='Steps between the highest and lowest on-scale rating.', null=True)),
                ('updated_at', models.DateTimeField(help_text='When a recompute last changed this row.')),
                ('proposed_label', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='factcheck.ratinglabel')),
                ('weighted_label', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='factcheck.ratinglabel')),
            ],
            options={
                'indexes': [models.Index(condition=models.Q(('needs_discussion', True)), fields=['claim'], name='consensus_discussion')],
                'constraints': [models.CheckConstraint(condition=models.Q(('majority_share__gte', 0), ('majority_share__lte', 1)), name='consensus_share_in_unit_range')],
            },
        ),
    ]
