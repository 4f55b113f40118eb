"""The claim panel's repeated pieces, rendered in Python: the options of its selects and radio
groups, the score's features, the rating cards, the sources and the comments, the errors under
each form, the notice at the top of a part, and the URLs of the claim's actions
(templates/factcheck/claim.html).

Through the template each of these cost hundreds of Python calls (variable look-ups, a URL
reverse, translation tags, a date format, an escape per value): an editor's panel renders about
fifty options and features before any rating or comment (bench/pages.py). Here an item is one
string with the same markup and the same translatable strings (msgids identical to the
template's, so the catalogs apply unchanged); tests/views/test_panel_items.py holds each equal to
the template markup it replaced, in English, Spanish and French.
"""

from __future__ import annotations

from django import template
from django.template.defaultfilters import capfirst, floatformat, linebreaksbr
from django.urls import reverse
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import (
    gettext,
    gettext_lazy,
    ngettext,
    pgettext,
    pgettext_lazy,
)

from factcheck import markup
from factcheck.templatetags.fast_filters import truncatechars
from factcheck.templatetags.row_html import esc, url_around_id

register = template.Library()


def _when(value, format_name: str) -> str:
    """`value|date:format_name` in the current time zone, escaped."""
    return esc(formats.date_format(template_localtime(value), format_name))


def _errors(errors) -> str:
    """The template's `errors` partial: one alert paragraph per message."""
    return "".join(f'<p class="error" role="alert">{esc(e)}</p>' for e in errors or ())


def _form_open(action: str, csrf: str, css: str = "") -> str:
    """A panel form's opening tag, posting to `action` with and without htmx, and its CSRF field."""
    css = f' class="{css}"' if css else ""
    return f'<form method="post" action="{action}" hx-post="{action}"{css}>{csrf}'


def _invalid(bound_field) -> str:
    """` aria-invalid="true"` on a field that failed."""
    return ' aria-invalid="true"' if bound_field.errors else ""


def _csrf_input(context) -> str:
    """What {% csrf_token %} writes."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{esc(token)}">'


@register.simple_tag
def claim_url(view_name: str, pk) -> str:
    """{% url view_name pk %} for the claim's own URLs (one id): reversed once per URL
    configuration, not once a form."""
    head, tail = url_around_id(view_name)
    return f"{head}{int(pk)}{tail}"


@register.simple_tag
def error_list(errors) -> str:
    """A form's errors (a field's, or the form's own), one alert paragraph each."""
    return mark_safe(_errors(errors))  # noqa: S308 - every value is escaped


@register.simple_tag
def notice_box(notice, claim_pk) -> str:
    """A part's notice (panel.Notice), if any: its message, marked when the claim changed under
    the user (a conflict), and what they typed that was not saved, read-only, to copy."""
    if not notice:
        return ""
    pk = int(claim_pk)
    conflict = f"<strong>{gettext('Conflict:')}</strong> " if notice.conflict else ""
    kept = "".join(
        f'\n  <label for="kept-{pk}-{n}">'
        # As {% blocktranslate %}: the values are escaped, the (trusted) translation is not.
        + gettext("Your %(label)s (not saved)") % {"label": esc(str(label).lower())}
        + f'</label>\n  <textarea id="kept-{pk}-{n}" class="kept" rows="3" readonly>'
        f"{esc(text)}</textarea>\n  "
        for n, (label, text) in enumerate(notice.kept, start=1)
    )
    copy = ""
    if notice.kept:
        advice = gettext(
            "Copy what you wrote before you leave this claim: it was not saved, and this is the "
            "only copy."
        )
        copy = (
            f'\n  <p class="small">{advice} <button type="button" class="copy-kept" hidden>'
            f"{gettext('Copy')}</button></p>"
        )
    return mark_safe(  # noqa: S308 - every value is escaped
        f'\n<div class="errors{" conflict" if notice.conflict else ""}" role="alert">\n'
        f"  <p>{conflict}{esc(notice.message)}</p>{kept}{copy}\n</div>\n"
    )


@register.simple_tag
def options(choices) -> str:
    """The <option>s of a select, from (value, text, selected) triples, in their order."""
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            f'<option value="{esc(value)}"{" selected" if selected else ""}>{esc(text)}</option>'
            for value, text, selected in choices
        )
    )


@register.simple_tag
def label_radios(choices) -> str:
    """The rating form's labels as radio buttons, from (label, value, checked) triples; a label off
    the scale (no value: "unverifiable") is marked so."""
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            f'\n        <label class="label-choice{" off-scale" if label.value is None else ""}">'
            f'<input type="radio" name="label" value="{esc(value)}"'
            f"{' checked' if checked else ''} required> {esc(label.local_name)}</label>\n      "
            for label, value, checked in choices
        )
    )


@register.simple_tag
def feature_items(features) -> str:
    """What produced the check-worthiness score, one item per feature: its name (underscores
    dropped, first letter capital) and its contribution, negative ones marked."""
    if not features:
        return mark_safe(f'<li class="muted">{gettext("No features recorded.")}</li>')  # noqa: S308
    return mark_safe(  # noqa: S308 - every value is escaped
        "\n    ".join(
            f'<li><span class="feature-name">{esc(capfirst(str(name).replace("_", "")))}</span>'
            f'<span class="feature-bar{" neg" if value < 0 else ""}">'
            f"{esc(floatformat(value, 2))}</span></li>"
            for name, value in features
        )
        + "\n    "
    )


