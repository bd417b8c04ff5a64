"""``ServiceConfig``: everything the guarding proxy and the decision API are started with."""

from __future__ import annotations

import enum

import attrs

from orderguard.enums import DEFAULT_API_VERSION, ApiVersion

MAX_BODY_BYTES = 1 << 20
"""The largest request body the service reads by default (1 MiB, as the emulator)."""


class Mode(enum.StrEnum):
    """``enforce`` refuses what the guard refuses; ``report`` forwards it and logs the refusal."""

    ENFORCE = "enforce"
    REPORT = "report"


class OnStoreError(enum.StrEnum):
    """What a mutation meets when the order cannot be read (store down, upstream query failed).

    ``closed`` (the default) refuses it without sending; ``open`` judges it without the order
    (the rules that need the order skip) and forwards it when that allows it.
    """

    CLOSED = "closed"
    OPEN = "open"


@attrs.frozen(slots=True)
class EventCredentials:
    """How ``POST /v1/events`` senders prove who they are (Buy with Prime's webhook auth profiles).

    ``secret``: a shared secret sent in the header ``secret_header`` (an API-key profile);
    ``basic``: ``(user, password)`` sent as HTTP basic credentials. Either or both may be set;
    with neither, event intake refuses every request. ``repr`` never shows the secrets.
    """

    secret: str | None = attrs.field(default=None, repr=False)
    secret_header: str = "x-api-key"
    basic: tuple[str, str] | None = attrs.field(default=None, repr=False)

    @property
    def configured(self) -> bool:
        """Whether any credential is set (without one, no event is accepted)."""
        return bool(self.secret) or self.basic is not None


@attrs.frozen(slots=True)
class ServiceConfig:
    """The proxy's settings.

    - ``upstream``: the Order API's GraphQL URL requests are forwarded to (``orderguard serve``'s
      ``http://127.0.0.1:8080/graphql`` is one).
    - ``mode``: :class:`Mode`; ``on_store_error``: :class:`OnStoreError` (or their values).
    - ``api_version``: the version of requests without an ``x-api-version`` header.
    - ``max_body``: the largest request body read, in bytes (413 above it).
    - ``events``: :class:`EventCredentials` for ``POST /v1/events``.
    - ``upstream_timeout``: seconds to wait for the upstream's answer.
    - ``owner``: this instance's name in claims (several proxies share one store).
    """

    upstream: str
    mode: Mode = attrs.field(default=Mode.ENFORCE, converter=Mode)
    on_store_error: OnStoreError = attrs.field(default=OnStoreError.CLOSED, converter=OnStoreError)
    api_version: ApiVersion = attrs.field(default=DEFAULT_API_VERSION, converter=ApiVersion)
    max_body: int = MAX_BODY_BYTES
    events: EventCredentials = EventCredentials()
    upstream_timeout: float = 30.0
    owner: str = "orderguard-proxy"
