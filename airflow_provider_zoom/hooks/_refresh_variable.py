"""
Refresh-token OAuth shared by task processes through one Airflow Variable.

Zoom honours a refresh token once and answers every later use with ``Invalid Token!``. Task
processes cannot share memory, and on Airflow 3 they reach Variables only through the Task SDK,
which offers no compare-and-set. So the Variable holds, beside the newest refresh token, the access
token that came with it (JSON, see :class:`~airflow_provider_zoom._http.auth.StoredTokens`):

- a process first uses a fresh access token found there, and refreshes only when there is none;
- when several processes refresh with the same refresh token at once, Zoom lets one win; the
  others, refused, read the Variable again (after a short random wait) and use what the winner
  stored, never presenting a refused refresh token twice;
- the winner writes the Variable, retrying a failed write; if the write cannot be made the task
  fails at once (:class:`~airflow_provider_zoom.exceptions.ZoomRefreshTokenStaleError`), because
  the refresh token left in the Variable is already dead.

A Variable holding a bare refresh token (what earlier versions stored) is read as such.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from airflow_provider_zoom._http.auth import (
    StoredTokens,
    Token,
    dump_stored_tokens,
    read_stored_tokens,
    refresh_token_refused,
)
from airflow_provider_zoom._http.log import Log
from airflow_provider_zoom.exceptions import ZoomAuthError, ZoomConfigError, ZoomRefreshTokenStaleError

#: Reads of the Variable (each after a refused refresh) before giving up.
REFRESH_ROUNDS = 8
#: Attempts to write the rotated refresh token.
STORE_ATTEMPTS = 3
DESCRIPTION = "Zoom OAuth tokens: the newest refresh token (rotated on every use) and its access token"


def _mask(*secrets: str | None) -> None:
    from airflow.sdk.log import mask_secret

    for secret in secrets:
        if secret:
            mask_secret(secret)


def _forget_cached(name: str) -> None:
    """Drop the worker's cached copy of the Variable (when Airflow caches them) so a re-read is fresh."""
    try:
        from airflow.sdk.execution_time.cache import SecretCache
    except ImportError:  # an Airflow without a worker-side secrets cache
        return
    SecretCache.invalidate_variable(name)


class RefreshTokenVariable:
    """
    The Variable named by ``extra.refresh_token_variable`` and the token exchange around it.

    :param name: the Variable's name.
    :param fallback: ``extra.refresh_token``, used while the Variable does not exist yet.
    :param exchange: trades a refresh token for a token at Zoom (raises :class:`ZoomAuthError`).
    :param backoff: seconds to wait before retry number ``n`` (1-based), randomised.
    :param sleep: how to wait (tests pass a recorder).
    :param log: where to say what happened (never with a token).
    """

    def __init__(
        self,
        name: str,
        *,
        fallback: str | None,
        exchange: Callable[[str], Token],
        backoff: Callable[[int], float],
        sleep: Callable[[float], None],
        log: Log,
    ) -> None:
        self.name = name
        self.fallback = fallback
        self.exchange = exchange
        self.backoff = backoff
        self.sleep = sleep
        self.log = log

    def read(self) -> StoredTokens:
        """What the Variable holds now (``extra.refresh_token`` while it does not exist)."""
        from airflow.sdk import Variable

        _forget_cached(self.name)
        value: Any = Variable.get(self.name, default=None)
        if not value:
            if not self.fallback:
                raise ZoomConfigError(
                    "refresh_token",
                    f"no refresh token in Variable {self.name!r} nor in extra.refresh_token",
                )
            return StoredTokens(refresh_token=self.fallback)
        try:
            stored = read_stored_tokens(str(value), name=self.name)
        except ValueError as err:
            raise ZoomConfigError("refresh_token_variable", str(err)) from None
        _mask(stored.refresh_token, stored.access_token)
        return stored

    def token(self, stale: str | None = None) -> Token:
        """
        A working access token: the one stored beside the refresh token, or a new one from Zoom.

        :param stale: an access token Zoom just refused; it is not handed out again.
        :raises ZoomAuthError: when Zoom refuses every refresh token the Variable held meanwhile.
        :raises ZoomRefreshTokenStaleError: when the rotated refresh token could not be stored.
        """
        refused: set[str] = set()
        last: ZoomAuthError | None = None
        for round_ in range(1, REFRESH_ROUNDS + 1):
            stored = self.read()
            shared = stored.shared_token(stale=stale)
            if shared is not None:
                if round_ > 1:
                    self.log.info("Using the access token another process stored in Variable %r.", self.name)
                return shared
            if stored.refresh_token not in refused:
                try:
                    token = self.exchange(stored.refresh_token)
                except ZoomAuthError as err:
                    if not refresh_token_refused(err):
                        raise
                    # Another process probably exchanged it first: wait for what it stores.
                    refused.add(stored.refresh_token)
                    last = err
                else:
                    self.store(token, previous=stored.refresh_token)
                    return token
            if round_ < REFRESH_ROUNDS:
                wait = self.backoff(round_)
                self.log.info(
                    "Zoom refused the refresh token in Variable %r (another process may have used it); "
                    "reading the Variable again in %.1fs (%d of %d).",
                    self.name,
                    wait,
                    round_ + 1,
                    REFRESH_ROUNDS,
                )
                self.sleep(wait)
        assert last is not None  # a round ends without a token only after a refusal
        raise last

    def store(self, token: Token, *, previous: str) -> None:
        """
        Write the rotated refresh token (and its access token), retrying a failed write.

        Before a retry the Variable is read again: when it no longer holds ``previous``, the write
        landed after all (or another process has since stored a newer token), and writing again
        could only put an older token back.

        :raises ZoomRefreshTokenStaleError: when every attempt failed.
        """
        from airflow.sdk import Variable

        _mask(token.access_token, token.refresh_token)
        value = dump_stored_tokens(token)
        reason = ""
        for attempt in range(1, STORE_ATTEMPTS + 1):
            if attempt > 1:
                try:
                    if self.read().refresh_token != previous:
                        return
                except Exception as err:
                    self.log.warning("Reading Variable %r failed (%s).", self.name, type(err).__name__)
            try:
                Variable.set(self.name, value, description=DESCRIPTION)
            except Exception as err:
                # The type only: a backend's message may echo the value it was given.
                reason = type(err).__name__
                self.log.warning(
                    "Storing the rotated refresh token in Variable %r failed (%s); attempt %d of %d.",
                    self.name,
                    reason,
                    attempt,
                    STORE_ATTEMPTS,
                )
                if attempt < STORE_ATTEMPTS:
                    self.sleep(self.backoff(attempt))
                continue
            self.log.info("Stored Zoom's rotated refresh token in Variable %r.", self.name)
            return
        raise ZoomRefreshTokenStaleError(self.name, reason)