@register.simple_tag
def rating_card(rating) -> str:
    """One rating the viewer may see: who (and whether it is theirs), the label, the confidence,
    the rater's reliability for editors, the rationale, when, and whether it was revised."""
    own = f" {gettext('(you)')}" if rating.is_own else ""
    # As {% blocktranslate %}: the values are escaped, the (trusted) translation is not.
    confidence = gettext("%(confidence)s confidence") % {
        "confidence": esc(rating.get_confidence_display())
    }
    reliability = ""
    if rating.reliability is not None:
        text = gettext("reliability %(reliability)s") % {
            "reliability": esc(floatformat(rating.reliability, 2))
        }
        reliability = f" · {text}"
    revised = f" · {gettext('revised')}" if rating.version > 1 else ""
    return mark_safe(  # noqa: S308 - every value is escaped
        '<article class="rating-card">\n'
        f"      <header><strong>{esc(rating.reviewer.username)}</strong>{own}\n"
        f'        <span class="badge verdict">{esc(rating.label.local_name)}</span> '
        f'<span class="muted small">{confidence}{reliability}</span></header>\n'
        f"      <p>{linebreaksbr(rating.rationale, autoescape=True)}</p>\n"
        f'      <p class="muted small">{_when(rating.updated_at, "SHORT_DATETIME_FORMAT")}'
        f"{revised}</p>\n"
        "    </article>"
    )


@register.simple_tag
def source_item(source) -> str:
    """One source: its stance, its title (else its address) linking to it, the publisher, the
    passage it rests on, who added it and when."""
    stance = esc(source.stance)
    publisher = f'<span class="muted">· {esc(source.publisher)}</span>' if source.publisher else ""
    passage = f"<blockquote>{esc(source.passage)}</blockquote>" if source.passage else ""
    who = source.added_by.username if source.added_by_id else ""
    added = gettext("added by %(who)s") % {"who": esc(who or "—")}
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<li class="source stance-{stance}">\n'
        f'      <span class="badge stance-{stance}">{esc(source.get_stance_display())}</span>\n'
        f'      <a href="{esc(source.url)}" rel="noopener noreferrer nofollow" target="_blank">'
        f"{esc(source.title or source.url)}</a>\n"
        f"      {publisher}\n"
        f"      {passage}\n"
        f'      <p class="muted small">{added} · {_when(source.created_at, "SHORT_DATE_FORMAT")}'
        "</p>\n"
        "    </li>"
    )


def _comment_form(form, body: str) -> tuple[str, str]:
    """A comment's edit or reply form's textarea content and errors: what was sent when it failed
    (`form`), else `body`."""
    if form is None:
        return esc(body), ""
    sent = form["body"].value()
    return esc(sent or ""), _errors(form["body"].errors) + _errors(form.non_field_errors())


