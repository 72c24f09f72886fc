/* Tacitus analyst page. Vanilla JS, charts drawn as inline SVG; talks only to this server's /api. */
"use strict";

const QUADS = [
  { n: 1, label: "Verbal cooperation" },
  { n: 2, label: "Material cooperation" },
  { n: 3, label: "Verbal conflict" },
  { n: 4, label: "Material conflict" },
];
const QUAD_KEYS = { 1: "verbal_cooperation", 2: "material_cooperation", 3: "verbal_conflict", 4: "material_conflict" };
const PAGE = 50;
const SVG_NS = "http://www.w3.org/2000/svg";

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

/* ---------- API ---------- */

async function api(path, params = {}, signal) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "" || value === false) continue;
    url.searchParams.set(key, value === true ? "true" : String(value));
  }
  const response = await fetch(url, { signal, headers: { Accept: "application/json" } });
  let body = null;
  try { body = await response.json(); } catch (error) { body = null; }
  if (!response.ok) {
    const detail = body && body.detail ? body.detail : response.statusText;
    throw new Error(typeof detail === "string" ? detail : JSON.stringify(detail));
  }
  return body;
}

function showError(error) {
  if (error && error.name === "AbortError") return;
  const box = $("status");
  box.textContent = String(error && error.message ? error.message : error);
  box.hidden = false;
}

function clearError() {
  $("status").hidden = true;
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
  if (actor.events !== undefined && actor.events !== null) parts.push(`${actor.events} events`);
  return parts.join(" · ");
}

/* An autocomplete over /api/actors attached to one input and its listbox. */
function autocomplete(input, list, onPick, onSubmit) {
  let items = [];
  let active = -1;
  let timer = null;
  let controller = null;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
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
    if (event.key === "Enter" && onSubmit && (list.hidden || active < 0) && input.value.trim()) {
      event.preventDefault();
      clearTimeout(timer);
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
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
}

/* ---------- charts ---------- */

function legend(figure, mode, byQuad) {
  const box = figure.querySelector("[data-legend]");
  if (!box) return;
  clear(box);
  if (mode === "goldstein") {
    box.append(el("span", {}, "Mean Goldstein score per period, −10 (conflict) to +10 (cooperation); dots sized by events."));
    return;
  }
  if (!byQuad) {
    box.append(el("span", {}, el("span", { class: "swatch total" }), "Events per period"));
    return;
  }
  for (const quad of QUADS) {
    box.append(el("span", {}, el("span", { class: `swatch q${quad.n}` }), `${quad.n} ${quad.label}`));
  }
}

/* Bars per QuadClass (stacked counts) or the mean Goldstein line, one step per period. */
function drawSeries(container, series, mode) {
  clear(container);
  const byQuad = series.some((row) => row.quads);
  const stack = byQuad ? QUADS : [{ n: 0, label: "Events" }];
  const count = (row, quad) => (quad.n ? row[`quad_class_${quad.n}`] : row.events) || 0;
  legend(container.parentElement, mode, byQuad);
  const width = Math.max(360, container.clientWidth || 760);
  const height = 260;
  const margin = { top: 12, right: 32, bottom: 34, left: 40 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const root = svg("svg", {
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "data-testid": "series-chart",
    "data-mode": mode,
    "aria-label": mode === "goldstein" ? "Mean Goldstein score over time" : "Events by QuadClass over time",
  });
  container.append(root);
  if (!series.length) {
    root.append(svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "empty" }, "No events in this selection"));
    return;
  }
  const plot = svg("g", { transform: `translate(${margin.left},${margin.top})` });
  root.append(plot);
  const step = plotW / series.length;
  const barW = Math.max(2, Math.min(48, step * 0.7));
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
    plot.append(svg("text", { x: -6, y: y(tick) + 4, "text-anchor": "end" }, tick));
  }
  const labelEvery = Math.ceil(series.length / 12);
  series.forEach((row, i) => {
    if (i % labelEvery === 0) {
      plot.append(svg("text", { x: xCenter(i), y: plotH + 16, "text-anchor": "middle" }, row.period));
    }
  });

  if (mode === "goldstein") {
    const points = series
      .map((row, i) => ({ row, i }))
      .filter(({ row }) => row.events > 0 && row.goldstein_mean !== null && row.goldstein_mean !== undefined);
    if (points.length) {
      const d = points.map(({ row, i }, k) => `${k ? "L" : "M"}${xCenter(i).toFixed(1)},${y(row.goldstein_mean).toFixed(1)}`).join(" ");
      plot.append(svg("path", { d, class: "line" }));
    }
    const maxEvents = Math.max(1, ...points.map(({ row }) => row.events));
    for (const { row, i } of points) {
      const dot = svg("circle", {
        cx: xCenter(i), cy: y(row.goldstein_mean), r: 3 + 5 * Math.sqrt(row.events / maxEvents), class: "dot",
        "data-period": row.period,
      });
      dot.append(svg("title", {}, `${row.period}: mean Goldstein ${fmt(row.goldstein_mean)} over ${row.events} events`));
      plot.append(dot);
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
        class: quad.n ? `bar q${quad.n}` : "bar total", "data-period": row.period,
        "data-quad-class": quad.n || null, "data-count": n, "data-testid": "chart-bar",
      });
      rect.append(svg("title", {}, `${row.period}: ${n} × ${quad.label}`));
      plot.append(rect);
      base += n;
    }
  });
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

