"""Downloads and layer swaps, against local HTTP servers on 127.0.0.1 serving the files in
data/ (never the internet): a good server, one that dies mid-body, one that never answers,
a refused connection, no DNS, and a download killed with kill -9."""

from __future__ import annotations

import http.server
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from modelcard.sources import fetch
from modelcard.sources.fetch import DownloadError, Offline, download, install_layer

from .conftest import ROOT

DATA = ROOT / "data"
EPOCH_CSV = DATA / "epoch-notable-ai-models.csv"


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gives up mid-body is what these servers are for


class Server:
    """An HTTP server on 127.0.0.1 in a thread; ``behaviour`` decides how it answers."""

    def __init__(self, behaviour: Callable[[http.server.BaseHTTPRequestHandler], None]) -> None:
        self.sent_some = threading.Event()
        self.release = threading.Event()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                behaviour(self)

            def log_message(self, *args: object) -> None:
                pass

        Handler.server_outer = outer  # type: ignore[attr-defined]
        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{path}"

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def serve_files(handler: http.server.BaseHTTPRequestHandler) -> None:
    name = handler.path.lstrip("/")
    path = DATA / name
    if "/" in name or not path.is_file():
        handler.send_error(404, "Not Found")
        return
    body = path.read_bytes()
    handler.send_response(200)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def dies_mid_body(handler: http.server.BaseHTTPRequestHandler) -> None:
    body = EPOCH_CSV.read_bytes()
    handler.send_response(200)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body[: len(body) // 2])
    handler.wfile.flush()
    handler.connection.shutdown(socket.SHUT_RDWR)
    handler.close_connection = True


def chunked_then_dies(handler: http.server.BaseHTTPRequestHandler) -> None:
    handler.protocol_version = "HTTP/1.1"
    handler.send_response(200)
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    handler.wfile.write(b"10\r\n" + b"x" * 16 + b"\r\n")
    handler.wfile.flush()
    handler.connection.shutdown(socket.SHUT_RDWR)
    handler.close_connection = True


def trickles(handler: http.server.BaseHTTPRequestHandler) -> None:
    """Sends part of the body, says so, then waits (to be killed, or to time out)."""
    outer: Server = type(handler).server_outer  # type: ignore[attr-defined]
    body = EPOCH_CSV.read_bytes()
    handler.send_response(200)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body[:200_000])
    handler.wfile.flush()
    outer.sent_some.set()
    outer.release.wait(30)


def drips(handler: http.server.BaseHTTPRequestHandler) -> None:
    """A byte now and then, for ever: never idle long enough to time out."""
    outer: Server = type(handler).server_outer  # type: ignore[attr-defined]
    handler.send_response(200)
    handler.send_header("Content-Length", "1000000")
    handler.end_headers()
    while not outer.release.is_set():
        try:
            handler.wfile.write(b"x" * 100)
            handler.wfile.flush()
        except OSError:
            return
        time.sleep(0.02)


def never_answers(handler: http.server.BaseHTTPRequestHandler) -> None:
    type(handler).server_outer.release.wait(30)  # type: ignore[attr-defined]


def redirects_to_ftp(handler: http.server.BaseHTTPRequestHandler) -> None:
    handler.send_response(302)
    handler.send_header("Location", "ftp://127.0.0.1/epoch.csv")
    handler.end_headers()


@pytest.fixture
def server(request: pytest.FixtureRequest) -> Iterator[Server]:
    running = Server(getattr(request, "param", serve_files))
    yield running
    running.close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


# ---------------------------------------------------------------------------------------------
# download


