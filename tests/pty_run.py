"""Run modelcard in a pseudo-terminal of a given width, as a person at a terminal would, and
read what it printed (the views on a terminal take their width from it, and the progress
bars show only there)."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping, Sequence

# CSI sequences (colours, cursor moves), OSC sequences (hyperlinks, titles), lone escapes
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
HYPERLINK = re.compile(r"\x1b\]8;[^;]*;([^\x07\x1b]*)(?:\x07|\x1b\\)")


def run_in_terminal(
    args: Sequence[str],
    *,
    columns: int,
    env: Mapping[str, str] | None = None,
    stdout_tty: bool = True,
    timeout: float = 120.0,
) -> tuple[str, str, int]:
    """``python -m modelcard ARGS`` with stderr (and, unless ``stdout_tty`` is false, stdout)
    on a terminal ``columns`` wide: (what the terminal got, what the pipe got, exit code).
    With stdout on the terminal too, both streams are in the first."""
    import pty
    import select
    import struct
    import subprocess
    import termios
    import time

    main, side = pty.openpty()
    import fcntl

    fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    import tempfile

    full_env = {**os.environ, "TERM": "xterm-256color", **(env or {})}
    full_env.pop("COLUMNS", None)
    full_env.pop("LINES", None)
    # piped stdout goes to a file: a pipe nobody reads until the end could fill and stall
    pipe = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [sys.executable, "-m", "modelcard", *args],
        stdin=subprocess.DEVNULL,
        stdout=side if stdout_tty else pipe,
        stderr=side,
        env=full_env,
        close_fds=True,
    )
    os.close(side)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    while True:
        ready, _, _ = select.select([main], [], [], 0.1)
        if ready:
            try:
                data = os.read(main, 65536)
            except OSError:  # the terminal closed with the last writer
                data = b""
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            # drain what is left
            try:
                while select.select([main], [], [], 0.05)[0]:
                    data = os.read(main, 65536)
                    if not data:
                        break
                    chunks.append(data)
            except OSError:
                pass
            break
        if time.monotonic() > deadline:
            process.kill()
            raise TimeoutError(" ".join(args))
    code = process.wait()
    os.close(main)
    pipe.seek(0)
    piped = pipe.read()
    pipe.close()
    terminal = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return terminal, piped.decode("utf-8"), code


def plain(text: str) -> str:
    """What a person reads: the text without escape sequences."""
    return _ESCAPES.sub("", text)
