"""``layerscope serve``: the command line, and the app in a real browser.

The browser test drives Debian's chromium through Playwright for Python. It fails, never
skips, when either is missing, unless ``LAYERSCOPE_SKIP_BROWSER=1`` is set.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from layerscope import cli, serve
from layerscope.web import server as web_server

REPO = Path(__file__).resolve().parent.parent
FIXTURE_CATALOG = REPO / "tests" / "fixtures" / "catalog"

WAIT = 60.0
"""The longest any single wait in these tests may take, in seconds."""

# fmt: off
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# fmt: on

LAYERSCOPE = [sys.executable, "-m", "layerscope"]
FIXTURES_ONLY = ["--no-user-data", "--data", str(FIXTURE_CATALOG)]
SESSION_MODULES = {b"layerscope", b"layerscope.web.session"}
"""What a session runs with ``python -m`` (``layerscope.web.session`` wraps ``layerscope``)."""


# --- command line -----------------------------------------------------------------------


def test_defaults_listen_on_loopback_port_8000() -> None:
    args = cli.build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.views) == ("127.0.0.1", 8000, [])


def test_missing_extra_is_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in [m for m in sys.modules if m == "textual_serve" or m.startswith("textual_serve.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # makes the import fail

    code = cli.main([*FIXTURES_ONLY, "serve", "alpha"])

    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err == "layerscope: serve needs the 'web' extra: pip install 'layerscope[web]'\n"


def test_port_in_use_is_one_line_and_exit_1() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [*LAYERSCOPE, "--no-user-data", "serve", "--port", str(port)],
            capture_output=True, text=True, timeout=WAIT, cwd=REPO,
        )  # fmt: skip
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"layerscope: cannot listen on 127.0.0.1:{port}: "
        "the port is already in use (try another --port)"
    ]


def test_unknown_view_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main([*FIXTURES_ONLY, "serve", "alpah"])

    assert code == 2
    assert "unknown stack 'alpah' (did you mean 'alpha'?)" in capsys.readouterr().err


def test_bad_port_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--no-user-data", "serve", "--port", "70000"]) == 2
    assert "--port 70000" in capsys.readouterr().err


def test_session_command_reruns_layerscope_with_the_same_options(tmp_path: Path) -> None:
    spaced = tmp_path / "my stacks; rm -rf"
    args = cli.build_parser().parse_args(
        ["--data", str(spaced), "--no-user-data", "serve", "alpha", "beta/L2"]
    )
    args.no_user_data = True  # cli.main fills these in after parsing

    argv = serve.app_argv(args)

    assert argv == [sys.executable, "-m", "layerscope.web.session",
                    "--data", str(spaced), "--no-user-data", "tui", "alpha", "beta/L2"]  # fmt: skip


def test_the_core_does_not_import_the_web_stack() -> None:
    code = (
        "import sys, layerscope.cli, layerscope.serve;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('textual', 'textual_serve', 'aiohttp')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=WAIT, check=True
    )
    assert result.stdout.strip() == "[]"


def test_serves_on_loopback_a_page_that_needs_no_other_host_and_stops_on_ctrl_c() -> None:
    with running_server([*LAYERSCOPE, "--no-user-data", "serve", "--port", "0"]) as server:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", server.url)
        with urllib.request.urlopen(server.url + "/", timeout=WAIT) as response:
            page = response.read().decode()
        # The only absolute URL left in the page is the SVG namespace, which is not fetched.
        assert re.findall(r"""(?:https?:)?//[^\s"')]+""", page) == ["http://www.w3.org/2000/svg"]

        server.interrupt()

        assert server.returncode == 0
        assert "Traceback" not in server.stdout + server.stderr


@pytest.mark.parametrize(
    ("host_header", "origin", "listen_host", "allowed"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000", "127.0.0.1", True),
        ("localhost:8000", "http://localhost:8000", "127.0.0.1", True),
        ("[::1]:8000", "http://[::1]:8000", "127.0.0.1", True),
        ("127.0.0.1:8000", None, "127.0.0.1", True),  # not from a web page
        ("127.0.0.1:8000", "https://evil.example", "127.0.0.1", False),
        ("127.0.0.1:8000", "null", "127.0.0.1", False),
        ("evil.example:8000", "http://evil.example:8000", "127.0.0.1", False),  # rebinding
        ("box.lan:8000", "http://box.lan:8000", "0.0.0.0", True),
        ("box.lan:8000", "http://evil.example", "0.0.0.0", False),
    ],
)
def test_sessions_start_only_from_the_servers_own_page(
    host_header: str, origin: str | None, listen_host: str, allowed: bool
) -> None:
    assert web_server.trusted(host_header, origin, listen_host) is allowed


