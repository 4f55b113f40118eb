"""forms.PlainSelect writes the <select> Django's Select writes, without the widget templates."""

import pytest
from django import forms
from django.test.html import parse_html

from factcheck.forms import ArticleFilterForm, PlainSelect
from tests.factories import OutletFactory


def _both(field: forms.Field, data=None) -> tuple[str, str]:
    class Plain(forms.Form):
        choice = field

    class Stock(forms.Form):
        choice = type(field)(**{**_kwargs(field), "widget": forms.Select})

    return str(Plain(data)["choice"]), str(Stock(data)["choice"])


def _kwargs(field):
    if isinstance(field, forms.ModelChoiceField):
        return {
            "queryset": field.queryset,
            "required": field.required,
            "empty_label": field.empty_label,
        }
    return {"choices": field.choices, "required": field.required}


@pytest.mark.parametrize("data", [None, {"choice": "b"}, {"choice": "nope"}, {"choice": ""}])
@pytest.mark.parametrize("required", [True, False])
def test_a_plain_select_is_djangos_select(data, required):
    field = forms.ChoiceField(
        choices=[("", "Any"), ("a", "<A> & co"), ("b", "“B”")],
        required=required,
        widget=PlainSelect,
    )
    plain, stock = _both(field, data)
    assert parse_html(plain) == parse_html(stock)
    assert "&lt;A&gt; &amp; co" in plain


def test_the_outlet_filter_is_djangos_select_and_reads_the_outlets_once(
    db, django_assert_num_queries
):
    for name in ("Zeta <news>", "Alpha", "Mid & Co"):
        OutletFactory(name=name)
    chosen = OutletFactory(name="Chosen")
    form = ArticleFilterForm({"outlet": str(chosen.pk)})
    assert form.is_valid()  # as the view does before rendering (it reads the chosen outlet)
    stock = forms.ModelChoiceField(
        queryset=form.fields["outlet"].queryset, required=False, empty_label="All outlets"
    )
    with django_assert_num_queries(1):
        plain = str(form["outlet"])
    form.fields["outlet"] = stock
    assert parse_html(plain) == parse_html(str(form["outlet"]))
    assert f'<option value="{chosen.pk}" selected>Chosen</option>' in plain


def test_grouped_choices_go_through_djangos_templates():
    field = forms.ChoiceField(choices=[("Group", [("a", "A"), ("b", "B")])], widget=PlainSelect)
    plain, stock = _both(field, {"choice": "b"})
    assert parse_html(plain) == parse_html(stock)
    assert "<optgroup" in plain
