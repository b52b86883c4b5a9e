"""The store of reader events: the same suite on SQLite and on PostgreSQL.

PostgreSQL runs where ``SPRAVKA_TEST_DATABASE_URL`` names one (``.ci/run``
starts Debian's and sets it); elsewhere those variants skip with a message,
and under ``CI=true`` they fail.
"""

from __future__ import annotations

import datetime as dt
import os
import threading

import pytest
from sqlalchemy import event, func, inspect, select, text, update

from ledger.config import make_engine
from ledger.migrate import current, head, upgrade
from ledger.prune import prune
from ledger.recorder import Recorder, utcnow
from ledger.reports import Article, build_reports
from ledger.support import NewAttachment, NewRequest, SupportStore
from ledger.tables import (
    EVENTS,
    daily_articles,
    daily_queries,
    metadata,
    searches,
    support_requests,
    views,
    votes,
)

POSTGRES = os.environ.get("SPRAVKA_TEST_DATABASE_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.db'}"
    else:
        if not POSTGRES:
            message = "no PostgreSQL: set SPRAVKA_TEST_DATABASE_URL (.ci/run does)"
            if os.environ.get("CI") == "true":
                pytest.fail(message)
            pytest.skip(message)
        url = POSTGRES
    engine = make_engine(url)
    with engine.begin() as conn:  # a clean store for every test
        metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade(engine)
    yield engine
    engine.dispose()


class Facts:
    def article(self, article_id):
        return {
            "recording/cloud-recording": Article("Cloud recording", 640, False, None),
            "meetings/schedule-a-meeting": Article("Schedule a meeting", 44, True, dt.date(2026, 5, 2)),
        }.get(article_id)

    def closest(self, query, locale):
        return [f"near {query}"]


def search_row(query, locale="ru", results=3, applied=False, at=None):
    return {
        "at": at or utcnow(),
        "channel": "site",
        "query": query,
        "locale": locale,
        "category": None,
        "results": results,
        "corrected_query": "исправлено" if applied else None,
        "correction_applied": applied,
        "shown_ids": "[]",
        "synthetic": False,
    }


def test_migrations_bring_the_store_to_the_head(engine):
    assert current(engine) == head() is not None
    assert set(EVENTS) | {"daily_queries", "daily_articles"} <= set(inspect(engine).get_table_names())
    upgrade(engine)  # a store at the head is left as it is
    assert current(engine) == head()


def test_recorder_writes_queued_events_in_batches(engine):
    recorder = Recorder(engine, interval=0.05)
    for i in range(7):
        recorder.record("views", article_id=f"a/{i}", locale="ru", fallback=True, stale=False)
    recorder.flush()
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(views)).scalar_one() == 7
    assert (recorder.stats.written, recorder.stats.dropped) == (7, 0)
    with pytest.raises(ValueError):
        recorder.record("passwords", secret="x")
    recorder.close()


def test_a_full_queue_drops_and_counts_instead_of_blocking(engine):
    recorder = Recorder(engine, max_queue=2, interval=5.0, batch=1000)
    recorder._start = lambda: None  # no writer: the queue can only fill up
    for _ in range(5):
        recorder.record("views", article_id="a", locale="en", fallback=False, stale=False)
    assert recorder.stats.dropped == 3


def test_recording_an_event_does_not_wake_the_writer(engine, monkeypatch):
    """A request only appends its row: no lock, no wake-up of the writer,
    which would compete with the request for the GIL."""
    recorder = Recorder(engine, interval=5.0, batch=1000)
    recorder.record("views", article_id="a", locale="en", fallback=False, stale=False)  # starts the writer
    woken = []
    for name in ("notify", "notify_all"):
        real = getattr(threading.Condition, name)
        monkeypatch.setattr(
            threading.Condition, name, lambda self, *a, _real=real: woken.append(1) or _real(self, *a)
        )
    for _ in range(100):
        recorder.record("views", article_id="a", locale="en", fallback=False, stale=False)
    assert woken == []
    monkeypatch.undo()
    recorder.close()
    assert recorder.stats.written == 101


def test_a_flush_writes_full_batches(engine):
    recorder = Recorder(engine, interval=5.0, batch=500)
    commits = []
    event.listen(engine, "commit", lambda connection: commits.append(1))
    for i in range(1000):
        recorder.record("views", article_id=f"a/{i}", locale="en", fallback=False, stale=False)
    recorder.flush()
    assert recorder.stats.written == 1000
    assert len(commits) <= 3  # two batches, and the migration check of the first write
    recorder.close()


