"""Rows of the long lists, rendered in Python: `{% claim_row claim %}` and `{% verdict_row verdict %}`
(My work's queues).

My work shows four queues of 20 claims; through a template include each row cost about 1,400 Python
calls (variable look-ups, a URL reverse, translation tags, an escape per value), the bulk of the page
(bench/pages.py). Here a row is one string with the same markup and the same translatable strings
(msgids identical to the template's, so the catalogs apply unchanged); what is the same on every row
(translations, the URL's head, status labels) is worked out once per page.
"""

from __future__ import annotations

import html
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import floatformat
from django.urls import get_script_prefix, reverse
from django.utils import formats
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext, ngettext

from factcheck.models import Claim
from factcheck.templatetags.fast_filters import truncatechars

register = template.Library()

# What `claim_row` reads, for the view to load these columns only (a queue row's claim is otherwise
# the widest row of the desk: its features, its search document, its article's whole text).
CLAIM_ROW_FIELDS = (
    "wording",
    "status",
    "score",
    "ratings_count",
    "article",
    "article__title",
    "article__outlet",
    "article__outlet__name",
)

_ANY_ID = 987654321
_CENT = Decimal("0.01")


@lru_cache(maxsize=16)
def _article_url_parts(script_prefix: str) -> tuple[str, str]:
    head, tail = reverse("factcheck:article", args=[_ANY_ID]).split(str(_ANY_ID))
    return head, tail


@receiver(setting_changed)
def _urls_changed(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":  # tests that swap the URLs: reverse again
        _article_url_parts.cache_clear()


def _esc(value) -> str:
    """django.utils.html.conditional_escape, without its per-call lazy-string checks."""
    if isinstance(value, SafeData):
        return str(value)
    return html.escape(str(value))


class _PageStrings:
    """What every row of one page shares, in the page's language."""

    def __init__(self):
        self.language = get_language()
        self.url_head, self.url_tail = _article_url_parts(get_script_prefix())
        self.check_worthiness = _esc(gettext("Check-worthiness"))
        self.nothing = gettext("nothing")
        self.weighted = _esc(gettext("weighted"))
        self.proposed = _esc(gettext("Proposed"))
        self.ratings = _esc(gettext("Ratings"))
        self.needs_discussion = _esc(gettext("Needs discussion"))
        self.score = gettext("score %(score)s")
        self.select_for_assigning = gettext("Select for assigning: %(wording)s")
        self.status = {value: _esc(label) for value, label in Claim.Status.choices}
        self.decimal_separator = formats.get_format("DECIMAL_SEPARATOR")
        self.corrected = _esc(gettext("corrected"))

    def score_text(self, value: float) -> str:
        """`value|floatformat:2` for a score (0 to 1, a database constraint), without the filter's
        general machinery: the same rounding (half up, from the float's shortest repr), the page's
        decimal separator, no grouping below 1,000."""
        if not 0 <= value < 1000:
            return floatformat(value, 2)
        rounded = Decimal(repr(value)).quantize(_CENT, ROUND_HALF_UP)
        return f"{rounded:f}".replace(".", self.decimal_separator)


def _strings(context) -> _PageStrings:
    key = "factcheck.rows.strings"
    strings = context.render_context.get(key)
    if strings is None or strings.language != get_language():
        strings = context.render_context[key] = _PageStrings()
    return strings


@register.simple_tag(takes_context=True)
def claim_row(context, claim) -> str:
    """One claim of a queue: wording (a link into its article's workspace), status, score, number
    of ratings (editors), outlet and article, and the ratings' proposal when the view attached one
    (`consensus.attach_proposals`, editors' queues only)."""
    s = _strings(context)
    editor = context.get("user_is_editor")
    article = claim.article
    pick = ""
    if editor and claim.is_open:
        # Ticked for the bulk assignment form (factcheck/_bulk_assign.html), kept when it failed.
        ticked = getattr(context.get("bulk_form"), "ticked_claims", None) or ()
        label = s.select_for_assigning % {"wording": _esc(truncatechars(claim.wording, 80))}
        pick = (
            f'<input type="checkbox" class="pick" name="claims" value="{int(claim.pk)}" '
            f'form="bulk-assign" aria-label="{label}"'
            f"{' checked' if str(claim.pk) in ticked else ''}>"
        )
    outlet = article.outlet.name if article.outlet_id and article.outlet else ""
    status = _esc(claim.status)
    ratings = ""
    if claim.ratings_count and editor:
        counted = ngettext("%(counter)s rating", "%(counter)s ratings", claim.ratings_count)
        # As {% blocktranslate %}: the values are escaped, the (trusted) translation is not.
        ratings = f"<span>{counted % {'counter': int(claim.ratings_count)}}</span>"
    proposal = getattr(claim, "proposal", None)
    proposal_html = ""
    if proposal:
        flag = (
            f'<span class="badge flag-discussion">{s.needs_discussion}</span>'
            if proposal.needs_discussion
            else ""
        )
        weighted = ""
        if proposal.weighted_in_use:
            name = (proposal.weighted.local_name if proposal.weighted else "") or s.nothing
            weighted = f" · {s.weighted} <strong>{_esc(name)}</strong>"
        plain = (proposal.plain.local_name if proposal.plain else "") or s.nothing
        chips = "".join(
            f'<span class="chip">{_esc(r.label.local_name)}</span>' for r in proposal.ratings
        )
        proposal_html = (
            f'\n  <div class="meta proposal-row">\n    {flag}\n'
            f"    <span>{s.proposed} <strong>{_esc(plain)}</strong>{weighted}</span>\n"
            f'    <span class="ratings-inline" aria-label="{s.ratings}">{chips}</span>\n  </div>'
        )
    score = s.score % {"score": _esc(s.score_text(claim.score))}
    return mark_safe(  # noqa: S308 - every value above is escaped
        f'<li class="claim-row status-{status}">\n'
        f"  {pick}\n"
        f'  <a href="{s.url_head}{int(claim.article_id)}{s.url_tail}?claim={int(claim.pk)}">'
        f"{_esc(truncatechars(claim.wording, 160))}</a>\n"
        '  <div class="meta">\n'
        f'    <span class="badge status-{status}">'
        f"{s.status.get(claim.status) or _esc(claim.get_status_display())}</span>\n"
        f'    <span class="score" title="{s.check_worthiness}">{score}</span>\n'
        f"    {ratings}\n"
        f'    <span class="muted">{_esc(outlet)} · {_esc(truncatechars(article.title, 60))}</span>\n'
        f"  </div>{proposal_html}\n"
        "</li>"
    )


@register.simple_tag(takes_context=True)
def verdict_row(context, verdict) -> str:
    """One verdict of My work's "Recently published": the claim's wording (a link to the public
    verdict page), the verdict's label, its date, and whether it was corrected."""
    s = _strings(context)
    published = formats.date_format(template_localtime(verdict.published_at), "SHORT_DATE_FORMAT")
    corrected = f" · {s.corrected}" if verdict.revision > 1 else ""
    return mark_safe(  # noqa: S308 - every value below is escaped
        '<li class="claim-row status-published">\n'
        f'  <a href="{_esc(verdict.get_absolute_url())}">'
        f"{_esc(truncatechars(verdict.claim.wording, 140))}</a>\n"
        f'  <div class="meta"><span class="badge verdict">{_esc(verdict.label.local_name)}</span>\n'
        f'    <span class="muted">{_esc(published)}{corrected}</span></div>\n'
        "</li>"
    )
