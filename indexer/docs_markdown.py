"""Markdown as documentation trees write it (VitePress, Docusaurus, MkDocs),
taught to Python-Markdown as one extension.

Containers::

    ::: tip Optional title            :::note
    Markdown inside.                  Markdown inside.
    :::                               :::

become ``<div class="note note-tip" role="note">`` holding a bold title and
the rendered inside; ``::: details Title`` becomes ``<details>`` with the
title as its ``<summary>``. Any other kind (``code-group``, ``info``...) is a
note of that kind, so no container ever leaves its ``:::`` lines as text.
Longer fences (``::::``) nest containers, as in VitePress.

Code fences with line highlights or a file name (```` ```js{1,3} ````,
```` ```sh [npm] ````) keep only their language: Python-Markdown would not
open such a fence, and the next bare ```` ``` ```` would start a code block
that swallows the prose after it.

A block-level tag alone on its line (``<div class="options-api">``) gets
``markdown="1"``: CommonMark ends an HTML block at the next blank line, so
docs trees write Markdown inside such tags, which Python-Markdown would
otherwise keep as raw HTML, headings and all.

Other sites' callouts become the same notes: MkDocs admonitions
(``!!! warning "Title"`` over an indented body; ``???`` folds into
``<details>``), GitHub alerts (``> [!NOTE]``), MyST directives
(```` ```{note} ````, ``:::{tip}``) and the note shortcodes of Hugo and
GitBook (``{{< hint info >}}``, ``{% hint style="warning" %}``). MkDocs
content tabs (``=== "Windows"``) keep their label as a bold line above
their body. Any other Hugo shortcode or Liquid tag alone on its line
(``{{< figure ... >}}``, ``{% include ... %}``) is the site's template,
not text, and is dropped; ``{{< ref "page.md" >}}`` leaves its path, which
the link it sits in then follows. ``- [x]`` task items show a checkbox.

An MDX page's ``import ... from "..."`` lines and one-line ``export``s
are code for the site's build, and are dropped.

Heading ids written without a space (``## Title{#id}``) get one, so
``attr_list`` takes them as the id rather than leaving them in the text;
a heading indented under a list item, and a fence indented there, move to
the margin, where Python-Markdown reads them.

A heading also answers to the anchors other sites would give it: besides
its own id (``python-slugify``: ``#node-js-on-linux``, as VitePress
writes), an empty ``<span>`` at its start carries GitHub's and Docusaurus's
(``#nodejs-on-linux``, Cyrillic kept as it is, a repeated heading ``-1``,
``-2``...) and MkDocs's, so that links written for the tree's own site land
on the heading.
"""

from __future__ import annotations

import html
import re
import string

from markdown import Extension
from markdown.extensions import toc
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

