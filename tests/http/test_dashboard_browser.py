"""The dashboard in a real headless Chromium, driven over the Chrome
DevTools Protocol (a websocket spoken with aiohttp; no other dependency).

Chromium is Debian's ``chromium`` package (``.ci/run`` installs it). Without
it these tests fail when ``CI`` is set and are skipped otherwise.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import os
import random
import re
import shutil
import signal
import tempfile
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import orjson
import pytest

from tests.conftest import StartDaemon, StartProvider
from ticketd.mockapi.data import make_ticket

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")
# Screenshots are also copied here, for a person to look at.
SCREENSHOT_DIR = Path(tempfile.gettempdir())
TENANT = "acme"
# Tickets created N hours before the current hour: a shape with a clear
# peak, gaps (zero bars) and small counts, plus older tickets outside the
# 24 hours so the total differs from the trend's sum.
HOURLY_SHAPE = {1: 2, 2: 5, 3: 9, 4: 6, 5: 3, 7: 1, 8: 4, 11: 7, 12: 2, 15: 1, 18: 3, 20: 2, 22: 1}
OLDER = 14
TOKEN = "browser-test-token-0123456789abcdef"


def _find_chromium() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def _require_chromium() -> str:
    found = _find_chromium()
    if found is None:
        message = (
            "headless Chromium is needed for the dashboard browser test: "
            "apt-get install chromium (Debian's package, /usr/bin/chromium)"
        )
        if os.environ.get("CI"):
            pytest.fail(message + " (CI is set, so this is a failure)", pytrace=False)
        pytest.skip(message)
    return found


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _read(path: Path) -> str:
    return path.read_text() if path.exists() else ""


class CdpError(Exception):
    """A DevTools command answered with an error."""


class Page:
    """One browser tab attached over CDP in flat-session mode."""

    def __init__(self, browser: Browser, session_id: str) -> None:
        self.browser = browser
        self.session_id = session_id

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        return await self.browser.send(method, session_id=self.session_id, **params)

    async def evaluate(self, expression: str) -> Any:
        reply = await self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in reply:
            raise CdpError(f"{expression[:60]}...: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    async def wait_for(self, expression: str, *, timeout: float = 10.0) -> Any:
        """Poll ``expression`` (every 50 ms, at most ``timeout`` seconds)
        until it is truthy; return its value."""
        guarded = f"(() => {{ try {{ return ({expression}); }} catch {{ return null; }} }})()"
        async with asyncio.timeout(timeout):
            while True:
                value = await self.evaluate(guarded)
                if value:
                    return value
                await asyncio.sleep(0.05)

    async def goto(self, url: str) -> None:
        """Navigate and wait for the new document's load event (none when
        only the fragment changes: the page sees a ``hashchange``)."""
        loaded = self.browser.next_event("Page.loadEventFired", self.session_id)
        reply = await self.send("Page.navigate", url=url)
        if reply.get("errorText"):
            raise CdpError(f"navigation to {url} failed: {reply['errorText']}")
        if "loaderId" not in reply:  # same document (only the fragment changed)
            loaded.cancel()
            return
        async with asyncio.timeout(10):
            await loaded

    async def viewport(self, width: int, height: int) -> None:
        await self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    async def screenshot(self, path: Path) -> Path:
        reply = await self.send("Page.captureScreenshot", format="png")
        return _write(path, base64.b64decode(reply["data"]))


class Browser:
    """A headless Chromium process and its DevTools websocket."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.exceptions: list[dict[str, Any]] = []  # Runtime.exceptionThrown details
        self.console_errors: list[str] = []
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._events: list[tuple[str, str | None, asyncio.Future[dict[str, Any]]]] = []
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                break
            data = orjson.loads(message.data)
            if "id" in data:
                future = self._pending.pop(data["id"], None)
                if future is not None and not future.done():
                    future.set_result(data)
            else:
                self._on_event(data["method"], data.get("sessionId"), data.get("params", {}))
        for future in self._pending.values():
            if not future.done():
                future.set_exception(CdpError("the DevTools connection closed"))

    def _on_event(self, method: str, session_id: str | None, params: dict[str, Any]) -> None:
        if method == "Runtime.exceptionThrown":
            self.exceptions.append(params["exceptionDetails"])
        elif method == "Runtime.consoleAPICalled" and params["type"] == "error":
            self.console_errors.append(" ".join(str(a.get("value")) for a in params["args"]))
        waiting = [w for w in self._events if w[:2] == (method, session_id)]
        for waiter in waiting:
            self._events.remove(waiter)
            if not waiter[2].done():
                waiter[2].set_result(params)

    def next_event(self, method: str, session_id: str | None) -> asyncio.Future[dict[str, Any]]:
        """A future for the next ``method`` event of the session."""
        future = asyncio.get_running_loop().create_future()
        self._events.append((method, session_id, future))
        return future

    async def send(self, method: str, *, session_id: str | None = None, **params: Any) -> Any:
        message_id = next(self._ids)
        future = asyncio.get_running_loop().create_future()
        self._pending[message_id] = future
        message: dict[str, Any] = {"id": message_id, "method": method, "params": params}
        if session_id is not None:
            message["sessionId"] = session_id
        await self.ws.send_str(orjson.dumps(message).decode())
        async with asyncio.timeout(15):
            reply = await future
        if "error" in reply:
            raise CdpError(f"{method}: {reply['error']}")
        return reply["result"]

    async def new_page(self) -> Page:
        target = await self.send("Target.createTarget", url="about:blank")
        attached = await self.send(
            "Target.attachToTarget", targetId=target["targetId"], flatten=True
        )
        page = Page(self, attached["sessionId"])
        await page.send("Page.enable")
        await page.send("Runtime.enable")
        return page

    async def close(self) -> None:
        self._reader.cancel()
        try:
            await self._reader
        except asyncio.CancelledError:
            if asyncio.current_task().cancelling():  # type: ignore[union-attr]
                raise
        await self.ws.close()


