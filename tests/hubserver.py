"""A stand-in for the Hugging Face Hub on 127.0.0.1, for `import --hub`: it serves the
files of local folders as repositories (the model API, and files with HEAD and Range
requests, as huggingface_hub asks for them), and records every request it gets."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMMIT = "0123456789abcdef0123456789abcdef01234567"


class Hub:
    def __init__(self, repos: dict[str, Path]) -> None:
        self.repos = repos
        self.requests: list[tuple[str, str, str | None]] = []  # method, path, range
        self.bytes_sent = 0
        self.url = ""


def _handler(hub: Hub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_HEAD(self) -> None:
            self._serve(body=False)

        def do_GET(self) -> None:
            self._serve(body=True)

        def _serve(self, *, body: bool) -> None:
            path = unquote(urlsplit(self.path).path)
            hub.requests.append((self.command, path, self.headers.get("Range")))
            parts = path.strip("/").split("/")
            if parts[:2] == ["api", "models"] and len(parts) >= 4:
                self._model_info("/".join(parts[2:4]), body)
            elif len(parts) >= 5 and parts[2] == "resolve":
                self._file("/".join(parts[:2]), "/".join(parts[4:]), body)
            else:
                self._error(404, "not found")

        def _model_info(self, repo: str, body: bool) -> None:
            folder = hub.repos.get(repo)
            if folder is None:
                self._error(404, "Repository not found", {"X-Error-Code": "RepoNotFound"})
                return
            siblings = [{"rfilename": p.name} for p in sorted(folder.iterdir())]
            info = {
                "id": repo, "modelId": repo, "sha": COMMIT, "private": False,
                "gated": False, "siblings": siblings, "tags": [],
            }  # fmt: skip
            self._send(200, json.dumps(info).encode(), {"Content-Type": "application/json"}, body)

        def _file(self, repo: str, name: str, body: bool) -> None:
            folder = hub.repos.get(repo)
            target = folder / name if folder is not None else None
            if target is None or not target.is_file() or ".." in name:
                self._error(
                    404, "Entry not found",
                    {"X-Error-Code": "EntryNotFound", "X-Repo-Commit": COMMIT},
                )  # fmt: skip
                return
            size = target.stat().st_size
            etag = hashlib.sha256(f"{name}{size}".encode()).hexdigest()
            headers = {
                "ETag": f'"{etag}"', "X-Repo-Commit": COMMIT, "Accept-Ranges": "bytes",
                "Content-Type": "application/octet-stream",
            }  # fmt: skip
            wanted = self.headers.get("Range")
            start, end = 0, size - 1
            status = 200
            if wanted and wanted.startswith("bytes="):
                first, _, last = wanted[6:].partition("-")
                start, end = int(first), min(int(last) if last else size - 1, size - 1)
                status = 206
                headers["Content-Range"] = f"bytes {start}-{end}/{size}"
            with target.open("rb") as handle:
                handle.seek(start)
                data = handle.read(end - start + 1) if body else b""
            headers["Content-Length"] = str(end - start + 1)
            self._send(status, data, headers, body, length_set=True)

        def _error(self, code: int, message: str, headers: dict[str, str] | None = None) -> None:
            data = json.dumps({"error": message}).encode()
            self._send(code, data, {"Content-Type": "application/json", **(headers or {})}, True)

        def _send(
            self, status: int, data: bytes, headers: dict[str, str], body: bool,
            length_set: bool = False,
        ) -> None:  # fmt: skip
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if not length_set:
                self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body and self.command != "HEAD":
                self.wfile.write(data)
                hub.bytes_sent += len(data)

    return Handler


@contextmanager
def serve(repos: dict[str, Path]) -> Iterator[Hub]:
    hub = Hub(repos)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(hub))
    hub.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hub
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
