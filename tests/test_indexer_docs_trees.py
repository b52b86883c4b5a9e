"""Documentation trees as their authors keep them (MkDocs, VitePress,
Docusaurus): optional front matter, titles from the first heading, custom
heading ids, containers, unknown components, folder overviews, warnings."""

from __future__ import annotations

import html
import os
import random
import re
import time
from pathlib import Path

import pytest

from indexer.__main__ import main as indexer_main
from indexer.callouts import callouts
from indexer.check import check_corpus
from indexer.corpus import load_corpus
from indexer.docs_markdown import (
    CODE_LESS_THAN,
    MAX_LIST_LEVELS,
    CommonMarkLists,
    ListIndents,
    _code_tags_hidden,
)
from indexer.includes import MAX_INCLUDES
from indexer.render import render
from search.index.store import IndexHandle
from search.query.engine import search

VUE_DOCS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "vuejs-docs"

PAGE = """<!-- generated from the API docs -->
<script setup>
import Intro from './Intro.vue'
</script>

# Computed Properties {#computed-properties}

<VueSchoolLink href="https://example.com/lesson" title="Free lesson"/>

<Intro>Meet the intro component.</Intro>

## Basic Example{#basic}

::: tip Watch out
Getters should be **side-effect free**.
:::

:::warning
Avoid mutating computed values.
:::

::: details More about caching
Cached until a dependency changes.
:::

```js{1,3}
const total = computed(() => a + b)
```

The text after the code block.

<div class="options-api">

## Options API {#options}

Inside a CommonMark HTML block.

</div>
"""


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_vitepress_page_renders_as_its_authors_meant():
    page = render(PAGE, "guide")
    assert page.title == "Computed Properties"
    assert "<h1" not in page.html  # the site shows the title itself
    assert [(level, anchor) for level, anchor, _ in page.toc] == [(2, "h-basic"), (2, "h-options")]
    assert page.headings == ["Basic Example", "Options API"]
    for shown in (page.html, page.text, *page.headings):
        assert "{#" not in shown and ":::" not in shown
    assert '<div class="note note-tip" role="note">' in page.html
    assert '<div class="note note-warning" role="note">' in page.html
    assert "<summary>More about caching</summary>" in page.html
    assert "<strong>side-effect free</strong>" in page.html
    assert "Meet the intro component." in page.text
    assert "const total = computed" in page.text
    assert "<p>The text after the code block.</p>" in page.html  # the fence closed where it should
    assert "<p>Inside a CommonMark HTML block.</p>" in page.html


def test_pages_without_front_matter_take_their_heading_or_file_name(corpus_copy):
    write(corpus_copy / "en/audio/headed.md", "# Headed page\n\nText.\n")
    write(corpus_copy / "en/audio/bare-page.md", "Just text.\n")
    write(corpus_copy / "en/audio/index.md", "# Audio overview\n\nAll about sound.\n")
    write(corpus_copy / "en/audio/both.md", "---\ntitle: Front title\n---\n# Page heading\n\nText.\n")
    corpus = load_corpus(corpus_copy)
    assert corpus.problems == []
    articles = {a.id: a for a in corpus.articles}
    assert articles["audio/headed"].title == "Headed page"
    assert articles["audio/bare-page"].title == "Bare page"
    assert articles["audio"].title == "Audio overview" and articles["audio"].category == "audio"
    assert articles["audio/both"].title == "Front title"
    assert articles["audio/both"].headings == ["Page heading"]  # still searchable


def test_links_to_a_folder_overview_use_the_folder_id(corpus_copy):
    write(corpus_copy / "en/audio/index.md", "# Audio\n")
    write(corpus_copy / "en/meetings/intro.md", "# Intro\n\nSee [audio](../audio/index.md#top).\n")
    article = next(a for a in load_corpus(corpus_copy).articles if a.id == "meetings/intro")
    assert article.links == ["article:audio#h-top"]


@pytest.mark.parametrize("key", ["Заголовок", "tittle", "titel", "Title"])
def test_a_title_key_misspelled_or_translated_is_a_warning(corpus_copy, tmp_path, capsys, key):
    write(corpus_copy / "ru/audio/echo.md", f"---\n{key}: Эхо\nupdated: 2026-01-20\n---\n# Эхо\n\nТекст.\n")
    index = str(tmp_path / "ix")
    assert indexer_main(["build", "--corpus", str(corpus_copy), "--index", index]) == 0
    err = capsys.readouterr().err
    assert f"ru/audio/echo.md:2: warning: front-matter key {key!r} looks like a misspelled" in err
    assert "1 warning(s)" in err
    assert indexer_main(["build", "--strict", "--corpus", str(corpus_copy), "--index", index]) == 1
    assert "ru/audio/echo.md:2: warning" in capsys.readouterr().err


def test_keys_that_only_resemble_title_are_not_warned_about(corpus_copy):
    write(corpus_copy / "en/audio/keys.md", "---\ntitle: T\ntable: x\ntitleTemplate: y\nsubtitle: z\n---\n")
    assert load_corpus(corpus_copy).problems == []


@pytest.mark.skipif(
    not VUE_DOCS.is_dir(), reason=f"no Vue.js docs tree at {VUE_DOCS.name} beside the repository"
)
def test_the_vue_docs_tree_builds_strictly_as_it_is(tmp_path, capsys):
    root = tmp_path / "vue-ix"
    assert indexer_main(["build", "--strict", "--corpus", str(VUE_DOCS), "--index", str(root)]) == 0
    pages = sum(1 for locale in ("en", "ru") for _ in (VUE_DOCS / locale).rglob("*.md"))
    assert f"indexed {pages} articles" in capsys.readouterr().out
    generation = IndexHandle(root).get()
    for docnum in range(generation.doc_count):
        document = generation.stored(docnum)
        shown = [document["title"], document["headings"], *(title for _, _, title in document["toc"])]
        assert not any("{#" in text or ":::" in text for text in shown), document["path"]
    found = search(generation, "вычисляемые свойства", locale="ru").results[0]
    assert (found.id, found.locale) == ("guide/essentials/computed", "ru")


def test_commonmark_escapes_and_code_indented_under_list_items_keep_the_page():
    # `\<script setup>` is text, and a `<script setup>` inside a fence
    # indented under a list item is code: neither may swallow the page.
    page = (
        "# \\<script setup> {#script-setup}\n\n"
        "- **Example**\n\n"
        "  ```vue\n"
        "  <script setup>\n"
        "  const n = ref(0)\n"
        "  </script>\n"
        "  ```\n\n"
        "  ### Details {#details}\n\n"
        "The text after the list is kept.\n"
    )
    rendered = render(page, "api")
    assert rendered.title == "<script setup>"
    assert "const n = ref(0)" in rendered.text
    assert "The text after the list is kept." in rendered.text
    assert "<pre><code" in rendered.html and "&lt;script setup&gt;" in rendered.html
    assert (3, "h-details", "Details") in rendered.toc
    assert "h-script-setup" in rendered.anchors  # the lifted title's anchor stays


@pytest.mark.parametrize(
    ("href", "stored"),
    [
        ("/guide/intro#setup", "article:guide/intro#h-setup"),
        ("./intro.html", "article:api/intro"),
        ("../guide/", "article:guide"),
        ("../img/flow.png", "../img/flow.png"),
        ("https://example.com/x", "https://example.com/x"),
        # A localized site's address: MDN's (its files are the slug in lower case), Docusaurus's.
        ("/en-US/docs/Web/API/Fetch_API#examples", "article:web/api/fetch_api#h-examples"),
        ("/ru/docs/intro", "article:intro"),
        ("/ru/guides/Cards/#grids", "article:guides/Cards#h-grids"),  # Starlight's, VitePress's
        ("/docs/intro", "article:docs/intro"),  # no locale: a path from the locale's folder
        ("/js/docs/API", "article:js/docs/API"),  # not a locale of the help center
    ],
)
def test_clean_urls_and_published_pages_are_links_to_articles(href, stored):
    assert render(f"See [it]({href}).\n", "api").links == [stored]


def test_a_docusaurus_tree_of_mdx_pages_indexes_as_written(tmp_path):
    # Docusaurus writes `.mdx` (and reads `.md` as MDX): imports and one-line
    # exports are code for its build, JSX components hold the text.
    root = tmp_path / "docs"
    write(
        root / "en/install/setup.mdx",
        "---\nsidebar_position: 2\n---\n"
        "import Tabs from '@theme/Tabs';\n"
        'import TabItem from "@theme/TabItem";\n'
        "export const version = '3.1';\n\n"
        "# Install the desktop app\n\n"
        '<Tabs>\n<TabItem value="mac" label="macOS">\n\nDrag the app to Applications.\n\n'
        "</TabItem>\n</Tabs>\n\n"
        "See [the overview](./overview.markdown) and [import rules](#import-rules).\n\n"
        "## Import rules\n\nTo import your contacts from a file, open Settings.\n\n"
        "```js\nimport Tabs from '@theme/Tabs';\n```\n",
    )
    write(root / "en/install/overview.markdown", "# Overview\n\nBack to [setup](setup.mdx#import-rules).\n")
    corpus = load_corpus(root)
    assert corpus.problems == []
    pages = {a.id: a for a in corpus.articles}
    assert sorted(pages) == ["install/overview", "install/setup"]
    setup = pages["install/setup"]
    assert setup.title == "Install the desktop app"
    assert "Drag the app to Applications." in setup.body
    assert "To import your contacts from a file" in setup.body  # prose that starts with the word stays
    assert "@theme/Tabs" not in setup.body.replace("import Tabs from '@theme/Tabs';", "", 1)  # only the code
    assert "version = '3.1'" not in setup.body
    assert indexer_main(["check", "--corpus", str(root), "--strict", "--index", str(tmp_path / "index")]) == 0


def test_mdx_imports_and_exports_over_several_lines_are_code_for_the_build():
    page = (
        "import {\n  PackageManagerTabs,\n  Highlight,\n} from '@site/src/components';\n"
        "export const Badge = ({children, color}) => (\n  <span style={{color: color}}>\n"
        "    {children}\n  </span>\n);\n"
        "export const metadata = {\n  title: 'Routing',\n}\n"
        'export { Demo } from "./demo";\n\n'
        "# Routing\n\nPages are routes. You can export default settings to a file.\n"
    )
    rendered = render(page, "docs")
    assert rendered.title == "Routing"  # the heading is the page's first line again
    shown = "<pre><code>import { ref } from 'vue'\n\nexport default {\n  setup() {}\n}\n</code></pre>\n"
    assert "export default {" in render(f"# Code\n\n{shown}", "docs").text  # code in raw HTML stays
    assert rendered.text == "Pages are routes. You can export default settings to a file."


def test_a_hugo_tree_with_toml_front_matter_and_index_pages(tmp_path):
    root = tmp_path / "site"
    write(
        root / "en/install/_index.md",
        '+++\ntitle = "Installing"\ntags = ["setup", "desktop"]\nupdated = 2026-03-01\n+++\n\nStart here.\n',
    )
    write(
        root / "en/install/windows.md", '+++\ntitle = "On Windows"\nweight = 2\n+++\n\nRun the installer.\n'
    )
    write(root / "en/install/broken.md", '+++\ntitle = "Broken"\ntags = [\n+++\n\nText.\n')
    corpus = load_corpus(root)
    pages = {a.id: a for a in corpus.articles}
    overview = pages["install"]
    assert (overview.title, overview.tags, str(overview.updated)) == (
        "Installing",
        ["setup", "desktop"],
        "2026-03-01",
    )
    assert overview.body.strip() == "Start here." and "+++" not in pages["install/windows"].body
    assert pages["install/windows"].title == "On Windows"
    [problem] = [str(p) for p in corpus.problems]
    assert problem.startswith(
        "en/install/broken.md:4: warning: invalid front matter"
    )  # the list never closed
    assert pages["install/broken"].title == "Broken" and pages["install/broken"].body.strip() == "Text."


MKDOCS_PAGE = """# Recording

!!! warning "Before you record"
    Ask everyone for consent.

    ??? tip "Where files go"
        Recordings are saved to the cloud.

        ```sh
        !!! not a note, code
        ```

=== "Windows"
    Open the tray menu.

=== "macOS"
    Open the menu bar.

!!! this line is prose, with nothing indented under it
"""


def test_mkdocs_admonitions_folds_and_tabs_are_notes_and_labels():
    rendered = render(MKDOCS_PAGE, "guide")
    page = rendered.html
    assert '<div class="note note-warning" role="note">' in page
    assert "<strong>Before you record</strong>" in page and "<p>Ask everyone for consent.</p>" in page
    # The fold sits inside the warning, with its code block as code.
    fold = page.index("<details>")
    assert page.index("Ask everyone") < fold < page.index("</div>")
    assert "<summary>Where files go</summary>" in page
    assert "<pre><code>!!! not a note, code\n</code></pre>" in page
    assert "<p><strong>Windows</strong></p>\n<p>Open the tray menu.</p>" in page
    assert "<p>!!! this line is prose, with nothing indented under it</p>" in page
    assert "!!!" not in rendered.text.replace("!!! not a note", "").replace("!!! this line", "")
    assert "===" not in rendered.text