def test_events_recorded_from_many_threads_are_all_written(engine):
    recorder = Recorder(engine, interval=0.01, batch=50)

    def record_some(n: int) -> None:
        for i in range(500):
            recorder.record("views", article_id=f"t{n}/{i}", locale="en", fallback=False, stale=False)

    threads = [threading.Thread(target=record_some, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    recorder.close()
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(views)).scalar_one() == 2000
    assert (recorder.stats.written, recorder.stats.dropped) == (2000, 0)


def test_reports(engine):
    now = utcnow()
    with engine.begin() as conn:
        conn.execute(
            searches.insert(),
            [
                search_row("облачная запись"),
                search_row("облачная запись"),
                search_row("трелло", results=0),
                search_row("зал ожыдания", applied=True),
            ],
        )
        common = {"at": now, "synthetic": False}
        conn.execute(
            EVENTS["clicks"].insert(),
            [
                {
                    **common,
                    "query": "облачная запись",
                    "locale": "ru",
                    "article_id": "recording/cloud-recording",
                    "position": 1,
                    "fallback": True,
                    "via": "beacon",
                },
            ],
        )
        conn.execute(
            views.insert(),
            [
                {
                    **common,
                    "article_id": "recording/cloud-recording",
                    "locale": "ru",
                    "fallback": True,
                    "stale": False,
                },
                {
                    **common,
                    "article_id": "recording/cloud-recording",
                    "locale": "ru",
                    "fallback": True,
                    "stale": False,
                },
                {
                    **common,
                    "article_id": "meetings/schedule-a-meeting",
                    "locale": "ru",
                    "fallback": False,
                    "stale": True,
                },
            ],
        )
        conn.execute(
            votes.insert(),
            [
                {
                    **common,
                    "article_id": "recording/cloud-recording",
                    "locale": "ru",
                    "fallback": True,
                    "helpful": False,
                    "reason": "wrong-language",
                    "comment": None,
                },
                {
                    **common,
                    "article_id": "meetings/schedule-a-meeting",
                    "locale": "ru",
                    "fallback": False,
                    "helpful": True,
                    "reason": None,
                    "comment": None,
                },
            ],
        )
    with engine.connect() as conn:
        reports = {r.name: r for r in build_reports(conn, Facts(), days=7)}
    assert reports["top_queries"].rows[0] == {
        "query": "облачная запись",
        "locale": "ru",
        "searches": 2,
        "zero_results": 0,
        "clicks": 1,
    }
    assert reports["zero_results"].rows == [
        {"query": "трелло", "locale": "ru", "searches": 1, "closest": ["near трелло"]}
    ]
    assert [r["query"] for r in reports["no_clicks"].rows] == ["зал ожыдания"]
    assert reports["corrections"].rows[0]["clicked"] is False
    (first,) = reports["translate_first"].rows
    assert (first["article_id"], first["fallback_views"], first["clicks_from_russian_searches"]) == (
        "recording/cloud-recording",
        2,
        1,
    )
    assert first["effort_hours"] == 2.5  # 640 words at 300 an hour, rounded up to the half hour
    (stale,) = reports["stale_translations"].rows
    assert stale["stale_since"] == "2026-05-02" and stale["stale_views"] == 1
    helpfulness = reports["helpfulness"].rows
    assert [r["article_id"] for r in helpfulness] == [
        "recording/cloud-recording",
        "meetings/schedule-a-meeting",
    ]
    assert helpfulness[0]["reasons"] == {"wrong-language": 1}
    assert sum(n for _, n in reports["top_queries"].series["searches"]) == 4


def test_prune_keeps_daily_counts_of_what_it_deletes(engine):
    old = utcnow() - dt.timedelta(days=100)
    with engine.begin() as conn:
        conn.execute(searches.insert(), [search_row("old", at=old), search_row("old", results=0, at=old)])
        conn.execute(searches.insert(), [search_row("new")])
        conn.execute(
            views.insert(),
            [
                {
                    "at": old,
                    "synthetic": False,
                    "article_id": "a",
                    "locale": "ru",
                    "fallback": True,
                    "stale": False,
                }
            ],
        )
        assert prune(conn, retention_days=90) == 3
    with engine.connect() as conn:
        assert conn.execute(select(searches.c.query)).scalars().all() == ["new"]
        (day,) = conn.execute(select(daily_queries)).mappings().all()
        assert (day["query"], day["searches"], day["zero_results"], day["day"]) == ("old", 2, 1, old.date())
        (article,) = conn.execute(select(daily_articles)).mappings().all()
        assert (article["views"], article["fallback_views"]) == (1, 1)


IDENTIFYING = ("ip", "addr", "agent", "cookie", "session", "user", "email", "referer", "referrer", "host")


# A support request keeps the address its requester typed so that support can
# answer; that one column is the exception, and nothing else of theirs is kept.
GIVEN_BY_THE_REQUESTER = {("support_requests", "email")}


def test_no_column_can_hold_an_ip_address_or_a_user_agent(engine):
    inspector = inspect(engine)
    for table in inspector.get_table_names():
        for column in inspector.get_columns(table):
            if (table, column["name"]) in GIVEN_BY_THE_REQUESTER:
                continue
            words = column["name"].lower().split("_")
            assert not any(w.startswith(IDENTIFYING) for w in words), (table, column["name"])


def test_demo_traffic_is_deterministic_labelled_and_spares_real_events(engine, index):
    from ledger.demo import generate

    queries = [
        {"query": "облачная запись", "locale": "ru", "relevant": {"recording/cloud-recording": 2}},
        {"query": "echo", "locale": "en"},
        {"query": "трелло", "locale": "ru"},
    ]
    with engine.begin() as conn:
        conn.execute(searches.insert(), [search_row("настоящий запрос")])
        first = generate(conn, index, queries, days=5, seed=3)
        rows = conn.execute(select(searches.c.query, searches.c.at).where(searches.c.synthetic)).all()
        second = generate(conn, index, queries, days=5, seed=3)
        again = conn.execute(select(searches.c.query, searches.c.at).where(searches.c.synthetic)).all()
        real = conn.execute(select(searches.c.query).where(~searches.c.synthetic)).scalars().all()
    assert first == second > 0
    assert [r.query for r in rows] == [r.query for r in again]
    assert real == ["настоящий запрос"]
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(views).where(views.c.fallback)).scalar_one() > 0


