/* The incident map: an SVG drawn with d3-geo over country borders from the world-atlas package (no
 * tile server, nothing fetched from elsewhere). Each place is a link to its page. */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  // The Armenia–Azerbaijan region, used when no place has coordinates.
  var DEFAULT_BOX = [[43.3, 38.3], [50.5, 42.0]];

  function el(name, attrs) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function extent(places) {
    // Always the whole region for context, widened to take in places further away.
    var lons = places.map(function (p) { return p.lon; }).concat([DEFAULT_BOX[0][0], DEFAULT_BOX[1][0]]);
    var lats = places.map(function (p) { return p.lat; }).concat([DEFAULT_BOX[0][1], DEFAULT_BOX[1][1]]);
    var box = [[Math.min.apply(null, lons), Math.min.apply(null, lats)], [Math.max.apply(null, lons), Math.max.apply(null, lats)]];
    var padLon = (box[1][0] - box[0][0]) * 0.05, padLat = (box[1][1] - box[0][1]) * 0.05;
    return [[box[0][0] - padLon, box[0][1] - padLat], [box[1][0] + padLon, box[1][1] + padLat]];
  }

  function draw(container, atlas, places) {
    var width = 960, height = 600;
    var box = extent(places);
    var frame = { type: "MultiPoint", coordinates: [box[0], box[1], [box[0][0], box[1][1]], [box[1][0], box[0][1]]] };
    var projection = window.d3.geoMercator().fitExtent([[20, 20], [width - 20, height - 20]], frame);
    var path = window.d3.geoPath(projection);
    var svg = el("svg", { viewBox: "0 0 " + width + " " + height, role: "group", "aria-label": "Map of incident places", "class": "map-svg" });
    var clip = el("clipPath", { id: "map-clip" });
    clip.appendChild(el("rect", { x: 0, y: 0, width: width, height: height }));
    svg.appendChild(clip);
    var land = el("g", { "class": "map-land", "clip-path": "url(#map-clip)", "aria-hidden": "true" });
    if (atlas) {
      var countries = window.topojson.feature(atlas, atlas.objects.countries);
      countries.features.forEach(function (f) {
        var d = path(f);
        if (d) { land.appendChild(el("path", { d: d, "class": "country" })); }
      });
    }
    svg.appendChild(land);
    var most = Math.max.apply(null, places.map(function (p) { return p.incidents.length; }).concat([1]));
    var marks = el("g", { "class": "map-places" });
    places.forEach(function (p) {
      var xy = projection([p.lon, p.lat]);
      if (!xy) { return; }
      var n = p.incidents.length;
      var label = p.name + ": " + n + " incident" + (n === 1 ? "" : "s");
      var link = el("a", { href: "/places/" + encodeURIComponent(p.slug) + "/", "aria-label": label, "class": "map-place" });
      var title = el("title");
      title.textContent = label;
      link.appendChild(title);
      link.appendChild(el("circle", { cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: (5 + 14 * Math.sqrt(n / most)).toFixed(1) }));
      var text = el("text", { x: (xy[0] + 8).toFixed(1), y: (xy[1] - 8).toFixed(1), "aria-hidden": "true" });
      text.textContent = p.name;
      link.appendChild(text);
      marks.appendChild(link);
    });
    svg.appendChild(marks);
    container.replaceChildren(svg);
  }

  function init() {
    var container = document.getElementById("incident-map");
    var node = document.getElementById("map-data");
    if (!container || !node || !window.d3 || !window.topojson) { return; }
    var places = JSON.parse(node.textContent);
    fetch(container.getAttribute("data-atlas"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .catch(function () { return null; })
      .then(function (atlas) { draw(container, atlas, places); });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
