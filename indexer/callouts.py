"""Callouts, tabs and template tags of other docs sites, rewritten as this
site's notes before anything else reads the page.

Each becomes the note a ``::: tip`` container makes (``note``):

- MkDocs admonitions, ``!!! warning "Title"`` over an indented body;
  ``???`` and ``???+`` fold into ``<details>``;
- GitHub alerts, ``> [!NOTE]`` over a quoted body;
- MyST directives, ```` ```{note} Title ```` (their options dropped);
- Just the Docs (kramdown) callouts, ``{: .warning }`` over a paragraph or a
  quote, ``{: .note-title }`` taking the quote's first line as the title;
- the note shortcodes of Hugo and GitBook, ``{{< hint info >}}``,
  ``{{< alert title="Careful" color="warning" >}}``, ``{% hint style="info" %}``.

MkDocs content tabs (``=== "Windows"``), Hugo's ``{{< tab "Linux" >}}`` and
the ``<TabItem label="macOS">`` of Docusaurus and Starlight keep their label
as a bold line above their body. What is template rather than text is dropped: any other
Hugo shortcode or Liquid tag alone on its line (``{% include ... %}``),
Liquid's ``{% comment %}`` and kramdown's ``{::comment}`` blocks,
kramdown's ``{::options /}`` and its ``* TOC`` / ``{:toc}`` placeholder,
the icons of MkDocs Material (``:material-check:``) and emoji shortcodes
(``:tada:``), MDN's badges (``{{optional_inline}}``) and its macros alone on
a line (``{{Compat}}``). ``{{< ref "page.md" >}}`` leaves its path, which
the link it sits in then follows, and an MDN macro in a sentence its link
text (``{{jsxref("Array")}}``). Code blocks stay as written.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import partial

from markdown.preprocessors import Preprocessor

from indexer.limits import MAX_NESTING

# The kinds of note, each a class the sanitizer keeps.
KINDS = ("tip", "info", "note", "warning", "danger", "caution", "important")

# Components that show their label or title above their body: tabs of
# Docusaurus, Starlight and VuePress, and Mintlify's steps, accordions and
# cards, whose title is the section's heading.
TITLED_COMPONENTS = "TabItem|Tab|CodeGroupItem|Step|Accordion|Expandable|Card"
# Cards closed in their own tag (Starlight's <LinkCard title="…" description="…" />,
# ClickHouse's <CardPrimary …/>: Card is one of its name's words): their title
# and their description are their text.
SELF_CLOSED_CARD = re.compile(r"(?:\w*[a-z0-9])?Card(?:[A-Z]\w*)?")
DESCRIPTION = re.compile(r"""\bdescription=(?P<q>["'])(?P<text>.*?)(?P=q)""")
# Most pages have none of these: one scan of the page spares them the walk.
ANY_CALLOUT = re.compile(
    r"^[ \t]*(?:!!!|\?\?\?|===|/{3,}[ \t]*[\w-]|>[ \t]*\[!|\{\{[<%]|\{%|\{:|(?:`{3,}|~{3,})[ \t]*\{"
    r"|:{3,}[ \t]*\{|\[\[toc\]\]|\[TOC\]|<<<|--8<--|\{\*|\{!|\{[ \t]*[.#][\w-]"
    rf"|<(?:{TITLED_COMPONENTS}|LinkCard)\b|\([^()\s]+\)=[ \t]*$|%(?:[ \t]|$))",
    re.M | re.I,
)

CODE_FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
MKDOCS_ADMONITION = re.compile(
    r'^(?P<indent>\s*)(?P<mark>!!!|\?\?\?\+?)\s+(?P<kind>[\w-]+)(?:\s+[\w-]+)*(?:\s+"(?P<title>[^"]*)")?\s*$'
)
MKDOCS_TAB = re.compile(r'^(?P<indent>\s*)===\+?\s+"(?P<title>[^"]*)"\s*$')
# pymdownx's blocks (`/// note | Title` ... `///`, `/// tab | Linux`), whose
# options (`    type: tip`, `    open: True`) stand indented under the opening.
PYMDOWNX_BLOCK = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>/{3,})[ \t]*(?P<kind>[\w-]+)[ \t]*(?:\|(?P<title>.*))?$"
)
PYMDOWNX_PLAIN = {"html", "define", "caption", "figure-caption", "table-caption"}
PYMDOWNX_OPTION = re.compile(r"^ {4,}(?P<name>[\w-]+):(?P<value>.*)$")
GITHUB_ALERT = re.compile(r"^(?P<indent>\s*)>\s*\[!(?P<kind>[A-Za-z]+)\]\s*$")
QUOTED = re.compile(r"^\s*> ?")
MYST_DIRECTIVE = re.compile(r"^\s*\{(?P<kind>[A-Za-z][\w-]*)\}\s*(?P<title>(?:.*\S)?)\s*$")
MYST_OPTION = re.compile(r"^\s*:[\w-]+:")
# A MyST directive written as a colon fence (`:::{note} Title`); the
# container itself is made where every `:::` fence is (``docs_markdown``).
MYST_COLON_FENCE = re.compile(r"^\s*(?P<fence>:{3,})" + MYST_DIRECTIVE.pattern.removeprefix("^"))
COLON_FENCE = re.compile(r"^\s*(?P<fence>:{3,})\s*(?P<kind>\{?[A-Za-z]\S*)?(?P<rest>.*)$")
# MyST marks: a target a `{ref}` points at, `(install-label)=`, and a comment line, `% Draft`.
MYST_TARGET = re.compile(r"^\s*\([^()\s]+\)=\s*$")
MYST_COMMENT = re.compile(r"^%(?:\s|$)")
# kramdown: an attribute list alone on its line ({: .note }), an extension
# ({::comment} ... {:/comment}, {::options ... /}) and the TOC placeholder.
KRAMDOWN_ATTRIBUTES = re.compile(r"^\s*\{:(?![:/])(?P<attributes>[^}]*+)\}\s*$")
KRAMDOWN_EXTENSION = re.compile(r"^\s*\{::(?P<name>\w+)[^}]*?(?P<alone>/)?\}\s*$")
KRAMDOWN_END = re.compile(r"^\s*\{:/(?P<name>\w*)\}\s*$")
# An attribute list alone on its line, Python-Markdown's (`{ .annotate }` of
# Material, under a code block): for the block above, on the site.
ATTRIBUTE = r"""(?:[.#][\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s"'}]+))"""
ATTRIBUTE_LIST = re.compile(rf"^\s*\{{[ \t]*{ATTRIBUTE}(?:[ \t]+{ATTRIBUTE})*[ \t]*\}}\s*$")
KRAMDOWN_TOC = re.compile(r"^\s*(?:[*+-]|1\.)\s+TOC\s*$")
# A heading, whose kramdown attributes (`{: .no_toc }`) go on the next line.
ATX_HEADING = re.compile(r"^ {0,3}#{1,6}\s")
# A Hugo shortcode ({{< name >}}, {{% name %}}, {{< /name >}}) or a Liquid
# tag ({% name %}, {% endname %}) alone on its line.
# Its arguments hold no closing mark, so a line of two tags with text
# between them ({{< note >}}Text.{{< /note >}}) is not one tag.
TEMPLATE_TAG = re.compile(
    r"^\s*(?:\{\{[<%]-?\s*(?P<hugo_close>/)?\s*(?P<hugo>[\w-]++)(?P<hugo_args>(?:[^>%]|[>%](?!\}\}))*+)[>%]\}\}"
    r"|\{%-?\s*(?P<liquid>[\w-]++)(?P<liquid_args>(?:[^%]|%(?!\}))*+)%\})\s*$"
)
LIQUID_COMMENT = re.compile(r"^\s*\{%-?\s*comment\s*-?%\}")
LIQUID_COMMENT_END = re.compile(r"\{%-?\s*endcomment\s*-?%\}")
# A line that stands for text kept elsewhere: VitePress's ``[[toc]]`` (and
# Python-Markdown's ``[TOC]``: the page's contents are the site's to show) and
# ``<<< @/snippets/a.js`` (a file's code), pymdownx's ``--8<-- "file.md"``,
# FastAPI's ``{* ../../docs_src/app.py hl[3] *}`` (a file's code), and
# markdown-include's ``{!../../docs_src/app.py!}`` (a file, in a fence or not).
INCLUDE = r"\{!>?\s*\S+?\s*!\}"
ELSEWHERE = re.compile(
    r"""^\s*(?:\[\[toc\]\]|(?-i:\[TOC\])|<<<\s*(?:@|\.{1,2})?/\S+(?:\s*\[[^\]]*\])?|-+8<-+\s*(?P<q>["']).+(?P=q)"""
    rf"""|\{{\*\s*\S+\.\w+(?:\s+[^*]*)?\*\}}|{INCLUDE})\s*$""",
    re.I,
)
INCLUDE_LINE = re.compile(rf"^\s*{INCLUDE}\s*$")
# pymdownx's block of snippets: a bare marker, file names, a bare marker.
SNIPPETS_MARK = re.compile(r"^\s*-+8<-+\s*$")
# A code span (its backticks matched by as many), or else a MyST role:
# {ref}`Install <install-label>`, {kbd}`Ctrl`; scanned together, left to
# right, so that a role is never looked for inside code.
CODE_OR_ROLE = re.compile(r"(?P<ticks>`+).*?(?<!`)(?P=ticks)(?!`)|\{(?P<role>[\w:-]+)\}`(?P<content>[^`]+)`")
ROLE_TARGET = re.compile(r"^(?P<text>.*?\S)\s*<[^<>]+>$")
# Roles that link (their text is a title or a target's name); any other
# ({code}, {kbd}, {math}) shows its content literally, as code.
LINKING_ROLES = {"ref", "doc", "term", "numref", "any", "download", "eq", "abbr"}
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#])")
# A tab or a titled section (``TITLED_COMPONENTS``) opened on a line of its own.
JSX_TAB = re.compile(
    rf"""^(?P<indent>\s*)<(?:{TITLED_COMPONENTS})\b(?P<attributes>(?:[^>"']|"[^"]*"|'[^']*')*+)(?<!/)>\s*$"""
)
TAB_TITLE = re.compile(r"""\b(?:label|title)=(?P<q>["'])(?P<title>.*?)(?P=q)""")
# A Docusaurus tab with no label shows its value.
TAB_VALUE = re.compile(r"""(?<![\w-])value=(?P<q>["'])(?P<title>.*?)(?P=q)""")
# MDX: a component's opening tag at the start of a line (`<Aside`, `<Tabs.Tab`),
# its closing tag alone on a line, and a comment (`{/* Draft */}`).
JSX_OPENING = re.compile(r"^\s*<(?P<name>[A-Z][\w.]*)(?=[\s/>]|$)")
JSX_CLOSING = re.compile(r"^\s*</(?P<name>[A-Z][\w.]*)>\s*$")
# Code in a fold's title, which the site shows as code.
SUMMARY_CODE = re.compile(r"`([^`]+)`")
# A heading line (ATX), and the id that may end it (`{#id}`).
HEADING_LINE = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(?P<text>.*)")
HEADING_ID_AT_END = re.compile(r"\{#(?P<id>[^}\s\\]+)\\?\}")
# A heading's id written as an MDX comment at its end (react.dev's
# `## Usage {/*usage*/}`, an id's letters only): the id its links use, not
# a comment to drop (`{/*TODO*/}` is one).
MDX_HEADING_ID = re.compile(
    r"^(?P<heading>[ \t]{0,3}#{1,6}[ \t].*?\S)[ \t]*\{/\*(?P<id>[a-z0-9][a-z0-9_-]*)\*/\}[ \t]*$"
)
# HTML's elements, which an old page may write in capitals: not components.
HTML_ELEMENTS = {
    *("html", "body", "div", "span", "p", "a", "b", "i", "u", "s", "em", "strong", "small", "big", "font"),
    *("center", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "col", "colgroup"),
    *("ul", "ol", "li", "dl", "dt", "dd", "pre", "code", "kbd", "samp", "blockquote", "details", "summary"),
    *("section", "article", "aside", "header", "footer", "nav", "main", "figure", "figcaption", "img"),
    *("h1", "h2", "h3", "h4", "h5", "h6", "form", "label", "button", "select", "option", "textarea"),
}
# Components that are notes (Starlight's Aside, Nextra's Callout, Mintlify's
# Note...), their kind in their name or their `type`.
NOTE_COMPONENTS = {"Aside", "Callout", "Admonition", "Note", "Tip", "Info", "Warning", "Caution", "Danger"}
# Components that are notes under names of their own (react.dev's): their
# kind (a pitfall warns; a deep dive, a solution and a hint fold) and the
# name of their label in ``NOTE_LABELS``. A folded one is titled by the
# heading it opens with, where it has one.
NAMED_NOTES = {
    "Pitfall": ("warning", "pitfall"),
    "DeepDive": ("details", "deep-dive"),
    "Solution": ("details", "solution"),
    "Hint": ("details", "hint"),
    "YouWillLearn": ("note", "you-will-learn"),
    "Recap": ("note", "recap"),
    "Challenges": ("note", "challenges"),
}
# A page has MDX to rewrite when a tag runs onto the next line, holds an
# expression (`items={[...]}`) or opens a body on its own line, the body
# right under it (`<Tabs>` over a `<TabItem>`),
# a note component opens, a card is closed in its tag, or a comment is there.
ANY_JSX = re.compile(
    r"^[ \t]*<[A-Z][\w.]*(?:[ \t]*$|[ \t][^>\n]*(?:\{|$))"
    r"|^[ \t]*+<[A-Z][\w.]*+(?:[ \t][^>\n]*+)?(?<!/)>[ \t]*\n[ \t]*\S|^[ \t]*<(?:"
    + "|".join([*NOTE_COMPONENTS, *NAMED_NOTES])
    + r")\b|^[ \t]*<(?:\w*[a-z0-9])?Card(?:[A-Z]\w*)?[ \t/>]|\{/\*",
    re.M,
)
HUGO_REF = re.compile(r"\{\{[<%]\s*(?:rel)?ref\s+\"(?P<path>[^\"]+)\"\s*[>%]\}\}")
# A Hugo shortcode inside a line (one alone on its line is a ``TEMPLATE_TAG``).
# Its arguments are read without going back (``*+``): a line of many
# unclosed ``{{<`` costs one pass, not one per start.
HUGO_INLINE = re.compile(
    r"\{\{[<%]-?\s*(?P<close>/)?\s*(?P<name>[\w-]++)(?P<args>(?:[^>%{}]|[>%](?!\}\}))*+)[>%]\}\}"
)
# A shortcode opened and not closed on its line, its arguments on the next
# (`allows {{<` / `glossary_tooltip text="control plane" term_id="control-plane" >}}`).
HUGO_OPEN = re.compile(r"\{\{[<%](?:[^>%{}]|[>%](?!\}\}))*+$")
MAX_SHORTCODE_LINES = 4
# An item of an ordered list at the margin (`1. Step`, `2) Step`).
ORDERED_ITEM = re.compile(r"^(?P<indent> {0,3})(?P<number>\d{1,9})(?P<delimiter>[.)])(?P<space>[ \t]+)(?=\S)")
# An item of a bulleted list at the margin (not a rule, `- - -`).
BULLET_ITEM = re.compile(r"^ {0,3}(?P<mark>[-*+])[ \t]+(?=\S)(?!(?:(?P=mark)[ \t]*)+$)")
# A blockquote's marks at the start of a line (not ``>}}``, which closes a shortcode).
QUOTE_MARKS = re.compile(r"^[ \t]*(?:>(?!\}\})[ \t]?)+")
# A line that starts a block of its own: it never goes on a sentence.
# (A line may start with the `>}}` that closes a shortcode: Hugo's pages
# often close one there.)
BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|[|#]|>(?!\}\})|`{3}|~{3}|<)")
KEY_TAGS = {"kbd", "key", "keyboard"}  # shortcodes that show a key: its name is text
# Code written through a template tag, to its closing tag.
HIGHLIGHT = "highlight"
HIGHLIGHT_START = re.compile(r"^\s*(?:\{%-?\s*highlight\b|\{\{[<%]-?\s*highlight\b)")
HIGHLIGHT_END = re.compile(
    r"^\s*(?:\{%-?\s*endhighlight\s*-?%\}|\{\{[<%]-?\s*/\s*highlight\s*-?[>%]\}\})\s*$"
)
BACKTICK_RUN = re.compile(r"`+")
LANGUAGE = re.compile(r"[\w#+.-]+")  # a code block's language as a fence names it
GLOSSARY_TOOLTIP = "glossary_tooltip"  # Kubernetes': a term, with its definition on hover
# mdBook's commands (`{{#include ../a.rs}}`, `{{#title Intro}}`), for its
# build: text kept elsewhere, or none.
MDBOOK_COMMAND = re.compile(r"\{\{#(?:include|rustdoc_include|playground|playpen|title)\b[^{}]*+\}\}")
# Jekyll's ways to write a page's address: `{% link guide/a.md %}` (from
# the site's root), `{{ "/guide/a" | relative_url }}`, and a link that
# starts with `{{ site.baseurl }}`; each leaves its path.
LIQUID_PATH = re.compile(
    r"""\{%-?\s*link\s+(?P<page>[^\s%]+)\s*-?%\}"""
    r"""|\{\{-?\s*(?P<q>["'])(?P<path>[^"']*)(?P=q)\s*\|\s*(?:relative|absolute)_url\s*-?\}\}"""
    r"|\{\{-?\s*site\.(?:baseurl|url)\s*-?\}\}"
)
# A site's or page's variable shown in prose: `{{ page.title }}` (Jekyll),
# `{{ config.site_name }}` (MkDocs macros), `{{ $frontmatter.title }}`
# (VitePress); its value is the site's, not the page's text: dropped.
SITE_VARIABLE = re.compile(
    r"\{\{-?\s*(?:site|page|layout|jekyll|config|extra|\$frontmatter|\$params|\$page|\$site)\.[^{}]*?-?\}\}"
)
# MDN's KumaScript macros, written with no spaces inside the braces (a
# template's `{{ t("key") }}` has them). In a sentence a link macro stands
# for its link text, the first argument or, where the macro takes one, a
# non-empty second: {{jsxref("Array")}}, {{Glossary("Callback function",
# "callback")}}; a badge ({{optional_inline}}) stands for nothing. Any other
# macro alone on a line ({{Compat}}, {{jsSidebar("Objects")}}) is a sidebar,
# a banner or a table drawn from elsewhere. Arguments are read without going back.
MACRO_ARGUMENTS = r"""(?:\s*(?:"[^"\n]*"|'[^'\n]*'|[\w.%-]+)?\s*(?:,|(?=\))))*+"""
MACRO_CALL = re.compile(r"\{\{(?P<name>[A-Za-z][\w-]*)\((?P<args>" + MACRO_ARGUMENTS + r")\)\}\}")
MACRO_BADGE = re.compile(
    r"\{\{(?:[A-Za-z-]+_inline|ReadOnlyInline)(?:\(" + MACRO_ARGUMENTS + r"\))?\}\}", re.I
)
# Bare, a macro's name has a capital or an underscore ({{Compat}}, {{jsSidebar}},
# {{Deprecated_Header}}): a template's {{count}} has neither.
BARE_MACRO = r"\{\{(?P<bare>[a-z]*[A-Z_][\w-]*)\}\}"
ANY_MACRO = r"(?:\{\{[A-Za-z][\w-]*\(" + MACRO_ARGUMENTS + r"\)\}\}|\{\{[a-z]*[A-Z_][\w-]*\}\})"
BARE_MACRO_CALL = re.compile(BARE_MACRO)
# A line of nothing but macros: `{{APIRef("Fetch API")}}{{AvailableInWorkers}}`.
MACRO_LINE = re.compile(r"^\s*" + ANY_MACRO + r"(?:\s*" + ANY_MACRO + r")*+\s*$")
# Macros that draw from elsewhere, whatever their arguments: sidebars
# ({{APIRef}}, {{CSSRef}}), banners ({{Deprecated_Header}}), navigation
# ({{NextMenu}}), live samples and tables; in a sentence too, they show nothing.
ELSEWHERE_MACRO = re.compile(
    r"(?:sidebar|ref|menu|menuchapter|sample|example|compat|specifications|header|workers|table|next|previous)$"
)
MACRO_STRING = re.compile(r""""([^"]*)"|'([^']*)'""")
# The link macros, whose text shows: those that take it second (of them, the
# element macros show a tag, and the glossary's text is prose, not code), and
# those that take only the first.
ELEMENT_MACROS = {"htmlelement", "svgelement", "mathmlelement"}
PROSE_MACROS = {"glossary"}
SHOWN_SECOND = {"jsxref", "domxref", "cssxref", *ELEMENT_MACROS, *PROSE_MACROS}
LINK_MACROS = SHOWN_SECOND | {
    "httpheader",
    "httpmethod",
    "httpstatus",
    "svgattr",
    "htmlattrxref",
    "event",
    "webextapiref",
    "rfc",
}
# MDN's description lists: a term's item, then its description as an item
# under it that starts with ": ". The description stays an item, unmarked.
DEFINITION_ITEM = re.compile(r"^(?P<item>\s*[-*+]\s+):\s+(?=\S)")
# What a macro's text may not hold as itself: it is written as HTML, which
# reads the same in Markdown and in raw HTML (a table's cell), so Markdown's
# marks and a table's bar are entities.
MARKDOWN_MARKS = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]#|~"})
ICON = re.compile(r":(?:material|octicons|fontawesome|simple)-[\w-]+:")
# An emoji shortcode (:tada:, :+1:) standing as a word of its own: a picture, not text.
EMOJI = re.compile(r"(?<!\S):[a-z0-9_+-]+:(?=[\s.,;!?)]|$)")
# What a line's prose may hold that ``_prose`` or a role rewrites: a page
# with none of it (nor a callout) is not walked.
ANY_INLINE = re.compile(
    "|".join(
        [
            r"\{\{[<%#]",
            LIQUID_PATH.pattern,
            SITE_VARIABLE.pattern,
            ICON.pattern,
            EMOJI.pattern,
            r"(?<![`\w$])\{[\w:-]+\}`",
            r"\{\{[A-Za-z][\w-]*(?:\(|\}\})",
            r"(?m:^[ \t]*[-*+][ \t]+:[ \t])",
        ]
    )
)
# Shortcodes that are notes, and the argument that names their kind
# (`{{< hint warning >}}`, `{% hint style="info" %}`, `{{% notice tip %}}`).
TAB_TAGS = {"tab", "tabitem"}  # shortcodes of one tab: their label is kept
NOTE_TAGS = {"hint", "notice", "alert", "callout", "admonition", *KINDS}
TAG_ARGUMENT = re.compile(r"""(?:(?P<key>\w+)\s*=\s*)?(?:["'](?P<quoted>[^"']*)["']|(?P<bare>[^\s"'=]+))""")

