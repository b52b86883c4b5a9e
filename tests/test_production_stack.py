"""The production stack, nginx in front of gunicorn (``deploy/``), as readers
meet it. Slow clients cannot take it down: eight connections that send half
a request and never finish are held (and reopened whenever the server drops
them) while an ordinary client keeps getting answers. The support form's
attachments get through nginx, which refuses large bodies anywhere else, and
its rate limit counts each reader, not the proxy.

The test holds them for 20 s, not the 60 s of the audit: what matters is
that they outlast gunicorn's worker timeout, which the test sets to 8 s, and
nginx's header timeout (10 s), so that both would have fired."""

from __future__ import annotations

import http.client
import importlib.util
import os
import re
import runpy
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from measure.server import running_server
from measure.slowclients import probe

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
HELD, SECONDS = 8, 20.0


def load_serve():
    spec = importlib.util.spec_from_file_location("deploy_serve", DEPLOY / "serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def serve():
    module = load_serve()
    if module.find_nginx() is None:
        message = "nginx is not installed (apt-get install nginx; .ci/run installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return module


def test_nginx_config_renders_with_every_placeholder_filled(serve, tmp_path):
    config = serve.nginx_config(tmp_path, "127.0.0.1:8000", f"unix:{tmp_path}/g.sock")
    assert "listen 127.0.0.1:8000;" in config and f"server unix:{tmp_path}/g.sock;" in config
    assert "proxy_request_buffering on;" in config and "$http_host;" in config


def test_half_open_connections_do_not_stop_answers(serve, index_dir):
    env = {"SPRAVKA_INDEX_DIR": str(index_dir), "WEB_CONCURRENCY": "2", "GUNICORN_CMD_ARGS": "--timeout 8"}
    command = [sys.executable, str(DEPLOY / "serve.py"), "--port", "{port}"]
    with running_server(command, env) as (base, _server):
        report = probe(base, HELD, SECONDS)
    assert report.failed == 0, report
    assert report.requests > 100, report
    assert report.p99_ms < 1000, report


def test_gunicorn_config_recycles_workers_with_jitter():
    """Every name in the config is a gunicorn setting (a misspelt one would be
    ignored silently), and workers are recycled at staggered moments."""
    from gunicorn.config import KNOWN_SETTINGS

    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    names = {name for name in config if not name.startswith("_") and name != "os"}
    assert names <= {setting.name for setting in KNOWN_SETTINGS}
    assert config["max_requests"] > 0 and 0 < config["max_requests_jitter"] < config["max_requests"]
    assert config["worker_class"] == "sync" and config["timeout"] > 0


def _post(base: str, path: str, body: bytes, source: str = "127.0.0.1", headers: dict | None = None) -> int:
    """The status of a POST of ``body`` to ``path``, sent from the address ``source``."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30, source_address=(source, 0))
    try:
        sent = {
            "Content-Type": "application/octet-stream",
            **(headers or {}),
            "Content-Length": str(len(body)),
        }
        connection.request("POST", path, body=body, headers=sent)
        return connection.getresponse().status
    finally:
        connection.close()


def test_support_attachments_get_through_and_each_reader_has_a_rate_limit(serve, index_dir, tmp_path):
    env = {
        "SPRAVKA_INDEX_DIR": str(index_dir),
        "WEB_CONCURRENCY": "1",
        "SPRAVKA_DATABASE_URL": f"sqlite:///{tmp_path / 'events.db'}",
        "SPRAVKA_SECRET_KEY_FILE": str(tmp_path / "secret-key"),
        "SPRAVKA_SUPPORT_RATE_LIMIT": "2 per minute",
    }
    command = [sys.executable, str(DEPLOY / "serve.py"), "--port", "{port}"]
    attachment = b"\x89PNG" + bytes(200_000)
    with running_server(command, env) as (base, _server):
        assert _post(base, "/en/feedback", attachment) == 413  # nginx: no large bodies elsewhere
        # The site answers the form (400: no form token), not nginx's 413;
        # its third post in a minute is one too many, for this reader only.
        assert [_post(base, "/en/support/new", attachment) for _ in range(3)] == [400, 400, 429]
        assert _post(base, "/en/support/new", b"", source="127.0.0.2") == 400
        # A vote from a browser that names only its Origin (port included) is the site's own.
        page = urllib.request.urlopen(base + "/en/articles/audio/echo", timeout=30).read().decode()
        token = re.search(r'name="token" value="([^"]+)"', page).group(1)
        vote = urlencode({"article": "audio/echo", "token": token, "helpful": "yes"}).encode()
        form = {"Content-Type": "application/x-www-form-urlencoded", "Origin": base}
        assert _post(base, "/en/feedback", vote, headers=form) == 303
