"""Article HTML is inert: known mutation-XSS payloads, written into articles,
come out harmless both in the stored HTML the API hands out and on the
article page, and no article can take the site's own ids or classes.

Pages are parsed with html5lib, which follows the HTML standard's parsing
algorithm as browsers do, so what is checked is what a browser would build.
"""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup

from indexer.build import build_index
from indexer.docs_markdown import NOTE_CLASSES
from web import create_app

# (name, markdown body). Each hides something that would run, navigate or
# restyle the page if it reached the browser as markup.
PAYLOADS = [
    ("section-text", "<section>&lt;img src=x onerror=alert(1)&gt;</section>"),
    ("center-text", "<center>&lt;img src=x onerror=alert(2)&gt;</center>"),
    ("aside-text", "<aside>&lt;script&gt;alert(3)&lt;/script&gt;</aside>"),
    ("noscript-attr", '<noscript><p title="</noscript><img src=x onerror=alert(4)>"></noscript>'),
    ("noscript-text", "<noscript>&lt;img src=x onerror=alert(5)&gt;</noscript>"),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example/">'),
    (
        "meta-refresh-escaped",
        '<section>&lt;meta http-equiv="refresh" content="0;url=https://evil.example/"&gt;</section>',
    ),
    ("svg-style", "<svg><style><img src=x onerror=alert(7)></style></svg>"),
    (
        "math-mglyph",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(8)></style>"
        "</mglyph></table></mtext></math>",
    ),
    ("svg-p-style", '<svg></p><style><a id="</style><img src=1 onerror=alert(9)>">'),
    (
        "math-textarea",
        '<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=alert(10) src=1>">'
        "</path></textarea></mtext></svg></mglyph></mi></math>",
    ),
    ("style", "<style><img src=x onerror=alert(11)></style>"),
    ("template", "<template><img src=x onerror=alert(12)></template>"),
    ("xmp", '<xmp><p title="</xmp><img src=x onerror=alert(13)>"></xmp>'),
    ("plaintext", "<plaintext><img src=x onerror=alert(14)>"),
    ("js-tab-entity", '<a href="jav&#x09;ascript:alert(15)">x</a>'),
    ("js-decimal-entity", '<a href="&#106;avascript:alert(16)">x</a>'),
    ("js-leading-space", '<a href=" javascript:alert(17)">x</a>'),
    ("js-markdown-link", "[x](javascript:alert(18))"),
    ("js-mixed-case", '<a href="JaVaScRiPt:alert(19)">x</a>'),
    ("js-markdown-angle", "[x](<javascript:alert(20)>)"),
    ("js-markdown-image", "![x](javascript:alert(21))"),
    ("data-link", '<a href="data:text/html,&lt;script&gt;alert(22)&lt;/script&gt;">x</a>'),
    ("data-image", '<img src="data:image/svg+xml,&lt;svg onload=alert(23)&gt;">'),
    ("vbscript", '<a href="vbscript:msgbox(24)">x</a>'),
    ("iframe-srcdoc", '<iframe srcdoc="&lt;script&gt;alert(25)&lt;/script&gt;"></iframe>'),
    ("form", '<form action="https://evil.example/"><input name="q"><button>Go</button></form>'),
    ("img-onerror", '<img src=x onerror="alert(27)">'),
    ("details-ontoggle", "<details open ontoggle=alert(28)><summary>s</summary></details>"),
    ("base", '<base href="https://evil.example/">'),
    ("comment", "<!--><img src=x onerror=alert(30)>-->"),
    ("object", '<object data="javascript:alert(31)"></object>'),
    ("svg-xlink", '<svg><a xlink:href="javascript:alert(32)"><text y="20">x</text></a></svg>'),
    ("split-script", "<scr<script>ipt>alert(33)</script>"),
    ("style-attr", '<p style="background:url(javascript:alert(34))">x</p>'),
    ("fake-banner", '<div class="banner" id="q" role="note">Your account is locked: call us</div>'),
    ("link-stylesheet", '<link rel="stylesheet" href="https://evil.example/x.css">'),
]
SAFE_SCHEMES = ("http:", "https:", "mailto:")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "xlink:href", "srcdoc", "background")
FORBIDDEN_TAGS = {
    "script",
    "style",
    "meta",
    "link",
    "base",
    "iframe",
    "object",
    "embed",
    "form",
    "input",
    "button",
    "svg",
    "math",
    "template",
    "noscript",
    "xmp",
    "plaintext",
    "textarea",
}


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html5lib")