@register.simple_tag(takes_context=True)
def comment_item(context, row, can_comment, claim_pk, comment_url) -> str:
    """One comment of the discussion (a panel.CommentRow): author, date, whether it was edited,
    its Markdown; the edit form for its author, the reply form for who may comment (each open with
    its errors when it failed)."""
    comment = row.comment
    pk = int(comment.pk)
    edited = f" · {gettext('edited')}" if comment.edited_at else ""
    csrf = _csrf_input(context)
    parts = [
        f'<li class="comment depth-{int(row.depth)}" id="comment-{pk}">\n'
        f"      <header><strong>{esc(comment.author.username)}</strong> "
        f'<span class="muted small">{_when(comment.created_at, "SHORT_DATETIME_FORMAT")}'
        f"{edited}</span></header>\n"
        f'      <div class="markdown">{markup.to_html(comment.body)}</div>\n      '
    ]
    if row.can_edit:
        form = row.edit_form
        text, errors = _comment_form(form, comment.body)
        action = esc(reverse("factcheck:comment_edit", args=[claim_pk, pk]))
        parts.append(
            f'\n      <details class="reply"{" open" if form else ""}>'
            f"<summary>{gettext('Edit')}</summary>\n"
            f"        {_form_open(action, csrf, 'stack')}\n"
            f'          <label for="edit-{pk}" class="visually-hidden">'
            f"{gettext('Edit your comment')}</label>\n"
            f'          <textarea id="edit-{pk}" name="body" rows="3" required>{text}</textarea>\n'
            f"          {errors}\n"
            f'          <button type="submit">{gettext("Save")}</button></form>\n'
            "      </details>\n      "
        )
    if can_comment:
        form = row.reply_form
        text, errors = _comment_form(form, "")
        url = esc(comment_url)
        reply_to = gettext("Reply to %(who)s") % {"who": esc(comment.author.username)}
        parts.append(
            f'\n      <details class="reply"{" open" if form else ""}>'
            f"<summary>{gettext('Reply')}</summary>\n"
            f"        {_form_open(url, csrf, 'stack')}\n"
            f'          <input type="hidden" name="parent" value="{pk}">\n'
            f'          <label for="reply-{pk}" class="visually-hidden">{reply_to}</label>\n'
            f'          <textarea id="reply-{pk}" name="body" rows="2" required>{text}</textarea>\n'
            f"          {errors}\n"
            f'          <button type="submit">{gettext("Reply")}</button></form>\n'
            "      </details>\n      "
        )
    parts.append("\n    </li>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped


def _value(bound_field) -> str:
    """`{{ form.field.value|default:'' }}`, escaped."""
    return esc(bound_field.value() or "")


@register.simple_tag(takes_context=True)
def editor_tools(context, panel) -> str:
    """The editor's part of the panel (for who may triage): select for checking, dismiss with a
    reason, reword, split, merge with a neighbour, and who is assigned, with the assign form.
    Forms that failed come back open with what was sent and their errors."""
    claim = panel.claim
    pk, version = int(claim.pk), int(claim.version)
    csrf = _csrf_input(context)

    def form_tag(view_name: str, css: str = "") -> str:
        return _form_open(claim_url(view_name, pk), csrf, css)

    out = [
        f'\n  <h3 id="actions-{pk}">{gettext("Editor")}</h3>\n  ',
        notice_box(panel.notices.editor, pk),
        f'\n  {_errors(panel.form_errors.get("select"))}\n  <div class="row wrap">\n    ',
    ]
    if panel.can_select:
        out.append(
            f"\n    {form_tag('factcheck:claim_select')}\n"
            f'      <input type="hidden" name="version" value="{version}">\n'
            f'      <button type="submit" class="primary">{gettext("Select for checking")}</button>'
            "</form>\n    "
        )
    if panel.can_edit_claim:
        form = panel.dismiss_form
        reason = form["reason"]
        invalid = (
            f' aria-invalid="true" aria-describedby="dismiss-error-{pk}"' if reason.errors else ""
        )
        errors = (
            f'<div id="dismiss-error-{pk}">{_errors(reason.errors)}'
            f"{_errors(form.non_field_errors())}</div>"
            if form.errors
            else ""
        )
        out.append(
            f"\n    {form_tag('factcheck:claim_dismiss', 'row')}\n"
            f'      <input type="hidden" name="version" value="{version}">\n'
            f'      <label for="dismiss-reason-{pk}" class="visually-hidden">'
            f"{gettext('Reason for dismissing')}</label>\n"
            f'      <input id="dismiss-reason-{pk}" type="text" name="reason" '
            f'placeholder="{gettext("Reason to dismiss")}" required maxlength="1000" '
            f'value="{_value(reason)}"{invalid}>\n'
            f'      <button type="submit">{gettext("Dismiss")}</button></form>\n'
            f"    {errors}\n    "
        )
    out.append("\n  </div>\n  ")
    if panel.can_edit_claim:
        out.append(_editor_forms(panel, pk, version, form_tag))
    return mark_safe("".join(out))  # noqa: S308 - every value is escaped


def _editor_forms(panel, pk: int, version: int, form_tag) -> str:
    """Reword, split, merge and assign: what only who may edit the claim sees."""
    claim = panel.claim
    opened = panel.editor_open
    form = panel.reword_form
    out = [
        f"\n  <details{' open' if opened.get('reword') else ''}><summary>{gettext('Reword')}</summary>\n"
        f"    {form_tag('factcheck:claim_reword', 'stack')}\n"
        f'      <input type="hidden" name="version" value="{version}">\n'
        f'      <label for="reword-wording-{pk}">{gettext("Wording")}</label>\n'
        f'      <textarea id="reword-wording-{pk}" name="wording" rows="3" required>'
        f"{_value(form['wording'])}</textarea>\n"
        f"      {_errors(form['wording'].errors)}\n"
        f'      <label for="reword-claimant-{pk}">{gettext("Claimant")}</label>\n'
        f'      <input id="reword-claimant-{pk}" type="text" name="claimant" maxlength="300" '
        f'value="{_value(form["claimant"])}">\n'
        f"      {_errors(form['claimant'].errors)}\n"
        f"      {_errors(form.non_field_errors())}\n"
        f'      <button type="submit">{gettext("Save wording")}</button></form>\n'
        "  </details>\n  "
    ]
    form = panel.split_form
    at = form["at"]
    split_max = esc(panel.split_max)
    quote = esc(claim.quote)
    out.append(
        f'\n  <details class="split"{" open" if opened.get("split") else ""}><summary>'
        f"{pgettext('action', 'Split in two')}</summary>\n"
        f"    {form_tag('factcheck:claim_split', 'stack split-form')}\n"
        f'      <input type="hidden" name="version" value="{version}">\n'
        "      \n"
        f'      <p class="muted small split-help" hidden>'
        f"{gettext('Click in the quote where the first part ends, then confirm.')}</p>\n"
        f'      <p class="split-quote" tabindex="0" role="group" '
        f'aria-label="{gettext("The quote: click where it splits")}" data-quote="{quote}" hidden>'
        f"{quote}</p>\n"
        f'      <label for="split-at-{pk}">'
        # As {% blocktranslate %}: the values are escaped, the (trusted) translation is not.
        + gettext("Split after character (1–%(max)s of the quote)")
        % {"max": split_max}
        + "</label>\n"
        f'      <input type="number" name="at" id="split-at-{pk}" min="1" max="{split_max}" '
        f'required value="{_value(at)}"{_invalid(at)}>\n'
        f"      {_errors(at.errors)}\n"
        f"      {_errors(form.non_field_errors())}\n"
        f'      <button type="submit">{pgettext("verb", "Split")}</button></form>\n'
        "  </details>\n  "
    )
    if panel.neighbours:
        merge_errors = panel.form_errors.get("merge")
        forms = "".join(
            f"\n    {form_tag('factcheck:claim_merge', 'row')}\n"
            f'      <input type="hidden" name="other" value="{int(other.pk)}">\n'
            f'      <button type="submit">'
            f"{gettext('Merge with previous') if other.is_before else gettext('Merge with next')}</button>\n"
            f'      <span class="muted small">{esc(truncatechars(other.wording, 70))}</span>'
            "</form>\n    "
            for other in panel.neighbours
        )
        out.append(
            f"\n  <details{' open' if merge_errors else ''}><summary>"
            f"{gettext('Merge with a neighbour')}</summary>\n"
            f"    {_errors(merge_errors)}\n    {forms}\n  </details>\n  "
        )
    out.append(_assign(panel, pk, form_tag))
    return "".join(out)


def _assign(panel, pk: int, form_tag) -> str:
    """Who is assigned (done once they rated), each with "Unassign", and the assign form."""
    rows = []
    for a in panel.assignments:
        name = esc(a.reviewer.get_full_name() or a.reviewer.username)
        if a.completed_at:
            rated = gettext("Rated %(when)s") % {
                "when": _when(a.completed_at, "SHORT_DATETIME_FORMAT")
            }
            done = f' <span class="done" title="{rated}">✓ {gettext("rated")}</span>'
            unassign = ""
        else:
            done = ""
            label = gettext("Unassign %(name)s") % {"name": name}
            unassign = (
                f"{form_tag('factcheck:claim_unassign', 'inline')}\n"
                f'          <input type="hidden" name="reviewer" value="{int(a.reviewer_id)}">\n'
                f'          <button type="submit" class="link small" aria-label="{label}">'
                f"{gettext('Unassign')}</button></form>"
            )
        rows.append(
            f'\n      <li><span class="chip">{name}{done}</span>\n        {unassign}</li>\n      '
        )
    if not rows:
        rows.append(f'<li class="muted small">{gettext("Nobody yet.")}</li>')
    form = panel.assign_form
    reviewer_errors = form["reviewer"].errors if form else ()
    return (
        '\n  <div class="assign">\n'
        f"    {_errors(panel.form_errors.get('unassign'))}\n"
        f'    <p class="small">{gettext("Assigned:")}</p>\n'
        f'    <ul class="assignees">{"".join(rows)}</ul>\n'
        f"    {form_tag('factcheck:claim_assign', 'row')}\n"
        f'      <label for="assign-{pk}" class="visually-hidden">{gettext("Reviewer to assign")}</label>\n'
        f'      <select name="reviewer" id="assign-{pk}" required'
        f"{_invalid(form['reviewer']) if form else ''}>"
        f"{options(panel.reviewer_choices)}</select>\n"
        f'      <button type="submit">{gettext("Assign")}</button></form>\n'
        f"    {_errors(reviewer_errors)}\n"
        f"    {_errors(form.non_field_errors() if form else ())}\n"
        "  </div>\n  "
    )


@register.simple_tag
def proposal_box(panel) -> str:
    """What the ratings propose (for who may see every rating): the plain proposal and, for
    editors, the one weighted by the raters' reliability; flagged when it needs discussion."""
    proposal = panel.proposal
    if not proposal:
        return ""
    pk = int(panel.claim.pk)
    nothing_yet = f'<span class="muted">{gettext("nothing yet")}</span>'
    flag, discussion = "", ""
    if proposal.needs_discussion:
        discussion = " needs-discussion"
        reasons = "; ".join(esc(r) for r in proposal.reasons)
        flag = (
            f'<p class="flag disagreement"><strong>{gettext("Needs discussion:")}</strong> '
            f"{reasons}.</p>"
        )
    plain = (
        f'<span class="badge verdict">{esc(proposal.plain.local_name)}</span>'
        if proposal.plain
        else nothing_yet
    )
    counted = ngettext(
        "plurality of %(counter)s rating; the median breaks ties",
        "plurality of %(counter)s ratings; the median breaks ties",
        proposal.n_ratings,
    ) % {"counter": esc(proposal.n_ratings)}
    weighted = ""
    if panel.is_editor:
        if proposal.weighted_in_use:
            badge = (
                f'<span class="badge verdict{" differs" if proposal.differs else ""}">'
                f"{esc(proposal.weighted.local_name)}</span>"
                if proposal.weighted
                else nothing_yet
            )
            same = (
                gettext("differs from the plain proposal")
                if proposal.differs
                else gettext("same as the plain proposal")
            )
            value = f'{badge}\n        <span class="muted small">{same}</span>'
        else:
            not_yet = gettext(
                "not yet: no reviewer has %(n)s ratings of claims others also rated"
            ) % {"n": esc(panel.min_shared)}
            value = f'<span class="muted small">{not_yet}</span>'
        weighted = (
            f"\n      <div><dt>{gettext('Weighted by reliability')}</dt><dd>{value}</dd></div>"
            "\n      "
        )
    return mark_safe(  # noqa: S308 - every value is escaped
        f'\n  <div class="proposal{discussion}" role="status" id="proposal-{pk}">\n'
        f"    {flag}\n"
        '    <dl class="proposal-figures">\n'
        f"      <div><dt>{gettext('Proposed')}</dt><dd>{plain}\n"
        f'        <span class="muted small">{counted}</span></dd></div>\n'
        f"      {weighted}\n"
        "    </dl>\n"
        "  </div>\n  "
    )


@register.simple_tag(takes_context=True)
def rating_form(context, panel) -> str:
    """The viewer's rating: a label of the claim's scale, a rationale and a confidence; their own
    rating to revise when they have one (its version, so that a stale tab is refused)."""
    claim = panel.claim
    pk = int(claim.pk)
    form, own = panel.rating_form, panel.own_rating
    action = claim_url("factcheck:claim_rate", pk)
    scale = esc(claim.rating_scale.local_name)
    legend = (
        gettext("Revise your rating on the %(scale)s scale")
        if own
        else gettext("Your rating on the %(scale)s scale")
    ) % {"scale": scale}
    rationale_errors = form["rationale"].errors
    rationale_invalid = (
        f' aria-invalid="true" aria-describedby="rationale-error-{pk}"' if rationale_errors else ""
    )
    rationale_error_box = (
        f'<div id="rationale-error-{pk}">{_errors(rationale_errors)}</div>'
        if rationale_errors
        else ""
    )
    placeholder = gettext("What did you check, and what did it show?")
    version = esc(own.version) if own and own.version else ""
    submit = gettext("Update rating") if own else gettext("Submit rating")
    return mark_safe(  # noqa: S308 - every value is escaped
        f"{_form_open(action, _csrf_input(context), 'stack rating-form')}\n"
        f"    <fieldset{_invalid(form['label'])}><legend>{legend}"
        "</legend>\n"
        '      <div class="label-choices">\n'
        f"      {label_radios(panel.rating_choices)}\n"
        "      </div></fieldset>\n"
        f"    {_errors(form['label'].errors)}\n"
        f'    <label for="rationale-{pk}">{gettext("Rationale")}</label>\n'
        f'    <textarea id="rationale-{pk}" name="rationale" rows="4" required '
        f'placeholder="{placeholder}"{rationale_invalid}>{_value(form["rationale"])}</textarea>\n'
        f"    {rationale_error_box}\n"
        f'    <label for="confidence-{pk}">{gettext("Confidence")}</label>\n'
        f'    <select id="confidence-{pk}" name="confidence">'
        f"{options(panel.confidence_choices)}</select>\n"
        f'    <input type="hidden" name="version" value="{version}">\n'
        f"    {_errors(form.non_field_errors())}\n"
        f'    <button type="submit" class="primary">{submit}</button>\n'
        "  </form>\n  "
    )


@register.simple_tag
def verdict_card(verdict) -> str:
    """One revision of the claim's verdict: label, summary, revision, editor and date; the current
    one with its public page, the claim reviewed and the explanation (Markdown); a correction's
    note; the reason it was published below quorum."""
    current = verdict.is_current
    revision = gettext("Revision %(revision)s") % {"revision": esc(verdict.revision)}
    editor = esc(verdict.editor.username) if verdict.editor_id else ""
    when = _when(verdict.published_at, "SHORT_DATETIME_FORMAT")
    if current:
        state = f' · <a href="{esc(verdict.get_absolute_url())}">{gettext("public page")}</a>'
        body = (
            f'<p class="small"><span class="muted">{gettext("Claim reviewed:")}</span> '
            f"“{esc(verdict.claim_reviewed)}”</p>\n"
            f'      <div class="markdown explanation">{markup.to_html(verdict.explanation)}</div>'
        )
    else:
        state, body = f" · {gettext('superseded')}", ""
    note = ""
    if verdict.correction_note:
        text = gettext("Correction: %(note)s") % {"note": esc(verdict.correction_note)}
        note = f'<p class="note correction">{text}</p>'
    below = ""
    if verdict.quorum_override_reason:
        text = gettext("Published below quorum: %(reason)s") % {
            "reason": esc(verdict.quorum_override_reason)
        }
        below = f'<p class="note">{text}</p>'
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<article class="verdict-card{"" if current else " superseded"}">\n'
        f'      <header><span class="badge verdict">{esc(verdict.label.local_name)}</span> '
        f"<strong>{esc(verdict.summary)}</strong></header>\n"
        f'      <p class="muted small">{revision} · {editor} · {when}{state}</p>\n'
        f"      {body}\n      {note}\n      {below}\n    </article>"
    )