async def _devtools_endpoint(profile: Path, process: asyncio.subprocess.Process, log: Path) -> str:
    """Wait (bounded) for Chromium to write ``DevToolsActivePort``; return the
    browser websocket path ``port/devtools/browser/<id>``."""
    marker = profile / "DevToolsActivePort"
    # A cold start on a fresh machine (font caches, a new profile) once took
    # longer than 15 s in CI: the bound only stops a Chromium that hangs.
    async with asyncio.timeout(60):
        while True:
            if process.returncode is not None:
                raise RuntimeError(f"chromium exited with {process.returncode}: {_read(log)}")
            lines = _read(marker).split()
            if len(lines) == 2:
                return f"{lines[0]}{lines[1]}"
            await asyncio.sleep(0.05)


@pytest.fixture
async def browser(tmp_path: Path) -> AsyncIterator[Browser]:
    """A headless Chromium for this test; always killed at teardown."""
    executable = _require_chromium()
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    log = tmp_path / "chromium.log"
    args = [
        executable,
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--mute-audio",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        "--remote-debugging-port=0",
        "about:blank",
    ]
    with log.open("wb") as log_file:
        process = await asyncio.create_subprocess_exec(
            *args,
            stdout=log_file,
            stderr=log_file,
            stdin=asyncio.subprocess.DEVNULL,
            start_new_session=True,
        )
    session = aiohttp.ClientSession()
    handle: Browser | None = None
    try:
        endpoint = await _devtools_endpoint(profile, process, log)
        port, _, path = endpoint.partition("/")
        ws = await session.ws_connect(f"ws://127.0.0.1:{port}/{path}", max_msg_size=0)
        handle = Browser(ws)
        yield handle
    finally:
        if handle is not None:
            await handle.close()
        await session.close()
        if process.returncode is None:
            os.killpg(process.pid, signal.SIGKILL)  # its own session: the renderers too
        async with asyncio.timeout(10):
            await process.wait()


def _ticket_data(path: Path, now: datetime) -> Path:
    """Write the provider's data file: HOURLY_SHAPE tickets in the last 24
    hours and OLDER tickets days before, all for TENANT, plus two of
    another tenant (skipped by the ingestion of TENANT)."""
    rng = random.Random(2024)
    current_hour = now.replace(minute=0, second=0, microsecond=0)
    moments = [
        current_hour - timedelta(hours=hours_ago) + timedelta(minutes=2 + 6 * i)
        for hours_ago, count in HOURLY_SHAPE.items()
        for i in range(count)
    ]
    moments += [now - timedelta(days=2 + i % 20, minutes=13 * i) for i in range(OLDER)]
    tickets = [
        make_ticket(number, TENANT, f"cust-{rng.randrange(1, 9)}", rng, created).to_json()
        for number, created in enumerate(sorted(moments), start=1)
    ]
    tickets += [
        make_ticket(500 + i, "globex", "cust-900", rng, now - timedelta(hours=i + 1)).to_json()
        for i in range(2)
    ]
    path.write_bytes(orjson.dumps(tickets))
    return path


