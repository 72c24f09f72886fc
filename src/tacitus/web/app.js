/* Tacitus analyst page. Vanilla JS, charts drawn as inline SVG; talks only to this server's /api.
 *
 * The whole state of a view is in the URL's hash: #/VIEW/PART/PART?key=value&... (see readState),
 * so Back and Forward walk through it and a link reproduces the view. Every view's requests carry
 * the AbortSignal of that view; leaving the view aborts them, and api() refuses to hand back an
 * answer whose view is gone, so a late response never mixes into the next view.
 */
"use strict";

const QUADS = [
  { n: 1, label: "Verbal cooperation", verbal: true },
  { n: 2, label: "Material cooperation", verbal: false },
  { n: 3, label: "Verbal conflict", verbal: true },
  { n: 4, label: "Material conflict", verbal: false },
];
const QUAD_KEYS = { 1: "verbal_cooperation", 2: "material_cooperation", 3: "verbal_conflict", 4: "material_conflict" };
const PAGE = 50;
const SVG_NS = "http://www.w3.org/2000/svg";
const FREQ_TITLES = { day: "Day", week: "Week (from Monday)", month: "Month", year: "Year" };
const NETWORK_TOP = "50";
let COMPACT_PERIODS = 400; // more periods than this: one path per QuadClass and one cursor

const $ = (id) => document.getElementById(id);

/* ---------- small DOM helpers (text is always set as text, never as HTML) ---------- */

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  if (text !== undefined) node.textContent = String(text);
  return node;
}

function setAttrs(node, attrs) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.setAttribute("class", value);
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

function fmt(value, digits = 1) {
  return value === null || value === undefined || Number.isNaN(value) ? "–" : Number(value).toFixed(digits);
}

/* Whole numbers with thousands separators: 12,345. */
function num(value) {
  return value === null || value === undefined || Number.isNaN(Number(value)) ? "–" : Number(value).toLocaleString("en-US");
}

/* "1 event", "12,345 events". */
function plural(value, word) {
  return `${num(value)} ${word}${Number(value) === 1 ? "" : "s"}`;
}

/* ---------- API ---------- */

function apiUrl(path, params = {}) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "" || value === false) continue;
    url.searchParams.set(key, value === true ? "true" : String(value));
  }
  return url;
}

async function api(path, params = {}, signal) {
  const response = await fetch(apiUrl(path, params), { signal, headers: { Accept: "application/json" } });
  let body = null;
  try { body = await response.json(); } catch (error) { body = null; }
  // The view that asked is gone: its answer must not reach the page.
  if (signal && signal.aborted) throw new DOMException("view left", "AbortError");
  if (!response.ok) {
    const detail = body && body.detail ? body.detail : response.statusText;
    throw new Error(typeof detail === "string" ? detail : JSON.stringify(detail));
  }
  return body;
}

function isAbort(error) {
  return error && error.name === "AbortError";
}

function showError(error) {
  if (isAbort(error)) return;
  const box = $("status");
  box.textContent = String(error && error.message ? error.message : error);
  box.hidden = false;
}

function clearError() {
  $("status").hidden = true;
}

/* ---------- the URL: #/view/part/part?key=value ---------- */

function readState() {
  const hash = window.location.hash.replace(/^#\/?/, "");
  const at = hash.indexOf("?");
  const path = at < 0 ? hash : hash.slice(0, at);
  const params = new URLSearchParams(at < 0 ? "" : hash.slice(at + 1));
  const parts = path.split("/").map((part) => { try { return decodeURIComponent(part); } catch (e) { return part; } });
  return { view: parts[0] || "overview", parts: parts.slice(1), params };
}

function makeHash(view, parts = [], params = {}) {
  const path = [view, ...parts.map((part) => encodeURIComponent(part))].join("/");
  const query = new URLSearchParams();
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  for (const [key, value] of entries) {
    if (value === null || value === undefined || value === "" || value === false) continue;
    query.set(key, value === true ? "1" : String(value));
  }
  const text = query.toString();
  return `#/${path}${text ? `?${text}` : ""}`;
}

/* The current hash with some parameters changed (null removes one); a new history entry. */
function withParams(changes, { keepEvent = false } = {}) {
  const state = readState();
  const params = new URLSearchParams(state.params);
  if (!keepEvent && !("event" in changes)) params.delete("event");
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === "" || value === false) params.delete(key);
    else params.set(key, value === true ? "1" : String(value));
  }
  return makeHash(state.view, state.parts, params);
}

function navigate(hash) {
  if (window.location.hash === hash) route();
  else window.location.hash = hash;
}

/* ---------- actors ---------- */

function actorLabel(actor) {
  const name = actor.name || actor.code || String(actor.actor_id);
  // "China (CHNMIL)": tell a country's sector (or any coded actor) apart from the country itself.
  const coded = actor.code && actor.code !== name && actor.kind !== "person";
  return coded && (actor.sector || actor.kind !== "country") ? `${name} (${actor.code})` : name;
}

/* What to send as an actor parameter: a bare country is its country code, anything else its id. */
function actorRef(actor) {
  if (actor.kind === "country" && actor.country && !actor.sector) return actor.country;
  if (actor.actor_id === null || actor.actor_id === undefined) return actor.code;
  return String(actor.actor_id);
}

/* A partner row of an actor profile as an actor: a bare three-letter code is a country. */
function partnerActor(row) {
  const country = /^[A-Z]{3}$/.test(row.partner_code || "");
  return {
    actor_id: row.partner_id, name: row.partner, code: row.partner_code, events: row.events,
    kind: country ? "country" : "actor", country: country ? row.partner_code : null, sector: null,
  };
}

function actorKindText(actor) {
  const parts = [];
  if (actor.code) parts.push(actor.code);
  if (actor.kind && actor.kind !== "country") parts.push(actor.kind);
  if (actor.title) parts.push(actor.title);
  if (actor.events !== undefined && actor.events !== null) parts.push(`${num(actor.events)} events`);
  return parts.join(" · ");
}