@register.simple_tag
def verdict_basis(panel) -> str:
    """What the ratings propose, beside the verdict form, and the desk's agreement behind it
    (Krippendorff's alpha over the claim's scale, its outlet and the whole desk)."""
    proposal = panel.proposal
    if not proposal:
        return ""
    pk = int(panel.claim.pk)
    nothing = gettext("nothing")
    plain = (
        esc(proposal.plain.local_name) if proposal.plain and proposal.plain.local_name else nothing
    )
    weighted = ""
    if proposal.weighted_in_use:
        weighted_name = proposal.weighted.local_name if proposal.weighted else ""
        name = esc(weighted_name) if weighted_name else nothing
        weighted = (
            f"; {gettext('weighted by reliability')} "
            f'<span class="badge verdict{" differs" if proposal.differs else ""}">{name}'
            "</span>"
        )
    flag = (
        f'<span class="flag-inline">{gettext("Needs discussion.")}</span>'
        if proposal.needs_discussion
        else ""
    )
    table = ""
    if panel.agreement_behind:
        if panel.snapshot:
            caption = gettext("Agreement behind it (Krippendorff's α, ordinal, as of %(when)s)") % {
                "when": _when(panel.snapshot.computed_at, "SHORT_DATETIME_FORMAT")
            }
        else:
            caption = gettext("Agreement behind it (Krippendorff's α, ordinal)")
        rows = []
        for f in panel.agreement_behind:
            if f.too_few:
                paired = gettext("(%(ratings)s paired, %(needed)s needed)") % {
                    "ratings": esc(f.ratings),
                    "needed": esc(panel.min_paired),
                }
                cells = (
                    f'<td colspan="2"><span class="band band-none">'
                    f"{gettext('too few ratings')}</span> "
                    f'<span class="muted small">{paired}</span></td>'
                )
            else:
                band = (
                    gettext("reliable")
                    if f.band == "reliable"
                    else gettext("tentative")
                    if f.band == "tentative"
                    else gettext("review the guidelines")
                )
                cells = (
                    f"<td>{esc(floatformat(f.alpha, 3))}</td>"
                    f'<td><span class="band band-{esc(f.band)}">{band}</span></td>'
                )
            rows.append(
                f'<tr><th scope="row">{esc(f.title)}</th>{cells}<td>{esc(f.claims)}</td></tr>'
            )
        table = (
            '\n      <table class="agreement-table">\n'
            f"        <caption>{caption}</caption>\n"
            f'        <thead><tr><th scope="col">{gettext("Over")}</th>'
            f'<th scope="col">α</th><th scope="col">{gettext("Reads as")}</th>'
            f'<th scope="col">{gettext("Claims")}</th></tr></thead>\n'
            f"        <tbody>{''.join(rows)}</tbody>\n"
            "      </table>\n      "
        )
    return mark_safe(  # noqa: S308 - every value is escaped
        f'\n    <div class="verdict-basis" aria-labelledby="basis-{pk}">\n'
        f'      <p id="basis-{pk}"><strong>{gettext("The ratings propose")}</strong> '
        f'<span class="badge verdict">{plain}</span>{weighted}.\n'
        f"        {flag} {gettext('You decide.')}</p>\n"
        f"      {table}\n"
        "    </div>\n    "
    )


