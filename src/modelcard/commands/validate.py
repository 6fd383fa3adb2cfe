"""modelcard validate: every problem in the catalog, for people and for CI."""

# No `from __future__ import annotations`: Typer would eval every annotation at start-up.
from enum import StrEnum
from typing import Annotated, Any

import typer

from .common import QuietOption, out, plural, state


class ReportFormat(StrEnum):
    text = "text"
    json = "json"


SETTINGS: dict[str, Any] = {
    "epilog": "Examples:\n\n  modelcard validate\n\n  modelcard validate --builtin --format json"
    "\n\n  modelcard --store ./catalog validate --strict   (in a catalog repository's CI)"
    "\n\n  modelcard validate --conflicts   (where the sources disagree)"
    "\n\nThe folders of MODELCARD_PATH (team catalogs) are checked with your store.",
}


def validate(
    ctx: typer.Context,
    builtin: Annotated[
        bool, typer.Option("--builtin", help="Check the bundled catalog too.")
    ] = False,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Report figures without a source too; warnings fail."),
    ] = False,
    format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text or json.")
    ] = ReportFormat.text,
    conflicts: Annotated[
        bool,
        typer.Option(
            "--conflicts",
            help="Also list every value another source gives that disagrees with the one "
            "shown (numbers by more than 10%), in every layer. Information, not a failure.",
        ),
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Check every entry: TOML syntax, fields, units, ranges, ids, slugs, stale figures.

    Exit 0 when clean (warnings allowed unless --strict), 1 with problems.
    """
    from modelcard.errors import printable
    from modelcard.progress import Bars
    from modelcard.validation import validate as run_checks

    catalog = state(ctx).catalog()
    with Bars(quiet=quiet) as bars:
        report = run_checks(catalog, include_builtin=builtin, strict=strict, progress=bars.tick)
    failed = bool(report.errors or (strict and report.warnings))
    disagree = []
    if conflicts:
        from modelcard.conflicts import conflicts as find_conflicts

        disagree = find_conflicts(catalog.entries(on_error=lambda exc: None))
    if format is ReportFormat.json:
        from modelcard.render.tabular import to_json

        findings = [
            {"severity": f.severity, "path": printable(f.path), "message": printable(f.message)}
            for f in report.findings
        ]
        data = {"checked": report.checked, "ok": not failed, "findings": findings}
        if conflicts:
            data["conflicts"] = [c.record() for c in disagree]
        out(to_json(data))
    else:
        for finding in report.findings:
            out(printable(f"{finding}") + "\n")
        for conflict in disagree:
            out(printable(f"conflict: {conflict}") + "\n")
        if conflicts:
            typer.echo(f"{plural(len(disagree), 'value')} kept beside another", err=True)
        typer.echo(
            f"checked {plural(report.checked, 'entry file')}: "
            f"{plural(len(report.errors), 'error')}, {plural(len(report.warnings), 'warning')}",
            err=True,
        )
    if failed:
        raise typer.Exit(1)
