/* The incident map: Leaflet over the country borders of the world-atlas package, drawn as a GeoJSON
 * layer (no tile server: every file comes from this site, so the map works offline). One marker per
 * place, clustered when places crowd together, coloured by kind or by how contested (colours.js);
 * a marker opens the list of its incidents. Data comes from the data-json of #map-data; after htmx
 * filtering the map itself is kept (hx-preserve) and only its markers are replaced. */
(function () {
  "use strict";

  // The Armenia–Azerbaijan region (south-west, north-east), shown when no place has coordinates.
  var REGION = [[38.3, 43.3], [42.0, 50.5]];
  var atlasLayer = null;

  function text(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined) { node.textContent = content; }
    return node;
  }

  function link(href, content) {
    var a = text("a", "", content);
    a.href = href;
    return a;
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function popup(place) {
    var box = text("div", "map-popup");
    var heading = text("h3");
    heading.appendChild(link(place.url, place.name));
    box.appendChild(heading);
    box.appendChild(text("p", "meta", plural(place.count, "incident")));
    var list = text("ul");
    // The newest incidents (the server sends a few); the place page lists them all.
    place.incidents.forEach(function (incident) {
      var item = text("li");
      item.appendChild(link(incident.url, incident.title));
      var facts = [incident.date || "undated", incident.kind_label];
      if (incident.contested === 1) { facts.push("contested: 1 denial or counterclaim"); }
      if (incident.contested > 1) { facts.push("contested: " + incident.contested + " denials or counterclaims"); }
      item.appendChild(text("span", "meta", " — " + facts.join(" · ")));
      list.appendChild(item);
    });
    box.appendChild(list);
    if (place.count > place.incidents.length) {
      var more = text("p");
      more.appendChild(link(place.url, "All " + place.count + " incidents at " + place.name));
      box.appendChild(more);
    }
    return box;
  }

  function markerIcon(place) {
    var n = place.count;
    var content = text("span");
    content.appendChild(text("span", "visually-hidden", place.name + ": " + plural(n, "incident")));
    var count = text("span", "count", String(n));
    count.setAttribute("aria-hidden", "true");
    content.appendChild(count);
    var size = n > 9 ? 34 : 28;
    return window.L.divIcon({
      html: content,
      className: "map-marker kind-" + place.kind + " level-" + place.level,
      iconSize: [size, size]
    });
  }

  function clusterIcon(cluster) {
    var incidents = 0;
    cluster.getAllChildMarkers().forEach(function (marker) { incidents += marker.options.incidents; });
    var content = text("span");
    content.appendChild(text("span", "visually-hidden",
      plural(cluster.getChildCount(), "place") + " with " + plural(incidents, "incident") + ": zoom in to see them"));
    var count = text("span", "count", String(incidents));
    count.setAttribute("aria-hidden", "true");
    content.appendChild(count);
    return window.L.divIcon({ html: content, className: "map-cluster", iconSize: [40, 40] });
  }

  function readPlaces() {
    var node = document.getElementById("map-data");
    return node ? JSON.parse(node.getAttribute("data-json")) : [];
  }

  function showPlaces(state, places) {
    state.cluster.clearLayers();
    var markers = places.map(function (place) {
      var marker = window.L.marker([place.lat, place.lon], {
        icon: markerIcon(place),
        title: place.name,
        incidents: place.count,
        riseOnHover: true
      });
      // On a phone the popup fits inside the map, leaving room for Leaflet's padding and tip.
      var width = Math.max(160, Math.min(320, state.container.clientWidth - 64));
      marker.bindPopup(function () { return popup(place); }, { maxWidth: width, minWidth: Math.min(200, width), autoPanPadding: [12, 12] });
      marker.on("popupopen", function () { state.container.setAttribute("data-open-place", place.slug); });
      return marker;
    });
    state.cluster.addLayers(markers);
    if (markers.length) {
      var bounds = window.L.latLngBounds(places.map(function (p) { return [p.lat, p.lon]; }));
      // Always the whole region for context, widened to take in places further away.
      state.map.fitBounds(bounds.extend(window.L.latLngBounds(REGION)), { padding: [12, 12] });
    } else {
      state.map.fitBounds(REGION);
    }
    state.container.setAttribute("data-places", String(places.length));
  }

  function drawAtlas(state) {
    fetch(state.container.getAttribute("data-atlas"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .catch(function () { return null; })
      .then(function (atlas) {
        if (!atlas || !window.topojson) { return; }
        var countries = window.topojson.feature(atlas, atlas.objects.countries);
        atlasLayer = window.L.geoJSON(countries, {
          interactive: false,
          style: { color: "#7b8794", weight: 0.8, fillColor: "#f5f2ea", fillOpacity: 1 }
        }).addTo(state.map);
        atlasLayer.bringToBack();
        state.container.setAttribute("data-atlas-drawn", "true");
      });
  }

  function colourBy(state, mode) {
    state.container.classList.toggle("colour-kind", mode !== "level");
    state.container.classList.toggle("colour-level", mode === "level");
  }

  function build(container) {
    var map = window.L.map(container, { minZoom: 2, maxZoom: 13, zoomSnap: 0.5, worldCopyJump: true });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Borders: Natural Earth via world-atlas · Leaflet");
    var cluster = window.L.markerClusterGroup({
      maxClusterRadius: 40,
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      iconCreateFunction: clusterIcon
    });
    map.addLayer(cluster);
    var state = { map: map, cluster: cluster, container: container };
    container.ccMap = state;
    drawAtlas(state);
    map.on("zoomend moveend", function () { container.setAttribute("data-zoom", String(map.getZoom())); });
    return state;
  }

  function render() {
    var container = document.getElementById("incident-map");
    if (!container || !window.L || !window.L.markerClusterGroup) { return; }
    var state = container.ccMap || build(container);
    var data = document.getElementById("map-data");
    // htmx settles each swapped element (the results, the filter fields): read new places once.
    if (data === state.data) { return; }
    state.data = data;
    showPlaces(state, readPlaces());
    var cc = window.Counterclaim;
    colourBy(state, cc ? cc.colourBy : "kind");
    window.ccIncidentMap = state.map;  // for the browser tests and the console
  }

  if (window.Counterclaim) {
    window.Counterclaim.onColourBy(function (mode) {
      var container = document.getElementById("incident-map");
      if (container && container.ccMap) { colourBy(container.ccMap, mode); }
    });
  }
  document.addEventListener("htmx:afterSettle", render);
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", render); } else { render(); }
})();
