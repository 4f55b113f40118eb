"""My work's rows rendered in Python (factcheck/templatetags/rows.py) say what the template said."""

import datetime as dt
import re

import pytest
from django.template import Context, Template, engines
from django.template.defaultfilters import floatformat
from django.utils import formats, timezone, translation

from factcheck.models import Claim, RatingLabel, Verdict
from factcheck.templatetags.rows import _PageStrings

# The markup my_work.html had for a recent verdict before {% verdict_row %}.
TEMPLATE_ROW = """{% load i18n %}<li class="claim-row status-published">
  <a href="{{ item.get_absolute_url }}">{{ item.claim.wording|truncatechars:140 }}</a>
  <div class="meta"><span class="badge verdict">{{ item.label.local_name }}</span>
    <span class="muted">{{ item.published_at|date:"SHORT_DATE_FORMAT" }}{% if item.revision > 1 %}\
 · {% translate "corrected" %}{% endif %}</span></div>
</li>"""


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
    with translation.override(language), timezone.override("Pacific/Auckland"):
        expected = engines["django"].from_string(TEMPLATE_ROW).render({"item": verdict})
        got = Template("{% load rows %}{% verdict_row item %}").render(Context({"item": verdict}))
        local_day = formats.date_format(dt.date(2026, 3, 2), "SHORT_DATE_FORMAT")
    assert _squeeze(got) == _squeeze(expected)
    assert "&lt;b&gt;Taxes&lt;/b&gt; &amp;" in got
    assert f'<span class="muted">{local_day}' in got
