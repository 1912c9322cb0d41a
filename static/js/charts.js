/* Charts drawn with Chart.js from data the server puts in <script type="application/json"> blocks.
 * Each chart has a text alternative on the page (a table or a list), so the canvas is a picture of
 * data the reader can also get without it. Canvases carry no id: htmx copies the attributes of
 * elements with ids across a swap, and copying Chart.js's inline style would break the CSP. */
(function () {
  "use strict";

  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
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

  function timeline() {
    var points = data("timeline-data");
    var canvas = document.querySelector("canvas[data-chart=timeline]");
    if (!points || !canvas || !points.length) { return; }
    var rows = points.map(function (p) {
      return { x: Date.parse(p.date + "T00:00:00Z"), y: p.contested, r: 3 + Math.sqrt(p.statements) * 2, incident: p };
    });
    charts.push(draw(canvas, "bubble",
      { datasets: [{ label: "Incidents", data: rows, backgroundColor: "rgba(31, 41, 51, 0.55)", borderColor: "#1f2933" }] },
      {
        layout: { padding: 14 },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var p = ctx.raw.incident;
                return [p.title, dayLabel(ctx.raw.x), p.statements + " statements, " + p.sides + " sides, contested " + p.contested];
              }
            }
          }
        },
        scales: {
          x: { type: "linear", ticks: { callback: dayLabel, maxTicksLimit: 6 }, title: { display: true, text: "Date" } },
          y: { beginAtZero: true, grace: "10%", ticks: { precision: 0 }, title: { display: true, text: "Denials and counterclaims" } }
        },
        onClick: function (event, elements) {
          if (elements.length) {
            var p = rows[elements[0].index].incident;
            window.location.assign("/incidents/" + encodeURIComponent(p.id) + "/");
          }
        }
      }));
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

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