# The MyST directives that are notes; ``code-block`` is code, any other
# (``{toctree}``, ``{python}`` in Quarto) is left a code block.
MYST_NOTES = {*KINDS, "admonition", "seealso", "hint", "attention", "error", "dropdown"}
MYST_CODE = {"code-block", "code", "sourcecode"}
# Directives that stand for text kept elsewhere (a table of contents, a
# file's text, a picture): dropped with their body.
MYST_ELSEWHERE = {"toctree", "tableofcontents", "contents", "include", "literalinclude", "image"}
# Directives whose body is Markdown to read (sphinx-design's tabs, grids
# and cards, a figure's caption, a list table's rows); of these, the ones
# whose argument is a label (a tab's, a card's, a table's caption) keep it.
MYST_LABELLED = {"tab-item", "grid-item-card", "card", "list-table", "table", "topic", "sidebar", "rubric"}
MYST_READ = {*MYST_LABELLED, "tab-set", "grid", "grid-item", "figure", "glossary", "only", "container", "div"}

Rewritten = tuple[list[str], int]  # the lines a construct becomes, and where the next one starts


# The language of the page being read, which a note without a title of its
# own is labelled in: set by ``indexer.render.render`` for each page.
PAGE_LOCALE: ContextVar[str] = ContextVar("page_locale", default="en")
# A note's label where its page gives none, by the page's language; English
# (and any kind without one here) is the kind's name.
NOTE_LABELS = {
    "ru": {
        "tip": "Совет",
        "info": "Информация",
        "note": "Примечание",
        "warning": "Предупреждение",
        "danger": "Опасно",
        "caution": "Осторожно",
        "important": "Важно",
        "details": "Подробнее",
        "pitfall": "Подводный камень",
        "deep-dive": "Подробнее",
        "solution": "Решение",
        "hint": "Подсказка",
        "you-will-learn": "Вы узнаете",
        "recap": "Итоги",
        "challenges": "Задания",
    },
}


