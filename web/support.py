"""The support request form, with deflection, and its email confirmation.

``/<locale>/support/new`` shows the form. Its buttons post back to it:
"Check for answers" shows the articles the engine finds for the subject and
description (the same job ``support.js`` does while the reader types), "This
solved my problem" ends without a request, and "Send" stores the request and
emails a one-time link; the request counts once the link is opened.

Forms carry no cookie. Each rendered form has a random key, signed into its
CSRF token: the key makes a double submit one request, and joins the
deflection events of one form.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from pathlib import Path

from flask import Blueprint, Flask, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ledger import config as ledger_config
from ledger.support import DEVICES, PLANS, PRIORITIES, NewAttachment, NewRequest, SupportStore
from search.index.articles import LOCALES, valid_id
from search.index.store import READ_ERRORS, IndexUnavailable
from search.query.engine import search
from web import attachments, mail
from web.events import record
from web.index import get_index
from web.links import absolute_url
from web.security import limiter, same_origin
from web.support_form import Submission, megabytes, read
from web.support_info import SupportInfo, SupportInfoError, load

# How long a rendered form may be sent: a long description takes a while.
FORM_MAX_AGE = 6 * 3600
SUGGESTIONS = 5
# What a confirmation link's secret looks like (secrets.token_urlsafe(32)).
SECRET = re.compile(r"^[A-Za-z0-9_-]{43}$")
FORM_KEY = re.compile(r"^[0-9a-f]{32}$")

support = Blueprint("support", __name__)


def store() -> SupportStore:
    return current_app.extensions["spravka_support"]


def info() -> SupportInfo:
    try:
        return load(current_app.config["SUPPORT_FILE"])
    except SupportInfoError as exc:
        current_app.logger.error("support pages unavailable: %s", exc)
        abort(503)


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="spravka-support")


def form_token(key: str) -> str:
    return _signer().dumps(key)


def _form_key(token: str) -> str | None:
    try:
        key = _signer().loads(token, max_age=FORM_MAX_AGE)
    except BadSignature:
        return None
    return key if isinstance(key, str) and FORM_KEY.match(key) else None


def _check_locale(locale: str) -> None:
    if locale not in LOCALES:
        abort(404)


@support.get("/<locale>/support/new")
def new(locale: str):
    _check_locale(locale)
    return _form_page(locale, secrets.token_hex(16), Submission(values={}), status=200)


@support.post("/<locale>/support/new")
@limiter.limit(lambda: current_app.config["SUPPORT_RATE_LIMIT"])
def submit(locale: str):
    _check_locale(locale)
    max_files, max_bytes = (
        current_app.config["SUPPORT_MAX_FILES"],
        current_app.config["SUPPORT_MAX_FILE_BYTES"],
    )
    # The largest request a form can make: its files and some text.
    request.max_content_length = max_files * max_bytes + 1_000_000
    form = request.form
    key = _form_key(form.get("token", ""))
    sub = read(form, request.files, max_files, max_bytes)
    if key is None or form.get("website"):  # an expired or forged form, or a bot
        sub.errors["form"] = _("This form has expired. Check your entries and send it again.")
        return _form_page(locale, secrets.token_hex(16), sub, status=400)
    action = form.get("action")
    if action == "solved":
        record("deflections", form=key, locale=locale, action="solved", article_ids=_shown_ids())
        return _message(_("Glad it helped!"), _("Your problem is solved, so no request was sent."))
    if action == "check":
        return _form_page(locale, key, Submission(values=sub.values), status=200, check=True)
    if sub.errors:
        return _form_page(locale, key, sub, status=400)
    return _send(locale, key, sub)


def _send(locale: str, key: str, sub: Submission):
    folder = Path(current_app.config["SUPPORT_FILES_DIR"])
    attachments.remove(folder, store().expire(_confirm_max_age()))
    suggested = [hit.id for hit in _suggestions(locale, sub.values)]
    saved = [
        NewAttachment(
            attachments.store(folder, upload), upload.file_name, upload.content_type, len(upload.data)
        )
        for upload in sub.uploads
    ]
    secret = secrets.token_urlsafe(32)
    new_request = NewRequest(
        form=key,
        locale=locale,
        email=sub.values["email"],
        name=sub.values["name"],
        cc=sub.cc,
        subject=sub.values["subject"],
        description=sub.values["description"],
        meeting_id=sub.meeting_digits,
        happened=sub.values["happened"] or None,
        priority=sub.values["priority"],
        device=sub.values["device"],
        plan=sub.values["plan"],
        suggested_ids=suggested,
    )
    try:
        stored = store().create(new_request, saved, secret)
    except Exception:
        attachments.remove(folder, [a.stored_name for a in saved])
        raise
    attachments.remove(folder, list(stored.dropped))  # a form sent again changed: the files it replaced
    if not stored.new:  # the same form, as it was, again: its first submission stands
        attachments.remove(folder, [a.stored_name for a in saved])
        return redirect(url_for("support.check_email", locale=locale), code=303)
    number = stored.number
    if not stored.replaced:  # one form, one "sent", however often it is corrected
        record("deflections", form=key, locale=locale, action="sent", article_ids=json.dumps(suggested))
    link = absolute_url("support.confirm_page", locale=locale, secret=secret)
    body = _(
        "Hello %(name)s,\n\nopen this link to send your support request #%(number)d "
        "(“%(subject)s”) to the Meetly support team:\n\n%(link)s\n\n",
        name=sub.values["name"],
        number=number,
        subject=sub.values["subject"],
        link=link,
    ) + ngettext(
        "The link works once, for %(num)d hour. If you did not ask for help, ignore this message.",
        "The link works once, for %(num)d hours. If you did not ask for help, ignore this message.",
        current_app.config["SUPPORT_CONFIRM_HOURS"],
    )
    try:
        mail.send(
            current_app.config,
            [sub.values["email"]],
            _("Confirm your support request #%(number)d", number=number),
            body,
        )
    except OSError:
        current_app.logger.exception("support: the confirmation email for #%d could not be sent", number)
        return _message(
            _("We could not send the email"),
            _("Your request was not sent. Please try again in a few minutes."),
            status=503,
        )
    return redirect(url_for("support.check_email", locale=locale), code=303)


@support.get("/<locale>/support/check-email")
def check_email(locale: str):
    _check_locale(locale)
    return _message(
        _("Check your email"),
        _("We sent you a link. Open it to send your request to the support team; until then it is not sent."),
    )


# Opening the emailed link shows a button, and the button confirms: mail
# scanners that fetch every link in a message must not use up the link.
@support.get("/<locale>/support/confirm/<secret>")
def confirm_page(locale: str, secret: str):
    _check_locale(locale)
    number = store().pending(secret, _confirm_max_age()) if SECRET.match(secret) else None
    if number is None:
        return _link_expired()
    return (
        render_template("support_confirm.html", number=number),
        200,
        {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )


@support.post("/<locale>/support/confirm/<secret>")
@limiter.limit(lambda: current_app.config["SUPPORT_RATE_LIMIT"])
def confirm(locale: str, secret: str):
    _check_locale(locale)
    number = store().confirm(secret, _confirm_max_age()) if SECRET.match(secret) else None
    if number is None:
        return _link_expired()
    req = store().request(number)
    _notify_support(req)
    support_info = info()
    return (
        render_template(
            "support_confirmed.html",
            req=req,
            hours=support_info.response_hours(req["priority"], req["plan"]),
            channels=support_info.channels_for(req["plan"]),
            labels=choice_labels(),
        ),
        200,
        {"Cache-Control": "no-store"},
    )


@support.post("/api/events/deflection")
def deflection_event():
    """What ``support.js`` saw: suggestions shown, and a suggestion opened."""
    if not same_origin():
        abort(403, "deflection events are accepted from the site's own pages only")
    form = request.form
    key, locale, action = _form_key(form.get("token", "")), form.get("locale", ""), form.get("action")
    if key is None or locale not in LOCALES or action not in ("shown", "opened"):
        abort(400, "token, locale and action (shown or opened) are required")
    record("deflections", form=key, locale=locale, action=action, article_ids=_shown_ids())
    return "", 204


def _shown_ids() -> str:
    ids = [i for i in request.form.getlist("shown")[:SUGGESTIONS] if valid_id(i)]
    return json.dumps(ids)


def _notify_support(req: dict) -> None:
    body = "\n".join(
        [
            f"Request #{req['id']} ({req['priority']}, {req['plan']}, {req['device']}, {req['locale']})",
            f"From: {req['name']} <{req['email']}>",
            f"Subject: {req['subject']}",
            f"Attachments: {len(req['attachments'])}",
            "",
            req["description"],
            "",
            absolute_url("support_desk.requests_page"),
        ]
    )
    try:
        mail.send(
            current_app.config,
            [current_app.config["SUPPORT_EMAIL"]],
            f"New support request #{req['id']}",
            body,
        )
    except OSError:
        # The request is confirmed and listed in the support view; only the
        # heads-up is lost.
        current_app.logger.exception("support: the notification of #%d could not be sent", req["id"])


def _suggestions(locale: str, values: dict[str, str]) -> list:
    """Articles that may answer the request; none while the index is
    unavailable, since this form is the way out when search is broken."""
    text = f"{values.get('subject', '')} {values.get('description', '')[:300]}".strip()
    if not text:
        return []
    try:
        return search(get_index(), text, locale=locale, per_page=SUGGESTIONS).results
    except (IndexUnavailable, *READ_ERRORS):
        current_app.logger.warning("support form: no suggestions, the index is unavailable", exc_info=True)
        return []


def _confirm_max_age() -> dt.timedelta:
    return dt.timedelta(hours=current_app.config["SUPPORT_CONFIRM_HOURS"])


def choice_labels() -> dict[str, dict[str, str]]:
    return {
        "priority": {
            "low": _("Low"),
            "normal": _("Normal"),
            "urgent": _("Urgent"),
            "emergency": _("Emergency"),
        },
        "device": {
            "desktop": _("Desktop"),
            "mobile": _("Mobile"),
            "telephone": _("Telephone"),
            "web": _("Web"),
            "n/a": _("N/A"),
        },
        "plan": {
            "free": _("Free"),
            "pro": _("Pro"),
            "business": _("Business"),
            "education": _("Education"),
            "api-partner": _("API partner"),
        },
    }


def _form_page(locale: str, key: str, sub: Submission, status: int, check: bool = False):
    suggestions = _suggestions(locale, sub.values) if check else []
    if check:
        record(
            "deflections",
            form=key,
            locale=locale,
            action="shown",
            article_ids=json.dumps([h.id for h in suggestions]),
        )
    return (
        render_template(
            "support_new.html",
            token=form_token(key),
            values=sub.values,
            errors=sub.errors,
            suggestions=suggestions,
            checked=check,
            labels=choice_labels(),
            choices={"priority": list(reversed(PRIORITIES)), "device": DEVICES, "plan": PLANS},
            definitions=info().priorities,
            max_files=current_app.config["SUPPORT_MAX_FILES"],
            max_mb=megabytes(current_app.config["SUPPORT_MAX_FILE_BYTES"]),
            accept=",".join(sorted(attachments.ALLOWED)),
        ),
        status,
        {"Cache-Control": "no-store"},
    )


def _link_expired():
    return _message(
        _("This link has expired"),
        _(
            "It was already used, or the request was not confirmed in time. "
            "Send a new request if you still need help."
        ),
        status=410,
    )


def _message(title: str, text: str, status: int = 200):
    return render_template("support_message.html", title=title, text=text), status


def init_app(app: Flask) -> None:
    engine = ledger_config.make_engine(app.config["DATABASE_URL"])
    app.extensions["spravka_support"] = SupportStore(engine)
    app.register_blueprint(support)
