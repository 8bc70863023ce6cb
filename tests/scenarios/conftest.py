"""Fixtures of the scenario tests."""

from tests.scenarios.hostile_provider import hostile_provider

__all__ = ["hostile_provider"]