def note(kind: str, title: str, anchor: str = "") -> tuple[list[str], str]:
    """The lines that open a note of ``kind`` (``details`` folds) under a
    bold ``title`` (the kind's name, in the page's language, without one),
    and its closing tag. A fold's title may carry an ``anchor`` (the id of
    the heading it was made from), so that links to it still land.

    >>> note("warning", "")
    (['', '<div class="note note-warning" role="note" markdown="1">', '', '**Warning**', ''], '</div>')
    >>> token = PAGE_LOCALE.set("ru"); note("tip", "")[0][3]; PAGE_LOCALE.reset(token)
    '**Совет**'
    >>> note("details", "Is `useId` <safe>?", "why")[0][2]
    '<summary><span id="why"></span>Is <code>useId</code> &lt;safe&gt;?</summary>'
    """
    kind = kind.lower()
    # Escaped for HTML; Markdown in it (`code`) is read, as the sites do: a
    # note's by Markdown, a fold's summary (raw HTML to Markdown) here.
    title = html.escape(title or note_label(kind))
    if kind == "details":
        places = f'<span id="{html.escape(anchor)}"></span>' if anchor else ""
        summary = SUMMARY_CODE.sub(r"<code>\1</code>", title)
        return ["", '<details markdown="1">', f"<summary>{places}{summary}</summary>", ""], "</details>"
    kind_class = f" note-{kind}" if kind in KINDS else ""
    return ["", f'<div class="note{kind_class}" role="note" markdown="1">', "", f"**{title}**", ""], "</div>"


