"""Install the desk's roles (Reviewer, Editor) and the rating-scale presets."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# The label values run from 1 (worst) upwards; None marks a label outside the scale.
SCALES = [
    {
        "name": "Truth-O-Meter",
        "slug": "truth-o-meter",
        "kind": "ordinal",
        "is_default": True,
        "description": "Six ordered ratings from True to Pants on fire, as PolitiFact uses them.",
        "labels": [
            ("True", "true", 6, "The statement is accurate and nothing significant is missing."),
            ("Mostly true", "mostly-true", 5, "Accurate but needs clarification or more information."),
            ("Half true", "half-true", 4, "Partially accurate but leaves out important details."),
            ("Mostly false", "mostly-false", 3, "Contains an element of truth but ignores critical facts."),
            ("False", "false", 2, "The statement is not accurate."),
            ("Pants on fire", "pants-on-fire", 1, "Not accurate and makes a ridiculous claim."),
            ("Unverifiable", "unverifiable", None, "The evidence available cannot settle it."),
        ],
    },
    {
        "name": "Snopes-like",
        "slug": "snopes-like",
        "kind": "ordinal",
        "is_default": False,
        "description": "Five ordered ratings plus the labels for claims a truth scale does not fit.",
        "labels": [
            ("True", "true", 5, "The primary elements of the claim are demonstrably true."),
            ("Mostly true", "mostly-true", 4, "The primary elements are true; some details are not."),
            ("Mixture", "mixture", 3, "Significant elements are both true and false."),
            ("Mostly false", "mostly-false", 2, "The primary elements are false; some details are true."),
            ("False", "false", 1, "The primary elements of the claim are demonstrably false."),
            ("Unproven", "unproven", None, "Insufficient evidence to establish truth or falsity."),
            ("Outdated", "outdated", None, "Once true or false, overtaken by events."),
            ("Miscaptioned", "miscaptioned", None, "Real media, wrongly described."),
            ("Correct attribution", "correct-attribution", None, "The quote is rightly attributed."),
            ("Misattributed", "misattributed", None, "The quote is wrongly attributed."),
            ("Satire", "satire", None, "Humour or parody taken as fact."),
        ],
    },
    {
        "name": "Conclusion only",
        "slug": "conclusion-only",
        "kind": "conclusion",
        "is_default": False,
        "description": (
            "No public rating: the verdict's one-line conclusion is what is published. Reviewers still "
            "rate on three steps so that the desk can measure its agreement."
        ),
        "labels": [
            ("Correct", "correct", 3, "The claim is right."),
            ("Missing context", "missing-context", 2, "Right or wrong depending on what is left out."),
            ("Incorrect", "incorrect", 1, "The claim is wrong."),
            ("Unverifiable", "unverifiable", None, "The evidence available cannot settle it."),
        ],
    },
]

VIEW_ALL = [
    "view_outlet",
    "view_article",
    "view_claim",
    "view_rating",
    "view_source",
    "view_comment",
    "view_verdict",
    "view_assignment",
    "view_ratingscale",
    "view_ratinglabel",
]
REVIEWER = [*VIEW_ALL, "add_rating", "change_rating", "add_source", "add_comment", "change_comment"]
EDITOR = [
    *REVIEWER,
    "add_outlet",
    "change_outlet",
    "add_article",
    "change_article",
    "add_claim",
    "change_claim",
    "add_assignment",
    "change_assignment",
    "delete_assignment",
    "add_verdict",
    "change_verdict",
    "change_source",
    "delete_source",
]


def install(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now. Migration
    # state has no models modules, which create_permissions checks for, so lend it one.
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Reviewer", REVIEWER), ("Editor", EDITOR)):
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(content_type__app_label="factcheck", codename__in=codenames)
        group.permissions.set(perms)

    RatingScale = apps.get_model("factcheck", "RatingScale")
    RatingLabel = apps.get_model("factcheck", "RatingLabel")
    for spec in SCALES:
        scale, _ = RatingScale.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "kind": spec["kind"],
                "is_default": spec["is_default"],
                "description": spec["description"],
            },
        )
        for position, (name, slug, value, description) in enumerate(spec["labels"], start=1):
            RatingLabel.objects.update_or_create(
                scale=scale,
                slug=slug,
                defaults={
                    "name": name,
                    "value": value,
                    "position": position,
                    "description": description,
                },
            )


def uninstall(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Reviewer", "Editor"]).delete()
    RatingScale = apps.get_model("factcheck", "RatingScale")
    RatingScale.objects.filter(slug__in=[s["slug"] for s in SCALES], claims__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
