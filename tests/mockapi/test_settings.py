"""MockSettings and its parsers (src/ticketd/mockapi/settings.py)."""

from __future__ import annotations

import attrs
import pytest

from ticketd.mockapi.settings import MockSettings, parse_latency, parse_tenants


def test_defaults_are_the_reference_provider():
    settings = MockSettings()
    assert (settings.host, settings.port, settings.tickets, settings.seed) == (
        "127.0.0.1",
        9000,
        200,
        42,
    )
    assert settings.tenants == ("tenant_a", "tenant_b", "tenant_c", "tenant_d")
    assert (settings.rate_limit, settings.rate_limit_window) == (60, 60.0)
    assert settings.rate_limit_notify is False
    assert settings.notify_fail_first == 2
    assert settings.notify_latency == (0.1, 0.5)
    assert (settings.notify_outage_after, settings.notify_outage_seconds) == (10, 30.0)
    assert settings.flappy_updated_at is False
    assert settings.data is None


def test_settings_are_frozen_and_convert_sequences():
    settings = MockSettings(tenants=["x", "y"], notify_latency=[0, 0], fail_pages=[2])
    assert settings.tenants == ("x", "y")
    assert settings.notify_latency == (0, 0)
    assert settings.fail_pages == (2,)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        settings.port = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    "overrides",
    [
        {"port": -1},
        {"tickets": -5},
        {"tenants": ()},
        {"tenants": ("bad id",)},
        {"tenants": ("a", "a")},
        {"rate_limit_window": 0},
        {"notify_failure_rate": 1.5},
        {"notify_latency": (0.5, 0.1)},
        {"notify_latency": (-1, 0)},
        {"fail_pages": (0,)},
        {"notify_fail_first": -1},
    ],
)
def test_invalid_settings_raise(overrides):
    with pytest.raises(ValueError):
        MockSettings(**overrides)


def test_parse_tenants():
    assert parse_tenants("a, b ,c") == ("a", "b", "c")
    for bad in ("", ",", "a,a", "a,b c"):
        with pytest.raises(ValueError):
            parse_tenants(bad)


def test_parse_latency():
    assert parse_latency("0.1,0.5") == (0.1, 0.5)
    assert parse_latency("0") == (0.0, 0.0)
    for bad in ("1,0", "a,b", "1,2,3", "-1,1"):
        with pytest.raises(ValueError):
            parse_latency(bad)