/* An autocomplete over /api/actors attached to one input and its listbox. */
function autocomplete(input, list, onPick, onSubmit) {
  let items = [];
  let active = -1;
  let timer = null;
  let controller = null;

  function cancel() {
    clearTimeout(timer);
    if (controller) controller.abort();
    controller = null;
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function render() {
    clear(list);
    if (!items.length) {
      list.append(el("li", { class: "empty", "data-testid": "actor-suggestion-empty" }, "No actor matches"));
    }
    items.forEach((actor, index) => {
      list.append(
        el(
          "li",
          {
            role: "option",
            id: `${list.id || input.id}-option-${index}`,
            "data-testid": "actor-suggestion",
            "data-actor-id": actor.actor_id,
            "data-actor-code": actor.code,
            "aria-selected": index === active ? "true" : "false",
            onmousedown: (event) => { event.preventDefault(); pick(index); },
          },
          el("span", { class: "name" }, actorLabel(actor)),
          el("span", { class: "kind" }, actorKindText(actor)),
        ),
      );
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    if (active >= 0) input.setAttribute("aria-activedescendant", `${list.id || input.id}-option-${active}`);
  }

  function pick(index) {
    const actor = items[index];
    if (!actor) return;
    input.value = actorLabel(actor);
    input.dataset.ref = actorRef(actor);
    close();
    onPick(actor);
  }

  async function lookup() {
    const q = input.value.trim();
    if (!q) { close(); return; }
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const page = await api("/api/actors", { q, limit: 10 }, controller.signal);
      if (document.activeElement !== input) return; // the user has moved on: no list left open
      items = page.items;
      active = items.length ? 0 : -1;
      render();
    } catch (error) {
      showError(error);
    }
  }

  input.addEventListener("input", () => {
    delete input.dataset.ref;
    clearTimeout(timer);
    timer = setTimeout(lookup, 120);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Tab") { cancel(); close(); return; }
    if (event.key === "Enter" && onSubmit && (list.hidden || active < 0) && input.value.trim()) {
      event.preventDefault();
      cancel();
      close();
      onSubmit(input.value.trim());
      return;
    }
    if (list.hidden) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      active = items.length ? (active + step + items.length) % items.length : -1;
      render();
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      pick(active);
    } else if (event.key === "Escape") {
      event.stopPropagation();
      cancel();
      close();
    }
  });
  input.addEventListener("blur", () => { cancel(); setTimeout(close, 100); });
}

/* ---------- charts ---------- */

/* A small swatch in the legend, filled like the bars (hatched for verbal, solid for material). */
function swatch(quad) {
  const box = svg("svg", { class: "swatch", width: 14, height: 14, viewBox: "0 0 14 14", "aria-hidden": "true" });
  box.append(svg("rect", { x: 0, y: 0, width: 14, height: 14, class: quad ? `bar q${quad.n}` : "bar total", fill: quad ? quadFill(quad) : null }));
  return box;
}

function quadFill(quad) {
  return quad.verbal ? `url(#hatch-q${quad.n})` : null;
}

function legend(figure, mode, byQuad, series) {
  const box = figure.querySelector("[data-legend]");
  if (!box) return;
  clear(box);
  if (mode === "goldstein") {
    const counts = series.filter((row) => row.events > 0).map((row) => row.events);
    const low = counts.length ? Math.min(...counts) : 0;
    const high = counts.length ? Math.max(...counts) : 0;
    const dot = (r) => {
      const box2 = svg("svg", { class: "swatch", width: 2 * r + 2, height: 2 * r + 2, "aria-hidden": "true" });
      box2.append(svg("circle", { cx: r + 1, cy: r + 1, r, class: "dot" }));
      return box2;
    };
    box.append(el("span", { "data-testid": "legend-line" }, el("span", { class: "swatch line-swatch" }), "Mean Goldstein score per period (−10 conflict … +10 cooperation)"));
    box.append(el("span", { "data-testid": "legend-dots" }, dot(3), `${num(low)} event${low === 1 ? "" : "s"}`, " … ", dot(8), `${num(high)} events: dot area grows with the events of the period`));
    return;
  }
  if (!byQuad) {
    box.append(el("span", { "data-testid": "legend-item" }, swatch(null), "Events per period"));
    return;
  }
  for (const quad of QUADS) {
    box.append(el("span", { "data-testid": "legend-item" }, swatch(quad), `${quad.n} ${quad.label}${quad.verbal ? " (hatched)" : ""}`));
  }
}

/* Bars per QuadClass (stacked counts) or the mean Goldstein line, one step per period.
 * Each period is a focusable group: arrow keys move between periods, Enter (or a click)
 * calls onPeriod(period) — the views use it to narrow their dates to that period. */
function drawSeries(container, series, mode, freq, onPeriod) {
  clear(container);
  const byQuad = series.some((row) => row.quads);
  const stack = byQuad ? QUADS : [{ n: 0, label: "Events" }];
  const count = (row, quad) => (quad.n ? row[`quad_class_${quad.n}`] : row.events) || 0;
  legend(container.parentElement, mode, byQuad, series);
  const width = Math.max(260, container.clientWidth || 760);
  const narrow = width < 500;
  const height = narrow ? 240 : 280;
  const margin = { top: 14, right: 16, bottom: 46, left: narrow ? 50 : 58 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const root = svg("svg", {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: "group",
    "data-testid": "series-chart",
    "data-mode": mode,
    "aria-label": `${mode === "goldstein" ? "Mean Goldstein score" : "Events by QuadClass"} per ${(freq || "month")}; arrow keys move between periods, Enter shows that period's events`,
  });
  container.append(root);
  if (!series.length) {
    root.append(svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "empty" }, "No events in this selection"));
    return;
  }
  const plot = svg("g", { transform: `translate(${margin.left},${margin.top})` });
  root.append(plot);
  const step = plotW / series.length;
  const barW = Math.max(1, Math.min(48, step * 0.75));
  const xCenter = (i) => i * step + step / 2;

  let y;
  let ticks;
  if (mode === "goldstein") {
    y = (value) => plotH / 2 - (value / 10) * (plotH / 2);
    ticks = [-10, -5, 0, 5, 10];
  } else {
    const maxCount = Math.max(1, ...series.map((row) => stack.reduce((sum, quad) => sum + count(row, quad), 0)));
    const top = niceCeiling(maxCount);
    y = (value) => plotH - (value / top) * plotH;
    ticks = tickValues(top);
  }
  for (const tick of ticks) {
    plot.append(svg("line", { x1: 0, x2: plotW, y1: y(tick), y2: y(tick), class: tick === 0 && mode === "goldstein" ? "zero" : "grid" }));
    plot.append(svg("text", { x: -6, y: y(tick) + 4, "text-anchor": "end", class: "tick" }, num(tick)));
  }
  plot.append(svg("line", { x1: 0, x2: plotW, y1: plotH, y2: plotH, class: "axis" }));
  // Axis titles.
  plot.append(svg("text", {
    class: "axis-title", "data-testid": "y-axis-title", "text-anchor": "middle",
    transform: `translate(${-margin.left + 14},${plotH / 2}) rotate(-90)`,
  }, mode === "goldstein" ? "Mean Goldstein score" : "Events"));
  plot.append(svg("text", {
    class: "axis-title", "data-testid": "x-axis-title", "text-anchor": "middle", x: plotW / 2, y: plotH + 40,
  }, FREQ_TITLES[freq] || "Period"));
  const labelEvery = Math.max(1, Math.ceil(series.length / Math.max(2, Math.floor(plotW / (narrow ? 64 : 80)))));
  series.forEach((row, i) => {
    if (i % labelEvery === 0) {
      plot.append(svg("text", { x: xCenter(i), y: plotH + 16, "text-anchor": "middle", class: "tick" }, row.period));
    }
  });

  if (series.length > COMPACT_PERIODS) {
    drawCompactSeries(plot, series, mode, stack, count, { step, barW, xCenter, y, plotH, plotW }, onPeriod);
    return;
  }
  const groups = [];
  const focusPeriod = (index) => {
    const target = groups[Math.max(0, Math.min(groups.length - 1, index))];
    if (target) target.focus();
  };
  series.forEach((row, i) => {
    const total = row.events || 0;
    const group = svg("g", {
      class: "period", tabindex: i === 0 ? 0 : -1, role: "button", "data-testid": "chart-period", "data-period": row.period,
      "aria-label": `${row.period}: ${plural(total, "event")}${mode === "goldstein" && total ? `, mean Goldstein ${fmt(row.goldstein_mean)}` : ""}`,
    });
    group.append(svg("rect", { x: i * step, y: 0, width: step, height: plotH, class: "hit" }));
    group.addEventListener("click", () => onPeriod && onPeriod(row.period));
    group.addEventListener("keydown", (event) => {
      if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
        event.preventDefault();
        focusPeriod(i + (event.key === "ArrowRight" ? 1 : -1));
      } else if (event.key === "Home" || event.key === "End") {
        event.preventDefault();
        focusPeriod(event.key === "Home" ? 0 : groups.length - 1);
      } else if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        if (onPeriod) onPeriod(row.period);
      }
    });
    group.addEventListener("focus", () => {
      groups.forEach((g) => g.setAttribute("tabindex", "-1"));
      group.setAttribute("tabindex", "0");
    });
    groups.push(group);
    plot.append(group);
  });

  if (mode === "goldstein") {
    const points = series
      .map((row, i) => ({ row, i }))
      .filter(({ row }) => row.events > 0 && row.goldstein_mean !== null && row.goldstein_mean !== undefined);
    if (points.length) {
      const d = points.map(({ row, i }, k) => `${k ? "L" : "M"}${xCenter(i).toFixed(1)},${y(row.goldstein_mean).toFixed(1)}`).join(" ");
      plot.insertBefore(svg("path", { d, class: "line" }), groups[0] || null);
    }
    const maxEvents = Math.max(1, ...points.map(({ row }) => row.events));
    for (const { row, i } of points) {
      const dot = svg("circle", {
        cx: xCenter(i), cy: y(row.goldstein_mean), r: 3 + 5 * Math.sqrt(row.events / maxEvents), class: "dot",
        "data-period": row.period, "data-testid": "chart-dot",
      });
      dot.append(svg("title", {}, `${row.period}: mean Goldstein ${fmt(row.goldstein_mean)} over ${num(row.events)} events`));
      groups[i].append(dot);
    }
    return;
  }
  series.forEach((row, i) => {
    let base = 0;
    for (const quad of stack) {
      const n = count(row, quad);
      if (!n) continue;
      const rect = svg("rect", {
        x: xCenter(i) - barW / 2, width: barW, y: y(base + n), height: y(base) - y(base + n),
        class: quad.n ? `bar q${quad.n}` : "bar total", fill: quad.n ? quadFill(quad) : null, "data-period": row.period,
        "data-quad-class": quad.n || null, "data-count": n, "data-testid": "chart-bar",
      });
      rect.append(svg("title", {}, `${row.period}: ${num(n)} × ${quad.label}`));
      groups[i].append(rect);
      base += n;
    }
  });
}

