"""Downloading a source, and swapping a folder of downloads in as a layer in one step.

The only module that talks to the network. ``download`` fetches one URL (http or https) or
copies one local path into a new file, with a timeout on every network operation, a
deadline for the whole, a size limit, and a progress callback; it checks that the body is as
long as the server said. ``install_layer`` downloads a layer's files into a staging folder
beside the layer, lets the caller check them, then swaps the layer in at once:

    <parent>/<name>                 a symbolic link to the current version (readers use it)
    <parent>/.<name>.<stamp>        the version it points to
    <parent>/.<name>.staging-<pid>-<random>   a download in progress

The swap is one ``rename`` of a new link over the old one, atomic on POSIX: a reader sees the
old layer or the new, whole; a download that fails, or a process killed with ``kill -9`` at
any moment, leaves the old layer as it was (the next run removes what a dead process left).

Errors are ``DownloadError`` with one line naming the source; ``Offline`` when the network
itself is unreachable (no name resolution, no route), so that ``update`` can say so once.
"""

from __future__ import annotations

import contextlib
import errno
import http.client
import os
import shutil
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO

from modelcard.atomic import _alive, sync_folder
from modelcard.errors import ModelcardError

Progress = Callable[[int, int | None], None]
TIMEOUT = 30.0  # seconds without a byte before giving up
DEADLINE = 600.0  # seconds for a whole download
MAX_BYTES = 512 * 1024 * 1024
CHUNK = 64 * 1024
_OFFLINE_ERRNOS = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN}


class DownloadError(ModelcardError):
    """A source could not be fetched; the message is one line naming it."""


class Offline(DownloadError):
    """The network is unreachable: no name resolution or no route."""


def download(
    source: str,
    target: Path,
    *,
    timeout: float = TIMEOUT,
    deadline: float = DEADLINE,
    max_bytes: int = MAX_BYTES,
    progress: Progress | None = None,
) -> int:
    """Fetch ``source`` (an http(s) URL, or a local path) into ``target``, a file that must
    not exist yet. Returns the number of bytes. On any failure ``target`` is removed and a
    ``DownloadError`` raised."""
    scheme = source.split("://", 1)[0].lower() if "://" in source else ""
    try:
        if scheme in ("http", "https"):
            return _fetch_url(source, target, timeout, deadline, max_bytes, progress)
        if scheme:
            raise DownloadError(f"{source}: only http(s) URLs or local paths can be fetched")
        return _copy_file(Path(source).expanduser(), target, max_bytes, progress)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        raise


def install_layer(
    layer: Path,
    files: Mapping[str, str],
    *,
    timeout: float = TIMEOUT,
    deadline: float = DEADLINE,
    progress: Callable[[str], Progress | None] | None = None,
    check: Callable[[Path], None] | None = None,
) -> Path:
    """Download ``files`` (file name -> URL or path) into a new version of ``layer`` and
    swap it in; returns the new version's folder.

    ``progress(name)`` gives the callback for one file. ``check(folder)`` may raise to refuse
    the downloads (a truncated or foreign file) before anything changes. If any file fails,
    nothing changes and the first error is raised."""
    for name in files:
        if not name or Path(name).name != name or name.startswith("."):
            raise DownloadError(f"{name!r}: a layer's file name must be a plain name")
    parent = layer.parent
    parent.mkdir(parents=True, exist_ok=True)
    with _locked(layer):
        sweep(layer)
        staging = parent / f".{layer.name}.staging-{os.getpid()}-{os.urandom(4).hex()}"
        staging.mkdir()
        try:
            for name, source in files.items():
                download(
                    source,
                    staging / name,
                    timeout=timeout,
                    deadline=deadline,
                    progress=progress(name) if progress else None,
                )
            if check is not None:
                check(staging)
            return swap_in(staging, layer)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def swap_in(staging: Path, layer: Path) -> Path:
    """Make the complete folder ``staging`` the layer, in one rename; remove the old one."""
    version = layer.parent / f".{layer.name}.{time.time_ns():x}"
    staging.rename(version)
    if layer.exists() and not layer.is_symlink():
        # a layer from before layers were links: step it aside once
        layer.rename(layer.parent / f".{layer.name}.{time.time_ns():x}")
    link = layer.parent / f".{layer.name}.link-{os.getpid()}-{os.urandom(4).hex()}"
    os.symlink(version.name, link, target_is_directory=True)
    try:
        os.replace(link, layer)
    except BaseException:
        link.unlink(missing_ok=True)
        raise
    sync_folder(layer.parent)
    for old in _versions(layer):
        if old != version:
            shutil.rmtree(old, ignore_errors=True)
    return version


def current(layer: Path) -> Path | None:
    """The folder the layer is now, or None if it was never installed."""
    return layer.resolve() if layer.is_dir() else None