def note_label(kind: str) -> str:
    """A note's label where its page gives none: its kind, in the page's language."""
    kind = kind.lower()
    return NOTE_LABELS.get(PAGE_LOCALE.get(), {}).get(kind) or kind.replace("-", " ").capitalize()


class CalloutPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        page = "\n".join(lines)
        walk = ANY_CALLOUT.search(page) or ANY_INLINE.search(page) or ANY_JSX.search(page)
        return callouts(lines) if walk else lines


@dataclass
class FenceEnds:
    """Where the code fences of one list of lines close, remembered: for each
    fence marker, the first line from which none closes it. ``closes_fence``
    reads one line at a time, so none closes it later either, and a page of
    many unclosed fences costs one search, not one each."""

    unclosed_from: dict[str, int] = field(default_factory=dict)

    def end(self, lines: list[str], start: int, fence: str) -> int:
        """``_fence_end``, remembered: the end of the page if it never closes."""
        if start >= self.unclosed_from.get(fence, len(lines) + 1):
            return len(lines)
        end = _fence_end(lines, start, fence)
        if end == len(lines):
            self.unclosed_from[fence] = min(start, self.unclosed_from.get(fence, start))
        return end


@dataclass
class _Walk:
    """What a walk over one list of lines keeps: how deep it is among the
    bodies it reads, the shortcode notes still open, and, for each closing
    line looked for and not found, the lines that search looked at (a search
    from any of them finds none either), so that a page of many unclosed
    openings costs one search, not one each."""

    depth: int = 0
    open_tags: list[tuple[str, str]] = field(default_factory=list)  # (name, closing tag)
    unclosed: dict[object, set[int]] = field(default_factory=dict)
    fences: FenceEnds = field(default_factory=FenceEnds)
    # For each indented line asked about, its indent and whether it is a
    # list item's paragraph: the lines under one item share the answer.
    item_paragraphs: dict[int, tuple[int, bool]] = field(default_factory=dict)
    # The names of the components some line of the walk closes (`</Tabs>`),
    # read once: one that none closes is not looked for line by line.
    closed_names: set[str] | None = None

    def closed(self, lines: list[str], name: str) -> bool:
        if self.closed_names is None:
            self.closed_names = {m["name"] for line in lines if (m := JSX_CLOSING.match(line))}
        return name in self.closed_names

    def inner(self) -> _Walk:
        return _Walk(depth=self.depth + 1)


def callouts(lines: list[str], outer: _Walk | None = None) -> list[str]:
    """``lines`` with every callout a note and every template tag gone.

    >>> callouts(["> [!TIP]", "> Press Alt+S."])[1:5]
    ['<div class="note note-tip" role="note" markdown="1">', '', '**Tip**', '']
    """
    walk = outer.inner() if outer else _Walk()
    if walk.depth > MAX_NESTING:  # bodies within bodies: past the limit, left as written
        return lines
    out: list[str] = []
    at = 0
    while at < len(lines):
        rewritten, at = _rewritten_at(lines, at, walk)
        out += rewritten
    return out + [closer for _, closer in reversed(walk.open_tags)]


def _rewritten_at(lines: list[str], at: int, walk: _Walk) -> Rewritten:
    """What the construct that starts at ``at`` becomes."""
    line = lines[at]
    if _indented_code(lines, at, walk):
        end = _indented_end(lines, at, "")
        return lines[at:end], end
    if code := CODE_FENCE.match(line):
        end = walk.fences.end(lines, at + 1, code["fence"])
        directive = MYST_DIRECTIVE.match(code["info"])
        if directive and directive["kind"] in MYST_NOTES:
            body = _myst_body(lines[at + 1 : end])
            return _wrapped(directive["kind"], directive["title"], body, walk), end + 1
        if directive and directive["kind"] in MYST_ELSEWHERE and end == len(lines):
            return [""], _options_end(lines, at + 1)  # unclosed: only its opening is dropped
        if directive and directive["kind"] in MYST_ELSEWHERE | MYST_READ:
            return _myst_read(directive, lines[at + 1 : end], walk), end + 1
        if directive and directive["kind"] in MYST_CODE:
            body = _myst_body(lines[at + 1 : end])
            return [code["fence"] + directive["title"], *body, *lines[end : end + 1]], end + 1
        body = [line for line in lines[at + 1 : end] if line.strip()]
        if body and end < len(lines) and all(INCLUDE_LINE.match(line) for line in body):
            return [""], end + 1  # code only the site's build reads in
        return lines[at : end + 1], end + 1
    block = MKDOCS_ADMONITION.match(line) or MKDOCS_TAB.match(line)
    if block and (end := _indented_end(lines, at + 1, block["indent"])) > at + 1:
        indent = block["indent"]
        body = [_dedented(body_line, len(indent) + 4) for body_line in lines[at + 1 : end]]
        if block.re is MKDOCS_TAB:
            return tab_label(block["title"], indent) + [indent + part for part in callouts(body, walk)], end
        kind = "details" if block["mark"].startswith("?") else block["kind"]
        return _wrapped(kind, block["title"] or note_label(block["kind"]), body, walk, indent), end
    if (block := PYMDOWNX_BLOCK.match(line)) and (
        end := _first_line(lines, at + 1, block["fence"], lambda text: text.strip() == block["fence"], walk)
    ):
        return _pymdownx_block(block, lines[at + 1 : end], walk), end + 1
    if (alert := GITHUB_ALERT.match(line)) and alert["kind"].lower() in KINDS:
        end = _quote_end(lines, at + 1)
        return _wrapped(alert["kind"], "", _unquoted(lines[at + 1 : end]), walk, alert["indent"]), end
    if KRAMDOWN_TOC.match(line) and at + 1 < len(lines) and KRAMDOWN_ATTRIBUTES.match(lines[at + 1]):
        return [], at + 2
    if (
        ATX_HEADING.match(line)
        and at + 1 < len(lines)
        and not _indented_code(lines, at + 1, walk)
        and (attributes := KRAMDOWN_ATTRIBUTES.match(lines[at + 1]))
    ):
        # kramdown gives a heading the attributes under it; attr_list, those at its end.
        return [_outside_code_spans(f"{line.rstrip()} {{: {attributes['attributes'].strip()} }}")], at + 2
    if ATTRIBUTE_LIST.match(line) and (_after_blank(lines, at) or CODE_FENCE.match(lines[at - 1])):
        return [""], at + 1
    if (attributes := KRAMDOWN_ATTRIBUTES.match(line)) and _after_blank(lines, at):
        return _kramdown_callout(lines, at, attributes["attributes"], walk)
    if extension := KRAMDOWN_EXTENSION.match(line):
        ending = partial(_kramdown_ends, name="comment")
        end = _first_line(lines, at + 1, "{:/comment}", ending, walk, past_code=False)
        if extension["name"] == "comment" and not extension["alone"] and end is not None:
            return [], end + 1
        return [""], at + 1  # an unclosed comment hides nothing but its opening
    if KRAMDOWN_END.match(line):
        return [""], at + 1
    if ELSEWHERE.match(line):
        return [""], at + 1
    if SNIPPETS_MARK.match(line):
        end = _first_line(lines, at + 1, "--8<--", SNIPPETS_MARK.match, walk, past_code=False)
        return [""], at + 1 if end is None else end + 1
    if (tab := JSX_TAB.match(line)) and (
        title := TAB_TITLE.search(tab["attributes"]) or TAB_VALUE.search(tab["attributes"])
    ):
        body, end = _jsx_body(lines, at + 1, line, walk) or ([], at + 1)
        return tab_label(title["title"], tab["indent"]) + body, end
    if line.lstrip().startswith("{/*") and "*/}" not in line:
        end = _first_line(lines, at + 1, "*/}", lambda text: "*/}" in text, walk)
        return (
            ([""], at + 1) if end is None else ([_outside_code_spans(lines[end].split("*/}", 1)[1])], end + 1)
        )
    if (jsx := JSX_OPENING.match(line)) and (tag_end := _jsx_tag_end(lines, at, jsx.end())):
        return _jsx_component(lines, at, jsx["name"], tag_end, walk)
    if LIQUID_COMMENT.match(line):
        return _liquid_comment(lines, at, walk)
    tag = TEMPLATE_TAG.match(line)
    if tag and (tag["liquid"] or tag["hugo"] or "").lower() == HIGHLIGHT and not tag["hugo_close"]:
        return _highlighted(lines, at, tag, walk)
    if tag and _shows_text(tag):
        return [_outside_code_spans(line)], at + 1  # a word of the paragraph it stands in
    if tag:
        return _template_tag(tag, walk.open_tags, line[: len(line) - len(line.lstrip())]), at + 1
    if (colon := MYST_COLON_FENCE.match(line)) and colon["kind"] in MYST_ELSEWHERE | MYST_READ:
        end = _colon_fence_end(lines, at + 1, colon["fence"], walk)
        if colon["kind"] in MYST_ELSEWHERE and end == len(lines):
            return [""], _options_end(lines, at + 1)  # unclosed: only its opening is dropped
        return _myst_read(colon, lines[at + 1 : end], walk), end + 1
    if colon:
        return [line], _options_end(lines, at + 1)
    if MYST_TARGET.match(line) or _myst_comment(lines, at) or _macro_line(line):
        return [""], at + 1
    end = _shortcode_end(lines, at)
    depth = _quote_depth(line)
    line = " ".join([line, *((_continuation(part, depth) or "").strip() for part in lines[at + 1 : end])])
    line = MDX_HEADING_ID.sub(r"\g<heading> {#\g<id>}", line)
    return [_outside_code_spans(DEFINITION_ITEM.sub(r"\g<item>", line))], end