@register.simple_tag(takes_context=True)
def verdict_form(context, panel) -> str:
    """Writing and publishing the verdict, or a correction of the published one: label, summary,
    the claim as search results show it (with a counter against the advised length), the
    explanation, the sources it rests on, and a correction note or the reason to publish below
    quorum. Open when it failed, or when the quorum waits for a first verdict."""
    claim, form, current = panel.claim, panel.verdict_form, panel.current_verdict
    pk = int(claim.pk)
    action = claim_url("factcheck:claim_verdict", pk)
    label = form["label"]
    label_hint = ""
    if not current:
        proposal = panel.proposal
        hint = (
            gettext("Set to the label the ratings propose; change it if you decide otherwise.")
            if proposal and proposal.plain
            else gettext("The ratings propose no label: choose one.")
        )
        label_hint = f'<p class="muted small">{hint}</p>'
    advised = int(panel.claim_reviewed_advised)
    reviewed = form["claim_reviewed"]
    typed = reviewed.value() or ""
    n = len(typed)
    many = gettext("%(n)s characters.")
    over = gettext("%(n)s characters: over %(advised)s, search results may cut it.")
    if n > advised:
        counter = over % {"n": n, "advised": advised}
    elif n == 1:
        counter = gettext("1 character.")
    else:
        counter = many % {"n": n}
    help_text = gettext(
        "The claim as search results show it (ClaimReview): keep it under %(advised)s characters."
    ) % {"advised": advised}
    sources = ""
    if panel.verdict_sources:
        items = "".join(
            f'<li><label><input type="checkbox" name="sources" value="{int(source.pk)}"'
            f"{' checked' if checked else ''}> {esc(source.title or source.url)}</label></li>"
            for source, checked in panel.verdict_sources
        )
        sources = (
            f"<fieldset><legend>{gettext('Rests on these sources')}</legend>\n"
            f'          <ul class="verdict-sources">{items}</ul>\n'
            f"        </fieldset>{_errors(form['sources'].errors)}"
        )
    if current:
        note = form["correction_note"]
        ending = (
            f'\n          <label for="verdict-note-{pk}">'
            f"{gettext('Correction note (shown publicly)')}</label>\n"
            f'          <textarea name="correction_note" id="verdict-note-{pk}" rows="2"'
            f"{_invalid(note)}>{_value(note)}</textarea>\n"
            f"          {_errors(note.errors)}\n"
            f'          <input type="hidden" name="expected_revision" '
            f'value="{esc(current.revision)}">\n        '
        )
    elif not panel.quorum_reached:
        reason = form["quorum_override_reason"]
        ending = (
            f'\n          <label for="verdict-override-{pk}">'
            f"{gettext('Publish below quorum because…')}</label>\n"
            f'          <input type="text" name="quorum_override_reason" id="verdict-override-{pk}"'
            f' value="{_value(reason)}"{_invalid(reason)}>\n'
            f"          {_errors(reason.errors)}\n        "
        )
    else:
        ending = ""
    summary, explanation = form["summary"], form["explanation"]
    title = gettext("Publish a correction") if current else gettext("Write and publish the verdict")
    submit = gettext("Publish correction") if current else gettext("Publish verdict")
    return mark_safe(  # noqa: S308 - every value is escaped
        f"<details{' open' if panel.verdict_form_open else ''}>\n"
        f"      <summary>{title}</summary>\n"
        f"      {_form_open(action, _csrf_input(context), 'stack')}\n"
        f"        {_errors(form.non_field_errors())}\n"
        f'        <label for="verdict-label-{pk}">{gettext("Label")}</label>\n'
        f'        <select name="label" id="verdict-label-{pk}" required{_invalid(label)}>'
        f'<option value=""{"" if label.value() else " selected"}>'
        f"{gettext('Choose a label…')}</option>{options(panel.verdict_label_choices)}"
        "</select>\n"
        f"        {label_hint}\n"
        f"        {_errors(label.errors)}\n"
        f'        <label for="verdict-summary-{pk}">{gettext("One-line summary")}</label>\n'
        f'        <input type="text" name="summary" id="verdict-summary-{pk}" maxlength="300" '
        f'required value="{_value(summary)}"{_invalid(summary)}>\n'
        f"        {_errors(summary.errors)}\n        \n"
        f'        <label for="verdict-reviewed-{pk}">{gettext("Claim reviewed")}</label>\n'
        f'        <input type="text" name="claim_reviewed" id="verdict-reviewed-{pk}" '
        f'class="char-count" maxlength="300" required data-advised="{advised}" '
        f'data-counter="verdict-reviewed-count-{pk}" '
        f'data-one="{gettext("1 character.")}" '
        f'data-many="{many % {"n": "{n}"}}" '
        f'data-over="{over % {"n": "{n}", "advised": advised}}" '
        f'aria-describedby="verdict-reviewed-help-{pk} verdict-reviewed-count-{pk}" '
        f'value="{esc(typed)}"{_invalid(reviewed)}>\n'
        f'        <p class="muted small" id="verdict-reviewed-help-{pk}">{help_text}\n'
        f'          <span id="verdict-reviewed-count-{pk}" '
        f'class="char-counter{" over" if n > advised else ""}" aria-live="polite">'
        f"{counter}</span></p>\n"
        f"        {_errors(reviewed.errors)}\n        \n"
        f'        <label for="verdict-explanation-{pk}">{gettext("Explanation")}</label>\n'
        f'        <textarea name="explanation" id="verdict-explanation-{pk}" rows="6" required '
        f'aria-describedby="verdict-explanation-help-{pk}"{_invalid(explanation)}>'
        f"{_value(explanation)}</textarea>\n"
        f'        <p class="muted small" id="verdict-explanation-help-{pk}">'
        f"{gettext('Markdown: **bold**, *italic*, [links](https://…), lists.')}</p>\n"
        f"        {_errors(explanation.errors)}\n"
        f"        {sources}\n"
        f"        {ending}\n"
        f'        <button type="submit" class="primary">{submit}</button>\n'
        "      </form>\n"
        "    </details>\n  "
    )