FENCE_OPENING = re.compile(
    r"^(?P<keep>\s*(?:`{3,}|~{3,})\s*[\w#.+-]*)\s*(?:\{[^}]*\})?\s*(?:\[[^\]]*\])?\s*$"
)
# A heading indented under a list item, which Python-Markdown reads as text.
INDENTED_HEADING = re.compile(r"^ {1,3}(?=#{1,6}\s)")
HEADING_ID = re.compile(r"^(?P<heading>#{1,6}\s.*?\S)(?P<id>\{#[^}\s]+\})\s*$")
BLOCK_TAG = re.compile(
    r"^(?P<open>\s*<(?:div|section|article|aside|main|header|footer|details|blockquote|figure)\b"
    r"(?![^>]*\bmarkdown=)[^>]*?)\s*(?P<close>/?>)\s*$"
)
# `:::{tip}` is MyST's spelling of `::: tip`.
OPENING = re.compile(
    r"^(?P<indent>\s*)(?P<fence>:{3,})\s*\{?(?P<kind>[A-Za-z][\w-]*)?\}?\s*(?P<title>.*?)\s*$"
)
# The classes a container gives; the sanitizer keeps only these.
KINDS = ("tip", "info", "note", "warning", "danger", "caution", "important", "code-group")
NOTE_CLASSES = {"note", *(f"note-{kind}" for kind in KINDS)}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# An MDX page's imports and one-line exports (Docusaurus reads `.md` as MDX
# too): code for the site's build, not text of the page.
MDX_STATEMENT = re.compile(
    r"""^(?:import\s+(?:[\w$*{}\s,]+?\s+from\s+)?(?P<q>["'])[^"']+(?P=q);?"""
    r"|export\s+(?:default\s+)?(?:const|let|var|function)\s.*)\s*$"
)
# Callouts of other sites, each opening a note (see the module's docstring).
# A line that may start a callout or a template tag (a ref may sit anywhere).
ANY_CALLOUT = re.compile(r"^[ \t]*(?:!!!|\?\?\?|===|>[ \t]*\[!|\{\{[<%]|\{%|(?:`{3,}|~{3,})[ \t]*\{)", re.M)
CODE_FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
MKDOCS_ADMONITION = re.compile(
    r'^(?P<indent>\s*)(?P<mark>!!!|\?\?\?\+?)\s+(?P<kind>[\w-]+)(?:\s+"(?P<title>[^"]*)")?\s*$'
)
MKDOCS_TAB = re.compile(r'^(?P<indent>\s*)===\+?\s+"(?P<title>[^"]*)"\s*$')
GITHUB_ALERT = re.compile(r"^(?P<indent>\s*)>\s*\[!(?P<kind>[A-Za-z]+)\]\s*$")
QUOTED = re.compile(r"^\s*> ?")
MYST_DIRECTIVE = re.compile(r"^\s*\{(?P<kind>[A-Za-z][\w-]*)\}\s*(?P<title>.*?)\s*$")
MYST_OPTION = re.compile(r"^\s*:[\w-]+:")
# A Hugo shortcode ({{< name >}}, {{% name %}}, {{< /name >}}) or a Liquid
# tag ({% name %}, {% endname %}) alone on its line.
TEMPLATE_TAG = re.compile(
    r"^\s*(?:\{\{[<%]-?\s*(?P<hugo_close>/)?\s*(?P<hugo>[\w-]+)(?P<hugo_args>.*?)\s*-?[>%]\}\}"
    r"|\{%-?\s*(?P<liquid>[\w-]+)(?P<liquid_args>.*?)\s*-?%\})\s*$"
)
HUGO_REF = re.compile(r"\{\{[<%]\s*(?:rel)?ref\s+\"(?P<path>[^\"]+)\"\s*[>%]\}\}")
# Shortcodes that are notes, and the argument that names their kind
# (`{{< hint warning >}}`, `{% hint style="info" %}`, `{{% notice tip %}}`).
NOTE_TAGS = {"hint", "notice", "alert", "callout", "admonition", "note", "tip", "warning", "info", "danger"}
TAG_ARGUMENT = re.compile(r"""(?:(?P<key>\w+)\s*=\s*)?(?:["'](?P<quoted>[^"']*)["']|(?P<bare>[^\s"'=]+))""")
TASK_ITEM = re.compile(r"^(?P<item>\s*(?:[-*+]|\d+[.)])\s+)\[(?P<done>[ xX])\](?=\s)")
# What GitHub drops from a heading's text to make its anchor: anything but
# letters, digits, `_`, `-` and spaces (each space then becomes a `-`).
NOT_IN_GITHUB_ANCHOR = re.compile(r"[^\w\- ]")