@pytest.mark.xdist_group("serve")
def test_a_websocket_from_another_site_is_refused(refusing_server: Server) -> None:
    server = refusing_server
    address = urlsplit(server.url)
    for host, origin in [(address.netloc, "https://evil.example"),
                         (f"evil.example:{address.port}", None)]:  # fmt: skip
        status = websocket_handshake(address.hostname or "", address.port or 0, host, origin)
        assert status == 403, (host, origin)
    assert not session_processes(server.pid)


def websocket_handshake(
    address: str, port: int, host: str, origin: str | None, query: str = "width=80&height=24"
) -> int:
    """The HTTP status the server answers a websocket handshake to ``/ws?query`` with."""
    lines = [
        f"GET /ws?{query} HTTP/1.1",
        f"Host: {host}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version: 13",
    ]
    if origin is not None:
        lines.append(f"Origin: {origin}")
    with socket.create_connection((address, port), timeout=WAIT) as conn:
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        status_line = conn.makefile("rb").readline().decode()
    return int(status_line.split()[1])


# --- hostile clients and faults ---------------------------------------------------------

SERVE = [*LAYERSCOPE, *FIXTURES_ONLY, "serve", "--port", "0", "alpha", "beta"]


@pytest.fixture(scope="module")
def refusing_server() -> Iterator[Server]:
    """One server for the tests that start no session on it (each checks that none
    started): what it refuses and what it serves leave it as it was."""
    with running_server(SERVE) as server:
        yield server


def test_max_sessions_defaults_to_8_is_in_the_help_and_must_be_positive(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.build_parser().parse_args(["serve"]).max_sessions == 8
    with pytest.raises(SystemExit):
        cli.main(["serve", "--help"])
    assert "--max-sessions" in capsys.readouterr().out

    assert cli.main(["--no-user-data", "serve", "--max-sessions", "0"]) == 2
    assert "--max-sessions 0" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("value", "cells"),
    [("80", 80), ("1", 1), (120, 120), ("100000", "max"), (10**9, "max"),
     ("-5", None), ("0", None), (0, None), ("", None), ("abc", None), ("1e3", None),
     (" 80", None), ("+80", None), ("٨٠", None), (80.0, None), (True, None), (None, None),
     ("9" * 5000, "max")],
)  # fmt: skip
def test_terminal_sizes_are_positive_whole_numbers_clamped_to_a_bound(
    value: object, cells: int | str | None
) -> None:
    assert web_server.cells(value) == (web_server.MAX_CELLS if cells == "max" else cells)


@pytest.mark.xdist_group("serve")
@pytest.mark.parametrize(
    "query", ["width=-5&height=24", "width=80&height=0", "width=abc", "height=1e9", "width="]
)
def test_a_bad_terminal_size_is_refused_before_a_session_starts(
    refusing_server: Server, query: str
) -> None:
    server = refusing_server
    address = urlsplit(server.url)
    status = websocket_handshake(
        address.hostname or "", address.port or 0, address.netloc, None, query
    )
    assert status == 400
    assert not session_processes(server.pid)


HOSTILE_MESSAGES = [
    "not json", "[]", "{}", '"resize"', '["resize"]', '["resize", "80x24"]',
    '["resize", {"width": -5, "height": 24}]', '["resize", {"width": 80, "height": 1e400}]',
    '["resize", {"width": "80", "height": null}]', '["stdin", 5]', '["stdin", "\\ud800"]',
    '["focus", 1, 2, 3]', '["frobnicate"]',
]  # fmt: skip


@pytest.mark.xdist_group("serve")
def test_malformed_messages_and_bad_sizes_leave_the_session_running() -> None:
    with running_server(SERVE) as server, WebSocketClient() as client:
        websocket = client.connect(ws_url(server))
        session = wait_for(lambda: session_processes(server.pid), "a `tui` session process")
        for text in HOSTILE_MESSAGES:
            client.send(websocket, text)
        client.send(websocket, '["ping", "after the hostile messages"]')

        # Messages are handled in order: the answer to the last shows all the others passed.
        pong = '["pong", "after the hostile messages"]'
        wait_for(lambda: pong in client.texts(websocket), "the answer to the last ping")
        assert all(map(running, session))
        # A Ctrl+C at the server's terminal reaches its process group: a session there
        # that is still starting (before its Python can ignore SIGINT) would die with a
        # fatal error. The server ends its sessions itself.
        group = os.getpgid(server.pid)
        assert [os.getpgid(pid) == group for pid in session] == [False] * len(session), (
            "a session runs in the server's process group"
        )
        server.interrupt()
        assert "Traceback" not in server.stdout + server.stderr
        assert "Fatal Python error" not in server.stderr
        wait_for(lambda: not any(map(running, session)), "the server to end its session")


