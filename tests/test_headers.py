"""Caching and content headers: the language redirect varies by
Accept-Language, API answers may be cached briefly and errors never, and
images come only from the site itself."""

from __future__ import annotations


def test_language_redirect_varies_by_accept_language(client):
    answer = client.get("/", headers={"Accept-Language": "ru"})
    assert answer.status_code in (301, 302, 303, 307, 308)
    assert "Accept-Language" in answer.headers.get("Vary", "")


def test_api_answers_are_cacheable_briefly(client):
    for url in ["/api/search?q=meeting", "/api/suggest?q=mee", "/api/articles/meetings/join-a-meeting"]:
        answer = client.get(url)
        assert answer.status_code == 200
        assert answer.headers["Cache-Control"] == "public, max-age=60", url


def test_errors_and_health_are_never_stored(client):
    for url in ["/api/search?locale=xx", "/api/articles/no/such", "/en/articles/no/such", "/healthz"]:
        assert client.get(url).headers["Cache-Control"] == "no-store", url


def test_images_only_from_the_site(client):
    policy = client.get("/en/").headers["Content-Security-Policy"]
    image_rule = next(rule for rule in policy.split("; ") if rule.startswith("img-src"))
    assert image_rule.split() == ["img-src", "'self'", "data:"]
