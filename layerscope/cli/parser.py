"""The argument parser of every command, and its help formatter."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from layerscope import __version__
from layerscope.terminal_text import visible

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


class Parser(argparse.ArgumentParser):
    """argparse's parser, whose messages (usage errors quote what was typed) reach the
    terminal with their control characters shown as escapes."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        super()._print_message(visible(message, lines=True), file)


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help that ends each option's text with its default, when it has one worth saying.

    Flags (default off), ``None`` and empty lists say nothing; a help text that already
    names its default (``%(default)s`` or "default:") is left as it is.
    """

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if (
            "%(default)" in text
            or "default:" in text
            or action.nargs == 0
            or default is argparse.SUPPRESS
            or default in (None, False, [])
        ):
            return text
        if action.option_strings or action.nargs in ("?", "*"):
            return f"{text} (default: %(default)s)"
        return text


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    # The global options are accepted before and after the command. Each level gets its
    # own dest: argparse copies a subcommand's namespace over the main one, so a shared
    # dest would drop `--data A` in `--data A list --data B`. main() merges them.
    common = _global_options("")
    after = _global_options("_after")
    parser = Parser(
        prog="layerscope",
        description="Explore layered technology stacks and compare them side by side.",
        parents=[common],
        formatter_class=HelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"layerscope {__version__}",
        help="print the version and exit",
    )
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", help="what to do (default: tui, the app)"
    )

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name, help=help, description=help, parents=[after], formatter_class=HelpFormatter
        )

    from layerscope.cli.asof import add_option as add_as_of
    from layerscope.cli.verdict import add_parser as add_verdict
    from layerscope.cli.verdict import add_show_options, add_what_if

    tui = command("tui", "open the app (the default command)")
    tui.add_argument("views", nargs="*", metavar="VIEW", help="STACK or STACK/LAYER")
    tui.add_argument(
        "--diff",
        nargs=2,
        metavar=("OLD", "NEW"),
        help="open on what changed between two editions (stack files or REV:PATH)",
    )
    add_as_of(tui)

    ls = command("list", "the stacks: id, name, layers, file, verdict")
    ls.add_argument(
        "--format", choices=("table", "json"), default="table", help="table to read, json: scripts"
    )
    add_as_of(ls)

    show = command("show", "a view on stdout: STACK, STACK/LAYER, or 2-4 STACKs to compare")
    show.add_argument("views", nargs="+", metavar="VIEW", help=VIEW_HELP)
    _report_options(show)
    add_as_of(show)
    add_show_options(show)

    export = command("export", "export a view as text, ANSI, Markdown, HTML, SVG or JSON")
    export.add_argument(
        "kind",
        choices=("compare", "stack", "layer", "drivers", "flow", "timeline", "verdict", "level"),
        metavar="KIND",
        help="compare S1 S2 [S3 S4] | stack S | layer S L | drivers S1 [...] | flow S [...]"
        " | timeline S1 [...] [--metrics] | verdict S1 [...] | level S1 [...] --level N",
    )
    export.add_argument(
        "args", nargs="+", metavar="ARG", help="the stack (and layer) ids the KIND takes"
    )
    export.add_argument(
        "--level",
        type=int,
        metavar="N",
        help="for a level view: the level shown of every stack (default: none)",
    )
    export.add_argument(
        "--metrics",
        action="store_true",
        help="for a timeline: every metric with a history on its time axis too",
    )
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write to FILE atomically; the extension picks the format (default: stdout)",
    )
    _report_options(export)
    add_as_of(export)
    add_what_if(export)

    verdict = command("verdict", "verdicts with their range, pivotal handlings, margin, debt")
    add_verdict(verdict)
    add_as_of(verdict)

    from layerscope.cli.diff import add_parser as add_diff

    add_diff(command("diff", "what changed between two editions of a stack (files or REV:PATH)"))

    validate = command("validate", "check stack files; no PATH: everything on the search path")
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="a stack file or a directory of them (default: everything on the search path)",
    )
    validate.add_argument(
        "--format", choices=("text", "json"), default="text", help="text to read, json for scripts"
    )
    validate.add_argument("--strict", action="store_true", help="warnings fail too")

    schema = command("schema", "the JSON Schema of a stack file")
    schema.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE (default: stdout)"
    )

    new = command(
        "new", "write a valid starter stack (not over a file, nor one that hides a stack)"
    )
    new.add_argument("id", metavar="ID", help="the stack's id: lowercase letters, digits, '-'")
    new.add_argument(
        "--force",
        action="store_true",
        help="write it even when a stack on the search path has this id (the new one hides it)",
    )
    new.add_argument("--name", help="the stack's name (default: from the id)")
    new.add_argument("--dir", type=Path, help="where to write it (default: the user data dir)")

    command("paths", "where layerscope looks for data and keeps settings")

    serve = command("serve", "serve the app in a web browser (needs the 'web' extra)")
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on")
    serve.add_argument("--port", type=int, default=8000, help="the port to listen on")
    serve.add_argument(
        "--max-sessions", type=int, default=8, metavar="N", help="at most N sessions at once"
    )
    serve.add_argument("views", nargs="*", metavar="VIEW", help="STACK or STACK/LAYER to open")

    completion = command("completion", "a shell completion script (bash, zsh or fish)")
    completion.add_argument(
        "shell", choices=SHELLS, metavar="SHELL", help="bash, zsh or fish: the shell to complete"
    )
    # What the completion scripts call on each TAB (hidden: no help, not in the list).
    hidden = sub.add_parser("__complete", add_help=False)
    hidden.add_argument("words", nargs="*", metavar="WORD", help="the words typed so far")
    return parser


def _global_options(suffix: str) -> Parser:
    options = Parser(add_help=False)
    options.add_argument(
        "--data",
        dest=f"data{suffix}",
        metavar="DIR",
        action="append",
        type=Path,
        default=[],
        help="also load stacks from DIR (repeatable; later ones override)",
    )
    options.add_argument(
        "--no-user-data",
        dest=f"no_user_data{suffix}",
        action="store_true",
        help="skip the user data dir and $LAYERSCOPE_PATH",
    )
    return options


SHELLS = ("bash", "zsh", "fish")
"""The shells ``completion`` writes a script for."""
VIEW_HELP = "STACK (id, name or short name), STACK/LAYER (layer id, label or level: ai/2)"
FORMAT_HELP = "output format (default: ansi on a terminal, else text; with -o: the extension)"
WIDTH_HELP = "line width in columns (default: the terminal's, else 100)"


def _report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "ansi", "md", "html", "svg", "json"),
        default=None,
        help=FORMAT_HELP,
    )
    parser.add_argument("--width", type=int, default=None, metavar="N", help=WIDTH_HELP)
    parser.add_argument("--ascii", action="store_true", help="ASCII symbols only")