/* Circle layout refined by a few hundred steps of a small force simulation (deterministic). */
function drawNetwork(container, graph) {
  clear(container);
  const width = Math.max(360, container.clientWidth || 760);
  const height = 520;
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Actor network", "data-testid": "network-svg" });
  container.append(root);
  const focus = new Set();
  if (graph.focus) {
    for (const value of graph.focus.values) focus.add(graph.focus.kind === "actors" ? `actor:${value}` : value);
  }
  const nodes = graph.nodes.map((node, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, graph.nodes.length);
    return {
      ...node, name: node.label || node.code, x: width / 2 + 0.3 * width * Math.cos(angle),
      y: height / 2 + 180 * Math.sin(angle), vx: 0, vy: 0,
    };
  });
  if (!nodes.length) {
    root.append(svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "empty" }, "No events in this selection"));
    return;
  }
  const byId = new Map(nodes.map((node) => [String(node.id), node]));
  const edges = undirectedEdges(graph.edges)
    .map((edge) => ({ ...edge, a: byId.get(edge.source), b: byId.get(edge.target) }))
    .filter((edge) => edge.a && edge.b && edge.a !== edge.b);
  layout(nodes, edges, width, height);

  const maxEdge = Math.max(1, ...edges.map((edge) => edge.events));
  const maxNode = Math.max(1, ...nodes.map((node) => node.events || 1));
  const edgeLayer = svg("g", {});
  const nodeLayer = svg("g", {});
  root.append(edgeLayer, nodeLayer);
  for (const edge of edges) {
    const line = svg("line", {
      x1: edge.a.x, y1: edge.a.y, x2: edge.b.x, y2: edge.b.y, class: "edge",
      stroke: goldsteinColour(edge.goldstein_mean), "stroke-width": 1.5 + 7 * (edge.events / maxEdge),
      "data-testid": "network-edge", "data-source": edge.source, "data-target": edge.target, "data-events": edge.events,
      onclick: () => navigate(`#/dyad/${encodeURIComponent(nodeRef(edge.source))}/${encodeURIComponent(nodeRef(edge.target))}`),
    });
    line.append(svg("title", {}, `${edge.a.name} – ${edge.b.name}: ${edge.events} events, mean Goldstein ${fmt(edge.goldstein_mean)}`));
    edgeLayer.append(line);
  }
  for (const node of nodes) {
    const radius = 6 + 12 * Math.sqrt((node.events || 1) / maxNode);
    const group = svg("g", {
      class: focus.has(String(node.id)) ? "node focus" : "node",
      transform: `translate(${node.x.toFixed(1)},${node.y.toFixed(1)})`,
      "data-testid": "network-node", "data-node-id": node.id,
      onclick: () => navigate(`#/actor/${encodeURIComponent(nodeRef(node.id))}`),
    });
    group.append(svg("circle", { r: radius }));
    group.append(svg("text", { x: radius + 4, y: 4 }, node.name));
    group.append(svg("title", {}, `${node.name} (${node.code}): ${node.events} events`));
    nodeLayer.append(group);
  }
}

