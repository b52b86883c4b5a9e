"""A Russian reader asks support for help in the browser: suggestions
appear while they type, the request goes out with a screenshot, the emailed
link confirms it, and the support team finds it with its attachment. Another
reader finds the answer among the suggestions and sends nothing."""

from __future__ import annotations

import re
import sys

import pytest
from playwright.sync_api import expect

from measure.server import running_server
from tests.conftest import SUPPORT_TOKEN
from tests.support_helpers import confirm_path, local_smtp, png

SEARCH_WAIT_MS = 20_000

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def mail_server(index_dir, tmp_path_factory):
    """The site sending its mail to a real local SMTP server."""
    home = tmp_path_factory.mktemp("support-site")
    with local_smtp() as (port, mailbox):
        env = {
            "SPRAVKA_SMTP_HOST": "127.0.0.1",
            "SPRAVKA_SMTP_PORT": str(port),
            "SPRAVKA_DATABASE_URL": f"sqlite:///{home / 'store.db'}",
            "SPRAVKA_SUPPORT_FILES_DIR": str(home / "files"),
        }
        command = [sys.executable, "-m", "web", "--port", "{port}", "--index", str(index_dir)]
        with running_server(command, env=env) as (base, _):
            yield base, mailbox


@pytest.fixture
def support_page(browser, mail_server):
    base, mailbox = mail_server
    context = browser.new_context(base_url=base, locale="ru-RU", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(5000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    yield page, mailbox, base
    context.close()
    assert errors == []


def test_russian_request_with_an_attachment_reaches_the_support_team(support_page, browser):
    page, mailbox, base = support_page
    page.goto("/ru/articles/recording/cloud-recording")
    page.locator(".support-cta").get_by_role("link", name="Отправить запрос").click()
    expect(page).to_have_url(re.compile(r"/ru/support/new$"))

    page.get_by_label("Ваш адрес электронной почты").fill("anna@example.com")
    page.get_by_label("Ваше имя").fill("Анна")
    page.get_by_label("Тема").fill("Облачная запись")
    page.get_by_label("Описание").fill("Запись вчерашней конференции не сохраняется")
    suggestions = page.locator("#support-suggestions")
    # The server's first search reads the index; on a loaded machine that
    # takes longer than Playwright's default of five seconds.
    expect(suggestions).to_be_visible(timeout=SEARCH_WAIT_MS)
    expect(suggestions.locator("a").first).to_have_attribute("href", re.compile(r"^/ru/articles/recording/"))

    page.get_by_label("Идентификатор конференции (необязательно)").fill("123-456-7890")
    page.get_by_label(re.compile("^Срочный")).check()
    page.get_by_label("Устройство").select_option("desktop")
    page.get_by_label("Тариф").select_option("business")
    page.get_by_label("Вложения (необязательно)").set_input_files(
        {"name": "экран.png", "mimeType": "image/png", "buffer": png()}
    )
    page.get_by_role("button", name="Отправить", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Проверьте почту")

    (letter,) = mailbox.to("anna@example.com")
    page.goto(confirm_path(letter))
    page.get_by_role("button", name="Отправить мой запрос").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^Запрос № \d+ отправлен$"))
    expect(page.locator(".channels")).to_contain_text("+44.20.7946.0614")
    number = re.search(r"\d+", heading.inner_text()).group(0)

    team = browser.new_context(
        base_url=base, http_credentials={"username": "support", "password": SUPPORT_TOKEN}
    )
    try:
        desk = team.new_page()
        desk.goto("/support/requests")
        row = desk.locator("tr", has=desk.get_by_text("Облачная запись"))
        expect(row.locator("td").first).to_have_text(number)
        link = row.get_by_role("link", name="экран.png")
        download = team.request.get(link.get_attribute("href"))
        assert download.body() == png()
        assert download.headers["content-disposition"].startswith("attachment")
        assert download.headers["x-content-type-options"] == "nosniff"
    finally:
        team.close()


def test_this_solved_my_problem_sends_nothing(support_page):
    page, mailbox, _ = support_page
    before = len(mailbox.received)
    page.goto("/ru/support/new")
    page.get_by_label("Тема").fill("запись конференции")
    expect(page.locator("#support-suggestions a").first).to_be_visible(timeout=SEARCH_WAIT_MS)
    page.get_by_role("button", name="Это решило мою проблему").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Рады, что помогло!")
    assert len(mailbox.received) == before