def _shortcode_end(lines: list[str], at: int) -> int:
    """Where the line at ``at`` ends, with the lines that shortcodes opened
    on it, outside code, run over to their close (a sentence's lines are
    one paragraph either way); a blank line or a new block ends the search,
    and each shortcode may take ``MAX_SHORTCODE_LINES`` lines.

    >>> _shortcode_end(["a {{< glossary_tooltip", 'text="Pods" term_id="pod" >}} run.', "b"], 0)
    2
    >>> _shortcode_end(["a {{<", "", 'text="Pods" >}}'], 0), _shortcode_end(["a {{< x", "- b >}}"], 0)
    (1, 1)
    >>> _shortcode_end(["Open with `{{<` and", "close with `>}}`."], 0)
    1
    >>> _shortcode_end(["a {{< tooltip", 'text="A" >}}, {{< tooltip', 'text="B"', ">}} c", "d"], 0)
    4
    >>> _shortcode_end(["> a {{< tooltip", '> text="A" >}} b', "c {{<", '> text="C" >}}'], 0)
    2
    """
    if "{{" not in lines[at]:
        return at + 1  # most lines: no code spans to look past
    blanked = _without_code_spans(lines[at])
    opened = HUGO_OPEN.search(blanked)
    ends, limit = at + 1, at + MAX_SHORTCODE_LINES
    depth = _quote_depth(lines[at])
    line = at + 1
    while opened and line < min(limit, len(lines)):
        text = _continuation(lines[line], depth)
        if text is None or not text.strip() or BLOCK_START.match(text):
            break
        blanked += " " + _without_code_spans(text.strip())
        line += 1
        if closed := HUGO_INLINE.match(blanked, opened.start()):
            # The line that closes one may open the next («DeviceClasses,
            # {{< glossary_tooltip» / «text="ResourceSlices" ... >}}»).
            ends, limit = line, line + MAX_SHORTCODE_LINES - 1
            opened = HUGO_OPEN.search(blanked, closed.end())
    return ends


def _quote_depth(line: str) -> int:
    """How many quotes deep ``line`` is (``> >`` is two; ``>}}`` closes a shortcode)."""
    marks = QUOTE_MARKS.match(line)
    return marks[0].count(">") if marks else 0


def _continuation(line: str, depth: int) -> str | None:
    """The text of ``line`` as a line of a sentence quoted ``depth`` deep:
    quoted as deep, or not quoted at all (Markdown's lazy continuation);
    None when it is quoted otherwise."""
    found = _quote_depth(line)
    if found not in (depth, 0):
        return None
    marks = QUOTE_MARKS.match(line)
    return line[marks.end() :] if marks else line


def _without_code_spans(line: str) -> str:
    """``line`` with each code span blanked out, its length kept."""
    return CODE_OR_ROLE.sub(lambda found: " " * len(found[0]) if found["ticks"] else found[0], line)


def _myst_body(lines: list[str]) -> list[str]:
    """A MyST directive's body without its options: ``:key: value`` lines,
    or a YAML block between ``---`` lines, at its top.

    >>> _myst_body([":class: tip", "Body"]), _myst_body(["---", "class: tip", "---", "Body"])
    (['Body'], ['Body'])
    """
    return lines[_options_end(lines, 0) :]


def _jsx_tag_end(lines: list[str], at: int, start: int) -> tuple[int, int] | None:
    """The line and column just past the ``>`` that ends a JSX tag begun
    before ``lines[at][start]``, read past quoted values and ``{...}``
    expressions; None when no ``>`` ends it within 50 lines (prose)."""
    depth, quote = 0, ""
    for n in range(at, min(len(lines), at + 50)):
        for column in range(start if n == at else 0, len(lines[n])):
            char = lines[n][column]
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'`" and not (column and lines[n][column - 1].isalnum()):  # not "don't"
                quote = char
            elif char in "{}":
                depth += 1 if char == "{" else -1
            elif char == ">" and depth <= 0:
                return n, column + 1
    return None


def _jsx_component(lines: list[str], at: int, name: str, tag_end: tuple[int, int], walk: _Walk) -> Rewritten:
    """A component's opening tag: a card closed in it shows its title and
    description, a note component's (alone on its line) opens a note, any
    other is dropped when it runs over lines or holds an
    expression, which Python-Markdown would show as text; one on a line
    that neither is left to the sanitizer, which keeps only its text."""
    last, column = tag_end
    tag = "\n".join([*lines[at:last], lines[last][:column]])
    rest = lines[last][column:]
    if SELF_CLOSED_CARD.fullmatch(name) and tag[:-1].rstrip().endswith("/"):
        title, text = TAB_TITLE.search(tag), DESCRIPTION.search(tag)
        indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
        shown = tab_label(title["title"] if title else "", indent) + ([text["text"], ""] if text else [])
        return [*shown, _outside_code_spans(rest)], last + 1
    if (
        (name in NOTE_COMPONENTS or name in NAMED_NOTES)
        and not rest.strip()
        and not tag.rstrip(">").endswith("/")
    ):
        inside = _jsx_body(lines, last + 1, lines[at], walk)
        if inside is None:  # never closed: no note, its text goes on
            return [""], last + 1
        opening, closer, body = _component_note(name, tag.split(name, 1)[1].rstrip(">"), inside[0])
        return [*opening, *body, "", closer, ""], inside[1] + 1
    if _wraps(lines, last, rest, tag, name) and walk.closed(lines, name):
        # Any other component that wraps the lines right under it (<Tabs>
        # over its <TabItem>s): its body is read as MDX reads it, as far in
        # as its tag (in a list's item, or at the margin), where indented
        # four spaces more it would be code.
        inside = _jsx_body(lines, last + 1, lines[at], walk)
        if inside is not None:
            indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
            return ["", *(indent + line if line.strip() else line for line in inside[0]), ""], inside[1] + 1
    if last == at and "{" not in tag or last > at and rest.strip():  # a tag on one line; prose
        return [_outside_code_spans(lines[at])], at + 1
    return [_outside_code_spans(rest)], last + 1


def _wraps(lines: list[str], last: int, rest: str, tag: str, name: str) -> bool:
    """Whether a component's opening tag, ending on line ``last`` with
    ``rest`` after it, opens a body of components right under it (`<Tabs>`
    over a `<TabItem>`). A blank line under it ends it as an HTML block
    (CommonMark, VitePress), and what is indented after that is code there;
    text right under it is text of the list item or paragraph it stands in;
    an HTML element's name, in capitals or not, is an old page's HTML
    (`<TABLE>`, `<Table border="1">`)."""
    opens = not rest.strip() and not tag.rstrip(">").endswith("/") and name.lower() not in HTML_ELEMENTS
    return opens and last + 1 < len(lines) and bool(JSX_OPENING.match(lines[last + 1]))


def _component_note(name: str, arguments: str, body: list[str]) -> tuple[list[str], str, list[str]]:
    """The lines that open and close the note a component makes, and its body."""
    if name not in NAMED_NOTES:
        return (*note(*_tag_kind_and_title(name.lower(), arguments)), body)
    kind, label = NAMED_NOTES[name]
    title, anchor = "", ""
    if kind == "details":
        title, anchor, body = _titled_by_heading(body)
    return (*note(kind, title or note_label(label), anchor), body)


