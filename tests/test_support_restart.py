"""Stored requests survive the server: a real server is killed (SIGKILL, no
chance to clean up) while requests are being sent and confirmed, and the
server started again on the same store has every request that was confirmed
to its requester, whole."""

from __future__ import annotations

import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from sqlalchemy import text

from ledger.config import make_engine
from ledger.support import SupportStore
from measure.server import running_server
from tests.support_helpers import TOKEN, last_confirm_path, valid_form

CONFIRMED = "sent · "  # in the confirmation page's title, "Request #N sent · ..."


def fetch(url: str, data: dict | None = None) -> tuple[int, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body), timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def send_and_confirm(base: str, outbox: Path, subject: str) -> int | None:
    """The request's number once its confirmation page said so."""
    _, page = fetch(f"{base}/en/support/new")
    status, _ = fetch(f"{base}/en/support/new", valid_form(TOKEN.search(page).group(1), subject=subject))
    if status != 200:  # 303 followed to the "check your email" page
        return None
    status, page = fetch(base + last_confirm_path(outbox), {})
    if status != 200 or CONFIRMED not in page:
        return None
    return int(page.split("Request #", 1)[1].split(" ", 1)[0])


def test_confirmed_requests_survive_a_killed_server(index_dir, tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    outbox = tmp_path / "outbox"
    env = {
        "SPRAVKA_DATABASE_URL": url,
        "SPRAVKA_OUTBOX_DIR": str(outbox),
        "SPRAVKA_SUPPORT_FILES_DIR": str(tmp_path / "files"),
        "SPRAVKA_RATELIMIT_ENABLED": "false",
    }
    command = [sys.executable, "-m", "web", "--port", "{port}", "--index", str(index_dir)]
    confirmed: list[int] = []
    with running_server(command, env=env) as (base, server):
        confirmed += [send_and_confirm(base, outbox, f"before {i}") for i in range(3)]
        stop = threading.Event()

        def keep_sending():
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    number = send_and_confirm(base, outbox, f"during {i}")
                except (OSError, AttributeError, IndexError):  # the server is gone mid-way
                    return
                if number is not None:
                    confirmed.append(number)

        sender = threading.Thread(target=keep_sending)
        sender.start()
        time.sleep(1.5)
        server.kill()
        server.wait()
        stop.set()
        sender.join(timeout=30)
    assert None not in confirmed[:3] and len(confirmed) > 3

    with running_server(command, env=env) as (base, _):
        store = SupportStore(make_engine(url))
        kept = {req["id"]: req for req in store.queue()}
        assert set(confirmed) <= set(kept)
        assert all(kept[n]["subject"].startswith(("before", "during")) for n in confirmed)
        # The server started again takes new requests on the same store.
        assert send_and_confirm(base, outbox, "after") not in (None, *confirmed)
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
