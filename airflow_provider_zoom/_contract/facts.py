"""
Read Zoom's API facts (``zoom_api.json``) and check requests, and values such as replies, against them.

The facts are distilled from Zoom's published references by ``tools/distill_zoom_api.py``; the reply
schemas it writes too stay in the repository (``tests/contract/zoom_api_replies.json``), for the
tests only. This module is the one reader: the hook's local checks, its scope hints, the emulator and
the contract test all ask it, so a fact about Zoom is written once.

Reader API (stable; additions only):

- :func:`endpoints` -> ``{"GET /meetings/{meetingId}": Endpoint, ...}``, every endpoint the provider calls.
- :func:`endpoint` ``(method, path_template)`` -> :class:`Endpoint`; placeholder names do not matter
  (``/meetings/{meeting_id}`` finds ``/meetings/{meetingId}``).
- :func:`match` ``(method, path)`` -> ``(Endpoint, {param: raw segment})`` or None for a concrete
  path as sent (``/meetings/123/recordings``, without ``/v2``); literal segments beat placeholders.
- :func:`field`, :func:`enum`, :func:`bounds`, :func:`max_length` ``(method, path_template, dotted)``
  where ``dotted`` is ``query.<name>``, ``body.<name>[.<name>...]`` (arrays are walked into) or
  ``path.<name>``.
- :func:`check_request` ``(method, path, query, body)`` -> list of :class:`Problem` (empty: conforms).
- :func:`check_query` ``(schema, query)`` and :func:`check_value` ``(schema, value, where)`` -> problems,
  for a query string (wire text) or a JSON value (a body or a reply) against one schema.
- :func:`category` ``(method, path)`` -> rate-limit category ``Light``/``Medium``/``Heavy``/
  ``Resource-intensive`` of a concrete path, or None when the path is not one the provider calls.

Schemas are JSON-Schema-like dicts: ``type`` (string, number, integer, boolean, object, array),
``properties``, ``required``, ``items``, ``enum``, ``maximum``/``minimum``, ``maxLength``/``minLength``,
``maxItems``/``minItems``, ``format``, ``default``, ``deprecated``, ``nullable``, ``anyOf``/``allOf``,
``additionalProperties``, and facts Zoom states in prose: ``x-maximum-by-recurrence-type``
(``{"1": 99, ...}``), ``x-not-with`` (``{"trash": ["from", "to"]}``), ``x-comma-separated``,
``x-enum-from-prose``.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple, TypeVar
from urllib.parse import unquote

_T = TypeVar("_T")

FACTS_FILE = Path(__file__).with_name("zoom_api.json")

LIGHT, MEDIUM, HEAVY, RESOURCE_INTENSIVE = "Light", "Medium", "Heavy", "Resource-intensive"
_LABELS = {"LIGHT": LIGHT, "MEDIUM": MEDIUM, "HEAVY": HEAVY, "RESOURCE_INTENSIVE": RESOURCE_INTENSIVE}

#: Reply fields that are credentials. ``start_url`` lets whoever holds it start the meeting or
#: webinar as its host (Zoom's reference: share it with no one but the host); it embeds the host's
#: ``zak``, which Zoom also returns by that name. ``download_access_token`` downloads a meeting's
#: recordings without other auth. Passcodes are not among them: Zoom hands them to participants.
SECRET_REPLY_FIELDS = frozenset({"start_url", "zak", "download_access_token"})

# Facts the references do not state. Zoom's Rivet SDK types (the only reference for Users, Team Chat,
# Phone and Accounts) carry no rate-limit labels or scopes, and ``GET /accounts/{accountId}/recordings``
# is in neither reference. These rows come from Zoom's API reference pages on developers.zoom.us
# (docs/api/users, docs/api/team-chat, docs/api/phone, docs/api/accounts): rate-limit label, classic
# admin scope, granular admin scope; the phone rows name their source.
STATED_ELSEWHERE: dict[str, tuple[str, str, str]] = {
    "GET /accounts/{accountId}/recordings": (
        MEDIUM,
        "recording:read:admin",
        "cloud_recording:read:list_account_recordings:admin",
    ),
    "GET /accounts/{accountId}/settings": (MEDIUM, "account:read:admin", "account:read:settings:admin"),
    "GET /users": (MEDIUM, "user:read:admin", "user:read:list_users:admin"),
    "POST /users": (LIGHT, "user:write:admin", "user:write:user:admin"),
    "GET /users/{userId}": (LIGHT, "user:read:admin", "user:read:user:admin"),
    "PATCH /users/{userId}": (LIGHT, "user:write:admin", "user:update:user:admin"),
    "DELETE /users/{userId}": (LIGHT, "user:write:admin", "user:delete:user:admin"),
    "GET /chat/users/{userId}/channels": (
        MEDIUM,
        "chat_channel:read:admin",
        "team_chat:read:list_user_channels:admin",
    ),
    "GET /chat/users/{userId}/messages": (
        MEDIUM,
        "chat_message:read:admin",
        "team_chat:read:list_user_messages:admin",
    ),
    "POST /chat/users/{userId}/messages": (
        MEDIUM,
        "chat_message:write:admin",
        "team_chat:write:user_message:admin",
    ),
    # The phone rows: Zoom's Phone API OpenAPI document ("Zoom Phone API", info.version 2), each
    # operation's "Scopes", "Granular Scopes" and "Rate Limit Label" lines, as copied in
    # github.com/jnolan-ehl/Public ZoomPhoneAPISpec.json (commit 0f573308, Dec 2024); the labels also
    # agree with the March 2023 edition (github.com/Sceptyre/python-zoom ZoomPhoneAPISpec.json).
    # Reference pages: developers.zoom.us/docs/api/phone/ (tags Call Logs, Phone Numbers, Recordings,
    # Voicemails).
    # Call Logs, "Get account's call history": HEAVY.
    "GET /phone/call_history": (HEAVY, "phone:read:admin", "phone:read:list_call_logs:admin"),
    # Call Logs, "Get user's call history": HEAVY.
    "GET /phone/users/{userId}/call_history": (HEAVY, "phone:read:admin", "phone:read:list_call_logs:admin"),
    # Phone Numbers, "List phone numbers": MEDIUM.
    "GET /phone/numbers": (MEDIUM, "phone:read:admin", "phone:read:list_numbers:admin"),
    # Recordings, "Get call recordings": MEDIUM.
    "GET /phone/recordings": (MEDIUM, "phone_recording:read:admin", "phone:read:list_call_recordings:admin"),
    # Recordings, "Get user's recordings": MEDIUM; granular phone:read:list_recordings:admin (not
    # ...list_user_recordings, which Zoom does not define).
    "GET /phone/users/{userId}/recordings": (
        MEDIUM,
        "phone_recording:read:admin",
        "phone:read:list_recordings:admin",
    ),
    # Recordings, "Get recording by call ID": LIGHT.
    "GET /phone/call_logs/{id}/recordings": (
        LIGHT,
        "phone_recording:read:admin",
        "phone:read:call_recording:admin",
    ),
    # Recordings, "Delete a call recording": LIGHT.
    "DELETE /phone/recordings/{recordingId}": (
        LIGHT,
        "phone_recording:write:admin",
        "phone:delete:call_recording:admin",
    ),
    # Voicemails, "Get account voicemails": HEAVY (not Medium: it draws on the daily Heavy cap).
    "GET /phone/voice_mails": (HEAVY, "phone_voicemail:read:admin", "phone:read:list_voicemails:admin"),
}


# Problem and Endpoint are NamedTuples, not frozen dataclasses: equally immutable and compared by
# value, and their classes cost a fraction as much to create when the module is imported.
class Problem(NamedTuple):
    """
    One way a request or reply departs from Zoom's reference.

    ``unknown`` marks a name the reference does not have (as opposed to a bad value): Zoom ignores
    such names in requests, so the emulator records them instead of refusing them.
    """

    field: str
    message: str
    unknown: bool = False

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class Endpoint(NamedTuple):
    """
    One endpoint the provider calls, as Zoom's references describe it.

    Its schemas are read from the facts file on use.
    """

    method: str
    path: str
    described: bool
    source: str | None
    operation: str | None
    items_key: str | None
    rate_limit: str | None
    granular_scopes: tuple[str, ...]
    classic_scopes: tuple[str, ...]
    stated_elsewhere: bool

    @property
    def path_params(self) -> dict[str, Any] | None:
        """The path parameters' schema."""
        return _schema(self.key, "path_params")

    @property
    def query(self) -> dict[str, Any] | None:
        """The query parameters' schema (None when Zoom's reference lists none)."""
        return _schema(self.key, "query")

    @property
    def body(self) -> dict[str, Any] | None:
        """The request body's schema (None when the endpoint takes no body)."""
        return _schema(self.key, "body")

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    def field(self, dotted: str) -> dict[str, Any]:
        """The schema of ``query.x``, ``body.a.b``, ``path.x`` (KeyError when absent)."""
        part = dotted.partition(".")[0]
        roots = {"query": "query", "body": "body", "path": "path_params"}
        if part not in roots:
            raise KeyError(f"{dotted}: starts with one of {sorted(roots)}")
        return walk(_schema(self.key, roots[part]), self.key, dotted)

    def fields(self, dotted: str) -> tuple[str, ...]:
        """The property names of an object (``body``, ``body.settings``, ``query``)."""
        return tuple((_unwrap(self.field(dotted)).get("properties") or {}).keys())

    def enum(self, dotted: str) -> tuple[Any, ...]:
        node = _unwrap(self.field(dotted))
        return tuple(node.get("enum") or node.get("x-enum-from-prose") or ())

    def bounds(self, dotted: str) -> tuple[float | None, float | None]:
        node = _unwrap(self.field(dotted))
        return node.get("minimum"), node.get("maximum")

    def max_length(self, dotted: str) -> int | None:
        return _unwrap(self.field(dotted)).get("maxLength")

    def max_items(self, dotted: str) -> int | None:
        return self.field(dotted).get("maxItems")

    def scope_alternatives(self) -> str:
        """
        The admin scopes that grant this endpoint, as ``classic|...|granular`` alternatives (the form
        ``scope_report`` takes): each classic scope Zoom lists in its admin form, then the granular one.
        """
        classic = [c if c.endswith(":admin") else f"{c}:admin" for c in self.classic_scopes]
        granular = _admin_first(self.granular_scopes)
        return "|".join(dict.fromkeys([*classic, *([granular] if granular else [])]))


