"""JSON Schemas of the files a trainee hands over or receives: the pack's manifest and the
answers file. A file that departs from its schema is refused with one line naming the place;
what a schema cannot say (an answer to a question the pack does not have, the same question
answered twice) is checked after it, against the pack or the training session.
"""

from __future__ import annotations

from typing import Any

from reviewtool.training.question import CHOICES, CONFIDENCE_LEVELS, MAX_SECONDS, PARTS

MAX_ITEMS = 500  # questions in one pack or answers file
MAX_SEGMENTS = 16  # angles of one question
_TEXT = {"type": "string", "maxLength": 500}
_ID = {"type": "string", "minLength": 1, "maxLength": 64}
_COUNT = {"type": "integer", "minimum": 0, "maximum": 99}
_SIDES = {"type": "object", "required": ["home", "away"], "additionalProperties": False}

CONTEXT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "minute": {"type": ["string", "null"], "maxLength": 16},
        "teams": {**_SIDES, "properties": {"home": _TEXT, "away": _TEXT}},
        "score": {**_SIDES, "properties": {"home": _COUNT, "away": _COUNT}},
        "aggregate": {"oneOf": [{"type": "null"},
                                {**_SIDES, "properties": {"home": _COUNT, "away": _COUNT}}]},
        "on_field": {**_SIDES, "properties": {"home": _COUNT, "away": _COUNT}},
        "cautioned": {"type": "array", "maxItems": 50, "items": {
            "type": "object", "additionalProperties": False,
            "required": ["team", "name"],
            "properties": {"team": {"enum": ["home", "away"]}, "name": _TEXT,
                           "number": {"type": ["integer", "null"], "minimum": 0,
                                      "maximum": 999},
                           "minute": {"type": ["string", "null"], "maxLength": 16}}}},
    },
}

PACK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["format", "version", "session", "pack", "items"],
    "additionalProperties": False,
    "properties": {
        "format": {"const": "reviewtool-pack"},
        "version": {"const": 1},
        "session": _ID,
        "pack": {"type": "string"},  # a plain name: checked with its own message
        "title": _TEXT,
        "created": {"type": "string", "maxLength": 64},
        "items": {"type": "array", "minItems": 1, "maxItems": MAX_ITEMS, "items": {
            "type": "object",
            "required": ["id", "parts", "segments"],
            "additionalProperties": False,
            "properties": {
                "id": _ID,
                "title": _TEXT,
                "parts": {"type": "array", "minItems": 1, "uniqueItems": True,
                          "items": {"enum": list(PARTS)}},
                "segments": {"type": "array", "minItems": 1, "maxItems": MAX_SEGMENTS,
                             "items": {
                                 "type": "object", "required": ["file", "frames"],
                                 "additionalProperties": False,
                                 "properties": {
                                     "file": {"type": "string"},  # checked on its own
                                     "angle": {"type": "string", "maxLength": 100},
                                     "frames": {"type": "integer", "minimum": 1,
                                                "maximum": 10_000_000}}}},
                "context": CONTEXT_SCHEMA,
            }}},
    },
}

ANSWER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["item", "values"],
    "additionalProperties": False,
    "properties": {
        "item": _ID,
        "values": {"type": "object", "additionalProperties": False,
                   "properties": {p: {"enum": [*CHOICES[p], None]} for p in PARTS}},
        "confidence": {"oneOf": [{"type": "null"},
                                 {"type": "integer", "enum": list(CONFIDENCE_LEVELS)}]},
        "seconds": {"oneOf": [{"type": "null"},
                              {"type": "number", "minimum": 0, "maximum": MAX_SECONDS}]},
    },
}

ANSWERS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["format", "version", "trainee", "session", "pack", "answers"],
    "additionalProperties": False,
    "properties": {
        "format": {"const": "reviewtool-answers"},
        "version": {"const": 1},
        "trainee": {"type": "string", "minLength": 1, "maxLength": 200,
                    "pattern": r"\S"},
        "session": _ID,
        "pack": _ID,
        "submitted": {"type": "string", "maxLength": 64},
        "answers": {"type": "array", "maxItems": MAX_ITEMS, "items": ANSWER_SCHEMA},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "key": {"type": "string", "pattern": "^[0-9a-fA-F]{64}$"},  # the signer's, hashed
        "signature": {"type": "string", "pattern": "^[0-9a-fA-F]{128}$"},
    },
}
