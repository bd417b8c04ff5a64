"""The client's errors for an exchange that failed below the API: unreachable, broken, too slow.

They are orderguard errors and also httpx's (``httpx.TransportError``, ``httpx.TimeoutException``),
so code that caught httpx's own keeps working; httpx's original is the ``__cause__``.
"""

from __future__ import annotations

import httpx

from orderguard.errors import OrderGuardError


class ApiConnectionError(OrderGuardError, httpx.TransportError):
    """The Order API could not be reached, or the connection broke before an answer came.

    ``url`` is the endpoint; ``sent`` is false when the request surely never reached the server
    (the connection was refused), true when it may have (the connection dropped midway).
    """

    def __init__(self, url: str, reason: str, *, sent: bool) -> None:
        self.url = url
        self.sent = sent
        fate = "the request may have reached the server" if sent else "the request was not sent"
        super().__init__(f"cannot reach the Order API at {url}: {reason}; {fate}")


class ApiTimeoutError(ApiConnectionError, httpx.TimeoutException):
    """A call ran out of time: its deadline (``RetrySettings.timeout``) or one request's bound.

    ``seconds`` is the bound that ran out; ``url`` and ``sent`` as in ``ApiConnectionError``.
    """

    def __init__(self, url: str, seconds: float, what: str, *, sent: bool) -> None:
        self.seconds = seconds
        super().__init__(url, f"{what} did not finish within {seconds:g} s", sent=sent)
        self.args = (
            f"{what} to {url} did not finish within {seconds:g} s "
            f"({'the request may have reached the server' if sent else 'nothing was sent'}); "
            "raise the client's timeout or RetrySettings.timeout if the API is this slow",
        )
