"""The admin in a real browser: a claim reworded through the service, the read-only rows shown
read-only, an archive action; no CSP violation or console error on the way."""

from factcheck.models import Article, Claim
from tests.browser.conftest import screenshot, sign_in


def test_an_admin_rewords_a_claim_and_archives_an_article_through_the_services(new_page, demo_desk):
    page = new_page()
    sign_in(page, "admin")
    claim = Claim.objects.filter(status=Claim.Status.SELECTED).order_by("pk").first()
    page.goto(f"/admin/factcheck/claim/{claim.pk}/change/")
    # What only services change is shown, not offered as a field.
    assert page.locator("#id_wording").count() == 1
    assert page.locator("#id_status, #id_rating_scale, #id_dismissed_reason").count() == 0
    page.fill("#id_wording", "Reworded by the admin")
    screenshot(page, "admin-claim-change")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/factcheck/claim/")
    claim.refresh_from_db()
    assert claim.wording == "Reworded by the admin"
    assert claim.history.first().history_change_reason == "Reworded"

    page.goto("/admin/factcheck/rating/")
    assert page.locator(".object-tools a.addlink").count() == 0
    page.locator("#result_list tbody tr th a").first.click()
    assert page.locator("#id_label, #id_rationale").count() == 0
    screenshot(page, "admin-rating-read-only")

    article = Article.objects.order_by("pk").first()
    page.goto("/admin/factcheck/article/")
    page.check(f"input[name=_selected_action][value='{article.pk}']")
    page.select_option("select[name=action]", "archive")
    page.click("button[name=index]")
    page.wait_for_selector(".messagelist")
    assert "Archived 1 article(s)." in page.locator(".messagelist").inner_text()
    article.refresh_from_db()
    assert article.status == Article.Status.ARCHIVED
    screenshot(page, "admin-article-archived")
