"""Built-in filters made cheap for the lists that show them on every row (loaded as a template
builtin in settings.TEMPLATES, so it replaces Django's filter of the same name in every template).

`truncatechars`: Django's walks the whole text in Python, character by character, to count
combining marks, even when the text is shorter than the limit; a list of 80 claims paid for it on
each row (bench/pages.py). A text no longer than the limit, counted in code points, cannot need
cutting (combining marks only make the visible length shorter), so it is returned as it is; longer
texts go through Django's own Truncator, unchanged.
"""

from django import template
from django.template.defaultfilters import stringfilter
from django.utils.text import Truncator

register = template.Library()


@register.filter(is_safe=True)
@stringfilter
def truncatechars(value: str, arg) -> str:
    """Truncate a string after `arg` characters (Django's `truncatechars`, with a fast path)."""
    try:
        length = int(arg)
    except ValueError:  # invalid literal for int(): fail silently, as Django's does
        return value
    if length > 0 and len(value) <= length:
        return value
    return Truncator(value).chars(length)