def test_a_tab_whose_code_the_site_reads_in_from_a_file_is_left_out_label_and_all():
    # FastAPI's pages: one tab per Python version, each only an include.
    page = "\n".join(
        [
            "# Update",
            "",
            "Use the encoder:",
            "",
            '=== "Python 3.10+"',
            "",
            '    ```Python hl_lines="3"',
            "    {!> ../../docs_src/body_updates/tutorial001_py310.py!}",
            "    ```",
            "",
            '=== "Python 3.8+"',
            "",
            "    Needs `typing.Union`.",
            "",
            "/// tab | Python 3.9+",
            "{!> ../../docs_src/body_updates/tutorial001_py39.py!}",
            "///",
            "",
            '<TabItem value="py">',
            "",
            "{* ../../docs_src/body_updates/tutorial001.py *}",
            "",
            "</TabItem>",
            "",
            "Then return it.",
        ]
    )
    rendered = render(page, "update")
    assert "Python 3.10+" not in rendered.text and "Python 3.9+" not in rendered.text
    assert "py" not in rendered.text.split()  # the Docusaurus tab's value, over nothing
    assert "<p><strong>Python 3.8+</strong></p>" in rendered.html  # a tab with text keeps its label
    assert rendered.text.split("\n")[-1] == "Then return it."
    # A titled section is no tab: its title is text of its own, body or not.
    steps = render('<Step title="Open the Settings page">\n</Step>\n\nDone.', "steps")
    assert "Open the Settings page" in steps.text


def test_pymdownx_blocks_are_notes_folds_and_tabs():
    page = (
        "# Record\n\n/// warning | Before you record\nAsk *everyone*.\n///\n\n"
        "/// admonition | Storage\n    type: tip\n\nFiles go to the cloud.\n///\n\n"
        "/// details | Where files go\n    open: True\nTo Documents.\n///\n\n"
        "/// tab | Windows\nOpen the tray.\n///\n\n/// html | div\nPlain text.\n///\n\n"
        "//// note\nOuter.\n/// tip\nInner.\n///\n////\n\n```\n/// note\n```\n\n/// danger\nnever closed\n"
    )
    rendered = render(page, "guide")
    html = rendered.html
    assert '<div class="note note-warning" role="note">\n<p><strong>Before you record</strong></p>' in html
    assert '<div class="note note-tip" role="note">\n<p><strong>Storage</strong></p>' in html
    assert "<details>\n<summary>Where files go</summary>\n<p>To Documents.</p>" in html
    assert "<p><strong>Windows</strong></p>\n<p>Open the tray.</p>" in html
    assert "<p>Plain text.</p>" in html and "type: tip" not in rendered.text
    # A longer fence holds a block inside; a fence in code, or one never closed, is text.
    assert html.index('class="note note-tip" role="note">\n<p><strong>Tip') > html.index("Outer.")
    assert "<code>/// note\n</code>" in html and "<p>/// danger\nnever closed</p>" in html


def test_alerts_directives_and_template_tags_of_other_sites():
    page = (
        "# Sharing\n\n"
        "> [!IMPORTANT]\n> Close private windows first.\n\n"
        "> A quotation stays a quotation.\n\n"
        "```{note} Screen size\n:class: dropdown\nLarge screens are scaled down.\n```\n\n"
        ":::{tip}\nPress Alt+S.\n:::\n\n"
        '{{< alert title="Careful" color="warning" >}}\nSharing shows notifications.\n{{< /alert >}}\n\n'
        '{% hint style="info" %}\nViewers can zoom in.\n{% endhint %}\n\n'
        '{{< figure src="share.png" >}}\n{% include "footer.md" %}\n\n'
        'See [audio]({{< ref "audio/share-sound.md" >}}).\n\n'
        "- [x] Pick a window\n- [ ] Start sharing\n\n"
        '```liquid\n{% include "kept.md" %}\n```\n'
    )
    rendered = render(page, "sharing")
    html, text = rendered.html, rendered.text
    assert '<div class="note note-important" role="note">' in html and "Close private windows first." in text
    assert "<blockquote>\n<p>A quotation stays a quotation.</p>\n</blockquote>" in html
    assert "<strong>Screen size</strong>" in html and ":class:" not in text
    assert "Large screens are scaled down." in text
    assert '<div class="note note-tip" role="note">' in html and "{tip}" not in text
    assert '<div class="note note-warning" role="note">\n<p><strong>Careful</strong></p>' in html
    assert '<div class="note note-info" role="note">' in html and "Viewers can zoom in." in text
    assert (
        "figure" not in text
        and "footer.md" not in text
        and "{%" not in text.replace('{% include "kept.md" %}', "")
    )
    assert rendered.links == ["article:audio/share-sound"]
    assert "☑ Pick a window" in text and "☐ Start sharing" in text
    assert '{% include "kept.md" %}' in text  # code stays as written


def test_a_material_for_mkdocs_tree_indexes_and_finds_text_inside_notes(tmp_path):
    root = tmp_path / "docs"
    write(root / "en/recording/consent.md", MKDOCS_PAGE)
    write(
        root / "ru/recording/consent.md",
        '# Запись\n\n!!! warning "Перед записью"\n    Спросите согласия у всех.\n',
    )
    assert indexer_main(["build", "--corpus", str(root), "--index", str(tmp_path / "index")]) == 0
    generation = IndexHandle(tmp_path / "index").get()
    for query, locale in (("consent", "en"), ("menu bar", "en"), ("согласие", "ru")):
        response = search(generation, query, locale=locale)
        assert [hit.id for hit in response.results] == ["recording/consent"], query


def test_words_find_the_name_in_code_they_make_up(tmp_path):
    # Reference pages name things in code; a reader asks in words.
    root = tmp_path / "docs"
    write(root / "en/api/refs.md", "# Refs\n\nWrap a value with `useDebouncedRef(value, delay)`.\n")
    write(root / "en/guide/forms.md", "# Forms\n\nA form keeps its value in a ref.\n")
    assert indexer_main(["build", "--corpus", str(root), "--index", str(tmp_path / "index")]) == 0
    generation = IndexHandle(tmp_path / "index").get()
    response = search(generation, "debounced ref", locale="en")
    assert [hit.id for hit in response.results][0] == "api/refs"
    assert "<mark>useDebouncedRef</mark>" in response.results[0].snippet
    assert search(generation, "useDebouncedRef", locale="en").results[0].id == "api/refs"


def test_just_the_docs_callouts_and_kramdown_extensions():
    page = (
        "# Audio\n\n"
        "* TOC\n{:toc}\n\n"
        "{: .important }\nMute yourself in large meetings.\n\n"
        "{: .note-title }\n> Echo\n>\n> Headphones stop echo.\n\n"
        "{::comment}\nDraft: rewrite this section.\n{:/comment}\n\n"
        "{: #levels }\nLevels are set per device.\n\n"
        "A trailing list of attributes stays with its paragraph.\n{: .warning }\n\n"
        "Done :material-check-bold: works.\n"
    )
    rendered = render(page, "audio")
    html, text = rendered.html, rendered.text
    assert '<div class="note note-important" role="note">' in html and "Mute yourself" in text
    assert '<div class="note note-note" role="note">\n<p><strong>Echo</strong></p>' in html
    assert "Headphones stop echo." in text
    assert "TOC" not in text and "Draft" not in text and "{:" not in text
    assert "<p>Levels are set per device.</p>" in html
    assert "<p>A trailing list of attributes stays with its paragraph.</p>" in html
    assert "Done works." in text and "material" not in text


def test_pages_at_the_top_of_a_tree_and_its_navigation_files(tmp_path):
    # A real tree has its home page and an FAQ at the top, in no folder, and
    # GitBook, mdBook or docsify keep their navigation in Markdown files.
    root = tmp_path / "docs"
    write(root / "en/index.md", "# Welcome\n\nStart with [the FAQ](faq.md).\n")
    write(root / "en/faq.md", "# FAQ\n\nHow do I reset my password?\n")
    write(root / "ru/faq.md", "# Вопросы\n\nКак сбросить пароль?\n")
    write(root / "en/setup/install.md", "# Install\n\nRun the installer.\n")
    write(root / "en/SUMMARY.md", "# Summary\n\n* [FAQ](faq.md)\n")
    write(root / "en/_sidebar.md", "* [Install](setup/install.md)\n")
    corpus = load_corpus(root)
    assert corpus.problems == []
    pages = {(a.locale, a.id): a.category for a in corpus.articles}
    assert pages == {
        ("en", "index"): "general",
        ("en", "faq"): "general",
        ("ru", "faq"): "general",
        ("en", "setup/install"): "setup",
    }
    general = next(c for c in corpus.categories if c.id == "general")
    assert general.names == {"en": "General", "ru": "Общее"}
    assert indexer_main(["build", "--corpus", str(root), "--strict", "--index", str(tmp_path / "index")]) == 0


def test_a_top_page_needs_a_category_when_categories_are_listed(tmp_path):
    root = tmp_path / "docs"
    write(root / "categories.yml", "- id: setup\n  order: 1\n  name: Setup\n")
    write(root / "en/faq.md", "# FAQ\n\nText.\n")
    [problem] = [str(p) for p in load_corpus(root).problems]
    assert problem == "en/faq.md:1: article has no category (no folder, no `category:`)"


def test_file_names_with_spaces_or_cyrillic_and_the_site_tooling(tmp_path):
    root = tmp_path / "docs"
    write(
        root / "en/Getting Started/First Call.md",
        "# First call\n\nSee [the FAQ](../Getting%20Started/Частые%20вопросы.md).\n",
    )
    write(root / "en/Getting Started/Частые вопросы.md", "# FAQ\n\nAnswers.\n")
    write(root / "ru/Getting Started/First Call.md", "# Первый звонок\n\nТекст.\n")
    write(root / "en/.vitepress/theme/Layout.md", "# Theme notes\n")
    write(root / "en/guide/node_modules/pkg/README.md", "# A package\n")
    corpus = load_corpus(root)
    assert corpus.problems == []
    ids = sorted((a.locale, a.id) for a in corpus.articles)
    assert ids == [
        ("en", "getting-started/chastye-voprosy"),
        ("en", "getting-started/first-call"),
        ("ru", "getting-started/first-call"),
    ]
    first = next(a for a in corpus.articles if a.id == "getting-started/first-call" and a.locale == "en")
    assert first.translated and first.links == ["article:getting-started/chastye-voprosy"]


def test_a_folder_that_cannot_be_read_is_a_warning_and_the_rest_is_read(tmp_path, monkeypatch):
    root = tmp_path / "docs"
    write(root / "en/guide/intro.md", "# Intro\n\nText.\n")
    write(root / "en/locked/page.md", "# Locked\n")
    scandir = os.scandir

    def denied(path):  # as for another user's folder (root reads any)
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", denied)
    corpus = load_corpus(root)
    assert [a.id for a in corpus.articles] == ["guide/intro"]
    assert [str(p) for p in corpus.problems] == [
        "en/locked:0: warning: cannot read folder (Permission denied): its pages are not indexed"
    ]


@pytest.mark.parametrize(
    ("page", "kept_as_code"),
    [
        # Quarto and MyST open code with a directive: it stays code.
        ("```{python}\n# setup\nx = 1\n```\n", "# setup\nx = 1"),
        ("```{code-block} bash\npip install *spravka*\n```\n", "pip install *spravka*"),
        # A callout written inside an indented code block is an example.
        ('Write a note:\n\n    !!! note "Title"\n        Body.\n', '!!! note "Title"\n    Body.'),
    ],
)
def test_code_that_looks_like_a_callout_stays_code(page, kept_as_code):
    html = render("# Page\n\n" + page, "guide").html
    assert f"<pre><code>{kept_as_code}" in html.replace("&quot;", '"')
    assert 'role="note"' not in html


def test_a_callout_over_code_and_an_unclosed_comment_keep_the_rest_of_the_page():
    page = (
        "# Page\n\n{: .note }\n```sh\nmake\n\nmake install\n```\n\nAfter the note.\n\n"
        "{::comment}\nDraft\n{:/coment}\n\n## Section\n\nAll the rest. `:material-check:` stays in code.\n"
    )
    rendered = render(page, "guide")
    note = rendered.html.index('role="note"')
    assert note < rendered.html.index("make install") < rendered.html.index("</div>")
    assert rendered.html.index("</div>") < rendered.html.index("After the note.")
    assert "All the rest." in rendered.text and (2, "h-section", "Section") in rendered.toc
    assert "<code>:material-check:</code>" in rendered.html


def test_comments_and_directive_options_of_jekyll_and_myst_are_not_text():
    page = (
        "# Page\n\n{% comment %}\nDraft: ask the audio team.\n{% endcomment %}\n\n"
        "```{warning} Battery\n---\nclass: dropdown\nname: battery\n---\nCharge the headset.\n```\n\n"
        "{% comment %}\nUnclosed, it hides only its opening.\n\nThe end.\n"
    )
    rendered = render(page, "guide")
    assert "Draft" not in rendered.text and "comment" not in rendered.text
    assert "<strong>Battery</strong>" in rendered.html and "Charge the headset." in rendered.text
    assert "dropdown" not in rendered.text and "---" not in rendered.text
    assert "Unclosed, it hides only its opening." in rendered.text and "The end." in rendered.text


def test_placeholders_roles_and_bracketed_titles_of_other_sites():
    page = (
        '# Setup\n\n[[toc]]\n\n<<< @/snippets/setup.js{2}\n\n--8<-- "includes/abbreviations.md"\n\n'
        "See {ref}`Installing <install-label>`, {doc}`intro` and `{kept}` as code.\n\n"
        ":::note[Before you start]\nClose other calls.\n:::\n\n"
        "```text\n[[toc]]\n```\n"
    )
    rendered = render(page, "guide")
    text = rendered.text
    assert text.count("[[toc]]") == 1 and "<pre><code>[[toc]]" in rendered.html  # the one in code
    assert "<<<" not in text and "--8<--" not in text and "snippets" not in text
    assert "See Installing, intro and {kept} as code." in rendered.text
    assert "<code>{kept}</code>" in rendered.html and "install-label" not in rendered.text
    assert "<strong>Before you start</strong>" in rendered.html and "[Before" not in rendered.text


