"""An export folder is written safely: only inside it, never through a symlink, never under
.git, only files it wrote; a killed or failed export is finished by the next one; two
exports at once do not mix; long names fit a file name."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modelcard.cli import app
from modelcard.entry import from_mapping
from modelcard.export import JOURNAL, MANIFEST, TMP, publish_site, read_manifest, write_files
from modelcard.render.site import Site
from modelcard.slugs import MAX_SLUG_BYTES

from .hostile import LONG_NAMES
from .markdown_check import dead_links

runner = CliRunner()
COHERE = ["--lab", "Cohere"]


def export(site: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["export", "--site", str(site), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stderr


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_planted_manifest_cannot_reach_outside_or_into_git(tmp_path: Path) -> None:
    site, victim = tmp_path / "site", tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("outside", encoding="utf-8")
    (site / ".git").mkdir(parents=True)
    (site / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    (site / "link").symlink_to(victim, target_is_directory=True)
    # the manifest claims both, with their true hashes: a committed manifest can
    planted = {
        "link/keep.txt": sha(victim / "keep.txt"),
        ".git/config": sha(site / ".git" / "config"),
        "../victim/keep.txt": sha(victim / "keep.txt"),
        str(victim / "keep.txt"): sha(victim / "keep.txt"),
    }
    (site / MANIFEST).write_text(json.dumps({"files": planted}), encoding="utf-8")
    code, stderr = export(site, *COHERE)
    assert code == 0, stderr
    assert (victim / "keep.txt").read_text(encoding="utf-8") == "outside"
    assert (site / ".git" / "config").read_text(encoding="utf-8") == "[core]\n"
    assert (site / "link").is_symlink()
    assert not any(".git" in f or "link" in f for f in read_manifest(site))


def test_a_symlinked_folder_is_never_written_through(tmp_path: Path) -> None:
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    site.mkdir()
    elsewhere.mkdir()
    (site / "labs").symlink_to(elsewhere, target_is_directory=True)
    code, stderr = export(site, *COHERE)
    assert code == 1
    assert "labs is a symbolic link or not a folder" in stderr
    assert "nothing is written through it" in stderr
    assert list(elsewhere.iterdir()) == []
    assert files_under(site) == set()  # refused before the first page


def test_a_symlink_where_a_page_goes_is_refused(tmp_path: Path) -> None:
    site, target = tmp_path / "site", tmp_path / "target.md"
    site.mkdir()
    target.write_text("mine", encoding="utf-8")
    (site / "README.md").symlink_to(target)
    for force in ([], ["--force"]):
        code, stderr = export(site, *COHERE, *force)
        assert code == 1 and "not a regular file" in stderr
    assert target.read_text(encoding="utf-8") == "mine"


def test_only_unchanged_files_of_the_last_export_are_removed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert export(site)[0] == 0
    edited = site / "models" / "anthropic" / "claude-opus-4.md"
    edited.write_text("my own notes on this model", encoding="utf-8")
    (site / "mine.md").write_text("mine", encoding="utf-8")
    code, stderr = export(site, *COHERE)
    assert code == 0, stderr
    assert edited.read_text(encoding="utf-8") == "my own notes on this model"
    assert "kept 1 file of an earlier export that changed since" in stderr
    assert "models/anthropic/claude-opus-4.md" in stderr
    assert (site / "mine.md").read_text(encoding="utf-8") == "mine"
    assert not (site / "models" / "openai").exists()
    assert set(read_manifest(site)) == files_under(site) - {"mine.md", MANIFEST} - {
        "models/anthropic/claude-opus-4.md"
    }


def test_a_manifest_of_an_older_modelcard(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "old-page.md").write_text("old", encoding="utf-8")
    (site / MANIFEST).write_text(json.dumps({"files": ["old-page.md", "README.md"]}), "utf-8")
    (site / "README.md").write_text("an old leaderboard", encoding="utf-8")
    code, stderr = export(site, *COHERE)
    assert code == 0, stderr  # README.md was an export's: overwritten without --force
    assert (site / "old-page.md").exists() and "kept 1 file" in stderr


def modelcard(*args: str) -> list[str]:
    return [sys.executable, "-m", "modelcard", *args]


def kill_when(site: Path, proc: subprocess.Popen[bytes], pages: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if (site / "models").is_dir() and sum(1 for _ in site.glob("models/*/*.md")) >= pages:
            break
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def test_a_killed_first_export_is_finished_by_the_next(tmp_path: Path, home: Path) -> None:
    site = tmp_path / "site"
    proc = subprocess.Popen(modelcard("export", "--site", str(site)), stderr=subprocess.DEVNULL)
    kill_when(site, proc, 50)
    assert not (site / MANIFEST).exists() and (site / JOURNAL).exists()
    done = subprocess.run(modelcard("export", "--site", str(site), *COHERE), capture_output=True)
    assert done.returncode == 0, done.stderr
    assert not (site / JOURNAL).exists() and not (site / TMP).exists()
    # the pages of the killed export that this one does not write are gone
    assert files_under(site) == set(read_manifest(site)) | {MANIFEST}
    assert dead_links(site) == []


def test_temp_files_of_a_killed_export_are_removed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert export(site)[0] == 0
    (site / TMP).mkdir()
    (site / TMP / "12345-0123456789abcdef.tmp").write_text("half a page", encoding="utf-8")
    proc = subprocess.Popen(
        modelcard("export", "--site", str(site), "--force"), stderr=subprocess.DEVNULL
    )
    kill_when(site, proc, 700)
    code, stderr = export(site)
    assert code == 0, stderr
    assert not (site / TMP).exists() and not (site / JOURNAL).exists()
    assert not list(site.rglob("*.tmp"))


def test_a_full_disk_names_the_page_and_the_next_export_recovers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from modelcard import safefolder

    site = tmp_path / "site"
    real = safefolder.SafeFolder.create
    calls = []

    def full(self: safefolder.SafeFolder, folder: tuple[str, ...], name: str, data: bytes) -> None:
        calls.append(name)
        if len(calls) == 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(self, folder, name, data)

    monkeypatch.setattr(safefolder.SafeFolder, "create", full)
    code, stderr = export(site, *COHERE)
    assert code == 1
    assert "No space left on device" in stderr and "models/cohere/" in stderr
    assert "(the card of " in stderr and ".tmp" not in stderr
    monkeypatch.setattr(safefolder.SafeFolder, "create", real)
    code, stderr = export(site, *COHERE)
    assert code == 0, stderr
    assert files_under(site) == set(read_manifest(site)) | {MANIFEST}


def test_a_second_export_into_the_folder_fails_at_once(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    fd = os.open(site, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        code, stderr = export(site, *COHERE)
        assert code == 1 and f"another export is writing into {site}" in stderr
    finally:
        os.close(fd)
    assert export(site, *COHERE)[0] == 0


def test_two_exports_at_once_leave_a_true_manifest(tmp_path: Path, home: Path) -> None:
    site = tmp_path / "site"
    procs = [
        subprocess.Popen(modelcard("export", "--site", str(site), *lab), stderr=subprocess.PIPE)
        for lab in ([], COHERE)
    ]
    errors = [p.communicate(timeout=300)[1].decode() for p in procs]
    codes = sorted(p.returncode for p in procs)
    assert codes in ([0, 0], [0, 1]), errors
    assert all("Traceback" not in e for e in errors)
    if codes == [0, 1]:
        assert any("another export is writing into" in e for e in errors)
    manifest = read_manifest(site)
    assert manifest and all(sha(site / f) in digests for f, digests in manifest.items())
    assert files_under(site) == set(manifest) | {MANIFEST}


@pytest.mark.parametrize("case", sorted(LONG_NAMES))
def test_long_names_fit_a_file_name(case: str, tmp_path: Path, home: Path) -> None:
    name = LONG_NAMES[case]
    for n, lab in enumerate([name, name + "x", "Lab"]):
        added = runner.invoke(app, ["add", f"{name} {n}", "--lab", lab, "--id", f"long-{n}"])
        assert added.exit_code == 0, added.output
    code, stderr = export(tmp_path / "site")
    assert code == 0, stderr
    cards = runner.invoke(app, ["export", "--all", "--out-dir", str(tmp_path / "cards")])
    assert cards.exit_code == 0, cards.output
    for root in (tmp_path / "site", tmp_path / "cards"):
        names = {p.name for p in root.rglob("*")}
        assert all(len(n.encode("utf-8")) <= MAX_SLUG_BYTES + len(".md") for n in names)
    long_cards = [p for p in (tmp_path / "site").glob("models/*/*.md") if len(p.stem) > 50]
    assert len({p.relative_to(tmp_path) for p in long_cards}) == 3
    assert dead_links(tmp_path / "site") == []


def test_writers_share_the_rules(tmp_path: Path) -> None:
    # the API another format (the HTML site) calls: (relative path, text) pairs
    entries = [from_mapping({"name": "M", "lab": "L"}, id="m", source="t")]
    site = Site(entries, credit=False)
    out = tmp_path / "out"
    done = publish_site(out, site.paths(), site.files())
    assert done.written == len(site.paths()) and done.removed == 0 and done.kept == []
    for bad in ["../x.md", "/etc/x.md", ".git/hooks/pre-commit", "a/../../x.md", "", MANIFEST]:
        with pytest.raises(Exception, match="outside|leaves|relative|refusing"):
            publish_site(out, [bad], [(bad, "x")])
        with pytest.raises(Exception, match="outside|leaves|relative|refusing"):
            write_files(out, [(bad, "x")])
    assert not (tmp_path / "x.md").exists()


def test_safe_csv(tmp_path: Path, home: Path) -> None:
    assert runner.invoke(app, ["add", "=HYPERLINK(1)", "--lab", "@lab"]).exit_code == 0
    plain = runner.invoke(app, ["--no-builtin", "export", "--all", "-f", "csv"]).stdout
    safe = runner.invoke(app, ["--no-builtin", "export", "--all", "-f", "csv", "--safe-csv"])
    assert "\n=HYPERLINK(1),@lab," in plain
    assert "\n'=HYPERLINK(1),'@lab," in safe.stdout
    wrong = runner.invoke(app, ["export", "--all", "-f", "json", "--safe-csv"])
    assert wrong.exit_code == 2


def test_a_page_edited_by_hand_is_overwritten_only_with_force(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert export(site, *COHERE)[0] == 0
    page = site / "labs" / "cohere.md"
    page.write_text("my notes", encoding="utf-8")
    code, stderr = export(site, *COHERE)
    assert code == 1 and "was changed since it was written by an earlier export" in stderr
    assert page.read_text(encoding="utf-8") == "my notes"
    assert export(site, *COHERE, "--force")[0] == 0
    assert page.read_text(encoding="utf-8").startswith("# Cohere")


def test_a_planted_manifest_cannot_claim_a_file_it_does_not_know(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "README.md").write_text("my own readme", encoding="utf-8")
    planted = {"README.md": hashlib.sha256(b"a guess").hexdigest()}
    (site / MANIFEST).write_text(json.dumps({"files": planted}), encoding="utf-8")
    code, stderr = export(site, *COHERE)
    assert code == 1 and "README.md exists and was changed since" in stderr
    assert (site / "README.md").read_text(encoding="utf-8") == "my own readme"