# Everything the checks need from the rendered page, read in one go.
READ_DASHBOARD = """(() => {
  const rect = (el) => el.getBoundingClientRect();
  const text = (sel) => document.querySelector(sel).textContent.trim();
  const plot = document.querySelector('#trend-bars .plot');
  return {
    state: document.documentElement.dataset.state,
    bars: [...document.querySelectorAll('#trend-bars .bar')].map((bar) => ({
      count: Number(bar.dataset.count),
      hour: bar.dataset.hour,
      height: rect(bar).height,
      bottom: rect(bar).bottom,
      left: rect(bar).left,
      right: rect(bar).right,
      label: bar.getAttribute('aria-label'),
      role: bar.getAttribute('role'),
    })),
    plotHeight: plot ? plot.clientHeight : 0,  // the bars' box, without the baseline
    plotTop: plot ? rect(plot).top : 0,
    plotBottom: plot ? rect(plot).bottom : 0,
    ticks: [...document.querySelectorAll('#trend-ticks .y-tick')].map((tick) => {
      const r = rect(tick);
      return [tick.textContent, (r.top + r.bottom) / 2];
    }),
    hourLabels: [...document.querySelectorAll('#trend-bars .slot')]
      .filter((slot) => getComputedStyle(slot.querySelector('.slot-hour')).visibility === 'visible')
      .map((slot) => slot.querySelector('.slot-hour').textContent),
    total: text('#kpi-total'),
    high: text('#kpi-high'),
    negative: text('#kpi-negative'),
    action: text('#kpi-action'),
    mixes: Object.fromEntries(['status', 'urgency', 'sentiment', 'source'].map((name) => [name,
      Object.fromEntries([...document.querySelectorAll(`#mix-${name} .legend li`)].map((li) => [
        li.dataset.key,
        [Number(li.dataset.count), li.querySelector('.legend-value').textContent],
      ]))])),
    keywords: [...document.querySelectorAll('#keywords li[data-keyword]')].map((li) =>
      [li.dataset.keyword, Number(li.dataset.count), li.querySelector('.hbar-value').textContent]),
    customers: [...document.querySelectorAll('#risk tbody tr')].map((tr) =>
      [...tr.children].map((cell) => cell.textContent)),
    riskCount: text('#risk-count'),
    alerts: {
      level: document.querySelector('#alerts').dataset.level,
      breaker: text('#alert-breaker'),
      pending: text('#alert-pending'),
      oldest: text('#alert-oldest'),
      dead: text('#alert-dead'),
    },
    ingestion: document.querySelector('#ingestion').dataset.status,
    ingestionText: text('#ingest-status'),
    message: document.querySelector('#message').hidden ? null : text('#message'),
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    trendBottom: rect(document.querySelector('.trend-panel')).bottom,
    innerHeight: window.innerHeight,
  };
})()"""

# Every piece of visible text on the page, by its own glyph boxes (a Range
# over each text node): two texts overlapping (labels running together,
# "22:0000:0002:00"), text cut off by a box that clips its overflow (an
# ellipsis, a hidden overflow) or reaching past the window's edges.
LAYOUT_PROBLEMS = """(() => {
  const problems = [];
  const texts = [];
  const label = (node) => JSON.stringify(node.textContent.trim().slice(0, 40));
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || el.closest('[hidden], noscript, .visually-hidden')) continue;
    if (getComputedStyle(el).visibility !== 'visible') continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length) continue;
    texts.push({ node, rects });
    for (let box = el; box && box !== document.documentElement; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (style.overflowX === 'visible' && style.overflowY === 'visible'
          && style.textOverflow !== 'ellipsis') continue;
      const edge = box.getBoundingClientRect();
      for (const r of rects) {
        if (r.left < edge.left - 1 || r.right > edge.right + 1
            || r.top < edge.top - 1 || r.bottom > edge.bottom + 1) {
          const name = `<${box.tagName.toLowerCase()} class="${box.className}">`;
          problems.push(`clipped: ${label(node)} by ${name}`);
        }
      }
    }
    const panel = el.closest('.panel, .kpi, .topbar, .message');
    if (panel) {
      const edge = panel.getBoundingClientRect();
      for (const r of rects) {
        if (r.left < edge.left - 1 || r.right > edge.right + 1) {
          problems.push(`outside its panel: ${label(node)}`);
        }
      }
    }
    for (const r of rects) {
      if (r.left < -1 || r.right > window.innerWidth + 1) {
        problems.push(`off-screen: ${label(node)} (${Math.round(r.left)}..${Math.round(r.right)})`);
      }
    }
  }
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      for (const a of texts[i].rects) {
        for (const b of texts[j].rects) {
          const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (x > 2 && y > 4) {
            problems.push(`overlap: ${label(texts[i].node)} and ${label(texts[j].node)}`);
          }
        }
      }
    }
  }
  return problems;
})()"""