@pytest.mark.parametrize(
    "written, html",
    [
        # Code spans are read before roles, so braces before a backtick in code stay code.
        ("Use `${count}` and `v-bind`.", "<p>Use <code>${count}</code> and <code>v-bind</code>.</p>"),
        ("Write ``s = `${a}` + `b`;`` now.", "<p>Write <code>s = `${a}` + `b`;</code> now.</p>"),
        # A role that shows something literally stays literal; a link's title is text.
        ("Wrap {code}`<div>` and {ref}`__main__ <m>`.", "<p>Wrap <code>&lt;div&gt;</code> and __main__.</p>"),
        # Liquid comments on one line, or ending on a line of text.
        (
            "{% comment %} a {% endcomment %}\n\nKept.\n\n{% comment %}\nb {% endcomment %} Too.",
            "<p>Kept.</p>\n<p>Too.</p>",
        ),
        # An emoji shortcode is a picture, not a word; in code, or between digits, it stays.
        ("Shipped :tada: at 10:30: `:tada:`.", "<p>Shipped  at 10:30: <code>:tada:</code>.</p>"),
        # Prose that looks like an import stays; a block of snippets goes.
        (
            "<<< Back\n\n<<<@/a.js [a.js]\n\n--8<--\na.md\n--8<--\n\nEnd.",
            "<p>&lt;&lt;&lt; Back</p>\n<p>End.</p>",
        ),
    ],
)
def test_other_sites_syntax_leaves_the_rest_of_a_line_as_written(written, html):
    assert render(f"# Page\n\n{written}\n", "guide").html.split("</span>\n", 1)[1].strip() == html


def test_myst_options_of_code_blocks_and_colon_fences_are_not_text():
    page = (
        "# Page\n\n```{code-block} python\n:linenos:\n:caption: Example\nx = 1\n```\n\n"
        ":::{note} Title\n:class: dropdown\nBody text.\n:::\n\n:::note[A] and [B]\nX\n:::\n"
    )
    rendered = render(page, "guide")
    assert "<pre><code>x = 1\n</code></pre>" in rendered.html
    assert (
        "linenos" not in rendered.text and "dropdown" not in rendered.text and "Body text." in rendered.text
    )
    assert "<strong>[A] and [B]</strong>" in rendered.html  # not one title in brackets
    directives = render(':::caution{title="Back up first" .wide}\nX\n:::\n\n:::tip{.wide}\nY\n:::\n', "g")
    assert "<strong>Back up first</strong>" in directives.html and "<strong>Tip</strong>" in directives.html
    assert "{" not in directives.text and ".wide" not in directives.text


def test_tabs_of_docusaurus_and_hugo_keep_their_labels():
    page = (
        '# Quit\n\n<Tabs>\n  <TabItem value="mac" label="macOS" default>\n\nPress Cmd+Q.\n\n'
        "  </TabItem>\n</Tabs>\n\n"
        '{{< tabs >}}\n{{< tab "Linux" >}}\nPress Ctrl+Q.\n{{< /tab >}}\n'
        '{{% tab name="Windows" %}}\nPress Alt+F4.\n{{% /tab %}}\n{{< /tabs >}}\n\n'
        '```jsx\n<TabItem value="kept" label="as code">\n```\n'
    )
    rendered = render(page, "guide")
    for label, body in [("macOS", "Press Cmd+Q."), ("Linux", "Press Ctrl+Q."), ("Windows", "Press Alt+F4.")]:
        assert f"<p><strong>{label}</strong></p>" in rendered.html and body in rendered.text
    assert 'label="as code"' in rendered.html.replace("&quot;", '"')  # code stays as written


def test_a_slugified_page_keeps_its_id_against_an_id_claimed_elsewhere(tmp_path):
    root = tmp_path / "docs"
    write(root / "en/Getting Started/First Call.md", "# First call\n\nText.\n")
    write(root / "en/guide/aaa.md", "---\nid: getting-started/first-call\n---\n# Impostor\n\nText.\n")
    write(root / "ru/Начало/Звонок.md", "# Звонок\n\nТекст.\n")
    corpus = load_corpus(root)
    kept = next(a for a in corpus.articles if a.id == "getting-started/first-call")
    assert kept.title == "First call"
    messages = [str(p) for p in corpus.problems]
    assert any(m.startswith("en/guide/aaa.md:2: warning: duplicate id") for m in messages)
    assert next(a for a in corpus.articles if a.path == "en/guide/aaa.md").id == "guide/aaa"
    assert any("(en/Начало/Звонок.md)" in m for m in messages)  # the file as it is named


@pytest.mark.parametrize(
    "opening",
    [
        '```js title="src/join.js" showLineNumbers',  # Docusaurus
        '``` py title="join.py" hl_lines="2 3"',  # Material for MkDocs
        "```rust,ignore",  # mdBook
        "```{code-cell} ipython3",  # MyST-NB, a directive with an argument
        "~~~ sh {.numberLines}",
    ],
)
def test_a_fence_with_options_opens_and_closes_its_code(opening):
    page = f"# Page\n\n{opening}\nrun()\n{opening[:3]}\n\n## After {{#after}}\n\nThe prose after.\n"
    rendered = render(page, "guide")
    assert "<pre><code>run()\n</code></pre>" in rendered.html
    assert "<p>The prose after.</p>" in rendered.html and (2, "h-after", "After") in rendered.toc


def test_myst_targets_comments_and_directives_that_are_not_notes():
    page = (
        "(notify-label)=\n# Notifications\n\n% Editors: check the screenshots.\n\n"
        "```{toctree}\n:maxdepth: 2\n\nintro\nrules\n```\n\n"
        "````{tab-set}\n```{tab-item} Linux\n:sync: linux\nUse the tray.\n```\n````\n\n"
        "::::{grid} 2\n:::{grid-item-card} Mute\nSilence a channel.\n:::\n::::\n\n"
        "```{figure} rules.png\n:alt: The dialog\n\nThe rules dialog.\n```\n\n"
        ":::{include} ../README.md\n:start-after: intro\n:::\n\n"
        "(rules)=\n## Rules {#rules}\n\n100% of rules apply.\n"
    )
    rendered = render(page, "guide")
    assert rendered.title == "Notifications"
    assert rendered.text.split("\n") == [
        "Linux",
        "Use the tray.",
        "Mute",
        "Silence a channel.",
        "The rules dialog.",
        "Rules",
        "100% of rules apply.",
    ]
    assert "<p><strong>Linux</strong></p>" in rendered.html and 'role="note"' not in rendered.html


def test_just_the_docs_heading_attributes_and_liquid_addresses():
    page = (
        "# Audio devices\n{: .no_toc }\n\n## Contents\n{: .no_toc .text-delta }\n\n"
        "## Levels\n{: #levels }\n\n"
        "Open [settings]({{ site.baseurl }}/guide/settings), [echo]({% link audio/echo.md %}) "
        "or [help]({{ '/help/' | relative_url }}).\n\n"
        "This is {{ site.title }}, page {{ page.title | upcase }}.\n\n"
        "```liquid\n{{ page.title }}\n```\n"
    )
    rendered = render(page, "guide")
    assert rendered.title == "Audio devices" and "{:" not in rendered.text
    assert [anchor for _, anchor, _ in rendered.toc] == ["h-contents", "h-levels"]
    assert rendered.links == ["article:guide/settings", "article:audio/echo", "article:help"]
    assert "<p>This is , page .</p>" in rendered.html
    assert "{{ page.title }}" in rendered.text  # code stays as written


def test_text_a_page_reads_in_from_other_files_is_its_text(tmp_path):
    from indexer.cache import ArticleCache

    write(
        tmp_path / "en/dev/_includes/steps.md", "---\ntitle: Part\n---\nOpen the console.\n\nPress **Run**.\n"
    )
    write(tmp_path / "en/dev/_includes/loop.md", '{% include "loop.md" %}\nLoop.\n')
    write(
        tmp_path / "en/.gitbook/includes/hint.md", '{% hint style="info" %}\nKeep it short.\n{% endhint %}\n'
    )
    write(
        tmp_path / "en/dev/start.md",
        "# Start\n\n1. {% include [Steps](_includes/steps.md) %}\n2. Done.\n\n"
        '{% include "../.gitbook/includes/hint.md" %}\n\n{% include notitle [L](_includes/loop.md) %}\n\n'
        "{% include [Gone](_includes/gone.md) %}\n\n{% include [Out](../../../outside.md) %}\n\n"
        "```\n{% include [Steps](_includes/steps.md) %}\n```\n",
    )
    write(tmp_path.parent / "outside.md", "Secret.\n")
    cache = ArticleCache(tmp_path.parent / "cache.sqlite")
    corpus = load_corpus(tmp_path, cache)
    assert [a.id for a in corpus.articles] == ["dev/start"]  # a folder of parts holds no pages
    start = corpus.articles[0]
    assert start.body == (
        "Open the console.\nPress Run.\nDone.\nInfo\nKeep it short.\nLoop.\n"
        "{% include [Steps](_includes/steps.md) %}"
    )
    assert start.html.count("<li>") == 2 and "Secret" not in start.body
    # A part that changes is read again, though the page did not.
    write(tmp_path / "en/dev/_includes/steps.md", "Open the terminal.\n")
    assert "Open the terminal." in load_corpus(tmp_path, cache).articles[0].body
    # A part named a thousand times is read in a bounded number of times.
    write(tmp_path / "en/dev/many.md", "# Many\n\n" + "{% include [S](_includes/steps.md) %}\n\n" * 1000)
    many = {a.id: a for a in load_corpus(tmp_path).articles}["dev/many"]
    assert many.body.count("Open the terminal.") == MAX_INCLUDES


def test_a_circle_of_links_is_a_warning_not_a_failed_build(tmp_path):
    write(tmp_path / "en/dev/page.md", "# Page\n\n{% include [Loop](a.md) %}\n\nText.\n")
    (tmp_path / "en/dev/a.md").symlink_to("b.md")
    (tmp_path / "en/dev/b.md").symlink_to("a.md")
    corpus = load_corpus(tmp_path)
    assert [a.body for a in corpus.articles] == ["Text."]
    assert sorted((str(p.path), p.warning) for p in corpus.problems) == [
        ("en/dev/a.md", True),
        ("en/dev/b.md", True),
    ]


def test_gitbook_pages_read_as_the_site_shows_them(tmp_path):
    write(
        tmp_path / "en/guide/proxy.md",
        "# Proxies\n\nLine one.\\\nLine two.\n\n"
        '1. Open the manager.\n\n   {% hint style="info" %}\n   Keep it open.\n   {% endhint %}\n'
        "2. Pick a proxy.\n\n"
        '{% code title="proxy.json" %}\n```json\n{"port": 80}\n```\n{% endcode %}\n\n'
        '{% embed url="https://example.com/video" %}\n\n'
        'See [usage.md](usage.md "mention").\n\n'
        '{% content-ref url="usage.md" %}\n[usage.md](usage.md)\n{% endcontent-ref %}\n\n'
        "A link that names its page: [usage](usage.md).\n",
    )
    write(tmp_path / "en/guide/usage.md", "# Using proxies\n\nText.\n")
    proxy = {a.id: a for a in load_corpus(tmp_path).articles}["guide/proxy"]
    assert "<p>Line one.<br>\nLine two.</p>" in proxy.html  # a backslash ends a line
    # A hint under a step stays in it, and the list goes on.
    assert proxy.html.count("<ol>") == 1 and "Keep it open.</p>\n</div>\n</li>" in proxy.html
    assert "<p><strong>proxy.json</strong></p>\n<pre>" in proxy.html
    assert '<a href="https://example.com/video" rel="noopener noreferrer">' in proxy.html
    assert "See Using proxies.\nUsing proxies\nA link that names its page: usage." in proxy.body
    assert 'title="mention"' not in proxy.html and "usage.md" not in proxy.body
    # Tags in a raw <pre> are a code sample, as written.
    sample = render(
        "<pre><code>{% stepper %}\n{% step %}\n### Step 1\n{% endstep %}\n</code></pre>\n", "guide"
    )
    assert sample.text == "{% stepper %}\n{% step %}\n### Step 1\n{% endstep %}"


def test_starlight_tabs_on_one_line_badges_and_link_cards_show_what_the_site_does():
    page = (
        '## Sky <Badge text="New" variant="tip" />\n\n'
        '<Tabs>\n\t<TabItem label="Stars">Sirius, Vega</TabItem>\n'
        '\t<TabItem label="Moons">Io</TabItem>\n</Tabs>\n\n'
        'Status: <Badge text="Beta" variant="caution" />.\n\n'
        '<LinkCard title="Authoring" href="/guides/authoring/" description="Write pages." />\n'
    )
    rendered = render(page, "guides")
    assert rendered.text == "Sky\nStars\nSirius, Vega\nMoons\nIo\nStatus: Beta.\nAuthoring\nWrite pages."
    assert rendered.toc == [(2, "h-sky", "Sky")]  # a badge is no word of the heading's anchor
    assert rendered.links == ["article:guides/authoring"]


def test_a_marked_text_in_a_fences_options_is_no_title():
    # Expressive Code's 'title="…"' in quotes marks that text in the code.
    rendered = render('```mdx \'title="Watch out!"\' title="note.mdx"\n:::note\n```\n', "guide")
    assert rendered.text == "note.mdx\n:::note"