@pytest.mark.xdist_group("serve")
def test_static_files_are_served_but_no_directory_is_listed(refusing_server: Server) -> None:
    server = refusing_server
    with urllib.request.urlopen(server.url + "/static/js/textual.js", timeout=WAIT) as ok:
        assert ok.status == 200
    for directory in ["/static/", "/static/js/", "/static/fonts/"]:
        assert http_get(server.url + directory)[0] in (403, 404), directory
    assert not session_processes(server.pid)


@pytest.mark.xdist_group("serve")
def test_sessions_end_when_serve_is_killed() -> None:
    with running_server(SERVE) as server, WebSocketClient() as client:
        websocket = client.connect(ws_url(server))
        sessions = wait_for(lambda: session_processes(server.pid), "a `tui` session process")
        # Once the app has drawn its screen it is idle: nothing it does would notice the end.
        wait_for(lambda: b"Alpha" in client.received(websocket), "the app to draw its screen")

        os.kill(server.pid, signal.SIGKILL)  # the server only: the sessions live on their own
        server.process.wait(timeout=WAIT)

        wait_for(lambda: not any(map(running, sessions)), "the sessions to end after SIGKILL")


WATCHED_CHILD = """
import os, time
from layerscope.web import session
session.set_parent_death_signal = lambda signum: False  # as where there is no prctl
session.end_with_parent(os.getppid())
print("watching", flush=True)
time.sleep(600)
"""