def _admin_first(scopes: Iterable[str]) -> str | None:
    scopes = list(scopes)
    admin = [s for s in scopes if s.endswith(":admin")]
    return next(iter(admin or scopes), None)


def _unwrap(node: Any) -> dict[str, Any]:
    """Walk into arrays so ``body.registrants.email`` reads each registrant's email."""
    while isinstance(node, dict) and node.get("type") == "array" and "items" in node:
        node = node["items"]
    return node if isinstance(node, dict) else {}


@functools.cache
def _requests() -> dict[str, dict[str, Any]]:
    """Every endpoint's facts but its reply schema: what the hook's checks read at import."""
    return json.loads(FACTS_FILE.read_text(encoding="utf-8"))["endpoints"]


def _schema(key: str, name: str) -> dict[str, Any] | None:
    """One endpoint's ``path_params``, ``query`` or ``body`` schema."""
    return _requests()[key].get(name)


def walk(schema: dict[str, Any] | None, key: str, dotted: str) -> dict[str, Any]:
    """The schema at ``dotted`` (``body.a.b``: the root's name, then properties) below ``schema``.

    :param schema: the root's schema (None: the endpoint has no such part).
    :param key: the endpoint's key, for the error.
    :param dotted: the root's name and the property path; arrays are walked into.
    :raises KeyError: naming the endpoint and ``dotted`` when a step is not in Zoom's reference.
    """
    part, _, rest = dotted.partition(".")
    if schema is None:
        raise KeyError(f"{key} has no {part}")
    node: dict[str, Any] = schema
    for name in rest.split(".") if rest else []:
        props = _unwrap(node).get("properties") or {}
        if name not in props:
            raise KeyError(f"{key}: {dotted} is not in Zoom's reference")
        node = props[name]
    return node


