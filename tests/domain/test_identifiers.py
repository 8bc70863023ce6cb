"""Identifier rules shared by the API, the CLI and the settings."""

from __future__ import annotations

import pytest

from ticketd.domain.identifiers import validate_job_id, validate_tenant_id
from ticketd.errors import InvalidInput, Unprocessable


@pytest.mark.parametrize("value", ["a", "tenant_a", "T-1.x", "9" * 64])
def test_good_tenant_ids_pass(value):
    assert validate_tenant_id(value) == value


@pytest.mark.parametrize(
    "value", ["_a", "-a", "a b", "a/b", "9" * 65, "ténant", "a\n", '{"$ne": null}']
)
def test_malformed_tenant_ids_are_invalid_input(value):
    with pytest.raises(InvalidInput, match=r"^tenant must match"):
        validate_tenant_id(value, name="tenant")


@pytest.mark.parametrize("value", [None, ""])
def test_a_missing_tenant_id_is_unprocessable(value):
    with pytest.raises(Unprocessable, match="tenant_id is required"):
        validate_tenant_id(value)


def test_job_ids_are_32_lower_case_hex_characters():
    good = "0123456789abcdef" * 2
    assert validate_job_id(good) == good
    for bad in (good.upper(), good[:-1], good + "0", good + "\n", "g" * 32):
        with pytest.raises(InvalidInput, match="32 lower-case hexadecimal"):
            validate_job_id(bad)
