"""The build status banner of ``python -m indexer preview``.

The preview's watcher writes a small JSON file beside the index after each
build (``PREVIEW_STATUS``); every page shows what it says, so a writer sees
a broken link or a failed build where they are looking. Off (no setting)
everywhere else.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import Flask, current_app


def build_status() -> dict[str, Any] | None:
    """The last preview build's state, time and problems; None outside a
    preview or before its first build."""
    path = current_app.config["PREVIEW_STATUS"]
    if not path:
        return None
    try:
        status = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return status if isinstance(status, dict) else None


def init_app(app: Flask) -> None:
    app.context_processor(lambda: {"preview": build_status()})
