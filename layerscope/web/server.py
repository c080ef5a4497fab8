"""textual-serve's server, closed where it is left open: what ``layerscope serve`` runs.

:func:`make_server` makes textual-serve's ``Server`` into layerscope's, in a subclass:
sessions start only from this server's own page (:func:`trusted`), at most
``--max-sessions`` at a time; the terminal sizes a browser sends are checked
(:func:`cells`); the static files are served without directory listings; and each
session's process runs :mod:`layerscope.web.session`, which ends it when the server ends,
even by SIGKILL.

textual-serve and aiohttp are imported only in :func:`make_server`, when the command runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import ipaddress
import json
import logging
import os
import shlex
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from aiohttp import web
    from textual_serve.server import Server

TEMPLATES = Path(__file__).resolve().parent / "templates"
"""Holds ``app_index.html``, the page that replaces textual-serve's own."""

SHUTDOWN_TIMEOUT = 10.0
"""Seconds open sessions get to close their app processes when the server stops."""

STOP_TIMEOUT = 5.0
"""Seconds a session's app gets to quit once its socket has closed, before it is killed
(less than :data:`SHUTDOWN_TIMEOUT`, so that a stopping server sees it killed)."""

MAX_CELLS = 1000
"""The most columns, and the most rows, a session's terminal may have; larger sizes are
cut to this. A 4K screen at a 10-pixel font is under 400 columns."""

log = logging.getLogger("layerscope.serve")


def _command_line(argv: list[str]) -> str:
    """``argv`` as one line, for messages (sessions run ``argv`` with no shell)."""
    return subprocess.list2cmdline(argv) if os.name == "nt" else shlex.join(argv)


