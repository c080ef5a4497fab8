"""The ``layerscope`` command line.

Each command imports only what it needs: ``list``, ``validate`` and ``export`` never pay
for Textual. Exit codes: 0 success, 1 data errors, 2 usage errors.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from layerscope import __version__
from layerscope.cli import startup

if TYPE_CHECKING:
    from layerscope.catalog import Catalog
    from layerscope.diagnostics import Diagnostic

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in how the command was called (exit 2)."""


class DataError(Exception):
    """A problem with the data or a file the command was asked to write (exit 1)."""


def error(message: str) -> None:
    """One line on stderr (data text never goes through markup)."""
    print(f"layerscope: {safe(message)}", file=sys.stderr)


def safe(text: str) -> str:
    """Text with control characters shown as escapes, so none reaches the terminal.

    Ids and paths from the command line or the file system can hold anything.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c in "\n\t" else f"\\x{ord(c):02x}" for c in text)


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
    parser = argparse.ArgumentParser(
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
        " | timeline S1 [...] | verdict S1 [...] | level S1 [...] --level N",
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

    new = command("new", "write a valid starter stack (an existing file is a usage error)")
    new.add_argument("id", metavar="ID", help="the stack's id: lowercase letters, digits, '-'")
    new.add_argument("--name", help="the stack's name (default: from the id)")
    new.add_argument("--dir", type=Path, help="where to write it (default: the user data dir)")

    command("paths", "where layerscope looks for data and keeps settings")

    serve = command("serve", "serve the app in a web browser (needs the 'web' extra)")
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on")
    serve.add_argument("--port", type=int, default=8000, help="the port to listen on")
    serve.add_argument("views", nargs="*", metavar="VIEW", help="STACK or STACK/LAYER to open")

    completion = command("completion", "a shell completion script (bash, zsh or fish)")
    completion.add_argument(
        "shell", choices=SHELLS, metavar="SHELL", help="bash, zsh or fish: the shell to complete"
    )
    # What the completion scripts call on each TAB (hidden: no help, not in the list).
    hidden = sub.add_parser("__complete", add_help=False)
    hidden.add_argument("words", nargs="*", metavar="WORD", help="the words typed so far")
    return parser


def _global_options(suffix: str) -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False)
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.data = [*args.data, *getattr(args, "data_after", [])]
    args.no_user_data = args.no_user_data or getattr(args, "no_user_data_after", False)
    handler = COMMANDS[args.command or "tui"]
    if args.command in (None, "tui", "show", "export"):
        # Collection paused while they start (measured gain: layerscope/cli/startup.py).
        startup.pause(skip_exit_collection=args.command in ("show", "export"))
    try:
        if getattr(args, "as_of", None) is not None:
            from layerscope.cli.asof import check_date

            args.as_of = check_date(args.as_of)
        code = handler(args)
        sys.stdout.flush()  # a closed pipe shows up here, not at exit
        return code
    except UsageError as err:
        error(str(err))
        return EXIT_USAGE
    except DataError as err:
        error(str(err))
        return EXIT_DATA
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error. Point stdout at devnull so
        # that the flush at exit does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    finally:
        startup.resume(freeze=False)


def load(args: argparse.Namespace) -> Catalog:
    """The catalog the global options describe."""
    from layerscope.catalog import load_catalog, search_path

    for directory in args.data:
        if not directory.is_dir():
            raise UsageError(f"--data {directory}: no such directory")
    return load_catalog(search_path(args.data, user_data=not args.no_user_data))


def report_problems(catalog: Catalog) -> int:
    """Print the catalog's errors on stderr; 1 if there were any."""
    errors = [d for d in catalog.diagnostics if d.is_error]
    for diagnostic in errors:
        print(safe(str(diagnostic)), file=sys.stderr)
    if errors:
        error(f"{len(errors)} error(s): the files with errors were skipped")
    return EXIT_DATA if errors else EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    """``layerscope list``."""
    from layerscope.analysis import progression
    from layerscope.cli.asof import dated_catalog

    catalog = dated_catalog(load(args), args.as_of)
    rows: list[dict[str, Any]] = []
    for stack in catalog.stacks.values():
        result = progression(stack)
        rows.append(
            {
                "id": stack.id,
                "name": stack.name,
                "short_name": stack.short_name,
                "layers": len(stack.layers),
                "file": str(catalog.files[stack.id]),
                "verdict": result.verdict,
                "progression_index": round(result.score.index, 3),
                "transfer_share": round(result.score.transfer_share, 3),
            }
        )
    if args.format == "json":
        import json

        from layerscope.cli.verdict import list_fields

        for row in rows:
            row.update(list_fields(catalog.stack(row["id"])))
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        _print_table(rows, sys.stdout)
    return report_problems(catalog)


