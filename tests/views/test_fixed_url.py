"""{% fixed_url %}: the menu's URLs, reversed once per URL configuration, say what {% url %} says."""

import pytest
from django.template import Context, Template
from django.urls import set_script_prefix

NAMES = [
    "factcheck:home",
    "factcheck:my_work",
    "factcheck:article_list",
    "factcheck:notifications",
    "admin:index",
    "login",
    "logout",
]


def _render(source: str) -> str:
    return Template("{% load factcheck %}" + source).render(Context())


@pytest.mark.parametrize("name", NAMES)
def test_fixed_url_is_the_url_tag(name):
    assert _render(f"{{% fixed_url '{name}' %}}") == _render(f"{{% url '{name}' %}}")


def test_fixed_url_follows_the_script_prefix():
    try:
        set_script_prefix("/desk/")
        assert _render("{% fixed_url 'factcheck:my_work' %}").startswith("/desk/")
    finally:
        set_script_prefix("/")
    assert not _render("{% fixed_url 'factcheck:my_work' %}").startswith("/desk/")
