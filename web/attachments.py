"""Attachments of support requests: checked by their content, not only by
their name, and stored outside the static folder under generated names."""

from __future__ import annotations

import os
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import filetype
from werkzeug.datastructures import FileStorage

# Screenshots, documents and logs: what a support engineer can open safely.
# The content must be what the extension says (``filetype`` reads the magic
# bytes); text has no magic bytes, so it must be UTF-8 without control
# characters.
ALLOWED = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".log": "text/plain",
}
MAX_NAME = 100
TEXT_CONTROLS_ALLOWED = "\t\n\r\f"


class Rejected(ValueError):
    """An upload that is refused; the message is for the requester."""


@dataclass(frozen=True)
class Upload:
    file_name: str
    content_type: str
    data: bytes


def check(file: FileStorage, max_bytes: int, messages: dict[str, str]) -> Upload:
    """The upload, read and checked; ``Rejected`` with one of ``messages``
    (``name``, ``long``, ``type``, ``empty``, ``size``) otherwise."""
    name = file.filename or ""
    if len(name) > MAX_NAME:
        raise Rejected(messages["long"])
    if not _plain_name(name):
        raise Rejected(messages["name"])
    content_type = ALLOWED.get(os.path.splitext(name)[1].lower())
    if content_type is None:
        raise Rejected(messages["type"])
    data = file.stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise Rejected(messages["size"])
    if not data:
        raise Rejected(messages["empty"])
    if not _content_is(data, content_type):
        raise Rejected(messages["type"])
    return Upload(name, content_type, data)


def _plain_name(name: str) -> bool:
    """A bare file name: no folders, no control characters, not hidden."""
    return (
        bool(name)
        and not name.startswith(".")
        and "/" not in name
        and "\\" not in name
        and not any(unicodedata.category(c).startswith("C") for c in name)
    )


def _content_is(data: bytes, content_type: str) -> bool:
    if content_type != "text/plain":
        return filetype.guess_mime(data) == content_type
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not any(unicodedata.category(c) == "Cc" and c not in TEXT_CONTROLS_ALLOWED for c in text)


def store(folder: Path, upload: Upload) -> str:
    """Write the upload durably under a generated name; that name."""
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16)
    with open(folder / stored_name, "xb") as f:
        f.write(upload.data)
        f.flush()
        os.fsync(f.fileno())
    return stored_name


def remove(folder: Path, stored_names: list[str]) -> None:
    for name in stored_names:
        (folder / name).unlink(missing_ok=True)