def _titled_by_heading(body: list[str]) -> tuple[str, str, list[str]]:
    """The text of the heading ``body`` opens with, its id if it gives one
    (``{#why}``, or escaped for MDX), and the rest of ``body``; no title and
    all of ``body`` if it opens with anything else. An id made from the
    heading's words is not given: a section of the page may have the same
    words, and the id.

    >>> _titled_by_heading(["", "#### Why `keys`? {#why}", "", "Because."])
    ('Why `keys`?', 'why', ['', 'Because.'])
    >>> _titled_by_heading(["#### Why \\\\{#why\\\\}"]), _titled_by_heading(["#### Calling from C# ##"])
    (('Why', 'why', []), ('Calling from C#', '', []))
    >>> _titled_by_heading(["Because."])
    ('', '', ['Because.'])
    """
    first = next((n for n, line in enumerate(body) if line.strip()), None)
    heading = HEADING_LINE.match(body[first]) if first is not None else None
    if heading is None:
        return "", "", body
    text = _closed_heading_text(heading["text"])
    start = text.rfind("{#")  # from the end: a long heading costs one pass
    given = HEADING_ID_AT_END.fullmatch(text, start) if start >= 0 else None
    if given is None:
        return text, "", body[first + 1 :]
    return text[:start].removesuffix("\\").strip(), given["id"], body[first + 1 :]


def _closed_heading_text(text: str) -> str:
    """A heading's text without the closing run of ``#`` that may end it
    after a space (CommonMark), read from the end: no backtracking.

    >>> _closed_heading_text("Why? ##  "), _closed_heading_text("Calling from C#")
    ('Why?', 'Calling from C#')
    """
    text = text.rstrip()
    opened = text.rstrip("#")
    return opened.rstrip() if opened != text and (not opened or opened[-1] in " \t") else text


def _jsx_body(lines: list[str], start: int, opening: str, walk: _Walk) -> Rewritten | None:
    """The lines from ``start`` to the tag that closes ``opening``, moved to
    the margin: MDX reads no indented code, and a tab's text sits four spaces
    in under ``<Tabs>`` and ``<TabItem>``. A closing tag in fenced code is an
    example, not the end. None if it never closes."""
    name = JSX_OPENING.match(opening)["name"]
    indent = len(opening) - len(opening.lstrip())

    def closes(line: str) -> bool:
        closing = JSX_CLOSING.match(line)
        return bool(closing) and closing["name"] == name and len(line) - len(line.lstrip()) <= indent

    end = _first_line(lines, start, (name, indent), closes, walk)
    if end is None:
        return None
    margin = _margin(lines[start:end])
    body = [_dedented(line, margin) for line in lines[start:end]]
    return callouts(body, walk), end


def _first_line(
    lines: list[str],
    start: int,
    key: object,
    found: Callable[[str], object],
    walk: _Walk,
    past_code: bool = True,
) -> int | None:
    """The first line from ``start`` that is ``found``, past fenced code
    unless not ``past_code``; None if none, which ``walk`` remembers under
    ``key`` with the lines looked at: a search from one of them reads the
    same lines after it."""
    remembered = walk.unclosed.setdefault(key, set())
    looked_at = set()
    at = start
    while at < len(lines):
        if at in remembered:  # a search from here found none before
            break
        looked_at.add(at)
        if past_code and (code := CODE_FENCE.match(lines[at])):
            at = walk.fences.end(lines, at + 1, code["fence"]) + 1
        elif found(lines[at]):
            return at
        else:
            at += 1
    remembered.update(looked_at)
    return None


def _myst_comment(lines: list[str], at: int) -> bool:
    """Whether line ``at`` is a MyST comment: ``%`` opening a block (the
    first line, after a blank one or another comment), not a wrapped line of
    prose that happens to start with it (Russian writes «90 %»)."""
    follows = _after_blank(lines, at) or MYST_COMMENT.match(lines[at - 1])
    return bool(MYST_COMMENT.match(lines[at]) and follows)


def _after_blank(lines: list[str], at: int) -> bool:
    """Whether line ``at`` is the first, or follows a blank line: where a block may open."""
    return at == 0 or not lines[at - 1].strip()


def _margin(lines: list[str]) -> int:
    return min((len(line) - len(line.lstrip(" ")) for line in lines if line.strip()), default=0)


def _myst_read(directive: re.Match[str], body: list[str], walk: _Walk) -> list[str]:
    """A directive that is not a note: its body read as Markdown, under its
    label if it has one, or nothing if it stands for text kept elsewhere."""
    if directive["kind"] in MYST_ELSEWHERE:
        return [""]
    label = directive["title"] if directive["kind"] in MYST_LABELLED else ""
    return tab_label(label) + callouts(_myst_body(body), walk) + [""]


def _colon_fence_end(lines: list[str], start: int, fence: str, walk: _Walk) -> int:
    """Where the colon fence ``fence`` opened before ``start`` closes: a
    bare fence as long or longer once those opened inside are closed,
    as ``docs_markdown`` pairs them (the end of the page if never). A search
    that finds none is remembered, as ``_first_line`` remembers, at the
    lines where nothing was open inside."""
    remembered = walk.unclosed.setdefault((":", fence), set())
    inner: list[str] = []  # the fences opened inside, still open
    looked_at = set()
    at = start
    while at < len(lines):
        if not inner and at in remembered:  # a search from here found none before
            break
        if not inner:
            looked_at.add(at)
        if code := CODE_FENCE.match(lines[at]):
            at = walk.fences.end(lines, at + 1, code["fence"]) + 1
            continue
        if colon := COLON_FENCE.match(lines[at]):
            if colon["kind"] and len(inner) == MAX_NESTING:
                break  # containers past the nesting limit are text to docs_markdown: none closes this one
            if colon["kind"]:
                inner.append(colon["fence"])
            elif colon["rest"].strip():
                pass  # `::: 2` opens and closes nothing: text, as docs_markdown reads it
            elif inner and len(colon["fence"]) >= len(inner[-1]):
                inner.pop()
            elif not inner and len(colon["fence"]) >= len(fence):
                return at
        at += 1
    remembered.update(looked_at)
    return len(lines)


def _options_end(lines: list[str], start: int) -> int:
    """Where the options of a MyST directive whose body starts at ``start`` end."""
    if start < len(lines) and lines[start].strip() == "---":
        end = next((n for n in range(start + 1, len(lines)) if lines[n].strip() == "---"), None)
        return start if end is None else end + 1
    return next((n for n in range(start, len(lines)) if not MYST_OPTION.match(lines[n])), len(lines))


def _liquid_comment(lines: list[str], at: int, walk: _Walk) -> Rewritten:
    """``{% comment %}`` hides everything to its ``{% endcomment %}``, on its
    own line or the same one; the text after the end stays. Unclosed, it
    hides only its opening."""
    same_line = lines[at].split("%}", 1)[-1]
    if LIQUID_COMMENT_END.search(same_line):
        n, text = at, same_line
    else:
        found = _first_line(lines, at + 1, "endcomment", LIQUID_COMMENT_END.search, walk, past_code=False)
        if found is None:
            return [""], at + 1
        n, text = found, lines[found]
    rest = text[LIQUID_COMMENT_END.search(text).end() :]
    return ([rest] if rest.strip() else [""]), n + 1


def _outside_code_spans(line: str) -> str:
    """``line`` with icons dropped, refs made paths and MyST roles shown
    as a reader sees them, except in `code`.

    >>> _outside_code_spans("See {ref}`Install <install-label>`, `${n}` and {kbd}`Ctrl`.")
    'See Install, `${n}` and `Ctrl`.'
    """
    out: list[str] = []
    done = 0
    for found in CODE_OR_ROLE.finditer(line):
        out += [_prose(line[done : found.start()]), found[0] if found["ticks"] else _role(found)]
        done = found.end()
    return "".join([*out, _prose(line[done:])])


def _prose(text: str) -> str:
    text = _without_jsx_comments(text)
    text = HUGO_INLINE.sub(_hugo_inline, HUGO_REF.sub(_hugo_path, text))
    text = SITE_VARIABLE.sub("", MDBOOK_COMMAND.sub("", LIQUID_PATH.sub(_liquid_path, text)))
    text = MACRO_BADGE.sub("", MACRO_CALL.sub(_macro, text))
    text = BARE_MACRO_CALL.sub(_bare_macro, text)
    return EMOJI.sub("", ICON.sub("", text))


def _bare_macro(call: re.Match[str]) -> str:
    """A macro with no arguments in a sentence: nothing if it draws from
    elsewhere (``{{SeeCompatTable}}``), else as written.

    >>> BARE_MACRO_CALL.sub(_bare_macro, "{{SeeCompatTable}} Using {{ItemCount}}")
    ' Using {{ItemCount}}'
    """
    return "" if ELSEWHERE_MACRO.search(call["bare"].lower()) else call[0]


def _macro_line(line: str) -> bool:
    """Whether ``line`` is macros that stand for something drawn from elsewhere.

    >>> _macro_line('{{APIRef("Fetch API")}}{{AvailableInWorkers}}'), _macro_line('{{jsxref("Array")}}')
    (True, False)
    """
    return bool(MACRO_LINE.match(line)) and not any(
        call["name"].lower() in LINK_MACROS for call in MACRO_CALL.finditer(line)
    )


