"""serve's early listening sockets against another ticketd starting."""

from __future__ import annotations

import pytest

from ticketd.daemon.listening import listening_sockets
from ticketd.errors import InvalidInput


def test_a_port_another_starting_ticketd_took_is_refused_before_the_database() -> None:
    """1. A first ticketd took its sockets (it is now opening, maybe migrating,
       its database; it listens only after that).
    2. A second one asks for the same port: it must be refused now, before
       its database is touched. (Sockets that only bound may share a port
       with SO_REUSEADDR on Linux while neither listens: the second then
       opened and migrated its database, and whichever listened last failed
       with a traceback.)"""
    first = listening_sockets("127.0.0.1", 0)  # 1.
    port = first[0].getsockname()[1]
    try:
        with pytest.raises(InvalidInput):
            second = listening_sockets("127.0.0.1", port)  # 2.
            for sock in second:
                sock.close()
    finally:
        for sock in first:
            sock.close()
