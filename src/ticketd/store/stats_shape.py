"""Shaping the few aggregated rows of a stats query into ``TenantStats``
(shared by the rollup read and the ticket scan of every backend, so they
cannot disagree on ratios or key spelling)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ticketd.store.records import TenantStats

__all__ = ["TOP_LIMIT", "shape_stats"]

TOP_LIMIT = 10  # top keywords and at-risk customers


def shape_stats(
    tenant_id: str,
    from_date: datetime | None,
    to_date: datetime,
    generated_at: datetime,
    maps: dict[str, dict[str, int]],
    hourly: tuple[dict[str, Any], ...],
    keywords: tuple[dict[str, Any], ...],
    at_risk: tuple[dict[str, Any], ...],
    at_risk_total: int,
) -> TenantStats:
    """``maps``: dimension -> value -> count (status, urgency, sentiment,
    source, requires_action keyed ``"0"``/``"1"``), counts above zero only;
    ``at_risk_total``: every customer with an at-risk ticket in the window."""
    total = sum(maps["status"].values())
    high = maps["urgency"].get("high", 0)
    negative = maps["sentiment"].get("negative", 0)
    return TenantStats(
        tenant_id=tenant_id,
        from_date=from_date,
        to_date=to_date,
        total_tickets=total,
        by_status=maps["status"],
        by_urgency=maps["urgency"],
        by_sentiment=maps["sentiment"],
        by_source=maps["source"],
        urgency_high_ratio=high / total if total else 0.0,
        negative_sentiment_ratio=negative / total if total else 0.0,
        requires_action_count=maps["requires_action"].get("1", 0),
        hourly_trend=hourly,
        top_keywords=keywords,
        at_risk_customers=at_risk,
        generated_at=generated_at,
        at_risk_total=at_risk_total,
    )
