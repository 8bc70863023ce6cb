// ticketd tenant dashboard: fetches the tenant's stats and last ingestion
// status every few seconds and draws them with plain DOM elements.
//
// The page carries no data. The tenant id comes from the path
// (/dashboard/{tenant_id}); a bearer token, when the service needs one, is
// given once in the URL fragment (#token=...), kept in sessionStorage for
// this tab, removed from the address bar, and sent only in the
// Authorization header.
//
// For tests and tools, the <html> element exposes data-state (loading,
// ready, empty, error), data-live (on, paused, stale, stopped),
// data-renders (how many times the stats were drawn) and data-layout-width
// (the window width the trend's labels were last laid out for).
(() => {
  "use strict";

  const REFRESH_MS = 5000;
  const FETCH_TIMEOUT_MS = 4500;
  const TOKEN_KEY = "ticketd.token";
  const ORDERS = {
    status: ["open", "pending", "closed"],
    urgency: ["high", "medium", "low"],
    sentiment: ["negative", "neutral", "positive"],
    source: ["email", "web", "chat", "api"],
  };

  const LABELS = { api: "API" };

  const root = document.documentElement;
  const byId = (id) => document.getElementById(id);
  const integer = new Intl.NumberFormat("en-US");
  const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  const hourOnly = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", hour12: false });
  const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

  class HttpError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  // ---- inputs: tenant id and token ----

  let memoryToken = null; // used only when sessionStorage is unavailable

  function tenantFromPath() {
    const match = /^\/dashboard\/([^/]+)\/?$/.exec(window.location.pathname);
    if (!match) return null;
    try {
      return decodeURIComponent(match[1]);
    } catch {
      return null;
    }
  }

  function adoptTokenFromFragment() {
    const fragment = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    const given = fragment.get("token");
    if (given === null) return;
    try {
      if (given.trim()) sessionStorage.setItem(TOKEN_KEY, given.trim());
      else sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      memoryToken = given.trim() || null; // storage disabled: keep it for this page only
    }
    // Keep the secret out of the address bar, history and screenshots.
    history.replaceState(null, "", window.location.pathname + window.location.search);
  }

  function currentToken() {
    try {
      return sessionStorage.getItem(TOKEN_KEY) || memoryToken;
    } catch {
      return memoryToken;
    }
  }

  // ---- fetching ----

  async function getJson(path) {
    const headers = { Accept: "application/json" };
    const token = currentToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), FETCH_TIMEOUT_MS);
    try {
      const response = await fetch(path, { headers, signal: controller.signal, cache: "no-store", credentials: "omit" });
      let body = null;
      try {
        body = await response.json();
      } catch {
        body = null;
      }
      if (!response.ok) {
        const error = (body && body.error) || {};
        throw new HttpError(response.status, error.code || "http_error", error.message || response.statusText);
      }
      return body;
    } finally {
      clearTimeout(timer);
    }
  }

  // ---- small DOM helpers ----

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function setText(id, text) {
    byId(id).textContent = text;
  }

  function percent(ratio) {
    const value = 100 * (Number(ratio) || 0);
    return `${value >= 10 || value === 0 ? value.toFixed(0) : value.toFixed(1)}%`;
  }

  function plural(n, one, many) {
    return `${integer.format(n)} ${n === 1 ? one : many}`;
  }

  function ago(iso) {
    const seconds = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
    if (seconds < 60) return "just now";
    if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
    if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
    return `${Math.round(seconds / 86400)} d ago`;
  }

  // ---- drawing ----

  function drawHeadline(stats) {
    const total = stats.total_tickets;
    const lastDay = (stats.hourly_trend || []).reduce((acc, b) => acc + b.count, 0);
    const high = (stats.by_urgency || {}).high || 0;
    const negative = (stats.by_sentiment || {}).negative || 0;
    setText("kpi-total", integer.format(total));
    const scope = stats.from_date ? `since ${dateTime.format(new Date(stats.from_date))}` : "all time";
    setText("kpi-total-note", `${scope} · ${integer.format(lastDay)} in the last 24 h`);
    setText("kpi-high", percent(stats.urgency_high_ratio));
    setText("kpi-high-note", `${plural(high, "ticket", "tickets")} high urgency`);
    setText("kpi-negative", percent(stats.negative_sentiment_ratio));
    setText("kpi-negative-note", `${plural(negative, "ticket", "tickets")} negative`);
    setText("kpi-action", integer.format(stats.requires_action_count));
    setText("kpi-action-note", total ? `${percent(stats.requires_action_count / total)} of tickets` : "tickets");
  }

  // The y-axis top: 4 equal integer steps of 1, 2, 3, 4, 5, 6 or 8 times a
  // power of ten, the smallest that reaches the peak, so the scale reads
  // easily and the tallest bar fills most of the plot.
  function axisStep(peak) {
    if (peak <= 4) return 1;
    const raw = peak / 4;
    const power = 10 ** Math.floor(Math.log10(raw));
    for (const m of [1, 2, 3, 4, 5, 6, 8, 10]) {
      if (m * power >= raw) return Math.max(1, m * power);
    }
    return 10 * power;
  }

  function drawAxis(step) {
    const ticks = [0, 1, 2, 3, 4].map((i) => {
      const tick = el("span", "y-tick", integer.format(i * step));
      tick.style.bottom = `${25 * i}%`;
      return tick;
    });
    byId("trend-ticks").replaceChildren(...ticks);
  }

  // Hour labels and per-bar counts take room; on a narrow screen only
  // every 2nd, 3rd, 4th or 6th hour is labelled (always the current one)
  // and counts are left to the axis and the bars' titles.
  const HOUR_LABEL_PX = 40;
  const COUNT_LABEL_PX = 24;

  function layoutTrend() {
    const list = byId("trend-bars");
    const slots = [...list.children];
    if (!slots.length) return;
    const slotWidth = list.getBoundingClientRect().width / slots.length;
    const step = [1, 2, 3, 4, 6, 8, 12].find((n) => n * slotWidth >= HOUR_LABEL_PX) || 24;
    slots.forEach((slot, index) => {
      slot.dataset.label = (slots.length - 1 - index) % step === 0 ? "yes" : "no";
    });
    list.dataset.counts = slotWidth >= COUNT_LABEL_PX ? "shown" : "hidden";
    root.dataset.layoutWidth = String(window.innerWidth);
  }

  function drawTrend(trend) {
    const list = byId("trend-bars");
    const peak = Math.max(0, ...trend.map((b) => b.count));
    const step = axisStep(peak);
    const max = 4 * step;
    drawAxis(step);
    const items = trend.map((bucket, index) => {
      const start = new Date(bucket.hour);
      const label = hourOnly.format(start);
      const item = el("li", "slot");
      if (index === trend.length - 1) item.dataset.now = "true";
      const share = max > 0 ? (100 * bucket.count) / max : 0;
      const count = el("span", "slot-count", bucket.count > 0 ? integer.format(bucket.count) : "");
      count.setAttribute("aria-hidden", "true");
      count.style.bottom = `${share}%`;
      const plot = el("div", "plot");
      const bar = el("div", "bar");
      bar.dataset.count = String(bucket.count);
      bar.dataset.hour = bucket.hour;
      bar.setAttribute("role", "img");
      bar.setAttribute("aria-label", `${label}${index === trend.length - 1 ? " (this hour)" : ""}: ${plural(bucket.count, "ticket", "tickets")}`);
      bar.title = `${dateTime.format(start)}: ${plural(bucket.count, "ticket", "tickets")}`;
      bar.style.height = `${share}%`;
      if (peak > 0 && bucket.count === peak) bar.dataset.peak = "true";
      plot.append(bar, count);
      const hour = el("span", "slot-hour", label);
      hour.setAttribute("aria-hidden", "true");
      item.append(plot, hour);
      return item;
    });
    list.replaceChildren(...items);
    layoutTrend();
    const sum = trend.reduce((acc, b) => acc + b.count, 0);
    const peakBucket = trend.find((b) => peak > 0 && b.count === peak);
    setText("trend-summary", peakBucket
      ? `${plural(sum, "ticket", "tickets")} in 24 h · peak ${integer.format(peak)} at ${hourOnly.format(new Date(peakBucket.hour))}`
      : "no tickets in the last 24 hours");
  }

  function drawMix(id, counts, order) {
    const box = byId(id);
    const title = box.querySelector("h2").textContent;
    const keys = [...order, ...Object.keys(counts).filter((k) => !order.includes(k)).sort()];
    const total = keys.reduce((acc, k) => acc + (counts[k] || 0), 0);
    const segments = [];
    const rows = [];
    const spoken = [];
    for (const key of keys) {
      const n = counts[key] || 0;
      const share = total ? n / total : 0;
      const colour = order.includes(key) ? `c-${key}` : "c-other";
      if (n > 0) {
        const segment = el("div", `segment ${colour}`);
        segment.style.width = `${100 * share}%`;
        segment.title = `${key}: ${integer.format(n)} (${percent(share)})`;
        segments.push(segment);
      }
      const row = el("li");
      row.dataset.key = key;
      row.dataset.count = String(n);
      const swatch = el("span", `swatch ${colour}`);
      swatch.setAttribute("aria-hidden", "true");
      row.append(swatch, el("span", "legend-label", LABELS[key] || key), el("span", "legend-value", integer.format(n)), el("span", "legend-share", percent(share)));
      rows.push(row);
      spoken.push(`${key} ${integer.format(n)} (${percent(share)})`);
    }
    const bar = box.querySelector(".mix-bar");
    bar.replaceChildren(...segments);
    bar.setAttribute("aria-label", `${title}: ${spoken.join(", ")}`);
    box.querySelector(".legend").replaceChildren(...rows);
  }

  function drawKeywords(keywords) {
    const list = byId("keywords");
    if (!keywords.length) {
      list.replaceChildren(el("li", "empty-note", "No classification keywords matched yet."));
      return;
    }
    const max = Math.max(...keywords.map((k) => k.count));
    list.replaceChildren(...keywords.map((entry) => {
      const row = el("li");
      row.dataset.keyword = entry.keyword;
      row.dataset.count = String(entry.count);
      row.setAttribute("aria-label", `${entry.keyword}: ${plural(entry.count, "ticket", "tickets")}`);
      const track = el("span", "hbar-track");
      track.setAttribute("aria-hidden", "true");
      const fill = el("span", "hbar-fill");
      fill.style.width = `${(100 * entry.count) / max}%`;
      track.append(fill);
      const label = el("span", "hbar-label", entry.keyword);
      label.title = entry.keyword;
      row.append(label, track, el("span", "hbar-value", integer.format(entry.count)));
      return row;
    }));
  }

  const RISK_ROWS = 8;

  function drawRisk(customers, total) {
    const body = byId("risk").querySelector("tbody");
    byId("risk").hidden = customers.length === 0;
    byId("risk-empty").hidden = customers.length !== 0;
    const shown = Math.min(RISK_ROWS, customers.length);
    const all = Math.max(total || 0, customers.length);
    setText("risk-count", shown ? `· top ${shown} of ${integer.format(all)}` : "");
    body.replaceChildren(...customers.slice(0, RISK_ROWS).map((c) => {
      const row = el("tr");
      row.dataset.customer = c.customer_id;
      const name = el("th", "", c.customer_id);
      name.scope = "row";
      const negative = el("td", c.negative ? "num hot" : "num", integer.format(c.negative));
      const high = el("td", c.high_urgency ? "num hot" : "num", integer.format(c.high_urgency));
      row.append(name, negative, high, el("td", "num", integer.format(c.tickets)));
      return row;
    }));
  }

  function drawIngestion(status) {
    const box = byId("ingestion");
    const active = status && status.active_job;
    const last = status && status.last_run;
    if (active) {
      box.dataset.status = "running";
      setText("ingest-status", `Running ${Math.round(active.progress)}%`);
      const pages = active.total_pages ? `page ${active.processed_pages} of ${active.total_pages}` : `${active.processed_pages} pages`;
      setText("ingest-note", `${pages}${active.stalled ? " · stalled" : ""}`);
    } else if (last) {
      box.dataset.status = last.status;
      setText("ingest-status", last.status);
      const counts = last.counts || {};
      const when = last.ended_at ? ago(last.ended_at) : "";
      const changed = last.error || `${integer.format(counts.created || 0)} new, ${integer.format(counts.updated || 0)} updated`;
      setText("ingest-note", [when, changed].filter(Boolean).join(" · "));
      byId("ingest-note").title = last.ended_at ? `ended ${dateTime.format(new Date(last.ended_at))}` : "";
    } else {
      box.dataset.status = "never";
      setText("ingest-status", "Never run");
      setText("ingest-note", "no ingestion recorded");
    }
  }

  function duration(seconds) {
    if (seconds < 60) return `${Math.round(seconds)} s`;
    if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
    if (seconds < 86400) return `${(seconds / 3600).toFixed(1)} h`;
    return `${(seconds / 86400).toFixed(1)} d`;
  }

  const BREAKER_NAMES = { closed: "Closed", open: "Open", half_open: "Half-open" };
  const OLD_PENDING_SECONDS = 300; // an undelivered alert older than this is a warning

  function drawAlerts(status) {
    const box = byId("alerts");
    const outbox = status.outbox || {};
    const state = status.state || "unknown";
    setText("alert-breaker", BREAKER_NAMES[state] || state);
    byId("alert-breaker").dataset.state = state;
    let note = `${plural(status.failure_count || 0, "failure", "failures")} of last ${status.window || 0}`;
    if (state === "open" && status.opened_at) note = `since ${ago(status.opened_at).replace(" ago", "")}`;
    if (state === "half_open") note = "trying one call";
    setText("alert-breaker-note", note);
    setText("alert-pending", integer.format(outbox.pending || 0));
    const oldest = outbox.oldest_pending_at ? Math.max(0, (Date.now() - Date.parse(outbox.oldest_pending_at)) / 1000) : null;
    setText("alert-oldest", oldest === null ? "–" : duration(oldest));
    setText("alert-oldest-note", oldest === null ? "none waiting" : "waiting");
    setText("alert-dead", integer.format(outbox.dead || 0));
    let level = "ok";
    if ((outbox.dead || 0) > 0 || state === "half_open" || (oldest !== null && oldest > OLD_PENDING_SECONDS)) level = "warn";
    if (state === "open") level = "bad";
    box.dataset.level = level;
  }

  function drawUnavailableAlerts(error) {
    byId("alerts").dataset.level = "unknown";
    for (const id of ["alert-breaker", "alert-pending", "alert-oldest", "alert-dead"]) setText(id, "–");
    setText("alert-breaker-note", `unavailable (${error.status || "network"})`);
    setText("alert-oldest-note", "\u00a0");
  }

  function drawUnavailableIngestion(error) {
    byId("ingestion").dataset.status = "unknown";
    setText("ingest-status", "Unknown");
    setText("ingest-note", `status unavailable (${error.status || "network"})`);
  }

  function drawFooter(stats) {
    const generated = new Date(stats.generated_at);
    setText("window", stats.from_date
      ? `Window: ${dateTime.format(new Date(stats.from_date))} to ${dateTime.format(new Date(stats.to_date))}`
      : `Window: all tickets up to ${dateTime.format(new Date(stats.to_date))}`);
    setText("generated", `Stats generated ${dateTime.format(generated)} · hours in local time`);
  }

  // ---- states ----

  function showMessage(kind, title, detail) {
    const box = byId("message");
    box.dataset.kind = kind;
    const heading = el("strong", "", title);
    const parts = [heading];
    if (detail) parts.push(detail);
    box.replaceChildren(...parts);
    box.hidden = false;
  }

  function clearMessage() {
    const box = byId("message");
    box.hidden = true;
    box.replaceChildren();
    delete box.dataset.kind;
  }

  function codeSpan(text) {
    return el("code", "", text);
  }

  function sentence(...parts) {
    const p = el("p");
    p.append(...parts.map((part) => (typeof part === "string" ? document.createTextNode(part) : part)));
    return p;
  }

  function explain(error, tenant) {
    if (error instanceof HttpError) {
      if (error.status === 401) {
        return {
          title: currentToken() ? "The access token was not accepted" : "An access token is needed",
          detail: sentence(
            "This ticketd requires a bearer token. Open the dashboard as ",
            codeSpan(`/dashboard/${tenant}#token=YOUR_TOKEN`),
            " (the token stays in this tab and is sent only in the Authorization header).",
          ),
          final: true,
        };
      }
      if (error.status === 403) {
        return {
          title: `This token does not cover tenant ${tenant}`,
          detail: sentence("Use a token scoped to this tenant (or an admin token): ", codeSpan(`#token=YOUR_TOKEN`)),
          final: true,
        };
      }
      if (error.status === 400 || error.status === 422) {
        return { title: `“${tenant}” is not a valid tenant id`, detail: sentence(error.message), final: true };
      }
      return { title: `ticketd answered ${error.status}`, detail: sentence(`${error.message} · retrying every ${REFRESH_MS / 1000} s`), final: false };
    }
    return { title: "Cannot reach ticketd", detail: sentence(`The last request failed; retrying every ${REFRESH_MS / 1000} s.`), final: false };
  }

  // ---- refresh loop ----

  const tenant = tenantFromPath();
  let timer = null;
  let running = false;
  let stopped = false;
  let renders = 0;

  function setLive(mode, text) {
    root.dataset.live = mode;
    setText("refresh-state", text);
  }

  function schedule() {
    clearTimeout(timer);
    timer = null;
    if (stopped) return;
    if (document.hidden) {
      setLive("paused", "Paused while this tab is hidden");
      return;
    }
    timer = setTimeout(refresh, REFRESH_MS);
  }

  async function refresh() {
    if (running || stopped) return;
    running = true;
    clearTimeout(timer);
    const encoded = encodeURIComponent(tenant);
    try {
      const [stats, status, alerts] = await Promise.allSettled([
        getJson(`/tenants/${encoded}/stats`),
        getJson(`/ingest/status?tenant_id=${encoded}`),
        getJson("/circuit/notify/status"),
      ]);
      if (stats.status === "rejected") throw stats.reason;
      drawHeadline(stats.value);
      drawTrend(stats.value.hourly_trend || []);
      drawMix("mix-status", stats.value.by_status || {}, ORDERS.status);
      drawMix("mix-urgency", stats.value.by_urgency || {}, ORDERS.urgency);
      drawMix("mix-sentiment", stats.value.by_sentiment || {}, ORDERS.sentiment);
      drawMix("mix-source", stats.value.by_source || {}, ORDERS.source);
      drawKeywords(stats.value.top_keywords || []);
      drawRisk(stats.value.at_risk_customers || [], stats.value.at_risk_total);
      drawFooter(stats.value);
      if (status.status === "fulfilled") drawIngestion(status.value);
      else drawUnavailableIngestion(status.reason);
      if (alerts.status === "fulfilled") drawAlerts(alerts.value);
      else drawUnavailableAlerts(alerts.reason);
      renders += 1;
      root.dataset.renders = String(renders);
      root.dataset.hasData = "yes";
      root.dataset.generatedAt = stats.value.generated_at;
      byId("board").setAttribute("aria-busy", "false");
      if (stats.value.total_tickets === 0) {
        root.dataset.state = "empty";
        showMessage("empty", `No tickets for ${tenant} yet`, sentence(
          "Nothing has been ingested for this tenant. Start a run with ",
          codeSpan(`curl -X POST${currentToken() ? " -H 'Authorization: Bearer YOUR_TOKEN'" : ""} '${window.location.origin}/ingest/run?tenant_id=${encoded}'`),
          "; this page picks the numbers up by itself.",
        ));
      } else {
        root.dataset.state = "ready";
        clearMessage();
      }
      setLive("on", `Updated ${clock.format(new Date())} · every ${REFRESH_MS / 1000} s`);
    } catch (error) {
      const { title, detail, final } = explain(error, tenant);
      root.dataset.state = "error";
      root.dataset.errorStatus = String(error.status || 0);
      if (!root.dataset.hasData) root.dataset.hasData = "no";
      showMessage("error", title, detail);
      if (final) {
        stopped = true;
        setLive("stopped", "Stopped: see the message below");
      } else {
        setLive("stale", `Update failed at ${clock.format(new Date())} · retrying`);
      }
    } finally {
      running = false;
      schedule();
    }
  }

  function start() {
    if (tenant === null) {
      root.dataset.state = "error";
      showMessage("error", "No tenant in the address", sentence("Open ", codeSpan("/dashboard/TENANT_ID"), ", or pick a tenant on ", codeSpan("/"), "."));
      setLive("stopped", "Stopped");
      return;
    }
    document.title = `${tenant} · ticketd analytics`;
    setText("tenant-name", tenant);
    adoptTokenFromFragment();
    window.addEventListener("resize", layoutTrend);
    document.addEventListener("visibilitychange", () => {
      if (document.hidden) schedule();
      else refresh();
    });
    // A new #token=... restarts a dashboard stopped by 401/403.
    window.addEventListener("hashchange", () => {
      adoptTokenFromFragment();
      stopped = false;
      refresh();
    });
    refresh();
  }

  start();
})();