@functools.cache
def endpoints() -> dict[str, Endpoint]:
    """Every endpoint the provider calls, keyed ``"METHOD /zoom/{template}"``."""
    out = {}
    for key, raw in _requests().items():
        scopes = raw.get("scopes") or {}
        label = _LABELS.get(raw.get("rate_limit") or "")
        classic = tuple(scopes.get("classic") or ())
        granular = tuple(scopes.get("granular") or ())
        elsewhere = key in STATED_ELSEWHERE and not (label and granular)
        if elsewhere:
            stated = STATED_ELSEWHERE[key]
            label = label or stated[0]
            classic = classic or (stated[1],)
            granular = granular or (stated[2],)
        out[key] = Endpoint(
            method=raw["method"],
            path=raw["path"],
            described=raw.get("source") is not None,
            source=raw.get("source"),
            operation=raw.get("operation"),
            items_key=raw.get("items_key"),
            rate_limit=label,
            granular_scopes=granular,
            classic_scopes=classic,
            stated_elsewhere=elsewhere,
        )
    return out


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path.rstrip("/") or "/")


@functools.cache
def _by_shape() -> dict[tuple[str, str], Endpoint]:
    return {(e.method, _shape(e.path)): e for e in endpoints().values()}


def endpoint(method: str, path_template: str) -> Endpoint:
    """The endpoint for a method and path template (placeholder names ignored); KeyError if unknown."""
    found = _by_shape().get((method.upper(), _shape(path_template)))
    if found is None:
        raise KeyError(f"{method.upper()} {path_template} is not an endpoint the provider calls")
    return found