function layout(nodes, edges, width, height) {
  const k = Math.sqrt((width * height) / Math.max(1, nodes.length)) * 0.55;
  for (let step = 0; step < 300; step += 1) {
    const heat = 1 - step / 300;
    for (const a of nodes) {
      a.vx = 0;
      a.vy = 0;
      for (const b of nodes) {
        if (a === b) continue;
        const dx = a.x - b.x;
        const dy = a.y - b.y;
        const d2 = Math.max(25, dx * dx + dy * dy);
        a.vx += (dx / d2) * k * k * 0.05;
        a.vy += (dy / d2) * k * k * 0.05;
      }
      a.vx += (width / 2 - a.x) * 0.01;
      a.vy += (height / 2 - a.y) * 0.01;
    }
    for (const edge of edges) {
      const dx = edge.b.x - edge.a.x;
      const dy = edge.b.y - edge.a.y;
      const d = Math.max(1, Math.sqrt(dx * dx + dy * dy));
      const pull = ((d - k) / d) * 0.05;
      edge.a.vx += dx * pull; edge.a.vy += dy * pull;
      edge.b.vx -= dx * pull; edge.b.vy -= dy * pull;
    }
    for (const node of nodes) {
      node.x = Math.min(width - 70, Math.max(30, node.x + Math.max(-20, Math.min(20, node.vx)) * heat));
      node.y = Math.min(height - 25, Math.max(25, node.y + Math.max(-20, Math.min(20, node.vy)) * heat));
    }
  }
}

function goldsteinColour(value) {
  if (value === null || value === undefined) return "#9aa5b3";
  const t = Math.max(-1, Math.min(1, value / 10));
  const hue = 60 + 60 * t; // 0 red .. 120 green
  return `hsl(${hue.toFixed(0)}, 60%, ${t < 0 ? 48 : 38}%)`;
}

/* ---------- event lists ---------- */

function quadDot(quad) {
  return el("span", { class: `quad-tag q${quad}`, title: QUADS[quad - 1] ? QUADS[quad - 1].label : "" });
}

function eventItem(event) {
  const who = [el("b", {}, event.source_name || event.source_code || "?"), " ", event.cameo_name ? event.cameo_name.toLowerCase() : event.cameo_code];
  if (event.target_name || event.target_code) who.push(" → ", el("b", {}, event.target_name || event.target_code));
  const item = el(
    "li",
    { "data-testid": "event-row", "data-event-id": event.event_id, tabindex: 0 },
    el("span", { class: "date" }, event.date),
    el("span", { class: "what" }, quadDot(event.quad_class), ...who),
    el("span", { class: "code" }, `CAMEO ${event.cameo_code}${event.plover_type ? " · " + event.plover_type : ""} · ${fmt(event.goldstein)}`),
    event.evidence ? el("span", { class: "evidence" }, `“${event.evidence}”`) : null,
  );
  const open = () => {
    document.querySelectorAll(".event-list li.selected").forEach((node) => node.classList.remove("selected"));
    item.classList.add("selected");
    showEvent(event.event_id);
  };
  item.addEventListener("click", open);
  item.addEventListener("keydown", (key) => { if (key.key === "Enter") open(); });
  return item;
}

