"""The claim panel's items rendered in Python (factcheck/templatetags/panel_items.py) say what the
template said: each tag against the markup claim.html had before it, in English, Spanish and
French, with text that needs escaping."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template, engines
from django.utils import timezone, translation

from factcheck.forms import CommentForm
from factcheck.models import Claim, Comment, Rating, RatingLabel, Source
from factcheck.panel import CommentRow, Notice

LANGUAGES = ["en", "es", "fr"]
User = get_user_model()
WHEN = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)  # the next day in Auckland

ERRORS = '{% for e in errors %}<p class="error" role="alert">{{ e }}</p>{% endfor %}'

# The markup claim.html had for each item before its tag.
OPTIONS = """{% for value, label, selected in choices %}<option value="{{ value }}"\
{% if selected %} selected{% endif %}>{{ label }}</option>{% endfor %}"""

RADIOS = """{% for label, value, checked in choices %}
        <label class="label-choice{% if label.value is None %} off-scale{% endif %}"><input \
type="radio" name="label" value="{{ value }}"{% if checked %} checked{% endif %} required> \
{{ label.local_name }}</label>
      {% endfor %}"""

FEATURES = """{% load i18n %}{% for name, value in features %}<li><span class="feature-name">\
{{ name|cut:"_"|capfirst }}</span><span class="feature-bar{% if value < 0 %} neg{% endif %}">\
{{ value|floatformat:2 }}</span></li>
    {% empty %}<li class="muted">{% translate "No features recorded." %}</li>{% endfor %}"""

RATING = """{% load i18n %}<article class="rating-card">
      <header><strong>{{ r.reviewer.username }}</strong>{% if r.is_own %} {% translate "(you)" %}\
{% endif %}
        <span class="badge verdict">{{ r.label.local_name }}</span> <span class="muted small">\
{% blocktranslate with confidence=r.get_confidence_display %}{{ confidence }} confidence\
{% endblocktranslate %}{% if r.reliability is not None %} · {% blocktranslate with \
reliability=r.reliability|floatformat:2 %}reliability {{ reliability }}{% endblocktranslate %}\
{% endif %}</span></header>
      <p>{{ r.rationale|linebreaksbr }}</p>
      <p class="muted small">{{ r.updated_at|date:"SHORT_DATETIME_FORMAT" }}{% if r.version > 1 %}\
 · {% translate "revised" %}{% endif %}</p>
    </article>"""

SOURCE = """{% load i18n %}<li class="source stance-{{ s.stance }}">
      <span class="badge stance-{{ s.stance }}">{{ s.get_stance_display }}</span>
      <a href="{{ s.url }}" rel="noopener noreferrer nofollow" target="_blank">\
{{ s.title|default:s.url }}</a>
      {% if s.publisher %}<span class="muted">· {{ s.publisher }}</span>{% endif %}
      {% if s.passage %}<blockquote>{{ s.passage }}</blockquote>{% endif %}
      <p class="muted small">{% blocktranslate with who=s.added_by.username|default:"—" %}added by \
{{ who }}{% endblocktranslate %} · {{ s.created_at|date:"SHORT_DATE_FORMAT" }}</p>
    </li>"""

COMMENT = (
    """{% load i18n factcheck %}{% with comment=row.comment %}
    <li class="comment depth-{{ row.depth }}" id="comment-{{ comment.pk }}">
      <header><strong>{{ comment.author.username }}</strong> <span class="muted small">\
{{ comment.created_at|date:"SHORT_DATETIME_FORMAT" }}{% if comment.edited_at %} · \
{% translate "edited" %}{% endif %}</span></header>
      <div class="markdown">{{ comment.body|markdown }}</div>
      {% if row.can_edit %}{% with form=row.edit_form %}
      <details class="reply"{% if form %} open{% endif %}><summary>{% translate "Edit" %}</summary>
        {% url 'factcheck:comment_edit' claim.pk comment.pk as action %}<form method="post" \
