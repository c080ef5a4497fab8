"""The ``layerscope`` command line.

Each command imports only what it needs: ``list``, ``validate`` and ``export`` never pay
for Textual. Exit codes: 0 success, 1 data errors, 2 usage errors.

The parser is :mod:`~layerscope.cli.parser`; what every command shares (errors, exit codes,
messages, loading, writing) is :mod:`~layerscope.cli.common`, re-exported here; the data
commands are :mod:`~layerscope.cli.data`, the reports :mod:`~layerscope.cli.report`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from layerscope.cli import startup
from layerscope.cli.common import (
    EXIT_DATA,
    EXIT_OK,
    EXIT_USAGE,
    DataError,
    UsageError,
    error,
    load,
    report_problems,
    safe,
    write_output,
)
from layerscope.cli.output import Output, OutputClosed
from layerscope.cli.parser import SHELLS, HelpFormatter, build_parser

if TYPE_CHECKING:
    import argparse

__all__ = [
    "COMMANDS",
    "EXIT_DATA",
    "EXIT_OK",
    "EXIT_USAGE",
    "SHELLS",
    "DataError",
    "HelpFormatter",
    "UsageError",
    "build_parser",
    "error",
    "load",
    "main",
    "report_problems",
    "safe",
    "write_output",
]


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
    # A one-shot command's stdout may be closed or its reader gone (layerscope/cli/output.py).
    # The app and the server own the terminal: theirs is left as it is.
    stdout = sys.stdout
    output = None if args.command in (None, "tui", "serve") else Output(stdout)
    if output is not None:
        sys.stdout = output
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
    except OutputClosed as err:
        error(f"cannot write the output: {err}")
        return EXIT_DATA
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away during a write that went around `output` (raw bytes): the
        # status the command would have had is unknown, so it is not a success. Point
        # stdout at devnull so that the flush at exit does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())
        return EXIT_DATA
    finally:
        if output is not None and sys.stdout is output:
            sys.stdout = stdout
        startup.resume(freeze=False)


def cmd_list(args: argparse.Namespace) -> int:
    """``layerscope list``."""
    from layerscope.cli.data import run_list

    return run_list(args)


def cmd_validate(args: argparse.Namespace) -> int:
    """``layerscope validate``."""
    from layerscope.cli.data import run_validate

    return run_validate(args)


def cmd_schema(args: argparse.Namespace) -> int:
    """``layerscope schema``."""
    from layerscope.cli.data import run_schema

    return run_schema(args)


def cmd_new(args: argparse.Namespace) -> int:
    """``layerscope new``."""
    from layerscope.cli.data import run_new

    return run_new(args)


def cmd_paths(args: argparse.Namespace) -> int:
    """``layerscope paths``."""
    from layerscope.cli.data import run_paths

    return run_paths(args)


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