/* A paged event list: fetch(offset) returns a page; "More" appends the next one. */
function pagedList(list, button, fetchPage) {
  let offset = 0;
  async function load(reset) {
    if (reset) { offset = 0; clear(list); }
    const page = await fetchPage(offset);
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

function showView(name) {
  for (const view of ["overview", "search", "actor", "dyad", "network"]) {
    $(`${view}-view`).hidden = view !== name;
  }
  document.querySelectorAll(".tabs a").forEach((tab) => {
    tab.classList.toggle("active", tab.dataset.view === name || (name === "actor" && tab.dataset.view === "overview"));
  });
}

async function showOverview() {
  showView("overview");
  const [actors, events] = await Promise.all([
    api("/api/actors", { limit: 16 }),
    api("/api/events", { limit: 12 }),
  ]);
  const chips = clear($("overview-actors"));
  for (const actor of actors.items) {
    chips.append(el("li", {}, el("button", {
      type: "button", "data-testid": "overview-actor", "data-actor-id": actor.actor_id, "data-actor-code": actor.code,
      onclick: () => navigate(`#/actor/${encodeURIComponent(actorRef(actor))}`),
    }, actorLabel(actor), el("span", { class: "n" }, actor.events ?? ""))));
  }
  const list = clear($("overview-events"));
  for (const event of events.items) list.append(eventItem(event));
  if (!events.items.length) list.append(el("li", { class: "empty" }, "No events yet: run `tacitus ingest`."));
}

async function showActor(ref) {
  showView("actor");
  state.actor = null;
  $("actor-name").textContent = ref;
  for (const id of ["actor-facts", "actor-chart", "actor-partners", "actor-events"]) clear($(id));
  const profile = await api(`/api/actors/${encodeURIComponent(ref)}`);
  const actor = {
    actor_id: profile.actor_id, name: profile.name, kind: profile.kind, code: profile.code,
    country: profile.country, sector: profile.sector,
  };
  state.actor = { actor, ref, series: normaliseSeries(profile.series, "month") };
  $("actor-name").textContent = actorLabel(actor);
  const facts = [actor.code, actor.kind !== "country" ? actor.kind : null];
  if (profile.titles && profile.titles.length) facts.push(profile.titles.map((t) => t.title).join(", "));
  facts.push(`${profile.events} events (${profile.as_source} as source, ${profile.as_target} as target)`);
  const aliases = (profile.aliases || []).filter((alias) => alias !== profile.name);
  if (aliases.length) facts.push(`also: ${aliases.slice(0, 6).join(", ")}`);
  if (profile.first_seen) facts.push(`${profile.first_seen} to ${profile.last_seen}`);
  $("actor-facts").textContent = facts.filter(Boolean).join(" · ");
  drawSeries($("actor-chart"), state.actor.series, $("actor-mode").value);

  const partners = clear($("actor-partners"));
  for (const row of profile.partners || []) {
    const partner = partnerActor(row);
    partners.append(el("li", {}, el("button", {
      type: "button", "data-testid": "partner-link", "data-actor-id": partner.actor_id, "data-actor-code": partner.code,
      title: `Open the dyad ${actorLabel(actor)} – ${actorLabel(partner)}`,
      onclick: () => navigate(`#/dyad/${encodeURIComponent(ref)}/${encodeURIComponent(actorRef(partner))}`),
    }, `${actorLabel(actor)} – ${actorLabel(partner)}`, el("span", { class: "n" }, partner.events))));
  }
  if (!partners.children.length) partners.append(el("li", { class: "hint" }, "No partners."));
  await pagedList($("actor-events"), $("actor-more"), (offset) =>
    api("/api/timeline", { actor: ref, limit: PAGE, offset }));
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

async function showSearch(text) {
  showView("search");
  $("search-title").textContent = `Search: ${text}`;
  const found = await api("/api/search", { q: text, limit: 20 });
  const actors = clear($("search-actors"));
  for (const actor of found.actors) {
    actors.append(el("li", {}, el("button", {
      type: "button", "data-testid": "search-actor", "data-actor-id": actor.actor_id, "data-actor-code": actor.code,
      onclick: () => navigate(`#/actor/${encodeURIComponent(actorRef(actor))}`),
    }, actorLabel(actor), el("span", { class: "n" }, actor.events))));
  }
  if (!found.actors.length) actors.append(el("li", { class: "empty" }, "No actor by that name."));
  const articles = clear($("search-articles"));
  for (const article of found.articles) {
    articles.append(el("li", { "data-testid": "search-article", "data-article-id": article.article_id },
      el("button", { type: "button", onclick: () => openArticle(article) }, article.title),
      el("div", { class: "facts" }, [article.pub_date, article.outlet, `${article.events} events`].filter(Boolean).join(" · ")),
      article.snippet ? el("div", { class: "snippet" }, article.snippet) : null));
  }
  if (!found.articles.length) articles.append(el("li", { class: "empty" }, "No article has all these words."));
  // Slower (it reads every evidence sentence), so it comes after the actors and articles are shown.
  await pagedList($("search-events"), $("search-more"), (offset) =>
    api("/api/events", { q: text, limit: PAGE, offset }));
}

/* An article on its own (no event chosen): the detail panel shows its text, nothing marked. */
async function openArticle(article) {
  $("event-title").textContent = "Article";
  clear($("event-codes"));
  clear($("event-sources"));
  delete $("event-detail").dataset.eventId;
  setDetailOpen(true);
  await showArticle({ article_id: article.article_id, start: -1, end: -1 });
}

async function showDyad(a, b) {
  showView("dyad");
  if (!a || !b) {
    $("dyad-title").textContent = "Pick two actors or countries";
    clear($("dyad-chart"));
    clear($("dyad-events"));
    $("dyad-count").textContent = "";
    state.dyad = null;
    return;
  }
  const directed = $("dyad-directed").checked;
  const freq = $("dyad-freq").value;
  $("dyad-arrow").textContent = directed ? "→" : "⇄";
  const result = await api("/api/dyad", { a, b, directed, freq });
  state.dyad = { a, b, result, series: normaliseSeries(result.series, freq) };
  for (const [id, ref, described] of [["dyad-a", a, result.a], ["dyad-b", b, result.b]]) {
    const input = $(id);
    if (input.dataset.ref !== ref) { input.value = described.label; input.dataset.ref = ref; }
  }
  $("dyad-title").textContent = `${result.a.label} ${directed ? "→" : "–"} ${result.b.label}`;
  drawSeries($("dyad-chart"), state.dyad.series, $("dyad-mode").value);
  const first = await pagedList($("dyad-events"), $("dyad-more"), (offset) =>
    api("/api/events", { a, b, directed, limit: PAGE, offset }));
  $("dyad-count").textContent = `(${first.total})`;
}

async function showNetwork() {
  showView("network");
  const input = $("network-actor");
  const actor = input.value.trim() ? (input.dataset.ref || input.value.trim()) : null;
  const graph = await api("/api/network", {
    actor, level: $("network-level").value, start: $("network-start").value, end: $("network-end").value,
    min_events: $("network-min").value,
  });
  state.network = graph;
  drawNetwork($("network-chart"), graph);
}

/* ---------- event detail ---------- */

async function showEvent(id) {
  const detail = await api(`/api/events/${encodeURIComponent(id)}`);
  const event = detail.event;
  const panel = $("event-detail");
  panel.dataset.eventId = event.event_id;
  setDetailOpen(true);
  $("event-title").textContent = `${event.source_name || event.source_code} → ${event.target_name || event.target_code || "(no target)"}`;

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
  row("Confidence", fmt(event.confidence, 2), `${event.num_sources} source${event.num_sources === 1 ? "" : "s"}`, "code-confidence");

  const sources = clear($("event-sources"));
  detail.sources.forEach((source, index) => {
    sources.append(el("li", { "data-testid": "event-source" },
      el("button", { type: "button", onclick: () => showArticle(source) }, source.article_title || source.article_id),
      ` ${source.pub_date || ""} · sentence ${source.sentence_idx + 1} · chars ${source.start}–${source.end}`));
    if (index === 0) showArticle(source).catch(showError);
  });
}

async function showArticle(source) {
  const data = await api(`/api/articles/${encodeURIComponent(source.article_id)}`);
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
      current ? el("b", {}, label) : el("button", { type: "button", onclick: () => showEvent(event.event_id).catch(showError) }, label),
      ` · CAMEO ${event.cameo_code} · sentence ${event.sentence_idx + 1}`));
  }
  if (!data.events.length) coded.append(el("li", { class: "empty" }, "None."));
  const mark = box.querySelector("mark");
  const panel = $("event-detail");
  if (mark) panel.scrollTop = Math.max(0, mark.offsetTop - panel.clientHeight / 2);
}