def sweep(layer: Path) -> None:
    """Remove what a killed run left: staging folders of dead processes, dangling links and
    versions the layer no longer points to. Call it with the layer's lock held."""
    parent = layer.parent
    prefix = f".{layer.name}."
    try:
        names = os.listdir(parent)
    except FileNotFoundError:
        return
    for name in names:
        if not name.startswith(prefix):
            continue
        rest = name[len(prefix) :]
        path = parent / name
        kind, _, tail = rest.partition("-")
        if kind in ("staging", "link"):
            pid = tail.split("-")[0]
            if pid.isdigit() and not _alive(int(pid)):
                if path.is_symlink() or path.is_file():
                    path.unlink(missing_ok=True)
                else:
                    shutil.rmtree(path, ignore_errors=True)
    live = current(layer)
    for old in _versions(layer):
        if live is None or old.resolve() != live:
            # a version is only ever unlinked after the swap, so an orphan is stale
            shutil.rmtree(old, ignore_errors=True)


def _versions(layer: Path) -> list[Path]:
    prefix = f".{layer.name}."
    found = []
    for path in layer.parent.glob(f".{layer.name}.*"):
        stamp = path.name[len(prefix) :]
        if path.is_dir() and not path.is_symlink() and all(c in "0123456789abcdef" for c in stamp):
            found.append(path)
    return found


def _fetch_url(
    url: str,
    target: Path,
    timeout: float,
    deadline: float,
    max_bytes: int,
    progress: Progress | None,
) -> int:
    from modelcard import __version__

    request = urllib.request.Request(url, headers={"User-Agent": f"modelcard/{__version__}"})
    opener = urllib.request.build_opener(_HttpOnlyRedirects())
    host = urllib.parse.urlsplit(url).netloc
    try:
        response = opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        raise DownloadError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise _network_error(url, host, exc.reason, timeout) from None
    except (OSError, http.client.HTTPException) as exc:
        raise _network_error(url, host, exc, timeout) from None
    with response:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        if total is not None and total > max_bytes:
            raise DownloadError(f"{url}: {total:,} bytes is more than the {max_bytes:,} allowed")
        try:
            done = _stream(response, target, total, deadline, max_bytes, progress, url)
        except (OSError, http.client.HTTPException) as exc:
            if isinstance(exc, DownloadError):
                raise
            raise _network_error(url, host, exc, timeout, broke_off=True) from None
    if total is not None and done != total:
        raise DownloadError(f"{url}: the download broke off after {done:,} of {total:,} bytes")
    return done


def _copy_file(path: Path, target: Path, max_bytes: int, progress: Progress | None) -> int:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DownloadError(f"{path}: {size:,} bytes is more than the {max_bytes:,} allowed")
        with path.open("rb") as source:
            return _stream(source, target, size, DEADLINE, max_bytes, progress, str(path))
    except IsADirectoryError:
        raise DownloadError(f"{path}: a folder, not a file") from None
    except FileNotFoundError:
        raise DownloadError(f"{path}: no such file") from None
    except PermissionError:
        raise DownloadError(f"{path}: not readable (permission denied)") from None


def _stream(
    source: IO[bytes],
    target: Path,
    total: int | None,
    deadline: float,
    max_bytes: int,
    progress: Progress | None,
    name: str,
) -> int:
    start = time.monotonic()
    done = 0
    if progress:
        progress(0, total)
    # read1 returns what has arrived rather than waiting for a whole chunk, so that the
    # deadline is checked while a slow server drips
    read = getattr(source, "read1", source.read)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "wb") as out:
        while True:
            chunk = read(CHUNK)
            if not chunk:
                break
            done += len(chunk)
            if done > max_bytes:
                raise DownloadError(f"{name}: more than the {max_bytes:,} bytes allowed")
            out.write(chunk)
            if progress:
                progress(done, total)
            if time.monotonic() - start > deadline:
                raise DownloadError(f"{name}: not done after {deadline:g} s; given up")
        out.flush()
        os.fsync(out.fileno())
    return done


def _network_error(
    url: str, host: str, reason: object, timeout: float, *, broke_off: bool = False
) -> DownloadError:
    if isinstance(reason, socket.gaierror):
        return Offline(f"{url}: cannot look up {host.split(':')[0]} (offline, or no DNS)")
    if isinstance(reason, ConnectionRefusedError):
        return DownloadError(f"{url}: {host} refused the connection (is the server down?)")
    if isinstance(reason, TimeoutError | socket.timeout):
        return DownloadError(f"{url}: no answer from {host} within {timeout:g} s")
    if isinstance(reason, OSError) and reason.errno in _OFFLINE_ERRNOS:
        return Offline(f"{url}: the network is unreachable (offline?)")
    if broke_off:
        return DownloadError(f"{url}: the download broke off ({_text(reason)})")
    return DownloadError(f"{url}: cannot connect to {host} ({_text(reason)})")


def _text(reason: object) -> str:
    text = str(getattr(reason, "strerror", None) or reason or type(reason).__name__)
    return " ".join(text.split())[:120]


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only (urllib's own would follow ftp:// too)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if not newurl.lower().startswith(("http://", "https://")):
            raise DownloadError(f"{req.full_url}: redirected to {newurl}, not http(s)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@contextlib.contextmanager
def _locked(layer: Path) -> Iterator[None]:
    """One install of a layer at a time (a second waits): a sweep must never remove the
    version another run is about to link."""
    try:
        import fcntl
    except ImportError:  # no advisory locks here (Windows): runs are not serialised
        yield
        return
    fd = os.open(layer.parent / f".{layer.name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


__all__ = [
    "DownloadError",
    "Offline",
    "Progress",
    "current",
    "download",
    "install_layer",
    "swap_in",
    "sweep",
]
