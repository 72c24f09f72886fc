/* The forecast panel of the dyad view: next period's outlook per QuadClass and PLOVER type
   (/api/forecast/dyad) and the calibration chart of its backtest (/api/forecast/calibration).

   Self-contained: it watches the address (#/dyad/A/B) and the dyad form's period and direction
   controls, and adds its own section to the dyad view. The page loads it after app.js with
   <script src="/static/forecast.js"></script>; nothing else needs to call it. */
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  let request = 0;

  function el(tag, attrs = {}, text) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function svg(tag, attrs = {}, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  async function getJSON(path, params) {
    const url = new URL(path, window.location.origin);
    for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== false) url.searchParams.set(key, String(value));
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error(body && body.detail ? String(body.detail) : response.statusText);
    return body;
  }

  function panel() {
    const view = document.getElementById("dyad-view");
    if (!view) return null;
    let section = document.getElementById("dyad-forecast");
    if (!section) {
      section = el("section", { id: "dyad-forecast", "data-testid": "dyad-forecast", "aria-live": "polite" });
      const events = view.querySelector("#dyad-events");
      const heading = events ? events.previousElementSibling : null;
      if (heading && heading.parentNode === view) view.insertBefore(section, heading);
      else view.appendChild(section);
    }
    return section;
  }

  function dyadFromAddress() {
    const parts = window.location.hash.replace(/^#\/?/, "").split("/");
    if (parts[0] !== "dyad" || !parts[1] || !parts[2]) return null;
    return { a: decodeURIComponent(parts[1]), b: decodeURIComponent(parts[2]) };
  }

  function horizon() {
    const freq = document.getElementById("dyad-freq");
    return freq && freq.value === "week" ? "week" : "month";
  }

  function sparkline(counts) {
    const width = 96, height = 18, top = Math.max(1, ...counts), step = width / counts.length;
    const chart = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
      "aria-label": `counts of the last periods: ${counts.join(", ")}` });
    counts.forEach((count, i) => {
      const h = count ? Math.max(2, (count / top) * (height - 2)) : 1;
      chart.appendChild(svg("rect", { x: i * step + 1, y: height - h, width: Math.max(1, step - 2), height: h,
        fill: count ? "#5b7db1" : "#d8dde6" }));
    });
    return chart;
  }

  function probabilityBar(p) {
    const width = 80;
    const chart = svg("svg", { width: width + 40, height: 14, role: "img", "aria-label": `probability ${p.toFixed(2)}` });
    chart.appendChild(svg("rect", { x: 0, y: 2, width, height: 10, fill: "#eef0f4" }));
    chart.appendChild(svg("rect", { x: 0, y: 2, width: Math.max(0.5, p * width), height: 10, fill: "#c0703a" }));
    chart.appendChild(svg("text", { x: width + 4, y: 12, "font-size": 11 }, p.toFixed(2)));
    return chart;
  }

  function outlookTable(outlook) {
    const table = el("table", { class: "forecast-table", "data-testid": "forecast-table" });
    const head = el("tr");
    for (const label of ["Category", `Last ${outlook.periods.length} ${outlook.horizon}s`, `P(any) next ${outlook.horizon}`, "Expected", "Climatology"]) head.appendChild(el("th", {}, label));
    table.appendChild(el("thead")).appendChild(head);
    const body = el("tbody");
    for (const row of outlook.rows) {
      const tr = el("tr");
      tr.appendChild(el("td", {}, row.category));
      tr.appendChild(el("td")).appendChild(sparkline(row.history));
      tr.appendChild(el("td")).appendChild(probabilityBar(row.probability));
      tr.appendChild(el("td", {}, row.expected_count.toFixed(2)));
      tr.appendChild(el("td", {}, row.climatology.toFixed(2)));
      body.appendChild(tr);
    }
    table.appendChild(body);
    return table;
  }

  function calibrationChart(report) {
    const size = 240, pad = 38, inner = size - 2 * pad;
    const x = (p) => pad + p * inner, y = (p) => size - pad - p * inner;
    const chart = svg("svg", { width: size, height: size, viewBox: `0 0 ${size} ${size}`, role: "img",
      "data-testid": "calibration-chart", "aria-label": "reliability diagram: forecast probability against observed frequency" });
    chart.appendChild(svg("rect", { x: pad, y: pad, width: inner, height: inner, fill: "none", stroke: "#999" }));
    chart.appendChild(svg("line", { x1: x(0), y1: y(0), x2: x(1), y2: y(1), stroke: "#aaa", "stroke-dasharray": "4 3" }));
    for (const tick of [0, 0.5, 1]) {
      chart.appendChild(svg("text", { x: x(tick), y: size - pad + 14, "font-size": 10, "text-anchor": "middle" }, String(tick)));
      chart.appendChild(svg("text", { x: pad - 6, y: y(tick) + 3, "font-size": 10, "text-anchor": "end" }, String(tick)));
    }
    chart.appendChild(svg("text", { x: size / 2, y: size - 4, "font-size": 10, "text-anchor": "middle" }, "forecast probability"));
    chart.appendChild(svg("text", { x: 10, y: size / 2, "font-size": 10, "text-anchor": "middle", transform: `rotate(-90 10 ${size / 2})` }, "observed frequency"));
    const most = Math.max(1, ...report.reliability.map((b) => b.forecasts));
    for (const bin of report.reliability) {
      const dot = svg("circle", { cx: x(bin.mean_probability), cy: y(bin.observed_frequency),
        r: 2 + 5 * Math.log1p(bin.forecasts) / Math.log1p(most), fill: "#5b7db1", "fill-opacity": 0.8 });
      dot.appendChild(svg("title", {}, `${bin.forecasts} forecasts of ${bin.low}-${bin.high}: mean ${bin.mean_probability}, observed ${bin.observed_frequency}`));
      chart.appendChild(dot);
    }
    return chart;
  }

  function scoresLine(report) {
    const s = report.scores;
    return `Backtest over ${report.dyads} busiest country pairs, ${report.origins} origins, ${report.forecasts} forecasts: ` +
      `Brier ${s.logistic.brier} (climatology ${s.climatology.brier}, skill ${report.skill.logistic}), ` +
      `log loss ${s.logistic.log_loss} (climatology ${s.climatology.log_loss}).`;
  }

  async function render() {
    const dyad = dyadFromAddress();
    const section = panel();
    if (!section) return;
    if (!dyad) { section.replaceChildren(); return; }
    const mine = ++request;
    const directed = document.getElementById("dyad-directed");
    const params = { a: dyad.a, b: dyad.b, horizon: horizon(), directed: directed ? directed.checked : false };
    section.replaceChildren(el("h2", {}, "Outlook"), el("p", { class: "hint" }, "Forecasting…"));
    try {
      const [outlook, report] = await Promise.all([
        getJSON("/api/forecast/dyad", params),
        getJSON("/api/forecast/calibration", { horizon: params.horizon }).catch(() => null),
      ]);
      if (mine !== request) return;
      if (!outlook.available) {
        section.replaceChildren(el("h2", {}, "Outlook"), el("p", { class: "hint", "data-testid": "forecast-unavailable" }, outlook.reason));
        return;
      }
      const figure = el("div", { class: "forecast-body" });
      // Layout through the CSSOM (the page's content security policy forbids inline style attributes).
      Object.assign(figure.style, { display: "flex", flexWrap: "wrap", gap: "2rem", alignItems: "flex-start" });
      figure.appendChild(outlookTable(outlook));
      const side = el("figure", { class: "chart-box" });
      side.style.maxWidth = "260px";
      side.style.margin = "0";
      if (report && report.available) {
        side.appendChild(calibrationChart(report));
        side.appendChild(el("figcaption", { class: "legend" }, scoresLine(report)));
      }
      figure.appendChild(side);
      section.replaceChildren(
        el("h2", {}, `Outlook for the ${outlook.horizon} from ${outlook.next_period}`),
        el("p", { class: "hint" }, `Probability of at least one event of each kind (${outlook.model} model), ` +
          "the expected count, and the share of past periods that had one (climatology)."),
        figure,
      );
    } catch (error) {
      if (mine === request) section.replaceChildren(el("h2", {}, "Outlook"), el("p", { class: "hint" }, String(error.message || error)));
    }
  }

  window.addEventListener("hashchange", render);
  document.addEventListener("DOMContentLoaded", () => {
    for (const id of ["dyad-freq", "dyad-directed"]) {
      const control = document.getElementById(id);
      if (control) control.addEventListener("change", render);
    }
    render();
  });
  window.tacitusForecast = { render };
})();
