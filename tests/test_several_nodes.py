"""Two web nodes, each with its own index root, behind Debian's nginx: a new
generation published to both while they serve gives no failed request, and
every answer comes whole from one generation or the other.

nginx runs as an ordinary process with a private prefix. Without nginx the
test skips with a message, except under CI (``CI=true``), where ``.ci/run``
installs it and a missing nginx is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.publish import publish_everywhere
from measure.server import GUNICORN, free_port, running_server
from search.index.store import Generation, live_generation
from search.query.engine import search

NGINX = shutil.which("nginx", path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin"]))
QUERY = "echo"
NEW_ARTICLE = """---
title: Echo from the lighthouse keeper
tags: [echo]
---
# Echo from the lighthouse keeper

When the lighthouse keeper hears an echo of their own voice, mute the second device.
"""

BALANCER = """
master_process off;
daemon off;
pid {prefix}/nginx.pid;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    upstream spravka {{
        server 127.0.0.1:{first};
        server 127.0.0.1:{second};
        keepalive 8;
    }}
    server {{
        listen 127.0.0.1:{{port}};
        location / {{
            proxy_pass http://spravka;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
        }}
    }}
}}
"""


@pytest.fixture
def nginx() -> str:
    if NGINX is None:
        message = "no nginx: install Debian's nginx (.ci/run does) to run the two-node test"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return NGINX


def get(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.headers["X-Spravka-Generation"], response.read().decode()


def test_publishing_to_two_nodes_under_load_fails_no_request_and_mixes_no_generations(
    nginx, corpus_copy, tmp_path
):
    built = tmp_path / "built"
    build_index(corpus_copy, built)
    old = live_generation(built)
    nodes = [tmp_path / "node-1", tmp_path / "node-2"]
    publish_everywhere(built, nodes)
    new_article = corpus_copy / "en" / "audio" / "lighthouse-echo.md"
    new_article.write_text(NEW_ARTICLE, encoding="utf-8")

    env = {"SPRAVKA_INDEX_CHECK_INTERVAL": "0.1"}
    with (
        running_server(GUNICORN, {**env, "SPRAVKA_INDEX_DIR": str(nodes[0])}) as (first, _),
        running_server(GUNICORN, {**env, "SPRAVKA_INDEX_DIR": str(nodes[1])}) as (second, _),
    ):
        prefix = tmp_path / "nginx"
        prefix.mkdir()
        port = free_port()
        config = BALANCER.format(
            prefix=prefix, first=first.rsplit(":", 1)[1], second=second.rsplit(":", 1)[1]
        )
        (prefix / "nginx.conf").write_text(config.replace("{port}", str(port)), encoding="utf-8")
        command = [
            nginx,
            "-p",
            str(prefix),
            "-c",
            str(prefix / "nginx.conf"),
            "-e",
            str(prefix / "error.log"),
        ]
        with running_server(command, port=port) as (balancer, _):
            answers, failures = _under_load(
                balancer, during=lambda: _rebuild_and_publish(corpus_copy, built, nodes)
            )

    new = live_generation(built)
    assert new != old
    expected = {gen.name: search(Generation(gen), QUERY, "en").total for gen in (old, new)}
    assert expected[new.name] == expected[old.name] + 1
    assert failures == []
    assert {generation for _, generation, _ in answers} == {old.name, new.name}
    for kind, generation, body in answers:
        # Each answer is consistent with the generation that says it served it.
        if kind == "api":
            assert json.loads(body)["total"] == expected[generation]
        else:
            assert ("lighthouse-echo" in body) == (generation == new.name)


def _rebuild_and_publish(corpus: Path, built: Path, nodes: list[Path]) -> None:
    build_index(corpus, built)
    publish_everywhere(built, nodes)


def _under_load(base: str, during, clients: int = 4, settle: float = 1.0):
    """Requests from ``clients`` threads while ``during()`` runs, and for
    ``settle`` seconds before and after: (kind, generation, body) of each
    answer, and the failed requests."""
    urls = {
        "api": f"{base}/api/search?" + urllib.parse.urlencode({"q": QUERY, "locale": "en"}),
        "page": f"{base}/en/search?" + urllib.parse.urlencode({"q": QUERY}),
    }
    answers: list[tuple[str, str, str]] = []
    failures: list[str] = []
    stop = threading.Event()

    def client() -> None:
        while not stop.is_set():
            for kind, url in urls.items():
                try:
                    status, generation, body = get(url)
                except OSError as error:
                    failures.append(f"{kind}: {error}")
                    continue
                if status != 200:
                    failures.append(f"{kind}: HTTP {status}")
                answers.append((kind, generation, body))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(settle)
        during()
        time.sleep(settle)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    print(f"{len(answers)} answers, {len(failures)} failures", file=sys.stderr)
    return answers, failures
