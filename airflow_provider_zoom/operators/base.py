"""
What every Zoom operator shares: the connection, a cached hook, date-range defaults, and operators
declared as one :class:`~airflow_provider_zoom.hooks.zoom.ZoomHook` method.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from typing import IO, TYPE_CHECKING, Any, ClassVar, cast

from airflow.sdk import BaseOperator

from airflow_provider_zoom._values.arguments import blank_to_none, is_static, rendered_to_none
from airflow_provider_zoom._values.dates import run_days
from airflow_provider_zoom._values.replies import scrub_reply
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.hooks._checks import check_arguments
from airflow_provider_zoom.hooks.zoom import ZoomHook
from airflow_provider_zoom.validation import check_bool, check_int

if TYPE_CHECKING:
    from airflow.sdk import Context


class ZoomBaseOperator(BaseOperator):
    """
    Base for operators that call one Zoom action through :class:`~airflow_provider_zoom.hooks.zoom.ZoomHook`.

    An operator that *is* one hook method only names it: ``hook_method = "get_user"``. Its keyword
    arguments are then that method's, with the same types, defaults and descriptions (they show in
    ``help()``, ``inspect.signature`` and the generated docs; ``tools/generate_operators.py`` writes
    them into the operator's module for type checkers), all templated; ``execute`` calls the
    method with the rendered values (blank text, and a template that rendered ``None``, become None, so
    Zoom's default applies; a word written as the value is sent as written) and returns what
    :meth:`result` makes of the reply. The hook checks every value before any
    request, so the checks run once, in one place. A subclass may add arguments of its own in an
    ``__init__`` (XCom shaping, links); they are merged into the same signature.

    Whatever ``execute`` returns (in this class or any subclass) leaves without the credentials
    Zoom's replies may hold (``start_url``, ``zak``, ``download_access_token``: see
    :func:`~airflow_provider_zoom._values.arguments.scrub_reply`) unless :meth:`kept_secret_fields` says
    the task was asked for them; those are masked in the task's logs.

    :param zoom_conn_id: the Airflow connection of type ``zoom`` (templated).
    """

    template_fields: Sequence[str] = ("zoom_conn_id",)
    ui_color = "#2D8CFF"
    #: The ZoomHook method this operator calls; its parameters become the operator's.
    hook_method: ClassVar[str | None] = None
    #: The operator's arguments taken from ``hook_method`` (set from its signature).
    hook_params: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "execute" in cls.__dict__:
            cls.execute = _without_secrets(cls.__dict__["execute"])  # type: ignore[method-assign]
        if "hook_method" in cls.__dict__ and cls.hook_method:
            _declare_hook_method(cls, getattr(ZoomHook, cls.hook_method))

    def __init__(self, *, zoom_conn_id: str = ZoomHook.default_conn_name, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.zoom_conn_id = zoom_conn_id

    @cached_property
    def hook(self) -> ZoomHook:
        return ZoomHook(zoom_conn_id=self.zoom_conn_id)

    def date_range(self, context: Context, from_: Any, to: Any) -> tuple[dt.date, dt.date]:
        """
        The inclusive day range to act on: ``from_``/``to`` when given, else the DAG run's data interval.

        See :func:`airflow_provider_zoom._values.dates.run_days`.
        """
        return run_days(context, from_, to)

    def hook_kwargs(self, context: Context) -> dict[str, Any]:
        """
        The ``hook_method`` arguments: the rendered values, blank text as None, and a templated
        value that rendered as ``None`` (or ``null``) as None too; words a user wrote are sent as written.
        """
        templated: frozenset[str] = getattr(self, "_templated_args", frozenset())
        return {
            name: (rendered_to_none if name in templated else blank_to_none)(getattr(self, name))
            for name in self.hook_params
        }

    def parse_time_kwargs(self, values: dict[str, Any]) -> dict[str, Any] | None:
        """
        The ``hook_method`` arguments to check when the DAG is parsed, or None to leave it to the run.

        By default the given ``values`` (blank text as None) when none is templated and
        :meth:`hook_kwargs` is not overridden: an override fills arguments from the run, which only
        ``execute`` knows. Such an override may return the other arguments here, with stand-ins.
        """
        if type(self).hook_kwargs is not ZoomBaseOperator.hook_kwargs:
            return None
        return static_kwargs(values)

    def call_hook(self, sent: Mapping[str, Any]) -> Any:
        """Call ``hook_method`` with ``sent`` (the arguments :meth:`hook_kwargs` gave)."""
        if not self.hook_method:
            raise NotImplementedError(f"{type(self).__name__} names no hook_method and defines no execute")
        return getattr(self.hook, self.hook_method)(**sent)

    def result(self, context: Context, reply: Any, sent: Mapping[str, Any]) -> Any:
        """
        What the task returns (its XCom) for Zoom's reply; override to log, shape or push links.

        :param reply: what the hook method returned.
        :param sent: the arguments it was called with.
        """
        return reply

    def kept_secret_fields(self) -> frozenset[str]:
        """The credential fields this task was explicitly asked to return (none by default)."""
        return frozenset()

    def execute(self, context: Context) -> Any:
        sent = self.hook_kwargs(context)
        return self.result(context, self.call_hook(sent), sent)


def _mask(secret: str) -> None:
    from airflow.sdk.log import mask_secret

    mask_secret(secret)


def _without_secrets(execute: Callable[..., Any]) -> Callable[..., Any]:
    """``execute`` returning its value through :func:`scrub_reply`, keeping what the task asked for."""
    if getattr(execute, "_scrubs_secrets", False):
        return execute

    @functools.wraps(execute)
    def wrapper(self: ZoomBaseOperator, *args: Any, **kwargs: Any) -> Any:
        return scrub_reply(execute(self, *args, **kwargs), keep=self.kept_secret_fields(), mask=_mask)

    wrapper._scrubs_secrets = True  # type: ignore[attr-defined]
    return wrapper


ZoomBaseOperator.execute = _without_secrets(ZoomBaseOperator.execute)  # type: ignore[method-assign]


class ZoomHostUrlOperator(ZoomBaseOperator):
    """
    Base for operators whose reply is a meeting or webinar, with the host's ``start_url``.

    ``start_url`` starts the meeting as its host (it carries the host's ``zak``), so the task leaves
    it out of its XCom unless asked; ``join_url`` stays.

    :param include_start_url: return ``start_url`` (and any ``zak``) too; it is masked in the task's
        logs, but anyone who can read the task's XComs can start the meeting as its host.
    """

    def __init__(self, *, include_start_url: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.include_start_url = check_bool("include_start_url", include_start_url)

    def kept_secret_fields(self) -> frozenset[str]:
        return frozenset({"start_url", "zak"}) if self.include_start_url else frozenset()


def static_kwargs(values: Mapping[str, Any]) -> dict[str, Any] | None:
    """The arguments as the hook gets them (blank text as None), or None when one is templated."""
    if not is_static(list(values.values())):
        return None
    return {name: blank_to_none(value) for name, value in values.items()}


_PARAM_LINE = re.compile(r"^(\s*):param (\w+):")


def _param_docs(doc: str | None) -> dict[str, str]:
    """The ``:param name:`` entries of a docstring (with their continuation lines), by name."""
    entries: dict[str, str] = {}
    lines = inspect.cleandoc(doc or "").splitlines()
    name = None
    for line in lines:
        match = _PARAM_LINE.match(line)
        if match:
            name = match.group(2)
            entries[name] = line.strip()
        elif name and line.startswith((" ", "\t")) and line.strip():
            entries[name] += "\n        " + line.strip()
        else:
            name = None
    return entries


_UNPACK = re.compile(r"(?:typing(?:_extensions)?\.)?Unpack\[(\w+)\]")


def _unpacked_typed_dict(method: Callable[..., Any], annotation: Any) -> type | None:
    """The TypedDict of a ``**fields: Unpack[...]`` parameter, looked up where the method is defined."""
    match = _UNPACK.fullmatch(annotation) if isinstance(annotation, str) else None
    if match is None:
        return None
    found = getattr(sys.modules[method.__module__], match.group(1), None)
    return found if isinstance(found, type) and hasattr(found, "__annotations__") else None


def _typed_dict_params(fields: type) -> list[inspect.Parameter]:
    """A TypedDict's keys as optional keyword arguments (None: not sent, Zoom's default applies)."""
    params = []
    for name, annotation in fields.__annotations__.items():
        text = getattr(annotation, "__forward_arg__", annotation)
        params.append(
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=f"{text} | None")
        )
    return params


def _declare_hook_method(cls: type[ZoomBaseOperator], method: Callable[..., Any]) -> None:
    """Give ``cls`` the method's parameters: signature, ``__init__``, template fields, docstring."""
    hook_params, field_docs = _hook_params(method)
    names = tuple(p.name for p in hook_params)
    own_init = cls.__dict__.get("__init__")
    # The constructor the generated one hands the other arguments to: the class's own, else the
    # nearest base's (looked up in the MRO as Python would).
    base_init = own_init or next(k.__dict__["__init__"] for k in cls.__mro__[1:] if "__init__" in k.__dict__)
    __init__ = _hook_method_init(cls, method.__name__, hook_params, base_init)
    # Required hook arguments stay required: Airflow's apply_defaults reads this signature.
    __init__.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD),
            *hook_params,
            *_own_params(cls, own_init, set(names)),
            inspect.Parameter("kwargs", inspect.Parameter.VAR_KEYWORD, annotation="Any"),
        ],
        return_annotation="None",
    )
    cls.__init__ = __init__  # type: ignore[method-assign]
    cls.hook_params = (*getattr(cls.__mro__[1], "hook_params", ()), *names)
    cls.template_fields = tuple(dict.fromkeys((*cls.template_fields, *names)))
    described = _param_docs(cls.__doc__)
    docs = {**field_docs, **_param_docs(method.__doc__)}
    missing = [docs[name] for name in names if name in docs and name not in described]
    if missing:
        cls.__doc__ = (cls.__doc__ or "").rstrip() + "\n\n    " + "\n    ".join(missing) + "\n"