def test_steps_all_written_1_keep_counting_past_code_under_a_step():
    page = (
        "# Deploy\n\n1. Create it:\n\n   ```shell\n   1. not a step\n   ```\n\n"
        "1. Check it:\n\n   The output says so.\n\n"
        "   {{< note >}}\n   It may take a minute.\n   {{< /note >}}\n\n"
        "1. Done.\n\nThen, a list of its own:\n\n1. One\n1. Two\n"
    )
    html = render(page, "guide").html
    # The code stays in step 1 and the list goes on; the note stays in step 2,
    # and the list goes on to step 3.
    assert re.findall(r"<ol(?: start=\"(\d+)\")?>", html) == ["", ""]
    assert "<p>It may take a minute.</p>\n</div>\n</li>\n<li>\n<p>Done.</p>" in html
    assert "<code>1. not a step\n</code>" in html


@pytest.mark.parametrize(
    ("written", "numbered"),
    [
        # A list inside a step counts on its own.
        ("1. a\n   1. inner\n   1. inner\n1. b\n", "1. a\n   1. inner\n   1. inner\n2. b\n"),
        # Code at the margin ends the list; its lines are code.
        ("1. a\n\n```\n1. x\n1. y\n```\n\n1. b\n", "1. a\n\n```\n1. x\n1. y\n```\n\n1. b\n"),
        ("<pre>\n1. x\n1. y\n</pre>\n", "<pre>\n1. x\n1. y\n</pre>\n"),
        ("<!--\n1. old\n1. old\n-->\n\n1. new\n", "<!--\n1. old\n1. old\n-->\n\n1. new\n"),
        # A heading or a tag right under a step ends the list.
        ("1. a\n1. b\n## Next\n1. c\n", "1. a\n2. b\n## Next\n1. c\n"),
        ("<details>\n\n1. a\n1. b\n</details>\n\n1. c\n", "<details>\n\n1. a\n2. b\n</details>\n\n1. c\n"),
        # A year at a line's start inside a paragraph is no step.
        ("Shipped in\n2024. Then in\n2024. Both.\n", "Shipped in\n2024. Then in\n2024. Both.\n"),
        # A list or a table may start right under a line of text.
        ("Either:\n- a\n- b\n", "Either:\n\n- a\n- b\n"),
        ("Steps:\n1. a\n1. b\n", "Steps:\n\n1. a\n2. b\n"),
        ("Options:\n| a | b |\n|---|---|\n| 1 | 2 |\n", "Options:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"),
        # ... but not under an item's own text, nor as a rule, nor inside code.
        ("- a\ncontinued\n- b\n", "- a\ncontinued\n- b\n"),
        ("Text\n- - -\n", "Text\n- - -\n"),
        ("```\nText\n- a\n```\n", "```\nText\n- a\n```\n"),
        # A table's row of dashes, in its body or under its header, is no list or new table.
        ("| a |\n|---|\n| b |\n| - |\n", "| a |\n|---|\n| b |\n| - |\n"),
        ("Text\na | b\n- | -\n1 | 2\n", "Text\n\na | b\n- | -\n1 | 2\n"),
        # A comment begun inside a line hides its lines.
        ("Text <!-- to do:\n- this\n-->\n", "Text <!-- to do:\n- this\n-->\n"),
    ],
)
def test_lists_are_read_where_commonmark_sees_them(written, numbered):
    assert "\n".join(CommonMarkLists().run(written.split("\n"))) == numbered


@pytest.mark.parametrize(
    ("written", "nested"),
    [
        # A sub-list two spaces under a bullet, three under a step, goes to four.
        ("- a\n  - b\n  - c\n- d\n", "- a\n    - b\n    - c\n- d\n"),
        ("1. a\n   1. b\n2. c\n", "1. a\n    1. b\n2. c\n"),
        # Already at four, or deeper, a list stays as written.
        ("- a\n    - b\n        - c\n", "- a\n    - b\n        - c\n"),
        # A step's paragraph, and code indented further under it, move with it.
        ("1. a\n\n   More.\n\n       code\n", "1. a\n\n    More.\n\n        code\n"),
        # A fence's lines keep their places relative to its first.
        ("- a\n\n  ```\n  x\n    y\n  ```\n", "- a\n\n    ```\n    x\n      y\n    ```\n"),
        # A line that goes on an item's text at the margin, and text after the list, stay.
        ("- a\ngoes on\n\nText.\n  indented\n", "- a\ngoes on\n\nText.\n  indented\n"),
        # A note, a tag or a quote under an item is read where it stands, as are the lines after it.
        ("1. a\n\n   ::: tip\n   T\n   :::\n   b\n", "1. a\n\n   ::: tip\n   T\n   :::\n   b\n"),
        ("- a\n\n  <div>\n\n  x\n", "- a\n\n  <div>\n\n  x\n"),
        # Code at the margin holds no list.
        ("```\n- a\n  - b\n```\n", "```\n- a\n  - b\n```\n"),
        # CommonMark's other delimiter, which Python-Markdown does not know; in code it stays.
        ("1) a\n   1) b\n\n          1) code\n", "1. a\n    1. b\n\n            1) code\n"),
    ],
)
def test_lists_nest_where_commonmark_nests_them(written, nested):
    assert "\n".join(ListIndents().run(written.split("\n"))) == nested


def test_a_sub_list_two_spaces_under_an_item_is_a_list_of_its_own():
    page = (
        "# Rooms\n\n1. Choose how:\n   - **Automatically**: evenly.\n   - Manually.\n"
        "2. Click *Create*.\n\n   Rooms open.\n"
    )
    html = render(page, "guide").html
    assert (
        "<li>Choose how:<ul>\n<li><strong>Automatically</strong>: evenly.</li>\n<li>Manually.</li>\n</ul>"
        in html
    )
    assert "<p>Rooms open.</p>\n</li>\n</ol>" in html  # the step's paragraph is the step's
    assert "- " not in render(page, "guide").text
    # Nested deeper than the limit, an item is its parent's sibling: Python-Markdown parses per level.
    deep = render("# Deep\n\n" + "\n".join("  " * level + "- x" for level in range(MAX_LIST_LEVELS * 3)), "g")
    assert deep.html.count("<ul>") == MAX_LIST_LEVELS + 1


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        # A sub-list after a step's code stays a list (the code stays in the step).
        (
            "1. Install\n\n    ```sh\n    pip install x\n    ```\n\n    1. sub one\n    2. sub two\n",
            "<li>sub one</li>",
        ),
        ("- Step\n\n  ```sh\n  x\n  ```\n\n  - nested\n", "<li>nested</li>"),
        # ... and so does the next sub-item after a sub-item's code, each with its code.
        (
            "- Install:\n  - macOS:\n    ```sh\n    brew\n    ```\n  - Linux:\n    ```sh\n    apt\n    ```\n",
            "<li>\n<p>Linux:</p>\n<pre><code>apt\n</code></pre>\n</li>",
        ),
        # Code indented under an item holds its comments and tags as code.
        (
            "- Add:\n\n        theme:\n          # dark\n          palette: slate\n",
            "  # dark\n    palette: slate\n</code>",
        ),
        # A heading under an item's text is a heading, and what follows is not inside the item.
        ("1. Step one\n   ### Details\n   Text\n2. Step two\n", '<h3 id="h-details">Details</h3>'),
        ("- a\n\n  Para\n  ## Heading\n- b\n", "</ul>\n<h2"),
        # A number that starts a line of an item's text is text: only a list from 1 breaks in.
        ("- Released in\n  2019. It was good.\n- b\n", "<li>Released in\n  2019. It was good.</li>"),
    ],
)
def test_what_an_item_holds_besides_text_stays_what_it_is(page, shown):
    rendered = render(f"# Page\n\n{page}", "guide")
    assert shown in rendered.html
    assert rendered.html.count("<pre>") == page.count("```") // 2 + ("        theme" in page)


def test_kubernetes_shortcodes_on_lines_of_their_own_keep_the_text():
    page = (
        '# Pods\n\nYou can use the\n{{< glossary_tooltip text="kubectl" term_id="kubectl" >}}\ntool.\n\n'
        '{{< glossary_tooltip text="Pods" term_id="pod" >}} share '
        '{{< glossary_tooltip term_id="volume" >}}s.\n\n'
        "{{< note >}}One line of note.{{< /note >}}\n\n## Later\n\nLater text.\n\n"
        "{{< caution >}}\nDeleting removes Pods.\n{{< /caution >}}\n"
    )
    rendered = render(page, "concepts")
    assert "<p>You can use the\nkubectl\ntool.</p>" in rendered.html
    assert "<p>Pods share volumes.</p>" in rendered.html  # not dropped as a tag alone on its line
    assert "One line of note." in rendered.text and '<h2 id="h-later">' in rendered.html  # nothing swallowed
    assert '<div class="note note-caution" role="note">' in rendered.html
    defined = render(
        '# Service\n\n{{< glossary_definition term_id="service" length="short" >}}\n\nText.\n', "k"
    )
    assert defined.text == "Text."  # the definition is the site's text, not the page's
    tags = '{% include note.html content="Set {{ site.url }}" %}\n\n{{< figure caption="Map of {x, y}" >}}\n'
    assert render(f"# Tags\n\n{tags}\nText.\n", "k").text == "Text."  # braces inside a tag's arguments


def _rendered_and_text(page):
    rendered = render(page, "concepts")
    return rendered, " ".join(rendered.text.split())


def test_a_shortcode_whose_arguments_go_on_over_the_next_lines_shows_its_text():
    page = (
        "# Leader election\n\nKubernetes allows {{<\n"
        'glossary_tooltip text="control plane" term_id="control-plane" >}} components to\n'
        "select a leader. A set of {{< glossary_tooltip\n"
        'text="tolerations" term_id="toleration" >}} is added.\n\n'
        "An opening left alone {{<\n\nends at the blank line.\n"
    )
    rendered, text = _rendered_and_text(page)
    assert "allows control plane components to select a leader. A set of tolerations is added." in text
    assert "term_id" not in text
    assert "<p>An opening left alone {{&lt;</p>" in rendered.html  # nothing past the paragraph joined
    # Closed at the start of the next line, as Hugo's pages often do, or
    # wrapped one after another on a sentence's lines.
    rendered, text = _rendered_and_text(
        '# Redis\n\nYou\'ll create a Redis {{< glossary_tooltip text="Pod" term_id="pod"\n'
        ">}}, then verify it.\n\nThe API group, including {{< glossary_tooltip\n"
        'text="DeviceClasses" term_id="deviceclass" >}}, {{< glossary_tooltip\n'
        'text="ResourceSlices" term_id="resourceslice" >}}, {{< glossary_tooltip\n'
        'text="ResourceClaims" term_id="resourceclaim" >}}, as well as new fields.\n'
    )
    assert "You'll create a Redis Pod, then verify it." in text
    assert "including DeviceClasses, ResourceSlices, ResourceClaims, as well as new fields." in text
    assert "<blockquote>" not in rendered.html
    # In a quote, the quote's next line goes on the sentence too, marked or not.
    for quoted in (
        '> Run a {{< glossary_tooltip text="Pod"\n> term_id="pod" >}} first.\n',
        '> Run a {{< glossary_tooltip text="Pod"\nterm_id="pod" >}} first.\n',
    ):
        rendered, text = _rendered_and_text(f"# Quoted\n\n{quoted}")
        assert "<blockquote>" in rendered.html and "Run a Pod first." in text


def test_shortcodes_in_a_steps_paragraphs_are_read_and_its_code_is_left_as_written():
    page = (
        "# Install\n\n1. Download the release.\n\n"
        '    For example, to download version {{< param "fullversion" >}} on Linux, type:\n\n'
        '    ```\n    curl -LO https://example.com/{{< param "fullversion" >}}/kubectl\n    ```\n\n'
        "    {{< note >}}Without a location it goes to a temporary folder.{{< /note >}}\n\n"
        "1. Check it.\n\n        {{< note >}} in code, kept\n"
    )
    rendered = render(page, "tasks")
    assert "to download version on Linux, type:" in rendered.text
    assert "Without a location it goes to a temporary folder." in rendered.text
    assert "{{< note >}}Without" not in rendered.text
    assert 'curl -LO https://example.com/{{&lt; param "fullversion" &gt;}}/kubectl' in rendered.html
    assert "{{&lt; note &gt;}} in code, kept" in rendered.html  # eight spaces under a step: code


def test_shortcode_marks_written_as_code_leave_tables_lists_and_headings_as_they_are():
    page = (
        "# Shortcodes\n\n| Mark | Meaning |\n| --- | --- |\n"
        "| `{{<` | opens |\n| `{{%` | opens as Markdown |\n| `>}}` | closes |\n\n"
        "- open with `{{<`\n- close with `>}}`\n- third item\n\n"
        "A shortcode starts with `{{<`\n## Closing {#closing}\n\nOne {{< glossary_tooltip\n- b >}}\n"
    )
    rendered = render(page, "contribute")
    assert rendered.html.count("<tr>") == 4 and "opens as Markdown" in rendered.text
    assert rendered.html.count("<li>") == 4  # three, and the item after an opening never closed
    assert rendered.headings == ["Closing"]


