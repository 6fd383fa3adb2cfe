"""Entry point of the ``modelcard`` console script and of ``python -m modelcard``."""

from __future__ import annotations

import sys


def main() -> None:
    # `modelcard --version` is what scripts and package managers call to probe the tool:
    # answer it without importing Typer, which is most of the start-up time.
    if sys.argv[1:] in (["--version"], ["-V"]):
        from .snapshots import version_text

        text, note = version_text()
        sys.stdout.write(text)
        if note is not None:
            sys.stderr.write(f"modelcard: note: {note}\n")
        return
    from .cli import run

    run()


if __name__ == "__main__":
    main()
