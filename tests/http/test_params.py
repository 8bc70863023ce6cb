"""Parameter validators: good values pass, bad ones are 400 or 422."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from multidict import MultiDict

from ticketd.errors import InvalidInput, Unprocessable
from ticketd.http import params


@pytest.mark.parametrize("value", ["a", "tenant_a", "T-1.x", "9" * 64])
def test_good_tenant_ids(value):
    assert params.tenant_id(value) == value


@pytest.mark.parametrize(
    "value", ["_a", "-a", "a b", "a/b", "9" * 65, "ténant", "a;drop", '{"$ne": null}']
)
def test_malformed_tenant_ids_are_400(value):
    with pytest.raises(InvalidInput):
        params.tenant_id(value)


@pytest.mark.parametrize("value", [None, ""])
def test_missing_tenant_id_is_422(value):
    with pytest.raises(Unprocessable, match="tenant_id is required"):
        params.tenant_id(value)


def test_repeated_parameter_is_rejected():
    with pytest.raises(InvalidInput, match="more than once"):
        params.required_tenant(MultiDict([("tenant_id", "a"), ("tenant_id", "b")]))


def test_bounded_ints():
    q = MultiDict({"page": "3", "big": "101", "neg": "0", "junk": "1e3"})
    assert params.optional_int(q, "page", default=1, minimum=1, maximum=100) == 3
    assert params.optional_int(q, "absent", default=7, minimum=1, maximum=100) == 7
    with pytest.raises(Unprocessable, match="between 1 and 100"):
        params.optional_int(q, "big", default=1, minimum=1, maximum=100)
    with pytest.raises(Unprocessable):
        params.optional_int(q, "neg", default=1, minimum=1, maximum=100)
    with pytest.raises(InvalidInput, match="must be an integer"):
        params.optional_int(q, "junk", default=1, minimum=1, maximum=100)


def test_enums_and_booleans():
    q = MultiDict(
        {"status": "open", "bad": "reopened", "flag": "true", "no": "false", "x": "perhaps"}
    )
    assert params.optional_choice(q, "status", ("open", "closed")) == "open"
    assert params.optional_choice(q, "absent", ("open",)) is None
    with pytest.raises(InvalidInput, match="one of open, closed"):
        params.optional_choice(q, "bad", ("open", "closed"))
    assert params.optional_bool(q, "flag") is True
    assert params.optional_bool(q, "no") is False
    with pytest.raises(InvalidInput):
        params.optional_bool(q, "x")


@pytest.mark.parametrize("raw", ["TRUE", "True", "yes", "1", "no", "0", "FALSE", " true"])
def test_booleans_are_exactly_true_or_false_as_the_message_says(raw):
    with pytest.raises(InvalidInput, match=f"flag must be true or false, got {raw!r}"):
        params.optional_bool(MultiDict({"flag": raw}), "flag")


@pytest.mark.parametrize("raw", ["-1", "-0", "+1"])
def test_signed_numbers_are_malformed_not_out_of_range(raw):
    with pytest.raises(InvalidInput, match="page must be an integer"):
        params.optional_int(MultiDict({"page": raw}), "page", default=1, minimum=1, maximum=9)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-03-01", datetime(2026, 3, 1, tzinfo=UTC)),
        ("2026-03-01T10:00:00Z", datetime(2026, 3, 1, 10, tzinfo=UTC)),
        ("2026-03-01T12:00:00+02:00", datetime(2026, 3, 1, 10, tzinfo=UTC)),
        ("2026-03-01T12:00:00 02:00", datetime(2026, 3, 1, 10, tzinfo=UTC)),  # '+' unescaped
    ],
)
def test_dates(raw, expected):
    assert params.optional_datetime(MultiDict({"d": raw}), "d") == expected


@pytest.mark.parametrize("raw", ["yesterday", "2026-13-01", "12:00"])
def test_bad_dates_are_400(raw):
    with pytest.raises(InvalidInput, match="ISO 8601"):
        params.optional_datetime(MultiDict({"d": raw}), "d")