/* Charts are drawn to their box's width: draw again when it changes (window, detail panel). */
function redrawCharts() {
  if (!$("dyad-view").hidden && state.dyad) drawSeries($("dyad-chart"), state.dyad.series, $("dyad-mode").value);
  if (!$("actor-view").hidden && state.actor) drawSeries($("actor-chart"), state.actor.series, $("actor-mode").value);
  if (!$("network-view").hidden && state.network) drawNetwork($("network-chart"), state.network);
}

function setDetailOpen(open) {
  const layoutBox = document.querySelector(".layout");
  if (layoutBox.classList.contains("with-detail") === open) return;
  $("event-detail").hidden = !open;
  layoutBox.classList.toggle("with-detail", open);
  redrawCharts();
}

function closeEvent() {
  setDetailOpen(false);
  document.querySelectorAll(".event-list li.selected").forEach((node) => node.classList.remove("selected"));
}

/* ---------- routing: #/actor/REF, #/dyad/A/B, #/network ---------- */

function navigate(hash) {
  if (window.location.hash === hash) route();
  else window.location.hash = hash;
}

async function route() {
  clearError();
  const parts = window.location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  try {
    if (parts[0] === "actor" && parts[1]) await showActor(parts[1]);
    else if (parts[0] === "dyad") await showDyad(parts[1], parts[2]);
    else if (parts[0] === "network") await showNetwork();
    else if (parts[0] === "search" && parts[1]) await showSearch(parts.slice(1).join("/"));
    else await showOverview();
    document.body.dataset.ready = window.location.hash || "#/";
  } catch (error) {
    showError(error);
  }
}

