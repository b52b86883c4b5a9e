"""Support requests in the store.

A request is written synchronously, in one transaction with its attachments'
rows, and the caller learns its number only after the commit: a request the
requester was told about is on disk (SQLite runs with ``synchronous=FULL``,
PostgreSQL commits durably), and a process that dies mid-way leaves either
the whole request or nothing. A request counts once its emailed one-time
link has been opened; unconfirmed ones expire.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, case, delete, select, update
from sqlalchemy.exc import IntegrityError

from ledger.migrate import upgrade
from ledger.recorder import utcnow
from ledger.tables import support_attachments, support_requests

# The choices of the form, in the order the form and the support view show
# them. The most pressing priority first: the support view sorts by it.
PRIORITIES = ("emergency", "urgent", "normal", "low")
DEVICES = ("desktop", "mobile", "telephone", "web", "n/a")
PLANS = ("free", "pro", "business", "education", "api-partner")


@dataclass(frozen=True)
class NewRequest:
    form: str
    locale: str
    email: str
    name: str
    cc: list[str]
    subject: str
    description: str
    meeting_id: str | None
    happened: str | None
    priority: str
    device: str
    plan: str
    suggested_ids: list[str]


@dataclass(frozen=True)
class NewAttachment:
    stored_name: str
    file_name: str
    content_type: str
    size: int


class Stored(NamedTuple):
    """What ``SupportStore.create`` did with a request."""

    number: int
    new: bool  # stored now (a request, or a changed one replacing it), not found stored
    dropped: tuple[str, ...] = ()  # stored names of the files a replaced request no longer has
    replaced: bool = False  # a form sent again changed, in place of the request it sent


# What a request says, as the form sent it: the same again is a double submit.
TYPED = ("locale", "email", "name", "cc", "subject", "description", "meeting_id", "happened")
TYPED += ("priority", "device", "plan")


def digest(secret: str) -> str:
    """What the store keeps of a confirmation link's secret: a leaked store
    confirms nothing."""
    return hashlib.sha256(secret.encode()).hexdigest()


class SupportStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._migrated = False

    def _begin(self):
        if not self._migrated:
            upgrade(self.engine)
            self._migrated = True
        return self.engine.begin()

    def create(self, new: NewRequest, attachments: list[NewAttachment], secret: str) -> Stored:
        """Store an unconfirmed request, with ``secret`` as its link's.

        The same form sent again as it was (a double click, a reload) is the
        request sent first: its number, ``new`` False, nothing stored. Sent
        again changed before it was confirmed (the reader went back to fix
        the address), it replaces that request and its link, ``replaced``
        True; its files too, if it brings any (a browser does not choose the
        files again when the reader goes back), and ``dropped`` names the
        stored files the request no longer has."""
        row = {
            **asdict(new),
            "cc": json.dumps(new.cc),
            "suggested_ids": json.dumps(new.suggested_ids),
            "created": utcnow(),
            "confirm_digest": digest(secret),
        }
        try:
            with self._begin() as conn:
                number = conn.execute(support_requests.insert().values(row)).inserted_primary_key[0]
                _attach(conn, number, attachments)
                return Stored(number, True)
        except IntegrityError:
            with self._begin() as conn:
                stored = _sent_again(conn, row, attachments)
            if stored is None:  # some other constraint failed
                raise
            return stored

    def pending(self, secret: str, max_age: dt.timedelta) -> int | None:
        """The number of the request that ``secret`` can still confirm."""
        with self._begin() as conn:
            return _pending(conn, secret, max_age)

    def confirm(self, secret: str, max_age: dt.timedelta) -> int | None:
        """Confirm the request whose link carries ``secret``; the link works
        once, and not after ``max_age``. The request's number, or None."""
        with self._begin() as conn:
            number = _pending(conn, secret, max_age)
            if number is not None:
                conn.execute(
                    update(support_requests)
                    .where(support_requests.c.id == number)
                    .values(confirmed=utcnow(), confirm_digest=None)
                )
        return number

    def expire(self, max_age: dt.timedelta) -> list[str]:
        """Delete requests left unconfirmed for ``max_age``; the stored names
        of their attachments, whose files the caller removes."""
        cutoff = utcnow() - max_age
        stale = support_requests.c.confirmed.is_(None) & (support_requests.c.created < cutoff)
        with self._begin() as conn:
            numbers = select(support_requests.c.id).where(stale)
            files = conn.execute(
                select(support_attachments.c.stored_name).where(support_attachments.c.request_id.in_(numbers))
            ).scalars()
            names = list(files)
            conn.execute(delete(support_attachments).where(support_attachments.c.request_id.in_(numbers)))
            conn.execute(delete(support_requests).where(stale))
        return names

    def request(self, number: int) -> dict[str, Any] | None:
        with self._begin() as conn:
            row = (
                conn.execute(select(support_requests).where(support_requests.c.id == number))
                .mappings()
                .first()
            )
            return _with_attachments(conn, [row])[0] if row else None

    def queue(self) -> list[dict[str, Any]]:
        """Confirmed requests, the most pressing priority first, then the
        oldest first."""
        rank = case({p: i for i, p in enumerate(PRIORITIES)}, value=support_requests.c.priority)
        with self._begin() as conn:
            rows = conn.execute(
                select(support_requests)
                .where(support_requests.c.confirmed.is_not(None))
                .order_by(rank, support_requests.c.created)
            ).mappings()
            return _with_attachments(conn, list(rows))

    def attachment(self, number: int, attachment_id: int) -> dict[str, Any] | None:
        """An attachment of a confirmed request."""
        with self._begin() as conn:
            row = (
                conn.execute(
                    select(support_attachments)
                    .join(support_requests)
                    .where(
                        support_attachments.c.id == attachment_id,
                        support_attachments.c.request_id == number,
                        support_requests.c.confirmed.is_not(None),
                    )
                )
                .mappings()
                .first()
            )
            return dict(row) if row else None


