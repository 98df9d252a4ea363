"""Plain-Python plumbing behind :class:`~airflow_provider_zoom.hooks.zoom.ZoomHook` and the triggers.

Auth, retry policy, error mapping, paths, date windows and pagination live here once, so the
synchronous hook (requests) and the asynchronous triggers (httpx) follow the same rules.
"""

# The connection every hook, operator, sensor, trigger and the emulator use when none is named. Here,
# not in config.py, so the emulator can read it without importing Airflow.
DEFAULT_CONN_ID = "zoom_default"

__all__ = ["DEFAULT_CONN_ID"]
