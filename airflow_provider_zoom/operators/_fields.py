"""The scheduling inputs meeting and webinar create/update operators share, declared once."""

from __future__ import annotations

from typing import Any

from airflow_provider_zoom.operators.base import ZoomBaseOperator, is_static
from airflow_provider_zoom.validation import MEETING, SCHEDULE_FIELDS, build_meeting_payload


class ScheduleFieldsOperator(ZoomBaseOperator):
    """
    Holds the meeting/webinar scheduling inputs; subclasses choose the action.

    Inputs are checked by :func:`~airflow_provider_zoom.validation.build_meeting_payload`
    when the DAG is parsed (if nothing is templated) and again after templating, before any request.
    """

    kind: str = MEETING
    field_names: tuple[str, ...] = SCHEDULE_FIELDS
    creating: bool = True

    def __init__(self, **kwargs: Any) -> None:
        values = {name: kwargs.pop(name, None) for name in self.field_names}
        super().__init__(**kwargs)
        for name, value in values.items():
            setattr(self, name, value)
        fields = self.schedule_fields()
        if is_static(fields) and (self.creating or any(v is not None for v in fields.values())):
            build_meeting_payload(fields, kind=self.kind, create=self.creating)

    def schedule_fields(self) -> dict[str, Any]:
        """The scheduling inputs as given (None for unset), ready for the hook."""
        return {name: getattr(self, name) for name in self.field_names}