def _pending(conn: Connection, secret: str, max_age: dt.timedelta) -> int | None:
    return conn.execute(
        select(support_requests.c.id).where(
            support_requests.c.confirm_digest == digest(secret),
            support_requests.c.confirmed.is_(None),
            support_requests.c.created >= utcnow() - max_age,
        )
    ).scalar()


def _sent_again(conn: Connection, row: dict[str, Any], attachments: list[NewAttachment]) -> Stored | None:
    """A form sent again: the request it sent first, replaced if it says
    something else and is not confirmed yet; None if no request has its form."""
    found = conn.execute(select(support_requests).where(support_requests.c.form == row["form"]))
    first = found.mappings().first()
    if first is None:
        return None
    number = first["id"]
    if first["confirmed"] is not None or _same(first, _attachments_of(conn, [number]), row, attachments):
        return Stored(number, False)
    # Only while unconfirmed: a confirmation between the read above and this
    # write keeps the request as it was confirmed.
    unconfirmed = (support_requests.c.id == number) & support_requests.c.confirmed.is_(None)
    if not conn.execute(update(support_requests).where(unconfirmed).values(row)).rowcount:
        return Stored(number, False)
    if not attachments:
        return Stored(number, True, replaced=True)
    # Read after the write: no other resend changes them before this commits.
    dropped = tuple(a["stored_name"] for a in _attachments_of(conn, [number]))
    conn.execute(delete(support_attachments).where(support_attachments.c.request_id == number))
    _attach(conn, number, attachments)
    return Stored(number, True, dropped, replaced=True)


def _attach(conn: Connection, number: int, attachments: list[NewAttachment]) -> None:
    if attachments:
        conn.execute(support_attachments.insert(), [{**asdict(a), "request_id": number} for a in attachments])


def _same(stored: Any, had: list[dict[str, Any]], row: dict[str, Any], files: list[NewAttachment]) -> bool:
    """Whether a request sent again (``row``, ``files``) says what the
    ``stored`` one does: its fields, and, if it brings files, files of the
    same names, types and sizes as those it ``had``."""
    before = [(a["file_name"], a["content_type"], a["size"]) for a in had]
    again = [(a.file_name, a.content_type, a.size) for a in files]
    return all(stored[name] == row[name] for name in TYPED) and (not files or before == again)


def _attachments_of(conn: Connection, numbers: list[int]) -> list[dict[str, Any]]:
    found = conn.execute(
        select(support_attachments)
        .where(support_attachments.c.request_id.in_(numbers))
        .order_by(support_attachments.c.id)
    ).mappings()
    return [dict(attachment) for attachment in found]


def _with_attachments(conn: Connection, rows: list) -> list[dict[str, Any]]:
    numbers = [row["id"] for row in rows]
    files: dict[int, list[dict[str, Any]]] = {number: [] for number in numbers}
    for attachment in _attachments_of(conn, numbers):
        files[attachment["request_id"]].append(attachment)
    return [
        {
            **row,
            "cc": json.loads(row["cc"]),
            "suggested_ids": json.loads(row["suggested_ids"]),
            "attachments": files[row["id"]],
        }
        for row in rows
    ]