def test_a_hugo_section_page_of_front_matter_alone_shows_its_description(tmp_path):
    root = tmp_path / "site"
    write(
        root / "en/overview/_index.md",
        '---\ntitle: "Overview"\ndescription: Get a high-level outline of the components.\n---\n',
    )
    write(
        root / "en/overview/components.md",
        "---\ntitle: Components\ndescription: What a `Cluster` is **made** of.\n---\n\nA cluster has nodes.",
    )
    write(
        root / "en/overview/api.md",
        '---\ntitle: API\n---\n\n{{< glossary_definition term_id="api" length="short" >}} </br>\n\n'
        "The API _server_ answers.\n",
    )
    pages = {a.id: a for a in load_corpus(root).articles}
    overview = pages["overview"]
    assert overview.body == "Get a high-level outline of the components."
    assert overview.summary == "Get a high-level outline of the components."
    # A page with a body keeps it; its description, as it reads, is what results show of it.
    assert pages["overview/components"].body == "A cluster has nodes."
    assert pages["overview/components"].summary == "What a Cluster is made of."
    # Without one, the first paragraph with words, as it reads.
    assert pages["overview/api"].summary == "The API server answers."
    assert not check_corpus(root).problems  # no page is empty


def test_a_description_adds_to_a_page_without_text_and_takes_nothing_from_it(tmp_path):
    root = tmp_path / "site"
    write(
        root / "en/cli/index.md",
        "---\ndescription: The **command** line.\n---\n\n# Command line\n\n![Screenshot](shot.png)\n",
    )
    [page] = load_corpus(root).articles
    assert (page.title, page.body, page.summary) == ("Command line", "The command line.", "The command line.")
    assert 'src="shot.png"' in page.html and "h-command-line" in page.anchors


def test_a_footnotes_mark_is_no_part_of_a_heading_or_a_summary():
    rendered = render("# Eviction\n\nDone automatically[^1].\n\n## The API[^2]\n\n[^1]: A.\n[^2]: B.\n", "k")
    assert rendered.summary == "Done automatically." and rendered.headings == ["The API"]


@pytest.mark.parametrize("site_root", [False, True])
def test_links_by_the_sites_addresses_find_pages_whichever_folder_the_tree_starts_at(tmp_path, site_root):
    """Kubernetes' English pages link `/docs/concepts/pods/`, its Russian
    ones `/ru/docs/concepts/pods/`; a tree copied from the site's root keeps
    `docs/` in its ids, one copied from the docs folder does not."""
    root = tmp_path / "site"
    base = "docs/" if site_root else ""
    write(root / f"en/{base}concepts/pods.md", "# Pods\n\n## Lifecycle\n\nText.\n")
    write(root / f"ru/{base}concepts/pods.md", "# Поды\n\n## Жизненный цикл {#lifecycle}\n\nТекст.\n")
    write(root / f"en/{base}concepts/nodes.md", "# Nodes\n\nSee [Pods](/docs/concepts/pods/#lifecycle).\n")
    write(root / f"ru/{base}concepts/nodes.md", "# Узлы\n\nСм. [поды](/ru/docs/concepts/pods/#lifecycle).\n")
    corpus = load_corpus(root)
    target = f"article:{base}concepts/pods#h-lifecycle"
    for article in corpus.articles:
        if article.id.endswith("nodes"):
            assert article.links == [target]
            assert f'href="{target}"' in article.html
    assert not check_corpus(root).problems


def test_links_by_a_pages_slug_permalink_or_alias_find_the_page(tmp_path):
    """Docusaurus publishes a page at its `slug` (from the docs' root with a
    leading `/`, else from the page's folder), Jekyll at its `permalink`,
    and Hugo also at its old `aliases`; links use those addresses."""
    root = tmp_path / "site"
    write(root / "en/start/install/setup.md", "---\nslug: /install\n---\n# Install\n\n## Run\n\nText.\n")
    write(root / "en/start/cloud.md", "---\nslug: cloud-quick\naliases: [/old/cloud/]\n---\n# Cloud\n\nA.\n")
    write(root / "en/start/local.md", "---\npermalink: /local/\n---\n# Local\n\nText.\n")
    write(
        root / "en/start/oss.md",
        "# OSS\n\n[Install](/install#run), [cloud](/start/cloud-quick), [old](/old/cloud/)"
        " and [here](/local/).\n",
    )
    oss = next(a for a in load_corpus(root).articles if a.id == "start/oss")
    assert oss.links == [
        "article:start/install/setup#h-run",
        "article:start/cloud",
        "article:start/cloud",
        "article:start/local",
    ]
    assert 'href="article:start/install/setup#h-run"' in oss.html
    assert not check_corpus(root).problems


def test_text_after_code_in_a_list_item_indented_four_spaces_stays_text():
    page = (
        "# Setup\n\n1.  Create `mkdocs.yml`:\n\n    ```yaml\n    site_name: My site\n    ```\n\n"
        "    Then run `mkdocs serve` and open the *preview*.\n\n        an indented example\n\n"
        "2.  Done.\n\nA paragraph.\n\n    code after a paragraph\n"
    )
    html = render(page, "guide").html
    assert "<p>Then run <code>mkdocs serve</code> and open the <em>preview</em>.</p>" in html
    assert "<pre><code>an indented example\n</code></pre>" in html  # code under the item stays code
    assert "<pre><code>code after a paragraph\n</code></pre>" in html


def test_a_note_without_a_title_is_labelled_in_its_pages_language(tmp_path):
    root = tmp_path / "docs"
    write(root / "en/guide/a.md", "# Setup\n\n::: tip\nRestart first.\n:::\n\n> [!WARNING]\n> Back up.\n")
    write(
        root / "ru/guide/a.md",
        "# Настройка\n\n::: tip\nСначала перезапустите.\n:::\n\n> [!WARNING]\n> Сохраните.\n",
    )
    write(root / "ru/guide/b.md", "# Своё\n\n::: tip Совет дня\nТекст.\n:::\n\n!!! note\n    Текст.\n")
    pages = {(a.locale, a.id): a.html for a in load_corpus(root).articles}
    assert re.findall(r"<strong>(.*?)</strong>", pages["en", "guide/a"]) == ["Tip", "Warning"]
    assert re.findall(r"<strong>(.*?)</strong>", pages["ru", "guide/a"]) == ["Совет", "Предупреждение"]
    assert re.findall(r"<strong>(.*?)</strong>", pages["ru", "guide/b"]) == ["Совет дня", "Примечание"]


def test_code_written_through_a_highlight_tag_is_code():
    page = (
        "# Code\n\n{% highlight html %}\n<p>Hello *there*</p>\n{% endhighlight %}\n\n"
        '{{< highlight go "linenos=table" >}}\n// *not emphasis* ```\nfunc main() {}\n'
        "{{< /highlight >}}\n\nAfter.\n"
    )
    html = render(page, "guide").html
    assert "<pre><code>&lt;p&gt;Hello *there*&lt;/p&gt;\n</code></pre>" in html
    assert "<pre><code>// *not emphasis* ```\nfunc main() {}\n</code></pre>" in html
    listed = render("# Code\n\n{% highlight yaml %}\nlist:\n- a\n1. x\n1. y\n{% endhighlight %}\n", "guide")
    assert "<pre><code>list:\n- a\n1. x\n1. y\n</code></pre>" in listed.html  # no list read into code
    assert "<p>After.</p>" in html


def test_a_toc_marker_adds_no_text_and_a_tab_without_a_label_shows_its_value():
    page = (
        '# Install\n\n[TOC]\n\n## Steps\n\nText.\n\n<Tabs>\n<TabItem value="pnpm">\n\nRun pnpm.\n\n'
        "</TabItem>\n</Tabs>\n"
    )
    assert render(page, "guide").text.split("\n") == ["Steps", "Text.", "pnpm", "Run pnpm."]
    assert render("# Install\n\n[TOC]\n\n## Steps\n\nText.\n", "guide").text == "Steps\nText."  # alone too


def test_a_footnotes_mark_is_no_part_of_its_word():
    rendered = render(
        "# Save\n\nSaved automatically[^1], as H<sub>2</sub>O[^1].\n\n[^1]: Every minute.\n", "guide"
    )
    assert rendered.text == "Saved automatically, as H2O.\nEvery minute."  # not automatically1, nor ↩
    assert '<a href="#h-fn:1" rel="noopener noreferrer">1</a></sup>' in rendered.html  # still shown


def test_inline_hugo_shortcodes_and_mdbook_commands_are_not_text():
    page = (
        '# Saving\n\nPress {{< kbd Ctrl >}}+{{< kbd "S" >}} in {{< param "appName" >}} to save.\n\n'
        'Files stay in {{< glossary_tooltip text="local <storage>" term_id="storage" >}} first.\n\n'
        'Each {{< glossary_tooltip term_id="kube-proxy" >}} keeps *{{< tip text="*rules*" >}}*.\n\n'
        "{{#include ../shared/prereqs.md}}\n\nSee the {{#include ./inline.md:version}} notes.\n\n"
        "```rust\n{{#include ../listings/main.rs}}\n```\n"
    )
    rendered = render(page, "guide")
    assert "<p>Press <kbd>Ctrl</kbd>+<kbd>S</kbd> in  to save.</p>" in rendered.html
    assert "<p>Files stay in local &lt;storage&gt; first.</p>" in rendered.html  # the text it names
    assert "<p>Each kube-proxy keeps <em>*rules*</em>.</p>" in rendered.html  # or its term's id; text as text
    themed = render('# Run\n\n## {{% heading "objectives" %}}\n\n* One.\n\n## Clean up\n\nDone.\n', "guide")
    assert [text for _, _, text in themed.toc] == ["Clean up"]  # its theme names the first heading
    assert "prereqs" not in rendered.text and "See the notes." in rendered.text
    assert "<pre><code>{{#include ../listings/main.rs}}\n</code></pre>" in rendered.html  # code as written


def test_mdx_comments_components_with_expressions_and_note_components():
    page = (
        "# Join\n\n{/* Editors: keep this short. */}\n\n{/*\nA longer draft note.\n*/}\n\n"
        '<Tabs groupId="os">\n  <TabItem value="win" label="Windows" default>\n'
        "    Click the tray icon.\n  </TabItem>\n</Tabs>\n\n"
        "<Tabs items={['Desktop', 'Mobile']}>\n  <Tabs.Tab>Right-click the room.</Tabs.Tab>\n</Tabs>\n\n"
        '<Admonition\n  type="warning"\n  title="Before you join"\n>\n'
        "  Check your microphone.\n</Admonition>\n\n"
        '<Aside type="tip">\nPress ? for shortcuts.\n</Aside>\n\n'
        "<Callout>Plain callout text.</Callout>\n\n"
        "```jsx\n{/* kept */}\n<Tabs items={['a']}>\n```\n"
    )
    rendered = render(page, "guide")
    text = rendered.text
    assert "Editors" not in text and "draft" not in text and "*/" not in text.replace("{/* kept */}", "")
    assert "<p><strong>Windows</strong></p>\n<p>Click the tray icon." in rendered.html  # not code
    assert "items=" not in text.replace("<Tabs items={['a']}>", "") and "Right-click the room." in text
    assert (
        '<div class="note note-warning" role="note">\n<p><strong>Before you join</strong></p>'
        in rendered.html
    )
    assert "type=" not in text and "Check your microphone." in text
    assert '<div class="note note-tip" role="note">\n<p><strong>Tip</strong></p>' in rendered.html
    assert "<p>Plain callout text.</p>" in rendered.html
    assert "{/* kept */}" in text  # code stays as written


def test_a_heading_id_written_as_an_mdx_comment_is_the_headings_id():
    page = (
        "# Хуки\n\n## Использование {/*usage*/}\n\n[См. ниже.](#usage)\n\n"
        "### `lazy(load)` {/*lazy*/}\n\nText.\n\n## Later {/* a note to editors */}\n\nMore.\n"
    )
    rendered = render(page, "reference", "ru")
    assert [(anchor, text) for _, anchor, text in rendered.toc] == [
        ("h-usage", "Использование"),  # the id the page's links use, not one made from the text
        ("h-lazy", "lazy(load)"),
        ("h-later", "Later"),  # a comment with words in it is a comment
    ]
    assert '<a href="#h-usage"' in rendered.html and "usage" not in rendered.text
    assert "editors" not in rendered.text


def test_react_dev_components_are_labelled_notes_and_folds():
    page = (
        "# createRef\n\n<Pitfall>\n\n`createRef` is mostly for class components.\n\n</Pitfall>\n\n"
        "<Intro>\n\n`createRef` creates a ref object.\n\n</Intro>\n\n"
        "## Usage {/*usage*/}\n\nSee [why](#why-not).\n\n"
        "<DeepDive>\n\n#### Why not a counter? {/*why-not*/}\n\nBecause of hydration.\n\n</DeepDive>\n\n"
        "<Challenges>\n\n#### Fix the ref {/*fix-the-ref*/}\n\nMake it work.\n\n"
        "<Hint>\n\nLook at the call.\n\n</Hint>\n\n<Solution>\n\nCall it once.\n\n</Solution>\n\n"
        "</Challenges>\n"
    )
    rendered = render(page, "reference")
    assert '<div class="note note-warning" role="note">\n<p><strong>Pitfall</strong></p>' in rendered.html
    assert rendered.summary == "createRef creates a ref object."  # the intro, not the warning above it
    assert '<summary><span id="h-why-not"></span>Why not a counter?</summary>' in rendered.html
    assert '<a href="#h-why-not"' in rendered.html  # the link lands on the fold
    assert "<summary>Hint</summary>" in rendered.html and "<summary>Solution</summary>" in rendered.html
    assert [text for _, _, text in rendered.toc] == ["Usage"]  # exercises are not sections of the page
    assert "Make it work." in rendered.text and "Pitfall" in rendered.text
    russian = render(page, "reference", "ru")
    assert (
        "<strong>Подводный камень</strong>" in russian.html and "<summary>Решение</summary>" in russian.html
    )