PARENT = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", sys.argv[1]])
print("child", child.pid, flush=True)
time.sleep(600)
"""


def test_the_watchdog_alone_ends_a_session_whose_parent_was_killed() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, WATCHED_CHILD], cwd=REPO, stdout=subprocess.PIPE,
        text=True, start_new_session=True,
    )  # fmt: skip
    try:
        assert parent.stdout is not None
        lines = sorted([parent.stdout.readline().split(), parent.stdout.readline().split()])
        assert lines[0][0] == "child" and lines[1] == ["watching"], lines
        child = int(lines[0][1])

        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=WAIT)

        wait_for(lambda: not running(child), "the orphaned child to end")
    finally:
        with suppress(ProcessLookupError):
            os.killpg(parent.pid, signal.SIGKILL)
        parent.wait(timeout=WAIT)


@pytest.mark.xdist_group("serve")
def test_sessions_beyond_max_sessions_are_refused_with_a_page_that_says_why() -> None:
    with running_server([*SERVE, "--max-sessions=1"]) as server, WebSocketClient() as client:
        first = client.connect(ws_url(server))
        session = wait_for(lambda: session_processes(server.pid), "a `tui` session process")

        assert client.connect(ws_url(server)) == 503
        status, page = http_get(server.url + "/")
        assert status == 503
        assert "--max-sessions 1" in page
        assert "Close a layerscope tab" in page
        assert len(session_processes(server.pid)) == 1

        client.close(first)  # the first tab closes: its app ends and frees the place
        wait_for(lambda: not any(map(running, session)), "the closed session's app to end")
        wait_for(lambda: http_get(server.url + "/")[0] == 200, "the page to be served again")
        assert not isinstance(client.connect(ws_url(server)), int)  # a session again

        server.interrupt()
        assert server.returncode == 0
        assert "Traceback" not in server.stdout + server.stderr


def http_get(url: str) -> tuple[int, str]:
    """The status and body of a GET, error statuses included."""
    try:
        with urllib.request.urlopen(url, timeout=WAIT) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def ws_url(server: Server) -> str:
    return "ws" + server.url.removeprefix("http") + "/ws?width=80&height=24"


def running(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie (an ended process not yet reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


class WebSocketClient:
    """Browser-like websocket sessions on a thread of their own, which read everything the
    server sends (answering its heartbeat pings) until they are closed."""

    def __init__(self) -> None:
        import asyncio

        self._asyncio = asyncio
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._sockets: list[Any] = []
        self._received: dict[int, bytearray] = {}
        self._texts: dict[int, list[str]] = {}
        self._readers: list[Any] = []  # the tasks that read them (the loop keeps no reference)
        self._session: Any = self._run(self._new_session())

    def __enter__(self) -> WebSocketClient:
        return self

    def __exit__(self, *exc: object) -> None:
        for websocket in list(self._sockets):
            self.close(websocket)
        self._run(self._session.close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(WAIT)

    def connect(self, url: str) -> Any:
        """An open websocket, or the HTTP status the handshake was refused with."""
        return self._run(self._connect(url))

    def received(self, websocket: Any) -> bytes:
        """Everything the server has sent on ``websocket`` so far."""
        return bytes(self._received[id(websocket)])

    def texts(self, websocket: Any) -> list[str]:
        """The text messages the server has sent on ``websocket`` so far."""
        return list(self._texts[id(websocket)])

    def send(self, websocket: Any, text: str) -> None:
        self._run(websocket.send_str(text))

    def close(self, websocket: Any) -> None:
        self._sockets.remove(websocket)
        self._run(websocket.close())

    def _run(self, coroutine: Any) -> Any:
        return self._asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(WAIT)

    async def _connect(self, url: str) -> Any:
        import aiohttp

        try:
            websocket = await self._session.ws_connect(url)
        except aiohttp.WSServerHandshakeError as err:
            return err.status
        self._sockets.append(websocket)
        self._received[id(websocket)] = bytearray()
        self._texts[id(websocket)] = []
        self._readers.append(self._asyncio.ensure_future(self._drain(websocket)))
        return websocket

    async def _drain(self, websocket: Any) -> None:
        async for message in websocket:
            if isinstance(message.data, bytes):
                self._received[id(websocket)] += message.data
            elif isinstance(message.data, str):
                self._texts[id(websocket)].append(message.data)

    async def _new_session(self) -> Any:
        import aiohttp

        return aiohttp.ClientSession()


# --- the app in a browser ---------------------------------------------------------------

# Runs before the page's scripts: keeps a handle on the xterm.js terminal that textual.js
# creates (`this.terminal = new Terminal(...)` on the object bound to #terminal), so the test
# can read the screen from xterm's buffer rather than from pixels on a canvas.
KEEP_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {
      value, writable: true, configurable: true, enumerable: true,
    });
    if (this.element instanceof HTMLElement && this.element.id === "terminal") {
      window.layerscopeTerminal = value;
    }
  },
});
"""

SCREEN_TEXT = """() => {
  const term = window.layerscopeTerminal;
  if (!term) return null;
  const buffer = term.buffer.active;
  const rows = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}"""


def test_the_app_in_a_real_browser() -> None:
    chromium = chromium_or_fail()
    from playwright.sync_api import sync_playwright

    serve_fixtures = [*LAYERSCOPE, *FIXTURES_ONLY, "serve", "--port", "0", "alpha", "beta"]
    with starting_server(serve_fixtures) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            server.wait_for_url()  # started before the browser, which starts meanwhile
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            requested: list[str] = []
            failed: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            page.on("websocket", lambda websocket: requested.append(websocket.url))
            page.on("requestfailed", lambda request: failed.append(request.url))
            page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
            page.on("pageerror", lambda exc: failed.append(f"script error: {exc}"))
            page.add_init_script(KEEP_TERMINAL)

            page.goto(server.url + "/", timeout=WAIT * 1000)

            session = wait_for(lambda: session_processes(server.pid), "a `tui` session process")
            screen = wait_for_screen(page, lambda text: "Alpha" in text and "Beta" in text)

            assert "Keys" not in screen
            page.locator("#terminal").click()
            page.keyboard.press("?")  # the help screen: "Keys · Comparison"
            wait_for_screen(page, lambda text: "Keys" in text)

            served = urlsplit(server.url).netloc
            elsewhere = [url for url in requested if urlsplit(url).netloc != served]
            assert not elsewhere, f"the page fetched from other hosts: {elsewhere}"
            assert any(urlsplit(url).scheme == "ws" for url in requested)
            assert not failed, f"what failed on the page: {failed}"

            server.interrupt()  # with the session still open, as a user would
        finally:
            browser.close()
        assert server.returncode == 0
        assert "Traceback" not in server.stdout + server.stderr
        assert not any(Path(f"/proc/{pid}").exists() for pid in session)


