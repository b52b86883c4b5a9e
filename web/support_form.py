"""The support request form's fields, read and checked on the server. The
browser's own checks are a convenience; these are the rules. Every typed
value comes back for the page to show again, with a message per field."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from ledger.support import DEVICES, PLANS, PRIORITIES
from ledger.tables import MAX_DESCRIPTION, MAX_SUBJECT
from web.attachments import MAX_NAME as MAX_FILE_NAME
from web.attachments import Rejected, Upload, check
from web.params import typed_text

MAX_CC = 5
MAX_NAME = 100
# 9 to 11 digits; people copy them with spaces or dashes ("123 4567 890").
MEETING_ID = re.compile(r"^\d(?:[ -]?\d){8,10}$", re.ASCII)
# Marks that reorder the text after them: on the desk a name or a subject
# holding one would read other than it was written (U+202E turns it around).
# Invisible, and pasted along from chat apps: dropped, not refused.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
TEXT_FIELDS = ("email", "name", "cc", "subject", "description", "meeting_id", "happened")


@dataclass
class Submission:
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    cc: list[str] = field(default_factory=list)
    uploads: list[Upload] = field(default_factory=list)

    @property
    def meeting_digits(self) -> str | None:
        return re.sub(r"\D", "", self.values["meeting_id"], flags=re.ASCII) or None


def read(form: MultiDict, files: MultiDict, max_files: int, max_bytes: int) -> Submission:
    values = {name: typed_text(BIDI_CONTROLS.sub("", form.get(name, ""))) for name in TEXT_FIELDS}
    for name in ("meeting_id", "happened"):
        values[name] = _ascii_digits(values[name])
    values.update({name: form.get(name, "") for name in ("priority", "device", "plan")})
    sub = Submission(values)
    _check_email(sub)
    _check_text(sub, "name", MAX_NAME)
    _check_cc(sub)
    _check_text(sub, "subject", MAX_SUBJECT)
    _check_text(sub, "description", MAX_DESCRIPTION, multiline=True)
    if values["meeting_id"] and not MEETING_ID.match(values["meeting_id"]):
        sub.errors["meeting_id"] = _("A meeting ID is 9 to 11 digits; spaces and dashes are allowed.")
    # A browser's date-time field sends "2026-11-26T14:30"; a typed value may have a space.
    values["happened"] = values["happened"].replace(" ", "T", 1)
    if values["happened"] and not _local_datetime(values["happened"]):
        sub.errors["happened"] = _("Give the date and time as YYYY-MM-DD HH:MM.")
    for name, choices in (("priority", PRIORITIES), ("device", DEVICES), ("plan", PLANS)):
        if values[name] not in choices:
            sub.errors[name] = _("Choose one of the options.")
    _check_files(sub, [f for f in files.getlist("attachments") if f.filename], max_files, max_bytes)
    return sub


def _ascii_digits(text: str) -> str:
    """``text`` with digits of any script (full-width, Arabic-Indic) written
    as the ASCII digits they stand for, as a meeting ID or a date is stored.

    >>> _ascii_digits("１２３-٤٥٦ 7")
    '123-456 7'
    """
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in text)


def megabytes(size: int) -> int:
    """A size limit as the form states it (decimal megabytes, at least 1)."""
    return max(size // 1_000_000, 1)


def _check_email(sub: Submission) -> None:
    address = _address(sub.values["email"])
    if address is None:
        sub.errors["email"] = _("Enter a valid email address, like name@example.com.")
    else:
        sub.values["email"] = address


def _address(text: str) -> str | None:
    if not text or len(text) > 254:
        return None
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def _check_cc(sub: Submission) -> None:
    given = [part.strip() for part in re.split(r"[,;\s]+", sub.values["cc"]) if part.strip()]
    if len(given) > MAX_CC:
        sub.errors["cc"] = _("Up to %(max)d addresses.", max=MAX_CC)
        return
    addresses = [_address(part) for part in given]
    if None in addresses:
        sub.errors["cc"] = _("Enter valid email addresses separated by commas.")
        return
    sub.cc = [a for a in addresses if a is not None]


def _check_text(sub: Submission, name: str, limit: int, multiline: bool = False) -> None:
    text = sub.values[name]
    allowed = "\n\r\t" if multiline else ""
    if not any(unicodedata.category(c) != "Cf" and not c.isspace() for c in text):
        sub.errors[name] = _("This field is required.")  # empty, or only invisible marks
    elif len(text) > limit:
        sub.errors[name] = _("Up to %(max)d characters.", max=limit)
    elif any(unicodedata.category(c) == "Cc" and c not in allowed for c in text):
        sub.errors[name] = _("Remove the control characters from this field.")


def _local_datetime(text: str) -> bool:
    try:
        dt.datetime.strptime(text, "%Y-%m-%dT%H:%M")
    except ValueError:
        return False
    return True


def _check_files(sub: Submission, files: list, max_files: int, max_bytes: int) -> None:
    if len(files) > max_files:
        sub.errors["attachments"] = _("Up to %(max)d files.", max=max_files)
        return
    messages = {
        "name": _("A file name may not contain folders or control characters."),
        "long": _("A file name may be up to %(max)d characters.", max=MAX_FILE_NAME),
        "type": _("Attach images (PNG, JPEG, GIF, WebP), PDF or text files only."),
        "empty": _("The file is empty."),
        "size": _("Each file may be up to %(mb)d MB.", mb=megabytes(max_bytes)),
    }
    for file in files:
        try:
            sub.uploads.append(check(file, max_bytes, messages))
        except Rejected as exc:
            sub.errors["attachments"] = str(exc)
            return