def test_a_fence_names_its_file_above_the_code_and_a_hidden_file_is_left_out():
    page = (
        "# Lazy\n\nAn example.\n\n<Sandpack>\n\n```js App.js active\nexport default App;\n```\n\n"
        '```json package.json hidden\n{"dependencies": {"immer": "1.7.3"}}\n```\n\n</Sandpack>\n\n'
        '```py title="main.py"\nprint(1)\n```\n\n```js{1,3}\nlet a;\n```\n\nAfter.\n'
    )
    rendered = render(page, "reference")
    assert "<p><strong>App.js</strong></p>\n<pre><code>export default App;" in rendered.html
    assert "<p><strong>main.py</strong></p>\n<pre><code>print(1)" in rendered.html
    assert "immer" not in rendered.text and "package.json" not in rendered.text  # the site hides it
    assert "<pre><code>let a;" in rendered.html and rendered.text.endswith("After.")


def test_tabs_indented_under_their_tabs_are_text_not_code():
    page = (
        "import Tabs from '@theme/Tabs';\n\n<Tabs>\n"
        '    <TabItem value="win" label="Windows" default>\n\n        Run the installer.\n\n    </TabItem>\n'
        '    <TabItem value="mac" label="macOS">\n\n        Use Homebrew.\n\n    </TabItem>\n</Tabs>\n'
    )
    rendered = render(page, "install")
    assert "<pre>" not in rendered.html and "TabItem" not in rendered.text
    assert rendered.text == "Windows\nRun the installer.\nmacOS\nUse Homebrew."
    assert rendered.summary == "Run the installer."  # a tab's label is no summary


def test_a_heading_id_escaped_for_mdx_is_the_headings_id():
    rendered = render("## Install the CLI \\{#install-the-cli\\}\n\n[Jump](#install-the-cli)\n", "start")
    assert rendered.toc == [(2, "h-install-the-cli", "Install the CLI")]
    assert '<a href="#h-install-the-cli"' in rendered.html and "\\" not in rendered.text


def test_code_fenced_under_a_step_stays_in_the_step():
    page = (
        "# Connect\n\n1. Install the client.\n\n2. Run the command:\n\n"
        '    ```bash title="run.sh"\n    client --host <host>\n\n      --secure\n    ```\n\n'
        "3. Run a query.\n\n    ```sql\n    SELECT 1\n    ```\n\n    It answers 1.\n\n"
        "Done.\n\n    ```\n    not under a step\n    ```\n"
    )
    rendered = render(page, "start")
    assert rendered.html.count("<ol>") == 1 and "start=" not in rendered.html  # one list, steps 1 to 3
    assert (
        "<li>\n<p>Run the command:</p>\n<p><strong>run.sh</strong></p>\n"
        "<pre><code>client --host &lt;host&gt;\n\n  --secure\n</code></pre>\n</li>" in rendered.html
    )
    assert "<pre><code>SELECT 1\n</code></pre>\n<p>It answers 1.</p>\n</li>" in rendered.html
    assert "<p>Done.</p>\n<pre><code>not under a step\n</code></pre>" in rendered.html  # as before


def test_what_other_sites_write_like_react_dev_or_docusaurus_stays_as_it_was():
    """Written for another site, these only look like what the rules above read."""
    page = (
        "# Files\n\n> [!NOTE]\n> Old page.\n\n"  # a note: the page is walked for callouts
        '```sh title="List hidden files"\nls -a\n```\n\n```py __init__.py\nx = 1\n```\n\n'
        "```python 3.11\nimport sys\n```\n\n<TABLE>\n  <TR><TD>Cell</TD></TR>\n</TABLE>\n\n"
        "<Demo>\n\n    <template><b>kept as code</b></template>\n\n</Demo>\n\n"
        "## Looping with \\{#each\\}\n\n## Todo {/*TODO*/}\n\n"
        "<DeepDive>\n\n#### Is `useId` safe? ##\n\nYes.\n\n</DeepDive>\n\n"
        "```js App.js hidden\nconst shown = 1;\n"  # never closed: not hidden
    )
    rendered = render(page, "guide")
    assert "ls -a" in rendered.text  # "hidden" in a title hides nothing
    assert "<p><strong>__init__.py</strong></p>" in rendered.html  # a file's name as written
    assert "<strong>3.11</strong>" not in rendered.html  # a version is no file
    assert "<table>" in rendered.html  # an old page's capitals are HTML, not components
    assert "<pre><code>&lt;template&gt;&lt;b&gt;kept as code" in rendered.html  # as VitePress shows it
    assert [text for _, _, text in rendered.toc] == ["Looping with", "Todo"]  # an id, as MDX reads it
    assert "<summary>Is <code>useId</code> safe?</summary>" in rendered.html  # no id: none made, none doubled
    assert "const shown = 1;" in rendered.text
    moved = render("# Moved\n\n**This page has moved to [the guide](/guide).**\n", "guide")
    assert moved.summary == "This page has moved to the guide."  # a sentence in bold is no label
    fold = render(
        "# F\n\n<DeepDive>\n\n#### Why keys \\{#why\\}\n\nBecause.\n\n</DeepDive>\n\n[W](#why)\n", "f"
    )
    assert '<summary><span id="h-why"></span>Why keys</summary>' in fold.html  # its id, escaped for MDX


def test_a_step_whose_fence_never_closes_or_a_component_in_an_item_keeps_the_page():
    page = (
        "# Steps\n\n{/* draft */}\n\n1. Step\n\n   ```js\n   code\n\n2. Two\n\n## Next\n\nText.\n\n"
        '- Option one\n  <Badge text="new">\n  beta\n  </Badge>\n- Option two\n\n'
        '<Table border="1">\n<tr><td>Cell A</td><td>Cell B</td></tr>\n</Table>\n'
    )
    rendered = render(page, "guide")
    assert [text for _, _, text in rendered.toc] == ["Next"] and "Text." in rendered.text
    assert rendered.html.count("<ul>") == 1  # the component stays in its item
    assert "<table>" in rendered.html and "Cell A\nCell B" in rendered.text  # HTML in title case
    files = render(
        "# E\n\n```js App.js {1-5} active\na\n```\n\n```js data.js {2} hidden\nb\n```\n\n"
        "```js 404.js\nc\n```\n",
        "guide",
    )
    assert "<strong>App.js</strong>" in files.html and "<strong>404.js</strong>" in files.html
    assert "b" not in files.text.split()  # hidden, highlighted lines or not


def test_tabs_indented_in_a_step_or_a_wrapper_keep_their_labels():
    page = (
        '# Install\n\n<Stepper>\n  <Tabs>\n    <TabItem value="a" label="Alpha">\n      Text A\n'
        "    </TabItem>\n  </Tabs>\n</Stepper>\n\n1. Install:\n\n"
        '    <Tabs>\n      <TabItem value="n" label="npm">\n'
        '        npm i\n      </TabItem>\n      <TabItem value="y" label="yarn">\n        yarn add\n'
        "      </TabItem>\n    </Tabs>\n\n2. Run\n"
    )
    rendered = render(page, "start")
    assert "<pre>" not in rendered.html and "**" not in rendered.text
    assert rendered.text.split("\n") == [
        "Alpha",
        "Text A",
        "Install:",
        "npm",
        "npm i",
        "yarn",
        "yarn add",
        "Run",
    ]
    assert rendered.html.count("<ol>") == 1  # the tabs stay in their step


def test_tabs_with_blank_lines_between_their_tags_stay_in_their_step():
    # Starlight's <Steps>: MDX reads the tabs, blank lines and all, in the step.
    page = (
        '<Steps>\n\n1.  Install:\n\n    <Tabs>\n\n    <TabItem label="npm">\n\n'
        '    ```sh\n    npm i x\n    ```\n\n    </TabItem>\n\n    <TabItem label="pnpm">\n\n'
        "    ```sh\n    pnpm add x\n    ```\n\n    </TabItem>\n\n    </Tabs>\n\n2.  Run it.\n\n</Steps>\n"
    )
    rendered = render(page, "start")
    assert rendered.text == "Install:\nnpm\nnpm i x\npnpm\npnpm add x\nRun it."
    assert rendered.html.count("<ol>") == 1 and rendered.html.count("<pre>") == 2
    assert rendered.html.index("pnpm add x") < rendered.html.index("</li>")


def test_many_unclosed_fences_cost_one_search():
    rendered = render("- a\n\n  ```js\n  x\n\n" * 3 + "Done.\n", "start")
    assert rendered.html.count("<ul>") == 1 and rendered.text.endswith("Done.")  # text, and the list goes on


def test_a_component_alone_on_its_line_leaves_no_empty_paragraph():
    page = (
        "# Lists\n\n<Intro>\n\nShow many items.\n\n</Intro>\n\n<ListDemo />\n\n"
        '<div class="demo">\n<Badge type="tip" />\n</div>\n\n    <Indented />\n'
    )
    rendered = render(page, "guide")
    assert "<p></p>" not in rendered.html
    assert rendered.text == "Show many items.\n<Indented />"  # indented four spaces: code
    # Before indented lines a lone tag stays: a blank line there would make them code.
    demo = (
        '<div class="demo">\n  <button>Open</button>\n\n  <Teleport to="body">\n'
        "    <p>Hello from the modal!</p>\n  </Teleport>\n</div>\n"
    )
    rendered = render(demo, "guide")
    assert "<pre>" not in rendered.html and rendered.text == "Open\nHello from the modal!"


def test_a_block_tag_in_a_code_span_inside_a_note_stays_code():
    # Inside a block read as Markdown, Python-Markdown took tags anywhere in
    # the text for HTML, code spans included: the span became an empty <div>.
    page = '::: tip\nPrefer a container, e.g. `<div id="teleported"></div>`, of its own.\n:::\n'
    rendered = render(page, "guide")
    assert '<code>&lt;div id="teleported"&gt;&lt;/div&gt;</code>, of its own.' in rendered.html
    assert rendered.text == 'Tip\nPrefer a container, e.g. <div id="teleported"></div>, of its own.'


def test_backticks_in_raw_html_and_escaped_ones_open_no_code_span():
    # In raw HTML a backtick is text, so a tag after one still closes its
    # element; an escaped backtick opens nothing.
    rendered = render("<div>`a</div> and `b`\n\n## Heading\n\nMore text\n", "guide")
    assert '<h2 id="h-heading">Heading</h2>' in rendered.html and "<code>b</code>" in rendered.html
    row = "<table>\n<tr><td><kbd>Ctrl</kbd>+<kbd>`</kbd></td>"
    row += "<td>Toggle (`terminal.toggle`)</td></tr>\n</table>\n"
    assert render(row, "guide").text == "Ctrl+`\nToggle (`terminal.toggle`)"
    assert render("::: tip\nWrite \\`<b>bold</b>\\` here.\n:::\n", "guide").text == "Tip\nWrite `bold` here."
    # A line that starts with an inline tag is a paragraph: its backticks are code.
    page = "> [!NOTE]\n> <kbd>Ctrl</kbd> closes with `</div>` here.\n\n## After\n"
    assert render(page, "guide").text == "Note\nCtrl closes with </div> here.\nAfter"


def test_component_tags_in_a_list_or_a_table_leave_them_whole():
    rendered = render("1. Step one\n   <Demo />\n   <Demo />\n2. Step two\n3. Step three\n", "guide")
    assert rendered.html.count("<li>") == 3 and rendered.text == "Step one\nStep two\nStep three"
    rendered = render("| a | b |\n|---|---|\n| 1 | 2 |\n<Foo />\n<Bar />\n| 3 | 4 |\n", "guide")
    assert "| 3 |" not in rendered.text and "<td>4</td>" in rendered.html


def test_code_spans_are_found_as_a_backtick_pattern_would_find_them():
    # The spans are paired run by run rather than searched for, so that a
    # line of many unpaired runs costs one pass; they must be the same spans.
    # Python-Markdown's: a backslash before a run keeps it from opening a span.
    pattern = re.compile(r"(?<![`\\])(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)")
    rng = random.Random(7)
    for _ in range(5_000):
        line = "".join(rng.choice("``<a \\") for _ in range(rng.randint(1, 30)))
        expected = pattern.sub(lambda span: span[0].replace("<", CODE_LESS_THAN), line)
        assert _code_tags_hidden(line) == expected, line


def test_mdn_macros_show_their_link_text_and_sidebars_and_tables_are_dropped():
    page = (
        '{{JSRef("Global_Objects", "Array")}}\n\n{{APIRef("Fetch API")}}{{AvailableInWorkers}}\n\n'
        'The **`map()`** method of {{jsxref("Array")}} skips '
        '{{jsxref("Global_Objects/undefined", "undefined")}}.\n\n'
        'See it run: {{EmbedLiveSample("Basic_example", "100%", 60)}}\n\n'
        "- {{SeeCompatTable}} `index`{{optional_inline}}\n"
        '  - : Read {{domxref("Element.innerHTML", "innerHTML")}} in a '
        '{{Glossary("Callback function", "callback")}} on {{HTMLElement("div")}}.\n\n'
        'Placeholders stay: {{ name }} and {{title}}; so does `{{jsxref("x")}}` in code.\n\n'
        "## Specifications\n\n{{Specifications}}\n\n{{Compat}}\n"
    )
    rendered = render(page, "web")
    assert rendered.text.split("\n") == [
        "The map() method of Array skips undefined.",
        "See it run:",  # a live sample is no text
        "index",
        "Read innerHTML in a callback on <div>.",  # a description item, its ": " mark dropped
        'Placeholders stay: {{ name }} and {{title}}; so does {{jsxref("x")}} in code.',
        "Specifications",
    ]
    assert "<code>Array</code>" in rendered.html and "<code>&lt;div&gt;</code>" in rendered.html