def test_report_command_exports_csv_and_json(tmp_path, index_dir, capsys):
    import csv
    import io
    import json

    from ledger.__main__ import main

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert main(["--database", url, "demo-traffic", "--index", str(index_dir), "--days", "3"]) == 0
    capsys.readouterr()
    assert main(["--database", url, "report", "--format", "json", "--index", str(index_dir)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"top_queries", "zero_results", "translate_first", "helpfulness"}
    assert data["top_queries"]["rows"] and data["translate_first"]["rows"]
    assert main(["--database", url, "report", "--format", "csv", "--index", str(index_dir)]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["report", "query", "locale", "searches", "zero_results", "clicks"]
    assert {row[0] for row in rows} >= {"report", "top_queries", "translate_first"}


def test_deflection_report_counts_forms_solved_against_sent(engine):
    steps = [
        ("a", "en", "shown"), ("a", "en", "solved"), ("b", "en", "shown"), ("b", "en", "sent"),
        ("b", "en", "shown"), ("c", "en", "sent"), ("d", "ru", "solved"), ("e", "ru", "shown"),
    ]  # fmt: skip
    rows = [
        {"at": utcnow(), "form": f, "locale": loc, "action": a, "article_ids": "[]", "synthetic": False}
        for f, loc, a in steps
    ]
    with engine.begin() as conn:
        conn.execute(EVENTS["deflections"].insert(), rows)
    with engine.connect() as conn:
        (report,) = [r for r in build_reports(conn, Facts()) if r.name == "deflection"]
    assert report.rows == [
        {"locale": "en", "shown": 2, "solved": 1, "sent": 2, "deflection_rate": 0.33},
        {"locale": "ru", "shown": 1, "solved": 1, "sent": 0, "deflection_rate": 1.0},
    ]
    assert sum(n for _, n in report.series["sent"]) == 2


def new_request(form, priority="normal", **changes):
    fields = dict(
        form=form, locale="ru", email="anna@example.com", name="Анна", cc=["it@example.com"],
        subject="Запись", description="Не сохраняется", meeting_id="1234567890", happened=None,
        priority=priority, device="web", plan="pro", suggested_ids=["recording/cloud-recording"],
    )  # fmt: skip
    return NewRequest(**{**fields, **changes})


def test_a_request_sent_again_changed_replaces_the_unconfirmed_one(engine):
    store = SupportStore(engine)
    files = [NewAttachment("a" * 32, "экран.png", "image/png", 68)]
    first = store.create(new_request("f" * 32, email="anna@exmaple.com"), files, secret="s1")
    # Back in the browser, the files are not chosen again: the request keeps its own.
    fixed = store.create(new_request("f" * 32, email="anna@example.com"), [], secret="s2")
    assert fixed == (first.number, True, (), True)
    hour = dt.timedelta(hours=1)
    assert store.confirm("s1", hour) is None and store.confirm("s2", hour) == first.number
    (request,) = store.queue()
    assert request["email"] == "anna@example.com" and request["attachments"][0]["stored_name"] == "a" * 32
    # Once confirmed, it stands: a changed resend of the same form is not a new request.
    again = store.create(new_request("f" * 32, email="x@example.com"), [], secret="s3")
    assert again == (first.number, False, (), False)


def test_a_resend_with_other_files_drops_the_old_ones_and_never_changes_a_confirmed_request(
    engine, monkeypatch
):
    store = SupportStore(engine)
    first = store.create(new_request("f" * 32), [NewAttachment("a" * 32, "a.png", "image/png", 68)], "s1")
    other = [NewAttachment("b" * 32, "b.png", "image/png", 70)]
    assert store.create(new_request("f" * 32), other, secret="s2") == (first.number, True, ("a" * 32,), True)

    # A confirmation landing between the resend's read and its write wins.
    def confirmed_meanwhile(*args):
        store.confirm("s2", dt.timedelta(hours=1))
        return False

    monkeypatch.setattr("ledger.support._same", confirmed_meanwhile)
    late = store.create(new_request("f" * 32, subject="Другое"), [], secret="s3")
    assert late == (first.number, False, (), False)
    (request,) = store.queue()
    assert request["subject"] == "Запись" and [a["stored_name"] for a in request["attachments"]] == ["b" * 32]


def test_support_requests_are_stored_once_confirmed_once_and_expire(engine):
    store = SupportStore(engine)
    files = [NewAttachment("a" * 32, "экран.png", "image/png", 68)]
    low = store.create(new_request("f" * 32, "low"), files, secret="s1").number
    assert store.create(new_request("f" * 32, "low"), files, secret="s2") == (low, False, (), False)
    urgent = store.create(new_request("e" * 32, "urgent"), [], secret="s3").number
    never = store.create(new_request("d" * 32, "emergency"), [], secret="s4").number
    assert store.queue() == []  # nothing is confirmed yet

    hour = dt.timedelta(hours=1)
    assert store.confirm("s2", hour) is None  # the double submit's secret was never stored
    assert [store.confirm("s1", hour), store.confirm("s1", hour)] == [low, None]
    assert store.confirm("s3", hour) == urgent
    queue = store.queue()
    assert [r["id"] for r in queue] == [urgent, low] and queue[1]["cc"] == ["it@example.com"]
    assert queue[1]["attachments"][0]["file_name"] == "экран.png"
    assert store.attachment(low, queue[1]["attachments"][0]["id"])["stored_name"] == "a" * 32

    with engine.begin() as conn:
        conn.execute(update(support_requests).values(created=utcnow() - 2 * hour))
    assert store.confirm("s4", hour) is None  # too late
    assert store.expire(hour) == []  # the unconfirmed one had no files
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(support_requests)).scalar_one() == 2
    assert store.request(never) is None


def test_demo_traffic_takes_the_query_files_make_passes_and_says_when_the_index_is_missing(
    tmp_path, index_dir, capsys
):
    from ledger.__main__ import main

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    files = ["tests/eval/queries.yml", "tests/eval/people.yml"]  # the Makefile's $(QUERIES)
    assert main(["--database", url, "demo-traffic", "--index", str(index_dir), "--queries", *files]) == 0
    assert "synthetic events" in capsys.readouterr().out
    assert main(["--database", url, "report", "--index", str(tmp_path / "none")]) == 2
    assert "no index at" in capsys.readouterr().err