def match(method: str, path: str) -> tuple[Endpoint, dict[str, str]] | None:
    """The endpoint a concrete path (as sent, still encoded) belongs to, and its raw path segments."""
    segments = path.split("?", 1)[0].rstrip("/").split("/")
    best: tuple[int, Endpoint, dict[str, str]] | None = None
    for candidate in endpoints().values():
        if candidate.method != method.upper():
            continue
        template = candidate.path.split("/")
        if len(template) != len(segments):
            continue
        params: dict[str, str] = {}
        literal = 0
        for want, got in zip(template, segments, strict=True):
            if want.startswith("{") and want.endswith("}"):
                if not got:
                    break
                params[want[1:-1]] = got
            elif want == got:
                literal += 1
            else:
                break
        else:
            if best is None or literal > best[0]:
                best = (literal, candidate, params)
    return (best[1], best[2]) if best else None


def field(method: str, path_template: str, dotted: str) -> dict[str, Any]:
    return endpoint(method, path_template).field(dotted)


def enum(method: str, path_template: str, dotted: str) -> tuple[Any, ...]:
    return endpoint(method, path_template).enum(dotted)


def bounds(method: str, path_template: str, dotted: str) -> tuple[float | None, float | None]:
    return endpoint(method, path_template).bounds(dotted)


def max_length(method: str, path_template: str, dotted: str) -> int | None:
    return endpoint(method, path_template).max_length(dotted)


def category(method: str, path: str) -> str | None:
    """The rate-limit category of a concrete path the provider calls, or None."""
    found = match(method, path)
    return found[0].rate_limit if found else None


