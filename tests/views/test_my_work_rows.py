"""My work's rows rendered in Python (factcheck/templatetags/rows.py) say what the template said."""

import datetime as dt
import re
import unicodedata
from types import SimpleNamespace

import pytest
from django.template import Context, Template, engines
from django.template.defaultfilters import floatformat
from django.utils import formats, timezone, translation
from django.utils.text import Truncator

from factcheck.consensus.reports import Proposal, QueueRating
from factcheck.models import Claim, RatingLabel, Verdict
from factcheck.pagination import KeysetPage
from factcheck.templatetags.fast_filters import truncatechars
from factcheck.templatetags.rows import _PageStrings

# The markup my_work.html had for a recent verdict before {% verdict_row %}.
TEMPLATE_ROW = """{% load i18n %}<li class="claim-row status-published">
  <a href="{{ item.get_absolute_url }}">{{ item.claim.wording|truncatechars:140 }}</a>
  <div class="meta"><span class="badge verdict">{{ item.label.local_name }}</span>
    <span class="muted">{{ item.published_at|date:"SHORT_DATE_FORMAT" }}{% if item.revision > 1 %}\
 · {% translate "corrected" %}{% endif %}</span></div>
</li>"""

# The markup of a queue's claim row when it was a template (_claim_row.html), reading the columns
# `claim_rows` loads (the article's title and outlet's name beside the claim) and labels' local names.
TEMPLATE_CLAIM_ROW = """{% load i18n %}<li class="claim-row status-{{ claim.status }}">
  {% if user_is_editor and claim.is_open %}<input type="checkbox" class="pick" name="claims" \
value="{{ claim.pk }}" form="bulk-assign" aria-label="{% blocktranslate with \
wording=claim.wording|truncatechars:80 %}Select for assigning: {{ wording }}{% endblocktranslate %}"\
{% if claim.pk|stringformat:"s" in bulk_form.ticked_claims %} checked{% endif %}>{% endif %}
  <a href="{% url 'factcheck:article' claim.article_id %}?claim={{ claim.pk }}">\
{{ claim.wording|truncatechars:160 }}</a>
  <div class="meta">
    <span class="badge status-{{ claim.status }}">{{ claim.get_status_display }}</span>
    <span class="score" title="{% translate "Check-worthiness" %}">{% blocktranslate with \
score=claim.score|floatformat:2 %}score {{ score }}{% endblocktranslate %}</span>
    {% if claim.ratings_count and user_is_editor %}<span>{% blocktranslate count \
counter=claim.ratings_count %}{{ counter }} rating{% plural %}{{ counter }} ratings\
{% endblocktranslate %}</span>{% endif %}
    <span class="muted">{{ claim.outlet_name|default:"" }} · \
{{ claim.article_title|truncatechars:60 }}</span>
  </div>
  {% if claim.proposal %}
  <div class="meta proposal-row">
    {% if claim.proposal.needs_discussion %}<span class="badge flag-discussion">\
{% translate "Needs discussion" %}</span>{% endif %}
    {% translate "nothing" as nothing %}<span>{% translate "Proposed" %} \
<strong>{{ claim.proposal.plain.local_name|default:nothing }}</strong>\
{% if claim.proposal.weighted_in_use %} · {% translate "weighted" %} \
<strong>{{ claim.proposal.weighted.local_name|default:nothing }}</strong>{% endif %}</span>
    <span class="ratings-inline" aria-label="{% translate "Ratings" %}">\
{% for r in claim.proposal.ratings %}<span class="chip">{{ r.label.local_name }}</span>\
{% endfor %}</span>
  </div>
  {% endif %}
</li>"""

# my_work.html's loop over the queues before {% queues %}.
TEMPLATE_QUEUES = """{% load i18n rows %}{% for list in lists %}
  <section class="queue card" id="queue-{{ list.key }}" aria-labelledby="queue-{{ list.key }}-title">
    <h2 id="queue-{{ list.key }}-title">{{ list.title }} <span class="count">{{ list.page.count }}\
{% if list.page.count_capped %}+{% endif %}</span></h2>
    {% if list.page.object_list %}
      <ul class="claim-list">
      {% for item in list.page.object_list %}
        {% if list.key == "published" %}
          {% verdict_row item %}
        {% else %}
          {% claim_row item %}
        {% endif %}
      {% endfor %}
      </ul>
      {% if list.page.has_other_pages %}
      <nav class="pager" aria-label="{% blocktranslate with title=list.title %}{{ title }} pages\
{% endblocktranslate %}">
        {% if list.page.previous_url %}<a href="{{ list.page.previous_url }}" rel="prev">\
← {% translate "Previous" %}</a>{% endif %}
        {% if list.page.next_url %}<a href="{{ list.page.next_url }}" rel="next">\
{% translate "Next" %} →</a>{% endif %}
      </nav>
      {% endif %}
    {% else %}
      <p class="empty">{% translate "Nothing here." %}</p>
    {% endif %}
  </section>
{% endfor %}"""


