"""Store contract: stats read from the write-time rollups equal the stats of
a scan over the tickets (``from_tickets=True``), on every backend, after
random creates, updates, soft deletes, restores and re-classifications,
for random windows; and a rebuild from the tickets gives the same rollups.

Each hypothesis example writes to a tenant of its own in the test's store,
so the earlier examples' tenants are the noise no stats may include.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ticketd.domain.ticket import SENTIMENTS, SOURCES, STATUSES, URGENCIES

from .conftest import START

pytestmark = pytest.mark.timeout(300)

KEYWORDS = ("refund", "slow", "gdpr", "thanks", "login")
CUSTOMERS = ("c1", "c2", "c3", "c4")
IDS = tuple(f"ext-{n}" for n in range(12))
# created_at within three days before START, on minute steps (so hour and
# day boundaries are hit exactly), or a little after START
OFFSETS = st.integers(min_value=-3 * 24 * 60, max_value=90).map(lambda m: timedelta(minutes=m))

fields = st.fixed_dictionaries(
    {
        "created_at": OFFSETS.map(lambda d: START + d),
        "status": st.sampled_from(STATUSES),
        # any text a provider sends, including text that looks like an operator
        "source": st.sampled_from((*SOURCES, "unknown", "{'$ne': None}")),
        "urgency": st.sampled_from(URGENCIES),
        "sentiment": st.sampled_from(SENTIMENTS),
        "requires_action": st.booleans(),
        "keywords": st.lists(st.sampled_from(KEYWORDS), max_size=3, unique=True).map(tuple),
        "customer_id": st.sampled_from(CUSTOMERS),
    }
)
operation = st.one_of(
    # write a batch: (id, fields, kind) where kind says how updated_at /
    # ruleset_version move: a newer provider version, a re-classification
    # by another rule set, or a stale copy (unchanged)
    st.tuples(
        st.just("write"),
        st.lists(
            st.tuples(
                st.sampled_from(IDS), fields, st.sampled_from(("newer", "reclassify", "stale"))
            ),
            min_size=1,
            max_size=6,
        ),
    ),
    st.tuples(st.just("delete"), st.lists(st.sampled_from(IDS), min_size=1, max_size=4)),
)
window = st.tuples(
    st.none() | OFFSETS.map(lambda d: START + d),
    OFFSETS.map(lambda d: START + d),
    st.integers(min_value=0, max_value=999).map(lambda ms: timedelta(milliseconds=ms)),
)

_tenants = itertools.count()


async def _run(store, make_ticket, operations, version_counter):
    tenant = f"prop-{next(_tenants)}"
    for kind, payload in operations:
        if kind == "delete":
            await store.soft_delete(tenant, payload, job_id="job")
            continue
        batch = []
        for external_id, values, how in payload:
            step = next(version_counter)
            updated = START + timedelta(days=30, seconds=step)
            version = "v1"
            if how == "reclassify":
                version = f"v{step}"
                updated = START - timedelta(days=30)  # only the verdict may change
            elif how == "stale":
                updated = START - timedelta(days=30)
            batch.append(
                make_ticket(
                    external_id,
                    tenant_id=tenant,
                    **{**values, "updated_at": updated, "ruleset_version": version},
                )
            )
        await store.apply_tickets(tenant, batch, job_id="job")
    return tenant


async def _check(store, tenant, windows):
    for from_date, to_date, extra in windows:
        if from_date is not None and from_date > to_date:
            from_date, to_date = to_date, from_date
        to_date = to_date + extra  # to_date inside an hour, not only on minutes
        rolled = await store.tenant_stats(tenant, from_date=from_date, to_date=to_date)
        scanned = await store.tenant_stats(
            tenant, from_date=from_date, to_date=to_date, from_tickets=True
        )
        assert attrs.asdict(rolled) == attrs.asdict(scanned), (from_date, to_date)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    operations=st.lists(operation, min_size=1, max_size=8),
    windows=st.lists(window, min_size=1, max_size=4),
)
async def test_rollup_stats_equal_ticket_scan_stats(store, make_ticket, operations, windows):
    tenant = await _run(store, make_ticket, operations, itertools.count())
    await _check(store, tenant, [*windows, (None, START + timedelta(hours=2), timedelta(0))])


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    operations=st.lists(operation, min_size=1, max_size=6),
    windows=st.lists(window, min_size=1, max_size=3),
)
async def test_rebuilt_rollups_give_the_same_stats(store, make_ticket, operations, windows):
    tenant = await _run(store, make_ticket, operations, itertools.count())
    assert await store.rebuild_rollups(tenant) == [tenant]
    await _check(store, tenant, windows)


async def test_stats_of_a_tenant_without_tickets_are_empty(store):
    stats = await store.tenant_stats("nobody", from_date=None, to_date=START)
    assert stats.total_tickets == 0 and stats.top_keywords == () == stats.at_risk_customers
    assert [b["count"] for b in stats.hourly_trend] == [0] * 24


async def test_rebuild_of_every_tenant_names_them(store, make_ticket):
    for tenant in ("acme", "globex"):
        await store.apply_tickets(tenant, [make_ticket(tenant_id=tenant)], job_id=None)
    assert await store.rebuild_rollups(None) == ["acme", "globex"]
    stats = await store.tenant_stats("acme", from_date=None, to_date=START)
    assert stats.total_tickets == 1