/* More periods than a bar each can show (a daily series over years): each QuadClass is one
 * path, and one focusable cursor walks the periods (arrow keys, Home/End; Enter or a click
 * shows that period's events). */
function drawCompactSeries(plot, series, mode, stack, count, geometry, onPeriod) {
  const { step, barW, xCenter, y, plotH, plotW } = geometry;
  if (mode === "goldstein") {
    const d = series.map((row, i) => ({ row, i }))
      .filter(({ row }) => row.events > 0 && row.goldstein_mean !== null && row.goldstein_mean !== undefined)
      .map(({ row, i }, k) => `${k ? "L" : "M"}${xCenter(i).toFixed(1)},${y(row.goldstein_mean).toFixed(1)}`).join(" ");
    if (d) plot.append(svg("path", { d, class: "line" }));
  } else {
    const paths = new Map(stack.map((quad) => [quad.n, []]));
    const base = series.map(() => 0);
    for (const quad of stack) {
      series.forEach((row, i) => {
        const n = count(row, quad);
        if (!n) return;
        const top = y(base[i] + n);
        paths.get(quad.n).push(`M${(xCenter(i) - barW / 2).toFixed(1)},${top.toFixed(1)}h${barW.toFixed(2)}V${y(base[i]).toFixed(1)}h${(-barW).toFixed(2)}Z`);
        base[i] += n;
      });
    }
    for (const quad of stack) {
      const d = paths.get(quad.n).join("");
      if (d) plot.append(svg("path", { d, class: quad.n ? `bar compact q${quad.n}` : "bar compact total", "data-testid": "chart-bars", "data-quad-class": quad.n || null }));
    }
  }
  let index = series.length - 1;
  const band = svg("rect", { x: 0, y: 0, width: Math.max(2, step), height: plotH, class: "cursor-band", visibility: "hidden" });
  const cursor = svg("rect", {
    x: 0, y: 0, width: plotW, height: plotH, class: "hit cursor", tabindex: 0, role: "slider",
    "data-testid": "chart-cursor", "aria-valuemin": 0, "aria-valuemax": series.length - 1,
  });
  const show = () => {
    const row = series[index];
    band.setAttribute("x", (index * step).toFixed(1));
    band.setAttribute("visibility", "visible");
    cursor.setAttribute("aria-valuenow", index);
    cursor.setAttribute("aria-valuetext", `${row.period}: ${plural(row.events, "event")}${mode === "goldstein" && row.events ? `, mean Goldstein ${fmt(row.goldstein_mean)}` : ""}`);
    cursor.dataset.period = row.period;
  };
  const tip = svg("title", {}, "");
  cursor.append(tip);
  cursor.addEventListener("mousemove", (event) => {
    const box = cursor.getBoundingClientRect();
    index = Math.max(0, Math.min(series.length - 1, Math.floor(((event.clientX - box.left) / box.width) * series.length)));
    show();
    tip.textContent = cursor.getAttribute("aria-valuetext");
  });
  cursor.addEventListener("click", () => onPeriod && onPeriod(series[index].period));
  cursor.addEventListener("focus", show);
  cursor.addEventListener("blur", () => band.setAttribute("visibility", "hidden"));
  cursor.addEventListener("keydown", (event) => {
    const moves = { ArrowRight: 1, ArrowLeft: -1, PageUp: 30, PageDown: -30 };
    if (event.key in moves) index = Math.max(0, Math.min(series.length - 1, index + moves[event.key]));
    else if (event.key === "Home") index = 0;
    else if (event.key === "End") index = series.length - 1;
    else if (event.key === "Enter" || event.key === " ") { event.preventDefault(); if (onPeriod) onPeriod(series[index].period); return; }
    else return;
    event.preventDefault();
    show();
  });
  plot.append(band, cursor);
}

function niceCeiling(value) {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const factor of [1, 2, 2.5, 5, 10]) {
    if (factor * power >= value) return Math.max(factor * power, value <= 4 ? value : 0);
  }
  return value;
}

function tickValues(top) {
  const count = top <= 5 ? top : 5;
  const ticks = [];
  for (let k = 0; k <= count; k += 1) ticks.push(Math.round((top * k) / count * 10) / 10);
  return ticks;
}

/* Only the periods inside [start, end] (ISO dates or their prefixes; empty = open). */
function clipSeries(series, start, end) {
  return series.filter((row) => (!start || row.period >= start.slice(0, row.period.length)) && (!end || row.period <= end.slice(0, row.period.length)));
}

/* The first and last day of a period ("2024-03" -> 2024-03-01 .. 2024-03-31). */
function periodRange(period, freq) {
  if (freq === "year" || period.length === 4) return [`${period.slice(0, 4)}-01-01`, `${period.slice(0, 4)}-12-31`];
  if (freq === "month" || period.length === 7) {
    const [year, month] = period.split("-").map(Number);
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return [`${period.slice(0, 7)}-01`, `${period.slice(0, 7)}-${String(last).padStart(2, "0")}`];
  }
  if (freq === "week") {
    const day = new Date(`${period}T00:00:00Z`);
    day.setUTCDate(day.getUTCDate() + 6);
    return [period, day.toISOString().slice(0, 10)];
  }
  return [period, period];
}

/* ---------- downloads ---------- */