def chromium_or_fail() -> str:
    """Chromium's path, once all the browser test needs is there; else fail (or skip)."""
    problems = []
    if importlib.util.find_spec("playwright") is None:
        problems.append("Playwright for Python is not installed (pip install -e '.[test]')")
    chromium = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    chromium = chromium or shutil.which("chromium")
    if chromium is None:
        problems.append("chromium is not installed (apt-get install chromium)")
    if importlib.util.find_spec("textual_serve") is None:
        problems.append("the 'web' extra is not installed (pip install -e '.[web]')")
    if not Path("/proc/self/stat").exists():
        problems.append("this test finds the app's process through /proc (Linux)")
    if problems or chromium is None:
        message = "the browser test cannot run: " + "; ".join(problems)
        if os.environ.get("LAYERSCOPE_SKIP_BROWSER") == "1":
            pytest.skip(message)
        pytest.fail(message + " (set LAYERSCOPE_SKIP_BROWSER=1 to skip it)")
    return chromium


def wait_for_screen(page: Any, ready: Callable[[str], bool]) -> str:
    """The terminal's text once ``ready`` accepts it (fails after :data:`WAIT` seconds)."""
    deadline = time.monotonic() + WAIT
    text: str | None = None
    while time.monotonic() < deadline:
        text = page.evaluate(SCREEN_TEXT)
        if text is not None and ready(text):
            return str(text)
        time.sleep(0.1)
    if text is None:
        pytest.fail("no xterm.js terminal on the page: has textual-serve's textual.js changed?")
    pytest.fail(f"the terminal never showed what was expected; it shows:\n{text}")


def session_processes(server_pid: int) -> list[int]:
    """The ``python -m layerscope ... tui`` processes the server started (read from /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # the process ended while we looked
        parents[int(stat.parent.name)] = int(fields[1])

    def descends(pid: int) -> bool:
        while pid in parents and pid != 1:
            pid = parents[pid]
            if pid == server_pid:
                return True
        return False

    found = []
    for pid in parents:
        if not descends(pid):
            continue
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if SESSION_MODULES.intersection(argv) and b"tui" in argv and b"-m" in argv:
            found.append(pid)
    return found


def wait_for(probe: Callable[[], Any], what: str) -> Any:
    """``probe()`` once it is truthy; fails after :data:`WAIT` seconds."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if value := probe():
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out after {WAIT:.0f}s waiting for {what}")


class Server:
    """A ``layerscope serve`` subprocess in its own process group, with its output."""

    def __init__(self, argv: list[str]) -> None:
        self.process = subprocess.Popen(
            argv, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True,  # one group, so Ctrl+C can be sent as a terminal does
        )  # fmt: skip
        self.pid = self.process.pid
        self._out: list[str] = []
        self._err: list[str] = []
        for stream, lines in ((self.process.stdout, self._out), (self.process.stderr, self._err)):
            threading.Thread(target=lines.extend, args=(stream,), daemon=True).start()
        self.url = ""

    @property
    def stdout(self) -> str:
        return "".join(self._out)

    @property
    def stderr(self) -> str:
        return "".join(self._err)

    @property
    def returncode(self) -> int | None:
        return self.process.returncode

    def wait_for_url(self) -> None:
        """Wait for the address serve prints once it listens."""

        def url() -> str | None:
            if self.process.poll() is not None:
                pytest.fail(f"serve exited with {self.process.returncode}:\n{self.stderr}")
            match = re.search(r"http://\S+", self.stdout)
            return match[0] if match else None

        self.url = str(wait_for(url, "serve to print its URL"))

    def interrupt(self) -> None:
        """Ctrl+C: SIGINT to the whole process group, then wait for the server to end."""
        os.killpg(self.pid, signal.SIGINT)
        try:
            self.process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"serve did not stop within {WAIT:.0f}s of Ctrl+C")

    def kill(self) -> None:
        """Whatever is left of the process group, however the test went."""
        with suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        self.process.wait(timeout=WAIT)


@contextmanager
def starting_server(argv: list[str]) -> Iterator[Server]:
    """A server just started (its URL not known yet: see :meth:`Server.wait_for_url`),
    killed at the end."""
    server = Server(argv)
    try:
        yield server
    finally:
        server.kill()


@contextmanager
def running_server(argv: list[str]) -> Iterator[Server]:
    """A server listening at its URL, killed at the end."""
    with starting_server(argv) as server:
        server.wait_for_url()
        yield server
