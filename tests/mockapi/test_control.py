"""The control surface of the mock (src/ticketd/mockapi/control.py):
stats, mutations seen by the next read, reset."""

from __future__ import annotations

import pytest

from tests.mockapi.helpers import fetch_all, get_json, notify, post_json
from ticketd.domain.ticket import parse_datetime

LIST = "/external/support-tickets"


async def test_stats_shape_and_counts(start_mock):
    client = await start_mock(tickets=10)
    await get_json(client, LIST)
    await get_json(client, f"{LIST}/ext-001")
    await get_json(client, f"{LIST}/ext-999", status=404)
    await get_json(client, "/external/deleted-tickets")
    await notify(client, "ext-001")
    await get_json(client, "/health")
    stats = await get_json(client, "/_control/stats")
    assert stats["calls"] == 5  # health is counted per endpoint only
    assert stats["throttled"] == 0
    assert stats["by_endpoint"]["list"]["calls"] == 1
    assert stats["by_endpoint"]["ticket"]["calls"] == 2
    assert stats["by_endpoint"]["deleted"]["calls"] == 1
    assert stats["by_endpoint"]["notify"]["calls"] == 1
    assert stats["by_endpoint"]["health"]["calls"] == 1
    assert stats["notify_outage_seconds_left"] == 0
    assert stats["faults_armed"] == 0


async def test_modification_is_visible_to_the_next_page_read(start_mock, clock):
    client = await start_mock(tickets=30)
    before = {t["id"]: t for t in await fetch_all(client)}
    await clock.advance(7200)
    answer = await post_json(client, "/_control/mutate", {"modify": ["ext-005", "ext-017"]})
    assert answer["modified"] == ["ext-005", "ext-017"]
    after = {t["id"]: t for t in await fetch_all(client)}
    for ident in ("ext-005", "ext-017"):
        assert parse_datetime(after[ident]["updated_at"]) > parse_datetime(
            before[ident]["updated_at"]
        )
        assert after[ident]["status"] != before[ident]["status"]
    unchanged = set(before) - {"ext-005", "ext-017"}
    assert all(after[i] == before[i] for i in unchanged)
    single = await get_json(client, f"{LIST}/ext-005")
    assert single == after["ext-005"]


async def test_modify_with_explicit_fields(start_mock):
    client = await start_mock()
    await post_json(
        client,
        "/_control/mutate",
        {
            "modify": [
                {"id": "ext-003", "subject": "Issue ext-003: We will sue", "message": "Lawyer."}
            ]
        },
    )
    ticket = await get_json(client, f"{LIST}/ext-003")
    assert (ticket["subject"], ticket["message"]) == ("Issue ext-003: We will sue", "Lawyer.")


async def test_delete_restore_and_add_between_page_reads(start_mock):
    client = await start_mock(tickets=20)
    first = await get_json(client, LIST, page=1, page_size=10)
    answer = await post_json(client, "/_control/mutate", {"delete": ["ext-015"], "add": 2})
    assert answer == {
        "modified": [],
        "deleted": ["ext-015"],
        "restored": [],
        "added": ["ext-021", "ext-022"],
    }
    second = await get_json(client, LIST, page=2, page_size=10)
    assert second["total_count"] == 21
    ids = [t["id"] for t in first["tickets"] + second["tickets"]]
    assert "ext-015" not in ids and "ext-021" in ids
    assert (await get_json(client, "/external/deleted-tickets"))["deleted_ids"] == ["ext-015"]
    await get_json(client, f"{LIST}/ext-015", status=404)
    restored = await post_json(client, "/_control/mutate", {"restore": ["ext-015"]})
    assert restored["restored"] == ["ext-015"]
    await get_json(client, f"{LIST}/ext-015")
    assert (await get_json(client, "/external/deleted-tickets"))["deleted_ids"] == []


async def test_unknown_ids_are_422_and_change_nothing(start_mock):
    client = await start_mock(tickets=5)
    body = await post_json(
        client, "/_control/mutate", {"delete": ["ext-001", "ext-404"]}, status=422
    )
    assert body["error"]["code"] == "unknown_ticket"
    assert body["error"]["ids"] == ["ext-404"]
    assert len(await fetch_all(client)) == 5


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"remove": ["ext-001"]},
        {"delete": "ext-001"},
        {"delete": [1]},
        {"add": -1},
        {"add": "3"},
        {"add": True},
        {"modify": "ext-001"},
        {"modify": [{"id": "ext-001", "status": "done"}]},
    ],
)
async def test_bad_mutations_are_422(start_mock, body):
    client = await start_mock()
    answer = await post_json(client, "/_control/mutate", body, status=422)
    assert answer["error"]["message"]


async def test_malformed_json_is_400(start_mock):
    client = await start_mock()
    response = await client.post(
        "/_control/mutate", data=b"[1,", headers={"Content-Type": "application/json"}
    )
    assert response.status == 400
    assert (await response.json())["error"]["code"] == "invalid_input"


async def test_reset_clears_counters_record_and_attempts(start_mock, clock):
    client = await start_mock(rate_limit=2, notify_fail_first=1, notify_outage_after=2)
    await get_json(client, LIST)
    await get_json(client, LIST)
    assert (await client.get(LIST)).status == 429
    assert await notify(client, "ext-001") == 500
    assert await notify(client, "ext-002") == 500  # starts an outage
    assert await notify(client, "ext-001") == 503
    await post_json(client, "/_control/mutate", {"delete": ["ext-001"]})
    assert await post_json(client, "/_control/reset", None) == {"status": "reset"}
    stats = await get_json(client, "/_control/stats")
    assert (stats["calls"], stats["throttled"], stats["notify_outage_seconds_left"]) == (0, 0, 0)
    assert (await get_json(client, "/notifications"))["notifications"] == []
    assert await notify(client, "ext-001") == 500  # attempt 1 again
    await get_json(client, LIST)  # the rate-limit window was emptied too
    # Data survives a plain reset...
    await get_json(client, f"{LIST}/ext-001", status=404)
    # ...and is restored on request.
    await post_json(client, "/_control/reset", {"data": True})
    await get_json(client, f"{LIST}/ext-001")


async def test_reset_rejects_bad_body(start_mock):
    client = await start_mock()
    await post_json(client, "/_control/reset", {"data": "yes"}, status=422)