/* The chart as a standalone SVG: computed colours and fonts copied onto the copy. */
function chartSvgText(container) {
  const original = container.querySelector("svg");
  if (!original) return null;
  const copy = original.cloneNode(true);
  const sources = [original, ...original.querySelectorAll("*")];
  const targets = [copy, ...copy.querySelectorAll("*")];
  sources.forEach((node, i) => {
    const style = getComputedStyle(node);
    const target = targets[i];
    for (const property of ["fill", "stroke", "stroke-width", "stroke-dasharray", "opacity", "font-size", "font-family", "font-weight"]) {
      const value = style.getPropertyValue(property);
      if (value && !(property === "fill" && target.getAttribute("fill"))) target.style.setProperty(property, value);
    }
    target.removeAttribute("tabindex");
  });
  copy.setAttribute("xmlns", SVG_NS);
  copy.insertBefore($("chart-patterns").querySelector("defs").cloneNode(true), copy.firstChild);
  const background = svg("rect", { x: 0, y: 0, width: "100%", height: "100%", fill: "#ffffff" });
  copy.insertBefore(background, copy.firstChild);
  return new XMLSerializer().serializeToString(copy);
}

function saveBlob(blob, name) {
  const link = el("a", { href: URL.createObjectURL(blob), download: name, hidden: true });
  document.body.append(link);
  link.click();
  setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
}

function downloadChart(container, name, format) {
  const text = chartSvgText(container);
  if (!text) return;
  if (format === "svg") {
    saveBlob(new Blob([text], { type: "image/svg+xml" }), `${name}.svg`);
    return;
  }
  const source = container.querySelector("svg");
  const width = Number(source.getAttribute("width")) || 760;
  const height = Number(source.getAttribute("height")) || 280;
  const image = new Image();
  image.onload = () => {
    const canvas = el("canvas", { width: width * 2, height: height * 2 });
    const context = canvas.getContext("2d");
    context.scale(2, 2);
    context.drawImage(image, 0, 0, width, height);
    canvas.toBlob((blob) => blob && saveBlob(blob, `${name}.png`), "image/png");
  };
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
}

/* The download links of a view: its events (CSV, JSONL) with the view's own filters, and its chart. */
function setDownloads(prefix, name, filters, chart) {
  $(`${prefix}-csv`).href = apiUrl("/api/export/events", { ...filters, format: "csv" }).toString();
  $(`${prefix}-jsonl`).href = apiUrl("/api/export/events", { ...filters, format: "jsonl" }).toString();
  $(`${prefix}-csv`).setAttribute("download", `${name}.csv`);
  $(`${prefix}-jsonl`).setAttribute("download", `${name}.jsonl`);
  const svgButton = $(`${prefix}-svg`);
  const pngButton = $(`${prefix}-png`);
  if (svgButton) svgButton.onclick = () => downloadChart(chart, name, "svg");
  if (pngButton) pngButton.onclick = () => downloadChart(chart, name, "png");
}

function fileName(...parts) {
  return parts.filter(Boolean).join("_").replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 120) || "tacitus";
}

/* ---------- network ---------- */

/* A network node's actor reference: "IRN" at country level, the actor id for "actor:12". */
function nodeRef(id) {
  return String(id).startsWith("actor:") ? String(id).slice(6) : String(id);
}

/* Both directions of a pair as one line: events added up, Goldstein mean over all of them. */
function undirectedEdges(edges) {
  const pairs = new Map();
  for (const edge of edges) {
    const [a, b] = [String(edge.source), String(edge.target)].sort();
    const key = `${a}\u0000${b}`;
    const pair = pairs.get(key) || { source: a, target: b, events: 0, goldstein_sum: 0 };
    pair.events += edge.weight;
    pair.goldstein_sum += edge.goldstein_sum;
    pairs.set(key, pair);
  }
  return [...pairs.values()].map((pair) => ({ ...pair, goldstein_mean: pair.goldstein_sum / pair.events }));
}

/* The graph at the positions the server's force-directed layout gave (x, y in 0..1). Labels
 * are placed biggest node first and left out where they would overlap one already drawn;
 * a node's full name is in its tooltip and its accessible name. */
function drawNetwork(container, graph) {
  clear(container);
  const width = Math.max(300, container.clientWidth || 760);
  const height = width < 500 ? 420 : 560;
  const root = svg("svg", {
    viewBox: `0 0 ${width} ${height}`, width, height, role: "group", "data-testid": "network-svg",
    "aria-label": "Actor network: Tab moves between actors, Enter opens one",
  });
  container.append(root);
  const focus = new Set();
  if (graph.focus) {
    for (const value of graph.focus.values) focus.add(graph.focus.kind === "actors" ? `actor:${value}` : value);
  }
  if (!graph.nodes.length) {
    root.append(svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "empty" }, "No events in this selection"));
    return;
  }
  const maxNode = Math.max(1, ...graph.nodes.map((node) => node.events || 1));
  const pad = 24;
  const nodes = graph.nodes.map((node, i) => {
    const angle = (2 * Math.PI * i) / graph.nodes.length;
    const x = node.x ?? 0.5 + 0.45 * Math.cos(angle);
    const y = node.y ?? 0.5 + 0.45 * Math.sin(angle);
    return {
      ...node, name: node.display || node.label || node.code,
      x: pad + x * (width - 2 * pad), y: pad + y * (height - 2 * pad),
      radius: 4 + 14 * Math.sqrt((node.events || 1) / maxNode),
    };
  });
  const byId = new Map(nodes.map((node) => [String(node.id), node]));
  const edges = undirectedEdges(graph.edges)
    .map((edge) => ({ ...edge, a: byId.get(edge.source), b: byId.get(edge.target) }))
    .filter((edge) => edge.a && edge.b && edge.a !== edge.b);
  const maxEdge = Math.max(1, ...edges.map((edge) => edge.events));
  const edgeLayer = svg("g", {});
  const nodeLayer = svg("g", {});
  const labelLayer = svg("g", { class: "labels" });
  root.append(edgeLayer, nodeLayer, labelLayer);
  for (const edge of edges) {
    const line = svg("line", {
      x1: edge.a.x, y1: edge.a.y, x2: edge.b.x, y2: edge.b.y, class: "edge",
      stroke: goldsteinColour(edge.goldstein_mean), "stroke-width": 1 + 6 * (edge.events / maxEdge),
      "data-testid": "network-edge", "data-source": edge.source, "data-target": edge.target, "data-events": edge.events,
      onclick: () => navigate(makeHash("dyad", [nodeRef(edge.source), nodeRef(edge.target)])),
    });
    line.append(svg("title", {}, `${edge.a.name} – ${edge.b.name}: ${num(edge.events)} events, mean Goldstein ${fmt(edge.goldstein_mean)}`));
    edgeLayer.append(line);
  }
  const ordered = [...nodes].sort((p, q) => (q.events || 0) - (p.events || 0));
  const placed = [];
  for (const node of nodes) placed.push({ x1: node.x - node.radius, x2: node.x + node.radius, y1: node.y - node.radius, y2: node.y + node.radius, node });
  for (const node of ordered) {
    const open = () => navigate(makeHash("actor", [nodeRef(node.id)]));
    const group = svg("g", {
      class: focus.has(String(node.id)) ? "node focus" : "node",
      transform: `translate(${node.x.toFixed(1)},${node.y.toFixed(1)})`,
      "data-testid": "network-node", "data-node-id": node.id, "data-events": node.events,
      tabindex: 0, role: "link", "aria-label": `${node.name}: ${num(node.events)} events`,
      onclick: open,
      onkeydown: (event) => { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(); } },
    });
    group.append(svg("circle", { r: node.radius.toFixed(1) }));
    group.append(svg("title", {}, `${node.name}${node.code && node.code !== node.name ? ` (${node.code})` : ""}: ${num(node.events)} events`));
    nodeLayer.append(group);
    // The label to the right of the node, else to its left, above or below: the first place
    // that overlaps no node and no label already drawn (none left: the name stays in the tooltip).
    const textWidth = node.name.length * 7.4;
    const r = node.radius;
    const centred = Math.max(2, Math.min(width - textWidth - 2, node.x - textWidth / 2)); // above or below, kept inside
    const candidates = [
      { x1: node.x + r + 3, y: node.y + 4, anchor: "start" },
      { x1: node.x - r - 3 - textWidth, y: node.y + 4, anchor: "end" },
      { x1: centred, y: node.y - r - 4, anchor: "start" },
      { x1: centred, y: node.y + r + 13, anchor: "start" },
    ];
    const others = placed.filter((other) => other.node !== node);
    const fits = (c) => {
      const box = { x1: c.x1, x2: c.x1 + textWidth, y1: c.y - 11, y2: c.y + 3 };
      const inside = box.x1 >= 0 && box.x2 <= width && box.y1 >= 0 && box.y2 <= height;
      return inside && !others.some((o) => box.x1 < o.x2 && box.x2 > o.x1 && box.y1 < o.y2 && box.y2 > o.y1) ? box : null;
    };
    let chosen = null;
    let box = null;
    for (const c of candidates) { box = fits(c); if (box) { chosen = c; break; } }
    if (!chosen && focus.has(String(node.id))) { chosen = candidates[0]; box = { x1: chosen.x1, x2: chosen.x1 + textWidth, y1: chosen.y - 11, y2: chosen.y + 3 }; }
    if (chosen) {
      const x = chosen.anchor === "start" ? chosen.x1 : chosen.x1 + textWidth;
      labelLayer.append(svg("text", {
        x, y: chosen.y, "text-anchor": chosen.anchor, "data-testid": "network-label", "data-node-id": node.id,
      }, node.name));
      placed.push({ ...box, node: null });
    }
  }
}