@register.simple_tag(takes_context=True)
def claimant_fix(context, panel) -> str:
    """Fixing who made the claim (folded; open when the fix failed or was refused)."""
    pk = int(panel.claim.pk)
    form = panel.claimant_form
    claimant = form["claimant"]
    action = claim_url("factcheck:claim_claimant", pk)
    described = f"claimant-help-{pk}" + (f" claimant-error-{pk}" if form.errors else "")
    errors = (
        f'<div id="claimant-error-{pk}">{_errors(claimant.errors)}'
        f"{_errors(form.non_field_errors())}</div>"
        if form.errors
        else ""
    )
    help_text = gettext(
        "The person or organisation the article quotes; the outlet when the article says it "
        "itself. Published fact-checks name it as the claim's author."
    )
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<details class="claimant-fix"{" open" if panel.claimant_open else ""}><summary>'
        f"{gettext('Fix the claimant')}</summary>\n"
        f"    {_form_open(action, _csrf_input(context), 'stack')}\n"
        f'      <input type="hidden" name="version" value="{int(panel.claim.version)}">\n'
        f'      <label for="claimant-input-{pk}">{gettext("Who made the claim")}</label>\n'
        '      <div class="row">\n'
        f'        <input id="claimant-input-{pk}" type="text" name="claimant" maxlength="300" '
        f'required value="{_value(claimant)}" aria-describedby="{described}"'
        f"{_invalid(claimant)}>\n"
        f'        <button type="submit">{gettext("Save claimant")}</button>\n'
        "      </div>\n"
        f'      <p class="muted small" id="claimant-help-{pk}">{help_text}</p>\n'
        "    </form>\n"
        f"    {errors}\n"
        "  </details>\n  "
    )


