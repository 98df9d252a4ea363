"""
Keep only the triggering Zoom events that match a rule: who did it, whose meeting, which files, which topic.

Plain Python with no Airflow imports, so DAG files can use it cheaply. A DAG scheduled on several
Zoom assets (``Asset(".../recording.completed") | Asset(".../recording.transcript_completed")``)
receives every event of every one of them; :func:`matching_events` narrows them down::

    events = matching_events(triggering_asset_events, host="ops@example.com", file_types=["MP4"])

The rules mirror the usual "by me" / "for me" event sources: ``operator`` matches the user who
caused the event (``payload.operator`` / ``payload.operator_id``, e.g. who created a meeting),
``host`` the meeting's host (``payload.object.host_id`` / ``host_email``), ``participant`` the
participant of a participant event (``payload.object.participant``). Ids match exactly, emails
case-insensitively. All given rules must hold; an event lacking the field a rule looks at does not
match it.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from airflow_provider_zoom.webhooks.events import EXTRA_EVENT, EXTRA_PAYLOAD, zoom_events

#: Fields of ``payload.object.participant`` that identify a participant.
PARTICIPANT_FIELDS = ("user_id", "id", "participant_user_id", "participant_uuid", "email")


@dataclass(frozen=True)
class EventRule:
    """
    A rule over Zoom event extras; every field left ``None`` matches everything.

    :param events: event names to keep, e.g. ``("recording.completed",)``.
    :param operator: ids or emails of the user who caused the event (``payload.operator[_id]``).
    :param host: ids or emails of the meeting's or webinar's host (``payload.object.host_id`` /
        ``host_email``).
    :param participant: ids or emails of the participant (``payload.object.participant``).
    :param file_types: keep recording events with at least one file of these types (``MP4``,
        ``TRANSCRIPT``, ...; ``payload.object.recording_files[].file_type``).
    :param topic: shell-style patterns over ``payload.object.topic``, case-insensitive (``Weekly*``).
    """

    events: frozenset[str] | None = None
    operator: frozenset[str] | None = None
    host: frozenset[str] | None = None
    participant: frozenset[str] | None = None
    file_types: frozenset[str] | None = None
    topic: tuple[str, ...] | None = None

    @classmethod
    def build(
        cls,
        *,
        events: Iterable[str] | str | None = None,
        operator: Iterable[str] | str | None = None,
        host: Iterable[str] | str | None = None,
        participant: Iterable[str] | str | None = None,
        file_types: Iterable[str] | str | None = None,
        topic: Iterable[str] | str | None = None,
    ) -> EventRule:
        """Check and normalise each rule (text or a list of text); :class:`ValueError` naming the field."""
        topics = _names("topic", topic, fold=True)
        return cls(
            events=_set("events", events, fold=False),
            operator=_people("operator", operator),
            host=_people("host", host),
            participant=_people("participant", participant),
            file_types=_set("file_types", file_types, fold=False, upper=True),
            topic=tuple(topics) if topics is not None else None,
        )

    def matches(self, extra: Mapping[str, Any]) -> bool:
        """Whether one asset event extra (see :mod:`airflow_provider_zoom.webhooks.events`) matches."""
        payload = _mapping(extra.get(EXTRA_PAYLOAD))
        obj = _mapping(payload.get("object"))
        return (
            self._event_matches(extra)
            and self._operator_matches(payload)
            and self._host_matches(obj)
            and self._participant_matches(obj)
            and self._file_types_match(obj)
            and self._topic_matches(obj)
        )

    # Each rule: None matches every event.
    def _event_matches(self, extra: Mapping[str, Any]) -> bool:
        return self.events is None or extra.get(EXTRA_EVENT) in self.events

    def _operator_matches(self, payload: Mapping[str, Any]) -> bool:
        return self.operator is None or _any_in(
            self.operator, payload.get("operator"), payload.get("operator_id")
        )

    def _host_matches(self, obj: Mapping[str, Any]) -> bool:
        return self.host is None or _any_in(self.host, obj.get("host_id"), obj.get("host_email"))

    def _participant_matches(self, obj: Mapping[str, Any]) -> bool:
        if self.participant is None:
            return True
        person = _mapping(obj.get("participant"))
        return _any_in(self.participant, *(person.get(k) for k in PARTICIPANT_FIELDS))

    def _file_types_match(self, obj: Mapping[str, Any]) -> bool:
        if self.file_types is None:
            return True
        files = obj.get("recording_files")
        types = {
            str(f.get("file_type") or "").upper()
            for f in (files if isinstance(files, list) else [])
            if isinstance(f, Mapping)
        }
        return bool(types & self.file_types)

    def _topic_matches(self, obj: Mapping[str, Any]) -> bool:
        if self.topic is None:
            return True
        topic = str(obj.get("topic") or "").casefold()
        return any(fnmatch.fnmatchcase(topic, pattern) for pattern in self.topic)


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def matching_events(
    triggering_asset_events: Any,
    rule: EventRule | None = None,
    **rules: Any,
) -> list[Mapping[str, Any]]:
    """
    The extras of the triggering Zoom events that match ``rule`` (or the keyword rules), oldest first.

    :param triggering_asset_events: the ``triggering_asset_events`` context value, or any iterable
        of asset events or their extras.
    :param rule: an :class:`EventRule`; or give its fields as keywords (``host="a@example.com"``).
    :raises ValueError: naming the field when a rule is malformed, or when both forms are given.
    """
    if rule is not None and rules:
        raise ValueError("rule: give an EventRule or keyword rules, not both")
    if rule is None:
        unknown = sorted(set(rules) - set(EventRule.__dataclass_fields__))
        if unknown:
            raise ValueError(f"{unknown[0]}: not a rule; use {', '.join(EventRule.__dataclass_fields__)}")
        rule = EventRule.build(**rules)
    return [extra for extra in zoom_events(triggering_asset_events) if rule.matches(extra)]


def _names(field: str, value: Any, *, fold: bool, upper: bool = False) -> list[str] | None:
    if value is None:
        return None
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, Iterable) or isinstance(items, Mapping):
        raise ValueError(f"{field}: must be text or a list of text, got {value!r}")
    names = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"{field}: holds {item!r}; each entry must be non-empty text")
        name = item.strip()
        names.append(name.upper() if upper else name.casefold() if fold else name)
    if not names:
        raise ValueError(f"{field}: is empty; leave it unset to match every event")
    return names


def _set(field: str, value: Any, *, fold: bool, upper: bool = False) -> frozenset[str] | None:
    names = _names(field, value, fold=fold, upper=upper)
    return frozenset(names) if names is not None else None


def _people(field: str, value: Any) -> frozenset[str] | None:
    # Zoom ids are case-sensitive; emails are not, so they are kept case-folded.
    names = _names(field, value, fold=False)
    return frozenset(_person_key(n) for n in names) if names is not None else None


def _person_key(value: str) -> str:
    return value.casefold() if "@" in value else value


def _any_in(wanted: frozenset[str], *values: Any) -> bool:
    return any(
        isinstance(v, str | int) and not isinstance(v, bool) and _person_key(str(v)) in wanted
        for v in values
        if v not in (None, "")
    )


__all__ = ["EventRule", "matching_events"]
