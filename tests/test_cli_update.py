"""modelcard update, against HTTP servers on 127.0.0.1 serving the files in data/ and the
models.dev JSON of tests/data (never the internet): it fills a layer; a kill -9 mid-download
leaves the old layer; a server down or no network is one line per source, exit 1, nothing
changed; a user's own entry is never touched or hidden."""

from __future__ import annotations

import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modelcard.cli import app

from .conftest import ROOT
from .test_sources_fetch import Server, no_proxy, trickles

__all__ = ["no_proxy"]  # the fixture: no test here goes through a proxy

runner = CliRunner()
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "data" / "modelsdev"


def serve(handler: http.server.BaseHTTPRequestHandler) -> None:
    """data/<name> and tests/data/modelsdev/<name>."""
    name = handler.path.lstrip("/")
    found = [folder / name for folder in (DATA, FIXTURES) if (folder / name).is_file()]
    if "/" in name or not found:
        handler.send_error(404, "Not Found")
        return
    body = found[0].read_bytes()
    handler.send_response(200)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server(serve)
    yield running
    running.close()


def urls(server: Server, epoch: str = "epoch-notable-ai-models.csv") -> list[str]:
    return [
        "--url",
        f"epoch={server.url(epoch)}",
        "--url",
        f"modelsdev={server.url('catalog.json')}",
    ]


