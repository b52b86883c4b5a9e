"""Sending mail: through SMTP when ``SMTP_HOST`` is set, otherwise into an
outbox folder, one ``.eml`` file a message (the way Django's file email
backend works), so that development needs no mail server."""

from __future__ import annotations

import os
import secrets
import smtplib
import time
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any


def message(config: Mapping[str, Any], to: list[str], subject: str, body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = config["MAIL_FROM"]
    msg["To"] = ", ".join(to)
    msg["Subject"] = subject
    msg["Date"] = formatdate(usegmt=True)
    msg["Message-ID"] = make_msgid(domain="spravka.invalid")
    msg.set_content(body)
    return msg


def send(config: Mapping[str, Any], to: list[str], subject: str, body: str) -> None:
    """Send one plain-text message; raises ``OSError`` (``smtplib`` errors
    included) when it cannot be handed over."""
    msg = message(config, to, subject, body)
    if config["SMTP_HOST"]:
        _send_smtp(config, msg)
    else:
        _write_outbox(Path(config["OUTBOX_DIR"]), msg)


def _send_smtp(config: Mapping[str, Any], msg: EmailMessage) -> None:
    with smtplib.SMTP(config["SMTP_HOST"], int(config["SMTP_PORT"]), timeout=10) as smtp:
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config["SMTP_USER"]:
            smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
        smtp.send_message(msg)


def _write_outbox(outbox: Path, msg: EmailMessage) -> None:
    outbox.mkdir(parents=True, exist_ok=True)
    # Names sort in the order the messages were written.
    name = f"{time.time_ns():020d}-{secrets.token_hex(4)}.eml"
    # Written aside and renamed, so that a reader of the outbox never sees
    # half a message.
    partial = outbox / f".{name}.part"
    partial.write_bytes(msg.as_bytes())
    os.replace(partial, outbox / name)
