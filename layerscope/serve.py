"""``layerscope serve``: the app in a web browser, through textual-serve.

Each browser session gets its own ``layerscope tui`` process, started with the options and
views ``serve`` was given. The page is textual-serve's, with the Google Fonts link replaced
by the fonts textual-serve ships and every URL made relative, so a browser needs nothing
but this server (see ``web/templates/app_index.html``).

textual-serve is an optional dependency (the ``web`` extra) and is imported only here, when
the command runs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import ipaddress
import os
import shlex
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from layerscope.cli.common import EXIT_DATA, EXIT_OK, UsageError, error, load

if TYPE_CHECKING:
    from aiohttp import web
    from textual_serve.server import Server

TEMPLATES = Path(__file__).resolve().parent / "web" / "templates"
"""Holds ``app_index.html``, the page that replaces textual-serve's own."""

MISSING_EXTRA = "serve needs the 'web' extra: pip install 'layerscope[web]'"

SHUTDOWN_TIMEOUT = 10.0
"""Seconds open sessions get to close their app processes when the server stops."""


def run_serve(args: argparse.Namespace) -> int:
    """Serve the app until Ctrl+C; 1 when the extra is missing or the address is unusable.

    Args:
        args: Parsed ``serve`` arguments: ``host``, ``port``, ``views``, ``data`` and
            ``no_user_data``.

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
    check_views(args)
    return serve_command(app_command(args), args.host, args.port)


def app_command(args: argparse.Namespace) -> str:
    """The shell command that runs one session: this Python, ``-m layerscope ... tui``."""
    argv = [sys.executable, "-m", "layerscope"]
    for directory in args.data:
        argv += ["--data", str(Path(directory).absolute())]
    if args.no_user_data:
        argv.append("--no-user-data")
    argv += ["tui", *args.views]
    # textual-serve runs the command through the platform's shell.
    return subprocess.list2cmdline(argv) if os.name == "nt" else shlex.join(argv)


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


def serve_command(command: str, host: str, port: int) -> int:
    """Serve ``command`` (a Textual app) on ``host:port`` until Ctrl+C or SIGTERM.

    Returns:
        0 after a clean stop; 1 if the address cannot be listened on.
    """
    try:
        return asyncio.run(_serve(command, host, port))
    except KeyboardInterrupt:  # where the loop cannot take signals (Windows)
        return EXIT_OK


async def _serve(command: str, host: str, port: int) -> int:
    from aiohttp import web

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # Windows: KeyboardInterrupt instead
            loop.add_signal_handler(signum, stop.set)
    server = _make_server(command, host, port)
    # The same routes (page, websocket, downloads, static files) as Server.serve() uses.
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
        if not _is_loopback(host):
            error(
                f"warning: listening on {host}: anyone who can reach this port can use the "
                "app and read the files it can read"
            )
        await stop.wait()
    finally:
        await runner.cleanup()
    return EXIT_OK


def _make_server(command: str, host: str, port: int) -> Server:
    from aiohttp import web
    from textual_serve.server import Server

    class LayerscopeServer(Server):
        """textual-serve's server: layerscope's page, trusted sessions only, a prompt stop."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.sessions: set[asyncio.Task[Any]] = set()
            """The tasks serving open browser sessions, one app process each."""

        async def on_startup(self, app: web.Application) -> None:
            """Print nothing yet: the address is printed once it is listened on."""

        async def on_shutdown(self, app: web.Application) -> None:
            """End the sessions before aiohttp waits for them.

            Left alone, aiohttp waits out its timeout for each open websocket, cancels it,
            and the app process outlives the server. A cancelled session closes its socket
            and tells its app to quit.
            """
            for task in self.sessions:
                task.cancel()
            if self.sessions:
                await asyncio.wait(self.sessions, timeout=SHUTDOWN_TIMEOUT)

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            """One browser session, for this server's own page only (see :func:`trusted`)."""
            if not trusted(request.host, request.headers.get("Origin"), self.host):
                raise web.HTTPForbidden(text="layerscope: open the app from the server's page")
            task = asyncio.current_task()
            assert task is not None
            self.sessions.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                self.sessions.discard(task)

    return LayerscopeServer(
        command, host=host, port=port, title="layerscope", templates_path=TEMPLATES
    )


def trusted(host_header: str, origin: str | None, listen_host: str) -> bool:
    """Whether a websocket handshake may start a session.

    Browsers let any web page open a websocket to any address, localhost included, so a
    page from elsewhere could otherwise drive the app. The handshake must come from a page
    of this server (``Origin`` matches ``Host``) or from no page at all (no ``Origin``),
    and, while listening on loopback, name a loopback host, which defeats DNS rebinding.

    Args:
        host_header: The request's ``Host`` header.
        origin: The request's ``Origin`` header, if any.
        listen_host: The ``--host`` the server listens on.
    """
    if origin is not None and urlsplit(origin).netloc.lower() != host_header.lower():
        return False
    if not _is_loopback(listen_host):
        return True
    name = (urlsplit(f"//{host_header}").hostname or "").lower()
    return name == listen_host.lower() or _is_loopback(name)


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


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
