"""
The checks every Zoom input goes through, with one error type that names the field.

:class:`~airflow_provider_zoom.exceptions.ZoomConfigError` carries the argument's name (or its path
inside a body, ``registrants[3].email``) and the problem; all of the provider's tasks use these.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from airflow_provider_zoom._contract import facts as _facts
from airflow_provider_zoom._http.paths import EMAIL_RE
from airflow_provider_zoom._values.dates import to_date
from airflow_provider_zoom.exceptions import ZoomConfigError


def require(field: str, value: Any) -> Any:
    """Fail when a required input is missing or blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ZoomConfigError(field, "is required")
    return value


def check_choice(field: str, value: Any, choices: Iterable[Any]) -> Any:
    """Fail unless ``value`` is one of ``choices`` (None passes: Zoom's default applies)."""
    if value is None:
        return None
    choices = tuple(choices)
    if value not in choices:
        # Accept "2" for 2: templated values arrive as text.
        if isinstance(value, str) and value.strip().lstrip("-").isdigit() and int(value) in choices:
            return int(value)
        allowed = ", ".join(repr(c) for c in choices)
        raise ZoomConfigError(field, f"must be one of {allowed}, got {value!r}")
    return value


def check_int(field: str, value: Any, *, minimum: float | None = None, maximum: float | None = None) -> Any:
    """
    Fail unless ``value`` is a whole number within the bounds (None passes).

    :param field: the input's name, for the error.
    :param value: the value to check: a number or its text.
    :param minimum: the smallest value allowed; Zoom's reference may state bounds as floats.
    :param maximum: the largest value allowed.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ZoomConfigError(field, f"must be a whole number, got {value!r}")
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ZoomConfigError(field, f"must be a whole number, got {value!r}") from None
    if isinstance(value, float) and value != number:
        raise ZoomConfigError(field, f"must be a whole number, got {value!r}")
    if minimum is not None and number < minimum:
        raise ZoomConfigError(field, f"must be at least {minimum}, got {value!r}")
    if maximum is not None and number > maximum:
        raise ZoomConfigError(field, f"must be at most {maximum}, got {value!r}")
    return number


def check_bool(field: str, value: Any) -> bool | None:
    """Fail unless ``value`` is a boolean; templated ``"true"``/``"false"`` are accepted."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ZoomConfigError(field, f"must be true or false, got {value!r}")


def check_text(field: str, value: Any, *, max_length: int | None = None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ZoomConfigError(field, f"must be text, got {type(value).__name__}")
    if max_length is not None and len(value) > max_length:
        raise ZoomConfigError(field, f"must be at most {max_length} characters, got {len(value)}")
    return value


def check_email(field: str, value: Any) -> str:
    """Fail unless ``value`` looks like an email address."""
    require(field, value)
    if not isinstance(value, str) or not EMAIL_RE.match(value.strip()):
        raise ZoomConfigError(field, f"is not a valid email address: {value!r}")
    return value.strip()


def exactly_one(**values: Any) -> tuple[str, Any]:
    """Exactly one of the named inputs must be set; return (name, value)."""
    given = {k: v for k, v in values.items() if v not in (None, "")}
    names = " or ".join(values)
    if len(given) != 1:
        problem = "both given" if given else "neither given"
        raise ZoomConfigError(names, f"give exactly one ({problem})")
    return next(iter(given.items()))


def at_most_one(**values: Any) -> None:
    given = [k for k, v in values.items() if v not in (None, "")]
    if len(given) > 1:
        raise ZoomConfigError(" / ".join(given), "cannot be used together; give only one")


def check_date(field: str, value: Any) -> str | None:
    """A ``yyyy-mm-dd`` date for Zoom's query strings (None passes)."""
    if value is None or value == "":
        return None
    return to_date(value, field).isoformat()


def check_mapping(field: str, value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise ZoomConfigError(field, f"must be a dict, got {type(value).__name__}")
    return dict(value)


def id_list(field: str, value: Any) -> str | None:
    """Zoom takes lists of ids in a query string as comma-separated text."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, Iterable):
        items = [str(v).strip() for v in value if str(v).strip()]
        return ",".join(items) or None
    raise ZoomConfigError(field, f"must be a list or comma-separated text, got {value!r}")


def check_against_reference(endpoint: Any, body: Mapping[str, Any], where: str = "") -> None:
    """Refuse the first departure of ``body`` from Zoom's reference, naming the field."""
    problems = _facts.check_value(endpoint.body, dict(body), where)
    if problems:
        raise ZoomConfigError(problems[0].field or "body", problems[0].message)


def check_low_speed(speed_limit: Any, speed_time: Any, *, prefix: str = "") -> None:
    """
    A download's low-speed limit (curl's ``--speed-limit``/``--speed-time``): both finite numbers >= 0.

    :param speed_limit: bytes per second below which a download counts as stalled; 0 turns it off.
    :param speed_time: seconds a download may stay below it; must be > 0 when the limit is set.
    :param prefix: put before both names in the error (``download_`` for an operator's arguments).
    :raises ZoomConfigError: naming ``{prefix}speed_limit`` or ``{prefix}speed_time``.
    """
    for name, value in ((f"{prefix}speed_limit", speed_limit), (f"{prefix}speed_time", speed_time)):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or value < 0
        ):
            raise ZoomConfigError(name, f"must be a finite number >= 0, got {value!r}")
    if speed_limit and not speed_time:
        raise ZoomConfigError(f"{prefix}speed_time", f"must be > 0 when {prefix}speed_limit is set")


def check_max_results(value: Any) -> int | None:
    """``max_results`` after templating: a positive whole number, or None (blank) for everything."""
    return check_int("max_results", None if value == "" else value, minimum=1)


# C0 controls and DEL, except tab, line feed and carriage return, which free text (an agenda, a chat
# message) may hold.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_control_characters(value: Any, field: str) -> None:
    """
    Refuse text holding control characters (NUL and the like) anywhere in ``value``.

    Walks dicts and lists, so the error names the field inside a body (``settings.contact_name``,
    ``registrants[2].first_name``).

    :raises ZoomConfigError: naming the field and the character's code.
    """
    if isinstance(value, str):
        found = _CONTROL_CHARS.search(value)
        if found:
            raise ZoomConfigError(
                field,
                f"must not hold control characters, found U+{ord(found.group()):04X} at {found.start()}",
            )
    elif isinstance(value, Mapping):
        for key, item in value.items():
            check_control_characters(key, field)
            check_control_characters(item, f"{field}.{key}" if field else str(key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            check_control_characters(item, f"{field}[{index}]")
