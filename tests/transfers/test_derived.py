"""What the transfers built on the recordings transfer share (``transfers/_derived.py``)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.transfers._derived import inherited_params, refuse


def test_the_phone_transfer_does_not_load_the_archive_transfer():
    # Each derived transfer takes what they share from the shared module, not from a sibling.
    code = (
        "import sys, airflow_provider_zoom.transfers.phone as p; "
        "print('airflow_provider_zoom.transfers.archives' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip().splitlines()[-1] == "False"


def test_inherited_params_are_the_base_entries_the_subclass_does_not_describe():
    base = """
    Base.

    :param dest: where files go,
        over two lines.
    :param user_id: whose.
    :param zoom_conn_id: the connection.
    :return: rows.
    """
    own = """
    Derived.

    :param user_id: refused.
    """
    assert inherited_params(own, base) == (
        "    :param dest: where files go,\n        over two lines.\n"
        "    :param zoom_conn_id: the connection.\n"
    )


def test_refuse_names_the_first_refused_argument_given():
    refuse({"dest": "s3://b/"}, ("user_id", "account_id"), "is not a source")
    with pytest.raises(ZoomConfigError, match="account_id.*is not a source"):
        refuse({"dest": "s3://b/", "account_id": "me"}, ("user_id", "account_id"), "is not a source")
