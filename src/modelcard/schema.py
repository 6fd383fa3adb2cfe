"""The JSON Schema of an entry file, for editors that validate TOML as it is typed (taplo,
Even Better TOML). It states what ``entry.py`` checks, as far as JSON Schema can say it;
``modelcard validate`` remains the full check (counts' ranges, dates that exist, ...)."""

from __future__ import annotations

from typing import Any

from .entry import (
    ACCESS_LEVELS,
    CONFIDENCE,
    DATASETS,
    MAX_NAME,
    MAX_TEXT,
    SCHEMA_VERSION,
    SOURCED_FIELDS,
)

COUNT = {
    "description": "A count: 142B, 11.2T, 350M, 7K, 14e9, or a whole number.",
    "anyOf": [
        {
            "type": "string",
            "pattern": r"^\s*\+?[0-9]*\.?[0-9]+([eE][+-]?[0-9]{1,4})?\s*[KMBTkmbt]?\s*$",
        },
        {"type": "integer", "minimum": 1},
    ],
}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
URL = {"type": "string", "pattern": r"^https?://\S+$"}
TEXT = {"type": "string", "maxLength": MAX_TEXT}
NAME = {"type": "string", "minLength": 1, "maxLength": MAX_NAME}
BENCHMARK = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"


def entry_schema() -> dict[str, Any]:
    source = {
        "anyOf": [
            URL,
            {
                "type": "object",
                "required": ["url"],
                "additionalProperties": False,
                "properties": {
                    "url": URL,
                    "note": {"type": "string"},
                    "confidence": {"enum": list(CONFIDENCE)},
                    "dataset": {"enum": list(DATASETS)},
                    "snapshot": DATE,
                    "row": {"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 0}]},
                },
            },
        ]
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "modelcard entry",
        "description": "One model of a modelcard catalog: <store>/models/<id>.toml",
        "type": "object",
        "required": ["name", "lab"],
        "additionalProperties": False,
        "properties": {
            "schema": {"const": SCHEMA_VERSION},
            "name": NAME,
            "aliases": {
                "description": "Other names of the model, found by lookup like its name.",
                "type": "array",
                "items": NAME,
            },
            "lab": NAME,
            "released": {
                "description": "YYYY, YYYY-MM or YYYY-MM-DD; absent means TBA.",
                "type": "string",
                "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
            },
            "access": {"enum": list(ACCESS_LEVELS)},
            "open_weights": {
                "description": "Whether the weights can be downloaded; absent when unknown.",
                "type": "boolean",
            },
            "architecture": TEXT,
            "parameters": COUNT,
            "active_parameters": COUNT,
            "tokens": COUNT,
            "dataset": TEXT,
            "tags": {
                "anyOf": [
                    {"type": "array", "items": {"type": "string", "pattern": "^[^,]+$"}},
                    {"type": "string"},
                ]
            },
            "notes": TEXT,
            "updated": DATE,
            "benchmarks": {
                "type": "object",
                "propertyNames": {"pattern": BENCHMARK},
                "additionalProperties": {"type": "number", "minimum": 0, "maximum": 100},
            },
            "links": {
                "type": "object",
                "propertyNames": {"pattern": BENCHMARK},
                "additionalProperties": {"type": "string"},
            },
            "sheet": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "alscore": {"type": "number", "minimum": 0},
                    "ratio": {"type": "integer", "minimum": 0},
                },
            },
            "sources": {
                "type": "object",
                "propertyNames": {
                    "anyOf": [
                        {"enum": list(SOURCED_FIELDS)},
                        {"pattern": r"^benchmarks\.[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"},
                    ]
                },
                "additionalProperties": source,
            },
        },
    }