@register.simple_tag(takes_context=True)
def priority_buttons(context, panel) -> str:
    """The claim's place in the triage queue, moved up or down a step."""
    pk = int(panel.claim.pk)
    action = claim_url("factcheck:claim_priority", pk)
    csrf = _csrf_input(context)
    priority = gettext("Queue priority %(priority)s") % {"priority": f"{panel.claim.priority:+d}"}
    moves = (
        ("up", gettext("Move up"), panel.priority_at_top),
        ("down", gettext("Move down"), panel.priority_at_bottom),
    )
    buttons = "".join(
        f"\n    {_form_open(action, csrf)}\n"
        f'      <input type="hidden" name="direction" value="{direction}"><button type="submit"'
        f"{' disabled' if disabled else ''}>{label}</button></form>"
        for direction, label, disabled in moves
    )
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<div class="row">\n    <span class="small">{priority}</span>{buttons}\n  </div>'
    )


@register.simple_tag(takes_context=True)
def source_form(context, panel) -> str:
    """Adding a source: address, title, publisher, the passage it rests on, its stance; each
    field's errors under it, with the id its aria-describedby names (folded; open when it
    failed)."""
    pk = int(panel.claim.pk)
    form = panel.source_form
    action = claim_url("factcheck:claim_add_source", pk)

    def field(name: str, html: str) -> str:
        bound = form[name]
        error = (
            f'<div id="sourceform-{pk}-{name}_error">{_errors(bound.errors)}</div>'
            if bound.errors
            else ""
        )
        return f'      <label for="sourceform-{pk}-{name}">{esc(bound.label)}</label>{html}\n      {error}\n'

    def invalid(name: str) -> str:
        if not form[name].errors:
            return ""
        return f' aria-invalid="true" aria-describedby="sourceform-{pk}-{name}_error"'

    def text(name: str, maxlength: int, required: bool = False) -> str:
        value = form[name].value()
        shown = f' value="{esc(value)}"' if value else ""
        return (
            f'<input type="text" name="{name}" maxlength="{maxlength}"'
            f'{" required" if required else ""}{shown}{invalid(name)} id="sourceform-{pk}-{name}">'
        )

    passage = (
        f'<textarea name="passage" cols="40" rows="2"{invalid("passage")} '
        f'id="sourceform-{pk}-passage">\n{_value(form["passage"])}</textarea>'
    )
    stance = (
        f'<select name="stance"{invalid("stance")} id="sourceform-{pk}-stance">'
        f"{options(panel.stance_choices)}</select>"
    )
    return mark_safe(  # noqa: S308 - every value is escaped
        f"<details{' open' if form.is_bound else ''}><summary>{gettext('Add a source')}"
        "</summary>\n"
        f"    {_form_open(action, _csrf_input(context), 'stack')}\n"
        + field("url", text("url", 2000, required=True))
        + field("title", text("title", 500))
        + field("publisher", text("publisher", 300))
        + field("passage", passage)
        + field("stance", stance)
        + f"      {_errors(form.non_field_errors())}\n"
        f'      <button type="submit">{gettext("Add source")}</button>\n'
        "    </form>\n"
        "  </details>\n  "
    )


@register.simple_tag(takes_context=True)
def comment_form(context, panel, comment_url) -> str:
    """A new comment (Markdown; @username mentions)."""
    pk = int(panel.claim.pk)
    form = panel.comment_form
    body = form["body"]
    url = esc(comment_url)
    placeholder = gettext("Markdown; @username to mention.")
    return mark_safe(  # noqa: S308 - every value is escaped
        f"{_form_open(url, _csrf_input(context), 'stack')}\n"
        f'    <label for="comment-body-{pk}">{gettext("Comment")}</label>\n'
        f'    <textarea id="comment-body-{pk}" name="body" rows="3" required '
        f'placeholder="{placeholder}"{_invalid(body)}>{_value(body)}</textarea>\n'
        f"    {_errors(body.errors)}\n"
        f"    {_errors(form.non_field_errors())}\n"
        f'    <button type="submit">{pgettext("verb", "Comment")}</button>\n'
        "  </form>\n  "
    )


