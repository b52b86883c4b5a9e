"""Support requests end to end on the test client: the way in from every
dead end, the form and its checks, email confirmation, the confirmation
page, the support view, attachments, double submits, rate limits, expiry."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from sqlalchemy import select, update

from ledger.tables import deflections, support_requests
from measure.server import free_port
from tests.conftest import SUPPORT_FILE
from tests.support_helpers import (
    confirm_path,
    form_token,
    last_confirm_path,
    local_smtp,
    make_app,
    outbox_messages,
    png,
    requests_in_store,
    valid_form,
)
from web.support_info import SupportInfoError, load

DESK = {"Authorization": "Bearer desk"}
BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"
)


@pytest.fixture
def app(index_dir, tmp_path):
    return make_app(index_dir, tmp_path)


@pytest.fixture
def client(app):
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER_UA
    return client


def send_and_confirm(client, app, tmp_path, **changes):
    answer = client.post("/en/support/new", data=valid_form(form_token(client), **changes))
    assert answer.status_code == 303, answer.get_data(as_text=True)
    return client.post(last_confirm_path(tmp_path / "outbox"))


@pytest.mark.parametrize(
    "path",
    ["/en/articles/recording/cloud-recording", "/ru/search?q=запись", "/en/search?q=qqqzzzxxx"],
)
def test_every_dead_end_leads_to_the_form_in_the_readers_language(client, path):
    page = client.get(path).get_data(as_text=True)
    locale = path.split("/")[1]
    assert f'href="/{locale}/support/new"' in page


def test_on_the_zero_results_page_the_way_to_support_comes_before_the_topics(client):
    page = client.get("/en/search?q=qqqzzzxxx").get_data(as_text=True)
    assert page.index('class="support-cta"') < page.index('class="categories"')


def test_the_form_has_every_field_in_russian(client):
    page = client.get("/ru/support/new").get_data(as_text=True)
    for name in ("email", "name", "cc", "subject", "description", "meeting_id", "happened", "device", "plan"):
        assert f'name="{name}"' in page
    assert page.count('name="priority"') == 4 and 'type="file" multiple' in page
    # Each priority's definition comes from support.yml, in the reader's language.
    assert "Не работает ничего" in page and "Отправить" in page


def test_a_request_is_confirmed_by_its_emailed_link(client, app, tmp_path):
    client.post(
        "/en/support/new",
        data={
            **valid_form(form_token(client), cc="boss@example.com, it@example.com"),
            "attachments": [
                (io.BytesIO(png()), "screen.png"),
                (io.BytesIO(b"line 1\nline 2\n"), "meetly.log"),
            ],
        },
    )
    (stored,) = requests_in_store(app)
    assert stored["confirmed"] is None and stored["meeting_id"] == "1234567890"
    (mail,) = outbox_messages(tmp_path / "outbox")
    assert f"#{stored['id']}" in mail
    # Not in the support view until confirmed.
    assert "Cloud recording is missing" not in client.get("/support/requests", headers=DESK).get_data(
        as_text=True
    )

    # Opening the link (as a mail scanner would) asks; only the button confirms.
    opened = client.get(confirm_path(mail))
    assert opened.status_code == 200 and f"Send request #{stored['id']}" in opened.get_data(as_text=True)
    assert (
        opened.headers["Referrer-Policy"] == "no-referrer" and requests_in_store(app)[0]["confirmed"] is None
    )
    page = client.post(confirm_path(mail))
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and f"Request #{stored['id']} sent" in text
    # Urgent on a paid plan: one hour; Business: chat and phone lines by country.
    assert "within 1 hour." in text
    assert "Live chat" in text and "+44.20.7946.0614" in text and "screen.png" in text
    # The support address was told.
    notification = BytesParser(policy=policy.default).parsebytes(
        sorted((tmp_path / "outbox").glob("*.eml"))[-1].read_bytes()
    )
    assert (
        notification["To"] == app.config["SUPPORT_EMAIL"]
        and notification["Subject"] == f"New support request #{stored['id']}"
    )
    assert "The recording of yesterday's meeting" in notification.get_body().get_content()
    # The link works once.
    assert client.post(confirm_path(mail)).status_code == 410
    assert client.get(confirm_path(mail)).status_code == 410


def test_emailed_links_lead_to_the_public_url_whatever_host_the_request_named(index_dir, tmp_path):
    app = make_app(index_dir, tmp_path, PUBLIC_URL="https://help.meetly.example")
    client = app.test_client()
    forged = "http://help.evil.example"
    assert (
        client.post("/en/support/new", data=valid_form(form_token(client)), base_url=forged).status_code
        == 303
    )
    (asked,) = outbox_messages(tmp_path / "outbox")
    assert "https://help.meetly.example/en/support/confirm/" in asked and "evil" not in asked
    assert client.post(confirm_path(asked), base_url="http://desk.evil.example").status_code == 200
    notification = outbox_messages(tmp_path / "outbox")[-1]
    assert "https://help.meetly.example/support/requests" in notification and "evil" not in notification
    with pytest.raises(ValueError, match="PUBLIC_URL"):
        make_app(index_dir, tmp_path, PUBLIC_URL="help.meetly.example/path")


def test_a_request_is_sent_while_the_index_is_unavailable(index_dir, tmp_path):
    # The form is the way out when search is broken: it goes without suggestions.
    app = make_app(tmp_path / "no-index", tmp_path)
    client = app.test_client()
    assert client.post("/en/support/new", data=valid_form(form_token(client))).status_code == 303
    (stored,) = requests_in_store(app)
    assert stored["suggested_ids"] == "[]"


def test_channels_and_response_times_follow_the_plan(client, app, tmp_path):
    free = send_and_confirm(client, app, tmp_path, plan="free", priority="low").get_data(as_text=True)
    assert "within 48 hours" in free and "Live chat" not in free and "+1.202.555.0148" not in free
    pro = send_and_confirm(client, app, tmp_path, plan="pro", priority="low").get_data(as_text=True)
    assert "within 24 hours" in pro and "Live chat" in pro and "+1.202.555.0148" not in pro


def test_the_support_view_lists_by_priority_then_age_with_files_and_suggestions(client, app, tmp_path):
    send_and_confirm(client, app, tmp_path, subject="Low one", priority="low")
    send_and_confirm(client, app, tmp_path, subject="Old emergency", priority="emergency")
    client.post(
        "/en/support/new",
        data={**valid_form(form_token(client), subject="New emergency", priority="emergency"),
              "attachments": [(io.BytesIO(png()), "shot.png")]},
    )  # fmt: skip
    client.post(last_confirm_path(tmp_path / "outbox"))

    assert client.get("/support/requests").status_code == 401
    assert client.get("/support/requests", headers={"Authorization": "Bearer wrong"}).status_code == 401
    page = client.get("/support/requests", headers=DESK).get_data(as_text=True)
    order = [page.index(s) for s in ("Old emergency", "New emergency", "Low one")]
    assert order == sorted(order)
    assert "recording/" in page  # the articles the form suggested

    link = re.search(r'href="(/support/requests/\d+/files/\d+)"', page).group(1)
    download = client.get(link, headers=DESK)
    assert download.data == png()
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(link).status_code == 401

    exported = client.get("/support/requests.csv", headers=DESK)
    rows = exported.get_data(as_text=True).splitlines()
    assert exported.headers["Content-Type"].startswith("text/csv") and len(rows) == 4
    assert rows[1].split(",")[3] == "emergency" and "shot.png" in exported.get_data(as_text=True)


def test_without_a_configured_token_the_support_view_does_not_exist(index_dir, tmp_path):
    client = make_app(index_dir, tmp_path, SUPPORT_TOKEN="").test_client()
    assert client.get("/support/requests", headers=DESK).status_code == 404


def test_csv_cells_that_look_like_formulas_are_defused(client, app, tmp_path):
    send_and_confirm(client, app, tmp_path, subject='=HYPERLINK("http://x")')
    text = client.get("/support/requests.csv", headers=DESK).get_data(as_text=True)
    assert "'=HYPERLINK" in text and ',"=HYPERLINK' not in text


def test_a_double_submit_creates_one_request(client, app, tmp_path):
    form = valid_form(form_token(client))
    answers = [client.post("/en/support/new", data=dict(form)) for _ in range(3)]
    assert [a.status_code for a in answers] == [303, 303, 303]
    assert len(requests_in_store(app)) == 1 and len(outbox_messages(tmp_path / "outbox")) == 1


def test_the_same_form_sent_again_corrected_is_the_request_the_reader_means(client, app, tmp_path):
    token = form_token(client)
    client.post("/en/support/new", data=valid_form(token, email="ada@exmaple.com"))  # a typo
    again = client.post("/en/support/new", data=valid_form(token, email="ada@example.com"))
    assert again.status_code == 303
    (request,) = requests_in_store(app)  # the corrected one replaced the first
    assert request["email"] == "ada@example.com"
    emails = [
        BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in (tmp_path / "outbox").iterdir()
    ]
    links = {email["To"]: confirm_path(email.get_body().get_content()) for email in emails}
    assert sorted(links) == ["ada@example.com", "ada@exmaple.com"]
    # The link sent to the corrected address confirms the request; the first no longer does.
    assert client.post(links["ada@exmaple.com"]).status_code == 410
    assert client.post(links["ada@example.com"]).status_code == 200
    assert requests_in_store(app)[0]["confirmed"] is not None
    recorder = app.extensions["spravka_ledger"]
    recorder.flush()
    with recorder.engine.connect() as conn:
        sent = conn.execute(select(deflections).where(deflections.c.action == "sent")).all()
    assert len(sent) == 1  # one form, one request sent, however often corrected


def test_line_breaks_count_once_and_digits_of_any_script_are_digits(client, app):
    # 100 lines of 49 characters: 4,999 in the browser's box, 5,098 as a browser sends them.
    description = "\r\n".join(["x" * 49] * 100)
    form = valid_form(form_token(client), description=description, meeting_id="１２３ ٤٥٦ ７８９０")
    assert client.post("/en/support/new", data=form).status_code == 303
    (stored,) = requests_in_store(app)
    assert stored["description"] == "\n".join(["x" * 49] * 100)
    assert stored["meeting_id"] == "1234567890"


def test_invisible_names_are_refused_and_marks_that_reverse_text_dropped(client, app):
    invisible = client.post("/en/support/new", data=valid_form(form_token(client), name="\u200b"))
    assert invisible.status_code == 400 and requests_in_store(app) == []
    reversed_ = valid_form(form_token(client), subject="Invoice \u202egnp.exe", name="\u2068Ada\u2069")
    assert client.post("/en/support/new", data=reversed_).status_code == 303
    (stored,) = requests_in_store(app)
    assert (stored["subject"], stored["name"]) == ("Invoice gnp.exe", "Ada")


def test_errors_stand_next_to_their_fields_and_typed_values_stay(client, app):
    form = valid_form(form_token(client), email="not an address", meeting_id="12-34", name="<b>Ada</b>")
    answer = client.post("/en/support/new", data=form)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert re.search(r'id="email".*?aria-invalid="true".*?id="email-error"', page, re.S)
    assert re.search(r'id="meeting_id".*?id="meeting_id-error">A meeting ID is 9 to 11 digits', page, re.S)
    assert 'value="not an address"' in page and 'value="&lt;b&gt;Ada&lt;/b&gt;"' in page
    assert "Cloud recording is missing" in page and requests_in_store(app) == []
    unchosen = client.post("/en/support/new", data=valid_form(form_token(client), priority="whenever"))
    radios = re.findall(r'<input type="radio"[^>]*name="priority"[^>]*>', unchosen.get_data(as_text=True))
    assert len(radios) == 4 and all('aria-invalid="true"' in r and "priority-error" in r for r in radios)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("fake.png", b"GIF89a not really a png", "images (PNG, JPEG, GIF, WebP), PDF or text"),
        ("binary.txt", b"\x00\x01\x02 not text", "images (PNG, JPEG, GIF, WebP), PDF or text"),
        ("script.html", b"<script>alert(1)</script>", "images (PNG, JPEG, GIF, WebP), PDF or text"),
        ("big.txt", b"a" * 2048, "up to 1 MB"),
        ("../../etc/passwd.txt", b"root", "folders or control characters"),
        ("bell\x07.txt", b"ring", "folders or control characters"),
        ("n" * 97 + ".txt", b"long name", "A file name may be up to 100 characters."),
        ("empty.txt", b"", "The file is empty."),
        ("empty.png", b"", "The file is empty."),
    ],
)
def test_attachments_are_checked_by_content_name_and_size(index_dir, tmp_path, name, data, message):
    app = make_app(index_dir, tmp_path, SUPPORT_MAX_FILE_BYTES=1024)
    client = app.test_client()
    answer = client.post(
        "/en/support/new", data={**valid_form(form_token(client)), "attachments": [(io.BytesIO(data), name)]}
    )
    assert answer.status_code == 400 and message in answer.get_data(as_text=True)
    assert requests_in_store(app) == [] and not list((tmp_path / "files").glob("*"))


def test_too_many_attachments_are_refused(client, app):
    files = [(io.BytesIO(png()), f"s{i}.png") for i in range(6)]
    answer = client.post("/en/support/new", data={**valid_form(form_token(client)), "attachments": files})
    assert answer.status_code == 400 and "Up to 5 files." in answer.get_data(as_text=True)


def test_a_request_larger_than_any_form_is_refused_before_it_is_read(index_dir, tmp_path):
    app = make_app(index_dir, tmp_path, SUPPORT_MAX_FILE_BYTES=1000, SUPPORT_MAX_FILES=1)
    client = app.test_client()
    answer = client.post(
        "/en/support/new",
        data={**valid_form(form_token(client)), "attachments": [(io.BytesIO(b"a" * 2_000_000), "a.txt")]},
    )
    assert answer.status_code == 413 and requests_in_store(app) == []


def test_the_honeypot_and_a_forged_token_store_nothing(client, app):
    trapped = client.post(
        "/en/support/new", data={**valid_form(form_token(client)), "website": "http://spam"}
    )
    forged = client.post("/en/support/new", data=valid_form("forged"))
    missing = client.post("/en/support/new", data={k: v for k, v in valid_form("x").items() if k != "token"})
    for answer in (trapped, forged, missing):
        assert answer.status_code == 400 and "This form has expired" in answer.get_data(as_text=True)
    assert requests_in_store(app) == []


def test_posts_are_rate_limited_per_client(index_dir, tmp_path):
    app = make_app(index_dir, tmp_path, RATELIMIT_ENABLED=True, SUPPORT_RATE_LIMIT="2 per minute")
    client = app.test_client()
    token = form_token(client)
    codes = [client.post("/en/support/new", data={"token": token}).status_code for _ in range(3)]
    assert codes == [400, 400, 429]
    other = client.post("/en/support/new", data={"token": token}, environ_base={"REMOTE_ADDR": "192.0.2.9"})
    assert other.status_code == 400


def test_unconfirmed_requests_expire_with_their_files(client, app, tmp_path):
    client.post(
        "/en/support/new",
        data={**valid_form(form_token(client)), "attachments": [(io.BytesIO(png()), "a.png")]},
    )
    link = last_confirm_path(tmp_path / "outbox")
    engine = app.extensions["spravka_support"].engine
    with engine.begin() as conn:
        conn.execute(update(support_requests).values(created=dt.datetime(2020, 1, 1)))
    assert client.get(link).status_code == 410 and client.post(link).status_code == 410  # too late
    client.post("/en/support/new", data=valid_form(form_token(client)))  # a new request sweeps
    assert len(requests_in_store(app)) == 1 and not list((tmp_path / "files").glob("*"))


def test_check_for_answers_works_without_javascript_and_solved_ends_without_a_request(client, app):
    token = form_token(client, "ru")
    checked = client.post(
        "/ru/support/new",
        data={
            "token": token,
            "action": "check",
            "subject": "облачная запись",
            "description": "не сохраняется",
        },
    )
    page = checked.get_data(as_text=True)
    shown = re.findall(r'name="shown" value="([^"]+)"', page)
    assert checked.status_code == 200 and shown and 'value="облачная запись"' in page
    assert 'class="badge fallback"' in page  # English-only articles are flagged for Russian readers

    solved = client.post("/ru/support/new", data={"token": token, "action": "solved", "shown": shown})
    assert solved.status_code == 200 and requests_in_store(app) == []
    recorder = app.extensions["spravka_ledger"]
    recorder.flush()
    with recorder.engine.connect() as conn:
        rows = conn.execute(select(deflections.c.action, deflections.c.article_ids)).all()
    assert [r.action for r in rows] == ["shown", "solved"] and json.loads(rows[1].article_ids) == shown


def test_deflection_beacons_are_accepted_from_the_site_only(client, app):
    token = form_token(client)
    data = {"token": token, "locale": "en", "action": "opened", "shown": "recording/cloud-recording"}
    assert client.post("/api/events/deflection", data=data).status_code == 403
    same = {"Sec-Fetch-Site": "same-origin"}
    assert client.post("/api/events/deflection", data=data, headers=same).status_code == 204
    bad = client.post("/api/events/deflection", data={**data, "token": "x"}, headers=same)
    assert bad.status_code == 400 and bad.is_json


def test_a_sent_request_records_the_suggestions_it_was_shown(client, app, tmp_path):
    send_and_confirm(client, app, tmp_path)
    recorder = app.extensions["spravka_ledger"]
    recorder.flush()
    with recorder.engine.connect() as conn:
        (row,) = conn.execute(select(deflections)).mappings()
    (stored,) = requests_in_store(app)
    assert row["action"] == "sent" and json.loads(row["article_ids"]) == json.loads(stored["suggested_ids"])
    assert row["form"] == stored["form"]


def test_mail_goes_through_smtp_when_it_is_configured(index_dir, tmp_path):
    with local_smtp() as (port, mailbox):
        app = make_app(index_dir, tmp_path, SMTP_HOST="127.0.0.1", SMTP_PORT=port)
        client = app.test_client()
        client.post("/ru/support/new", data=valid_form(form_token(client, "ru"), cc="it@example.com"))
        (letter,) = mailbox.to("ada@example.com")
        assert "Здравствуйте, Ada!" in letter
        confirmed = client.post(confirm_path(letter))
        assert confirmed.status_code == 200 and "отправлен" in confirmed.get_data(as_text=True)
        (notification,) = mailbox.to(app.config["SUPPORT_EMAIL"])
        assert "Cloud recording is missing" in notification
    assert not (tmp_path / "outbox").exists()


def test_a_mail_server_that_is_down_gives_a_clear_page(index_dir, tmp_path):
    app = make_app(index_dir, tmp_path, SMTP_HOST="127.0.0.1", SMTP_PORT=free_port())
    client = app.test_client()
    answer = client.post("/en/support/new", data=valid_form(form_token(client)))
    text = answer.get_data(as_text=True)
    assert answer.status_code == 503 and "could not send the email" in text and "Traceback" not in text


def test_support_yml_mistakes_name_the_file_and_line(tmp_path):
    broken = tmp_path / "support.yml"
    broken.write_text("priorities:\n  low: [unclosed\n", encoding="utf-8")
    with pytest.raises(SupportInfoError, match=r"support\.yml:\d+: not valid YAML"):
        load(str(broken))
    missing_ru = tmp_path / "partial.yml"
    text = SUPPORT_FILE.read_text(encoding="utf-8").replace("    ru: Вопрос о том", "    xx: Вопрос о том")
    missing_ru.write_text(text, encoding="utf-8")
    with pytest.raises(SupportInfoError, match=r"partial\.yml: priorities\.low has no text for ru"):
        load(str(missing_ru))


# Ranges reserved for fiction: US 555-0100..0199 (any area code), UK London
# 020 7946 0000..0999 (Ofcom), Australia 02 5550 0000..9999 (ACMA).
FICTIONAL = [
    re.compile(r"^\+1\.\d{3}\.555\.01\d\d$"),
    re.compile(r"^\+44\.20\.7946\.0\d{3}$"),
    re.compile(r"^\+61\.2\.5550\.\d{4}$"),
]
PHONE = re.compile(r"\+\d[\d.]{7,}\d")
ROOT = Path(__file__).resolve().parent.parent


def test_support_phone_numbers_are_from_ranges_reserved_for_fiction():
    sources = [*ROOT.glob("corpus/*/support/*.md"), ROOT / "corpus" / "support.yml"]
    numbers = {n for path in sources for n in PHONE.findall(path.read_text(encoding="utf-8"))}
    assert len(numbers) == 5
    assert all(any(p.match(n) for p in FICTIONAL) for n in numbers), numbers