function goldsteinColour(value) {
  if (value === null || value === undefined) return "#6b7685";
  const t = Math.max(-1, Math.min(1, value / 10));
  const hue = 60 + 60 * t; // 0 red .. 120 green
  return `hsl(${hue.toFixed(0)}, 65%, ${t < 0 ? 42 : 32}%)`;
}

/* ---------- event lists ---------- */

function quadDot(quad) {
  const info = QUADS[quad - 1];
  return el("span", { class: `quad-tag q${quad}${info && info.verbal ? " verbal" : ""}`, title: info ? info.label : "" });
}

function eventItem(event) {
  const who = [el("b", {}, event.source_name || event.source_code || "?"), " ", event.cameo_name ? event.cameo_name.toLowerCase() : event.cameo_code];
  if (event.target_name || event.target_code) who.push(" → ", el("b", {}, event.target_name || event.target_code));
  const selected = readState().params.get("event") === event.event_id;
  const item = el(
    "li",
    { "data-testid": "event-row", "data-event-id": event.event_id, tabindex: 0, class: selected ? "selected" : null },
    el("span", { class: "date" }, event.date),
    el("span", { class: "what" }, quadDot(event.quad_class), ...who),
    el("span", { class: "code" }, `CAMEO ${event.cameo_code}${event.plover_type ? " · " + event.plover_type : ""} · ${fmt(event.goldstein)}`),
    event.evidence ? el("span", { class: "evidence" }, `“${event.evidence}”`) : null,
  );
  const open = () => {
    lastEventRow = item;
    navigate(withParams({ event: event.event_id }));
  };
  item.addEventListener("click", open);
  item.addEventListener("keydown", (key) => { if (key.key === "Enter" || key.key === " ") { key.preventDefault(); open(); } });
  return item;
}

/* A paged event list: fetch(offset) returns a page; "More" appends the next one. */
function pagedList(list, button, fetchPage, signal) {
  let offset = 0;
  async function load(reset) {
    if (reset) { offset = 0; clear(list); }
    const page = await fetchPage(offset);
    if (signal && signal.aborted) return page;
    for (const event of page.items) list.append(eventItem(event));
    if (!list.children.length) list.append(el("li", { class: "empty" }, "No events."));
    offset += page.items.length;
    button.hidden = page.next_offset === null || page.next_offset === undefined;
    return page;
  }
  button.onclick = () => load(false).catch(showError);
  return load(true);
}

/* ---------- views ---------- */

const state = { dyad: null, actor: null, network: null };
const VIEWS = ["overview", "search", "actor", "dyad", "network"];
const lastHash = { overview: "#/", dyad: "#/dyad", network: "#/network" };
let lastEventRow = null;

function showView(name) {
  for (const view of VIEWS) $(`${view}-view`).hidden = view !== name;
  document.querySelectorAll(".tabs a").forEach((tab) => {
    const active = tab.dataset.view === name || (name === "actor" && tab.dataset.view === "overview");
    tab.classList.toggle("active", active);
    if (active) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  });
}

async function showOverview(state_, signal) {
  showView("overview");
  const [actors, events, network] = await Promise.all([
    api("/api/actors", { limit: 16 }, signal),
    api("/api/events", { limit: 12 }, signal),
    api("/api/network", { level: "country", limit: 500, top: 100, layout: false }, signal),
  ]);
  const chips = clear($("overview-actors"));
  for (const actor of actors.items) {
    chips.append(el("li", {}, el("a", {
      class: "chip", href: makeHash("actor", [actorRef(actor)]),
      "data-testid": "overview-actor", "data-actor-id": actor.actor_id, "data-actor-code": actor.code,
    }, actorLabel(actor), el("span", { class: "n" }, num(actor.events)))));
  }
  const names = new Map(network.nodes.map((node) => [String(node.id), node.display || node.label || node.id]));
  const pairs = undirectedEdges(network.edges).filter((pair) => pair.source !== pair.target)
    .sort((p, q) => q.events - p.events || p.source.localeCompare(q.source)).slice(0, 10);
  const pairList = clear($("overview-pairs"));
  for (const pair of pairs) {
    pairList.append(el("li", {}, el("a", {
      class: "chip", href: makeHash("dyad", [pair.source, pair.target]), "data-testid": "overview-pair",
      "data-source": pair.source, "data-target": pair.target,
    }, `${names.get(pair.source)} – ${names.get(pair.target)}`, el("span", { class: "n" }, num(pair.events)))));
  }
  if (!pairs.length) pairList.append(el("li", { class: "empty" }, "No pairs yet."));
  const list = clear($("overview-events"));
  for (const event of events.items) list.append(eventItem(event));
  if (!events.items.length) list.append(el("li", { class: "empty" }, "No events yet: the database is empty."));
}

/* The date range and order controls of a view, set from the URL. */
function setRangeControls(prefix, params) {
  $(`${prefix}-start`).value = params.get("start") || "";
  $(`${prefix}-end`).value = params.get("end") || "";
  $(`${prefix}-order`).value = params.get("order") === "asc" ? "asc" : "desc";
  $(`${prefix}-mode`).value = params.get("chart") === "goldstein" ? "goldstein" : "quad";
  $(`${prefix}-whole`).hidden = !params.get("start") && !params.get("end");
}

function rangeFilters(params) {
  return {
    start: params.get("start") || null,
    end: params.get("end") || null,
    order: params.get("order") === "asc" ? "date" : "-date",
  };
}