def _squeeze(html: str) -> str:
    return re.sub(r"\s+", " ", html).replace("> <", "><").strip()


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_scores_read_as_floatformat_2_in_every_language(language):
    values = [0.0, 1.0, 0.005, 0.015, 0.125, 0.135, 0.845, 0.995, 0.9949999, 1e-7, 0.5]
    values += [i / 997 for i in range(998)]
    with translation.override(language):
        strings = _PageStrings()
        for value in values:
            assert strings.score_text(value) == floatformat(value, 2), value


@pytest.mark.parametrize("language", ["en", "es", "fr"])
@pytest.mark.parametrize(
    ("revision", "summary"), [(1, "Taxes did not rise: the “rate” fell"), (2, "¿…?")]
)
def test_a_recent_verdict_row_is_the_template_row(language, revision, summary):
    label = RatingLabel(name="Mostly false", names={"es": "Mayormente falso", "fr": "Plutôt faux"})
    claim = Claim(pk=7, wording="<b>Taxes</b> & " + "rose " * 40)
    verdict = Verdict(
        claim=claim,
        label=label,
        summary=summary,
        revision=revision,
        # Late in the evening UTC: the date shown is the local date (next day in Auckland).
        published_at=dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC),
    )
    verdict.claim_wording = claim.wording  # as rows.verdict_rows loads it
    with translation.override(language), timezone.override("Pacific/Auckland"):
        expected = engines["django"].from_string(TEMPLATE_ROW).render({"item": verdict})
        got = Template("{% load rows %}{% verdict_row item %}").render(Context({"item": verdict}))
        local_day = formats.date_format(dt.date(2026, 3, 2), "SHORT_DATE_FORMAT")
    assert _squeeze(got) == _squeeze(expected)
    assert "&lt;b&gt;Taxes&lt;/b&gt; &amp;" in got
    assert f'<span class="muted">{local_day}' in got


TRUE = RatingLabel(pk=1, name="True", names={"es": "Verdadero", "fr": "Vrai"}, value=3)
FALSE = RatingLabel(pk=2, name="False <&>", names={"es": "Falso", "fr": "Faux"}, value=1)


def _claim(pk, status, *, wording, title, ratings_count=0, proposal=None, outlet="Daily <Planet>"):
    claim = Claim(
        pk=pk,
        article_id=40 + pk,
        status=status,
        wording=wording,
        score=0.125 * pk % 1,
        ratings_count=ratings_count,
    )
    claim.outlet_name = outlet
    claim.article_title = title
    if proposal is not None:
        claim.proposal = proposal
    return claim


def _proposal(*, plain, weighted, weighted_in_use, needs_discussion):
    return Proposal(
        plain=plain,
        weighted=weighted,
        needs_discussion=needs_discussion,
        majority_share=0.5,
        spread=2,
        n_ratings=2,
        weighted_in_use=weighted_in_use,
        accuracy={},
        ratings=[QueueRating(5, 1, TRUE), QueueRating(6, 2, FALSE)],
    )


def _claims():
    long_wording = "Le ministre a dit « <b>tout</b> » & " + "réformé " * 30
    return [
        _claim(1, Claim.Status.CANDIDATE, wording="Taxes rose by 3%", title="Budget"),
        _claim(
            2,
            Claim.Status.SELECTED,
            wording=long_wording,
            title="Un titre très long " * 5,
            ratings_count=2,
            proposal=_proposal(
                plain=TRUE, weighted=None, weighted_in_use=True, needs_discussion=True
            ),
        ),
        _claim(
            3,
            Claim.Status.SELECTED,
            wording="x" * 81,
            title="t" * 61,
            ratings_count=1,
            outlet=None,
            proposal=_proposal(
                plain=None, weighted=FALSE, weighted_in_use=False, needs_discussion=False
            ),
        ),
        _claim(4, Claim.Status.PUBLISHED, wording="Published claim", title="Old", ratings_count=3),
    ]


