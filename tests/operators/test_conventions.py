"""Conventions of the added operators: every input templated and documented, modules registered."""

from __future__ import annotations

import importlib
import inspect

import pytest

from airflow_provider_zoom.get_provider_info import get_provider_info
from airflow_provider_zoom.operators.base import ZoomBaseOperator, ZoomListOperator

MODULES = [
    "airflow_provider_zoom.operators.account",
    "airflow_provider_zoom.operators.ai",
    "airflow_provider_zoom.operators.download_links",
    "airflow_provider_zoom.operators.panelists",
    "airflow_provider_zoom.operators.phone",
    "airflow_provider_zoom.operators.polls",
]


def operator_classes():
    for name in MODULES:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, ZoomBaseOperator)
                and cls.__module__ == name
                and not cls.__name__.startswith("_")
            ):
                yield cls


def inputs_of(cls) -> set[str]:
    names: set[str] = set()
    for klass in cls.__mro__:
        # The shared bases document their own inputs once (see test_shared_bases_document_their_inputs).
        if klass in (ZoomBaseOperator, ZoomListOperator):
            break
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        for param in inspect.signature(init).parameters.values():
            if param.kind is param.KEYWORD_ONLY:
                names.add(param.name)
    return names


CLASSES = sorted(operator_classes(), key=lambda c: c.__name__)


def test_the_modules_hold_operators():
    assert len(CLASSES) == 20  # 3 AI Companion, 1 links, 4 panelists, 4 polls, 5 phone, 3 account


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_input_is_templated_and_documented(cls):
    inputs = inputs_of(cls)
    assert inputs <= set(cls.template_fields), inputs - set(cls.template_fields)
    assert "zoom_conn_id" in cls.template_fields
    doc = inspect.getdoc(cls) or ""
    missing = [name for name in inputs if f":param {name}:" not in doc]
    assert not missing, f"{cls.__name__} does not document {missing}"
    assert "scope" in doc.lower()


def test_modules_are_registered_in_the_provider_info():
    listed = get_provider_info()["operators"][0]["python-modules"]
    assert set(MODULES) <= set(listed)


def test_shared_bases_document_their_inputs():
    init = ZoomListOperator.__dict__["__init__"]
    names = {p.name for p in inspect.signature(init).parameters.values() if p.kind is p.KEYWORD_ONLY}
    doc = inspect.getdoc(ZoomListOperator) or ""
    assert names and names <= set(ZoomListOperator.template_fields)
    assert [n for n in names if f":param {n}:" not in doc] == []
