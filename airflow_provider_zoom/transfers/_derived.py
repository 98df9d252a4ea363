"""
What the transfers built on the recordings transfer share: their docs and their refused arguments.

A derived transfer (compliance archives, phone recordings) takes the recordings transfer's arguments
but those that pick another source. It lists them in ``refused_arguments``: they are refused when the
task is created, and the signature type checkers read (written by ``tools/generate_operators.py``)
types them ``Never``, so a DAG that passes one is flagged before it runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from airflow_provider_zoom.exceptions import ZoomConfigError


def inherited_params(own: str, base: str) -> str:
    """The ``:param`` entries of ``base``'s docstring that ``own`` does not describe, in order."""
    described = set(re.findall(r":param (\w+):", own))
    blocks = re.findall(r"^( *:param (\w+):.*?)(?=^ *:param |^ *:return|^\s*$)", base, re.M | re.S)
    return "".join(text for text, name in blocks if name not in described)


def document_inherited(cls: type, base: type) -> None:
    """Append to ``cls``'s docstring the ``:param`` entries of ``base`` it does not describe itself."""
    own = cls.__doc__ or ""
    cls.__doc__ = own.rstrip() + "\n\n" + inherited_params(own, base.__doc__ or "") + "\n"


def refuse(arguments: Mapping[str, Any], refused: Iterable[str], why: str) -> None:
    """
    Fail, naming the first of ``refused`` that ``arguments`` holds.

    :param arguments: the keyword arguments a task was created with.
    :param refused: the names the transfer does not take.
    :param why: what to give instead, the end of the message.
    """
    for field in refused:
        if field in arguments:
            raise ZoomConfigError(field, why)