# ---------------------------------------------------------------------- checking
def check_request(
    method: str,
    path: str,
    query: Mapping[str, str | list[str]] | None = None,
    body: Any = None,
) -> list[Problem]:
    """
    Every way one request departs from the facts (an empty list: it conforms).

    :param path: the path below ``/v2`` as sent (ids still encoded).
    :param query: the query string as sent: name -> text (or a list of texts when repeated).
    :param body: the parsed JSON body, or None.
    """
    found = match(method, path)
    if found is None:
        return [Problem("path", f"{method.upper()} {path} is not an endpoint in the facts")]
    spec, params = found
    problems: list[Problem] = []
    for name, raw in params.items():
        if "/" in unquote(raw):
            problems.append(
                Problem(f"path.{name}", "holds a '/' encoded once; Zoom wants such ids encoded twice")
            )
    if not spec.described:
        return problems
    problems += check_query(spec.query, query or {})
    if body is not None and body != {}:
        if spec.body is None:
            problems.append(Problem("body", "Zoom's reference takes no body here"))
        else:
            problems += check_value(spec.body, body, "body")
    elif spec.body is not None:
        problems += [Problem(f"body.{r}", "is required") for r in spec.body.get("required", [])]
    return problems


# Patterns, not compiled here: ``re`` compiles (and caches) them on first use, not at import.
_DATE = r"^\d{4}-\d{2}-\d{2}$"
_DATETIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"


def check_query(schema: Mapping[str, Any] | None, query: Mapping[str, Any]) -> list[Problem]:
    """Check a query string (wire text) against a query schema."""
    props = (schema or {}).get("properties") or {}
    problems: list[Problem] = []
    for name in (schema or {}).get("required", []):
        if name not in query:
            problems.append(Problem(f"query.{name}", "is required"))
    for name, value in query.items():
        where = f"query.{name}"
        if name not in props:
            problems.append(
                Problem(where, "is not a query parameter of this endpoint in Zoom's reference", unknown=True)
            )
            continue
        node = props[name]
        values = value if isinstance(value, list) else [value]
        for text in values:
            problems += _check_text(node, str(text), where)
        for trigger, excluded in (node.get("x-not-with") or {}).items():
            if str(query.get(trigger, "")).lower() == "true":
                for other in excluded:
                    if other in query:
                        problems.append(Problem(f"query.{other}", f"must not be used with {trigger}=true"))
    return _unique(problems)


def _check_text(node: Mapping[str, Any], text: str, where: str) -> list[Problem]:
    """One query value, as text on the wire."""
    kind = node.get("type")
    if kind == "boolean":
        if text not in ("true", "false"):
            return [Problem(where, f"must be true or false, got {text!r}")]
        return []
    if kind in ("number", "integer"):
        try:
            number = float(text) if kind == "number" else int(text)
        except ValueError:
            return [Problem(where, f"must be a {'whole ' if kind == 'integer' else ''}number, got {text!r}")]
        return _check_number(node, number, where)
    return _check_string(node, text, where)


def _check_number(node: Mapping[str, Any], number: float, where: str) -> list[Problem]:
    problems = []
    if node.get("enum") and number not in node["enum"]:
        problems.append(Problem(where, f"must be one of {node['enum']}, got {number!r}"))
    if "minimum" in node and number < node["minimum"]:
        problems.append(Problem(where, f"must be at least {node['minimum']}, got {number!r}"))
    if "maximum" in node and number > node["maximum"]:
        problems.append(Problem(where, f"must be at most {node['maximum']}, got {number!r}"))
    return problems


def _check_string(node: Mapping[str, Any], text: str, where: str) -> list[Problem]:
    problems = []
    choices = node.get("enum") or node.get("x-enum-from-prose")
    if choices:
        parts = text.split(",") if node.get("x-comma-separated") else [text]
        allowed = [str(c) for c in choices]
        for part in parts:
            if part.strip() not in allowed:
                problems.append(Problem(where, f"must be one of {allowed}, got {part!r}"))
    if "maxLength" in node and len(text) > node["maxLength"]:
        problems.append(Problem(where, f"must be at most {node['maxLength']} characters, got {len(text)}"))
    if "minLength" in node and len(text) < node["minLength"]:
        problems.append(Problem(where, f"must be at least {node['minLength']} characters, got {len(text)}"))
    fmt = node.get("format")
    if fmt == "date" and not re.match(_DATE, text):
        problems.append(Problem(where, f"must be a date yyyy-mm-dd, got {text!r}"))
    elif fmt == "date-time" and not (re.match(_DATETIME, text) or re.match(_DATE, text)):
        problems.append(Problem(where, f"must be a date-time yyyy-MM-ddTHH:mm:ssZ, got {text!r}"))
    return problems


