"""The connection form for Airflow 3.0 and 3.1, built from the declarative ``conn-fields``.

Airflow 3.2+ builds the form from ``conn-fields`` in the provider info. Older API servers ask the
hook's ``get_connection_form_widgets`` for WTForms fields (which they mock and turn into the same
JSON schema), so the one declaration in ``get_provider_info`` serves both. Airflow 3.0 asks only
where ``wtforms`` is importable (it comes with the FAB provider, or ``pip install wtforms``).
"""

from __future__ import annotations

from typing import Any

from airflow_provider_zoom.get_provider_info import ZOOM_CONNECTION_TYPE


def conn_fields_as_widgets(conn_fields: dict[str, Any] | None = None) -> dict[str, Any]:
    """WTForms fields, one per ``conn-fields`` entry: secrets as password fields, enums validated.

    :param conn_fields: the ``conn-fields`` mapping; defaults to the Zoom connection type's.
    """
    from wtforms import IntegerField, PasswordField, StringField
    from wtforms.validators import Optional, any_of

    try:
        from flask_appbuilder.fieldwidgets import BS3PasswordFieldWidget, BS3TextFieldWidget
        from flask_babel import lazy_gettext
    except ImportError:
        # The API server only reads the fields' types and labels; FAB styles the legacy form.
        BS3PasswordFieldWidget = BS3TextFieldWidget = None
        lazy_gettext = str

    widgets: dict[str, Any] = {}
    for name, field in (conn_fields or ZOOM_CONNECTION_TYPE["conn-fields"]).items():
        schema = field["schema"]
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        validators: list[Any] = [Optional()]
        choices = [value for value in schema.get("enum", ()) if value is not None]
        if choices:
            validators.append(any_of(choices))
        kwargs = {
            "description": field.get("description", ""),
            "validators": validators,
            "default": schema.get("default"),
        }
        label = lazy_gettext(field["label"])
        secret = schema.get("format") == "password"
        widget = BS3PasswordFieldWidget if secret else BS3TextFieldWidget
        if widget is not None:
            kwargs["widget"] = widget()
        if secret:
            widgets[name] = PasswordField(label, **kwargs)
        elif "integer" in types:
            widgets[name] = IntegerField(label, **kwargs)
        else:
            # Numbers too: the form has no float field, the hook parses the text.
            widgets[name] = StringField(label, **kwargs)
    return widgets
