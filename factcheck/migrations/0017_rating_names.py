"""Rating scales and labels get names per language (`names`, {"es": …, "fr": …}), and the presets
installed by 0002 get their Spanish and French names. A desk adds a language in the admin."""

from django.db import migrations, models

import factcheck.models

# scale slug -> (scale names, {label slug: label names})
NAMES = {
    "truth-o-meter": (
        {},
        {
            "true": {"es": "Verdadero", "fr": "Vrai"},
            "mostly-true": {"es": "Mayormente verdadero", "fr": "Plutôt vrai"},
            "half-true": {"es": "Verdad a medias", "fr": "À moitié vrai"},
            "mostly-false": {"es": "Mayormente falso", "fr": "Plutôt faux"},
            "false": {"es": "Falso", "fr": "Faux"},
            "pants-on-fire": {"es": "Rotundamente falso", "fr": "Archi-faux"},
            "unverifiable": {"es": "Inverificable", "fr": "Invérifiable"},
        },
    ),
    "snopes-like": (
        {"es": "Tipo Snopes", "fr": "Type Snopes"},
        {
            "true": {"es": "Verdadero", "fr": "Vrai"},
            "mostly-true": {"es": "Mayormente verdadero", "fr": "Plutôt vrai"},
            "mixture": {"es": "Mezcla", "fr": "Mélange"},
            "mostly-false": {"es": "Mayormente falso", "fr": "Plutôt faux"},
            "false": {"es": "Falso", "fr": "Faux"},
            "unproven": {"es": "No probado", "fr": "Non prouvé"},
            "outdated": {"es": "Desactualizado", "fr": "Dépassé"},
            "miscaptioned": {"es": "Mal descrito", "fr": "Légende trompeuse"},
            "correct-attribution": {"es": "Atribución correcta", "fr": "Attribution correcte"},
            "misattributed": {"es": "Mal atribuido", "fr": "Attribution erronée"},
            "satire": {"es": "Sátira", "fr": "Satire"},
        },
    ),
    "conclusion-only": (
        {"es": "Solo conclusión", "fr": "Conclusion seule"},
        {
            "correct": {"es": "Correcto", "fr": "Exact"},
            "missing-context": {"es": "Falta contexto", "fr": "Contexte manquant"},
            "incorrect": {"es": "Incorrecto", "fr": "Inexact"},
            "unverifiable": {"es": "Inverificable", "fr": "Invérifiable"},
        },
    ),
}


def install(apps, schema_editor):
    """Give the presets their names where a desk has not set any (idempotent)."""
    RatingScale = apps.get_model("factcheck", "RatingScale")
    RatingLabel = apps.get_model("factcheck", "RatingLabel")
    for slug, (scale_names, label_names) in NAMES.items():
        scale = RatingScale.objects.filter(slug=slug).first()
        if scale is None:
            continue
        if not scale.names and scale_names:
            scale.names = scale_names
            scale.save(update_fields=["names"])
        for label in RatingLabel.objects.filter(scale=scale, slug__in=label_names):
            if not label.names:
                label.names = label_names[label.slug]
                label.save(update_fields=["names"])


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0016_profile_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="ratinglabel",
            name="names",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text='The name in other languages, by language code: {"es": "…", "fr": "…"}.',
                validators=[factcheck.models.validate_names],
            ),
        ),
        migrations.AddField(
            model_name="ratingscale",
            name="names",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text='The name in other languages, by language code: {"es": "…", "fr": "…"}.',
                validators=[factcheck.models.validate_names],
            ),
        ),
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
