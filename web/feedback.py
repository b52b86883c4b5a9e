"""What readers tell us: "Was this article helpful?" votes and result clicks.

The vote is a plain form POST, so it works with JavaScript off; its CSRF
token is signed with the site's key (itsdangerous, which Flask itself uses)
and bound to the article, so no session cookie is needed; a vote is
accepted from the site's own pages only, and so many a client address.
A result click arrives as a ``navigator.sendBeacon`` POST and is accepted
from the site's own pages only.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Blueprint, Flask, abort, current_app, redirect, request
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ledger.tables import MAX_COMMENT, VOTE_REASONS
from search.browse.catalog import catalog
from search.index.articles import LOCALES, article_url, valid_id
from web.events import record, record_click, valid_click
from web.index import get_index
from web.params import typed_text
from web.security import limiter, same_origin

# How long a rendered vote form stays valid.
TOKEN_MAX_AGE = 24 * 3600

feedback = Blueprint("feedback", __name__)


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="spravka-vote")


def vote_token(locale: str, article_id: str) -> str:
    return _signer().dumps([locale, article_id])


def _check_token(token: str, locale: str, article_id: str) -> bool:
    try:
        return _signer().loads(token, max_age=TOKEN_MAX_AGE) == [locale, article_id]
    except BadSignature:
        return False


@feedback.post("/<locale>/feedback")
@limiter.limit(lambda: current_app.config["VOTE_RATE_LIMIT"])
def vote(locale: str):
    if not same_origin():  # a vote cast from another site's page is no reader's
        abort(403, _("Votes are accepted from the help center's own pages."))
    form = request.form
    article_id = form.get("article", "")
    if locale not in LOCALES or not valid_id(article_id):
        abort(404)
    view = catalog(get_index()).view(article_id, locale)
    if view is None:
        abort(404)
    if not _check_token(form.get("token", ""), locale, article_id):
        abort(400, _("This form has expired. Reload the article and vote again."))
    helpful, reason, comment = (
        form.get("helpful"),
        form.get("reason") or None,
        typed_text(form.get("comment", "")),
    )
    if helpful not in ("yes", "no") or (reason is not None and reason not in VOTE_REASONS):
        abort(400, _("Choose “Yes” or “No”, and a reason from the list."))
    if len(comment) > MAX_COMMENT:
        abort(400, _("The comment is longer than %(max)d characters.", max=MAX_COMMENT))
    record(
        "votes",
        article_id=article_id,
        locale=locale,
        fallback=view.fallback,
        helpful=helpful == "yes",
        reason=reason,
        comment=comment or None,
    )
    return redirect(article_url(locale, article_id) + "?voted=1#feedback", code=303)


@feedback.post("/api/events/click")
def click():
    if not same_origin():
        abort(403, "clicks are accepted from the site's own pages only")
    form = request.form
    locale, article_id, position = form.get("locale", ""), form.get("id", ""), form.get("pos", "")
    if not valid_click(locale, article_id) or not position.isdigit() or not form.get("q", "").strip():
        abort(400, "q, locale, id and pos are required")
    view = catalog(get_index()).view(article_id, locale)
    if view is None:
        abort(404, "no such article")
    record_click(form["q"], locale, article_id, int(position), view.fallback, via="beacon")
    return "", 204


def _secret_key(path: Path) -> str:
    """The key in ``path``, created (readable by its owner only) on first use,
    so that every worker of a node signs the same way."""
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        try:
            with open(path, "x", encoding="ascii", opener=_owner_only) as f:
                f.write(key)
        except FileExistsError:  # another worker was first
            return path.read_text(encoding="ascii").strip()
        return key


def _owner_only(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)


def init_app(app: Flask) -> None:
    if not app.secret_key:
        app.secret_key = _secret_key(Path(app.config["SECRET_KEY_FILE"]))
    app.add_template_global(vote_token)
    app.add_template_global(VOTE_REASONS, "vote_reasons")
    app.register_blueprint(feedback)
