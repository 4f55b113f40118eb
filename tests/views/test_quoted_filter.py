"""The public page's heading quotes a claim's wording once, also when the wording is a quote."""

import pytest

from factcheck.templatetags.factcheck import quoted


@pytest.mark.parametrize(
    ("wording", "shown"),
    [
        ("Crime has doubled since 2019.", "“Crime has doubled since 2019.”"),
        ('"Crime has doubled since 2019."', "“Crime has doubled since 2019.”"),
        ("“Crime has doubled.”", "“Crime has doubled.”"),
        ("«Le crime a doublé.»", "“Le crime a doublé.”"),
        ('He said "no" twice', '“He said "no" twice”'),
        ('"', '“"”'),
    ],
)
def test_quoted(wording, shown):
    assert quoted(wording) == shown
