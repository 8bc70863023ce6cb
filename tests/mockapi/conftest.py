"""Fixtures: the mock provider on a loopback port, driven by a FakeClock."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.mockapi.helpers import TEST_DEFAULTS
from ticketd.clock import FakeClock
from ticketd.mockapi import MockSettings, make_app

StartMock = Callable[..., Awaitable[TestClient]]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def start_mock(aiohttp_client: Any, clock: FakeClock) -> StartMock:
    """Start the mock with the test defaults overridden by keyword
    arguments; the client talks to a real server on a loopback port."""

    async def start(**overrides: Any) -> TestClient:
        settings = MockSettings(**{**TEST_DEFAULTS, **overrides})
        return await aiohttp_client(make_app(settings, clock=clock))

    return start