async function showActor({ parts, params }, signal) {
  const ref = parts[0];
  showView("actor");
  state.actor = null;
  setRangeControls("actor", params);
  $("actor-name").textContent = ref;
  for (const id of ["actor-facts", "actor-chart", "actor-partners", "actor-events"]) clear($(id));
  $("actor-count").textContent = "";
  const range = rangeFilters(params);
  const profile = await api(`/api/actors/${encodeURIComponent(ref)}`, {}, signal);
  const actor = {
    actor_id: profile.actor_id, name: profile.name, kind: profile.kind, code: profile.code,
    country: profile.country, sector: profile.sector,
  };
  state.actor = { actor, ref, series: normaliseSeries(profile.series, "month") };
  $("actor-name").textContent = actorLabel(actor);
  const facts = [actor.code, actor.kind !== "country" ? actor.kind : null];
  if (profile.titles && profile.titles.length) facts.push(profile.titles.map((t) => t.title).join(", "));
  facts.push(`${num(profile.events)} events (${num(profile.as_source)} as source, ${num(profile.as_target)} as target)`);
  const aliases = (profile.aliases || []).filter((alias) => alias !== profile.name);
  if (aliases.length) facts.push(`also: ${aliases.slice(0, 6).join(", ")}`);
  if (profile.first_seen) facts.push(`${profile.first_seen} to ${profile.last_seen}`);
  $("actor-facts").textContent = facts.filter(Boolean).join(" · ");
  drawActorChart();

  const partners = clear($("actor-partners"));
  for (const row of profile.partners || []) {
    const partner = partnerActor(row);
    partners.append(el("li", {}, el("a", {
      class: "chip", href: makeHash("dyad", [ref, actorRef(partner)], { start: range.start, end: range.end }),
      "data-testid": "partner-link", "data-actor-id": partner.actor_id, "data-actor-code": partner.code,
      title: `Open the dyad ${actorLabel(actor)} – ${actorLabel(partner)}`,
    }, `${actorLabel(actor)} – ${actorLabel(partner)}`, el("span", { class: "n" }, num(partner.events)))));
  }
  if (!partners.children.length) partners.append(el("li", { class: "hint" }, "No partners."));
  const filters = { actor: ref, ...range };
  setDownloads("actor", fileName("tacitus", actorLabel(actor), range.start, range.end), filters, $("actor-chart"));
  const first = await pagedList($("actor-events"), $("actor-more"), (offset) =>
    api("/api/events", { ...filters, limit: PAGE, offset }, signal), signal);
  $("actor-count").textContent = `(${num(first.total)})`;
}

function drawActorChart() {
  if (!state.actor) return;
  const params = readState().params;
  const series = clipSeries(state.actor.series, params.get("start"), params.get("end"));
  drawSeries($("actor-chart"), series, params.get("chart") === "goldstein" ? "goldstein" : "quad", "month",
    (period) => { const [start, end] = periodRange(period, "month"); navigate(withParams({ start, end })); });
}

/* Series rows (one per period, or per period and direction) as one row per period for the chart. */
function normaliseSeries(rows, freq) {
  const byPeriod = new Map();
  const cut = freq === "year" ? 4 : freq === "month" ? 7 : 10;
  for (const row of rows || []) {
    const period = String(row.period).slice(0, cut);
    const sum = byPeriod.get(period) || { period, events: 0, goldstein_sum: 0, quads: QUADS.every((q) => QUAD_KEYS[q.n] in row) };
    sum.events += row.events || 0;
    sum.goldstein_sum += row.goldstein_sum || 0;
    for (const quad of QUADS) sum[`quad_class_${quad.n}`] = (sum[`quad_class_${quad.n}`] || 0) + (row[QUAD_KEYS[quad.n]] || 0);
    byPeriod.set(period, sum);
  }
  return [...byPeriod.values()].map((row) => ({
    ...row, goldstein_mean: row.events ? row.goldstein_sum / row.events : null,
  }));
}

/* The same rows from the API's compact form (compact=true: one list per column, directions
 * summed), which is a fifth of the size of a daily series' records and quicker to read. */
function totalsSeries(totals, freq) {
  const cut = freq === "year" ? 4 : freq === "month" ? 7 : 10;
  return (totals.period || []).map((period, i) => {
    const row = { period: String(period).slice(0, cut), events: totals.events[i], goldstein_sum: totals.goldstein_sum[i], quads: true };
    for (const quad of QUADS) row[`quad_class_${quad.n}`] = totals[QUAD_KEYS[quad.n]][i];
    row.goldstein_mean = row.events ? row.goldstein_sum / row.events : null;
    return row;
  });
}

/* A search snippet: the words found (between \u0002 and \u0003) as <mark>. */
function snippetNode(text) {
  const box = el("div", { class: "snippet", "data-testid": "search-snippet" });
  const pieces = String(text).split(/([\u0002\u0003])/);
  let marked = false;
  for (const piece of pieces) {
    if (piece === "\u0002") { marked = true; continue; }
    if (piece === "\u0003") { marked = false; continue; }
    if (piece) box.append(marked ? el("mark", {}, piece) : piece);
  }
  return box;
}

async function showSearch({ parts }, signal) {
  const text = parts.join("/");
  showView("search");
  $("search-title").textContent = `Search: ${text}`;
  clear($("search-events"));
  const found = await api("/api/search", { q: text, limit: 20 }, signal);
  const actors = clear($("search-actors"));
  for (const actor of found.actors) {
    actors.append(el("li", {}, el("a", {
      class: "chip", href: makeHash("actor", [actorRef(actor)]),
      "data-testid": "search-actor", "data-actor-id": actor.actor_id, "data-actor-code": actor.code,
    }, actorLabel(actor), el("span", { class: "n" }, num(actor.events)))));
  }
  if (!found.actors.length) actors.append(el("li", { class: "empty" }, "No actor by that name."));
  const articles = clear($("search-articles"));
  for (const article of found.articles) {
    articles.append(el("li", { "data-testid": "search-article", "data-article-id": article.article_id },
      el("button", { type: "button", class: "link", onclick: () => openArticle(article) }, article.title),
      el("div", { class: "facts" }, [article.pub_date, article.outlet, `${num(article.events)} events`].filter(Boolean).join(" · ")),
      article.snippet ? snippetNode(article.snippet) : null));
  }
  if (!found.articles.length) articles.append(el("li", { class: "empty" }, "No article has all these words."));
  // Slower (it reads evidence sentences), so it comes after the actors and articles are shown.
  $("search-count").textContent = "";
  const first = await pagedList($("search-events"), $("search-more"), (offset) =>
    api("/api/events", { q: text, limit: PAGE, offset }, signal), signal);
  $("search-count").textContent = `(${num(first.total)}${first.total_exact === false ? "+" : ""})`;
}

/* An article on its own (no event chosen): the detail panel shows its text, nothing marked. */
async function openArticle(article) {
  $("event-title").textContent = "Article";
  clear($("event-codes"));
  clear($("event-sources"));
  delete $("event-detail").dataset.eventId;
  setDetailOpen(true);
  await showArticle({ article_id: article.article_id, start: -1, end: -1 }, detailSignal());
}