class FencePreprocessor(Preprocessor):
    """Fences with their options cut, and fences indented under a list item
    (as CommonMark allows) moved to the margin with their code, where
    Python-Markdown opens them: else their code is read as Markdown, and
    a `<script setup>` in it as a tag that swallows the page."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        fence = ""  # the open fence's marker (```), "" outside code
        indent = 0  # of the open fence
        for line in lines:
            if not fence:
                match = FENCE_OPENING.match(line)
                if match:
                    indent = len(line) - len(line.lstrip(" "))
                    fence = match["keep"].strip()[:3]
                    line = match["keep"][indent:]
                out.append(line)
                continue
            margin = len(line) - len(line.lstrip(" "))
            line = line[min(margin, indent) :]
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            out.append(line)
        return out


class LinePreprocessor(Preprocessor):
    """Heading ids, Markdown inside block tags, task items' boxes and MDX statements (dropped):
    one line at a time, after fenced code is put aside."""

    def run(self, lines: list[str]) -> list[str]:
        return [
            BLOCK_TAG.sub(
                _markdown_inside,
                HEADING_ID.sub(
                    r"\g<heading> \g<id>", INDENTED_HEADING.sub("", TASK_ITEM.sub(_checkbox, line))
                ),
            )
            for line in lines
            if not MDX_STATEMENT.match(line)
        ]


def _checkbox(match: re.Match[str]) -> str:
    return match["item"] + ("☐" if match["done"] == " " else "☑")


def _markdown_inside(match: re.Match[str]) -> str:
    if match["close"] == "/>":
        return match[0]
    return f'{match["open"]} markdown="1">'


class ContainerPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        closers: list[tuple[str, str]] = []  # (fence, closing tag) of open containers
        for line in lines:
            match = OPENING.match(line)
            if match and match["kind"]:
                opening, closer = note(match["kind"], match["title"])
                out += opening
                closers.append((match["fence"], closer))
            elif match and closers and len(match["fence"]) >= len(closers[-1][0]) and not match["title"]:
                out += ["", closers.pop()[1], ""]
            else:
                out.append(line)
        return out + [tag for _, tag in reversed(closers)]


def note(kind: str, title: str) -> tuple[list[str], str]:
    """The lines that open a note of ``kind`` (``details`` folds) under a
    bold ``title`` (the kind's name without one), and its closing tag.

    >>> note("warning", "")
    (['', '<div class="note note-warning" role="note" markdown="1">', '', '**Warning**', ''], '</div>')
    """
    kind = kind.lower()
    title = html.escape(title or kind.replace("-", " ").capitalize())
    if kind == "details":
        return ["", '<details markdown="1">', f"<summary>{title}</summary>", ""], "</details>"
    kind_class = f" note-{kind}" if kind in KINDS else ""
    return ["", f'<div class="note{kind_class}" role="note" markdown="1">', "", f"**{title}**", ""], "</div>"


class CalloutPreprocessor(Preprocessor):
    """Other sites' callouts, tabs and template tags, rewritten before
    anything reads the page (see the module's docstring)."""

    def run(self, lines: list[str]) -> list[str]:
        # Most pages have none: one scan of the page spares them the walk.
        page = "\n".join(lines)
        return _callouts(lines) if ANY_CALLOUT.search(page) or "{{<" in page or "{{%" in page else lines


def _callouts(lines: list[str]) -> list[str]:
    out: list[str] = []
    open_tags: list[tuple[str, str]] = []  # (name, closing tag) of shortcode notes
    fence = ""  # the open code fence's marker, "" outside code
    at = 0
    while at < len(lines):
        line = lines[at]
        at += 1
        if fence:
            out.append(line)
            stripped = line.strip()
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = ""
            continue
        code = CODE_FENCE.match(line)
        directive = code and MYST_DIRECTIVE.match(code["info"])
        block = MKDOCS_ADMONITION.match(line) or MKDOCS_TAB.match(line)
        alert = GITHUB_ALERT.match(line)
        tag = TEMPLATE_TAG.match(line)
        if directive:
            end = _fence_end(lines, at, code["fence"])
            body = lines[at:end]
            while body and MYST_OPTION.match(body[0]):
                body = body[1:]
            out += _wrapped(directive["kind"], directive["title"], body, "")
            at = end + 1
        elif code:
            fence = code["fence"][:3]
            out.append(line)
        elif block and (end := _indented_end(lines, at, block["indent"])) > at:
            body = [_dedented(body_line, len(block["indent"]) + 4) for body_line in lines[at:end]]
            out += _indented_block(block, body)
            at = end
        elif alert and alert["kind"].lower() in KINDS:
            end = at
            while end < len(lines) and QUOTED.match(lines[end]):
                end += 1
            body = [QUOTED.sub("", body_line, count=1) for body_line in lines[at:end]]
            out += _wrapped(alert["kind"], "", body, alert["indent"])
            at = end
        elif tag:
            out += _template_tag(tag, open_tags)
        else:
            out.append(HUGO_REF.sub(_hugo_path, line))
    return out + [closer for _, closer in reversed(open_tags)]


def _hugo_path(match: re.Match[str]) -> str:
    """Hugo reads a ref with folders in it from the content root, as a
    link starting with ``/`` is read here; a bare name is a sibling.

    >>> [HUGO_REF.sub(_hugo_path, f'{{{{< ref "{path}" >}}}}') for path in ("install/mac.md", "mac.md")]
    ['/install/mac.md', 'mac.md']
    """
    path = match["path"]
    return f"/{path}" if "/" in path and not path.startswith((".", "/")) else path


def _indented_block(block: re.Match[str], body: list[str]) -> list[str]:
    """An admonition as a note (``???`` as a fold), a tab as its bold label over its body."""
    indent = block["indent"]
    if "mark" not in block.groupdict():
        return ["", f"{indent}**{block['title']}**", ""] + [indent + line for line in _callouts(body)]
    kind = "details" if block["mark"].startswith("?") else block["kind"]
    return _wrapped(kind, block["title"] or block["kind"].capitalize(), body, indent)


def _wrapped(kind: str, title: str, body: list[str], indent: str) -> list[str]:
    opening, closer = note(kind, title)
    inside = _callouts(body) + ["", closer, ""]
    return [indent + line if line else "" for line in opening + inside]


def _template_tag(tag: re.Match[str], open_tags: list[tuple[str, str]]) -> list[str]:
    """A note shortcode opens or closes a note; any other tag is dropped."""
    name = (tag["hugo"] or tag["liquid"]).lower()
    closing = bool(tag["hugo_close"]) or name.startswith("end")
    name = name.removeprefix("end") if tag["liquid"] else name
    if closing and open_tags and open_tags[-1][0] == name:
        return ["", open_tags.pop()[1], ""]
    if closing or name not in NOTE_TAGS:
        return [""]
    kind, title = _tag_kind_and_title(name, tag["hugo_args"] or tag["liquid_args"] or "")
    opening, closer = note(kind, title)
    open_tags.append((name, closer))
    return opening


def _tag_kind_and_title(name: str, arguments: str) -> tuple[str, str]:
    """``{{< alert title="Careful" color="warning" >}}`` -> ("warning", "Careful").

    >>> _tag_kind_and_title("hint", ' style="info"'), _tag_kind_and_title("notice", " tip")
    (('info', ''), ('tip', ''))
    """
    named: dict[str, str] = {}
    positional: list[str] = []
    for match in TAG_ARGUMENT.finditer(arguments):
        value = match["quoted"] if match["quoted"] is not None else match["bare"]
        if match["key"]:
            named[match["key"].lower()] = value
        else:
            positional.append(value)
    kinds = [name] if name in KINDS else []
    kinds += [named[key] for key in ("style", "type", "kind", "color", "context") if key in named]
    kind = next((k.lower() for k in kinds + positional if k.lower() in KINDS), "note")
    return kind, named.get("title", "")


def _fence_end(lines: list[str], start: int, fence: str) -> int:
    """Where the code fence opened by ``fence`` before ``start`` closes (the end of the page if never)."""
    for at in range(start, len(lines)):
        stripped = lines[at].strip()
        if stripped.startswith(fence) and not stripped.strip(fence[0]):
            return at
    return len(lines)


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


def _dedented(line: str, margin: int) -> str:
    line = line.expandtabs(4)
    return line[min(margin, len(line) - len(line.lstrip(" "))) :]


def github_anchor(text: str) -> str:
    """A heading's anchor as GitHub and Docusaurus make it.

    >>> github_anchor("Building Node.js on `Linux` (x64)")
    'building-nodejs-on-linux-x64'
    >>> github_anchor("Настройка звука")
    'настройка-звука'
    """
    return NOT_IN_GITHUB_ANCHOR.sub("", text.lower()).replace(" ", "-")


class HeadingAliases(Treeprocessor):
    """Each heading's anchors as other sites make them, as empty spans."""

    def run(self, root) -> None:
        used = {element.get("id") for element in root.iter() if element.get("id")}
        seen: dict[str, int] = {}  # GitHub numbers a repeated anchor
        for heading in [element for element in root.iter() if element.tag in HEADING_TAGS]:
            name = html.unescape(toc.strip_tags(toc.render_inner_html(heading, self.md)))
            github = github_anchor(name)
            repeats = seen.get(github, 0)
            seen[github] = repeats + 1
            aliases = [
                f"{github}-{repeats}" if repeats else github,
                toc.slugify(name, "-"),
                toc.slugify_unicode(name, "-"),
            ]
            for alias in dict.fromkeys(aliases):
                if alias and alias not in used:
                    used.add(alias)
                    span = heading.makeelement("span", {"id": alias})
                    span.tail, heading.text = heading.text, None
                    heading.insert(0, span)


class DocsMarkdown(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        # Callouts first, as they dedent or unquote their bodies (code
        # included); fences before fenced code (25) reads them; the rest after it, so
        # that code blocks stay as written, and before raw HTML blocks are
        # stashed (20), so that the containers' <div>s are seen.
        md.preprocessors.register(CalloutPreprocessor(md), "docs_callouts", 28)
        md.preprocessors.register(FencePreprocessor(md), "docs_fences", 27)
        md.preprocessors.register(LinePreprocessor(md), "docs_lines", 23)
        md.preprocessors.register(ContainerPreprocessor(md), "docs_containers", 22)
        # After the table of contents (5) gave each heading its own id.
        md.treeprocessors.register(HeadingAliases(md), "docs_heading_aliases", 4)
        # CommonMark, which docs sites write to, lets a backslash escape any
        # ASCII punctuation: `# \<script setup>` is a title, not a tag that
        # swallows the rest of the page.
        md.ESCAPED_CHARS = sorted(set(md.ESCAPED_CHARS) | set(string.punctuation))