def make_server(argv: list[str], host: str, port: int, max_sessions: int) -> Server:
    """textual-serve's server of ``argv`` on ``host:port``, closed as this module says, with
    at most ``max_sessions`` sessions at a time."""
    import aiohttp_jinja2
    import jinja2
    from aiohttp import WSMsgType, web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    from layerscope.web.session import PARENT_ENV

    class Session(AppService):
        """One session's app process: ``argv`` run with no shell in between, so that the
        process the server starts is the app itself, and killed if it will not quit."""

        async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
            environment = self._build_environment(width=width, height=height)
            environment[PARENT_ENV] = str(os.getpid())
            self._process = process = await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=environment,
                # Its own process group: a Ctrl+C at the server's terminal reaches the
                # server's group only, and the server ends its sessions itself. A session
                # in the server's group, still starting, would die of it with a fatal error.
                start_new_session=True,
            )
            assert process.stdin is not None
            self._stdin = process.stdin
            return process

        async def stop(self) -> None:
            """Ask the app to quit; kill it if it has not within :data:`STOP_TIMEOUT`."""
            process = self._process
            try:
                async with asyncio.timeout(STOP_TIMEOUT):
                    await super().stop()
                    if process is not None:
                        await process.wait()
            except TimeoutError:
                if process is not None and process.returncode is None:
                    with contextlib.suppress(ProcessLookupError):
                        process.kill()
                    await process.wait()

    class LayerscopeServer(Server):
        """textual-serve's server: layerscope's page, trusted and capped sessions, checked
        sizes, no directory listings, a prompt stop."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.sessions: set[asyncio.Task[Any]] = set()
            """The tasks serving open browser sessions, one app process each."""

        async def _make_app(self) -> web.Application:
            """The routes of ``Server._make_app``, with the static files unlisted."""
            app = web.Application()
            aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
            app.add_routes(
                [
                    web.get("/", self.handle_index, name="index"),
                    web.get("/ws", self.handle_websocket, name="websocket"),
                    web.get("/download/{key}", self.handle_download, name="download"),
                    web.static("/static", self.statics_path, show_index=False, name="static"),
                ]
            )
            app.on_startup.append(self.on_startup)
            app.on_shutdown.append(self.on_shutdown)
            return app

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

        def full(self) -> bool:
            return len(self.sessions) >= max_sessions

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            """The app's page; a page that says why when no session can start."""
            if self.full():
                return web.Response(
                    status=503, text=full_page(max_sessions), content_type="text/html"
                )
            response: web.StreamResponse = await super().handle_index(request)
            return response

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            """One browser session, for this server's own page only (see :func:`trusted`),
            of a size :func:`cells` accepts, while fewer than ``max_sessions`` run."""
            if not trusted(request.host, request.headers.get("Origin"), self.host):
                raise web.HTTPForbidden(text="layerscope: open the app from the server's page")
            width = cells(request.query.get("width", "80"))
            height = cells(request.query.get("height", "24"))
            if width is None or height is None:
                raise web.HTTPBadRequest(text=BAD_SIZE)
            if self.full():
                raise web.HTTPServiceUnavailable(text=full_message(max_sessions))
            task = asyncio.current_task()
            assert task is not None
            self.sessions.add(task)
            try:
                return await self._session(request, width, height)
            finally:
                self.sessions.discard(task)

        async def _session(
            self, request: web.Request, width: int, height: int
        ) -> web.WebSocketResponse:
            """``Server.handle_websocket``'s session, with a :class:`Session` process."""
            websocket = web.WebSocketResponse(heartbeat=15)
            session: Session | None = None
            try:
                await websocket.prepare(request)

                async def close() -> None:
                    await websocket.close()

                session = Session(
                    self.command,
                    write_bytes=websocket.send_bytes,
                    write_str=websocket.send_str,
                    close=close,
                    download_manager=self.download_manager,
                    debug=self.debug,
                )
                await session.start(width, height)
                await self._process_messages(websocket, session)
            except asyncio.CancelledError:
                await websocket.close()
            except Exception:
                log.exception("layerscope: a session failed")
            finally:
                if session is not None:
                    await session.stop()
            return websocket

        async def _process_messages(
            self, websocket: web.WebSocketResponse, app_service: AppService
        ) -> None:
            """Pass the browser's messages to the app; ignore any that are malformed."""
            async for message in websocket:
                if message.type != WSMsgType.TEXT:
                    continue
                try:
                    envelope = json.loads(message.data)
                except ValueError:
                    continue
                if not isinstance(envelope, list) or not envelope:
                    continue
                kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
                if kind == "stdin" and isinstance(data, str):
                    await app_service.send_bytes(data.encode("utf-8", "replace"))
                elif kind == "resize" and isinstance(data, dict):
                    width, height = cells(data.get("width")), cells(data.get("height"))
                    if width is not None and height is not None:
                        await app_service.set_terminal_size(width, height)
                elif kind == "ping":
                    await websocket.send_json(["pong", data])
                elif kind == "blur":
                    await app_service.blur()
                elif kind == "focus":
                    await app_service.focus()

    return LayerscopeServer(
        _command_line(argv), host=host, port=port, title="layerscope", templates_path=TEMPLATES
    )


BAD_SIZE = f"layerscope: width and height must be whole numbers from 1 to {MAX_CELLS}"


def cells(value: object) -> int | None:
    """A terminal width or height from a browser: a whole number of cells, at least 1 and
    at most :data:`MAX_CELLS` (larger ones are cut to it); None for anything else.

    Args:
        value: A query string's value (ASCII digits only) or a JSON message's (an int).
    """
    if isinstance(value, str) and value.isascii() and value.isdigit():
        number = MAX_CELLS + 1 if len(value) > len(str(MAX_CELLS)) else int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        return None
    return min(number, MAX_CELLS) if number >= 1 else None


def full_message(max_sessions: int) -> str:
    """What a browser is told when ``max_sessions`` sessions already run."""
    sessions = "session" if max_sessions == 1 else "sessions"
    return (
        f"This layerscope server already runs {max_sessions} {sessions}, its limit "
        f"(--max-sessions {max_sessions}). Close a layerscope tab, then reload this page."
    )


def full_page(max_sessions: int) -> str:
    """:func:`full_message` as a page of its own."""
    message = html.escape(full_message(max_sessions))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8" />'
        '<title>layerscope: no free session</title><link rel="icon" href="data:," /></head>'
        f"<body><h1>layerscope</h1><p>{message}</p></body></html>\n"
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
    if not is_loopback(listen_host):
        return True
    name = (urlsplit(f"//{host_header}").hostname or "").lower()
    return name == listen_host.lower() or is_loopback(name)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only: ``localhost`` or a loopback address."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