async function showDyad({ parts, params }, signal) {
  const [a, b] = parts;
  showView("dyad");
  const directed = params.get("directed") === "1";
  const freq = ["week", "day", "year"].includes(params.get("freq")) ? params.get("freq") : "month";
  $("dyad-directed").checked = directed;
  $("dyad-freq").value = freq;
  setRangeControls("dyad", params);
  $("dyad-arrow").textContent = directed ? "→" : "⇄";
  if (!a || !b) {
    $("dyad-title").textContent = "Pick two actors or countries";
    for (const id of ["dyad-chart", "dyad-events", "dyad-panels"]) clear($(id));
    $("dyad-count").textContent = "";
    $("dyad-tools").hidden = true;
    state.dyad = null;
    return;
  }
  $("dyad-tools").hidden = false;
  const range = rangeFilters(params);
  const result = await api("/api/dyad", { a, b, directed, freq, start: range.start, end: range.end, compact: true }, signal);
  state.dyad = { a, b, freq, directed, start: range.start, end: range.end, result, series: totalsSeries(result.totals, freq) };
  for (const [id, ref, described] of [["dyad-a", a, result.a], ["dyad-b", b, result.b]]) {
    const input = $(id);
    if (input.dataset.ref !== ref) { input.value = described.label; input.dataset.ref = ref; }
  }
  $("dyad-title").textContent = `${result.a.label} ${directed ? "→" : "–"} ${result.b.label}`;
  drawDyadChart();
  const filters = { a, b, directed, ...range };
  setDownloads("dyad", fileName("tacitus", result.a.label, result.b.label, range.start, range.end), filters, $("dyad-chart"));
  renderDyadPanels(state.dyad, signal);
  const first = await pagedList($("dyad-events"), $("dyad-more"), (offset) =>
    api("/api/events", { ...filters, limit: PAGE, offset }, signal), signal);
  $("dyad-count").textContent = `(${num(first.total)})`;
}

/* Extra panels of the dyad view (a forecast, ...). A script loaded after this one registers
 *   dyadPanels.push(async (dyad, box, signal) => { ... });
 * Each is called once the dyad's chart is drawn, with the dyad shown ({a, b, freq, directed,
 * start, end, result, series}), its own empty <div> inside #dyad-panels, and the view's
 * AbortSignal (pass it to api(): a late answer for a dyad the user has left is then dropped). */
const dyadPanels = [];

function renderDyadPanels(dyad, signal) {
  const boxes = clear($("dyad-panels"));
  dyadPanels.forEach((panel, index) => {
    const box = el("div", { class: "dyad-panel", "data-panel": index });
    boxes.append(box);
    Promise.resolve().then(() => panel(dyad, box, signal)).catch(showError);
  });
}

function drawDyadChart() {
  if (!state.dyad) return;
  const params = readState().params;
  drawSeries($("dyad-chart"), state.dyad.series, params.get("chart") === "goldstein" ? "goldstein" : "quad", state.dyad.freq,
    (period) => { const [start, end] = periodRange(period, state.dyad.freq); navigate(withParams({ start, end })); });
}

async function showNetwork({ params }, signal) {
  showView("network");
  const input = $("network-actor");
  const actor = params.get("actor") || "";
  if (input.dataset.ref !== actor) { input.value = actor; if (actor) input.dataset.ref = actor; else delete input.dataset.ref; }
  $("network-level").value = params.get("level") === "actor" ? "actor" : "country";
  $("network-start").value = params.get("start") || "";
  $("network-end").value = params.get("end") || "";
  $("network-min").value = params.get("min") || "1";
  $("network-top").value = params.get("top") || NETWORK_TOP;
  const graph = await api("/api/network", {
    actor: actor || null, level: $("network-level").value, start: params.get("start"), end: params.get("end"),
    min_events: params.get("min"), top: params.get("top") || NETWORK_TOP, limit: 500, layout: true,
  }, signal);
  state.network = graph;
  drawNetwork($("network-chart"), graph);
  const shown = graph.nodes.length;
  $("network-count").textContent = `${num(shown)} of ${num(graph.nodes_total ?? shown)} ${$("network-level").value === "actor" ? "actors" : "countries"}, ${num(undirectedEdges(graph.edges).length)} pairs`;
}

/* ---------- event detail ---------- */

let detailController = null;

function detailSignal() {
  if (detailController) detailController.abort();
  detailController = new AbortController();
  return detailController.signal;
}

async function showEvent(id) {
  const signal = detailSignal();
  const detail = await api(`/api/events/${encodeURIComponent(id)}`, {}, signal);
  const event = detail.event;
  const panel = $("event-detail");
  panel.dataset.eventId = event.event_id;
  setDetailOpen(true);
  $("event-title").textContent = `${event.source_name || event.source_code} → ${event.target_name || event.target_code || "(no target)"}`;
  document.querySelectorAll(".event-list li.selected").forEach((node) => node.classList.remove("selected"));
  document.querySelectorAll(`.event-list li[data-event-id="${CSS.escape(event.event_id)}"]`).forEach((node) => node.classList.add("selected"));

  const codes = clear($("event-codes"));
  const explained = detail.codes;
  const row = (term, value, explain, testid) => {
    codes.append(el("dt", {}, term));
    codes.append(el("dd", { "data-testid": testid }, value, explain ? el("div", { class: "explain" }, explain) : null));
  };
  row("Date", `${event.date}${event.date_precision && event.date_precision !== "day" ? ` (${event.date_precision})` : ""}`,
    event.date_text ? `from “${event.date_text}”` : null, "code-date");
  row("CAMEO", `${explained.cameo.code} ${explained.cameo.name}`,
    explained.cameo.root_name ? `root ${explained.cameo.root} ${explained.cameo.root_name}` : null, "code-cameo");
  row("Goldstein", fmt(explained.goldstein.value), explained.goldstein.explain, "code-goldstein");
  row("QuadClass", `${explained.quad_class.value} ${explained.quad_class.name}`, null, "code-quad-class");
  row("PLOVER", explained.plover.type || "none",
    [explained.plover.mode && `mode ${explained.plover.mode}`, explained.plover.context && `context ${explained.plover.context}`, explained.plover.explain]
      .filter(Boolean).join(" · ") || null, "code-plover");
  if (event.place) row("Place", event.place, event.place_country, "code-place");
  if (event.modality && event.modality !== "asserted") row("Modality", event.modality, null, "code-modality");
  row("Confidence", fmt(event.confidence, 2), `${num(event.num_sources)} source${event.num_sources === 1 ? "" : "s"}`, "code-confidence");
  row("Rule", event.rule || "–", "the coding rule that produced this event", "code-rule");
  const entries = (event.dictionary_entries || []).map((entry) =>
    typeof entry === "string" ? entry : Object.entries(entry).map(([k, v]) => `${k}: ${v}`).join(", "));
  const entryList = el("ul", { class: "entries" }, ...entries.map((text) => el("li", {}, text)));
  row("Dictionary", entries.length ? entryList : "none", entries.length ? null : "no dictionary entry was used", "code-dictionary");

  const sources = clear($("event-sources"));
  let first = null;
  detail.sources.forEach((source, index) => {
    sources.append(el("li", { "data-testid": "event-source" },
      el("button", { type: "button", class: "link", onclick: () => showArticle(source, detailSignal()).catch(showError) }, source.article_title || source.article_id),
      ` ${source.pub_date || ""} · sentence ${source.sentence_idx + 1} · chars ${num(source.start)}–${num(source.end)}`));
    if (index === 0) first = source;
  });
  if (first) await showArticle(first, signal);
  else clear($("article-text"));
}

