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
from django.utils.translation import gettext

from factcheck import markup
from factcheck.templatetags.row_html import esc, url_around_id

register = template.Library()


def _when(value, format_name: str) -> str:
    """`value|date:format_name` in the current time zone, escaped."""
    return esc(formats.date_format(template_localtime(value), format_name))


def _errors(errors) -> str:
    """The template's `errors` partial: one alert paragraph per message."""
    return "".join(f'<p class="error" role="alert">{esc(e)}</p>' for e in errors or ())


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
    conflict = f"<strong>{esc(gettext('Conflict:'))}</strong> " if notice.conflict else ""
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
            f'\n  <p class="small">{esc(advice)} <button type="button" class="copy-kept" hidden>'
            f"{esc(gettext('Copy'))}</button></p>"
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
        return mark_safe(f'<li class="muted">{esc(gettext("No features recorded."))}</li>')  # noqa: S308
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
    own = f" {esc(gettext('(you)'))}" if rating.is_own else ""
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
    revised = f" · {esc(gettext('revised'))}" if rating.version > 1 else ""
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
    edited = f" · {esc(gettext('edited'))}" if comment.edited_at else ""
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
            f"<summary>{esc(gettext('Edit'))}</summary>\n"
            f'        <form method="post" action="{action}" hx-post="{action}" class="stack">'
            f"{csrf}\n"
            f'          <label for="edit-{pk}" class="visually-hidden">'
            f"{esc(gettext('Edit your comment'))}</label>\n"
            f'          <textarea id="edit-{pk}" name="body" rows="3" required>{text}</textarea>\n'
            f"          {errors}\n"
            f'          <button type="submit">{esc(gettext("Save"))}</button></form>\n'
            "      </details>\n      "
        )
    if can_comment:
        form = row.reply_form
        text, errors = _comment_form(form, "")
        url = esc(comment_url)
        reply_to = gettext("Reply to %(who)s") % {"who": esc(comment.author.username)}
        parts.append(
            f'\n      <details class="reply"{" open" if form else ""}>'
            f"<summary>{esc(gettext('Reply'))}</summary>\n"
            f'        <form method="post" action="{url}" hx-post="{url}" class="stack">{csrf}\n'
            f'          <input type="hidden" name="parent" value="{pk}">\n'
            f'          <label for="reply-{pk}" class="visually-hidden">{reply_to}</label>\n'
            f'          <textarea id="reply-{pk}" name="body" rows="2" required>{text}</textarea>\n'
            f"          {errors}\n"
            f'          <button type="submit">{esc(gettext("Reply"))}</button></form>\n'
            "      </details>\n      "
        )
    parts.append("\n    </li>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped
