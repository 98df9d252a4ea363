"""
Zoom's API contract as data: the facts distilled from Zoom's published references.

``zoom_api.json`` (and the reply schemas only the tests read, ``tests/contract/zoom_api_replies.json``)
are written by ``tools/distill_zoom_api.py`` (never by hand; a test re-runs it);
:mod:`airflow_provider_zoom._contract.facts` reads it. Plain Python, no Airflow imports.
"""
