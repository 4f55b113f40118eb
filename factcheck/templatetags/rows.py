"""Rows of the long lists, rendered in Python: `{% queues lists %}` (My work's queues, each with its
rows and pager), `{% claim_row claim %}` and `{% verdict_row verdict %}` (one row).

My work shows four queues of 20 claims; through a template include each row cost about 1,400 Python
calls (variable look-ups, a URL reverse, translation tags, an escape per value), the bulk of the page
(bench/pages.py). Here a row is one string with the same markup and the same translatable strings
(msgids identical to the template's, so the catalogs apply unchanged); what is the same on every row
(translations, the URL's head, status labels) is worked out once per page. The queues come out of one
tag: a template loop around a row tag still cost some 70 calls a row (the loop, an `{% if %}` and the
tag's own machinery), and each queue's section some 500.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.db.models import F, QuerySet
from django.dispatch import receiver
from django.template.defaultfilters import floatformat
from django.urls import get_script_prefix, reverse
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, add_truncation_text, calculate_truncate_chars_length
from django.utils.timezone import get_current_timezone, template_localtime
from django.utils.translation import get_language, gettext, ngettext, pgettext

from factcheck.models import Claim, Verdict
from factcheck.templatetags.row_html import ANY_ID, esc, url_around_id

register = template.Library()

# The claim's columns `claim_row` reads (its article's title and outlet's name come as annotations).
CLAIM_ROW_FIELDS = ("wording", "status", "score", "ratings_count", "article")


def claim_rows(qs: QuerySet[Claim]) -> QuerySet[Claim]:
    """`qs` loading what {% claim_row %} shows and the fields of the queryset's order (the page
    cursor is made of them), nothing else: a queue's claim is otherwise the widest row of the desk
    (its features, its search document, its article's whole text). The article's title and the
    outlet's name come as `article_title` and `outlet_name` beside the claim, not as two more
    model instances per row."""
    order = [o.lstrip("-") for o in map(str, qs.query.order_by) if o.lstrip("-") != "pk"]
    return (
        qs.select_related(None)
        .only(*CLAIM_ROW_FIELDS, *order)
        .annotate(article_title=F("article__title"), outlet_name=F("article__outlet__name"))
    )


def verdict_rows(qs: QuerySet[Verdict]) -> QuerySet[Verdict]:
    """`qs` loading what {% verdict_row %} shows and the fields of the queryset's order: the claim's
    wording comes as `claim_wording` beside the verdict, not as a Claim per row."""
    order = [o.lstrip("-") for o in map(str, qs.query.order_by) if o.lstrip("-") != "pk"]
    return (
        qs.select_related(None)
        .select_related("label")
        .only("claim_id", "summary", "revision", "label__name", "label__names", *order)
        .annotate(claim_wording=F("claim__wording"))
    )


_CENT = Decimal("0.01")
# Django's msgid for a cut text, translated by Django's catalogs: given from a variable, since a
# literal in the call would have makemessages copy it into ours.
_TRUNCATION = ("String to return when truncating text", "%(truncated_text)s…")
_OPEN = frozenset(Claim.OPEN)


@lru_cache(maxsize=16)
def _verdict_url_parts(script_prefix: str) -> tuple[str, str, str]:
    slug = f"s{ANY_ID}"
    url = reverse("factcheck:public_verdict", kwargs={"claim_id": ANY_ID, "slug": slug})
    head, rest = url.split(f"{ANY_ID}/", 1)
    middle, tail = rest.split(slug)
    return head, "/" + middle, tail


@receiver(setting_changed)
def _urls_changed(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":  # tests that swap the URLs: reverse again
        _verdict_url_parts.cache_clear()


@lru_cache(maxsize=16)
def _language_strings(language: str) -> dict:
    """The translations and formats every page in `language` shares, worked out once a process (a
    page paid some 800 calls for them); forgotten when a setting changes (tests)."""
    return {
        "check_worthiness": esc(gettext("Check-worthiness")),
        "nothing": esc(gettext("nothing")),
        "weighted": esc(gettext("weighted")),
        "proposed": esc(gettext("Proposed")),
        "ratings": esc(gettext("Ratings")),
        "needs_discussion": esc(gettext("Needs discussion")),
        "score": gettext("score %(score)s"),
        "select_for_assigning": gettext("Select for assigning: %(wording)s"),
        "status": {value: esc(label) for value, label in Claim.Status.choices},
        "decimal_separator": formats.get_format("DECIMAL_SEPARATOR"),
        "corrected": esc(gettext("corrected")),
        # As {% translate %} prints them: not escaped (the catalogs are trusted).
        "pages": gettext("%(title)s pages"),
        "previous": gettext("Previous"),
        "next": gettext("Next"),
        "nothing_here": gettext("Nothing here."),
        # What Truncator.chars adds to a cut text (its default, translated).
        "truncation": pgettext(*_TRUNCATION),
    }


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    _language_strings.cache_clear()  # LANGUAGES, LOCALE_PATHS, formats...: translate again


class _PageStrings:
    """What every row of one page shares, in the page's language."""

    def __init__(self):
        self.language = get_language()
        self.__dict__.update(_language_strings(self.language))
        self.url_head, self.url_tail = url_around_id("factcheck:article")
        self.verdict_url = _verdict_url_parts(get_script_prefix())
        self.time_zone = get_current_timezone() if settings.USE_TZ else None
        self._label_names: dict[int, str] = {}
        self._dates: dict[object, str] = {}
        self._ratings: dict[int, str] = {}
        self._kept: dict[int, int] = {}
        self._shared: dict[tuple[str, int], str] = {}

    def shared(self, value: str, length: int = 0) -> str:
        """`value`, cut at `length` characters (0: not cut) and escaped, worked out once a page for
        the texts many rows share (a status, an outlet's name, an article's title)."""
        key = (value, length)
        text = self._shared.get(key)
        if text is None:
            text = self._shared[key] = esc(self.truncate(value, length) if length else value)
        return text

    def truncate(self, value: str, length: int) -> str:
        """`value|truncatechars:length` (fast_filters.truncatechars) for a str. A text no longer
        than the limit is returned as it is; a longer one whose first `length` + 1 characters hold
        no combining mark (every character counts as one, the usual case) is cut where Truncator
        cuts it, with Truncator's own helpers, instead of its loop over each character; any other
        text goes through Truncator."""
        if len(value) <= length:
            return value
        text = value if value.isascii() else unicodedata.normalize("NFC", value)
        head = text[: length + 1]
        if len(head) <= length or (not head.isascii() and any(map(unicodedata.combining, head))):
            return Truncator(value).chars(length)
        kept = self._kept.get(length)
        if kept is None:
            kept = self._kept[length] = calculate_truncate_chars_length(length, self.truncation)
        return add_truncation_text(text[:kept], self.truncation)

    def ratings_count(self, n: int) -> str:
        """The row's "%(counter)s ratings" span for `n` ratings (the same few numbers on every row).
        As {% blocktranslate %}: the value is escaped, the (trusted) translation is not."""
        text = self._ratings.get(n)
        if text is None:
            counted = ngettext("%(counter)s rating", "%(counter)s ratings", n)
            text = self._ratings[n] = f"<span>{counted % {'counter': int(n)}}</span>"
        return text

    def label_name(self, label) -> str:
        """The label's name in the page's language, escaped (the same few labels on every row)."""
        key = label.id or id(label)
        name = self._label_names.get(key)
        if name is None:
            name = self._label_names[key] = esc(label.local_name)
        return name

    def short_date(self, value) -> str:
        """`value|date:"SHORT_DATE_FORMAT"` in the current time zone, escaped."""
        if (
            self.time_zone is not None
            and type(value) is dt.datetime
            and value.utcoffset() is not None
        ):
            local = value.astimezone(self.time_zone)  # what template_localtime does, directly
        else:
            local = template_localtime(value)
        day = local.date()
        text = self._dates.get(day)
        if text is None:
            text = self._dates[day] = esc(formats.date_format(local, "SHORT_DATE_FORMAT"))
        return text

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


def _ticked(context) -> set[str] | tuple:
    """The claims ticked in the bulk assignment form (factcheck/_bulk_assign.html), kept when it
    failed."""
    return getattr(context.get("bulk_form"), "ticked_claims", None) or ()


@register.simple_tag(takes_context=True)
def queues(context, lists: list[dict]) -> str:
    """My work's queues (`lists` from views._work_context, each `{"key", "title", "page"}`): for
    each a section with its title, count and rows (`{% verdict_row %}` for the "published" queue,
    `{% claim_row %}` otherwise) and its pager, or "Nothing here.": what my_work.html's loop over
    the lists printed, whitespace included."""
    s = _strings(context)
    editor = bool(context.get("user_is_editor"))
    ticked = _ticked(context) if editor else ()
    return mark_safe(  # noqa: S308 - every value is escaped, translations as {% translate %}
        "".join(_queue(s, queue, editor, ticked) for queue in lists)
    )


def _queue(s: _PageStrings, queue: dict, editor: bool, ticked) -> str:
    key, title, page = esc(queue["key"]), esc(queue["title"]), queue["page"]
    if page.object_list:
        if queue["key"] == "published":
            rows = [_verdict_row(s, verdict) for verdict in page.object_list]
        else:
            rows = [_claim_row(s, claim, editor, ticked) for claim in page.object_list]
        pager = ""
        if page.has_other_pages:
            previous = next_ = ""
            if page.previous_url:
                previous = f'<a href="{esc(page.previous_url)}" rel="prev">← {s.previous}</a>'
            if page.next_url:
                next_ = f'<a href="{esc(page.next_url)}" rel="next">{s.next} →</a>'
            pager = (
                f'\n      <nav class="pager" aria-label="{s.pages % {"title": title}}">\n'
                f"        {previous}\n        {next_}\n      </nav>\n      "
            )
        body = (
            '\n      <ul class="claim-list">\n      '
            + "".join([f"\n        \n          {row}\n        \n      " for row in rows])
            + f"\n      </ul>\n      {pager}\n    "
        )
    else:
        body = f'\n      <p class="empty">{s.nothing_here}</p>\n    '
    count = esc(formats.localize(page.count)) + ("+" if page.count_capped else "")
    return (
        f'\n  <section class="queue card" id="queue-{key}" aria-labelledby="queue-{key}-title">\n'
        f'    <h2 id="queue-{key}-title">{title} <span class="count">{count}</span></h2>\n'
        f"    {body}\n  </section>\n"
    )


@register.simple_tag(takes_context=True)
def claim_row(context, claim) -> str:
    """One claim of a queue (see `_claim_row`)."""
    editor = bool(context.get("user_is_editor"))
    return mark_safe(  # noqa: S308 - every value is escaped
        _claim_row(_strings(context), claim, editor, _ticked(context) if editor else ())
    )


@register.simple_tag(takes_context=True)
def verdict_row(context, verdict) -> str:
    """One verdict of My work's "Recently published" (see `_verdict_row`)."""
    return mark_safe(_verdict_row(_strings(context), verdict))  # noqa: S308 - values escaped


def _claim_row(s: _PageStrings, claim, editor: bool, ticked) -> str:
    """One claim of a queue: wording (a link into its article's workspace), status, score, number
    of ratings (editors), outlet and article, and the ratings' proposal when the view attached one
    (`consensus.attach_proposals`, editors' queues only); for editors, the box that ticks an open
    claim for the bulk assignment. The claims come from `claim_rows`."""
    pk = int(claim.id)
    wording = claim.wording
    shown = esc(s.truncate(wording, 160))
    status = claim.status
    pick = ""
    if editor and status in _OPEN:
        short = shown if len(wording) <= 80 else esc(s.truncate(wording, 80))
        label = s.select_for_assigning % {"wording": short}
        pick = (
            f'<input type="checkbox" class="pick" name="claims" value="{pk}" '
            f'form="bulk-assign" aria-label="{label}"'
            f"{' checked' if str(pk) in ticked else ''}>"
        )
    ratings = s.ratings_count(claim.ratings_count) if claim.ratings_count and editor else ""
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
            name = (s.label_name(proposal.weighted) if proposal.weighted else "") or s.nothing
            weighted = f" · {s.weighted} <strong>{name}</strong>"
        plain = (s.label_name(proposal.plain) if proposal.plain else "") or s.nothing
        chips = "".join(
            [f'<span class="chip">{s.label_name(r.label)}</span>' for r in proposal.ratings]
        )
        proposal_html = (
            f'\n  <div class="meta proposal-row">\n    {flag}\n'
            f"    <span>{s.proposed} <strong>{plain}</strong>{weighted}</span>\n"
            f'    <span class="ratings-inline" aria-label="{s.ratings}">{chips}</span>\n  </div>'
        )
    score = s.score % {"score": esc(s.score_text(claim.score))}
    status_label = s.status.get(status) or esc(claim.get_status_display())
    status = s.shared(status)
    return (
        f'<li class="claim-row status-{status}">\n'
        f"  {pick}\n"
        f'  <a href="{s.url_head}{int(claim.article_id)}{s.url_tail}?claim={pk}">{shown}</a>\n'
        '  <div class="meta">\n'
        f'    <span class="badge status-{status}">{status_label}</span>\n'
        f'    <span class="score" title="{s.check_worthiness}">{score}</span>\n'
        f"    {ratings}\n"
        f'    <span class="muted">{s.shared(claim.outlet_name or "")} · '
        f"{s.shared(claim.article_title, 60)}</span>\n"
        f"  </div>{proposal_html}\n"
        "</li>"
    )


def _verdict_row(s: _PageStrings, verdict) -> str:
    """One verdict of My work's "Recently published": the claim's wording (a link to the public
    verdict page), the verdict's label, its date, and whether it was corrected. The verdicts come
    from `verdict_rows`."""
    corrected = f" · {s.corrected}" if verdict.revision > 1 else ""
    head, middle, tail = s.verdict_url  # verdict.get_absolute_url(), without a reverse a row
    url = f"{head}{int(verdict.claim_id)}{middle}{verdict.url_slug}{tail}"
    return (
        '<li class="claim-row status-published">\n'
        f'  <a href="{esc(url)}">'
        f"{esc(s.truncate(verdict.claim_wording, 140))}</a>\n"
        f'  <div class="meta"><span class="badge verdict">{s.label_name(verdict.label)}</span>\n'
        f'    <span class="muted">{s.short_date(verdict.published_at)}{corrected}</span></div>\n'
        "</li>"
    )


@register.simple_tag
def reviewer_checkboxes(rows) -> str:
    """The bulk-assign form's people (forms.ReviewerRow), one ticking box each with their open
    workload: a template loop cost about 330 Python calls a person, more than a page of claims."""
    if not rows:
        nobody = gettext("Nobody on the desk can be assigned yet.")
        # The template's own string, as {% translate %} writes it.
        return mark_safe(f'<li class="muted">{nobody}</li>\n      ')  # noqa: S308
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            f'\n      <li><label><input type="checkbox" name="reviewers" value="{int(row.pk)}"'
            f"{' checked' if row.ticked else ''}> {esc(row.name)} "
            f'<span class="workload{" idle" if row.idle else ""}">{esc(row.workload)}</span>'
            "</label></li>\n      "
            for row in rows
        )
    )
