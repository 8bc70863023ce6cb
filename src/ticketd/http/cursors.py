"""Opaque cursors of the ticket list (keyset paging).

A cursor names the last ticket of a page by its sort key (``created_at``
in epoch milliseconds and ``external_id``) and the list it belongs to (a
digest of the tenant and the filters), followed by a checksum of the
whole. ``GET /tickets?cursor=...`` continues strictly after that position
with the same filters, so tickets written or deleted meanwhile before it
shift nothing after it. A cursor of another list, or one altered or cut,
is refused (400). The checksum is not a secret MAC: it detects damage and
editing by hand, it cannot stop a client from building a cursor, and a
built cursor gives nothing but a position in a list the client may read
anyway (the tenant is checked on every request as usual).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import attrs
import orjson

from ticketd.errors import InvalidInput
from ticketd.store import TicketFilter, TicketKey

__all__ = ["MAX_CURSOR_LENGTH", "decode_cursor", "encode_cursor"]

MAX_CURSOR_LENGTH = 2048  # ids are bounded, so a real cursor is far shorter
_VERSION = "t1"
_CHECK_BYTES = 12
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MALFORMED = "cursor is malformed or was altered: pass next_cursor exactly as a response gave it"
_OTHER_LIST = (
    "cursor belongs to another list: use it with the tenant_id and filters "
    "(status, urgency, sentiment, source, requires_action) of the request that returned it"
)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _scope(tenant_id: str, filters: TicketFilter) -> str:
    """The list a cursor belongs to: its tenant and filters."""
    identity = orjson.dumps([tenant_id, attrs.asdict(filters)], option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(identity).hexdigest()[:16]


def _check(payload: bytes) -> bytes:
    return hashlib.sha256(b"ticketd ticket list cursor\0" + payload).digest()[:_CHECK_BYTES]


def encode_cursor(tenant_id: str, filters: TicketFilter, key: TicketKey) -> str:
    """The cursor continuing the list of ``tenant_id`` and ``filters``
    after the ticket whose sort key is ``key``."""
    ms = (key.created_at - _EPOCH) // timedelta(milliseconds=1)
    payload = orjson.dumps([ms, key.external_id, _scope(tenant_id, filters)])
    return f"{_VERSION}.{_b64(payload)}.{_b64(_check(payload))}"


def decode_cursor(text: str, tenant_id: str, filters: TicketFilter) -> TicketKey:
    """The position a cursor names; ``InvalidInput`` (400) when it is not
    one this API issued, or was issued for another tenant or filters."""
    if len(text) > MAX_CURSOR_LENGTH:
        raise InvalidInput(_MALFORMED)
    parts = text.split(".")
    if len(parts) != 3 or parts[0] != _VERSION:
        raise InvalidInput(_MALFORMED)
    try:
        payload, check = _unb64(parts[1]), _unb64(parts[2])
    except (binascii.Error, ValueError):
        raise InvalidInput(_MALFORMED) from None
    if not hmac.compare_digest(check, _check(payload)):
        raise InvalidInput(_MALFORMED)
    try:
        ms, external_id, scope = orjson.loads(payload)
        valid = type(ms) is int and isinstance(external_id, str) and isinstance(scope, str)
        created_at = _EPOCH + timedelta(milliseconds=ms) if valid else None
    except (orjson.JSONDecodeError, ValueError, TypeError, OverflowError):
        raise InvalidInput(_MALFORMED) from None
    if created_at is None:
        raise InvalidInput(_MALFORMED)
    if not hmac.compare_digest(scope, _scope(tenant_id, filters)):
        raise InvalidInput(_OTHER_LIST)
    return TicketKey(created_at, external_id)
