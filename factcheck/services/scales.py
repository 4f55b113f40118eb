"""Rating scales and their labels, as the admin edits them.

A label that ratings or verdicts already use keeps its scale and its value: the desk's consensus and
`Claim.needs_discussion` were computed from those values, so changing them would silently change
what every stored rating means. Its name and description (wording only) may change.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from factcheck import public_cache
from factcheck.models import RatingLabel, RatingScale
from factcheck.services._common import _require_editor


def scale_in_use(scale: RatingScale) -> bool:
    return bool(scale.pk) and scale.claims.exists()


def label_in_use(label: RatingLabel) -> bool:
    return bool(label.pk) and (label.ratings.exists() or label.verdicts.exists())


@transaction.atomic
def rating_scale_save(*, scale: RatingScale, editor) -> RatingScale:
    """Create or change a scale. Making it the default moves the default flag from the old one."""
    _require_editor(editor)
    scale.full_clean(exclude=["is_default"] if scale.is_default else None)
    if scale.is_default:
        RatingScale.objects.filter(is_default=True).exclude(pk=scale.pk).update(is_default=False)
    elif scale.pk and not RatingScale.objects.filter(is_default=True).exclude(pk=scale.pk).exists():
        raise ValidationError(
            {
                "is_default": _(
                    "One scale must stay the default: make another one the default instead."
                )
            }
        )
    scale.save()
    public_cache.changed()
    return scale


@transaction.atomic
def rating_scale_delete(*, scale: RatingScale, editor) -> None:
    _require_editor(editor)
    if scale_in_use(scale):
        raise ValidationError(
            _("Claims are rated on “%(scale)s”: it cannot be deleted.") % {"scale": scale}
        )
    if scale.is_default:
        raise ValidationError(_("The default scale cannot be deleted."))
    scale.delete()


@transaction.atomic
def rating_label_save(*, label: RatingLabel, editor) -> RatingLabel:
    """Create or change a label. A label in use keeps its scale and value (see the module)."""
    _require_editor(editor)
    if label.pk:
        stored = RatingLabel.objects.select_for_update().get(pk=label.pk)
        if label_in_use(stored) and (
            stored.scale_id != label.scale_id or stored.value != label.value
        ):
            raise ValidationError(
                {
                    "value": f"“{stored}” is used by ratings or verdicts: its scale and value "
                    "cannot change. Add a new label instead."
                }
            )
    label.full_clean()
    label.save()
    public_cache.changed()
    return label


@transaction.atomic
def rating_label_delete(*, label: RatingLabel, editor) -> None:
    _require_editor(editor)
    if label_in_use(label):
        raise ValidationError(
            _("“%(label)s” is used by ratings or verdicts: it cannot be deleted.")
            % {"label": label}
        )
    label.delete()
    public_cache.changed()