def assert_inert(root) -> None:
    """No element under ``root`` can run code, navigate, or pass for the site."""
    for element in root.find_all(True):
        assert element.name not in FORBIDDEN_TAGS, element
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), element
            assert name.lower() not in ("style", "http-equiv", "srcdoc"), element
            if name.lower() == "class":  # only the notes of `::: tip` containers
                assert set(value) <= NOTE_CLASSES, element
            if name.lower() in URL_ATTRIBUTES:
                # What a browser sees: control characters and spaces dropped.
                url = "".join(ch for ch in value if ch > " ").lower()
                assert ":" not in url.split("/", 1)[0] or url.startswith(SAFE_SCHEMES), element


@pytest.fixture(scope="module")
def client(request, tmp_path_factory):
    corpus = tmp_path_factory.mktemp("payloads") / "corpus"
    shutil.copytree(request.config.rootpath / "tests/fixtures/corpus", corpus)
    for name, body in PAYLOADS:
        (corpus / "en/audio" / f"x-{name}.md").write_text(
            f"---\ntitle: Payload {name}\n---\n\nBefore.\n\n{body}\n\nAfter.\n", encoding="utf-8"
        )
    root = tmp_path_factory.mktemp("payload-index")
    build_index(corpus, root)
    app = create_app({"TESTING": True, "INDEX_DIR": str(root), "INDEX_CHECK_INTERVAL": 0.0})
    return app.test_client()


@pytest.mark.parametrize(("name", "body"), PAYLOADS, ids=[name for name, _ in PAYLOADS])
def test_payload_is_inert_in_the_api(client, name, body):
    answer = client.get(f"/api/articles/audio/x-{name}")
    assert answer.status_code == 200
    stored = answer.get_json()["html"]
    assert_inert(parse(stored).body)
    assert "After." in stored  # nothing swallowed the rest of the article


@pytest.mark.parametrize(("name", "body"), PAYLOADS, ids=[name for name, _ in PAYLOADS])
def test_payload_is_inert_on_the_article_page(client, name, body):
    answer = client.get(f"/en/articles/audio/x-{name}")
    assert answer.status_code == 200
    page = parse(answer.get_data(as_text=True))
    # The article's own HTML; the site's forms around it are not the payload's.
    assert_inert(page.select_one("article .article-body"))
    assert page.find("meta", attrs={"http-equiv": True}) is None
    assert len(page.find_all(id="q")) == 1  # the site's search box, and only it


def test_headings_keep_prefixed_ids_that_the_table_of_contents_uses(corpus_copy, tmp_path):
    corpus = corpus_copy
    (corpus / "en/audio/clash.md").write_text(
        "---\ntitle: Clash\n---\n\nSee [below](#popular) and [echo](echo.md#fix).\n\n"
        '## Popular\n\nText.\n\n<h2 id="q">Search here</h2>\n\nMore.\n\n## Content {#content}\n\nEnd.\n',
        encoding="utf-8",
    )
    build_index(corpus, tmp_path / "index")
    app = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index"), "INDEX_CHECK_INTERVAL": 0.0})
    page = parse(app.test_client().get("/en/articles/audio/clash").get_data(as_text=True))

    ids = [element["id"] for element in page.find_all(id=True)]
    assert len(ids) == len(set(ids)), ids
    body = page.select_one("article .article-body")
    headings = [h["id"] for h in body.find_all("h2")]
    assert headings == ["h-popular", "h-q", "h-content"]
    toc = [a["href"] for a in page.find("nav", class_="toc").find_all("a")]
    assert toc == [f"#{anchor}" for anchor in headings]
    links = [a["href"] for a in body.find_all("a")]
    assert links == ["#h-popular", "/en/articles/audio/echo#h-fix"]
