"""Stored XSS: payloads from a known list, stored wherever people type, rendered inert on every page.

"Inert" is checked on the parsed HTML, not by string search: no element carries an event-handler
attribute, no link or source points at a script URL, and the only <script> elements are our own (a
static file, or the JSON-LD block).
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from factcheck import services
from tests.factories import ReviewerFactory, live_claim

# A selection from well-known XSS cheat sheets (tag injection, attribute breakouts, URL schemes,
# encodings, SVG/MathML, template and JSON breakouts).
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><script>alert(2)</script>',
    "'><img src=x onerror=alert(3)>",
    "<img src=x onerror=alert(4)//",
    "<svg onload=alert(5)>",
    "<svg><script>alert(6)</script></svg>",
    "<iframe src=javascript:alert(7)>",
    '<a href="javascript:alert(8)">click</a>',
    "<body onload=alert(9)>",
    "<details open ontoggle=alert(10)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(11)>",
    "javascript:alert(12)",
    "</script><script>alert(13)</script>",
    "<scr<script>ipt>alert(14)</scr</script>ipt>",
    "&lt;script&gt;alert(15)&lt;/script&gt;",
    '<div style="background:url(javascript:alert(16))">',
    "<input autofocus onfocus=alert(17)>",
    "{{ 7*7 }} {% debug %}",
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxOCk8L3NjcmlwdD4="></object>',
    "[x](javascript:alert(19)) ![y](javascript:alert(20))",
]

SAFE_SCRIPT_TYPES = {"application/ld+json", "application/json"}  # data blocks, never run


class InertChecker(HTMLParser):
    def __init__(self, *, script_prefixes=("/static/",), allowed_tags=()):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.script_prefixes = script_prefixes
        self.allowed_tags = set(allowed_tags)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            scripted = ("javascript:", "data:text/html", "vbscript:")
            if name in ("href", "src", "action", "formaction", "data") and (
                value or ""
            ).strip().lower().startswith(scripted):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            attributes = dict(attrs)
            if "src" not in attributes and attributes.get("type") not in SAFE_SCRIPT_TYPES:
                self.problems.append("inline <script>")
            if "src" in attributes and not attributes["src"].startswith(self.script_prefixes):
                self.problems.append(f"foreign script {attributes['src']!r}")
        if tag in {"iframe", "object", "embed", "svg", "math", "base"} - self.allowed_tags:
            self.problems.append(f"<{tag}>")


def assert_inert(html: str) -> None:
    checker = InertChecker()
    checker.feed(html)
    assert checker.problems == []


@pytest.fixture
def poisoned(db, editor):
    """A desk where every free-text field holds XSS payloads."""
    outlet = services.outlet_get_or_create(name="<img src=x onerror=alert('outlet')>")
    body = "\n\n".join(f"Officials said {p} was found in 2023 in 12 cities." for p in PAYLOADS)
    article = services.article_ingest(
        content=f"<script>alert('title')</script> Headline\n\n{body}",
        filename="poison.txt",  # plain text, so the markup stays in the article as typed
        outlet=outlet,
        title="<svg onload=alert('title')>",
        author="<img src=x onerror=alert('author')>",
    ).article
    claim = live_claim(article)
    services.claim_reword(claim=claim, editor=editor, wording=PAYLOADS[1], claimant=PAYLOADS[2])
    reviewer = ReviewerFactory(username="mallory")
    label = claim.rating_scale.labels.get(slug="false")
    services.rating_submit(claim=claim, reviewer=reviewer, label=label, rationale=PAYLOADS[3])
    for i, payload in enumerate(PAYLOADS):
        services.comment_add(claim=claim, author=reviewer, body=payload)
        services.source_add(
            claim=claim,
            user=reviewer,
            url=f"https://example.org/{i}?q=%22%3E%3Cscript%3E",
            stance="context",
            title=payload,
            publisher=payload,
            passage=payload,
        )
    source = claim.sources.first()
    verdict = services.verdict_publish(
        claim=claim,
        editor=editor,
        label=label,
        summary=PAYLOADS[4][:300],
        explanation="\n".join(PAYLOADS),
        sources=[source],
        quorum_override_reason=PAYLOADS[5],
    )
    return {"article": article, "claim": claim, "verdict": verdict}


def test_script_urls_are_refused_as_sources(db, article, reviewer):
    claim = live_claim(article)
    from django.core.exceptions import ValidationError

    for url in ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x"]:
        with pytest.raises(ValidationError):
            services.source_add(claim=claim, user=reviewer, url=url, stance="context")


def test_every_desk_page_renders_the_payloads_inert(client, editor, poisoned):
    client.force_login(editor)
    article, claim = poisoned["article"], poisoned["claim"]
    pages = [
        reverse("factcheck:my_work"),
        reverse("factcheck:article_list"),
        reverse("factcheck:article_list") + "?q=%3Cscript%3E",
        article.get_absolute_url(),
        f"{article.get_absolute_url()}?claim={claim.pk}",
        claim.get_absolute_url(),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode())
    fragment = client.get(claim.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert_inert(fragment)
    # The payloads were shown, as text: the test would be empty otherwise.
    assert "&lt;img src=x onerror=alert(3)&gt;" in fragment  # claimant
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in fragment  # source titles
    workspace = client.get(article.get_absolute_url()).content.decode()
    assert "&lt;svg onload=alert(5)&gt;" in workspace  # article text


def test_public_pages_render_the_payloads_inert(client, poisoned):
    verdict = poisoned["verdict"]
    for url in [
        reverse("factcheck:public_verdicts"),
        reverse("factcheck:public_verdicts") + "?q=%3Csvg%20onload%3Dalert(1)%3E",
        verdict.get_absolute_url(),
    ]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert_inert(response.content.decode())
    page = client.get(verdict.get_absolute_url()).content.decode()
    assert "&lt;svg onload=alert(5)&gt;" in page  # the summary, shown as text


def test_admin_pages_render_the_payloads_inert(client, admin_user, poisoned):
    client.force_login(admin_user)
    claim = poisoned["claim"]
    for url in [
        reverse("admin:factcheck_outlet_changelist"),
        reverse("admin:factcheck_article_changelist"),
        reverse("admin:factcheck_claim_changelist"),
        reverse("admin:factcheck_comment_changelist"),
        reverse("admin:factcheck_source_changelist"),
        reverse("admin:factcheck_claim_change", args=[claim.pk]),
        reverse("admin:factcheck_claim_history", args=[claim.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        # The admin's own scripts come from /static/ and its translation catalogue; its icons are SVG.
        checker = InertChecker(script_prefixes=("/static/", "/admin/jsi18n/"), allowed_tags={"svg"})
        checker.feed(html)
        assert checker.problems == [], url