LAPTOP = (1366, 768)
PHONE = (390, 844)


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def _percent(ratio: float) -> str:
    value = 100 * ratio
    return f"{value:.0f}%" if value >= 10 or value == 0 else f"{value:.1f}%"


async def _at_size(page: Page, width: int, height: int) -> dict[str, Any]:
    """Resize the window, wait until the trend is laid out for it, and
    read the page."""
    await page.viewport(width, height)
    await page.wait_for(f"document.documentElement.dataset.layoutWidth === '{width}'")
    return await page.evaluate(READ_DASHBOARD)


def _check_readable(shown: dict[str, Any], problems: list[str], size: tuple[int, int]) -> None:
    assert problems == [], (size, problems)
    assert shown["scrollWidth"] <= shown["innerWidth"], size  # no sideways scrolling
    # The y-axis: 0 at the bars' baseline, 4 equal steps, the top one at
    # the top of the plot and at least the peak.
    values = [_number(t) for t, _ in shown["ticks"]]
    step = values[1]
    assert values == [0, step, 2 * step, 3 * step, 4 * step], values
    assert values[-1] >= max(b["count"] for b in shown["bars"])
    assert shown["ticks"][0][1] == pytest.approx(shown["plotBottom"], abs=3)
    assert shown["ticks"][-1][1] == pytest.approx(shown["plotTop"], abs=3)
    # Bars side by side, never overlapping, with a gap between them.
    for left, right in itertools.pairwise(shown["bars"]):
        assert right["left"] >= left["right"] + 1, (size, left, right)
    # Hour labels: evenly spaced, the current hour always among them.
    assert 4 <= len(shown["hourLabels"]) <= 24, shown["hourLabels"]
    assert 24 % len(shown["hourLabels"]) == 0, shown["hourLabels"]