async function loadStats() {
  try {
    const stats = await api("/api/stats");
    // A large database: draw the network over its last year unless the analyst picks dates.
    if (stats.events > 100000 && stats.last_event && !$("network-start").value) {
      const last = new Date(`${stats.last_event}T00:00:00Z`);
      last.setUTCFullYear(last.getUTCFullYear() - 1);
      $("network-start").value = last.toISOString().slice(0, 10);
    }
    const span = stats.first_event ? ` · ${stats.first_event} to ${stats.last_event}` : "";
    $("stats").textContent = `${stats.events} events · ${stats.articles} articles · ${stats.actors} actors${span}`;
  } catch (error) {
    showError(error);
  }
}

function setup() {
  autocomplete($("actor-search"), $("actor-suggestions"), (actor) => {
    $("actor-search").value = "";
    navigate(`#/actor/${encodeURIComponent(actorRef(actor))}`);
  }, (text) => navigate(`#/search/${encodeURIComponent(text)}`));
  for (const id of ["dyad-a", "dyad-b", "network-actor"]) {
    const input = $(id);
    autocomplete(input, input.parentElement.querySelector(".suggestions"), () => {});
  }
  $("dyad-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const ref = (input) => input.dataset.ref || input.value.trim();
    navigate(`#/dyad/${encodeURIComponent(ref($("dyad-a")))}/${encodeURIComponent(ref($("dyad-b")))}`);
  });
  for (const id of ["dyad-directed", "dyad-freq"]) $(id).addEventListener("change", () => state.dyad && route());
  $("dyad-mode").addEventListener("change", () => state.dyad && drawSeries($("dyad-chart"), state.dyad.series, $("dyad-mode").value));
  $("actor-mode").addEventListener("change", () => state.actor && drawSeries($("actor-chart"), state.actor.series, $("actor-mode").value));
  $("network-form").addEventListener("submit", (event) => { event.preventDefault(); navigate("#/network"); route(); });
  $("event-close").addEventListener("click", closeEvent);
  window.addEventListener("hashchange", route);
  let resizeTimer = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(redrawCharts, 200);
  });
  loadStats();
  route();
}

document.addEventListener("DOMContentLoaded", setup);