def _hook_params(method: Callable[..., Any]) -> tuple[list[inspect.Parameter], dict[str, str]]:
    """The method's arguments, keyword-only (a ``**fields`` TypedDict's keys too), and their docs."""
    hook_params: list[inspect.Parameter] = []
    field_docs: dict[str, str] = {}
    for p in inspect.signature(method).parameters.values():
        if p.name == "self" or p.kind is p.VAR_POSITIONAL:
            continue
        if p.kind is p.VAR_KEYWORD:
            # ``**fields: Unpack[MeetingFields]``: each key of the TypedDict is an argument.
            fields = _unpacked_typed_dict(method, p.annotation)
            if fields is not None:
                hook_params += _typed_dict_params(fields)
                field_docs.update(_param_docs(fields.__doc__))
            continue
        hook_params.append(p.replace(kind=inspect.Parameter.KEYWORD_ONLY))
    return hook_params, field_docs


def _own_params(
    cls: type[ZoomBaseOperator], own_init: Callable[..., Any] | None, hook_names: set[str]
) -> list[inspect.Parameter]:
    """The operator's own arguments and those of its Zoom bases, shown in the same signature."""
    inits = [own_init] if own_init else []
    inits += [
        k.__dict__["__init__"]
        for k in cls.__mro__[1:]
        if issubclass(k, ZoomBaseOperator) and "__init__" in k.__dict__
    ]
    own: dict[str, inspect.Parameter] = {}
    for init in inits:
        for p in inspect.signature(init).parameters.values():
            if p.name != "self" and p.kind is not p.VAR_KEYWORD and p.name not in hook_names:
                own.setdefault(p.name, p.replace(kind=inspect.Parameter.KEYWORD_ONLY))
    return list(own.values())


