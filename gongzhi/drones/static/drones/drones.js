/* Drone maps: docks (radius circles), no-fly zones, the day's flights coloured per flight, targets
   coloured per department, the emergency incident. Data comes from a json_script element named
   by data-drone-map; no inline script (CSP). Coordinates are WGS-84. */
(function () {
  "use strict";

  function readJson(id) {
    var node = document.getElementById(id);
    if (!node) { return null; }
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  function colourSwatches(root) {
    root.querySelectorAll("[data-colour]").forEach(function (node) {
      node.style.color = node.getAttribute("data-colour");
    });
  }

  function draw(node) {
    if (!window.L || node._gzDroneMap) { return; }
    var data = readJson(node.getAttribute("data-drone-map")) || {};
    var map = window.L.map(node, { attributionControl: !!node.getAttribute("data-tiles") });
    node._gzDroneMap = map;
    map.setView([30.05, 120.47], 11);
    var tiles = node.getAttribute("data-tiles");
    if (tiles) {
      window.L.tileLayer(tiles, { maxZoom: 18, attribution: node.getAttribute("data-attribution") || "" }).addTo(map);
    }
    var group = window.L.featureGroup().addTo(map);
    if (data.zones) {
      window.L.geoJSON(data.zones, { style: { color: "#b00020", weight: 1, fillOpacity: 0.25 } })
        .bindTooltip(function (layer) { return layer.feature.properties.name; }).addTo(map);
    }
    (data.docks || []).forEach(function (d) {
      var colour = d.ok ? "#1f7a1f" : "#999999";
      window.L.circle([d.lat, d.lng], { radius: d.radius, color: colour, weight: 1, fillOpacity: 0.04 }).addTo(group);
      window.L.circleMarker([d.lat, d.lng], { radius: 8, color: colour, fillOpacity: 0.9 }).bindTooltip(d.label).addTo(group);
    });
    (data.flights || []).forEach(function (f) {
      var line = f.path.map(function (p) { return [p[1], p[0]]; });
      window.L.polyline(line, { color: f.colour, weight: 3, opacity: 0.85 }).bindTooltip(f.label).addTo(group);
      f.stops.forEach(function (s) {
        window.L.circleMarker([s.lat, s.lng], { radius: 5, color: s.colour, fillOpacity: 0.9 }).bindTooltip(s.label).addTo(group);
      });
    });
    if (data.incident) {
      window.L.marker([data.incident[1], data.incident[0]]).addTo(group);
    }
    var outline = node.getAttribute("data-outline");
    function fit() {
      var bounds = group.getBounds();
      if (bounds.isValid()) { map.fitBounds(bounds, { padding: [12, 12] }); }
    }
    if (outline) {
      fetch(outline, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (geo) {
        var layer = window.L.geoJSON(geo, { style: { color: "#1f4e8c", weight: 2, fillOpacity: 0.03 } }).addTo(map);
        if (!group.getBounds().isValid()) { map.fitBounds(layer.getBounds()); } else { fit(); }
      }).catch(fit);
    } else { fit(); }
    var pick = node.getAttribute("data-pick");
    if (pick) {
      var form = document.getElementById(pick);
      var marker = null;
      map.on("click", function (event) {
        if (marker) { marker.setLatLng(event.latlng); } else { marker = window.L.marker(event.latlng).addTo(map); }
        form.querySelector("input[name='latitude']").value = event.latlng.lat.toFixed(6);
        form.querySelector("input[name='longitude']").value = event.latlng.lng.toFixed(6);
      });
    }
  }

  function init() {
    document.querySelectorAll("[data-drone-map]").forEach(draw);
    colourSwatches(document);
  }

  document.addEventListener("DOMContentLoaded", init);
})();
