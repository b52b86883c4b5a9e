"""Access to the live index from a request."""

from __future__ import annotations

from flask import current_app

from search.store import OpenIndex


def current_index() -> OpenIndex:
    """The live index; raises ``IndexUnavailable`` (a 503) when there is none."""
    return current_app.extensions["spravka_index"].get()
