"""Markdown exports: data text never becomes a link on GitHub.

GitHub renders Markdown with cmark-gfm, whose autolink extension makes links of text
that was never written as one:

- ``http://``, ``https://`` and ``ftp://`` followed by a host, wherever the ``:`` is met by
  the inline parser (a backslash-escaped ``\\:`` is not);
- ``www.`` followed by a domain, at the start of a line or after white space, ``*``,
  ``_``, ``~`` or ``(`` (as written: ``www\\.`` is not);
- an e-mail address (also after ``mailto:`` or ``xmpp:``), found in the text after
  parsing, adjacent text joined: a backslash escape or an entity does not stop it; an
  inline HTML node between the ``@`` and the domain does.

``gfm_autolinks`` below is that rule set, read on the Markdown as cmark-gfm reads it
(markdown-it gives the parsed text); GitHub's ``@mentions`` (``@name`` in one text node)
count too. The links the renderer makes on purpose (a source's URL, a citation) stay links.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from layerscope.report.document import (
    Column,
    Document,
    Heading,
    Numbered,
    Para,
    Span,
    Table,
    Title,
    line,
)
from layerscope.report.render.to_markdown import to_markdown

DATA = [
    "see https://evil.example/login now",
    "HTTP://EVIL.EXAMPLE/upper and ftp://files.example/x",
    "www.evil.example and (www.evil.example) and _www.evil.example_",
    "mail me@evil.example or mailto:me@evil.example or xmpp:me@evil.example/res",
    "first.last+tag@sub.evil.example, @octocat",
    "*www.evil.example* ~https://evil.example~",
]

_OWN_DESTINATION = re.compile(r"\]\(<[^>\n]*>\)")
_FENCE = re.compile(r"^(`{3,}).*?^\1", re.S | re.M)
_URL = re.compile(r"(?i)(?:https?|ftp)://(?![\s!-/:-@\[-`{-~])")
_WWW = re.compile(r"(?:^|(?<=[\s*_~(]))www\.[A-Za-z0-9-]+\.")
_EMAIL = re.compile(r"[A-Za-z0-9.+_-]@[A-Za-z0-9_-]+\.[A-Za-z0-9]")
_MENTION = re.compile(r"@[A-Za-z0-9]")


def gfm_autolinks(markdown: str) -> list[str]:
    """What GitHub would make links of that the renderer did not write as links."""
    raw = _FENCE.sub("", _OWN_DESTINATION.sub("]()", markdown))
    found = [m.group() for m in _URL.finditer(raw)] + [m.group() for m in _WWW.finditer(raw)]
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        if token.type != "inline":
            continue
        texts, run, depth = [], "", 0
        for child in token.children or []:
            if child.type == "link_open":
                depth += 1
            elif child.type == "link_close":
                depth -= 1
            elif child.type == "text" and depth == 0:
                run += child.content
                continue
            texts.append(run)
            run = ""
        texts.append(run)
        for text in texts:
            found += _EMAIL.findall(text) + _MENTION.findall(text)
    return found


def shown_text(markdown: str) -> str:
    """The text a reader sees (tags and comments dropped), white space made single."""
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    text = re.sub(r"<!--.*?-->|<[^>]+>", "", html)
    for entity, char in (("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"')):
        text = text.replace(entity, char)
    return " ".join(text.split())


def hostile_document() -> Document:
    cells = tuple(((line(text),), (line("x"),)) for text in DATA)
    return Document(
        path="stack links",
        blocks=(
            Title(line("Links www.evil.example"), tuple(line(t) for t in DATA[:2])),
            Heading(line("https://evil.example heading"), 2),
            *(Para((line(text),)) for text in DATA),
            Table(
                columns=(Column(line("text")), Column(line("n"))),
                rows=cells,
            ),
            Para((line("cited ", Span("[1]", "ref")),)),
            Numbered(
                items=(
                    (
                        line(
                            Span("The source", link="https://source.example/page"),
                            " at https://source.example/page",
                        ),
                    ),
                ),
            ),
        ),
    )


def test_the_model_sees_gfm_autolinks() -> None:
    """The rule set finds what GitHub links (so that the test below can fail)."""
    for text in DATA:
        assert gfm_autolinks(text), text
    assert not gfm_autolinks("https\\://evil.example www\\.evil.example me@<!-- -->x.example")


def test_data_text_makes_no_links() -> None:
    markdown = to_markdown(hostile_document())
    assert gfm_autolinks(markdown) == []
    shown = shown_text(markdown)
    for text in DATA:
        assert " ".join(text.split()) in shown  # still reads as written


def test_the_renderers_own_links_stay_links() -> None:
    markdown = to_markdown(hostile_document())
    assert "[The source](<https://source.example/page>)" in markdown
    assert "[1](#source-1)" in markdown
