"""How this site writes a note, a fold and a tab's label: Markdown that
Python-Markdown and the sanitizer read. Every other site's callouts
(``callouts``), components (``components``) and template tags
(``template_tags``) become these.
"""

from __future__ import annotations

import html
import re
from contextvars import ContextVar

# The kinds of note, each a class the sanitizer keeps.
KINDS = ("tip", "info", "note", "warning", "danger", "caution", "important")
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#])")
# Code in a fold's title, which the site shows as code.
SUMMARY_CODE = re.compile(r"`([^`]+)`")
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


def indented(lines: list[str], indent: str) -> list[str]:
    """A note's lines as deep as what it stands in: a list item's text, four
    spaces in or more. One to three spaces in is the margin, where Markdown
    reads raw HTML (a ``<div>`` one space in would be text)."""
    indent = indent if len(indent.expandtabs(4)) >= 4 else ""
    return [indent + line if line else "" for line in lines]


def as_text(text: str) -> str:
    """``text`` written so that Markdown shows it as it is.

    >>> as_text("__init__.py <b>")
    '\\\\_\\\\_init\\\\_\\\\_.py &lt;b&gt;'
    """
    return MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def tab_label(title: str, indent: str = "") -> list[str]:
    """A tab's label, in bold on a line of its own above the tab's body (none if it has no label)."""
    return ["", f"{indent}**{title}**", ""] if title.strip() else [""]


def tab(title: str, body: list[str], indent: str = "") -> list[str]:
    """A tab under its label; nothing at all when its body shows nothing
    here, as when all it holds is code the site's build reads in from a file
    (FastAPI's ``=== "Python 3.10+"`` over ``{!> ../docs_src/a.py!}``): a
    label over nothing would only add its words to the page.

    >>> tab("Linux", ["apt install"]), tab("Python 3.10+", ["", ""])
    (['', '**Linux**', '', 'apt install'], [''])
    """
    return tab_label(title, indent) + body if any(line.strip() for line in body) else [""]
