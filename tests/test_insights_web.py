"""Recording on the site: searches, clicks, views and votes reach the store,
nothing identifying a reader does, a store that is down costs no page, and
the insights page is for the documentation team only."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from sqlalchemy import select

from ledger.migrate import upgrade
from ledger.tables import EVENTS, clicks, searches, views, votes
from web import create_app, events

BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"
)
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin", "User-Agent": BROWSER_UA}


@pytest.fixture
def store_url(tmp_path):
    return f"sqlite:///{tmp_path / 'events.db'}"


@pytest.fixture
def app(index_dir, store_url):
    return create_app(
        {
            "TESTING": True,
            "INDEX_DIR": str(index_dir),
            "INDEX_CHECK_INTERVAL": 0.0,
            "DATABASE_URL": store_url,
            "INSIGHTS_TOKEN": "s3cret",
        }
    )


def browser_client(app):
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER_UA
    return client


@pytest.fixture
def client(app):
    return browser_client(app)


def stored(app, table):
    recorder = app.extensions["spravka_ledger"]
    recorder.flush()
    upgrade(recorder.engine)  # tables exist even if nothing was written
    with recorder.engine.connect() as conn:
        return [dict(row) for row in conn.execute(select(table)).mappings()]


def vote_form(client, path):
    page = client.get(path).get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    article = re.search(r'name="article" value="([^"]+)"', page).group(1)
    return {"token": token, "article": article}


def test_searches_and_views_are_recorded(client, app):
    assert client.get("/ru/search?q=Облачная  запись").status_code == 200
    assert client.get("/api/search?q=echo&locale=en").status_code == 200
    assert client.get("/ru/articles/recording/cloud-recording").status_code == 200
    rows = stored(app, searches)
    assert [(r["channel"], r["query"], r["locale"]) for r in rows] == [
        ("site", "облачная запись", "ru"),
        ("api", "echo", "en"),
    ]
    assert rows[0]["results"] > 0 and "recording/cloud-recording" in rows[0]["shown_ids"]
    (view,) = stored(app, views)
    assert (view["article_id"], view["locale"], view["fallback"], view["stale"]) == (
        "recording/cloud-recording",
        "ru",
        True,
        False,
    )


def test_bots_are_not_counted(client, app):
    client.get("/en/search?q=echo", headers={"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"})
    client.get("/en/search?q=echo", headers={"User-Agent": "curl/8.5.0"})
    client.get("/en/search?q=echo", headers={"User-Agent": "Mozilla/5.0 (compatible; BINGBOT/2.0)"})
    client.get("/en/search?q=echo", headers={"User-Agent": "WGET/1.21"})
    assert stored(app, searches) == []


@pytest.mark.parametrize("record", [True, False])
def test_no_search_row_is_made_for_an_event_not_recorded(index_dir, store_url, monkeypatch, record):
    """With recording off, or for a bot, a search costs nothing to record."""
    app = create_app(
        {"TESTING": True, "INDEX_DIR": str(index_dir), "DATABASE_URL": store_url, "RECORD_EVENTS": record}
    )
    made = []
    monkeypatch.setattr(events, "normalize_query", lambda text: made.append(text) or text)
    client = browser_client(app)
    client.get("/api/search?q=echo", headers={"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"})
    assert made == []
    client.get("/api/search?q=echo")
    assert made == (["echo"] if record else [])


def test_result_links_carry_the_click_for_readers_without_javascript(client, app):
    page = client.get("/ru/search?q=облачная запись").get_data(as_text=True)
    link = re.search(r'class="title" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    # The link carries its position only; the query is the page's own.
    assert link.endswith("?sp=1") and "q=" not in link
    results = "http://localhost/ru/search?q=" + quote("облачная запись")
    assert client.get(link, headers={"Referer": results}).status_code == 200
    (click,) = stored(app, clicks)
    assert (click["position"], click["via"], click["query"]) == (1, "link", "облачная запись")
    # A link opened from anywhere else records no click.
    client.get(link, headers={"Referer": "https://elsewhere.example/ru/search?q=x"})
    assert len(stored(app, clicks)) == 1


def test_click_beacon_from_the_site_is_recorded(client, app):
    data = {"q": "Cloud recording", "locale": "ru", "id": "recording/cloud-recording", "pos": "2"}
    assert client.post("/api/events/click", data=data, headers=SAME_ORIGIN).status_code == 204
    (click,) = stored(app, clicks)
    assert (click["query"], click["position"], click["fallback"], click["via"]) == (
        "cloud recording",
        2,
        True,
        "beacon",
    )


@pytest.mark.parametrize(
    "headers",
    [{}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}],
    ids=["no-origin", "cross-site", "other-origin"],
)
def test_click_beacon_from_elsewhere_is_refused(client, app, headers):
    data = {"q": "x", "locale": "en", "id": "audio/echo", "pos": "1"}
    response = client.post("/api/events/click", data=data, headers=headers)
    assert response.status_code == 403 and response.json["error"] == "forbidden"
    assert stored(app, clicks) == []


def test_click_beacon_checks_its_fields(client):
    bad = {"q": "x", "locale": "en", "id": "../../etc/passwd", "pos": "1"}
    assert client.post("/api/events/click", data=bad, headers=SAME_ORIGIN).status_code == 400


def test_vote_without_javascript_thanks_the_reader(client, app):
    path = "/ru/articles/recording/cloud-recording"
    form = {
        **vote_form(client, path),
        "helpful": "no",
        "reason": "wrong-language",
        "comment": "Нужен перевод",
    }
    response = client.post("/ru/feedback", data=form, headers=SAME_ORIGIN)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(path + "?voted=1#feedback")
    assert "Спасибо" in client.get(response.headers["Location"]).get_data(as_text=True)
    (vote,) = stored(app, votes)
    assert (vote["helpful"], vote["reason"], vote["comment"], vote["fallback"]) == (
        False,
        "wrong-language",
        "Нужен перевод",
        True,
    )


@pytest.mark.parametrize(
    "change",
    [
        {"token": "forged"},
        {"article": "meetings/join-a-meeting"},  # a token for another article
        {"helpful": "maybe"},
        {"reason": "spam"},
        {"comment": "x" * 501},
    ],
    ids=["forged-token", "other-article", "bad-answer", "bad-reason", "long-comment"],
)
def test_bad_votes_get_a_clear_error_and_record_nothing(client, app, change):
    form = {**vote_form(client, "/en/articles/audio/echo"), "helpful": "yes", **change}
    response = client.post("/en/feedback", data=form, headers=SAME_ORIGIN)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Traceback" not in body and "itsdangerous" not in body
    assert "<h1>The request could not be read</h1>" in body  # and what was wrong, as the view said
    assert any(said in body for said in ("This form has expired", "Choose “Yes” or “No”", "longer than"))
    assert stored(app, votes) == []


def test_a_comment_of_many_lines_counts_each_line_break_once(client, app):
    path = "/en/articles/recording/cloud-recording"
    comment = "\r\n".join(["y" * 9] * 50)  # 499 characters as typed, 548 as a browser sends them
    form = {**vote_form(client, path), "helpful": "no", "comment": comment}
    assert client.post("/en/feedback", data=form, headers=SAME_ORIGIN).status_code == 303
    (vote,) = stored(app, votes)
    assert vote["comment"] == "\n".join(["y" * 9] * 50)


def test_votes_come_from_the_sites_own_pages_and_so_many_a_reader(client, app):
    form = {**vote_form(client, "/en/articles/audio/echo"), "helpful": "yes"}
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://elsewhere.example"}):
        answer = client.post("/en/feedback", data=form, headers=headers)
        assert answer.status_code == 403 and "own pages" in answer.get_data(as_text=True)
    russian = {**vote_form(client, "/ru/articles/recording/cloud-recording"), "helpful": "yes"}
    refused = client.post("/ru/feedback", data=russian, headers={"Sec-Fetch-Site": "cross-site"})
    assert "<h1>Нет доступа</h1>" in refused.get_data(as_text=True) and "со страниц" in refused.get_data(
        as_text=True
    )
    assert stored(app, votes) == []
    # Ten posts a minute from one address, the three refused ones included.
    answers = [client.post("/en/feedback", data=form, headers=SAME_ORIGIN).status_code for _ in range(8)]
    assert answers == [303] * 7 + [429] and len(stored(app, votes)) == 7
    too_many = client.post("/en/feedback", data=form, headers=SAME_ORIGIN).get_data(as_text=True)
    assert "Too many requests came from your address" in too_many and "per 1 minute" not in too_many
    other = {"REMOTE_ADDR": "198.51.100.9"}
    assert client.post("/en/feedback", data=form, headers=SAME_ORIGIN, environ_base=other).status_code == 303


def test_insights_need_the_token(client):
    assert client.get("/en/insights").status_code == 401
    assert client.get("/en/insights", auth=("team", "wrong")).status_code == 401
    assert client.get("/en/insights", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/en/insights", headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_without_a_configured_token_insights_do_not_exist(index_dir, store_url):
    app = create_app(
        {"TESTING": True, "INDEX_DIR": str(index_dir), "DATABASE_URL": store_url, "INSIGHTS_TOKEN": ""}
    )
    assert app.test_client().get("/en/insights", auth=("team", "")).status_code == 404


def test_insights_show_what_readers_did(client, app):
    client.get("/ru/search?q=трелло")
    client.get("/ru/articles/recording/cloud-recording")
    stored(app, searches)
    page = client.get("/ru/insights", auth=("team", "s3cret")).get_data(as_text=True)
    assert "Начните перевод с этих статей" in page
    assert "трелло" in page and "recording/cloud-recording" in page
    assert "<polyline" in page and "<script" not in page.split("</head>")[1]


@pytest.mark.parametrize(
    "url",
    ["postgresql://nobody@127.0.0.1:1/none", "sqlite:///file:{ro}?mode=ro&uri=true"],
    ids=["postgresql-down", "sqlite-read-only"],
)
def test_a_store_that_is_down_costs_no_page(index_dir, tmp_path, url, caplog):
    readonly = tmp_path / "ro.db"
    readonly.touch()
    app = create_app(
        {
            "TESTING": True,
            "INDEX_DIR": str(index_dir),
            "DATABASE_URL": url.format(ro=readonly),
            "INSIGHTS_TOKEN": "t",
        }
    )
    client = browser_client(app)
    for path in ("/en/search?q=echo", "/api/search?q=echo", "/en/articles/audio/echo"):
        assert client.get(path).status_code == 200
    recorder = app.extensions["spravka_ledger"]
    recorder.flush()
    assert recorder.stats.dropped == 3 and recorder.stats.written == 0
    assert "dropped" in caplog.text
    page = client.get("/en/insights", auth=("team", "t"))
    assert page.status_code == 200 and "lost because the store was unavailable: 3" in page.get_data(
        as_text=True
    )


def test_nothing_stored_identifies_a_reader(client, app):
    """Every column of every table, after every kind of event, holds no IP
    address and no user agent."""
    headers = {"X-Forwarded-For": "203.0.113.7", **SAME_ORIGIN}
    answers = [
        client.get("/ru/search?q=запись", headers=headers),
        client.get("/ru/articles/recording/cloud-recording", headers=headers),
        client.post(
            "/api/events/click",
            data={"q": "запись", "locale": "ru", "id": "recording/cloud-recording", "pos": "1"},
            headers=headers,
        ),
    ]
    form = {**vote_form(client, "/ru/articles/recording/cloud-recording"), "helpful": "yes"}
    answers.append(
        client.post("/ru/feedback", data=form, headers=headers, environ_base={"REMOTE_ADDR": "198.51.100.9"})
    )
    assert [a.status_code for a in answers] == [200, 200, 204, 303]
    assert not any("Set-Cookie" in a.headers for a in answers)  # no cookies, not even for the form
    cells = [str(value) for table in EVENTS.values() for row in stored(app, table) for value in row.values()]
    assert len(cells) > 20
    for cell in cells:
        assert "203.0.113.7" not in cell and "198.51.100.9" not in cell and "127.0.0.1" not in cell
        assert "Mozilla" not in cell and "Chrome" not in cell