def test_mdn_macros_read_the_same_in_raw_html_and_template_syntax_stays():
    # A macro's text is written as HTML, which raw HTML (a table's cell) reads too.
    table = '<table><tr><td>{{HTMLElement("script")}}</td></tr></table>\n\n## Examples\n\nText.\n'
    rendered = render(table, "web")
    assert (
        "<td><code>&lt;script&gt;</code></td>" in rendered.html
        and rendered.text == "<script>\nExamples\nText."
    )
    # A link macro alone on its line is text; an empty second argument is no link text.
    rendered = render(
        'Returns a new\n{{jsxref("Array")}}\ninstance: see {{domxref("History API", "", "", 1)}}.\n', "web"
    )
    assert rendered.text == "Returns a new\nArray\ninstance: see History API."
    # Templates of other sites write spaces inside the braces, or names with no capital.
    page = '{{ format(date) }} and {{ t("key") }} and {{ isInline }}\n\n{{count}}\n\n{{ t("key") }}\n'
    assert (
        render(page, "web").text
        == '{{ format(date) }} and {{ t("key") }} and {{ isInline }}\n{{count}}\n{{ t("key") }}'
    )


def test_a_card_component_keeps_its_title_and_text():
    # The sanitizer's parser drops the text of <card>, though HTML has no such element.
    page = '<Card title="Setup">\nInstall the **app** first.\n</Card>\n\nAnd <Card>inline</Card> too.\n'
    assert render(page, "guide").text == "Setup\nInstall the app first.\nAnd inline too."
    cards = (
        '<CardGrid>\n  <LinkCard title="API" description="All endpoints." href="/api" />\n'
        '  <LinkCard title="Guides" href="/guides/" />\n</CardGrid>\n\n<Card title="Solo" />\n\n'
        '<LinkCard\n  title="Deploy"\n  description="To any host."\n  href="/deploy/"\n/>\n'
    )
    # Starlight's, closed in their own tag, on one line or over several.
    assert render(cards, "guide").text == "API\nAll endpoints.\nGuides\nSolo\nDeploy\nTo any host."
    named = '<CardPrimary title="Cloud" description="Managed for you." />\n\n<Cardinal a="b" />\n'
    assert render(named, "guide").text == "Cloud\nManaged for you."  # a card by another name, not any word


def test_mintlify_steps_and_accordions_keep_their_titles():
    page = (
        '# Start\n\n<Steps>\n  <Step title="Install">\n    Run `npm i`.\n  </Step>\n'
        '  <Step title="Configure">\n    Edit the file.\n  </Step>\n</Steps>\n\n'
        '<Accordion title="Why a token?">\n  It proves who you are.\n</Accordion>\n\n'
        '<Expandable title="properties" defaultOpen>\n  - `id`: the key.\n</Expandable>\n\n'
        '<Step title="Skipped" />\n'
    )
    rendered = render(page, "guide")
    assert rendered.text.split("\n") == [
        "Install", "Run npm i.", "Configure", "Edit the file.", "Why a token?", "It proves who you are.",
        "properties", "id: the key.",
    ]  # fmt: skip
    assert "<p><strong>Install</strong></p>\n<p>Run <code>npm i</code>." in rendered.html


def test_vitepress_raw_containers_are_not_notes():
    rendered = render("# Page\n\n::: v-pre\nWrite `{{ name }}` here.\n:::\n\n::: raw\nPlain.\n:::\n", "guide")
    assert rendered.text == "Write {{ name }} here.\nPlain." and 'role="note"' not in rendered.html


def test_pages_saved_in_other_encodings_are_read(tmp_path):
    root = tmp_path / "docs"
    (root / "en/guide").mkdir(parents=True)
    (root / "ru/guide").mkdir(parents=True)
    (root / "en/guide/sound.md").write_text("# Sound\n\nCheck the sound.\n", encoding="utf-16")
    (root / "en/guide/video.md").write_bytes("\ufeff# Video\n\nCheck the camera.\n".encode())
    (root / "ru/guide/sound.md").write_bytes("# Звук\n\nПроверьте звук.\n".encode("cp1251"))
    corpus = load_corpus(root)
    pages = {(a.locale, a.id): a for a in corpus.articles}
    assert pages["en", "guide/sound"].title == "Sound" and pages["en", "guide/video"].title == "Video"
    assert pages["ru", "guide/sound"].body.strip() == "Проверьте звук."
    assert [str(p) for p in corpus.problems] == [
        "ru/guide/sound.md:1: warning: not UTF-8 (byte 0xc7): read as Windows-1251"
    ]


@pytest.mark.parametrize("opening", [":::{image} pic.png", "```{toctree}", ":::{include} ../a.md"])
def test_an_unclosed_directive_that_stands_for_other_text_drops_only_its_opening(opening):
    rendered = render(f"# P\n\n{opening}\n:alt: x\n\nThe rest of the page.\n\n## Section\n\nMore.\n", "guide")
    assert "The rest of the page." in rendered.text and "More." in rendered.text
    assert [text for _, _, text in rendered.toc] == ["Section"]
    assert "pic.png" not in rendered.text and ":alt:" not in rendered.text


def test_a_longer_fence_holds_shorter_ones_with_their_options_as_written():
    page = '````md\n```sh\nnpm i\n```\n\n```js title="a.js" {2}\nx\n```\n````\n\nAfter.\n'
    rendered = render(page, "guide")
    assert '```js title="a.js" {2}' in html.unescape(rendered.html)
    assert "After." in rendered.text


def test_indented_code_right_after_a_heading_is_left_as_written():
    rendered = render("# P\n\n## Example\n    {{ page.title }} and {{#include x}}\n    {: .note }\n", "guide")
    code = html.unescape(rendered.html.split("<code>", 1)[1])
    assert code.startswith("{{ page.title }} and {{#include x}}\n{: .note }")


def test_a_closing_tag_in_a_fenced_example_does_not_close_the_note():
    page = "<Note>\nWrite a note like this:\n\n```mdx\n<Note>\nText\n</Note>\n```\n</Note>\n"
    page += "\n## After\n\nOutside.\n"
    rendered = render(page, "guide")
    assert "&lt;/Note&gt;" in rendered.html  # the example as written
    note, after = rendered.html.split("</div>", 1)
    assert "Write a note" in note and "Outside." in after and "After" in after


def test_prose_that_only_looks_like_a_template_is_kept():
    # Russian writes «90 %», so a wrapped line may start with "%"; a
    # Handlebars block in a sentence is not an mdBook command.
    rendered = render("Загрузка процессора достигает 90\n% при записи видео.\n", "guide")
    assert "% при записи видео." in rendered.text
    # One that opens a block is a MyST comment.
    myst = render("# Page\n\n% A draft note\n% on two lines\n\nText.\n", "guide")
    assert "draft" not in myst.text and "two lines" not in myst.text and "Text." in myst.text
    assert "{{#if premium}}Premium{{/if}}" in render("Use {{#if premium}}Premium{{/if}} here.\n", "g").text


@pytest.mark.parametrize(
    "line",
    [
        "x {{<a" + " " * 50_000 + "x",
        "x " + "{{<a" * 12_000,
        "{{< a" + " " * 50_000 + "x",
        "{% a" + " " * 50_000 + "x",
        "# h\n{:" + " " * 50_000 + "x",
        ":::{note} x" + " " * 50_000 + "x",
        "x {{#" + "a" * 50_000,
        "x " + "{/*" * 15_000,
        "{/*\n" * 12_000,
        "<Note>\n" * 7_000,
        ":::note\n" * 7_000,
        "{{< hint info >}}\n" * 7_000,
        "::: tip\n" + ":" * 50_000,
        "<div" + " " * 50_000 + "x",
        "<Tab " + "label='a' " * 10_000,
        ":::{include} a\n" * 20_000,
        "```{include} a\n" * 20_000,
        "{% comment %}\n" * 20_000,
        "{::comment}\n" * 20_000,
        ":::{tab-item} a\n" * 2_000,
        "```{note}\n" * 2_000,
        "# a" + "{#a" * 33_000,
    ],
    ids=lambda line: repr(line[:12]),
)
def test_pathological_lines_render_in_linear_time(line):
    # Each took seconds to minutes at this size when a pattern went back
    # over what it had read; the render limit is 10 s, far above this.
    started = time.perf_counter()
    render(line, "guide")
    assert time.perf_counter() - started < 2


def test_a_code_group_is_its_fences_each_under_its_label():
    page = "Install it:\n\n::: code-group\n\n```sh [npm]\nnpm i app\n```\n\n"
    page += "```sh [pnpm]\npnpm add app\n```\n\n:::\n"
    rendered = render(page, "guide")
    assert "note" not in rendered.html and "Code group" not in rendered.text
    assert rendered.text.split("\n")[1:5] == ["npm", "npm i app", "pnpm", "pnpm add app"]
    assert "<strong>npm</strong>" in rendered.html and "[npm]" not in rendered.html


def test_a_search_for_a_closing_tag_is_remembered_only_where_it_holds():
    # The first note's search skips a fence that a comment hides from the
    # page; the second note, after the comment, must still find its end.
    page = "<Note>\n\n{% comment %}\n```\n{% endcomment %}\n<Note>\ntext in note\n</Note>\n"
    assert '<div class="note' in render(page, "guide").html


def test_a_note_closed_in_a_list_item_ends_there():
    page = "1. item\n    <Note>\n    text\n\n    </Note>\n\nAfter the note, rest of page.\n"
    rendered = render(page, "guide")
    assert "After the note" in rendered.html.split("</div>", 1)[1]
    assert "&lt;/Note&gt;" not in rendered.html


def test_a_colon_line_that_names_no_kind_does_not_open_a_directive():
    rendered = render(":::{tab-item} A\nIn the tab.\n:::\n\n::: 123\ntext\n\nAfter.\n", "guide")
    assert "In the tab." in rendered.text and "After." in rendered.text


def test_an_attribute_list_alone_on_its_line_is_not_text():
    # Material for MkDocs: `{ .annotate }` under a code block turns its
    # `# (1)!` markers into annotations; the line itself is not shown.
    page = "```yaml\nx: 1 # (1)!\n```\n{ .annotate }\n\n1.  The note.\n\n"
    page += "{ .grid #cards }\n\nA { .x } in prose.\n"
    rendered = render(page, "guide")
    assert "annotate" not in rendered.text and "grid" not in rendered.text
    assert "x: 1 # (1)!" in rendered.text and "A { .x } in prose." in rendered.text


def test_a_tab_label_may_hold_a_greater_than_sign():
    page = '<Tabs>\n<TabItem value="yarn" label="Yarn > 1.0">\n\nyarn add app\n\n</TabItem>\n</Tabs>\n'
    assert "<strong>Yarn &gt; 1.0</strong>" in render(page, "guide").html


def test_a_colon_line_with_text_and_no_kind_neither_opens_nor_closes():
    rendered = render(":::{card} Title\nBody\n::: 2\nMore body\n:::\n\nAfter.\n", "guide")
    assert "::: 2" in rendered.text and "More body" in rendered.text and "After." in rendered.text
    assert ":::" not in rendered.text.replace("::: 2", "")


@pytest.mark.parametrize("opening", ["{/*", "<Aside>", ":::{toctree}"])
def test_openings_after_lines_that_look_like_fences_are_searched_once(opening):
    # Indented code that looks like an unclosed fence, then an opening that
    # never closes, thousands of times: each search stops where an earlier
    # one found nothing. (Python-Markdown's own fenced-code pattern is slow
    # on such a page too; the render time limit bounds that.)
    lines = ["", "    ```a", opening] * 8_000
    started = time.perf_counter()
    callouts(lines)
    assert time.perf_counter() - started < 2


def test_a_shortcode_opening_before_a_very_long_word_is_read_in_one_pass(tmp_path):
    """A tag's name is read once, not once per letter it could give back:
    a page with a 40,000-letter word after ``{{<`` or ``{%`` renders within
    the build's limit, its words kept."""
    word = "b" * 40_000
    write(tmp_path / "en/guide/long.md", f"# Long\n\na {{{{< {word}\n\n{{{{< {word}\n\n{{% {word}\n")
    corpus = load_corpus(tmp_path)
    assert corpus.problems == []
    assert corpus.articles[0].body.count(word) == 3


