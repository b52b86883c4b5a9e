"""The support team's view of confirmed requests, behind ``SUPPORT_TOKEN``
(HTTP Basic password or Bearer token, like the insights): the queue by
priority and age, each request's attachments and suggested articles, and a
CSV export. Attachments are only ever served from here, as downloads."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, send_file
from flask_babel import gettext as _

from ledger.recorder import utcnow
from web.security import token_authorized
from web.support import choice_labels, store

support_desk = Blueprint("support_desk", __name__)

CSV_COLUMNS = (
    "id", "created", "confirmed", "priority", "plan", "device", "locale", "email", "name", "cc",
    "subject", "description", "meeting_id", "happened", "attachments", "suggested_ids",
)  # fmt: skip
# A cell that starts like a formula is run by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@support_desk.before_request
def _team_only():
    if not token_authorized("SUPPORT_TOKEN"):
        return (
            render_template("error.html", code=401, title=_("Password required")),
            401,
            {"WWW-Authenticate": 'Basic realm="Spravka support", charset="UTF-8"'},
        )
    return None


@support_desk.get("/support/requests")
def requests_page():
    return (
        render_template(
            "support_requests.html",
            requests=store().queue(),
            now=utcnow(),
            labels=choice_labels(),
        ),
        200,
        {"Cache-Control": "no-store"},
    )


@support_desk.get("/support/requests.csv")
def requests_csv():
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for req in store().queue():
        row = {
            **req,
            "cc": " ".join(req["cc"]),
            "attachments": " ".join(a["file_name"] for a in req["attachments"]),
            "suggested_ids": " ".join(req["suggested_ids"]),
        }
        writer.writerow([_cell(row[column]) for column in CSV_COLUMNS])
    headers = {
        "Content-Disposition": 'attachment; filename="support-requests.csv"',
        "Cache-Control": "no-store",
    }
    return out.getvalue(), 200, {"Content-Type": "text/csv; charset=utf-8", **headers}


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


@support_desk.get("/support/requests/<int:number>/files/<int:attachment_id>")
def attachment(number: int, attachment_id: int):
    found = store().attachment(number, attachment_id)
    if found is None:
        abort(404)
    path = Path(current_app.config["SUPPORT_FILES_DIR"]).resolve() / found["stored_name"]
    response = send_file(
        path, mimetype=found["content_type"], as_attachment=True, download_name=found["file_name"], max_age=0
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response
