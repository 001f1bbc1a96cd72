/* Gongzhi page behaviour. No inline scripts anywhere: pages carry data-* attributes and JSON
   data blocks (Django's json_script); this file turns them into behaviour. */
(function () {
  "use strict";

  function readJson(id) {
    var node = id && document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  /* Forms that submit themselves when a select changes (language switch, filters). */
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("[data-autosubmit]") && target.form) {
      target.form.requestSubmit ? target.form.requestSubmit() : target.form.submit();
    }
    if (target.matches && target.matches("[data-select-all]")) {
      var scope = target.closest("form") || document;
      scope.querySelectorAll("input[name='ids']").forEach(function (box) { box.checked = target.checked; });
    }
  });

  var pendingVillage = null;
  document.addEventListener("htmx:afterSwap", function (event) {
    var village = event.detail && event.detail.target;
    if (pendingVillage !== null && village && village.id === "id_village") {
      village.value = pendingVillage;
      pendingVillage = null;
      village.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-pick-category]") : null;
    if (button) {
      event.preventDefault();
      var form = button.closest("form");
      var hidden = form.querySelector("input[name='category']");
      hidden.value = button.getAttribute("data-pick-category");
      var chosen = form.querySelector("[data-category-chosen]");
      if (chosen) { chosen.textContent = button.getAttribute("data-label"); chosen.hidden = false; }
      var results = button.closest(".picker-results");
      if (results) { results.innerHTML = ""; }
      var search = form.querySelector("[data-category-search]");
      if (search) { search.value = ""; search.focus(); }
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
      return;
    }
    /* Smart intake: mark the new case as a repeat of a suggested one (merged once registered). */
    var repeat = event.target.closest ? event.target.closest("[data-repeat-of]") : null;
    if (repeat) {
      event.preventDefault();
      var intakeForm = repeat.closest("form");
      intakeForm.querySelector("input[name='repeat_of']").value = repeat.getAttribute("data-repeat-of");
      var chip = intakeForm.querySelector("[data-repeat-chosen]");
      if (chip) {
        chip.querySelector("[data-repeat-label]").textContent = repeat.getAttribute("data-label");
        chip.hidden = false;
      }
      return;
    }
    var unmark = event.target.closest ? event.target.closest("[data-repeat-clear]") : null;
    if (unmark) {
      event.preventDefault();
      var markedForm = unmark.closest("form");
      markedForm.querySelector("input[name='repeat_of']").value = "";
      unmark.closest("[data-repeat-chosen]").hidden = true;
      return;
    }
    /* Smart intake: take the town and village named in the text (the villages load by HTMX). */
    var place = event.target.closest ? event.target.closest("[data-pick-place-town]") : null;
    if (place) {
      event.preventDefault();
      var town = document.getElementById("id_town");
      var villageId = place.getAttribute("data-pick-place-village") || "";
      if (town) {
        pendingVillage = villageId;
        town.value = place.getAttribute("data-pick-place-town");
        town.dispatchEvent(new Event("change", { bubbles: true }));
      }
      return;
    }
    var printer = event.target.closest ? event.target.closest("[data-print]") : null;
    if (printer) { event.preventDefault(); window.print(); }
  });

  /* Ctrl+Enter saves a long form from anywhere in it (the one window is keyboard-first). */
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.form && event.target.form.hasAttribute("data-ctrl-enter")) {
      event.preventDefault();
      event.target.form.requestSubmit();
    }
  });

  /* Enter in the category search picks the first result instead of submitting the form. */
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && target.matches && target.matches("[data-category-search]")) {
      event.preventDefault();
      var first = target.form.querySelector(".picker-results [data-pick-category]");
      if (first) { first.click(); }
    }
  });

  /* ---- Charts (Apache ECharts) ---- */
  var palette = ["#4e9af1", "#f5a623", "#50e3c2", "#e86a5f", "#b48ef0", "#7ed321", "#f8e71c", "#9aa7b8"];

  function chartOptions(kind, data, dark) {
    var text = dark ? "#dbe6f5" : "#333";
    var grid = dark ? "#1d3a5f" : "#e5e8ee";
    var axis = { axisLabel: { color: text }, axisLine: { lineStyle: { color: dark ? "#3b5a80" : "#999" } }, splitLine: { lineStyle: { color: grid } } };
    var base = { color: palette, textStyle: { color: text }, grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
                 tooltip: { trigger: "axis" }, legend: { textStyle: { color: text }, top: 0 } };
    if (kind === "shares") {
      return Object.assign(base, {
        xAxis: Object.assign({ type: "category", data: data.labels }, axis),
        yAxis: { type: "value", max: 100, axisLabel: { color: text, formatter: "{value}%" }, splitLine: { lineStyle: { color: grid } } },
        series: [
          { name: data.actual_label, type: "bar", data: data.actual, barMaxWidth: 42, label: { show: true, position: "top", color: text, formatter: "{c}%" } },
          { name: data.target_label, type: "bar", data: data.target, barMaxWidth: 42, itemStyle: { color: "rgba(180,190,210,0.45)" } }
        ]
      });
    }
    if (kind === "trend") {
      return Object.assign(base, {
        legend: { textStyle: { color: text }, top: 0, type: "scroll" },
        xAxis: Object.assign({ type: "category", data: data.labels, boundaryGap: false }, axis),
        yAxis: Object.assign({ type: "value", minInterval: 1 }, axis),
        series: data.series.map(function (s) { return { name: s.name, type: "line", stack: "all", areaStyle: { opacity: 0.25 }, symbol: "none", data: s.data }; })
      });
    }
    if (kind === "hbar") {
      return Object.assign(base, {
        legend: { show: false },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        xAxis: Object.assign({ type: "value", minInterval: 1 }, axis),
        yAxis: Object.assign({ type: "category", data: data.labels.slice().reverse(), axisLabel: { color: text, width: 110, overflow: "truncate" } }, {}),
        series: [{ type: "bar", data: data.values.slice().reverse(), barMaxWidth: 16, label: { show: true, position: "right", color: text } }]
      });
    }
    return base;
  }

  function initCharts(root) {
    if (!window.echarts) { return; }
    root.querySelectorAll("[data-chart]").forEach(function (node) {
      var data = readJson(node.getAttribute("data-source"));
      if (!data) { return; }
      var existing = window.echarts.getInstanceByDom(node);
      if (existing) { existing.dispose(); }
      var chart = window.echarts.init(node, null, { renderer: "canvas" });
      chart.setOption(chartOptions(node.getAttribute("data-chart"), data, node.hasAttribute("data-dark")));
      var drill = node.getAttribute("data-drill");
      if (drill && data.links) {
        chart.on("click", function (params) {
          var index = data.links.length - 1 - params.dataIndex;
          var link = node.getAttribute("data-chart") === "hbar" ? data.links[index] : data.links[params.dataIndex];
          if (link) { window.location.href = link; }
        });
      }
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  /* ---- Maps (Leaflet) ---- */
  function initMaps(root) {
    if (!window.L) { return; }
    root.querySelectorAll("[data-map]").forEach(function (node) {
      if (node._gzMap) { return; }
      var map = window.L.map(node, { zoomControl: true, attributionControl: !!node.getAttribute("data-tiles") });
      node._gzMap = map;
      var tiles = node.getAttribute("data-tiles");
      if (tiles) {
        window.L.tileLayer(tiles, { maxZoom: 18, attribution: node.getAttribute("data-attribution") || "" }).addTo(map);
      }
      var dark = node.hasAttribute("data-dark");
      var fallback = [30.08, 120.47];
      map.setView(fallback, 10);
      var points = readJson(node.getAttribute("data-points")) || [];
      var outlineUrl = node.getAttribute("data-outline");
      var bounds = null;
      function drawPoints() {
        var max = 1;
        points.forEach(function (p) { if (p.count && p.count > max) { max = p.count; } });
        points.forEach(function (p) {
          var radius = p.count ? 5 + 20 * Math.sqrt(p.count / max) : 7;
          var marker = window.L.circleMarker([p.lat, p.lng], { radius: radius, color: dark ? "#f5a623" : "#c0392b", weight: 1, fillOpacity: 0.55 }).addTo(map);
          if (p.label) { marker.bindTooltip(p.label + (p.count ? " · " + p.count : "")); }
          if (p.url) { marker.on("click", function () { window.location.href = p.url; }); }
        });
        if (points.length === 1 && !bounds) { map.setView([points[0].lat, points[0].lng], 14); }
      }
      if (outlineUrl) {
        fetch(outlineUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (geo) {
          var layer = window.L.geoJSON(geo, { style: { color: dark ? "#4e9af1" : "#1f4e8c", weight: 2, fillOpacity: dark ? 0.12 : 0.06 } }).addTo(map);
          bounds = layer.getBounds();
          if (points.length === 1 && node.hasAttribute("data-focus")) { map.setView([points[0].lat, points[0].lng], 13); }
          else { map.fitBounds(bounds, { padding: [8, 8] }); }
          drawPoints();
        }).catch(drawPoints);
      } else {
        drawPoints();
      }
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
    });
  }

  function init(root) {
    initCharts(root);
    initMaps(root);
  }

  if (window.htmx) {
    window.htmx.onLoad(init);
  } else {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  }
})();
