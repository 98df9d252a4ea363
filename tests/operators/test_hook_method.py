"""Operators declared as one ZoomHook method: arguments, templating, checks and calls follow from it."""

from __future__ import annotations

import inspect

import pytest
from airflow.sdk import DAG

from airflow_provider_zoom import validation
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.hooks._checks import check_arguments
from airflow_provider_zoom.hooks.zoom import ZoomHook
from airflow_provider_zoom.operators.base import ZoomBaseOperator
from airflow_provider_zoom.operators.chat import ZoomListChatMessagesOperator, ZoomSendChatMessageOperator
from airflow_provider_zoom.operators.meetings import ZoomCreateMeetingOperator


def _all_subclasses(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out += [sub, *_all_subclasses(sub)]
    return out


def hook_method_operators() -> list[type[ZoomBaseOperator]]:
    import importlib
    import pkgutil

    import airflow_provider_zoom.operators as package

    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{info.name}")
    found = {c for c in _all_subclasses(ZoomBaseOperator) if "hook_method" in vars(c) and c.hook_method}
    return sorted(found, key=lambda c: c.__name__)


OPERATORS = hook_method_operators()


def test_there_are_hook_method_operators():
    assert ZoomSendChatMessageOperator in OPERATORS
    assert ZoomListChatMessagesOperator in OPERATORS


@pytest.mark.parametrize("cls", OPERATORS, ids=lambda c: c.__name__)
def test_arguments_are_the_hook_methods(cls):
    method = getattr(ZoomHook, cls.hook_method)
    # A ``**fields`` catch-all stays the hook's: the operator takes those values as one named dict.
    hook_params = {
        name: p
        for name, p in inspect.signature(method).parameters.items()
        if name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    }
    op_params = inspect.signature(cls).parameters
    for name, param in hook_params.items():
        assert name in op_params, f"{cls.__name__} lacks {name}"
        assert op_params[name].default == param.default, name
        assert op_params[name].annotation == param.annotation, name
        assert op_params[name].kind is inspect.Parameter.KEYWORD_ONLY
        assert name in cls.template_fields, f"{cls.__name__} does not template {name}"
        assert f":param {name}:" in (cls.__doc__ or ""), f"{cls.__name__} does not document {name}"
    assert set(hook_params) <= set(cls.hook_params)
    assert "zoom_conn_id" in op_params
    # ``**fields: Unpack[SomeFields]``: every key of the TypedDict is an optional, documented argument.
    for param in inspect.signature(method).parameters.values():
        if param.kind is param.VAR_KEYWORD and str(param.annotation).startswith("Unpack["):
            fields = getattr(validation, str(param.annotation)[len("Unpack[") : -1])
            for name in fields.__annotations__:
                assert op_params[name].default is None, name
                assert name in cls.template_fields and name in cls.hook_params, name
                assert f":param {name}:" in (cls.__doc__ or ""), f"{cls.__name__} does not document {name}"


def test_typed_dict_fields_become_arguments_once_for_create_and_update():
    from airflow_provider_zoom.operators.meetings import ZoomCreateMeetingOperator, ZoomUpdateMeetingOperator
    from airflow_provider_zoom.operators.webinars import ZoomCreateWebinarOperator

    meeting_fields = set(validation.MeetingFields.__annotations__)
    assert meeting_fields <= set(inspect.signature(ZoomCreateMeetingOperator).parameters)
    assert meeting_fields <= set(inspect.signature(ZoomUpdateMeetingOperator).parameters)
    assert "pre_schedule" not in inspect.signature(ZoomCreateWebinarOperator).parameters
    assert "default_passcode" in inspect.signature(ZoomCreateWebinarOperator).parameters


def test_values_reach_the_hook_and_blank_text_is_none(zoom_api):
    zoom_api.register("POST", "/chat/users/me/messages", json={"id": "m-1"})
    op = ZoomSendChatMessageOperator(
        task_id="send",
        message="hello",
        to_channel="chan-9",
        reply_main_message_id="{{ params.reply }}",
        file_ids="",
    )
    op.render_template_fields({"params": {"reply": None}})
    assert op.reply_main_message_id == "None"  # what Jinja renders for None
    assert op.execute({}) == {"id": "m-1"}
    assert zoom_api.body(zoom_api.call(-1)) == {"message": "hello", "to_channel": "chan-9"}


@pytest.mark.parametrize("word", ["none", "None", "null"])
def test_words_a_user_wrote_reach_zoom_as_written(zoom_api, word):
    zoom_api.register("POST", "/chat/users/me/messages", json={"id": "m-1"})
    zoom_api.register("POST", "/users/me/meetings", json={"id": 5, "topic": word})
    ZoomSendChatMessageOperator(task_id="send", message=word, to_channel="chan-9").execute({})
    assert zoom_api.body(zoom_api.call(-1)) == {"message": word, "to_channel": "chan-9"}
    ZoomCreateMeetingOperator(task_id="create", topic=word).execute({})
    assert zoom_api.body(zoom_api.call(-1))["topic"] == word


@pytest.mark.parametrize(("rendered", "sent"), [(None, None), ("", None), ("none", "none"), ("N/A", "N/A")])
def test_a_templated_topic_is_dropped_only_when_it_rendered_none(zoom_api, rendered, sent):
    zoom_api.register("POST", "/users/me/meetings", json={"id": 5})
    op = ZoomCreateMeetingOperator(task_id="create", topic="{{ params.topic }}")
    op.render_template_fields({"params": {"topic": rendered}})
    op.execute({})
    assert zoom_api.body(zoom_api.call(-1)).get("topic") == sent


def test_required_hook_arguments_stay_required():
    with pytest.raises(TypeError, match="missing keyword argument 'message'"):
        ZoomSendChatMessageOperator(task_id="send", to_channel="c")


def test_unknown_arguments_are_refused():
    with pytest.raises(Exception, match="to_chanel"):
        ZoomSendChatMessageOperator(task_id="send", message="m", to_chanel="c")


def test_default_args_fill_hook_arguments():
    with DAG("d", schedule=None, default_args={"user_id": "owner@example.com"}):
        op = ZoomListChatMessagesOperator(task_id="msgs", to_channel="c")
    assert op.user_id == "owner@example.com"


def test_bad_static_arguments_fail_when_the_dag_is_parsed(zoom_api):
    with pytest.raises(ZoomConfigError) as err:
        ZoomSendChatMessageOperator(task_id="send", message="m", to_channel="c", to_contact="d")
    assert err.value.field == "to_contact or to_channel"
    with pytest.raises(ZoomConfigError) as err:
        ZoomSendChatMessageOperator(task_id="send", message="x" * 5000, to_channel="c")
    assert err.value.field == "message"
    # The parse-time check never reaches Zoom: not even for a token.
    assert zoom_api.calls == []


def test_good_arguments_parse_without_a_connection(monkeypatch):
    monkeypatch.delenv("AIRFLOW_CONN_ZOOM_DEFAULT", raising=False)
    op = ZoomSendChatMessageOperator(task_id="send", message="m", to_channel="c")
    assert op.to_channel == "c"


def test_templated_arguments_are_checked_after_rendering(zoom_api):
    op = ZoomSendChatMessageOperator(
        task_id="send", message="m", to_channel="{{ params.c }}", to_contact="{{ params.d }}"
    )
    op.to_channel, op.to_contact = "c", "d"
    with pytest.raises(ZoomConfigError) as err:
        op.execute({})
    assert err.value.field == "to_contact or to_channel"
    assert zoom_api.calls == []


def test_expand_checks_argument_names():
    with DAG("m", schedule=None):
        mapped = ZoomSendChatMessageOperator.partial(task_id="each", to_channel="c").expand(
            message=["a", "b"]
        )
        assert mapped is not None
        with pytest.raises(TypeError, match="mesage"):
            ZoomSendChatMessageOperator.partial(task_id="bad", to_channel="c").expand(mesage=["a"])


def test_check_arguments_stops_before_any_request(zoom_api):
    check_arguments("list_chat_messages", to_channel="c")
    check_arguments("send_chat_message", message="m", to_contact="x@example.com")
    assert zoom_api.calls == []
    with pytest.raises(ZoomConfigError) as err:
        check_arguments("list_chat_channels", max_results=0)
    assert err.value.field == "max_results"
    # The hook is a separate object, untouched by the checks.
    zoom_api.register("GET", "/chat/users/me/channels", json={"channels": [{"id": 1}], "next_page_token": ""})
    assert ZoomHook().list_chat_channels() == [{"id": 1}]


def test_an_operator_filling_arguments_from_the_run_chooses_what_is_checked_at_parse_time(zoom_api):
    from typing import Any

    class _FromRun(ZoomBaseOperator):
        """Send a chat message to the channel the run names. Scope ``team_chat:write:user_message:admin``."""

        hook_method = "send_chat_message"

        def hook_kwargs(self, context: Any) -> dict[str, Any]:
            return {**super().hook_kwargs(context), "to_channel": context["channel"]}

        def parse_time_kwargs(self, values: dict[str, Any]) -> dict[str, Any] | None:
            return {**values, "to_channel": "stand-in"}

    with pytest.raises(ZoomConfigError) as err:
        _FromRun(task_id="send", message="x" * 5000)
    assert err.value.field == "message"
    zoom_api.register("POST", "/chat/users/me/messages", json={"id": "m-2"})
    assert _FromRun(task_id="ok", message="hi").execute({"channel": "c-1"}) == {"id": "m-2"}
    assert zoom_api.body(zoom_api.call(-1)) == {"message": "hi", "to_channel": "c-1"}
