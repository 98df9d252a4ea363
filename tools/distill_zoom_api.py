#!/usr/bin/env python3
"""
Distil Zoom's published API descriptions into the provider's facts file.

Reads the TypeScript descriptions under ``shared/zoom-api/`` (the Meetings API generated from Zoom's
API hub OpenAPI document, and Zoom's Rivet SDK types for users, Team Chat, Phone and accounts) as
data, and writes ``airflow_provider_zoom/_contract/zoom_api.json``: for every endpoint the provider
calls, its method, path template, path/query/body/response schemas (names, types, enums, bounds,
required), the reply's item key for lists, the rate-limit label and the scopes. Facts only: no
descriptions or examples are kept.

Usage: ``python tools/distill_zoom_api.py [--references DIR] [--output FILE] [--check]``.
``--check`` exits 1 when the committed file differs from what the references give.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
# The references sit in shared/ beside the checkout; ZOOM_API_REFERENCES names another place.
REFERENCE_CANDIDATES = (REPO.parent / "shared" / "zoom-api",)
DEFAULT_OUTPUT = REPO / "airflow_provider_zoom" / "_contract" / "zoom_api.json"
# The reply schemas, in a file of their own that only the tests read (tests/contract/replies.py).
DEFAULT_REPLIES = REPO / "tests" / "contract" / "zoom_api_replies.json"

MEETINGS_SPEC = "zoom-meetings-api-spec/components.ts"
RIVET = "zoom-rivet-javascript"

# Every endpoint the provider calls (method, Zoom's path template). The contract test fails when a
# request goes elsewhere or an endpoint here is never called, so this list cannot drift.
PROVIDER_ENDPOINTS: tuple[tuple[str, str], ...] = (
    # meetings
    ("POST", "/users/{userId}/meetings"),
    ("GET", "/users/{userId}/meetings"),
    ("GET", "/meetings/{meetingId}"),
    ("PATCH", "/meetings/{meetingId}"),
    ("DELETE", "/meetings/{meetingId}"),
    ("GET", "/meetings/{meetingId}/invitation"),
    ("PUT", "/meetings/{meetingId}/status"),
    ("GET", "/past_meetings/{meetingId}"),
    ("GET", "/past_meetings/{meetingId}/instances"),
    ("GET", "/past_meetings/{meetingId}/participants"),
    ("GET", "/past_meetings/{meetingId}/polls"),
    ("GET", "/past_meetings/{meetingId}/qa"),
    # registrants
    ("POST", "/meetings/{meetingId}/registrants"),
    ("GET", "/meetings/{meetingId}/registrants"),
    ("POST", "/meetings/{meetingId}/batch_registrants"),
    ("PUT", "/meetings/{meetingId}/registrants/status"),
    ("POST", "/webinars/{webinarId}/registrants"),
    ("GET", "/webinars/{webinarId}/registrants"),
    ("POST", "/webinars/{webinarId}/batch_registrants"),
    ("PUT", "/webinars/{webinarId}/registrants/status"),
    # webinars and panelists
    ("POST", "/users/{userId}/webinars"),
    ("GET", "/users/{userId}/webinars"),
    ("GET", "/webinars/{webinarId}"),
    ("PATCH", "/webinars/{webinarId}"),
    ("DELETE", "/webinars/{webinarId}"),
    ("GET", "/past_webinars/{webinarId}/participants"),
    ("GET", "/past_webinars/{webinarId}/absentees"),
    ("GET", "/past_webinars/{webinarId}/polls"),
    ("GET", "/past_webinars/{webinarId}/qa"),
    ("GET", "/webinars/{webinarId}/panelists"),
    ("POST", "/webinars/{webinarId}/panelists"),
    ("DELETE", "/webinars/{webinarId}/panelists"),
    ("DELETE", "/webinars/{webinarId}/panelists/{panelistId}"),
    # cloud recordings
    ("GET", "/users/{userId}/recordings"),
    ("GET", "/accounts/{accountId}/recordings"),
    ("GET", "/meetings/{meetingId}/recordings"),
    ("DELETE", "/meetings/{meetingId}/recordings"),
    ("DELETE", "/meetings/{meetingId}/recordings/{recordingId}"),
    ("GET", "/meetings/{meetingId}/transcript"),
    # meeting and webinar archiving (compliance)
    ("GET", "/archive_files"),
    ("GET", "/archive_files/statistics"),
    ("PATCH", "/archive_files/{fileId}"),
    ("GET", "/past_meetings/{meetingUUID}/archive_files"),
    ("DELETE", "/past_meetings/{meetingUUID}/archive_files"),
    # AI Companion
    ("GET", "/meetings/meeting_summaries"),
    ("GET", "/meetings/{meetingId}/meeting_summary"),
    # reports
    ("GET", "/report/daily"),
    ("GET", "/report/users/{userId}/meetings"),
    ("GET", "/report/meetings/{meetingId}"),
    ("GET", "/report/meetings/{meetingId}/participants"),
    ("GET", "/report/meetings/{meetingId}/polls"),
    ("GET", "/report/meetings/{meetingId}/qa"),
    ("GET", "/report/webinars/{webinarId}"),
    ("GET", "/report/webinars/{webinarId}/participants"),
    ("GET", "/report/webinars/{webinarId}/polls"),
    ("GET", "/report/webinars/{webinarId}/qa"),
    # users and account
    ("GET", "/users"),
    ("POST", "/users"),
    ("GET", "/users/{userId}"),
    ("PATCH", "/users/{userId}"),
    ("DELETE", "/users/{userId}"),
    ("GET", "/accounts/{accountId}/settings"),
    # Team Chat
    ("GET", "/chat/users/{userId}/channels"),
    ("GET", "/chat/users/{userId}/messages"),
    ("POST", "/chat/users/{userId}/messages"),
    # Phone
    ("GET", "/phone/call_history"),
    ("GET", "/phone/users/{userId}/call_history"),
    ("GET", "/phone/numbers"),
    ("GET", "/phone/recordings"),
    ("GET", "/phone/users/{userId}/recordings"),
    ("GET", "/phone/call_logs/{id}/recordings"),
    ("DELETE", "/phone/recordings/{recordingId}"),
    ("GET", "/phone/voice_mails"),
)

# Routes the emulator serves for other Zoom clients though the provider never calls them: only their
# reply schemas are distilled (into the replies file), so the emulator's answers can be checked too.
EMULATOR_ONLY_ENDPOINTS: tuple[tuple[str, str], ...] = (
    ("GET", "/report/users"),
    ("GET", "/phone/call_logs"),
    ("GET", "/phone/users/{userId}/call_logs"),
)

# JSDoc tags kept as facts (the rest, e.g. @example, is illustration).
_NUMBER_TAGS = ("maximum", "minimum", "maxLength", "minLength", "maxItems", "minItems")
_TEXT_TAGS = ("format", "pattern")


# ---------------------------------------------------------------------- TypeScript types as data
_TOKEN = re.compile(
    r"""
    (?P<doc>/\*\*.*?\*/)
  | (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<space>\s+)
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<template>`[^`]*`)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<arrow>=>)
  | (?P<name>[A-Za-z_$][\w$]*)
  | (?P<punct>[{}\[\]()<>|&;:?,=.\-*])
    """,
    re.S | re.X,
)


def tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise ValueError(f"cannot read TypeScript at {text[pos : pos + 40]!r}")
        kind = match.lastgroup or ""
        if kind not in ("space", "comment"):
            tokens.append((kind, match.group()))
        pos = match.end()
    return tokens


def parse_doc(doc: str) -> dict[str, Any]:
    """The facts of a JSDoc block: its tags and the prose (kept only for the targeted rules below)."""
    body = re.sub(r"^\s*/\*\*|\*/\s*$", "", doc)
    lines = [re.sub(r"^\s*\* ?", "", line) for line in body.splitlines()]
    facts: dict[str, Any] = {}
    prose: list[str] = []
    for line in lines:
        tag = re.match(r"@(\w+)\s*(.*)$", line.strip())
        if not tag:
            prose.append(line)
            continue
        name, value = tag.group(1), tag.group(2).strip()
        if name in _NUMBER_TAGS:
            facts[name] = int(value) if re.fullmatch(r"-?\d+", value) else float(value)
        elif name in _TEXT_TAGS:
            facts[name] = value
        elif name == "default":
            facts["default"] = _literal(value)
        elif name == "deprecated":
            facts["deprecated"] = True
    facts["_prose"] = "\n".join(prose).strip()
    return facts


def _literal(text: str) -> Any:
    if text in ("true", "false"):
        return text == "true"
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    return text.strip('"')


class TypeParser:
    """A recursive-descent reader for the type expressions of generated TypeScript declarations."""

    def __init__(self, tokens: list[tuple[str, str]], aliases: dict[str, list[tuple[str, str]]]):
        self.tokens = tokens
        self.pos = 0
        self.aliases = aliases

    def peek(self, offset: int = 0) -> tuple[str, str]:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else ("eof", "")

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if value is not None and token[1] != value:
            raise ValueError(f"expected {value!r}, got {token[1]!r} near token {self.pos}")
        self.pos += 1
        return token

    def type(self) -> dict[str, Any]:
        if self.peek()[1] == "|":
            self.take()
        options = [self.intersection()]
        while self.peek()[1] == "|":
            self.take()
            options.append(self.intersection())
        return union(options)

    def intersection(self) -> dict[str, Any]:
        parts = [self.postfix()]
        while self.peek()[1] == "&":
            self.take()
            parts.append(self.postfix())
        return intersect(parts)

    def postfix(self) -> dict[str, Any]:
        node = self.primary()
        while self.peek()[1] == "[" and self.peek(1)[1] == "]":
            self.take()
            self.take()
            node = {"type": "array", "items": node}
        return node

    def primary(self) -> dict[str, Any]:
        kind, value = self.peek()
        if value == "{":
            return self.object()
        if value == "(":
            self.take()
            inner = self.type()
            self.take(")")
            if self.peek()[0] == "arrow":  # a function type: not data
                self.take()
                self.type()
                return {"type": "function"}
            return inner
        if value == "-" and self.peek(1)[0] == "number":
            self.take()
            return {"const": -_literal(self.take()[1])}
        if kind == "number":
            self.take()
            return {"const": _literal(value)}
        if kind == "string":
            self.take()
            return {"const": json.loads(value) if value.startswith('"') else value[1:-1]}
        if kind == "name":
            self.take()
            while self.peek()[1] == "." and self.peek(1)[0] == "name":  # Namespace.Name
                self.take()
                value = self.take()[1]
            args: list[dict[str, Any]] = []
            if self.peek()[1] == "<":
                self.take()
                args.append(self.type())
                while self.peek()[1] == ",":
                    self.take()
                    args.append(self.type())
                self.take(">")
            return self.named(value, args)
        raise ValueError(f"unexpected {value!r} in a type")

    def named(self, name: str, args: list[dict[str, Any]]) -> dict[str, Any]:
        simple = {
            "string": {"type": "string"},
            "number": {"type": "number"},
            "boolean": {"type": "boolean"},
            "true": {"const": True},
            "false": {"const": False},
            "null": {"type": "null"},
            "undefined": {"type": "undefined"},
            "object": {"type": "object"},
            "unknown": {},
            "any": {},
            "never": {"type": "never"},
        }
        if name in simple:
            return dict(simple[name])
        if name == "Record":
            return {"type": "object", "additionalProperties": args[1] if len(args) > 1 else {}}
        if name in ("Array", "ReadonlyArray") and args:
            return {"type": "array", "items": args[0]}
        if name in ("Partial", "Required", "Readonly") and args:
            return args[0]
        if name in self.aliases:
            return resolve(name, self.aliases)
        return {}

    def object(self) -> dict[str, Any]:
        self.take("{")
        properties: dict[str, Any] = {}
        required: list[str] = []
        extra: dict[str, Any] | None = None
        doc: dict[str, Any] = {}
        while self.peek()[1] != "}":
            kind, value = self.peek()
            if kind == "doc":
                doc = parse_doc(self.take()[1])
                continue
            if value in (";", ","):
                self.take()
                continue
            if value == "readonly" and self.peek(1)[1] not in (":", "?"):
                self.take()
                continue
            if value == "[" and self.peek(1)[0] == "string" and self.peek(2)[1] == "]":  # ["name"]
                self.take()
                self.tokens[self.pos] = ("name", json.loads(self.peek()[1]))
                self.tokens.pop(self.pos + 1)
                continue
            if value == "[":  # index signature [key: string]: T
                self.take()
                self.take()
                self.take(":")
                self.type()
                self.take("]")
                self.take(":")
                extra = self.type()
                doc = {}
                continue
            name = self.take()[1]
            if name.startswith(('"', "'")):
                name = name[1:-1]
            optional = False
            if self.peek()[1] == "?":
                self.take()
                optional = True
            if self.peek()[1] == "(":  # a method signature: not data
                depth = 0
                while True:
                    token = self.take()[1]
                    depth += token == "("
                    depth -= token == ")"
                    if depth == 0:
                        break
                self.take(":")
                self.type()
                doc = {}
                continue
            self.take(":")
            node = self.type()
            node = annotate(node, doc)
            properties[name] = node
            if not optional:
                required.append(name)
            doc = {}
        self.take("}")
        out: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            out["required"] = required
        if extra is not None:
            out["additionalProperties"] = extra
        return out


def annotate(node: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    """Attach a property's JSDoc facts to its schema (on the items for an array of scalars)."""
    if not doc:
        return node
    node = dict(node)
    facts = {k: v for k, v in doc.items() if not k.startswith("_")}
    if node.get("type") == "array":
        node["items"] = dict(node.get("items") or {})
    item_type = (node.get("items") or {}).get("type")
    for key, value in facts.items():
        target = node
        if node.get("type") == "array":
            if (
                key in ("maxLength", "minLength", "pattern")
                and item_type == "string"
                or key in ("maximum", "minimum")
                and item_type in ("number", "integer")
            ):
                target = node["items"]
            elif key in ("maximum", "minimum"):
                # Zoom's spec bounds some lists with @maximum: it counts the items.
                key = "maxItems" if key == "maximum" else "minItems"
        if key == "format" and value in ("int32", "int64"):
            if target.get("type") == "number":
                target["type"] = "integer"
            target["format"] = value
        else:
            target[key] = value
    for rule in PROSE_RULES:
        rule(node, doc.get("_prose", ""))
    return node


def union(options: list[dict[str, Any]]) -> dict[str, Any]:
    flat: list[dict[str, Any]] = []
    for option in options:
        flat.extend(option["anyOf"] if set(option) == {"anyOf"} else [option])
    nullable = any(o.get("type") in ("null", "undefined") for o in flat)
    flat = [o for o in flat if o.get("type") not in ("null", "undefined")]
    if flat and all("const" in o for o in flat):
        values = [o["const"] for o in flat]
        out = {"type": _type_of(values), "enum": values}
    elif len(flat) == 1 or (flat and all(o == flat[0] and set(o) == {"type"} for o in flat)):
        out = dict(flat[0])
    else:
        out = {"anyOf": flat}
    if nullable:
        out["nullable"] = True
    return out


def _type_of(values: list[Any]) -> str:
    if all(isinstance(v, bool) for v in values):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "integer"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "number"
    if all(isinstance(v, str) for v in values):
        return "string"
    return "any"


def intersect(parts: list[dict[str, Any]]) -> dict[str, Any]:
    parts = [p for p in parts if p and p != {"type": "object"}] or [{"type": "object"}]
    if len(parts) == 1:
        return parts[0]
    if all(p.get("type") == "object" for p in parts):
        properties: dict[str, Any] = {}
        required: list[str] = []
        for part in parts:
            properties.update(part.get("properties", {}))
            required += [r for r in part.get("required", []) if r not in required]
        out: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            out["required"] = required
        return out
    return {"allOf": parts}


def resolve(
    name: str, aliases: dict[str, list[tuple[str, str]]], _seen: set[str] | None = None
) -> dict[str, Any]:
    seen = _seen or set()
    if name in seen:
        return {}
    seen.add(name)
    tokens = aliases[name]
    parser = TypeParser(list(tokens), aliases)
    return parser.type()


def read_aliases(text: str) -> dict[str, list[tuple[str, str]]]:
    """Every ``[export] type Name = ...;`` of a declaration file, as tokens (parsed on demand)."""
    tokens = tokenize(text)
    aliases: dict[str, list[tuple[str, str]]] = {}
    i = 0
    while i < len(tokens):
        if (
            tokens[i][1] == "type"
            and i + 2 < len(tokens)
            and tokens[i + 1][0] == "name"
            and tokens[i + 2][1] == "="
        ) and (i == 0 or tokens[i - 1][1] in ("export", "declare", ";", "}") or tokens[i - 1][0] == "doc"):
            start = i + 3
            depth = 0
            j = start
            while j < len(tokens):
                value = tokens[j][1]
                if value in ("{", "(", "[", "<"):
                    depth += 1
                elif value in ("}", ")", "]", ">"):
                    depth -= 1
                elif value == ";" and depth == 0:
                    break
                j += 1
            aliases[tokens[i + 1][1]] = tokens[start:j]
            i = j
        i += 1
    return aliases


# ---------------------------------------------------------------------- targeted prose rules
def _repeat_interval_rule(node: dict[str, Any], prose: str) -> None:
    """Zoom states repeat_interval's maximum per recurrence type only in prose: daily, weekly, monthly."""
    found = re.search(
        r"daily[^.]*?`(\d+)`\s*days.*?weekly[^.]*?`(\d+)`\s*weeks.*?monthly[^.]*?`(\d+)`\s*months",
        prose,
        re.S,
    )
    if found:
        node["x-maximum-by-recurrence-type"] = {str(t): int(found.group(t)) for t in (1, 2, 3)}


def _not_with_trash_rule(node: dict[str, Any], prose: str) -> None:
    """Zoom says in prose which date filters must not be used with the ``trash`` listing."""
    found = re.search(
        r"`trash`[^.]*cannot be filtered by date[^.]*?((?:`\w+`(?: and | or |, )?)+) fields? should not",
        prose,
    )
    if found:
        node["x-not-with"] = {"trash": re.findall(r"`(\w+)`", found.group(1))}


def _comma_separated_rule(node: dict[str, Any], prose: str) -> None:
    """A text value Zoom documents as holding several values separated by commas."""
    if node.get("type") == "string" and re.search(r"comma[- ]separated|separated by (a )?comma", prose, re.I):
        node["x-comma-separated"] = True


def _backticked_enum_rule(node: dict[str, Any], prose: str) -> None:
    """A string typed loosely whose prose lists its values as a bullet list of backticked words."""
    if node.get("type") != "string" or "enum" in node or "format" in node:
        return
    values = re.findall(r"^\s*\*\s*`([A-Za-z_][\w.-]*)`\s*[:-]", prose, re.M)
    if len(values) >= 2 and len(set(values)) == len(values):
        node["x-enum-from-prose"] = values


PROSE_RULES = (_repeat_interval_rule, _not_with_trash_rule, _comma_separated_rule, _backticked_enum_rule)


# ---------------------------------------------------------------------- the two sources
def _split_args(tokens: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    args: list[list[tuple[str, str]]] = [[]]
    depth = 0
    for token in tokens:
        value = token[1]
        if value in ("{", "(", "[", "<"):
            depth += 1
        elif value in ("}", ")", "]", ">"):
            depth -= 1
        if value == "," and depth == 0:
            args.append([])
        else:
            args[-1].append(token)
    return args


def _scopes(doc: str, label: str) -> list[str]:
    found = re.search(r"\*\*\[" + label + r"\]\([^)]*\):\*\*\s*(.+)", doc)
    return re.findall(r"`([^`]+)`", found.group(1)) if found else []


def meetings_operations(references: Path) -> dict[tuple[str, str], dict[str, Any]]:
    text = (references / MEETINGS_SPEC).read_text(encoding="utf-8")
    aliases = read_aliases(text)
    operations: dict[tuple[str, str], dict[str, Any]] = {}
    pattern = re.compile(
        r"(/\*\*(?:(?!\*/).)*\*/)\s*export const (\w+) = \(\s*variables[^)]*\)\s*=>\s*fetch<(.*?)>\(\s*\{\s*"
        r'url: "([^"]+)",\s*method: "(\w+)"',
        re.S,
    )
    for match in pattern.finditer(text):
        doc, name, generics, url, method = match.groups()
        args = _split_args(tokenize(generics))
        # fetch<Response, Error, Body, Headers, Query, Path>
        schemas = [TypeParser(arg, aliases).type() if arg else {} for arg in args]
        body = _data(schemas[2])
        # The operation's prose caps some lists: "Register up to 30 registrants at once".
        at_once = re.search(r"up to (\d+) (\w+) at once", doc)
        if body and at_once and at_once.group(2) in body.get("properties", {}):
            body["properties"][at_once.group(2)].setdefault("maxItems", int(at_once.group(1)))
        label = re.search(r"Rate Limit Label\]\([^)]*\):\*\*\s*`(\w+)`", doc)
        operations[(method.upper(), url)] = {
            "operation": name,
            "source": MEETINGS_SPEC,
            "response": _data(schemas[0]),
            "body": body,
            "query": _data(schemas[4]),
            "path_params": _data(schemas[5]),
            "rate_limit": label.group(1).upper() if label else None,
            "scopes": {"classic": _scopes(doc, "Scopes"), "granular": _scopes(doc, "Granular Scopes")},
        }
    return operations


def rivet_operations(references: Path) -> dict[tuple[str, str], dict[str, Any]]:
    operations: dict[tuple[str, str], dict[str, Any]] = {}
    for product_dir in sorted((references / RIVET).iterdir()):
        if not product_dir.is_dir():
            continue
        product = product_dir.name
        mjs = (product_dir / f"{product}.mjs").read_text(encoding="utf-8")
        dts = (product_dir / f"{product}.d.ts").read_text(encoding="utf-8")
        aliases = read_aliases(dts)
        routes: dict[tuple[str, str], tuple[str, str]] = {}
        group = ""
        for line_match in re.finditer(
            r"^    (\w+) = \{$"
            r"|(\w+): this\.buildEndpoint\(\{\s*method: \"(\w+)\","
            r"[^`]*?urlPathBuilder: \([^)]*\) => `([^`]+)`",
            mjs,
            re.M | re.S,
        ):
            if line_match.group(1):
                group = line_match.group(1)
                continue
            name, method, template = line_match.group(2), line_match.group(3), line_match.group(4)
            routes[(group, name)] = (method.upper(), re.sub(r"\$\{(\w+)\}", r"{\1}", template))
        signatures = _rivet_signatures(dts)
        for (group, name), key in routes.items():
            signature = signatures.get((group, name))
            if signature is None:
                continue
            parts = {}
            for part in ("path", "query", "body"):
                found = re.search(part + r"\??: (\w+);", signature[0])
                parts[part] = _data(resolve(found.group(1), aliases)) if found else None
            response = signature[1]
            operations.setdefault(
                key,
                {
                    "operation": f"{group}.{name}",
                    "source": f"{RIVET}/{product}",
                    "response": _data(resolve(response, aliases)) if response in aliases else None,
                    "body": parts["body"],
                    "query": parts["query"],
                    "path_params": parts["path"],
                    # Rivet's types state neither; the package's hand-written supplement says where
                    # its labels and scopes come from.
                    "rate_limit": None,
                    "scopes": {"classic": [], "granular": []},
                },
            )
    return operations


def _rivet_signatures(dts: str) -> dict[tuple[str, str], tuple[str, str]]:
    """``readonly group: { name: (_: ...) => Promise<BaseResponse<Response>>; }`` of the Endpoints class."""
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for group_match in re.finditer(r"^    readonly (\w+): \{$(.*?)^    \};$", dts, re.M | re.S):
        group, body = group_match.groups()
        for member in re.finditer(
            r"^        (\w+): \(_: (.*?)\) => Promise<BaseResponse<(\w+)>>;", body, re.M | re.S
        ):
            found[(group, member.group(1))] = (member.group(2), member.group(3))
    return found


def _data(schema: dict[str, Any] | None) -> dict[str, Any] | None:
    """None for an empty part (no body, no query), else the schema."""
    if not schema or schema.get("type") in ("undefined", "never"):
        return None
    if (
        schema.get("type") == "object"
        and not schema.get("properties")
        and "additionalProperties" not in schema
    ):
        return None
    return schema


def items_key(response: dict[str, Any] | None) -> str | None:
    """The key of a paginated list's items: the one array of objects beside the page fields."""
    if not response or response.get("type") != "object":
        return None
    props = response.get("properties", {})
    if not ({"next_page_token", "page_size", "page_count", "total_records"} & set(props)):
        return None
    arrays = [k for k, v in props.items() if v.get("type") == "array"]
    return arrays[0] if len(arrays) == 1 else None


# ---------------------------------------------------------------------- output
def distil(references: Path) -> dict[str, Any]:
    meetings = meetings_operations(references)
    rivet = rivet_operations(references)
    endpoints: dict[str, Any] = {}
    for method, path in PROVIDER_ENDPOINTS:
        # The API hub spec is the newer statement of the Meetings API; Rivet covers the rest.
        found = meetings.get((method, path)) or rivet.get((method, path))
        if found is not None and (method, path) in meetings and (method, path) in rivet:
            found = {**found, "body": _unwrapped_lists(found["body"], rivet[(method, path)]["body"])}
        if found is None:
            # Called by the provider but absent from both references: listed, with no facts to obey.
            endpoints[f"{method} {path}"] = {"method": method, "path": path, "source": None}
            continue
        entry = {"method": method, "path": path, **found, "items_key": items_key(found["response"])}
        endpoints[f"{method} {path}"] = _strip(entry)
    emulator_only = {}
    for method, path in EMULATOR_ONLY_ENDPOINTS:
        found = meetings.get((method, path)) or rivet.get((method, path))
        if found is not None and found.get("response"):
            emulator_only[f"{method} {path}"] = {"source": found["source"], "response": found["response"]}
    # Zoom's SDK types of every route that has one, beside the spec's: a second statement to check
    # the emulator's replies against.
    sdk = {
        f"{method} {path}": rivet[(method, path)]["response"]
        for method, path in (*PROVIDER_ENDPOINTS, *EMULATOR_ONLY_ENDPOINTS)
        if (method, path) in rivet and rivet[(method, path)].get("response")
    }
    return {
        "format": 1,
        "emulator_only": emulator_only,
        "sdk": sdk,
        "sources": {
            MEETINGS_SPEC: "Zoom API hub Meetings OpenAPI, as TypeScript (SferaDev/openapi-clients 5ff38f6)",
            RIVET: "Zoom Rivet SDK types (zoom/rivet-javascript 7309ea3)",
        },
        "endpoints": endpoints,
    }


def _unwrapped_lists(spec: dict[str, Any] | None, sdk: dict[str, Any] | None) -> dict[str, Any] | None:
    """
    A body field the API hub spec types as a list of objects where Zoom's SDK types the one object.

    The spec's ``PATCH /meetings/{meetingId}`` wraps ``recurrence`` in a list, unlike its own create
    body and Zoom's SDK: both references agree on the object, so the object is the fact.
    """
    if not spec or not sdk:
        return spec
    props = dict(spec.get("properties") or {})
    for name, node in props.items():
        other = (sdk.get("properties") or {}).get(name) or {}
        items = node.get("items") or {}
        if node.get("type") == "array" and items.get("type") == "object" and other.get("type") == "object":
            props[name] = items
    return {**spec, "properties": props}


def _strip(value: Any) -> Any:
    """Drop empty members so the file stays compact and stable."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if v is not None and not k.startswith("_")}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _dump(value: dict[str, Any]) -> str:
    return json.dumps(value, indent=1, sort_keys=False, ensure_ascii=False) + "\n"


def render(facts: dict[str, Any]) -> str:
    """The facts file: every endpoint's facts but its reply schema."""
    endpoints = {k: {n: v for n, v in e.items() if n != "response"} for k, e in facts["endpoints"].items()}
    kept = {k: v for k, v in facts.items() if k not in ("emulator_only", "sdk")}
    return _dump({**kept, "endpoints": endpoints})


def render_replies(facts: dict[str, Any]) -> str:
    """
    The reply schemas' file: ``{"endpoints": {key: schema}}`` for the endpoints Zoom describes (the
    spec's where it has one, else the SDK's); ``emulator_only`` for the routes only the emulator's
    other clients call (``{key: {"source", "response"}}``); ``sdk``, Zoom's SDK types of every route
    the SDK describes.
    """
    replies = {k: e["response"] for k, e in facts["endpoints"].items() if "response" in e}
    return _dump(
        {"endpoints": replies, "emulator_only": _strip(facts["emulator_only"]), "sdk": _strip(facts["sdk"])}
    )


def find_references() -> Path | None:
    """The references folder, or None when this checkout has none beside it."""
    import os

    named = os.environ.get("ZOOM_API_REFERENCES")
    candidates = (Path(named),) if named else REFERENCE_CANDIDATES
    return next((c for c in candidates if (c / MEETINGS_SPEC).is_file()), None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--references", type=Path, default=None)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--replies-output", type=Path, default=DEFAULT_REPLIES)
    parser.add_argument("--check", action="store_true", help="fail when the committed file differs")
    args = parser.parse_args(argv)
    references = args.references or find_references()
    if references is None:
        print("no shared/zoom-api beside this checkout; pass --references")
        return 2
    facts = distil(references)
    outputs = {args.output: render(facts), args.replies_output: render_replies(facts)}
    if args.check:
        for path, text in outputs.items():
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                print(f"{path} differs from what {references} gives; re-run the distiller.")
                return 1
        return 0
    for path, text in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(
        f"wrote {len(facts['endpoints'])} endpoints to {args.output}; their replies to {args.replies_output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
