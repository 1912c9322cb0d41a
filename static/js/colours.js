/* What the map and the timeline are coloured by (kind of incident, or how contested), shared by both.
 * The colours themselves live in app.css (`.key.kind-…`, `.key.level-…`, the legend's keys): a canvas
 * reads them from there, so each colour is written once. */
(function () {
  "use strict";

  var cc = window.Counterclaim = window.Counterclaim || {};
  var cache = {};
  var listeners = [];
  cc.colourBy = "kind";

  // The colour of a kind ("kind", "shelling") or a level ("level", "many"), as the legend shows it.
  cc.colour = function (mode, value) {
    var key = mode + "-" + value;
    if (!cache[key]) {
      var probe = document.createElement("span");
      probe.className = "key " + key;
      probe.hidden = true;
      document.body.appendChild(probe);
      cache[key] = getComputedStyle(probe).backgroundColor;
      probe.remove();
    }
    return cache[key];
  };

  cc.onColourBy = function (callback) { listeners.push(callback); };

  // Every switch and legend on the page shows the same choice (the map's and the timeline's).
  function sync() {
    document.querySelectorAll("[data-colour-by]").forEach(function (box) {
      box.querySelectorAll("input[type=radio]").forEach(function (radio) { radio.checked = radio.value === cc.colourBy; });
      box.querySelectorAll(".legend").forEach(function (list) {
        list.hidden = !list.classList.contains("legend-" + cc.colourBy);
      });
    });
  }

  cc.setColourBy = function (mode) {
    cc.colourBy = mode === "level" ? "level" : "kind";
    sync();
    listeners.forEach(function (callback) { callback(cc.colourBy); });
  };

  document.addEventListener("change", function (event) {
    var radio = event.target;
    if (radio.matches && radio.matches("[data-colour-by] input[type=radio]")) { cc.setColourBy(radio.value); }
  });
  // A filtered page brings fresh switches: show them as chosen.
  document.addEventListener("htmx:afterSettle", sync);
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", sync); } else { sync(); }
})();
