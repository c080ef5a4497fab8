"""``layerscope serve``: the app in a web browser, through textual-serve.

Each browser session gets its own ``layerscope tui`` process, started with the options and
views ``serve`` was given. The page is textual-serve's, with the Google Fonts link replaced
by the fonts textual-serve ships and every URL made relative, so a browser needs nothing
but this server (see ``web/templates/app_index.html``).

The server itself, with what textual-serve leaves open closed (trusted and capped sessions,
checked sizes, no directory listings, sessions that end with the server), is
:mod:`layerscope.web.server`; this module is the command: it checks the options and the
views, listens, says where, and stops on Ctrl+C or SIGTERM.

textual-serve is an optional dependency (the ``web`` extra) and is imported only when the
command runs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from layerscope.cli.common import EXIT_DATA, EXIT_OK, UsageError, error, load
from layerscope.web.server import SHUTDOWN_TIMEOUT, is_loopback, make_server

if TYPE_CHECKING:
    from aiohttp import web

MISSING_EXTRA = "serve needs the 'web' extra: pip install 'layerscope[web]'"

SESSION_MODULE = "layerscope.web.session"
"""What each session's process runs: ``layerscope`` tied to the server's life."""


def run_serve(args: argparse.Namespace) -> int:
    """Serve the app until Ctrl+C; 1 when the extra is missing or the address is unusable.

    Args:
        args: Parsed ``serve`` arguments: ``host``, ``port``, ``max_sessions``, ``views``,
            ``data`` and ``no_user_data``.

    Returns:
        The exit code.
    """
    try:
        import textual_serve.server  # noqa: F401
    except ImportError:
        error(MISSING_EXTRA)
        return EXIT_DATA
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: not a port number (0-65535; 0 picks a free one)")
    if args.max_sessions < 1:
        raise UsageError(f"--max-sessions {args.max_sessions}: must be 1 or more")
    check_views(args)
    return serve_command(app_argv(args), args.host, args.port, args.max_sessions)


def app_argv(args: argparse.Namespace) -> list[str]:
    """The command that runs one session: this Python, ``-m layerscope.web.session ... tui``,
    which is ``layerscope ... tui`` ending with the server."""
    argv = [sys.executable, "-m", SESSION_MODULE]
    for directory in args.data:
        argv += ["--data", str(Path(directory).absolute())]
    if args.no_user_data:
        argv.append("--no-user-data")
    return [*argv, "tui", *args.views]


def check_views(args: argparse.Namespace) -> None:
    """Fail now, not in every browser session, on a bad ``--data`` dir or view."""
    from layerscope.catalog import UnknownId
    from layerscope.settings import Settings
    from layerscope.tui.launch import ViewError, resolve_views

    catalog = load(args)
    try:
        # Default settings: the saved ones only pick stacks when none are given, and
        # reading them here could move a corrupt file aside before the app can report it.
        resolve_views(args.views, catalog, Settings())
    except (UnknownId, ViewError) as err:
        raise UsageError(str(err)) from None


def serve_command(argv: list[str], host: str, port: int, max_sessions: int) -> int:
    """Serve ``argv`` (a Textual app) on ``host:port`` until Ctrl+C or SIGTERM.

    Args:
        argv: The command each session runs.
        host: The address to listen on.
        port: The port to listen on (0: a free one).
        max_sessions: How many sessions may run at once.

    Returns:
        0 after a clean stop; 1 if the address cannot be listened on.
    """
    try:
        return asyncio.run(_serve(argv, host, port, max_sessions))
    except KeyboardInterrupt:  # where the loop cannot take signals (Windows)
        return EXIT_OK


async def _serve(argv: list[str], host: str, port: int, max_sessions: int) -> int:
    from aiohttp import web

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # Windows: KeyboardInterrupt instead
            loop.add_signal_handler(signum, stop.set)
    server = make_server(argv, host, port, max_sessions)
    app = await server._make_app()
    runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=SHUTDOWN_TIMEOUT)
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as err:
            error(_bind_error(host, port, err))
            return EXIT_DATA
        url = _url(host, _bound_port(runner, port))
        print(f"Serving layerscope on {url} (press Ctrl+C to stop)", flush=True)
        if not is_loopback(host):
            error(
                f"warning: listening on {host}: anyone who can reach this port can use the "
                "app and read the files it can read"
            )
        await stop.wait()
    finally:
        await runner.cleanup()
    return EXIT_OK


def _bind_error(host: str, port: int, err: OSError) -> str:
    if err.errno == errno.EADDRINUSE:
        return f"cannot listen on {host}:{port}: the port is already in use (try another --port)"
    reason = err.strerror or str(err)
    return f"cannot listen on {host}:{port}: {reason}"


def _bound_port(runner: web.AppRunner, requested: int) -> int:
    """The port actually listened on (differs from ``requested`` when that is 0)."""
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    return requested


def _url(host: str, port: int) -> str:
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    return f"http://{host}:{port}"