async function showArticle(source, signal) {
  const data = await api(`/api/articles/${encodeURIComponent(source.article_id)}`, {}, signal);
  const article = data.article;
  $("article-title").textContent = article.title;
  $("article-meta").textContent = [article.pub_date, article.outlet, article.dateline_place].filter(Boolean).join(" · ");
  const box = clear($("article-text"));
  const text = article.text;
  // Sentences as spans (so the one stating the event is shaded); the evidence span as <mark>.
  const sentences = data.sentences.length ? data.sentences : [{ idx: 0, start: 0, end: text.length }];
  let cursor = 0;
  for (const sentence of sentences) {
    if (sentence.start > cursor) box.append(text.slice(cursor, sentence.start)); // line breaks kept by CSS
    const span = el("span", { class: "sentence", "data-sentence": sentence.idx });
    const from = Math.max(source.start, sentence.start);
    const to = Math.min(source.end, sentence.end);
    if (from < to) {
      span.classList.add("has-evidence");
      span.append(text.slice(sentence.start, from));
      span.append(el("mark", { "data-testid": "evidence", "data-start": from, "data-end": to }, text.slice(from, to)));
      span.append(text.slice(to, sentence.end));
    } else {
      span.append(text.slice(sentence.start, sentence.end));
    }
    box.append(span);
    cursor = Math.max(cursor, sentence.end);
  }
  if (cursor < text.length) box.append(text.slice(cursor));
  const coded = clear($("article-events"));
  for (const event of data.events) {
    const current = event.event_id === $("event-detail").dataset.eventId && event.start === source.start;
    const label = `${event.source_name || event.source_code} ${event.cameo_name.toLowerCase()}` +
      (event.target_name ? ` → ${event.target_name}` : "");
    coded.append(el("li", { "data-testid": "article-event", "data-event-id": event.event_id },
      current ? el("b", {}, label) : el("button", { type: "button", class: "link", onclick: () => navigate(withParams({ event: event.event_id })) }, label),
      ` · CAMEO ${event.cameo_code} · sentence ${event.sentence_idx + 1}`));
  }
  if (!data.events.length) coded.append(el("li", { class: "empty" }, "None."));
  const mark = box.querySelector("mark");
  const scroller = $("event-body");
  if (mark) scroller.scrollTop = Math.max(0, mark.offsetTop - scroller.clientHeight / 2);
}

/* Charts are drawn to their box's width: draw again when it changes (window, detail panel). */
function redrawCharts() {
  if (!$("dyad-view").hidden && state.dyad) drawDyadChart();
  if (!$("actor-view").hidden && state.actor) drawActorChart();
  if (!$("network-view").hidden && state.network) drawNetwork($("network-chart"), state.network);
}

function setDetailOpen(open) {
  const layoutBox = document.querySelector(".layout");
  if (layoutBox.classList.contains("with-detail") === open) return;
  $("event-detail").hidden = !open;
  layoutBox.classList.toggle("with-detail", open);
  document.body.classList.toggle("detail-open", open);
  if (open) $("event-close").focus({ preventScroll: true });
  redrawCharts();
}

/* Close the detail: the URL loses its event (Back would open it again). */
function closeEvent() {
  if (readState().params.get("event")) navigate(withParams({ event: null }));
  else hideDetail();
}

function hideDetail() {
  if (detailController) detailController.abort();
  const wasOpen = !$("event-detail").hidden;
  setDetailOpen(false);
  delete $("event-detail").dataset.eventId;
  document.querySelectorAll(".event-list li.selected").forEach((node) => node.classList.remove("selected"));
  if (wasOpen && lastEventRow && lastEventRow.isConnected) lastEventRow.focus({ preventScroll: true });
}

/* ---------- routing ---------- */

let current = { key: null, controller: null };
let routeCount = 0;

async function route() {
  const token = ++routeCount;
  const where = readState();
  const view = VIEWS.includes(where.view) ? where.view : "overview";
  const params = new URLSearchParams(where.params);
  params.delete("event");
  const key = `${view}/${where.parts.join("/")}?${params.toString()}`;
  const hash = window.location.hash || "#/";
  if (lastHash[view] !== undefined) {
    lastHash[view] = makeHash(view === "overview" ? "" : view, where.parts, params);
    const tab = document.querySelector(`.tabs a[data-view="${view}"]`);
    if (tab) tab.setAttribute("href", lastHash[view]);
  }
  delete document.body.dataset.ready;
  try {
    if (key !== current.key) {
      if (current.controller) current.controller.abort();
      const controller = new AbortController();
      current = { key, controller };
      clearError();
      const show = { overview: showOverview, search: showSearch, actor: showActor, dyad: showDyad, network: showNetwork }[view];
      if ((view === "actor" || view === "search") && !where.parts[0]) await showOverview(where, controller.signal);
      else await show(where, controller.signal);
    }
    const event = where.params.get("event");
    if (event && $("event-detail").dataset.eventId !== event) await showEvent(event);
    else if (!event) hideDetail();
  } catch (error) {
    if (token === routeCount) showError(error);
  }
  if (token === routeCount) document.body.dataset.ready = hash;
}

async function loadStats() {
  try {
    const stats = await api("/api/stats");
    const span = stats.first_event ? ` · ${stats.first_event} to ${stats.last_event}` : "";
    $("stats").textContent = `${num(stats.events)} events · ${num(stats.articles)} articles · ${num(stats.actors)} actors${span}`;
  } catch (error) {
    showError(error);
  }
}

function setup() {
  autocomplete($("actor-search"), $("actor-suggestions"), (actor) => {
    $("actor-search").value = "";
    navigate(makeHash("actor", [actorRef(actor)]));
  }, (text) => navigate(makeHash("search", [text])));
  for (const id of ["dyad-a", "dyad-b", "network-actor"]) {
    const input = $(id);
    autocomplete(input, input.parentElement.querySelector(".suggestions"), () => {});
  }
  const ref = (input) => input.dataset.ref || input.value.trim();
  $("dyad-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const params = new URLSearchParams(readState().params);
    params.delete("event");
    navigate(makeHash("dyad", [ref($("dyad-a")), ref($("dyad-b"))], readState().view === "dyad" ? params : {}));
  });
  $("dyad-directed").addEventListener("change", () => state.dyad && navigate(withParams({ directed: $("dyad-directed").checked })));
  $("dyad-freq").addEventListener("change", () => state.dyad && navigate(withParams({ freq: $("dyad-freq").value === "month" ? null : $("dyad-freq").value })));
  for (const prefix of ["actor", "dyad"]) {
    $(`${prefix}-mode`).addEventListener("change", () => navigate(withParams({ chart: $(`${prefix}-mode`).value === "goldstein" ? "goldstein" : null }, { keepEvent: true })));
    $(`${prefix}-order`).addEventListener("change", () => navigate(withParams({ order: $(`${prefix}-order`).value === "asc" ? "asc" : null }, { keepEvent: true })));
    $(`${prefix}-range`).addEventListener("submit", (event) => {
      event.preventDefault();
      navigate(withParams({ start: $(`${prefix}-start`).value, end: $(`${prefix}-end`).value }));
    });
    $(`${prefix}-whole`).addEventListener("click", () => navigate(withParams({ start: null, end: null })));
  }
  $("network-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("network-actor");
    navigate(makeHash("network", [], {
      actor: input.value.trim() ? ref(input) : null,
      level: $("network-level").value === "actor" ? "actor" : null,
      start: $("network-start").value, end: $("network-end").value,
      min: $("network-min").value && $("network-min").value !== "1" ? $("network-min").value : null,
      top: $("network-top").value !== NETWORK_TOP ? $("network-top").value : null,
    }));
  });
  $("event-close").addEventListener("click", closeEvent);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !$("event-detail").hidden) { event.preventDefault(); closeEvent(); }
  });
  window.addEventListener("hashchange", route);
  let resizeTimer = null;
  let lastWidth = window.innerWidth;
  window.addEventListener("resize", () => {
    if (window.innerWidth === lastWidth) return;
    lastWidth = window.innerWidth;
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(redrawCharts, 200);
  });
  loadStats();
  route();
}

document.addEventListener("DOMContentLoaded", setup);