action="{{ action }}" hx-post="{{ action }}" class="stack">{% csrf_token %}
          <label for="edit-{{ comment.pk }}" class="visually-hidden">\
{% translate "Edit your comment" %}</label>
          <textarea id="edit-{{ comment.pk }}" name="body" rows="3" required>{% if form %}\
{{ form.body.value|default:"" }}{% else %}{{ comment.body }}{% endif %}</textarea>
          {% if form %}{% with errors=form.body.errors %}"""
    + ERRORS
    + """{% endwith %}
          {% with errors=form.non_field_errors %}"""
    + ERRORS
    + """{% endwith %}{% endif %}
          <button type="submit">{% translate "Save" %}</button></form>
      </details>
      {% endwith %}{% endif %}
      {% if can_comment %}{% with form=row.reply_form %}
      <details class="reply"{% if form %} open{% endif %}><summary>{% translate "Reply" %}</summary>
        <form method="post" action="{{ comment_url }}" hx-post="{{ comment_url }}" class="stack">\
{% csrf_token %}
          <input type="hidden" name="parent" value="{{ comment.pk }}">
          <label for="reply-{{ comment.pk }}" class="visually-hidden">{% blocktranslate with \
who=comment.author.username %}Reply to {{ who }}{% endblocktranslate %}</label>
          <textarea id="reply-{{ comment.pk }}" name="body" rows="2" required>{% if form %}\
{{ form.body.value|default:"" }}{% endif %}</textarea>
          {% if form %}{% with errors=form.body.errors %}"""
    + ERRORS
    + """{% endwith %}
          {% with errors=form.non_field_errors %}"""
    + ERRORS
    + """{% endwith %}{% endif %}
          <button type="submit">{% translate "Reply" %}</button></form>
      </details>
      {% endwith %}{% endif %}
    </li>
    {% endwith %}"""
)


NOTICE = """{% load i18n %}{% if notice %}
<div class="errors{% if notice.conflict %} conflict{% endif %}" role="alert">
  <p>{% if notice.conflict %}<strong>{% translate "Conflict:" %}</strong> {% endif %}\
{{ notice.message }}</p>
  {% for label, text in notice.kept %}
  <label for="kept-{{ claim.pk }}-{{ forloop.counter }}">{% blocktranslate with \
label=label|lower %}Your {{ label }} (not saved){% endblocktranslate %}</label>
  <textarea id="kept-{{ claim.pk }}-{{ forloop.counter }}" class="kept" rows="3" \
