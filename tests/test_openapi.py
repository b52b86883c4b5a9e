"""The JSON API answers as web/openapi.json says it does."""

from __future__ import annotations

import re

import pytest
from jsonschema import Draft202012Validator

from web import create_app
from web.api import openapi_document


@pytest.fixture(scope="module")
def spec():
    return openapi_document()


def check(spec, path: str, response, status: int | None = None) -> None:
    """Validate ``response`` against the schema documented for ``path``."""
    status = status or response.status_code
    assert response.status_code == status, response.text
    documented = spec["paths"][path]["get"]["responses"][str(status)]
    content_type = response.headers["Content-Type"].split(";")[0]
    schema = documented["content"][content_type]["schema"]
    # Resolve "#/components/..." references against the document itself.
    validator = Draft202012Validator({**schema, "components": spec["components"]})
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(response.get_json())]
    assert errors == []


def test_every_api_route_is_documented_and_every_documented_path_exists(app, spec):
    routes = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule).replace("{article_id}", "{id}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") or rule.rule == "/healthz"
    }
    assert routes == set(spec["paths"])
    Draft202012Validator.check_schema(spec["components"]["schemas"]["SearchResponse"])


@pytest.mark.parametrize(
    "url",
    [
        "/api/search?q=конференцию&locale=ru",
        "/api/search?q=ecoh&locale=en",
        "/api/search?q=ecoh&locale=en&exact=1",
        "/api/search?q=&locale=en",
        "/api/search?q=meeting&category=recording&page=2",
        '/api/search?q="unbalanced AND (',
    ],
)
def test_search_answers_match_the_schema(client, spec, url):
    check(spec, "/api/search", client.get(url), 200)


def test_suggest_matches_the_schema(client, spec):
    response = client.get("/api/suggest?q=pfgbc&locale=ru")
    check(spec, "/api/suggest", response, 200)
    assert response.get_json()["suggestions"]
    opensearch = client.get("/api/suggest?q=mic&locale=en&format=opensearch")
    check(spec, "/api/suggest", opensearch, 200)
    assert opensearch.get_json()[0] == "mic" and opensearch.get_json()[1]


def test_article_matches_the_schema(client, spec):
    fallback = client.get("/api/articles/recording/cloud-recording?locale=ru")
    check(spec, "/api/articles/{id}", fallback, 200)
    data = fallback.get_json()
    assert data["locale"] == "en" and data["fallback"] and data["translations"] == ["en"]
    stale = client.get("/api/articles/recording/local-recording?locale=ru").get_json()
    assert stale["locale"] == "ru" and stale["stale"] and not stale["fallback"]
    check(spec, "/api/articles/{id}", client.get("/api/articles/nope?locale=en"), 404)


def test_bad_locale_is_a_400(client, spec):
    for path, url in [
        ("/api/search", "/api/search?q=x&locale=de"),
        ("/api/suggest", "/api/suggest?q=x&locale=de"),
    ]:
        check(spec, path, client.get(url), 400)


def test_health(client, spec, tmp_path):
    check(spec, "/healthz", client.get("/healthz"), 200)
    broken = create_app({"INDEX_DIR": str(tmp_path), "TESTING": True}).test_client()
    check(spec, "/healthz", broken.get("/healthz"), 503)
    check(spec, "/api/search", broken.get("/api/search?q=x"), 503)
