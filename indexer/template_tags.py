"""Template syntax of other docs sites, as their readers see it.

Hugo shortcodes and Liquid tags alone on a line open or close a note, label
a tab, or are dropped; inside a line, a key or a glossary term shows its
text and ``{{< ref "page.md" >}}`` leaves its path. Jekyll's addresses leave
their path, site variables and mdBook's commands are dropped, MDN's
KumaScript macros show their link text (``{{jsxref("Array")}}``) or nothing
(badges, sidebars, samples), MyST's roles show their text, and the icons and
emoji shortcodes of MkDocs Material are dropped. Code spans stay as written.
"""

from __future__ import annotations

import html
import re
from contextvars import ContextVar
from typing import NamedTuple

from indexer.blocks import ATX_HEADING, BLOCK_START, continuation, quote_depth
from indexer.limits import MAX_NESTING
from indexer.notes import KINDS, PAGE_LOCALE, as_text, indented, note, tab_label

# A Hugo shortcode ({{< name >}}, {{% name %}}, {{< /name >}}) or a Liquid
# tag ({% name %}, {% endname %}) alone on its line.
# Its arguments hold no closing mark, so a line of two tags with text
# between them ({{< note >}}Text.{{< /note >}}) is not one tag.
TEMPLATE_TAG = re.compile(
    r"^\s*(?:\{\{[<%]-?\s*(?P<hugo_close>/)?\s*(?P<hugo>[\w-]++)(?P<hugo_args>(?:[^>%]|[>%](?!\}\}))*+)[>%]\}\}"
    r"|\{%-?\s*(?P<liquid>[\w-]++)(?P<liquid_args>(?:[^%]|%(?!\}))*+)%\})\s*$"
)
# A code span (its backticks matched by as many), or else a MyST role:
# {ref}`Install <install-label>`, {kbd}`Ctrl`; scanned together, left to
# right, so that a role is never looked for inside code.
CODE_OR_ROLE = re.compile(r"(?P<ticks>`+).*?(?<!`)(?P=ticks)(?!`)|\{(?P<role>[\w:-]+)\}`(?P<content>[^`]+)`")
ROLE_TARGET = re.compile(r"^(?P<text>.*?\S)\s*<[^<>]+>$")
# Roles that link (their text is a title or a target's name); any other
# ({code}, {kbd}, {math}) shows its content literally, as code.
LINKING_ROLES = {"ref", "doc", "term", "numref", "any", "download", "eq", "abbr"}
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
KEY_TAGS = {"kbd", "key", "keyboard"}  # shortcodes that show a key: its name is text
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
# What a macro's text may not hold as itself: it is written as HTML, which
# reads the same in Markdown and in raw HTML (a table's cell), so Markdown's
# marks and a table's bar are entities.
MARKDOWN_MARKS = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]#|~"})
ICON = re.compile(r":(?:material|octicons|fontawesome|simple)-[\w-]+:")
# An emoji shortcode (:tada:, :+1:) standing as a word of its own: a picture, not text.
EMOJI = re.compile(r"(?<!\S):[a-z0-9_+-]+:(?=[\s.,;!?)]|$)")
# What a line's prose may hold that ``_prose`` or a role rewrites: a page
# with none of it (nor a callout) is not walked.
# Diplodoc's variables (``indexer.presets``) of the page being read, set by
# ``indexer.render.render``: ``{{ product-name }}`` shows its value.
PAGE_VARIABLES: ContextVar[dict[str, str]] = ContextVar("page_variables", default={})  # noqa: B039
VARIABLE = re.compile(r"\{\{-?[ \t]*(?P<name>[A-Za-z_][\w.-]*+)[ \t]*-?\}\}")
# Diplodoc's (YFM): a file's text its build puts in (`{% include [x](_includes/a.md) %}`)
# inside a line, as in a list's step; an image's size after its address
# (`![](a.png =500x)`), for the build to set; and text for one language of
# the site (`{% if lang == "ru" %}…{% endif %}`), of which a page keeps its own.
# An include's text stops at the next tag's start, so that a line of many
# unclosed ones is read once, not once from each.
INLINE_INCLUDE = re.compile(r"\{%-?\s*include\b(?:[^%{]|%(?!\})|\{(?!%))*+%\}")
IMAGE_SIZE = re.compile(r"""(?P<image>!\[[^\]]*\]\([^()\s]+(?:\s+"[^"]*")?)\s+=\d*x\d*\)""")
LANGUAGE_CONDITION = re.compile(
    r"""\{%-?\s*if\s+lang\s*(?P<op>==|!=)\s*(?P<q>["'])(?P<lang>[\w-]+)(?P=q)\s*-?%\}"""
    r"""(?P<text>(?:(?!\{%).)*+)\{%-?\s*endif\s*-?%\}"""
)
# A badge of MDX sites (Starlight's, VitePress's `<Badge text="New" variant="tip" />`):
# its text is in its tag, and a sanitizer would keep nothing of it.
BADGE = re.compile(r"""<Badge\b[^<>]*?\btext=["'](?P<text>[^"'<>]*)["'][^<>]*/>""")
ANY_INLINE = re.compile(
    "|".join(
        [
            r"\{\{[<%#]",
            r"\{%",
            IMAGE_SIZE.pattern,
            BADGE.pattern,
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
# GitBook's caption over the code it holds (`{% code title="index.js" %}`),
# shown as a fence's file name is; and its embedded page or video
# (`{% embed url="https://…" %}`), which here is a link to it.
CODE_TITLE_TAG, EMBED_TAG = "code", "embed"
WEB_ADDRESS = re.compile(r"https?://[^\s<>]+")
# Shortcodes that fold under a title: Diplodoc's `{% cut "Title" %}`,
# Hugo's `{{< details summary="Title" >}}`, the Learn theme's `{{% expand "Title" %}}`.
FOLD_TAGS = {"cut", "details", "expand"}
NOTE_TAGS = {"hint", "notice", "alert", "callout", "admonition", *KINDS, *FOLD_TAGS}
# A quote closes at its own mark: "What's new" is one argument.
TAG_ARGUMENT = re.compile(
    r"""(?:(?P<key>\w+)\s*=\s*)?(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s"'=]+))"""
)


def shortcode_end(lines: list[str], at: int) -> int:
    """Where the line at ``at`` ends, with the lines that shortcodes opened
    on it, outside code, run over to their close (a sentence's lines are
    one paragraph either way); a blank line or a new block ends the search,
    and each shortcode may take ``MAX_SHORTCODE_LINES`` lines.

    >>> shortcode_end(["a {{< glossary_tooltip", 'text="Pods" term_id="pod" >}} run.', "b"], 0)
    2
    >>> shortcode_end(["a {{<", "", 'text="Pods" >}}'], 0), shortcode_end(["a {{< x", "- b >}}"], 0)
    (1, 1)
    >>> shortcode_end(["Open with `{{<` and", "close with `>}}`."], 0)
    1
    >>> shortcode_end(["a {{< tooltip", 'text="A" >}}, {{< tooltip', 'text="B"', ">}} c", "d"], 0)
    4
    >>> shortcode_end(["> a {{< tooltip", '> text="A" >}} b', "c {{<", '> text="C" >}}'], 0)
    2
    """
    if "{{" not in lines[at]:
        return at + 1  # most lines: no code spans to look past
    blanked = without_code_spans(lines[at])
    opened = HUGO_OPEN.search(blanked)
    ends, limit = at + 1, at + MAX_SHORTCODE_LINES
    depth = quote_depth(lines[at])
    line = at + 1
    while opened and line < min(limit, len(lines)):
        text = continuation(lines[line], depth)
        if text is None or not text.strip() or BLOCK_START.match(text):
            break
        blanked += " " + without_code_spans(text.strip())
        line += 1
        if closed := HUGO_INLINE.match(blanked, opened.start()):
            # The line that closes one may open the next («DeviceClasses,
            # {{< glossary_tooltip» / «text="ResourceSlices" ... >}}»).
            ends, limit = line, line + MAX_SHORTCODE_LINES - 1
            opened = HUGO_OPEN.search(blanked, closed.end())
    return ends


def without_code_spans(line: str) -> str:
    """``line`` with each code span blanked out, its length kept."""
    return CODE_OR_ROLE.sub(lambda found: " " * len(found[0]) if found["ticks"] else found[0], line)


def outside_code_spans(line: str) -> str:
    """``line`` with icons dropped, refs made paths and MyST roles shown
    as a reader sees them, except in `code`.

    >>> outside_code_spans("See {ref}`Install <install-label>`, `${n}` and {kbd}`Ctrl`.")
    'See Install, `${n}` and `Ctrl`.'
    """
    heading = bool(ATX_HEADING.match(line))
    out: list[str] = []
    done = 0
    for found in CODE_OR_ROLE.finditer(line):
        out += [_prose(line[done : found.start()], heading), found[0] if found["ticks"] else _role(found)]
        done = found.end()
    return "".join([*out, _prose(line[done:], heading)])


def with_variables(text: str, variables: dict[str, str]) -> str:
    """``text`` with each ``{{ name }}`` that ``variables`` give their value.

    >>> with_variables("Uploading data to {{ ydb-short-name }} with {{ tool }}", {"ydb-short-name": "YDB"})
    'Uploading data to YDB with {{ tool }}'
    """
    return VARIABLE.sub(lambda found: variables.get(found["name"], found[0]), text) if variables else text


def page_variables(text: str) -> str:
    """``text`` with the values of the page's variables (``PAGE_VARIABLES``)."""
    return with_variables(text, PAGE_VARIABLES.get())


def _prose(text: str, heading: bool = False) -> str:
    """A line's text outside code as a reader sees it. A heading shows no
    badge: its anchor is made of its own words, as on the site."""
    text = page_variables(text)
    text = _without_jsx_comments(text)
    text = INLINE_INCLUDE.sub("", LANGUAGE_CONDITION.sub(_for_page_language, text))
    text = IMAGE_SIZE.sub(r"\g<image>)", text)
    text = BADGE.sub("" if heading else lambda badge: as_text(badge["text"]), text)
    text = HUGO_INLINE.sub(_hugo_inline, HUGO_REF.sub(_hugo_path, text))
    text = SITE_VARIABLE.sub("", MDBOOK_COMMAND.sub("", LIQUID_PATH.sub(_liquid_path, text)))
    text = MACRO_BADGE.sub("", MACRO_CALL.sub(_macro, text))
    text = BARE_MACRO_CALL.sub(_bare_macro, text)
    return EMOJI.sub("", ICON.sub("", text))


def _for_page_language(condition: re.Match[str]) -> str:
    """The text of a condition on the site's language, if the page is in it.

    >>> token = PAGE_LOCALE.set("ru")
    >>> both = '[A]{% if lang == "en" %}(/en){% endif %}{% if lang == "ru" %}(/ru){% endif %}'
    >>> LANGUAGE_CONDITION.sub(_for_page_language, both)
    '[A](/ru)'
    >>> PAGE_LOCALE.reset(token)
    """
    shown = (condition["lang"] == PAGE_LOCALE.get()) == (condition["op"] == "==")
    return condition["text"] if shown else ""


def _bare_macro(call: re.Match[str]) -> str:
    """A macro with no arguments in a sentence: nothing if it draws from
    elsewhere (``{{SeeCompatTable}}``), else as written.

    >>> BARE_MACRO_CALL.sub(_bare_macro, "{{SeeCompatTable}} Using {{ItemCount}}")
    ' Using {{ItemCount}}'
    """
    return "" if ELSEWHERE_MACRO.search(call["bare"].lower()) else call[0]


def macro_line(line: str) -> bool:
    """Whether ``line`` is macros that stand for something drawn from elsewhere.

    >>> macro_line('{{APIRef("Fetch API")}}{{AvailableInWorkers}}'), macro_line('{{jsxref("Array")}}')
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
    named, positional, _, _ = tag_arguments(match["args"])
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


def shows_text(tag: re.Match[str]) -> bool:
    """Whether a shortcode alone on its line shows text, as a key or a
    glossary term does: a line of its paragraph, not a tag to drop."""
    if not tag["hugo"] or tag["hugo_close"]:
        return False
    named = tag_arguments(tag["hugo_args"]).named
    return tag["hugo"].lower() in KEY_TAGS or bool(_shown_text(tag["hugo"], named))


def _shown_text(name: str, named: dict[str, str]) -> str:
    """The text a shortcode shows: its ``text``, or a glossary tooltip's
    term id ("kube-proxy") when it has none. (A glossary definition's text
    is the site's, not the page's: nothing.)"""
    if named.get("text"):
        return named["text"]
    return named.get("term_id", "") if name.lower() == GLOSSARY_TOOLTIP else ""


def template_tag(tag: re.Match[str], open_tags: list[tuple[str, str]], indent: str) -> list[str]:
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
        named, positional, _, _ = tag_arguments(arguments)
        label = next((named[key] for key in ("title", "name", "label", "header") if key in named), None)
        return tab_label(label or next(iter(positional), ""))
    if not closing and name == CODE_TITLE_TAG:
        title = tag_arguments(arguments).named.get("title", "")
        return tab_label(as_text(title), indent) if title.strip() else [""]
    if not closing and name == EMBED_TAG:
        address = tag_arguments(arguments).named.get("url", "")
        return ["", f"{indent}<{address}>", ""] if WEB_ADDRESS.fullmatch(address) else [""]
    if closing or name not in NOTE_TAGS or len(open_tags) >= MAX_NESTING:
        return [""]
    kind, title = tag_kind_and_title(name, arguments)
    opening, closer = note(kind, title)
    open_tags.append((name, indented([closer], indent)[0]))
    return indented(opening, indent)


def tag_kind_and_title(name: str, arguments: str) -> tuple[str, str]:
    """``{{< alert title="Careful" color="warning" >}}`` -> ("warning", "Careful").

    >>> tag_kind_and_title("hint", ' style="info"'), tag_kind_and_title("notice", " tip")
    (('info', ''), ('tip', ''))
    >>> tag_kind_and_title("note", ' warning "NULL in a key"'), tag_kind_and_title("cut", ' "Good example"')
    (('warning', 'NULL in a key'), ('details', 'Good example'))
    >>> tag_kind_and_title("warning", ' "Note"'), tag_kind_and_title("cut", \'\'\' "What's new"\'\'\')
    (('warning', 'Note'), ('details', "What's new"))
    """
    named, positional, bare, quoted = tag_arguments(arguments)
    if name in FOLD_TAGS:
        return "details", named.get("title") or named.get("summary") or next(iter(positional), "")
    kinds = [named[key] for key in ("style", "type", "kind", "color", "context") if key in named]
    kinds += [*bare, name]  # `{% note warning %}`: a warning, though the tag says note
    kind = next((k.lower() for k in kinds if k.lower() in KINDS), "note")
    # A title is quoted (`{% note warning "NULL in a key" %}`); a bare word is an option.
    return kind, named.get("title") or next(iter(quoted), "")


class TagArguments(NamedTuple):
    named: dict[str, str]  # keys in lower case
    positional: list[str]  # in order, quoted or not
    bare: list[str]  # the positional ones not in quotes: options, as a note's kind
    quoted: list[str]  # the positional ones in quotes: titles


def tag_arguments(arguments: str) -> TagArguments:
    """A shortcode's arguments, each with the page's ``{{ variables }}`` shown
    (after the arguments are told apart: a value may hold a quote)."""
    found = TagArguments({}, [], [], [])
    for match in TAG_ARGUMENT.finditer(arguments):
        value = page_variables(
            next(v for v in (match["double"], match["single"], match["bare"]) if v is not None)
        )
        if match["key"]:
            found.named[match["key"].lower()] = value
        else:
            found.positional.append(value)
            (found.bare if match["bare"] is not None else found.quoted).append(value)
    return found
