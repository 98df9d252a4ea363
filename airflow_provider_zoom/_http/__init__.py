"""Plain-Python plumbing behind :class:`~airflow_provider_zoom.hooks.zoom.ZoomHook` and the triggers.

Auth, retry policy, error mapping, paths, date windows and pagination live here once, so the
synchronous hook (requests) and the asynchronous triggers (httpx) follow the same rules.
"""