def _print_table(rows: list[dict[str, Any]], out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    if not rows:
        print("no stacks found", file=out)
        return
    cells = [
        (
            row["id"],
            row["name"],
            str(row["layers"]),
            row["verdict"],
            f"{row['progression_index']:.2f}",
            f"{row['transfer_share']:.0%}",
            row["file"],
        )
        for row in rows
    ]
    table = Table(box=None, pad_edge=False, header_style="bold")
    headers = ("id", "name", "layers", "verdict", "index", "transfer", "file")
    for i, column in enumerate(headers):
        # Name and file fold on a narrow terminal; the other columns are never cut.
        folds = column in ("name", "file")
        widest = max(len(column), *(len(row[i]) for row in cells))
        table.add_column(
            column,
            justify="right" if column in ("layers", "index", "transfer") else "left",
            no_wrap=not folds,
            overflow="fold",
            min_width=None if folds else widest,
        )
    for row in cells:
        table.add_row(*(Text(cell) for cell in row))
    # Piped output is for scripts: whole lines, never folded to a guessed width.
    width = None if out.isatty() else 10_000
    console = Console(file=out, highlight=False, soft_wrap=False, width=width)
    # Each cell is padded to its column's width, the last one too: no line ends in spaces.
    for line in console.render_lines(table, pad=False, new_lines=False):
        text = Text.assemble(*((seg.text, seg.style or "") for seg in line if not seg.control))
        text.rstrip()
        console.print(text, no_wrap=True, crop=False, overflow="ignore")


def cmd_validate(args: argparse.Namespace) -> int:
    """``layerscope validate``."""
    from layerscope.catalog import load_paths

    catalog = load_paths(args.paths, dimensions_from=load(args)) if args.paths else load(args)
    diagnostics = catalog.diagnostics
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    files = len(catalog.results)
    if args.format == "json":
        payload = {
            "files": [
                {
                    "path": str(r.path),
                    "ok": r.ok,
                    "diagnostics": [d.as_dict() for d in r.diagnostics],
                }
                for r in catalog.results
            ],
            "diagnostics": [d.as_dict() for d in diagnostics],
            "errors": errors,
            "warnings": warnings,
        }
        import json

        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        # The diagnostics are errors and warnings: stderr. The tally is the result: stdout.
        _print_diagnostics(diagnostics, sys.stderr)
        print(f"{files} file(s) checked: {errors} error(s), {warnings} warning(s)")
    failed = errors or (args.strict and warnings)
    return EXIT_DATA if failed else EXIT_OK


def _print_diagnostics(diagnostics: Sequence[Diagnostic], out: TextIO) -> None:
    for diagnostic in diagnostics:
        print(safe(str(diagnostic)), file=out)


def cmd_schema(args: argparse.Namespace) -> int:
    """``layerscope schema``."""
    import json

    from layerscope.model import json_schema

    text = json.dumps(json_schema(), indent=2) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_output(args.output, text)
    return EXIT_OK


def write_output(path: Path, data: str | bytes, *, overwrite: bool = True) -> None:
    """Write a file atomically; a failure is a one-line :class:`DataError`.

    Raises:
        FileExistsError: ``overwrite`` is false and the file exists.
    """
    from layerscope.atomic import write_atomic

    try:
        write_atomic(path, data, overwrite=overwrite)
    except FileExistsError:
        if not overwrite:
            raise
        raise DataError(f"cannot write {path}: it exists and cannot be replaced") from None
    except FileNotFoundError:
        raise DataError(f"cannot write {path}: directory {path.parent} does not exist") from None
    except PermissionError:
        raise DataError(f"cannot write {path}: permission denied") from None
    except IsADirectoryError:
        raise DataError(f"cannot write {path}: it is a directory") from None
    except OSError as err:
        raise DataError(f"cannot write {path}: {err.strerror or err}") from None


def cmd_new(args: argparse.Namespace) -> int:
    """``layerscope new``."""
    import re

    from layerscope import paths
    from layerscope.cli.starter import starter_stack
    from layerscope.model import ID_PATTERN

    if not re.match(ID_PATTERN, args.id):
        raise UsageError(
            f"'{args.id}' is not a valid id (lowercase letters, digits and '-', at most 40)"
        )
    directory: Path = args.dir or paths.user_data_dir()
    target = directory / f"{args.id}.yaml"
    if target.exists():
        raise UsageError(f"{target} already exists; not overwriting it (pick another ID)")
    dimensions = [d.id for d in load(args).dimensions]  # usage errors before any write
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise DataError(f"cannot create {directory}: {err.strerror or err}") from None
    try:
        write_output(target, starter_stack(args.id, args.name, dimensions), overwrite=False)
    except FileExistsError:
        raise UsageError(f"{target} already exists; not overwriting it (pick another ID)") from None
    schema_file = directory / "stack.schema.json"
    if not schema_file.exists():
        import json

        from layerscope.model import json_schema

        write_output(schema_file, json.dumps(json_schema(), indent=2) + "\n")
    print(target)
    return EXIT_OK


def cmd_paths(args: argparse.Namespace) -> int:
    """``layerscope paths``."""
    from layerscope import paths
    from layerscope.catalog import search_path

    print(f"built-in data  {paths.builtin_data_dir()}")
    print(f"user data      {paths.user_data_dir()}")
    print(f"config file    {paths.config_file()}")
    print("search path (later overrides earlier):")
    for entry in search_path(args.data, user_data=not args.no_user_data):
        state = "" if entry.path.is_dir() else "  (missing)"
        print(f"  {entry.origin:<16} {entry.path}{state}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """``layerscope show``."""
    from layerscope.cli.report import run_show

    return run_show(args, load(args))


def cmd_export(args: argparse.Namespace) -> int:
    """``layerscope export``."""
    from layerscope.cli.report import run_export

    return run_export(args, load(args))


def cmd_diff(args: argparse.Namespace) -> int:
    """``layerscope diff OLD NEW``."""
    from layerscope.cli.diff import run_diff

    return run_diff(args)


def cmd_verdict(args: argparse.Namespace) -> int:
    """``layerscope verdict``."""
    from layerscope.cli.verdict import run_verdict

    return run_verdict(args, load(args))


def cmd_completion(args: argparse.Namespace) -> int:
    """``layerscope completion bash|zsh|fish``: the script on stdout."""
    from layerscope.cli.completion import script

    sys.stdout.write(script(args.shell))
    return EXIT_OK


def cmd_complete(args: argparse.Namespace) -> int:
    """``layerscope __complete WORD...``: the candidates for the last word, one a line."""
    from layerscope.cli.completion import candidates, typed_catalog_options

    # The stacks the typed command would see: its --data dirs and --no-user-data count.
    data, no_user_data = typed_catalog_options(args.words)
    args.data = [*args.data, *data]
    args.no_user_data = args.no_user_data or no_user_data
    for candidate in candidates(build_parser(), args.words, lambda: load(args)):
        print(candidate)
    return EXIT_OK


def cmd_tui(args: argparse.Namespace) -> int:
    """``layerscope`` / ``layerscope tui``: open the app."""
    from layerscope.tui.launch import run_tui

    return run_tui(args)


def cmd_serve(args: argparse.Namespace) -> int:
    """``layerscope serve``."""
    from layerscope.serve import run_serve

    return run_serve(args)


COMMANDS = {
    "tui": cmd_tui,
    "list": cmd_list,
    "show": cmd_show,
    "export": cmd_export,
    "verdict": cmd_verdict,
    "validate": cmd_validate,
    "schema": cmd_schema,
    "new": cmd_new,
    "paths": cmd_paths,
    "serve": cmd_serve,
    "diff": cmd_diff,
    "completion": cmd_completion,
    "__complete": cmd_complete,
}