def test_a_download_is_the_served_file_with_progress(server: Server, tmp_path: Path) -> None:
    seen: list[tuple[int, int | None]] = []
    target = tmp_path / "epoch.csv"
    size = download(
        server.url("epoch-notable-ai-models.csv"), target, progress=lambda d, t: seen.append((d, t))
    )
    assert target.read_bytes() == EPOCH_CSV.read_bytes()
    assert size == EPOCH_CSV.stat().st_size
    assert seen[0] == (0, size) and seen[-1] == (size, size)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_local_path_is_copied(tmp_path: Path) -> None:
    target = tmp_path / "copy.tar.gz"
    download(str(DATA / "models-dev.tar.gz"), target)
    assert target.read_bytes() == (DATA / "models-dev.tar.gz").read_bytes()
    with pytest.raises(DownloadError, match="no such file"):
        download(str(tmp_path / "missing.csv"), tmp_path / "x")
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("server", [dies_mid_body], indirect=True)
def test_a_server_that_dies_mid_body_leaves_no_file(server: Server, tmp_path: Path) -> None:
    target = tmp_path / "epoch.csv"
    with pytest.raises(DownloadError, match=r"broke off after [\d,]+ of [\d,]+ bytes") as raised:
        download(server.url("epoch.csv"), target)
    assert not target.exists()
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("server", [chunked_then_dies], indirect=True)
def test_a_chunked_body_cut_short_is_an_error(server: Server, tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="broke off"):
        download(server.url("x"), tmp_path / "x")
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("server", [never_answers], indirect=True)
def test_a_server_that_never_answers_times_out(server: Server, tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(DownloadError, match="no answer from 127.0.0.1:\\d+ within 0.5 s"):
        download(server.url("x"), tmp_path / "x", timeout=0.5)
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("server", [drips], indirect=True)
def test_a_download_past_its_deadline_is_given_up(server: Server, tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(DownloadError, match=r"not done after 0\.3 s; given up"):
        download(server.url("x"), tmp_path / "x", timeout=5, deadline=0.3)
    assert time.monotonic() - started < 5
    assert not (tmp_path / "x").exists()


def test_a_refused_connection_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # nothing listens on the port now
    with pytest.raises(DownloadError, match="refused the connection") as raised:
        download(f"http://127.0.0.1:{port}/epoch.csv", tmp_path / "x")
    assert not isinstance(raised.value, Offline)


def test_no_name_resolution_is_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_dns(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    with pytest.raises(Offline, match=r"^https://epoch\.ai/x\.csv: cannot look up epoch\.ai"):
        download("https://epoch.ai/x.csv", tmp_path / "x")


def test_http_errors_and_foreign_schemes(server: Server, tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="HTTP 404"):
        download(server.url("missing.csv"), tmp_path / "x")
    with pytest.raises(DownloadError, match="only http"):
        download("ftp://127.0.0.1/x", tmp_path / "x")
    with pytest.raises(DownloadError, match="only http"):
        download("file:///etc/passwd", tmp_path / "x")


@pytest.mark.parametrize("server", [redirects_to_ftp], indirect=True)
def test_a_redirect_away_from_http_is_refused(server: Server, tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="redirected to ftp://"):
        download(server.url("x"), tmp_path / "x")


def test_a_download_larger_than_allowed(server: Server, tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="more than the 1,000 allowed"):
        download(server.url("epoch-notable-ai-models.csv"), tmp_path / "x", max_bytes=1000)
    assert not (tmp_path / "x").exists()


# ---------------------------------------------------------------------------------------------
# layers


def files_of(layer: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(layer.iterdir())}


def test_a_layer_is_installed_and_replaced_whole(server: Server, tmp_path: Path) -> None:
    layer = tmp_path / "sources" / "epoch"
    install_layer(layer, {"epoch.csv": server.url("epoch-notable-ai-models.csv")})
    assert files_of(layer) == {"epoch.csv": EPOCH_CSV.read_bytes()}
    first = layer.resolve()
    install_layer(
        layer, {"models.json": str(ROOT / "tests" / "data" / "modelsdev" / "models.json")}
    )
    assert set(files_of(layer)) == {"models.json"}
    assert not first.exists()  # the old version is gone
    leftovers = [p.name for p in layer.parent.iterdir() if p.name not in ("epoch", ".epoch.lock")]
    assert len(leftovers) == 1 and leftovers[0].startswith(".epoch.")


@pytest.mark.parametrize("server", [dies_mid_body], indirect=True)
def test_a_failed_download_leaves_the_old_layer(server: Server, tmp_path: Path) -> None:
    layer = tmp_path / "epoch"
    install_layer(layer, {"epoch.csv": str(EPOCH_CSV)})
    before = layer.resolve()
    with pytest.raises(DownloadError, match="broke off"):
        install_layer(layer, {"epoch.csv": server.url("epoch.csv")})
    assert layer.resolve() == before and files_of(layer)["epoch.csv"] == EPOCH_CSV.read_bytes()
    assert not [p for p in tmp_path.iterdir() if "staging" in p.name]


def test_a_check_can_refuse_the_downloads(tmp_path: Path) -> None:
    layer = tmp_path / "epoch"
    install_layer(layer, {"epoch.csv": str(EPOCH_CSV)})

    def refuse(folder: Path) -> None:
        raise DownloadError(f"{folder.name}: not an Epoch CSV")

    with pytest.raises(DownloadError, match="not an Epoch CSV"):
        install_layer(layer, {"epoch.csv": str(DATA / "models-table.csv")}, check=refuse)
    assert files_of(layer)["epoch.csv"] == EPOCH_CSV.read_bytes()


def test_a_plain_folder_from_before_becomes_a_version(tmp_path: Path) -> None:
    layer = tmp_path / "epoch"
    layer.mkdir()
    (layer / "old.csv").write_text("old", encoding="utf-8")
    install_layer(layer, {"epoch.csv": str(EPOCH_CSV)})
    assert layer.is_symlink() and set(files_of(layer)) == {"epoch.csv"}


@pytest.mark.parametrize("name", ["", "../x", "a/b", ".hidden"])
def test_layer_file_names_are_plain(tmp_path: Path, name: str) -> None:
    with pytest.raises(DownloadError, match="plain name"):
        install_layer(tmp_path / "epoch", {name: str(EPOCH_CSV)})


@pytest.mark.parametrize("server", [trickles], indirect=True)
def test_kill_9_mid_download_leaves_the_old_layer(server: Server, tmp_path: Path) -> None:
    layer = tmp_path / "sources" / "epoch"
    install_layer(layer, {"epoch.csv": str(DATA / "models-table.csv")})
    old = files_of(layer)
    code = (
        "import sys\nfrom pathlib import Path\n"
        "from modelcard.sources.fetch import install_layer\n"
        "install_layer(Path(sys.argv[1]), {'epoch.csv': sys.argv[2]})\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(layer), server.url("epoch.csv")],
        env={k: v for k, v in os.environ.items() if "proxy" not in k.lower()},
    )
    try:
        assert server.sent_some.wait(60), "the download never started"
        staging = [p for p in layer.parent.iterdir() if ".staging-" in p.name]
        deadline = time.monotonic() + 30
        while not any(p.is_dir() and any(p.iterdir()) for p in staging):
            assert time.monotonic() < deadline, "the child wrote nothing"
            time.sleep(0.05)
            staging = [p for p in layer.parent.iterdir() if ".staging-" in p.name]
        os.kill(child.pid, signal.SIGKILL)
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    # the half download is there, but it is not the layer
    assert any(".staging-" in p.name for p in layer.parent.iterdir())
    assert files_of(layer) == old
    # the next run sweeps what the killed one left, and installs
    install_layer(layer, {"epoch.csv": str(EPOCH_CSV)})
    assert files_of(layer)["epoch.csv"] == EPOCH_CSV.read_bytes()
    assert not any(".staging-" in p.name for p in layer.parent.iterdir())


def test_current_names_the_installed_version(tmp_path: Path) -> None:
    layer = tmp_path / "epoch"
    assert fetch.current(layer) is None
    version = install_layer(layer, {"epoch.csv": str(EPOCH_CSV)})
    assert fetch.current(layer) == version.resolve()