def _macro(call: re.Match[str]) -> str:
    """A KumaScript macro in a sentence as its link text shows, as HTML.

    >>> _macro(MACRO_CALL.search('{{jsxref("Global_Objects/undefined", "undefined")}}'))
    '<code>undefined</code>'
    >>> _macro(MACRO_CALL.search('{{HTMLElement("input/checkbox")}}'))
    '<code>&lt;input&gt;</code>'
    >>> _macro(MACRO_CALL.search("{{Glossary('DOM')}}"))
    'DOM'
    >>> _macro(MACRO_CALL.search('{{domxref("History API", "", "", 1)}}'))
    '<code>History API</code>'
    >>> _macro(MACRO_CALL.search('{{Glossary("a", "*b* | c")}}'))
    '&#42;b&#42; &#124; c'
    >>> _macro(MACRO_CALL.search("{{EmbedLiveSample(600)}}"))  # no text to show
    ''
    >>> _macro(MACRO_CALL.search('{{EmbedLiveSample("Basic_example", "100%", 60)}}'))  # a sample, not text
    ''
    """
    name = call["name"].lower()
    strings = [double or single for double, single in MACRO_STRING.findall(call["args"])]
    if not strings or not strings[0] or (name not in LINK_MACROS and ELSEWHERE_MACRO.search(name)):
        return ""
    second = strings[1] if len(strings) > 1 and name in SHOWN_SECOND else ""
    shown = second or _named(name, strings[0])
    text = html.escape(f"<{shown}>" if name in ELEMENT_MACROS and not second else shown, quote=False)
    text = text.translate(MARKDOWN_MARKS)
    return text if name in PROSE_MACROS else f"<code>{text}</code>"


def _named(macro: str, argument: str) -> str:
    """What a macro's first argument names: an element macro's element, with
    its kind cut (``input/checkbox``); an xref macro's page, by the last
    part of its path (``Global_Objects/String``); any other's, as written."""
    if macro in ELEMENT_MACROS:
        return argument.split("/")[0]
    return argument.rsplit("/", 1)[-1] if macro.endswith("ref") else argument


def _without_jsx_comments(text: str) -> str:
    """``text`` without MDX comments (``{/* Draft */}``), found by ``find``:
    a line of many unclosed ``{/*`` costs one pass.

    >>> _without_jsx_comments("A {/* x */}B {/* y")
    'A B {/* y'
    """
    out: list[str] = []
    done = 0
    while (start := text.find("{/*", done)) != -1 and (end := text.find("*/}", start + 3)) != -1:
        out.append(text[done:start])
        done = end + 3
    return "".join([*out, text[done:]])


def _role(match: re.Match[str]) -> str:
    """A linking role's title (or target) as text, any other role's content as code."""
    content = match["content"]
    if match["role"].rsplit(":", 1)[-1] not in LINKING_ROLES:
        return f"`{content}`"
    titled = ROLE_TARGET.match(content)
    return as_text(titled["text"] if titled else content)


def _indented_code(lines: list[str], at: int, walk: _Walk) -> bool:
    """Whether ``at`` starts a code block by indentation: four spaces in,
    after a blank line or a heading, unless it is a paragraph of the list
    item above it (Kubernetes' steps and notes).

    >>> pages = (["Text.", "", "    code"], ["1. Step", "", "    More."])
    >>> [_indented_code(lines, 2, _Walk()) for lines in pages]
    [True, False]
    >>> _indented_code(["1. Step", "", "        code"], 2, _Walk())
    True
    >>> _indented_code(["1. Step", "", "    - Sub", "", "        More."], 4, _Walk())
    False
    """
    line = lines[at].expandtabs(4)
    after = _after_blank(lines, at) or ATX_HEADING.match(lines[at - 1])
    if not (line.strip() and line.startswith("    ") and after):
        return False
    return not _item_paragraph(lines, at, walk.item_paragraphs)


def _item_paragraph(lines: list[str], at: int, known: dict[int, tuple[int, bool]]) -> bool:
    """Whether the indented line at ``at`` is a paragraph of a list item.

    ``ListIndents`` has put every level's items four spaces deeper than
    its parent's and their text four spaces past the mark, so a line four to
    seven spaces past the nearest item's mark above it is that item's text,
    and a line under such text is too unless it is four spaces deeper still
    (then it is code). Lines between that are as deep or deeper belong to
    the same item, so an answer ``known`` for one at the same depth is this
    line's too."""
    depth = _depth(lines[at])
    found = False
    for above in range(at - 1, -1, -1):
        if not lines[above].strip():
            continue
        margin = _depth(lines[above])
        if margin >= depth:
            if known.get(above, (-1, False))[0] == depth:
                found = known[above][1]
                break
            continue
        # Past an item's mark: its text up to seven spaces in; past text:
        # the same paragraph's item up to three spaces deeper.
        found = depth < margin + 8 if _list_item(lines, above) else margin >= 4 and depth < margin + 4
        break
    known[at] = (depth, found)
    return found


def _depth(line: str) -> int:
    text = line.expandtabs(4)
    return len(text) - len(text.lstrip(" "))


def _list_item(lines: list[str], at: int) -> bool:
    """Whether ``lines[at]`` is a list item's first line. A number other
    than 1 under a paragraph of text goes on that text ("2019. It was…"),
    as CommonMark reads it, unless the paragraph is a list item's (it starts
    with an item's mark, or deeper than the number: an item's text): in a
    list, any number starts the next item."""
    ordered = ORDERED_ITEM.match(lines[at].lstrip(" "))
    if not ordered or may_break_text(ordered):
        return _marked(lines[at])
    first = None  # the first line of the paragraph above
    for above in range(at - 1, -1, -1):
        if not lines[above].strip() or ATX_HEADING.match(lines[above]):
            break
        first = lines[above]
    if first is None:
        return True  # after a blank line or a heading it opens a list itself
    return _depth(first) > _depth(lines[at]) or _marked(first)


def _marked(line: str) -> bool:
    """Whether ``line``, at any depth, starts with a list item's mark."""
    stripped = line.lstrip(" ")
    return bool(ORDERED_ITEM.match(stripped) or BULLET_ITEM.match(stripped))


def may_break_text(ordered: re.Match[str]) -> bool:
    """Whether an ordered item may start a list right under a line of text:
    in CommonMark only a list from 1 may ("2019. It was…" is text)."""
    return ordered["number"] == "1"


def _hugo_path(match: re.Match[str]) -> str:
    """Hugo reads a ref with folders in it from the content root, as a
    link starting with ``/`` is read here; a bare name is a sibling.

    >>> [HUGO_REF.sub(_hugo_path, f'{{{{< ref "{path}" >}}}}') for path in ("install/mac.md", "mac.md")]
    ['/install/mac.md', 'mac.md']
    """
    path = match["path"]
    return f"/{path}" if "/" in path and not path.startswith((".", "/")) else path


def _hugo_inline(match: re.Match[str]) -> str:
    """A key a shortcode shows, as a key; the text one names (a glossary
    term's tooltip, a button), as text; any other shortcode: nothing.

    >>> HUGO_INLINE.sub(_hugo_inline, 'Press {{< kbd Ctrl >}}+{{< kbd "S" >}} in {{< param "app" >}}.')
    'Press <kbd>Ctrl</kbd>+<kbd>S</kbd> in .'
    >>> HUGO_INLINE.sub(_hugo_inline, 'One or more {{< glossary_tooltip text="pods" term_id="pod" >}}.')
    'One or more pods.'
    >>> HUGO_INLINE.sub(_hugo_inline, 'Each {{< glossary_tooltip term_id="kube-proxy" >}} runs.')
    'Each kube-proxy runs.'
    """
    if match["close"]:
        return ""
    named, positional = _tag_arguments(match["args"])
    if match["name"].lower() in KEY_TAGS:
        return f"<kbd>{html.escape(positional[0])}</kbd>" if positional else ""
    return as_text(_shown_text(match["name"], named))


def _liquid_path(match: re.Match[str]) -> str:
    """The path a Liquid address names (``/guide/a.md``), "" for the site's own.

    >>> LIQUID_PATH.sub(_liquid_path, "{% link guide/a.md %} {{ site.baseurl }}/b {{ '/c' | relative_url }}")
    '/guide/a.md /b /c'
    """
    if match["page"]:
        return "/" + match["page"].lstrip("/")
    return match["path"] or ""


