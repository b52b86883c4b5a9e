"""What the support tests share: a tiny real PNG, the form's token, a valid
form, and the confirmation link of the last email."""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from email import policy
from email.parser import BytesParser
from pathlib import Path

from sqlalchemy import select

from ledger.migrate import upgrade
from ledger.tables import support_requests
from measure.server import free_port
from tests.conftest import SUPPORT_FILE
from web import create_app

TOKEN = re.compile(r'name="token" value="([^"]+)"')
CONFIRM_LINK = re.compile(r"https?://\S+/support/confirm/[A-Za-z0-9_-]+")


def png() -> bytes:
    """A valid 1x1 PNG, made here rather than shipped."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def form_token(client, locale: str = "en") -> str:
    return TOKEN.search(client.get(f"/{locale}/support/new").get_data(as_text=True)).group(1)


def valid_form(token: str, **changes) -> dict:
    form = {
        "token": token,
        "action": "send",
        "email": "ada@example.com",
        "name": "Ada",
        "cc": "",
        "subject": "Cloud recording is missing",
        "description": "The recording of yesterday's meeting is not in my list.",
        "meeting_id": "123 456 7890",
        "happened": "2026-11-25T14:30",
        "priority": "urgent",
        "device": "desktop",
        "plan": "business",
    }
    form.update(changes)
    return form


def body_text(raw: bytes) -> str:
    return BytesParser(policy=policy.default).parsebytes(raw).get_body().get_content()


def outbox_messages(outbox: Path) -> list[str]:
    return [body_text(path.read_bytes()) for path in sorted(outbox.glob("*.eml"))]


def confirm_path(text: str) -> str:
    """The path of the confirmation link in an email's text."""
    link = CONFIRM_LINK.search(text).group(0)
    return "/" + link.split("/", 3)[3]


def last_confirm_path(outbox: Path) -> str:
    """The link of the last confirmation email in the outbox (the support
    team's notifications are there too)."""
    return confirm_path([text for text in outbox_messages(outbox) if CONFIRM_LINK.search(text)][-1])


class Mailbox:
    """What a local SMTP server received: (recipients, message text)."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received.append((list(envelope.rcpt_tos), body_text(envelope.original_content)))
        return "250 OK"

    def to(self, address: str) -> list[str]:
        return [text for recipients, text in self.received if address in recipients]


@contextmanager
def local_smtp() -> Iterator[tuple[int, Mailbox]]:
    """A real SMTP server (aiosmtpd) on a free loopback port."""
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port, mailbox
    finally:
        controller.stop()


def make_app(index_dir, tmp_path, **overrides):
    return create_app(
        {
            "TESTING": True,
            "INDEX_DIR": str(index_dir),
            "INDEX_CHECK_INTERVAL": 0.0,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}",
            "SUPPORT_FILES_DIR": str(tmp_path / "files"),
            "OUTBOX_DIR": str(tmp_path / "outbox"),
            "SUPPORT_FILE": str(SUPPORT_FILE),
            "SUPPORT_TOKEN": "desk",
            "RATELIMIT_ENABLED": False,
            **overrides,
        }
    )


def requests_in_store(app) -> list[dict]:
    engine = app.extensions["spravka_support"].engine
    upgrade(engine)  # a store nothing was written to has no tables yet
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(select(support_requests)).mappings()]
