"""A Russian reader finds an English-only article, says it did not help,
and the documentation team sees it on the insights page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_browser import search_from_home
from tests.conftest import INSIGHTS_TOKEN

pytestmark = pytest.mark.browser


def test_russian_reader_votes_and_the_team_sees_it(page, browser, server):
    search_from_home(page, "ru", "облачная запись")
    result = page.locator(".result").filter(has=page.locator(".badge.fallback")).first
    result.locator("h2 a").click()
    # The click went by beacon, so the address the reader sees is clean.
    expect(page).to_have_url(re.compile(r"/ru/articles/recording/cloud-recording$"))

    feedback = page.locator("#feedback")
    expect(feedback.get_by_role("heading")).to_have_text("Эта статья помогла?")
    feedback.locator("summary").click()
    feedback.get_by_label("Что не так?").select_option("wrong-language")
    feedback.get_by_role("button", name="Нет").click()
    expect(page.locator("#feedback [role=status]")).to_contain_text("Спасибо")

    team = browser.new_context(
        base_url=server, http_credentials={"username": "team", "password": INSIGHTS_TOKEN}
    )
    try:
        insights = team.new_page()
        # Events are written in batches about once a second.
        for _ in range(20):
            insights.goto("/ru/insights")
            if "wrong-language" in insights.locator("#helpfulness").inner_text():
                break
            insights.wait_for_timeout(250)
        expect(insights.locator("#top_queries")).to_contain_text("облачная запись")
        demand = insights.locator("#translate_first tr").filter(has_text="recording/cloud-recording")
        expect(demand).to_have_count(1)
        expect(demand.locator("td").nth(2)).not_to_have_text("0")  # views in English
        expect(demand.locator("td").nth(3)).not_to_have_text("0")  # clicks from Russian searches
        vote = insights.locator("#helpfulness tr").filter(has_text="recording/cloud-recording")
        expect(vote).to_contain_text("wrong-language (1)")
        expect(insights.locator("#translate_first svg polyline")).to_have_count(1)
    finally:
        team.close()