@pytest.mark.parametrize("language", ["en", "es", "fr"])
@pytest.mark.parametrize("editor", [True, False])
def test_a_claim_row_is_the_template_row(language, editor):
    form = SimpleNamespace(ticked_claims={"2"})
    context = {"user_is_editor": editor, "bulk_form": form}
    template = engines["django"].from_string(TEMPLATE_CLAIM_ROW)
    with translation.override(language):
        for claim in _claims():
            expected = template.render({**context, "claim": claim})
            got = Template("{% load rows %}{% claim_row claim %}").render(
                Context({**context, "claim": claim})
            )
            assert _squeeze(got) == _squeeze(expected), claim.pk
    assert editor == (
        "checked"
        in Template("{% load rows %}{% claim_row c %}").render(
            Context({**context, "c": _claims()[1]})
        )
    )


def _page(items, *, count=None, capped=False, previous=None, following=None):
    page = KeysetPage(items, len(items) if count is None else count, capped)
    page.previous_cursor = page.previous_url = previous
    page.next_cursor = page.next_url = following
    return page


def _verdicts():
    verdicts = [
        Verdict(
            claim=claim,
            label=TRUE,
            summary=f"Summary <b>{claim.pk}</b>",
            revision=claim.pk,
            published_at=dt.datetime(2026, 3, claim.pk, 12, tzinfo=dt.UTC),
        )
        for claim in _claims()
    ]
    for verdict in verdicts:
        verdict.claim_wording = verdict.claim.wording  # as rows.verdict_rows loads it
    return verdicts


@pytest.mark.parametrize("language", ["en", "es", "fr"])
@pytest.mark.parametrize("editor", [True, False])
def test_the_queues_print_what_the_template_loop_printed(language, editor):
    """Byte for byte, whitespace included: my_work.html is otherwise unchanged."""
    lists = [
        {"key": "candidates", "title": "Tom & Jerry's <queue>", "page": _page(_claims())},
        {
            "key": "awaiting",
            "title": "Awaiting",
            "page": _page(_claims()[1:3], count=1000, capped=True, following="?a=1&b=<2>"),
        },
        {
            "key": "disagreements",
            "title": "Needs discussion",
            "page": _page(_claims()[:1], count=21, previous="?b=1&c=2", following="?a=2"),
        },
        {"key": "published", "title": "Published", "page": _page(_verdicts(), previous="?c")},
        {"key": "assigned", "title": "Empty", "page": _page([])},
        {"key": "needed", "title": "Gone", "page": _page([], count=3, previous="?d")},
    ]
    form = SimpleNamespace(ticked_claims={"1"})
    context = {"user_is_editor": editor, "bulk_form": form, "lists": lists}
    with translation.override(language):
        expected = Template(TEMPLATE_QUEUES).render(Context(context))
        got = Template("{% load rows %}{% queues lists %}").render(Context(context))
    assert got == expected
    assert got.count("<section ") == 6 and got.count('<nav class="pager"') == 3
    assert got.count("<li ") == 4 + 2 + 1 + 4


TEXTS = [
    "",
    "short",
    "a" * 59,
    "a" * 60,
    "a" * 61,
    'Taxes rose by 3% in <2025> & "so" on, ' * 5,
    "Le ministre a réformé l’école, « dit-il » " * 4,
    unicodedata.normalize("NFD", "Le ministre a réformé l’école " * 4),  # combining accents
    "e" * 58 + "\u0301" * 3 + "f" * 10,  # combining marks just before the cut
    "e" * 70 + "\u0301",  # a combining mark after the cut
    "a" * 60 + "\u0301",  # 61 code points, 60 characters: not cut
    "😀" * 70,
    "Ω" * 61,
]


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_rows_cut_text_where_truncatechars_does(language):
    with translation.override(language):
        strings = _PageStrings()
        for length in (1, 2, 60, 80, 140, 160):
            for text in TEXTS:
                expected = truncatechars(text, length)
                assert strings.truncate(text, length) == expected, (text, length)
                if len(text) > length:
                    assert expected == Truncator(text).chars(length)