async def test_dashboard_draws_the_tenant_stats(
    start_provider: StartProvider, start_daemon: StartDaemon, browser: Browser, tmp_path: Path
) -> None:
    """1. serve a data file with a known hourly shape from the mock provider,
       whose /notify refuses every call (alerts pile up, the breaker opens);
    2. start the daemon and ingest the tenant (wait=true);
    3. read /tenants/{t}/stats and /circuit/notify/status;
    4. load /dashboard/{t} at 1366x768 and wait until it is drawn;
    5. check 24 bars, their heights against the counts and the y-axis, every
       number shown, the alert panel and "top N of M" at-risk customers;
    6. check that no text overlaps, is cut off or leaves the window, at
       1366x768 and at 390x844 (a phone), with a screenshot of each;
    7. check it refreshes by itself, and the index lists the tenant with
       its ticket and urgent counts."""
    data = _ticket_data(tmp_path / "tickets.json", datetime.now(UTC))
    provider = await start_provider(
        data=str(data),
        tenants=(TENANT, "globex"),
        notify_fail_first=1_000_000,
        notify_outage_after=0,
    )
    daemon = await start_daemon(external_url=provider.url, notify_poll_seconds=0.2)
    _, report = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": TENANT, "wait": "true"}, status=200
    )
    assert report["status"] == "completed", report
    queued = report["counts"]["notifications_queued"]
    assert queued > 0
    stats = await daemon.get(f"/tenants/{TENANT}/stats")
    assert stats["total_tickets"] == sum(HOURLY_SHAPE.values()) + OLDER
    async with asyncio.timeout(20):  # the refused deliveries open the breaker
        while True:
            if (await daemon.get("/circuit/notify/status"))["state"] == "open":
                break
            await asyncio.sleep(0.1)

    page = await browser.new_page()
    await page.viewport(*LAPTOP)
    await page.goto(f"{daemon.url}/dashboard/{TENANT}")
    await page.wait_for(
        "document.documentElement.dataset.state !== 'loading'"
        " && document.querySelector('#alerts').dataset.level === 'bad'"
    )
    shown = await _at_size(page, *LAPTOP)
    if [bar["hour"] for bar in shown["bars"]] != [b["hour"] for b in stats["hourly_trend"]]:
        # The clock hour turned between the two reads: wait for the next
        # refresh and read both again.
        await page.wait_for("Number(document.documentElement.dataset.renders) > 1", timeout=8)
        stats = await daemon.get(f"/tenants/{TENANT}/stats")
        shown = await page.evaluate(READ_DASHBOARD)
    assert shown["state"] == "ready", shown["message"]
    assert shown["message"] is None

    # The trend: 24 bars, oldest first, heights proportional to the counts.
    bars = shown["bars"]
    assert len(bars) == 24
    assert [(b["hour"], b["count"]) for b in bars] == [
        (b["hour"], b["count"]) for b in stats["hourly_trend"]
    ]
    counts = [b["count"] for b in bars]
    assert sum(counts) == sum(HOURLY_SHAPE.values())
    peak = max(counts)
    tallest = max(b["height"] for b in bars)
    assert tallest > 0.6 * shown["plotHeight"] > 60, shown["plotHeight"]
    axis_top = _number(shown["ticks"][-1][0])
    assert tallest == pytest.approx(shown["plotHeight"] * peak / axis_top, abs=1.5)
    for bar in bars:
        if bar["count"] == 0:
            assert bar["height"] < 0.5, bar
        else:
            assert bar["height"] == pytest.approx(tallest * bar["count"] / peak, abs=1.5), bar
        assert bar["role"] == "img" and f"{bar['count']} ticket" in bar["label"], bar
    assert len({round(b["bottom"]) for b in bars}) == 1, "bars share one baseline"

    # The numbers match the stats endpoint.
    assert _number(shown["total"]) == stats["total_tickets"]
    assert shown["high"] == _percent(stats["urgency_high_ratio"])
    assert shown["negative"] == _percent(stats["negative_sentiment_ratio"])
    assert _number(shown["action"]) == stats["requires_action_count"]
    for name in ("status", "urgency", "sentiment", "source"):
        expected = stats[f"by_{name}"]
        legend = shown["mixes"][name]
        assert {k: v for k, (v, _) in legend.items() if v} == expected, name
        assert all(_number(text) == count for count, text in legend.values()), legend
    assert [(k, c) for k, c, _ in shown["keywords"]] == [
        (k["keyword"], k["count"]) for k in stats["top_keywords"]
    ]
    assert all(_number(text) == count for _, count, text in shown["keywords"])
    assert shown["customers"] == [
        [c["customer_id"], str(c["negative"]), str(c["high_urgency"]), str(c["tickets"])]
        for c in stats["at_risk_customers"][:8]
    ]
    listed = min(8, len(stats["at_risk_customers"]))
    assert stats["at_risk_total"] >= listed > 0
    assert shown["riskCount"] == f"· top {listed} of {stats['at_risk_total']}"
    assert shown["ingestion"] == "completed"

    # The alert panel: what the notifier reports (nothing is delivered).
    status = await daemon.get("/circuit/notify/status")
    assert shown["alerts"]["level"] == "bad"
    assert shown["alerts"]["breaker"] == "Open" and status["state"] == "open"
    assert _number(shown["alerts"]["pending"]) == status["outbox"]["pending"] == queued
    assert _number(shown["alerts"]["dead"]) == status["outbox"]["dead"] == 0
    assert re.fullmatch(r"\d+ (s|min)", shown["alerts"]["oldest"]), shown["alerts"]

    # Readable on a laptop: nothing overlaps or is cut off, the trend above the fold.
    _check_readable(shown, await page.evaluate(LAYOUT_PROBLEMS), LAPTOP)
    assert shown["trendBottom"] <= shown["innerHeight"]
    laptop = await page.screenshot(tmp_path / "dashboard-1366x768.png")
    shutil.copyfile(laptop, SCREENSHOT_DIR / "dashboard-1366x768.png")

    # And on a phone.
    phone = await _at_size(page, *PHONE)
    _check_readable(phone, await page.evaluate(LAYOUT_PROBLEMS), PHONE)
    assert len(phone["bars"]) == 24
    assert len(phone["hourLabels"]) < len(shown["hourLabels"])  # fewer labels fit
    await page.send(
        "Emulation.setDeviceMetricsOverride",
        width=PHONE[0],
        height=PHONE[1],
        deviceScaleFactor=1,
        mobile=False,
    )
    full = await page.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)
    phone_shot = _write(tmp_path / "dashboard-390x844.png", base64.b64decode(full["data"]))
    shutil.copyfile(phone_shot, SCREENSHOT_DIR / "dashboard-390x844.png")

    # It refreshes on its own (every 5 s) and stays consistent.
    renders = int(await page.evaluate("document.documentElement.dataset.renders"))
    await page.wait_for(f"Number(document.documentElement.dataset.renders) > {renders}", timeout=8)
    assert await page.evaluate(LAYOUT_PROBLEMS) == []

    # The index lists the ingested tenant, with its counts, linked to this dashboard.
    await page.viewport(*LAPTOP)
    await page.goto(f"{daemon.url}/")
    links = await page.evaluate(
        "[...document.querySelectorAll('.tenant-list a')].map((a) =>"
        " [a.pathname, Number(a.dataset.tickets), Number(a.dataset.urgent),"
        " a.querySelector('.tenant-counts').textContent])"
    )
    high = stats["by_urgency"].get("high", 0)
    assert links == [
        [
            f"/dashboard/{TENANT}",
            stats["total_tickets"],
            high,
            f"{stats['total_tickets']} tickets · {high} urgent",
        ]
    ]
    assert await page.evaluate(LAYOUT_PROBLEMS) == []
    await page.screenshot(tmp_path / "index.png")
    # At phone width a tenant name stays whole (one line, not "tenant_" and
    # "a"); the counts move under it when both do not fit.
    await page.viewport(*PHONE)
    await page.goto(f"{daemon.url}/")
    # A longer, ordinary tenant id in the same row (ids reach 64 characters).
    lines = await page.evaluate(
        "[...document.querySelectorAll('.tenant-name')].map((el) => {"
        " el.textContent = 'tenant_support_eu';"
        " const range = document.createRange(); range.selectNodeContents(el);"
        " return [el.textContent, range.getClientRects().length]; })"
    )
    assert lines == [["tenant_support_eu", 1]]
    assert await page.evaluate(LAYOUT_PROBLEMS) == []
    assert browser.exceptions == [], browser.exceptions
    assert browser.console_errors == [], browser.console_errors