def layer_files(home: Path) -> dict[str, bytes]:
    """Every file of the fetched layer's current version, by its path in the version."""
    link = home / ".modelcard" / "fetched"
    if not link.exists():
        return {}
    root = link.resolve()
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def show(name: str) -> dict[str, object]:
    result = runner.invoke(app, ["show", name, "-f", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_update_fills_a_layer(server: Server, home: Path) -> None:
    before = runner.invoke(app, ["validate", "--builtin"]).stdout
    bundled_namesakes = sum(1 for line in before.splitlines() if "is ambiguous" in line)
    result = runner.invoke(app, ["update", *urls(server)])
    assert result.exit_code == 0, result.output
    assert f"fetched epoch from {server.url('epoch-notable-ai-models.csv')}" in result.stderr
    assert "your own entries are untouched" in result.stderr
    files = layer_files(home)
    assert {"raw/epoch", "raw/modelsdev", "manifest.toml"} <= set(files)
    assert files["raw/epoch"] == (DATA / "epoch-notable-ai-models.csv").read_bytes()
    assert not (home / "models").exists()  # never among the user's entries
    # the layer's values win over the bundled ones, with their snapshot and their layer
    kimi = show("Kimi K2.6")
    assert kimi["source"] == "fetched"
    sources = kimi["sources"]
    assert isinstance(sources, dict)
    assert sources["context_window"]["url"] == server.url("catalog.json")
    text = runner.invoke(app, ["show", "Llama 3.1 405B"]).stdout
    assert "  Layer:             fetched sources (modelcard update): epoch 20" in text
    # Epoch's compute came again from the fetched copy; the table's count from the bundled
    sources = text.splitlines()[text.splitlines().index("  Sources:") :]
    compute = next(i for i, line in enumerate(sources) if "training_compute: " in line)
    assert "    https://epoch.ai/data/notable-ai-models" in sources[compute - 3 : compute]
    assert sources[compute].startswith("      training_compute: confident;")
    assert sources[compute].endswith("  [fetched]")
    counts = next(line for line in sources if line.startswith("      parameters"))
    assert counts.endswith("  [bundled]")
    version = runner.invoke(app, ["--version"]).stdout
    assert "  fetched sources (modelcard update): epoch 20" in version
    # rank reads the layer too: one entry per model, the fetched one
    ranked = json.loads(runner.invoke(app, ["rank", "--by", "released", "-f", "json"]).stdout)
    ids = [m["id"] for m in ranked]
    assert len(ids) == len(set(ids)) == 811
    assert {m["source"] for m in ranked} == {"builtin", "fetched"}
    # validate --builtin checks the layer's files too; a fetched copy of a bundled model is
    # no second model of that name (the bundled catalog's own namesakes are all it finds)
    checked = runner.invoke(app, ["validate", "--builtin"])
    assert checked.exit_code == 0
    namesakes = [line for line in checked.stdout.splitlines() if "is ambiguous" in line]
    assert all("/.modelcard/" not in line for line in namesakes)
    assert len(namesakes) == bundled_namesakes


def test_a_second_update_of_one_source_keeps_the_others(server: Server, home: Path) -> None:
    assert runner.invoke(app, ["update", *urls(server)]).exit_code == 0
    before = layer_files(home)
    again = runner.invoke(
        app, ["update", "epoch", "--url", f"epoch={DATA / 'epoch-notable-ai-models.csv'}"]
    )
    assert again.exit_code == 0, again.output
    after = layer_files(home)
    assert after["raw/modelsdev"] == before["raw/modelsdev"]
    assert after["raw/epoch"] == before["raw/epoch"]
    assert (
        "epoch" in after["manifest.toml"].decode()
        and "modelsdev" in after["manifest.toml"].decode()
    )


def test_a_user_entry_is_never_touched_or_hidden(server: Server, home: Path) -> None:
    added = runner.invoke(app, ["add", "Kimi K2.6", "--lab", "Me", "--params", "1T", "--force"])
    assert added.exit_code == 0, added.output
    mine = home / "models" / "kimi-k2.6.toml"
    text, stamp = mine.read_bytes(), mine.stat().st_mtime_ns
    assert runner.invoke(app, ["update", *urls(server)]).exit_code == 0
    assert mine.read_bytes() == text and mine.stat().st_mtime_ns == stamp
    assert sorted(p.name for p in (home / "models").iterdir()) == ["kimi-k2.6.toml"]
    shown = show("kimi-k2.6")
    assert shown["lab"] == "Me" and shown["source"] == "user"


def test_server_down_one_line_per_source_nothing_changed(server: Server, home: Path) -> None:
    assert runner.invoke(app, ["update", *urls(server)]).exit_code == 0
    before = layer_files(home)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    down = f"http://127.0.0.1:{port}"
    result = runner.invoke(
        app, ["update", "--url", f"epoch={down}/e.csv", "--url", f"modelsdev={down}/c.json"]
    )
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("modelcard: error")]
    assert errors == [
        f"modelcard: error: update epoch: {down}/e.csv: 127.0.0.1:{port} refused the "
        "connection (is the server down?)",
        f"modelcard: error: update modelsdev: {down}/c.json: 127.0.0.1:{port} refused the "
        "connection (is the server down?)",
        "modelcard: error: nothing was fetched; the catalog is as it was",
    ]
    assert layer_files(home) == before


def test_one_source_fails_the_others_apply(server: Server, home: Path) -> None:
    result = runner.invoke(app, ["update", *urls(server, epoch="missing.csv")])
    assert result.exit_code == 1
    assert "modelcard: error: update epoch: " in result.stderr and "HTTP 404" in result.stderr
    files = layer_files(home)
    assert "raw/modelsdev" in files and "raw/epoch" not in files
    assert show("Kimi K2.6")["source"] == "fetched"


def test_offline_says_so_and_changes_nothing(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_dns(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    result = runner.invoke(app, ["update"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-3:] == [
        "modelcard: error: update epoch: https://epoch.ai/data/notable_ai_models.csv: cannot "
        "look up epoch.ai (offline, or no DNS)",
        "modelcard: error: update modelsdev: https://models.dev/catalog.json: cannot look up "
        "models.dev (offline, or no DNS)",
        "modelcard: error: offline: nothing was fetched, and the catalog is as it was",
    ]
    assert "lifearchitect: skipped" in result.stderr
    assert not (home / ".modelcard" / "fetched").exists()


def test_a_file_that_is_not_the_source_is_refused(home: Path) -> None:
    result = runner.invoke(app, ["update", "epoch", "--url", f"epoch={DATA / 'models-table.csv'}"])
    assert result.exit_code == 1
    assert "not Epoch AI's CSV (it holds lifearchitect)" in result.stderr
    assert not (home / ".modelcard" / "fetched").exists()


def test_usage_errors(home: Path) -> None:
    assert runner.invoke(app, ["update", "wikipedia"]).exit_code == 2
    assert runner.invoke(app, ["update", "--url", "epoch"]).exit_code == 2
    assert runner.invoke(app, ["update", "--url", "nope=x"]).exit_code == 2
    named = runner.invoke(app, ["update", "epoch", "--url", "modelsdev=x"])
    assert named.exit_code == 2 and "not among the sources named" in named.stderr
    table = runner.invoke(app, ["update", "lifearchitect"])
    assert table.exit_code == 1
    assert "update lifearchitect: it publishes no file at a stable address" in table.stderr


def test_a_layer_built_on_another_bundled_catalog_is_rebuilt(home: Path) -> None:
    local = ["--url", f"modelsdev={FIXTURES / 'catalog.json'}"]
    assert runner.invoke(app, ["update", "modelsdev", *local]).exit_code == 0
    manifest = home / ".modelcard" / "fetched" / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    # as if modelcard was upgraded under the layer: its stamp names another catalog
    stamp = next(line for line in text.splitlines() if line.startswith("bundled = "))
    manifest.write_text(text.replace(stamp, 'bundled = "sha256:an-older-catalog"'), "utf-8")
    result = runner.invoke(app, ["show", "Kimi K2.6"])
    assert result.exit_code == 0
    assert "modelcard: note: rebuilt the layer of fetched sources on this version's bundled" in (
        result.stderr
    )
    assert "sha256:an-older-catalog" not in manifest.read_text(encoding="utf-8")
    again = runner.invoke(app, ["show", "Kimi K2.6"])
    assert "rebuilt" not in again.stderr and "Layer:              fetched" in again.stdout


def test_kill_9_mid_download_leaves_the_old_layer(home: Path) -> None:
    assert (
        runner.invoke(
            app, ["update", "modelsdev", "--url", f"modelsdev={FIXTURES / 'catalog.json'}"]
        ).exit_code
        == 0
    )
    old = layer_files(home)
    slow = Server(trickles)
    try:
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "modelcard",
                "update",
                "epoch",
                "--url",
                f"epoch={slow.url('epoch.csv')}",
            ],
            env={k: v for k, v in os.environ.items() if "proxy" not in k.lower()},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert slow.sent_some.wait(60), "the download never started"
        parent = home / ".modelcard"
        deadline = time.monotonic() + 30
        while not any((p / "raw" / "epoch").is_file() for p in parent.glob(".fetched.staging-*")):
            assert time.monotonic() < deadline, "the child wrote nothing"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(30)
    finally:
        slow.close()
    assert layer_files(home) == old
    assert show("Kimi K2.6")["source"] == "fetched"
    # the next update sweeps what the killed one left, and works
    local = ["--url", f"epoch={DATA / 'epoch-notable-ai-models.csv'}"]
    assert runner.invoke(app, ["update", "epoch", *local]).exit_code == 0
    assert not list((home / ".modelcard").glob(".fetched.staging-*"))
    assert "raw/epoch" in layer_files(home)
