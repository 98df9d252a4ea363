"""A meeting's or webinar's ``settings``, checked against the settings Zoom's reference lists."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from airflow_provider_zoom._contract import facts as _facts
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.validation.checks import check_bool, check_choice, check_mapping
from airflow_provider_zoom.validation.kinds import MEETING, MEETING_CREATE, SCHEDULE_ENDPOINTS

APPROVAL_TYPES = MEETING_CREATE.enum("body.settings.approval_type")
REGISTRATION_TYPES = MEETING_CREATE.enum("body.settings.registration_type")
AUDIO_TYPES = MEETING_CREATE.enum("body.settings.audio")
AUTO_RECORDING = MEETING_CREATE.enum("body.settings.auto_recording")


def build_settings(
    settings: Any, settings_extra: Any = None, kind: str = MEETING, create: bool = True
) -> dict[str, Any] | None:
    """
    Check ``settings`` against the settings Zoom's reference lists and merge ``settings_extra``
    (anything else Zoom accepts, unchecked).

    An unknown key in ``settings`` is refused, naming ``settings_extra``, so a typo never goes
    silently unapplied.
    """
    named = check_mapping("settings", settings) or {}
    extra = check_mapping("settings_extra", settings_extra) or {}
    known = _facts.endpoint(*SCHEDULE_ENDPOINTS[kind, create]).field("body.settings")["properties"]
    out: dict[str, Any] = {}
    for key, value in named.items():
        field = f"settings.{key}"
        if key not in known:
            raise ZoomConfigError(
                field, f"is not a {kind} setting in Zoom's reference; pass it in settings_extra"
            )
        out[key] = _coerce(field, value, known[key])
    clash = sorted(set(out) & set(extra))
    if clash:
        raise ZoomConfigError(f"settings_extra.{clash[0]}", "is also given in settings; give it once")
    out = {k: v for k, v in out.items() if v is not None}
    out.update(extra)
    return out or None


def _coerce(field: str, value: Any, schema: Mapping[str, Any]) -> Any:
    """Accept templated text for booleans and enum numbers; lists must be lists."""
    kind = schema.get("type")
    if value is None:
        return None
    if kind == "boolean":
        return check_bool(field, value)
    if schema.get("enum"):
        return check_choice(field, value, schema["enum"])
    if kind == "array" and (isinstance(value, (str, Mapping)) or not isinstance(value, Iterable)):
        raise ZoomConfigError(field, f"must be a list, got {value!r}")
    if kind == "array":
        return list(value)
    return value