async def test_dashboard_explains_missing_tokens_and_empty_tenants(
    start_provider: StartProvider, start_daemon: StartDaemon, browser: Browser, tmp_path: Path
) -> None:
    """1. start a daemon that needs tokens, with nothing ingested;
    2. without a token the page says a token is needed (401);
    3. with ``#token=`` scoped to the tenant it shows the empty state, and the
       token left the address bar;
    4. the same tab, on another tenant's dashboard, says the token does not
       cover it (403)."""
    provider = await start_provider()
    daemon = await start_daemon(external_url=provider.url, auth_tokens=f"{TOKEN}={TENANT}")
    page = await browser.new_page()
    await page.viewport(1366, 768)

    await page.goto(f"{daemon.url}/dashboard/{TENANT}")
    await page.wait_for("document.documentElement.dataset.state === 'error'")
    shown = await page.evaluate(READ_DASHBOARD)
    assert "token is needed" in shown["message"], shown["message"]
    assert await page.evaluate("document.documentElement.dataset.errorStatus") == "401"
    await page.screenshot(tmp_path / "dashboard-401.png")

    # Same document: the page picks the token up on "hashchange".
    await page.goto(f"{daemon.url}/dashboard/{TENANT}#token={TOKEN}")
    await page.wait_for("document.documentElement.dataset.state === 'empty'")
    shown = await page.evaluate(READ_DASHBOARD)
    assert f"No tickets for {TENANT} yet" in shown["message"]
    assert len(shown["bars"]) == 24 and all(b["height"] == 0 for b in shown["bars"])
    assert _number(shown["total"]) == 0
    assert shown["ingestion"] == "never"
    assert await page.evaluate("location.href") == f"{daemon.url}/dashboard/{TENANT}"
    await page.screenshot(tmp_path / "dashboard-empty.png")

    await page.goto(f"{daemon.url}/dashboard/globex")
    await page.wait_for("document.documentElement.dataset.state === 'error'")
    shown = await page.evaluate(READ_DASHBOARD)
    assert "does not cover tenant globex" in shown["message"], shown["message"]
    # The live line sits above the message, so it points down to it.
    live = await page.evaluate("document.getElementById('refresh-state').textContent")
    assert live == "Stopped: see the message below", live
    assert browser.exceptions == [], browser.exceptions
