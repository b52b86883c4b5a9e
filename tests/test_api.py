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
