"""A recorder standing in for Zoom: answers every API request from the facts and keeps what was sent."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from airflow_provider_zoom._contract import facts

API = "https://api.zoom.test/v2"
OAUTH = "https://zoom.test"
FILES = "https://files.zoom.test"


@dataclass(frozen=True)
class Sent:
    """One request as it reached the wire."""

    method: str
    path: str  # below /v2, still encoded
    query: dict[str, str | list[str]]
    body: Any

    @property
    def endpoint(self) -> str | None:
        found = facts.match(self.method, self.path)
        return found[0].key if found else None

    def problems(self) -> list[facts.Problem]:
        return facts.check_request(self.method, self.path, self.query, self.body)


def wire_query(url: str) -> dict[str, str | list[str]]:
    parsed = parse_qs(urlsplit(url).query, keep_blank_values=True)
    return {k: v[0] if len(v) == 1 else v for k, v in parsed.items()}


def sent_from(method: str, url: str, body: bytes | str | None) -> Sent:
    path = urlsplit(url).path[len(urlsplit(API).path) :]
    text = body.decode() if isinstance(body, bytes) else body
    return Sent(method.upper(), path, wire_query(url), json.loads(text) if text else None)


def reply_for(method: str, path: str, overrides: Mapping[str, Any]) -> tuple[int, Any]:
    """A reply shaped by the facts: one item for a list, ``{}`` otherwise; ``overrides`` by endpoint key."""
    found = facts.match(method, path)
    if found is None:
        return 404, {"code": 404, "message": f"{method} {path}: not an endpoint in the facts"}
    endpoint = found[0]
    if endpoint.key in overrides:
        return 200, overrides[endpoint.key]
    if endpoint.items_key:
        return 200, {endpoint.items_key: [{"id": "item-1"}], "next_page_token": ""}
    return 200, {}


@dataclass
class Recorder:
    """Collects :class:`Sent` requests; ``overrides`` maps endpoint keys to reply bodies."""

    overrides: dict[str, Any] = field(default_factory=dict)
    sent: list[Sent] = field(default_factory=list)

    def install(self, mocker: Any) -> None:
        """Answer the token endpoint, every API path and file downloads on a requests-mock ``Mocker``."""
        mocker.post(
            f"{OAUTH}/oauth/token",
            json={"access_token": "tok-1", "token_type": "bearer", "expires_in": 3600, "scope": "x"},
        )
        mocker.register_uri(requests_mock_any(), re.compile(re.escape(API) + r"/.*"), json=self._answer)
        mocker.get(re.compile(re.escape(FILES) + r"/.*"), content=b"WEBVTT\n")

    def _answer(self, request: Any, context: Any) -> Any:
        sent = sent_from(request.method, request.url, request.body)
        self.sent.append(sent)
        context.status_code, body = reply_for(sent.method, sent.path, self.overrides)
        return body

    def record_httpx(self, request: Any) -> Any:
        """An ``httpx.MockTransport`` handler doing the same for the async client."""
        import httpx

        url = str(request.url)
        if url.startswith(f"{OAUTH}/oauth/token"):
            return httpx.Response(
                200, json={"access_token": "tok-1", "token_type": "bearer", "expires_in": 3600}
            )
        sent = sent_from(request.method, url, request.content)
        self.sent.append(sent)
        status, body = reply_for(sent.method, sent.path, self.overrides)
        return httpx.Response(status, json=body)


def requests_mock_any() -> Any:
    import requests_mock

    return requests_mock.ANY