@register.simple_tag
def claim_heading(panel) -> str:
    """The top of the panel: the way back to the article (on the claim's own page) or to the
    claim's page (in the workspace), status, score and priority, the wording, the part's notice,
    the claimant and the span (the fix of the claimant follows: {% claimant_fix %})."""
    claim, article = panel.claim, panel.article
    pk = int(claim.pk)
    crumbs = ""
    if not panel.in_workspace:
        back = claim_url("factcheck:article", claim.article_id)
        crumbs = (
            f'<p class="crumbs"><a href="{back}?claim={pk}">← '
            f"{esc(truncatechars(article.title, 90))}</a></p>"
        )
    # As {% blocktranslate %}: the values are escaped, the (trusted) translation is not.
    score = gettext("score %(score)s") % {"score": esc(floatformat(claim.score, 2))}
    priority = ""
    if claim.priority:
        chip = gettext("priority %(priority)s") % {"priority": f"{int(claim.priority):+d}"}
        priority = (
            f'<span class="chip" title="{gettext("Editor priority in the triage queue")}">'
            f"{chip}</span>"
        )
    page = ""
    if panel.in_workspace:
        page = (
            f'<a class="small" href="{claim_url("factcheck:claim", pk)}">'
            f"{gettext('Claim page')}</a>"
        )
    language = esc(article.language)
    claimant = esc(claim.claimant) if claim.claimant else gettext("unknown")
    line = gettext("Claimant: <strong>%(claimant)s</strong> · characters %(start)s–%(end)s") % {
        "claimant": claimant,
        "start": int(claim.start),
        "end": int(claim.end),
    }
    return mark_safe(  # noqa: S308 - every value is escaped
        f"{crumbs}\n"
        f'  <p class="kicker"><span class="badge status-{esc(claim.status)}">'
        f"{esc(claim.get_status_display())}</span>\n"
        f'    <span class="score" title="{gettext("Check-worthiness score")}">{score}</span>\n'
        f"    {priority}\n"
        f"    {page}</p>\n"
        f'  <h2 id="claim-title-{pk}" class="wording" lang="{language}">{esc(claim.wording)}</h2>\n'
        f"  {notice_box(panel.notices.header, pk)}\n"
        f'  <p class="muted small claimant-line">{line}</p>'
    )


@register.simple_tag
def claim_in_context(panel) -> str:
    """The quote as the article has it, with the text just before and after."""
    claim = panel.claim
    prefix = f"…{esc(claim.prefix)}" if claim.prefix else ""
    suffix = f"{esc(claim.suffix)}…" if claim.suffix else ""
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<blockquote class="in-context" lang="{esc(panel.article.language)}">'
        f'<span class="muted">{prefix}</span><mark>{esc(claim.quote)}</mark>'
        f'<span class="muted">{suffix}</span></blockquote>'
    )


# makemessages (xgettext) reads no call inside an f-string, nor one through an alias: the msgids the
# tags above translate there are marked here, so that `make messages` keeps them in the catalogs.
# tests/test_i18n.py checks that this list holds every one of them.
_MARKED_FOR_TRANSLATION = (
    gettext_lazy("Conflict:"),
    gettext_lazy("Copy"),
    gettext_lazy("No features recorded."),
    gettext_lazy("(you)"),
    gettext_lazy("revised"),
    gettext_lazy("edited"),
    gettext_lazy("Edit"),
    gettext_lazy("Edit your comment"),
    gettext_lazy("Save"),
    gettext_lazy("Reply"),
    gettext_lazy("Editor"),
    gettext_lazy("Select for checking"),
    gettext_lazy("Reason for dismissing"),
    gettext_lazy("Reason to dismiss"),
    gettext_lazy("Dismiss"),
    gettext_lazy("Reword"),
    gettext_lazy("Wording"),
    gettext_lazy("Claimant"),
    gettext_lazy("Save wording"),
    pgettext_lazy("action", "Split in two"),
    gettext_lazy("Click in the quote where the first part ends, then confirm."),
    gettext_lazy("The quote: click where it splits"),
    pgettext_lazy("verb", "Split"),
    gettext_lazy("Merge with next"),
    gettext_lazy("Merge with previous"),
    gettext_lazy("Merge with a neighbour"),
    gettext_lazy("rated"),
    gettext_lazy("Unassign"),
    gettext_lazy("Nobody yet."),
    gettext_lazy("Assigned:"),
    gettext_lazy("Reviewer to assign"),
    gettext_lazy("Assign"),
    gettext_lazy("nothing yet"),
    gettext_lazy("Needs discussion:"),
    gettext_lazy("Weighted by reliability"),
    gettext_lazy("Proposed"),
    gettext_lazy("Rationale"),
    gettext_lazy("Confidence"),
    gettext_lazy("public page"),
    gettext_lazy("Claim reviewed:"),
    gettext_lazy("superseded"),
    gettext_lazy("weighted by reliability"),
    gettext_lazy("Needs discussion."),
    gettext_lazy("too few ratings"),
    gettext_lazy("Over"),
    gettext_lazy("Reads as"),
    gettext_lazy("Claims"),
    gettext_lazy("The ratings propose"),
    gettext_lazy("You decide."),
    gettext_lazy("Rests on these sources"),
    gettext_lazy("Correction note (shown publicly)"),
    gettext_lazy("Publish below quorum because…"),
    gettext_lazy("Label"),
    gettext_lazy("Choose a label…"),
    gettext_lazy("One-line summary"),
    gettext_lazy("Claim reviewed"),
    gettext_lazy("1 character."),
    gettext_lazy("Explanation"),
    gettext_lazy("Markdown: **bold**, *italic*, [links](https://…), lists."),
    gettext_lazy("Fix the claimant"),
    gettext_lazy("Who made the claim"),
    gettext_lazy("Save claimant"),
    gettext_lazy("Add a source"),
    gettext_lazy("Add source"),
    gettext_lazy("Comment"),
    pgettext_lazy("verb", "Comment"),
    gettext_lazy("Editor priority in the triage queue"),
    gettext_lazy("Claim page"),
    gettext_lazy("Check-worthiness score"),
)
