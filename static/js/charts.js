/* Charts drawn with Chart.js from data the server puts in <script type="application/json"> blocks.
 * Each chart has a text alternative on the page (a table or a list), so the canvas is a picture of
 * data the reader can also get without it. Canvases carry no id: htmx copies the attributes of
 * elements with ids across a swap, and copying Chart.js's inline style would break the CSP. */
(function () {
  "use strict";

  // Data comes in <script type="application/json">, or in a data-json attribute where htmx swaps it
  // in (htmx drops the script tags it swaps).
  function data(id) {
    var node = document.getElementById(id);
    if (!node) { return null; }
    return JSON.parse(node.tagName === "SCRIPT" ? node.textContent : node.getAttribute("data-json"));
  }

  var charts = [];
  var STANCE_COLOURS = ["#1f2933", "#b91c1c", "#1d4ed8", "#a16207", "#15803d"];
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function dayLabel(ms) {
    var d = new Date(ms);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }

  // Every chart is sized by its container (CSS) and drawn without animation.
  function draw(canvas, type, chartData, options) {
    return new window.Chart(canvas, {
      type: type,
      data: chartData,
      options: Object.assign({ maintainAspectRatio: false, animation: false }, options)
    });
  }

  // A dot's colour: its kind or how contested it is, as the switch beside the timeline says (colours.js).
  function dotColour(ctx) {
    var cc = window.Counterclaim;
    var p = ctx.raw && ctx.raw.incident;
    if (!cc || !p) { return "rgba(31, 41, 51, 0.55)"; }
    return cc.colourBy === "level" ? cc.colour("level", p.level) : cc.colour("kind", p.kind);
  }

  function isoDay(ms) { return new Date(ms).toISOString().slice(0, 10); }

  // Dragging across the timeline sets the From and To filters of the page's form and applies them
  // (through htmx when the form uses it, which also puts the dates in the address bar).
  function brush(chart, canvas) {
    var band = canvas.parentNode.querySelector(".brush");
    var form = document.querySelector("form.filters");
    var from = form && form.querySelector("input[name=date_from]");
    var to = form && form.querySelector("input[name=date_to]");
    if (!band || !from || !to) { return; }
    var start = null;
    var area = function () { return chart.chartArea; };
    var clamp = function (x) { return Math.max(area().left, Math.min(area().right, x)); };
    canvas.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) { return; }
      start = clamp(event.offsetX);
      chart.brushed = false;
      canvas.setPointerCapture(event.pointerId);
    });
    canvas.addEventListener("pointermove", function (event) {
      if (start === null) { return; }
      var x = clamp(event.offsetX);
      if (Math.abs(x - start) < 5 && !chart.brushed) { return; }
      chart.brushed = true;
      band.hidden = false;
      band.style.left = Math.min(start, x) + "px";
      band.style.width = Math.abs(x - start) + "px";
      band.style.top = area().top + "px";
      band.style.height = (area().bottom - area().top) + "px";
    });
    canvas.addEventListener("pointerup", function (event) {
      if (start === null) { return; }
      var x = clamp(event.offsetX);
      var first = Math.min(start, x);
      var last = Math.max(start, x);
      start = null;
      if (!chart.brushed) { return; }
      var scale = chart.scales.x;
      from.value = isoDay(scale.getValueForPixel(first));
      to.value = isoDay(scale.getValueForPixel(last));
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    });
    canvas.addEventListener("pointercancel", function () { start = null; band.hidden = true; });
  }

  function timeline() {
    var points = data("timeline-data");
    var canvas = document.querySelector("canvas[data-chart=timeline]");
    // htmx settles each swapped element (the results, the filter fields): draw a new canvas once.
    if (!points || !canvas || !points.length || window.Chart.getChart(canvas)) { return; }
    var rows = points.map(function (p) {
      return { x: Date.parse(p.date + "T00:00:00Z"), y: p.contested, r: 3 + Math.sqrt(p.statements) * 2, incident: p };
    });
    var chart = draw(canvas, "bubble",
      { datasets: [{ label: "Incidents", data: rows, backgroundColor: dotColour, borderColor: "#1f2933" }] },
      {
        layout: { padding: 14 },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var p = ctx.raw.incident;
                return [p.title, dayLabel(ctx.raw.x) + " · " + p.kind_label,
                        p.statements + " statements, " + p.sides + " sides, contested " + p.contested];
              }
            }
          }
        },
        scales: {
          x: { type: "linear", ticks: { callback: dayLabel, maxTicksLimit: 6 }, title: { display: true, text: "Date" } },
          y: { beginAtZero: true, grace: "10%", ticks: { precision: 0 }, title: { display: true, text: "Denials and counterclaims" } }
        },
        onClick: function (event, elements) {
          if (chart.brushed) { chart.brushed = false; return; }
          if (elements.length) {
            var p = rows[elements[0].index].incident;
            window.location.assign("/incidents/" + encodeURIComponent(p.id) + "/");
          }
        }
      });
    charts.push(chart);
    brush(chart, canvas);
    canvas.setAttribute("data-ready", "true");
  }

  function casualties() {
    var chart = data("casualty-data");
    var canvas = document.querySelector("canvas[data-chart=casualties]");
    if (!chart || !canvas || !chart.datasets.length) { return; }
    draw(canvas, "bar", {
      labels: chart.categories,
      datasets: chart.datasets.map(function (d, i) {
        return { label: d.label, data: d.data, backgroundColor: d.colour, borderColor: "#1f2933", borderWidth: 1,
                 borderDash: i % 2 ? [4, 2] : [], ranges: d.ranges };
      })
    }, {
      indexAxis: chart.categories.length > 4 ? "y" : "x",
      plugins: {
        tooltip: {
          callbacks: {
            label: function (ctx) { return ctx.dataset.label + ": " + (ctx.dataset.ranges[ctx.dataIndex] || "no figure"); }
          }
        }
      },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } }
    });
  }

  function actor() {
    var series = data("actor-data");
    var canvas = document.querySelector("canvas[data-chart=actor]");
    if (!series || !canvas || !series.months.length) { return; }
    draw(canvas, "bar", {
      labels: series.months.map(function (m) { return m.month; }),
      datasets: series.stances.map(function (s, i) {
        return { label: s.label, data: series.months.map(function (m) { return m.counts[i]; }),
                 backgroundColor: STANCE_COLOURS[i % STANCE_COLOURS.length] };
      })
    }, {
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } }
    });
  }

  function init() {
    if (!window.Chart) { return; }
    timeline();
    casualties();
    actor();
  }

  // Filtering with htmx replaces the results, timeline included: redraw it from the new data.
  document.addEventListener("htmx:beforeSwap", function () {
    charts.forEach(function (chart) { chart.destroy(); });
    charts = [];
  });
  document.addEventListener("htmx:afterSettle", function () { if (window.Chart) { timeline(); } });
  if (window.Counterclaim) {
    window.Counterclaim.onColourBy(function () { charts.forEach(function (chart) { chart.update(); }); });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
