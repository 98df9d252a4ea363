"""Implementation of the Zoom API emulator: configuration, state, routes, server and seed data.

This package is the distribution ``airflow-provider-zoom-emulator`` (built by ``emulator/pyproject.toml``,
installed by the provider's ``emulator`` extra); the provider's own wheel leaves it out. Its sample
data is ``seed.json``, read by :mod:`.seed`.

What it serves (``base_url`` is ``http://127.0.0.1:PORT``):

- ``POST /oauth/token``: ``account_credentials`` (``account_id`` in the query string or form body)
  and ``refresh_token`` grants with HTTP Basic client credentials. Refresh tokens rotate: each
  reply carries a new one and the old one is refused (400 ``{"reason": "Invalid Token!",
  "error": "invalid_request"}``). Bad client credentials: 401 ``invalid_client``.
- ``/v2/...``: users, meetings (with recurring occurrences), registrants, past meetings, webinars,
  panelists, past webinars, cloud recordings, reports, Team Chat, Zoom Phone and AI Companion
  summaries/transcripts. Every call needs ``Authorization: Bearer <live token>``, otherwise 401
  code 124. Errors are ``{"code", "message"}``, validation errors add ``errors: [{field, message}]``
  with code 300.
- ``GET /rec/download/{token}``: checks the bearer token or the ``access_token`` query parameter
  (an OAuth token, the meeting's ``download_access_token`` or a webhook ``download_token``) and
  answers 302 to a signed, expiring URL on a second port (``cdn_base_url``): another origin, as on
  Zoom, so HTTP clients drop ``Authorization`` on the redirect. The CDN serves deterministic bytes
  (see ``files``) with ``Range`` support and logs whether ``Authorization`` was sent.
- ``/_emulator/...``: control API without auth (see ``routes.control``).

Lenient where Zoom is: every ``/v2`` request the provider can send is checked against the facts
distilled from Zoom's published reference (``airflow_provider_zoom._contract``): a value of the wrong
type, outside its enum or bounds, too long, or a required field left out is a 400 code 300 naming the
field (``validation``). A query parameter or body field the reference does not have is ignored, as
Zoom ignores it, and recorded per request (``ZoomEmulator.unknown_names()``, ``GET
/_emulator/unknown_names``) so a test suite can refuse it; ``strict=True`` (CLI ``--strict``)
refuses it with code 300 instead. Rate-limit categories are the reference's labels too.

Choices where Zoom is vague:

- "At most one month" for ``from``/``to`` ranges means ``to - from <= 30 days``; a longer range,
  ``to`` before ``from`` or a malformed date is a 400 with code 300 naming the field. Report ranges
  must also start within the last 6 months (183 days).
- ``page_size`` above an endpoint's maximum is clamped to it (300 for most lists, 50 for chat);
  below 1 is a validation error. A ``next_page_token`` remembers the last item sent, so deletions
  between pages neither skip nor repeat items; an unknown or expired token is 400 code 300
  "The next page token is invalid or expired.".
- Injected API faults are 503 ``{"code": 503, ...}`` before the request has any effect.
- Registration on a meeting whose ``settings.approval_type`` is 2 answers 404 code 404
  "Registration has not been enabled for this meeting: {id}.", as Zoom's reference lists it.
- The per-host cap on meeting/webinar creates and updates (``meeting_create_daily_cap``) is always
  enforced and its 429 carries no ``X-RateLimit-*`` headers.
"""
