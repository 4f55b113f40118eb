"""The workspace's text and claim list, rendered in Python: `{% text_paragraph paragraph %}` and
`{% claim_list_row claim %}` (templates/factcheck/article.html).

Through template partials each highlighted segment of the text cost about 700 Python calls and each
row of the claim list about 1,300 (variable look-ups, a URL reverse, a translation tag, the score's
format, an escape per value): at 25 claims, three fifths of the page (bench/pages.py). Here a
paragraph or a row is one string with the same markup and the same translatable strings (msgids
identical to the template's, so the catalogs apply unchanged); what is the same on every row
(translations, the claim URL's head, status labels) is worked out once per page and language.
"""

from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from factcheck.models import Claim
from factcheck.templatetags.fast_filters import truncatechars
from factcheck.templatetags.row_html import esc, url_around_id

register = template.Library()


class _PageStrings:
    """What every paragraph and row of one page shares, in the page's language."""

    def __init__(self):
        self.language = get_language()
        self.url_head, self.url_tail = url_around_id("factcheck:claim")
        self.score = gettext("score %(score)s")
        self.select_for_assigning = gettext("Select for assigning: %(wording)s")
        self.status = {value: esc(label) for value, label in Claim.Status.choices}


def _strings(context) -> _PageStrings:
    key = "factcheck.workspace.strings"
    strings = context.render_context.get(key)
    if strings is None or strings.language != get_language():
        strings = context.render_context[key] = _PageStrings()
    return strings


def _selected_pk(context):
    selected = getattr(context.get("ws"), "selected", None)
    return selected.pk if selected is not None else None


@register.simple_tag(takes_context=True)
def text_paragraph(context, paragraph) -> str:
    """One paragraph of the article text (a list of selectors.Segment), each segment a span, or a
    link to the claim covering it. One line: the text is shown with white-space: pre-line.
    Highlights are links (they work without JavaScript) that are not draggable, so a mouse drag
    across them selects text. `oob` in the context: sent out of band (`hx-swap-oob`)."""
    s = _strings(context)
    selected = _selected_pk(context)
    out = [f'<p id="para-{int(paragraph[0].start)}"']
    out.append(' hx-swap-oob="true">' if context.get("oob") else ">")
    for seg in paragraph:
        start = int(seg.start)
        claim = seg.claim
        if claim is None:
            out.append(f'<span data-start="{start}">{esc(seg.text)}</span>')
            continue
        pk = int(claim.pk)
        status = esc(claim.status)
        label = s.status.get(claim.status) or esc(claim.get_status_display())
        # As {% blocktranslate %}: the values are escaped, the (trusted) translation is not.
        score = s.score % {"score": esc(floatformat(claim.score, 2))}
        out.append(
            f'<a class="hl status-{status}{" is-selected" if pk == selected else ""}" '
            f'id="seg-{start}" data-start="{start}" data-claim="{pk}" href="?claim={pk}" '
            f'draggable="false" hx-get="{s.url_head}{pk}{s.url_tail}" hx-target="#claim-panel" '
            f'hx-swap="outerHTML" hx-push-url="?claim={pk}" title="{label} · {score}">'
            f"{esc(seg.text)}</a>"
        )
    out.append("</p>")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


@register.simple_tag(takes_context=True)
def claim_list_row(context, claim) -> str:
    """One row of the workspace's claim list: status, score and wording, a link that opens the
    claim's panel; for editors, the box that ticks an open claim for the bulk assignment form
    (factcheck/_bulk_assign.html), kept ticked when that form failed. `oob` in the context: sent
    out of band."""
    s = _strings(context)
    pk = int(claim.pk)
    status = esc(claim.status)
    editor = context.get("user_is_editor")
    pick = ""
    if editor:
        if claim.is_open:
            ticked = getattr(context.get("bulk_form"), "ticked_claims", None) or ()
            label = s.select_for_assigning % {"wording": esc(truncatechars(claim.wording, 80))}
            pick = (
                f'<input type="checkbox" class="pick" name="claims" value="{pk}" '
                f'form="bulk-assign" aria-label="{label}"'
                f"{' checked' if str(pk) in ticked else ''}>"
            )
        else:
            pick = '<span class="pick"></span>'
    current = ' aria-current="true"' if pk == _selected_pk(context) else ""
    oob = ' hx-swap-oob="true"' if context.get("oob") else ""
    label = s.status.get(claim.status) or esc(claim.get_status_display())
    return mark_safe(  # noqa: S308 - every value above is escaped
        f'<li id="claim-{pk}-row" class="status-{status}{" pickable" if editor else ""}"{oob}>'
        f"{pick}"
        f'<a href="?claim={pk}" data-claim="{pk}" hx-get="{s.url_head}{pk}{s.url_tail}" '
        f'hx-target="#claim-panel" hx-swap="outerHTML" hx-push-url="?claim={pk}"{current}>\n'
        f'  <span class="badge status-{status}">{label}</span>\n'
        f'  <span class="score">{esc(floatformat(claim.score, 2))}</span>\n'
        f"  {esc(truncatechars(claim.wording, 110))}</a></li>"
    )