def _hook_method_init(
    cls: type[ZoomBaseOperator],
    method_name: str,
    hook_params: list[inspect.Parameter],
    base_init: Callable[..., Any],
) -> Callable[..., None]:
    """The operator's ``__init__``: takes the hook arguments, hands the rest on, checks what it can."""
    defaults = {p.name: (None if p.default is p.empty else p.default) for p in hook_params}

    def __init__(self: ZoomBaseOperator, **kwargs: Any) -> None:
        values = {name: kwargs.pop(name, default) for name, default in defaults.items()}
        base_init(self, **kwargs)
        for name, value in values.items():
            setattr(self, name, value)
        # Rendering replaces the values; which ones were templates is known only now.
        self._templated_args = frozenset(name for name, value in values.items() if not is_static(value))
        # What the task would send is known now: check it when the DAG is parsed, with the hook's own
        # checks (see parse_time_kwargs for arguments only the run knows).
        checked = self.parse_time_kwargs(values)
        if checked is not None:
            check_arguments(method_name, **checked)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    __init__.__doc__ = base_init.__doc__
    return __init__


def push_xcom(context: Context, operator: BaseOperator, key: str, value: Any) -> None:
    """Push an extra XCom (e.g. for an operator link) when the context has a task instance."""
    ti = context.get("ti") if hasattr(context, "get") else None
    if ti is not None and operator.do_xcom_push and value not in (None, ""):
        ti.xcom_push(key=key, value=value)


#: Rows a list operator returns through XCom by default; longer lists go to ``result_dest``.
DEFAULT_MAX_XCOM_ROWS = 1000