def _kramdown_callout(lines: list[str], at: int, attributes: str, walk: _Walk) -> Rewritten:
    """``{: .warning }`` over a paragraph or a quote makes it a note; any
    other attribute list before a block is dropped, the block kept."""
    classes = re.findall(r"\.([\w-]+)", attributes)
    kinds = [c.removesuffix("-title") for c in classes if c.removesuffix("-title") in KINDS]
    if not kinds:
        return [], at + 1
    start = at + 1
    if start < len(lines) and QUOTED.match(lines[start]):
        end = _quote_end(lines, start)
        body = _unquoted(lines[start:end])
    elif start < len(lines) and (code := CODE_FENCE.match(lines[start])):
        end = min(_fence_end(lines, start + 1, code["fence"]) + 1, len(lines))
        body = lines[start:end]
    else:
        end = next((n for n in range(start, len(lines)) if not lines[n].strip()), len(lines))
        body = lines[start:end]
    title = ""
    if f"{kinds[0]}-title" in classes and body:
        title, body = body[0].strip(), body[1:]
    return _wrapped(kinds[0], title, body, walk), end


def _wrapped(kind: str, title: str, body: list[str], walk: _Walk, indent: str = "") -> list[str]:
    opening, closer = note(kind, title)
    inside = callouts(body, walk) + ["", closer, ""]
    return _indented(opening + inside, indent)


def _indented(lines: list[str], indent: str) -> list[str]:
    """A note's lines as deep as what it stands in: a list item's text, four
    spaces in or more. One to three spaces in is the margin, where Markdown
    reads raw HTML (a ``<div>`` one space in would be text)."""
    indent = indent if len(indent.expandtabs(4)) >= 4 else ""
    return [indent + line if line else "" for line in lines]


def _pymdownx_block(block: re.Match[str], body: list[str], walk: _Walk) -> list[str]:
    """A pymdownx block as what it shows: a note (`/// warning`, or
    `/// admonition` of its `type`), a folded note (`/// details`), a tab
    under its label, or, for a block that is no note (`html`, `caption`), its body."""
    options = {}
    while body and (option := PYMDOWNX_OPTION.match(body[0])):
        options[option["name"]] = option["value"].strip()
        body = body[1:]
    kind, title, indent = block["kind"].lower(), (block["title"] or "").strip(), block["indent"]
    if kind == "tab":
        return tab_label(title, indent) + callouts(body, walk)
    if kind == "admonition":
        kind = options.get("type", "note")
    if kind in PYMDOWNX_PLAIN:
        return callouts(body, walk)
    return _wrapped(kind, title, body, walk, indent)


def _highlighted(lines: list[str], at: int, tag: re.Match[str], walk: _Walk) -> Rewritten:
    """Code written through a template tag, Jekyll's ``{% highlight js %}``
    or Hugo's ``{{< highlight go "linenos=table" >}}``, to its closing tag:
    a fence of its language, long enough for any backticks in the code.
    Unclosed, the tag alone is dropped.

    >>> _highlighted(["{% highlight js %}", "let a = `b`", "{% endhighlight %}"], 0,
    ...              TEMPLATE_TAG.match("{% highlight js %}"), _Walk())
    (['```js', 'let a = `b`', '```'], 3)
    """
    end = _first_line(lines, at + 1, HIGHLIGHT, HIGHLIGHT_END.match, walk, past_code=False)
    if end is None:
        return [""], at + 1
    _, positional = _tag_arguments(tag["liquid_args"] or tag["hugo_args"] or "")
    code = lines[at + 1 : end]
    fence = "`" * max(
        3, 1 + max((len(run) for line in code for run in BACKTICK_RUN.findall(line)), default=0)
    )
    language = positional[0] if positional and LANGUAGE.fullmatch(positional[0]) else ""
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    return [indent + fence + language, *code, indent + fence], end + 1


def _shows_text(tag: re.Match[str]) -> bool:
    """Whether a shortcode alone on its line shows text, as a key or a
    glossary term does: a line of its paragraph, not a tag to drop."""
    if not tag["hugo"] or tag["hugo_close"]:
        return False
    named, _ = _tag_arguments(tag["hugo_args"])
    return tag["hugo"].lower() in KEY_TAGS or bool(_shown_text(tag["hugo"], named))


def _shown_text(name: str, named: dict[str, str]) -> str:
    """The text a shortcode shows: its ``text``, or a glossary tooltip's
    term id ("kube-proxy") when it has none. (A glossary definition's text
    is the site's, not the page's: nothing.)"""
    if named.get("text"):
        return named["text"]
    return named.get("term_id", "") if name.lower() == GLOSSARY_TOOLTIP else ""


def _template_tag(tag: re.Match[str], open_tags: list[tuple[str, str]], indent: str) -> list[str]:
    """A note shortcode opens or closes a note, as deep as the tag (under a
    step, the step's text goes on inside it); any other tag is dropped."""
    name = (tag["hugo"] or tag["liquid"]).lower()
    closing = bool(tag["hugo_close"]) or bool(tag["liquid"]) and name.startswith("end")
    name = name.removeprefix("end") if closing and tag["liquid"] else name
    if closing and open_tags and open_tags[-1][0] == name:
        return ["", open_tags.pop()[1], ""]
    # Read greedily (the tag ends the line; one pass back from its end),
    # the arguments keep the space and the ``-`` before the closing mark.
    arguments = (tag["hugo_args"] or tag["liquid_args"] or "").rstrip().removesuffix("-")
    if not closing and name in TAB_TAGS:
        named, positional = _tag_arguments(arguments)
        label = next((named[key] for key in ("title", "name", "label", "header") if key in named), None)
        return tab_label(label or next(iter(positional), ""))
    if closing or name not in NOTE_TAGS or len(open_tags) >= MAX_NESTING:
        return [""]
    kind, title = _tag_kind_and_title(name, arguments)
    opening, closer = note(kind, title)
    open_tags.append((name, _indented([closer], indent)[0]))
    return _indented(opening, indent)


def _tag_kind_and_title(name: str, arguments: str) -> tuple[str, str]:
    """``{{< alert title="Careful" color="warning" >}}`` -> ("warning", "Careful").

    >>> _tag_kind_and_title("hint", ' style="info"'), _tag_kind_and_title("notice", " tip")
    (('info', ''), ('tip', ''))
    """
    named, positional = _tag_arguments(arguments)
    kinds = [name] if name in KINDS else []
    kinds += [named[key] for key in ("style", "type", "kind", "color", "context") if key in named]
    kind = next((k.lower() for k in kinds + positional if k.lower() in KINDS), "note")
    return kind, named.get("title", "")


def _tag_arguments(arguments: str) -> tuple[dict[str, str], list[str]]:
    """A shortcode's named arguments (keys in lower case) and positional ones, in order."""
    named: dict[str, str] = {}
    positional: list[str] = []
    for match in TAG_ARGUMENT.finditer(arguments):
        value = match["quoted"] if match["quoted"] is not None else match["bare"]
        if match["key"]:
            named[match["key"].lower()] = value
        else:
            positional.append(value)
    return named, positional


def as_text(text: str) -> str:
    """``text`` written so that Markdown shows it as it is.

    >>> as_text("__init__.py <b>")
    '\\\\_\\\\_init\\\\_\\\\_.py &lt;b&gt;'
    """
    return MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def tab_label(title: str, indent: str = "") -> list[str]:
    """A tab's label, in bold on a line of its own above the tab's body (none if it has no label)."""
    return ["", f"{indent}**{title}**", ""] if title.strip() else [""]


def closes_fence(line: str, fence: str) -> bool:
    """Whether ``line`` closes a code fence opened by ``fence``: that marker
    or a longer one, alone on the line.

    >>> closes_fence("  ````", "```"), closes_fence("``` js", "```")
    (True, False)
    """
    stripped = line.strip()
    return stripped.startswith(fence) and not stripped.strip(fence[0])


def _fence_end(lines: list[str], start: int, fence: str) -> int:
    """Where the code fence opened by ``fence`` before ``start`` closes (the end of the page if never)."""
    return next((at for at in range(start, len(lines)) if closes_fence(lines[at], fence)), len(lines))


def _kramdown_ends(line: str, name: str) -> bool:
    """Whether ``line`` ends the kramdown extension ``name``."""
    end = KRAMDOWN_END.match(line)
    return bool(end) and end["name"] in ("", name)


def _indented_end(lines: list[str], start: int, indent: str) -> int:
    """The end of the body indented under a line at ``indent``: blank lines
    belong to it only when more of the body follows them."""
    end = at = start
    while at < len(lines):
        line = lines[at].expandtabs(4)
        if line.strip() and len(line) - len(line.lstrip(" ")) < len(indent) + 4:
            break
        at += 1
        end = at if line.strip() else end
    return end


def _quote_end(lines: list[str], start: int) -> int:
    end = start
    while end < len(lines) and QUOTED.match(lines[end]):
        end += 1
    return end


def _unquoted(lines: list[str]) -> list[str]:
    return [QUOTED.sub("", line, count=1) for line in lines]


def _dedented(line: str, margin: int) -> str:
    line = line.expandtabs(4)
    return line[min(margin, len(line) - len(line.lstrip(" "))) :]
