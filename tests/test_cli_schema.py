from __future__ import annotations

import datetime as dt
import json
import tomllib
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from modelcard.cli import app
from modelcard.store import builtin_dir

runner = CliRunner()


def as_json(value: Any) -> Any:
    """A TOML document as taplo hands it to a JSON Schema: dates become strings."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    data: dict[str, Any] = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(data)
    return data


def test_every_bundled_entry_is_valid(schema: dict[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator(schema)
    paths = sorted(builtin_dir().glob("*.toml"))
    assert len(paths) == 811
    for path in paths:
        errors = list(validator.iter_errors(as_json(tomllib.loads(path.read_text("utf-8")))))
        assert errors == [], (path.name, errors[0].message)


@pytest.mark.parametrize(
    "bad",
    [
        {"lab": "L"},
        {"name": "A", "lab": "L", "parameters": "lots"},
        {"name": "A", "lab": "L", "access": "open"},
        {"name": "A", "lab": "L", "benchmarks": {"mmlu": 101}},
        {"name": "A", "lab": "L", "colour": "red"},
        {"name": "A", "lab": "L", "released": "June 2025"},
        {"name": "A", "lab": "L", "sources": {"vibes": "https://x.test"}},
        {"name": "A", "lab": "L", "sources": {"tokens": {"url": "u", "confidence": "sure"}}},
    ],
)
def test_the_schema_rejects_what_validate_rejects(
    schema: dict[str, Any], bad: dict[str, Any]
) -> None:
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(bad))
