/* The forecast panel of the dyad view: next period's outlook per QuadClass and PLOVER type
   (/api/forecast/dyad) and the calibration chart of its backtest (/api/forecast/calibration).

   It registers itself with app.js's dyad-view hook (dyadPanels), so index.html loads it after
   app.js: <script src="/static/forecast.js"></script>. The dyad view calls it once the dyad's
   chart is drawn, with the dyad shown, its own box and the view's AbortSignal; its requests go
   through app.js's api() with that signal, so an answer for a dyad the user has left is dropped.
   No inline styles (the page's content security policy forbids them): layout is in style.css. */
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";

  function node(tag, attrs = {}, text) {
    const made = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) made.setAttribute(key, value);
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function shape(tag, attrs = {}, text) {
    const made = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs)) made.setAttribute(key, String(value));
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function sparkline(counts) {
    const width = 96, height = 18, top = Math.max(1, ...counts), step = width / counts.length;
    const chart = shape("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
      "aria-label": `counts of the last periods: ${counts.join(", ")}` });
    counts.forEach((count, i) => {
      const h = count ? Math.max(2, (count / top) * (height - 2)) : 1;
      chart.appendChild(shape("rect", { x: i * step + 1, y: height - h, width: Math.max(1, step - 2), height: h,
        fill: count ? "#5b7db1" : "#d8dde6" }));
    });
    return chart;
  }

  function probabilityBar(p) {
    const width = 80;
    const chart = shape("svg", { width: width + 40, height: 14, role: "img", "aria-label": `probability ${p.toFixed(2)}` });
    chart.appendChild(shape("rect", { x: 0, y: 2, width, height: 10, fill: "#eef0f4" }));
    chart.appendChild(shape("rect", { x: 0, y: 2, width: Math.max(0.5, p * width), height: 10, fill: "#c0703a" }));
    chart.appendChild(shape("text", { x: width + 4, y: 12, "font-size": 11 }, p.toFixed(2)));
    return chart;
  }

  function outlookTable(outlook) {
    const table = node("table", { class: "forecast-table", "data-testid": "forecast-table" });
    const head = node("tr");
    for (const label of ["Category", `Last ${outlook.periods.length} ${outlook.horizon}s`, `P(any) next ${outlook.horizon}`, "Expected", "Climatology"]) head.appendChild(node("th", {}, label));
    table.appendChild(node("thead")).appendChild(head);
    const body = node("tbody");
    for (const row of outlook.rows) {
      const tr = node("tr");
      tr.appendChild(node("td", {}, row.category));
      tr.appendChild(node("td")).appendChild(sparkline(row.history));
      tr.appendChild(node("td")).appendChild(probabilityBar(row.probability));
      tr.appendChild(node("td", {}, row.expected_count.toFixed(2)));
      tr.appendChild(node("td", {}, row.climatology.toFixed(2)));
      body.appendChild(tr);
    }
    table.appendChild(body);
    return table;
  }

  function calibrationChart(report) {
    const size = 240, pad = 38, inner = size - 2 * pad;
    const x = (p) => pad + p * inner, y = (p) => size - pad - p * inner;
    const chart = shape("svg", { width: size, height: size, viewBox: `0 0 ${size} ${size}`, role: "img",
      "data-testid": "calibration-chart", "aria-label": "reliability diagram: forecast probability against observed frequency" });
    chart.appendChild(shape("rect", { x: pad, y: pad, width: inner, height: inner, fill: "none", stroke: "#999" }));
    chart.appendChild(shape("line", { x1: x(0), y1: y(0), x2: x(1), y2: y(1), stroke: "#aaa", "stroke-dasharray": "4 3" }));
    for (const tick of [0, 0.5, 1]) {
      chart.appendChild(shape("text", { x: x(tick), y: size - pad + 14, "font-size": 10, "text-anchor": "middle" }, String(tick)));
      chart.appendChild(shape("text", { x: pad - 6, y: y(tick) + 3, "font-size": 10, "text-anchor": "end" }, String(tick)));
    }
    chart.appendChild(shape("text", { x: size / 2, y: size - 4, "font-size": 10, "text-anchor": "middle" }, "forecast probability"));
    chart.appendChild(shape("text", { x: 10, y: size / 2, "font-size": 10, "text-anchor": "middle", transform: `rotate(-90 10 ${size / 2})` }, "observed frequency"));
    const most = Math.max(1, ...report.reliability.map((b) => b.forecasts));
    for (const bin of report.reliability) {
      const dot = shape("circle", { cx: x(bin.mean_probability), cy: y(bin.observed_frequency),
        r: 2 + 5 * Math.log1p(bin.forecasts) / Math.log1p(most), fill: "#5b7db1", "fill-opacity": 0.8 });
      dot.appendChild(shape("title", {}, `${bin.forecasts} forecasts of ${bin.low}-${bin.high}: mean ${bin.mean_probability}, observed ${bin.observed_frequency}`));
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

  /* One dyad's panel: dyad = {a, b, freq, directed, ...} from app.js, box its own <div>. */
  async function forecastPanel(dyad, box, signal) {
    const section = node("section", { class: "forecast", "data-testid": "dyad-forecast", "aria-live": "polite" });
    box.replaceChildren(section);
    const horizon = dyad.freq === "week" ? "week" : "month";
    section.replaceChildren(node("h2", {}, "Outlook"), node("p", { class: "hint" }, "Forecasting…"));
    let outlook, report;
    try {
      [outlook, report] = await Promise.all([
        api("/api/forecast/dyad", { a: dyad.a, b: dyad.b, horizon, directed: dyad.directed }, signal),
        api("/api/forecast/calibration", { horizon }, signal).catch((error) => { if (isAbort(error)) throw error; return null; }),
      ]);
    } catch (error) {
      if (isAbort(error) || signal.aborted) return;
      section.replaceChildren(node("h2", {}, "Outlook"), node("p", { class: "hint" }, String(error.message || error)));
      return;
    }
    if (signal.aborted) return;
    if (!outlook.available) {
      section.replaceChildren(node("h2", {}, "Outlook"), node("p", { class: "hint", "data-testid": "forecast-unavailable" }, outlook.reason));
      return;
    }
    const figure = node("div", { class: "forecast-body" });
    // The table scrolls sideways inside its own box on a narrow screen, never the page.
    figure.appendChild(node("div", { class: "forecast-scroll" })).appendChild(outlookTable(outlook));
    const side = node("figure", { class: "chart-box forecast-calibration" });
    if (report && report.available) {
      side.appendChild(calibrationChart(report));
      side.appendChild(node("figcaption", { class: "legend" }, scoresLine(report)));
    } else if (report && report.computing) {
      side.appendChild(node("p", { class: "hint", "data-testid": "calibration-computing" }, report.reason));
    }
    figure.appendChild(side);
    section.replaceChildren(
      node("h2", {}, `Outlook for the ${outlook.horizon} from ${outlook.next_period}`),
      node("p", { class: "hint" }, `Probability of at least one event of each kind (${outlook.model} model), ` +
        "the expected count, and the share of past periods that had one (climatology)."),
      figure,
    );
  }

  dyadPanels.push(forecastPanel);
})();