@pytest.mark.parametrize(
    ("page", "text"),
    [
        # A sub-item's paragraph, with a shortcode and a note in it.
        (
            "1. Create the config:\n\n   - On Linux.\n\n"
            '     This needs {{< param "version" >}} or later.\n\n'
            "     {{< note >}}\n     Use a recent kernel.\n     {{< /note >}}\n\n2. Apply it.\n",
            "Create the config:\nOn Linux.\nThis needs or later.\nNote\nUse a recent kernel.\nApply it.",
        ),
        # A note over several lines under a step: its text is text.
        (
            "1. Create the Pod\n\n    {{< note >}}\n    Wait for it.\n    {{< /note >}}\n\n1. Check it\n",
            "Create the Pod\nNote\nWait for it.\nCheck it",
        ),
        # MkDocs' admonition under a sub-item.
        (
            "- Step\n\n    - Sub\n\n        !!! note\n            Body of note.\n",
            "Step\nSub\nNote\nBody of note.",
        ),
        # A step after lines that go on the step before it is a step (a list is open).
        (
            "1. Install the tool by running the\ninstaller from the site.\n2. Configure it.\n\n"
            "    {{< note >}}\n    Restart the shell first.\n    {{< /note >}}\n\n3. Done.\n",
            "Install the tool by running the\ninstaller from the site.\n"
            "Configure it.\nNote\nRestart the shell first.\nDone.",
        ),
        # GitHub's alert one to three spaces in: at the margin, as Markdown reads it.
        ("Intro.\n\n  > [!TIP]\n  > Press **Alt+S**.\n", "Intro.\nTip\nPress Alt+S."),
        ("1. Step\n\n   > [!TIP]\n   > Press **Alt+S**.\n\n2. Next\n", "Step\nTip\nPress Alt+S.\nNext"),
    ],
)
def test_notes_and_shortcodes_under_list_items_of_any_depth_are_read(page, text):
    rendered = render(page, "tasks")
    assert rendered.text == text
    assert "<pre>" not in rendered.html and 'class="note note-' in rendered.html


def test_a_number_that_goes_on_a_line_of_text_starts_no_list_item():
    """ "2019." under a line of text is text, so the block four spaces under
    it is code, as written, not a list item's paragraph."""
    page = (
        "The project started in\n2019. Write a note like this:\n\n"
        '    {{< note >}}\n    Example {{< param "version" >}}\n    {{< /note >}}\n\nEnd.\n'
    )
    rendered = render(page, "tasks")
    code = '<pre><code>{{&lt; note &gt;}}\nExample {{&lt; param "version" &gt;}}\n{{&lt; /note &gt;}}'
    assert code in rendered.html
    assert 'class="note' not in rendered.html
    # The same under a paragraph with a line deeper in it: a paragraph, not an item.
    page = page.replace(
        "The project started in\n", "The formula is\n    total = a + b\nfor each row, since\n"
    )
    rendered = render(page, "tasks")
    assert code in rendered.html and 'class="note' not in rendered.html


def test_a_fastapi_code_include_is_the_sites_to_show():
    """FastAPI's docs include a file's code with ``{* path *}`` on a line of
    its own; only their build can read it. In a sentence or in code it stays."""
    page = (
        "# First steps { #first-steps }\n\nThe simplest file:\n\n"
        "{* ../../docs_src/first_steps/tutorial001_py39.py *}\n\n"
        "Copy it.\n\n{* ../../docs_src/query/tutorial010_an_py310.py hl[9:13] *}\n\n"
        "A {* star *} in text.\n\n```\n{* ../../docs_src/kept.py *}\n```\n"
    )
    rendered = render(page, "tutorial")
    lines = ["The simplest file:", "Copy it.", "A {* star *} in text.", "{* ../../docs_src/kept.py *}"]
    assert rendered.text.split("\n") == lines
    assert "<pre><code>{* ../../docs_src/kept.py *}" in rendered.html


def test_code_that_only_includes_a_file_is_the_sites_to_show():
    """markdown-include's ``{!path!}`` (FastAPI's older pages) stands for a
    file the site's build reads in, alone in a fence or on a line; a fence
    with code of its own keeps all of it."""
    page = (
        '# Body\n\nText.\n\n```Python hl_lines="2"\n{!> ../../docs_src/body/tutorial001.py!}\n```\n\n'
        "{!../../../docs_src/intro.md!}\n\nMore.\n\n```\nreal code\n{!kept!}\n```\n"
    )
    rendered = render(page, "tutorial")
    assert rendered.text.split("\n") == ["Text.", "More.", "real code", "{!kept!}"]
    assert "docs_src" not in rendered.html


YFM_PAGE = """# Paging

{% note warning "NULL in a key column" %}

A key column holding NULL sorts first.

{% endnote %}

{% note info %}

Pages are read in key order.

{% endnote %}

{% cut "Good example" %}

Read by key ranges.

{% endcut %}

1. Create the table.
2. {% include [!](_includes/connector_steps.md) %}
3. Read it {% if lang == "ru" %}по-русски{% endif %}{% if lang == "en" %}in English{% endif %}.

![Cluster](_assets/cluster.png =500x)
"""


def test_diplodoc_notes_cuts_includes_sizes_and_language_conditions():
    rendered = render(YFM_PAGE, "dev")
    page = rendered.html
    assert (
        '<div class="note note-warning" role="note">' in page
        and "<strong>NULL in a key column</strong>" in page
    )
    assert '<div class="note note-info" role="note">' in page
    assert "<summary>Good example</summary>" in page and "Read by key ranges." in rendered.text
    assert "include" not in rendered.text and "_includes" not in page and rendered.links == []
    assert "Read it in English." in rendered.text and "по-русски" not in rendered.text
    assert 'src="_assets/cluster.png"' in page
    table = render("## Backup\n\n#|\n|| Method | Where ||\n|| Dump | File\nsystem ||\n|#\n\nEnd.\n", "dev")
    assert "<th>Method</th>" in table.html and "<td>File system</td>" in table.html
    assert table.headings == ["Backup"] and table.text.endswith("End.")
    # A condition between a table's rows does not end the table.
    rows = ["| Codec |", "| --- |", "| `raw` |", '{% if audience != "external" %}', "| `lzop` |"]
    assert render("\n".join([*rows, "{% endif %}", "| `zstd` |"]), "dev").html.count("<tr>") == 4
    assert "{%" not in rendered.text
    assert "по-русски" in render(YFM_PAGE, "dev", "ru").text
    tabs = render(
        "{% list tabs group=lang %}\n\n- Go\n\n   Call `Do`.\n\n- CLI\n\n   Run it.\n\n{% endlist %}\n", "dev"
    )
    assert "<p><strong>Go</strong></p>\n<p>Call <code>Do</code>.</p>" in tabs.html
    assert "<li>" not in tabs.html and tabs.text == "Go\nCall Do.\nCLI\nRun it."


def test_a_diplodoc_tables_bars_in_code_or_escaped_are_text_and_a_table_in_a_step_stays_there():
    page = (
        "1. Join them:\n\n   #|\n   || Operator | Example ||\n   || concat | `a || b` | SQL ||\n"
        "   || pipe | a \\| b ||\n   || block |\n   ```sql\n   SELECT a || b;\n   ```\n   ||\n   |#\n\n"
        "2. Run it.\n"
    )
    rendered = render(page, "dev")
    assert rendered.html.count("<tr>") == 4 and rendered.html.count("<th>") == 3
    assert "<td><code>a || b</code></td>\n<td>SQL</td>" in rendered.html  # the head grew for the extra cell
    assert "<td>a | b</td>" in rendered.html and "SELECT a || b;" in rendered.text
    assert rendered.html.count("<li>") == 2 and rendered.html.index("</table>") < rendered.html.index("</li>")
    # A fence may close where its row does; one of tildes holds its bars too.
    rows = "#|\n|| Lang | Example ||\n|| SQL |\n```sql\nSELECT 1;\n``` ||\n"
    rows += "|| Go |\n~~~\nx || y\n~~~\n||\n|#\n"
    assert render(rows, "dev").text == "Lang\nExample\nSQL\nSELECT 1;\nGo\nx || y"


def test_titles_and_labels_of_tags_show_variables_and_quotes_pair_up():
    page = (
        '{% note info "{{ product }} limits" %}\n\nText.\n\n{% endnote %}\n\n'
        '{% cut "What\'s new in {{ product }}" %}\n\nMore.\n\n{% endcut %}\n\n'
        "{% list tabs %}\n\n- {{ product }} CLI\n\n   Run it.\n\n{% endlist %}\n\n"
        '{{< warning "Note" >}}\nCareful.\n{{< /warning >}}\n\n'
        '{% note info "Note" %}\n\nPlain.\n\n{% endnote %}\n'
    )
    rendered = render(page, "dev", variables={"product": "YDB"})
    assert "<strong>YDB limits</strong>" in rendered.html
    assert "<summary>What's new in YDB</summary>" in rendered.html
    assert "<strong>YDB CLI</strong>" in rendered.html
    # A quoted word is a title, not the note's kind.
    warning = rendered.html.split('<div class="note note-warning" role="note">', 1)[1]
    assert warning.lstrip().startswith("<p><strong>Note</strong></p>")
    assert rendered.text.count("Note") == 2 and "{{" not in rendered.text
    # A value is put in after the arguments are read: its quotes are text.
    quoted = render('{% cut "About {{ c }}" %}\n\nX.\n\n{% endcut %}\n', "dev", variables={"c": 'Say "Hi"'})
    assert '<summary>About Say "Hi"</summary>' in quoted.html
    titled = render('{% note warning "warning" %}\n\nY.\n\n{% endnote %}\n', "dev", "ru")
    assert "<strong>warning</strong>" in titled.html  # its own title, not the label «Предупреждение»


def test_diplodoc_variables_come_from_the_presets_on_the_way_to_the_page(tmp_path):
    write(tmp_path / "presets.yaml", "default:\n  product: YDB\n  cli: ydb\n  oss: true\n")
    write(tmp_path / "en/dev/presets.yaml", "default:\n  cli: ydb-cli\n")
    write(
        tmp_path / "en/dev/upload.md",
        "---\ntitle: Uploading to {{ product }}\n---\n"
        "Run `{{ cli }}` or {{ cli }}, {{ oss }}, {{ unknown }}.\n",
    )
    write(tmp_path / "en/concepts/table.md", "# Tables of {{ product }}\n\nUse {{ cli }}.\n")
    # Diplodoc reads YAML 1.2: `yes` is a word there, and a value shows as written.
    write(tmp_path / "en/concepts/presets.yaml", "default:\n  answer: yes\n  version: 1.10\n")
    write(tmp_path / "en/concepts/faq.md", "# FAQ\n\nVersion {{ version }}? {{ answer }}.\n")
    corpus = load_corpus(tmp_path)
    articles = {a.id: a for a in corpus.articles}
    upload, table = articles["dev/upload"], articles["concepts/table"]
    assert upload.title == "Uploading to YDB" and table.title == "Tables of YDB"
    # The nearer preset wins; code stays as written; a flag and an unknown variable stay too.
    assert upload.body == "Run {{ cli }} or ydb-cli, {{ oss }}, {{ unknown }}."
    assert table.body == "Use ydb." and articles["concepts/faq"].body == "Version 1.10? yes."
    write(tmp_path / "presets.yaml", "default: [not, a, mapping\n")
    broken = load_corpus(tmp_path)
    assert [(str(p.path), p.warning) for p in broken.problems] == [("presets.yaml", True)]
    assert {a.id: a for a in broken.articles}["concepts/table"].title == "Tables of {{ product }}"


def test_a_diplodoc_link_to_a_page_shows_that_pages_title(tmp_path):
    write(
        tmp_path / "en/dev/tables.md",
        "# Tables\n\nSee also:\n\n- [{#T}](keys.md)\n- [{#T}](../gone.md#top)\n",
    )
    write(tmp_path / "en/dev/keys.md", "# Keys & locks\n\nText.\n")
    write(tmp_path / "ru/dev/tables.md", "# Таблицы\n\nСм. [{#T}](keys.md).\n")
    articles = {(a.locale, a.id): a for a in load_corpus(tmp_path).articles}
    english = articles["en", "dev/tables"]
    assert english.body.endswith("See also:\nKeys & locks\nGone")
    assert '<a href="article:dev/keys" rel="noopener noreferrer">Keys &amp; locks</a>' in english.html
    assert "{#T}" not in english.html
    # The page exists only in English: its English title.
    assert articles["ru", "dev/tables"].body.endswith("См. Keys & locks.")


def test_only_a_diplodoc_links_mark_shows_a_title_not_one_in_code_nor_anothers(tmp_path):
    write(
        tmp_path / "en/dev/tables.md",
        "---\ndescription: Read [{#T}](locks.md) first.\n---\n# Tables\n\n"
        "Write `[{#T}](page.md)` for a title. Then [{#T}](keys.md).\n\n## About [{#T}](locks.md)\n\nText.\n",
    )
    write(tmp_path / "en/dev/keys.md", "# Keys\n\nText.\n")
    write(tmp_path / "en/dev/locks.md", "# Locks\n\nText.\n")
    tables = {a.id: a for a in load_corpus(tmp_path).articles}["dev/tables"]
    assert "Write [{#T}](page.md) for a title. Then Keys." in tables.body
    assert "<code>[{#T}](page.md)</code>" in tables.html and ">Keys</a>" in tables.html
    assert tables.summary == "Read Locks first."  # the description's own link, not the body's
    assert tables.headings == ["About Locks"] and [text for _, _, text in tables.toc] == ["About Locks"]
    assert "\ue000" not in tables.words + tables.body and "keys" not in tables.words
    # A page's own private-use characters (an icon font's) are no marks; a
    # link by an address a page's front matter gives it shows that page's title.
    write(tmp_path / "en/dev/icons.md", "# Icons\n\nIcon \ue000 glyph and \ue001 other.\n")
    write(tmp_path / "en/dev/old.md", "---\ntitle: Moved\naliases: [/docs/dev/legacy/]\n---\nText.\n")
    write(tmp_path / "en/dev/see.md", "# See\n\nSee [{#T}](/docs/dev/legacy/).\n")
    articles = {a.id: a for a in load_corpus(tmp_path).articles}
    assert articles["dev/icons"].body == "Icon glyph and other." and "glyph" in articles["dev/icons"].words
    assert articles["dev/see"].body == "See Moved." and ">Moved</a>" in articles["dev/see"].html