readonly>{{ text }}</textarea>
  {% endfor %}
  {% if notice.kept %}<p class="small">{% translate "Copy what you wrote before you leave this \
claim: it was not saved, and this is the only copy." %} <button type="button" class="copy-kept" \
hidden>{% translate "Copy" %}</button></p>{% endif %}
</div>
{% endif %}"""


def _squeeze(html: str) -> str:
    return re.sub(r"\s+", " ", html).replace("> <", "><").strip()


def _same(reference: str, tag: str, context: dict, language: str) -> str:
    with translation.override(language), timezone.override("Pacific/Auckland"):
        expected = engines["django"].from_string(reference).render(context)
        got = Template("{% load panel_items %}" + tag).render(Context(context))
    assert _squeeze(got) == _squeeze(expected)
    return got


def _label(value=1, name="Mostly <false>"):
    return RatingLabel(
        pk=3, value=value, name=name, names={"es": "Mayormente falso", "fr": "Plutôt faux"}
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_options_and_radios_are_the_template_loops(language):
    choices = [
        ("", "Choose a reviewer…", False),
        ("4", "Ana <b> — 3 open", True),
        ("5", "R&D", False),
    ]
    got = _same(OPTIONS, "{% options choices %}", {"choices": choices}, language)
    assert '<option value="4" selected>Ana &lt;b&gt; — 3 open</option>' in got
    radios = [(_label(), "3", True), (_label(value=None, name="Unverifiable"), "4", False)]
    got = _same(RADIOS, "{% label_radios choices %}", {"choices": radios}, language)
    assert 'class="label-choice off-scale"' in got and 'value="3" checked required' in got


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "features", [[], [("model", 0.4567), ("has_number", -0.125), ("a<b>_c", 1e-7)]]
)
def test_feature_items_are_the_template_loop(language, features):
    got = _same(FEATURES, "{% feature_items features %}", {"features": features}, language)
    if features:
        assert "Hasnumber" in got and "feature-bar neg" in got and "A&lt;b&gt;c" in got


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("own", "reliability", "version"), [(True, None, 1), (False, 0.8349, 2)])
def test_a_rating_card_is_the_template_card(language, own, reliability, version):
    rating = Rating(
        reviewer=User(username="rosa<&>"),
        label=_label(),
        rationale="Checked <the> ONS table.\nIt says 2.1%.",
        confidence=3,
        version=version,
        updated_at=WHEN,
    )
    rating.is_own, rating.reliability = own, reliability
    got = _same(RATING, "{% rating_card r %}", {"r": rating}, language)
    assert "rosa&lt;&amp;&gt;" in got and "<br>" in got


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("full", [True, False])
def test_a_source_is_the_template_item(language, full):
    source = Source(
        url="https://example.org/report?a=1&b=<2>",
        title="The “report” & more" if full else "",
        publisher="ONS <stats>" if full else "",
        passage="It rose by 2%." if full else "",
        stance="supports",
        added_by=User(pk=9, username="ravi") if full else None,
        created_at=WHEN,
    )
    got = _same(SOURCE, "{% source_item s %}", {"s": source}, language)
    assert "a=1&amp;b=&lt;2&gt;" in got


def _comment(pk=41, edited=False):
    claim = Claim(pk=7)
    return Comment(
        pk=pk,
        claim=claim,
        author=User(pk=3, username="ana<x>"),
        body="Does **ONS** say <so>?\n\nSee @ravi",
        created_at=WHEN,
        edited_at=WHEN if edited else None,
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("can_edit", "can_comment", "failed"),
    [(True, True, False), (False, True, False), (True, False, False), (True, True, True)],
)
def test_a_comment_is_the_template_item(language, can_edit, can_comment, failed):
    comment = _comment(edited=failed)
    claim = Claim(pk=7)
    edit_form = reply_form = None
    if failed:  # both forms came back with errors, what was sent kept
        edit_form = CommentForm({"body": "  "}, claim=claim)
        reply_form = CommentForm({"body": ""}, claim=claim)
        edit_form.is_valid(), reply_form.is_valid()
        edit_form.add_error(None, "The claim <changed>.")
    row = CommentRow(comment, 1, can_edit, edit_form, reply_form)
    context = {
        "row": row,
        "can_comment": can_comment,
        "claim": claim,
        "comment_url": "/claims/7/comments/",
        "csrf_token": "tok<en>",
    }
    got = _same(
        COMMENT,
        "{% comment_item row can_comment claim.pk comment_url %}",
        context,
        language,
    )
    assert ("<strong>ONS</strong>" in got) and ("tok&lt;en&gt;" in got)
    assert ("/claims/7/comments/41/edit/" in got) is can_edit
    if failed:
        assert got.count('role="alert"') == 3
    elif can_edit:  # a fresh edit form shows the comment as it is, verbatim
        assert ">Does **ONS** say &lt;so&gt;?\n\nSee @ravi</textarea>" in got


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "notice",
    [
        None,
        Notice("Choose a <label>."),
        Notice(
            "Someone published it first & then…",
            conflict=True,
            kept=[("Rationale", "It <rose>.\n\nBy 2%"), ("Summary", "x")],
        ),
    ],
)
def test_a_notice_is_the_template_notice(language, notice):
    got = _same(
        NOTICE,
        "{% notice_box notice claim.pk %}",
        {"notice": notice, "claim": Claim(pk=7)},
        language,
    )
    if notice and notice.kept:
        assert 'id="kept-7-2"' in got and ">It &lt;rose&gt;.\n\nBy 2%</textarea>" in got


@pytest.mark.parametrize("language", LANGUAGES)
def test_errors_and_urls_are_the_templates(language):
    errors = ["Too <long>.", "Say “why”."]
    got = _same(ERRORS, "{% error_list errors %}", {"errors": errors}, language)
    assert got.count('role="alert"') == 2
    assert _same(ERRORS, "{% error_list errors %}", {"errors": []}, language) == ""
    for name in ("claim_select", "claim_verdict", "claim_history", "claim_comment"):
        _same(
            f"{{% url 'factcheck:{name}' claim.pk %}}",
            f"{{% claim_url 'factcheck:{name}' claim.pk %}}",
            {"claim": Claim(pk=52400)},
            language,
        )