def check_value(schema: Mapping[str, Any] | None, value: Any, where: str = "") -> list[Problem]:
    """Check a JSON value (a request body or a reply) against a schema; unknown fields are problems."""
    if not schema:
        return []
    if value is None:
        return [] if schema.get("nullable") else [Problem(where or "value", "must not be null")]
    if "anyOf" in schema:
        attempts = [check_value(option, value, where) for option in schema["anyOf"]]
        return [] if any(not a for a in attempts) else min(attempts, key=len)
    if "allOf" in schema:
        return _unique([p for option in schema["allOf"] for p in check_value(option, value, where)])
    kind = schema.get("type")
    if kind == "object":
        return _check_object(schema, value, where)
    if kind == "array":
        return _check_array(schema, value, where)
    return _check_scalar(schema, kind, value, where or "value")


def _check_array(schema: Mapping[str, Any], value: Any, where: str) -> list[Problem]:
    name = where or "value"
    if not isinstance(value, list):
        return [Problem(name, f"must be a list, got {type(value).__name__}")]
    problems = []
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        problems.append(Problem(name, f"holds at most {schema['maxItems']} items, got {len(value)}"))
    if "minItems" in schema and len(value) < schema["minItems"]:
        problems.append(Problem(name, f"holds at least {schema['minItems']} items, got {len(value)}"))
    for index, item in enumerate(value):
        problems += check_value(schema.get("items"), item, f"{where}[{index}]")
    return problems


def _check_scalar(schema: Mapping[str, Any], kind: Any, value: Any, name: str) -> list[Problem]:
    """A boolean, number or text value (any other type is not checked)."""
    if kind == "boolean":
        return [] if isinstance(value, bool) else [Problem(name, f"must be true or false, got {value!r}")]
    if kind in ("number", "integer"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return [Problem(name, f"must be a number, got {value!r}")]
        if kind == "integer" and isinstance(value, float) and not value.is_integer():
            return [Problem(name, f"must be a whole number, got {value!r}")]
        return _check_number(schema, value, name)
    if kind == "string":
        if not isinstance(value, str):
            return [Problem(name, f"must be text, got {value!r}")]
        return _check_string(schema, value, name)
    return []


def _check_object(schema: Mapping[str, Any], value: Any, where: str) -> list[Problem]:
    name = where or "value"
    if not isinstance(value, Mapping):
        return [Problem(name, f"must be an object, got {type(value).__name__}")]
    props = schema.get("properties")
    extra = schema.get("additionalProperties")
    prefix = f"{where}." if where else ""
    problems = [Problem(f"{prefix}{r}", "is required") for r in schema.get("required", []) if r not in value]
    for key, item in value.items():
        if props and key in props:
            node = props[key]
            problems += check_value(node, item, f"{prefix}{key}")
            by_type = node.get("x-maximum-by-recurrence-type")
            if by_type and isinstance(item, int) and str(value.get("type")) in by_type:
                limit = by_type[str(value.get("type"))]
                if item > limit:
                    problems.append(
                        Problem(f"{prefix}{key}", f"must be at most {limit} for type {value.get('type')}")
                    )
        elif extra is not None:
            problems += check_value(extra, item, f"{prefix}{key}")
        elif props:
            problems.append(
                Problem(f"{prefix}{key}", "is not a field of Zoom's reference here", unknown=True)
            )
    return problems


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def stated(value: _T | None, what: str) -> _T:
    """
    A fact the code relies on (a bound, a list's key), as the facts file states it.

    :param value: the fact read from the facts file.
    :param what: where it is, for the error.
    :raises KeyError: when the facts do not state it (the distiller lost it).
    """
    if value is None:
        raise KeyError(f"Zoom's reference, as distilled into the facts, does not state {what}")
    return value