class ZoomListOperator(ZoomBaseOperator):
    """
    Base for operators that return a Zoom list: keeps their XCom small.

    The rows are returned through XCom (stored in Airflow's metadata database) only up to
    ``max_xcom_rows``; a longer list fails the task, before anything is pushed, with a message
    naming the options. With ``result_dest`` the rows are written to one file in object storage
    (JSONL, CSV or Parquet by its suffix, complete or not at all) and the XCom is just
    ``{"path", "rows", "bytes", "total_records"}``, whatever the list's length.

    :param result_dest: write the rows to this file (``s3://bucket/zoom/users/{{ ds }}.jsonl``) and
        return its path instead of the rows.
    :param result_dest_conn_id: Airflow connection for ``result_dest``'s store.
    :param max_xcom_rows: the most rows returned through XCom (default 1000); None for no bound.
    :param include_total_records: return ``{"items": [...], "total_records": n}``: Zoom's own count
        of the list across all pages (None where Zoom sends none), also when ``max_results`` stopped early.
    """

    template_fields: Sequence[str] = (
        *ZoomBaseOperator.template_fields,
        "result_dest",
        "result_dest_conn_id",
        "max_xcom_rows",
        "include_total_records",
    )

    def __init__(
        self,
        *,
        result_dest: Any = None,
        result_dest_conn_id: str | None = None,
        max_xcom_rows: int | str | None = DEFAULT_MAX_XCOM_ROWS,
        include_total_records: bool | str = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.result_dest = result_dest
        self.result_dest_conn_id = result_dest_conn_id
        self.max_xcom_rows = max_xcom_rows
        self.include_total_records = include_total_records

    def list_items(self, context: Context) -> Any:
        """The list: what the operator's Zoom action returns (by default, ``hook_method``'s reply)."""
        return self.call_hook(self.hook_kwargs(context))

    def execute(self, context: Context) -> Any:
        with_totals = check_bool("include_total_records", self.include_total_records)
        bound = check_int(
            "max_xcom_rows", None if self.max_xcom_rows in ("", "None") else self.max_xcom_rows, minimum=1
        )
        dest = self._result_dest()
        with self.hook.page_totals() as totals:
            rows = self.list_items(context)
        if dest is not None:
            return self._write_result(dest, rows, totals.total_records)
        if not isinstance(rows, list):
            return rows
        if bound is not None and len(rows) > bound:
            raise ZoomConfigError(
                "max_xcom_rows",
                f"the list has {len(rows)} rows, more than {bound} to return through XCom (the metadata "
                "database); set result_dest to write them to object storage, narrow it with max_results, "
                "or raise max_xcom_rows",
            )
        if with_totals:
            return {"items": rows, "total_records": totals.total_records}
        return rows

    def _result_dest(self) -> Any:
        from airflow_provider_zoom._storage.objects import check_filesystem, resolve_dest
        from airflow_provider_zoom._storage.rows import check_writable, format_from_suffix

        if self.result_dest in (None, ""):
            return None
        dest = resolve_dest(self.result_dest, self.result_dest_conn_id or None, field="result_dest")
        check_filesystem(dest, field="result_dest")
        fmt = format_from_suffix(dest.name)
        if not fmt:
            raise ZoomConfigError("result_dest", f"must end in .jsonl, .csv or .parquet, got {dest.name!r}")
        try:
            check_writable(fmt, _compression(dest.name), field="result_dest")
        except ZoomConfigError as err:
            raise ZoomConfigError("result_dest", err.problem) from None
        return dest

    def _write_result(self, dest: Any, rows: Any, total_records: int | None) -> dict[str, Any]:
        from airflow_provider_zoom._storage.objects import atomic_write, storage_url
        from airflow_provider_zoom._storage.rows import CountingWriter, format_from_suffix, write_rows

        name = dest.name.lower()
        with atomic_write(dest) as handle:
            counter = CountingWriter(handle)
            count = write_rows(
                iter(rows if isinstance(rows, list) else [rows]),
                cast("IO[bytes]", counter),  # write_rows only writes to it
                format_from_suffix(name),
                compression=_compression(name),
            )
        url = storage_url(dest)
        self.log.info("Wrote %d row(s), %d bytes, to %s.", count, counter.bytes, url)
        return {"path": url, "rows": count, "bytes": counter.bytes, "total_records": total_records}


def _compression(name: str) -> str | None:
    return "gzip" if name.lower().endswith(".gz") else None
