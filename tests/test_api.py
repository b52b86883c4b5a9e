from web import create_app


def test_search_api_json_shape(client):
    data = client.get("/api/search?q=конференцию&locale=ru").get_json()
    assert set(data) >= {"query", "locale", "total", "corrected_query", "results", "categories"}
    assert data["query"] == "конференцию" and data["locale"] == "ru"
    assert data["total"] == len(data["results"]) > 0
    hit = data["results"][0]
    assert set(hit) == {
        "id",
        "locale",
        "title",
        "category",
        "url",
        "score",
        "snippet",
        "translated",
        "fallback",
        "stale",
    }
    assert isinstance(hit["score"], float)
    assert set(data["categories"][0]) == {"id", "name", "count"}


def test_search_api_matches_cli_json(client, index_dir, capsys):
    from search.__main__ import main

    main(["--index", str(index_dir), "--locale", "ru", "--json", "cloud", "recording"])
    import json

    cli = json.loads(capsys.readouterr().out)
    api = client.get("/api/search?q=cloud recording&locale=ru").get_json()
    assert cli == api


def test_the_command_says_did_you_mean_unless_it_searched_the_correction(index_dir, capsys):
    from search.__main__ import main

    main(["--index", str(index_dir), "join", "breakot"])  # "join" alone finds something
    assert capsys.readouterr().out.startswith("did you mean: join breakout\n")
    main(["--index", str(index_dir), "cloud", "recordin"])
    assert capsys.readouterr().out.startswith("showing results for: cloud recording\n")
    main(["--index", str(index_dir), "privacy", "security"])  # a snippet as text, not HTML
    assert "System Settings > Privacy & Security > Microphone" in capsys.readouterr().out


def test_search_api_filters_and_pages(client):
    data = client.get("/api/search?q=meeting&locale=en&category=recording&page=1").get_json()
    assert data["results"] and {r["category"] for r in data["results"]} == {"recording"}
    assert client.get("/api/search?q=meeting&page=abc").status_code == 200


def test_missing_index_is_a_503(tmp_path):
    app = create_app({"INDEX_DIR": str(tmp_path / "none"), "TESTING": True})
    client = app.test_client()
    api = client.get("/api/search?q=x")
    assert api.status_code == 503 and api.get_json()["error"] == "index_unavailable"
    page = client.get("/en/search?q=x")
    assert page.status_code == 503 and "temporarily unavailable" in page.text
    assert client.get("/api/search?q=x&locale=xx").status_code == 400  # bad with or without an index


def test_broken_index_is_a_503(tmp_path):
    root = tmp_path / "index"
    (root / "gen-1").mkdir(parents=True)
    (root / "CURRENT").write_text("gen-1\n")
    client = create_app({"INDEX_DIR": str(root), "TESTING": True}).test_client()
    assert client.get("/api/search?q=x").status_code == 503


def test_search_page_and_article_pages(client):
    page = client.get("/ru/search?q=конференцию")
    assert page.status_code == 200 and "Подключение к конференции" in page.text
    fallback = client.get("/ru/articles/recording/cloud-recording")
    assert fallback.status_code == 200 and "не переведена" in fallback.text
    assert client.get("/ru/articles/nope/nothing").status_code == 404


def test_json_is_utf8_not_escaped(client):
    raw = client.get("/api/search?q=конференцию&locale=ru").data
    assert "конференцию".encode() in raw and b"\\u04" not in raw


def test_api_errors_are_json_and_page_errors_are_html(client):
    for url, code in [("/api/search?locale=xx", 400), ("/api/articles/no/such", 404), ("/api/nothing", 404)]:
        answer = client.get(url)
        assert (answer.status_code, answer.mimetype) == (code, "application/json")
        assert answer.get_json()["error"]
    assert client.post("/api/search").mimetype == "application/json"
    for url in ["/en/nothing", "/xx/", "/en/articles/no/such"]:
        answer = client.get(url)
        assert (answer.status_code, answer.mimetype) == (404, "text/html")
    answer = client.post("/en/search?q=x")
    assert (answer.status_code, answer.mimetype) == (405, "text/html")


def test_unavailable_answers_hide_internals(tmp_path):
    client = create_app({"INDEX_DIR": str(tmp_path / "secret-place"), "TESTING": True}).test_client()
    for url in ["/api/search?q=x", "/healthz", "/en/search?q=x"]:
        answer = client.get(url)
        assert answer.status_code == 503 and "secret-place" not in answer.text and "Error" not in answer.text


def test_settings_come_from_prefixed_environment(monkeypatch, index_dir):
    monkeypatch.setenv("SPRAVKA_INDEX_DIR", str(index_dir))
    monkeypatch.setenv("SPRAVKA_PER_PAGE", "3")
    app = create_app({"TESTING": True})
    assert app.config["INDEX_DIR"] == str(index_dir) and app.config["PER_PAGE"] == 3
    assert len(app.test_client().get("/api/search?q=meeting").get_json()["results"]) == 3
