/* The dashboard: map, timeline, facet counts and table, drawn from the API with the page's filters. */
(function () {
  "use strict";

  var el = SW.el;
  var body = document.body.dataset;
  var filters = new URLSearchParams(body.query || "");
  var sort = body.sort || "start_date";
  var offset = 0;
  var PAGE = 50;
  var summary = document.getElementById("summary");
  var totals = { events: null, located: null };

  function withFilters(extra) {
    var params = new URLSearchParams(filters);
    Object.keys(extra || {}).forEach(function (key) { params.set(key, extra[key]); });
    return params.toString();
  }

  function showProblem(error) {
    summary.textContent = "Could not load the events: " + error.message;
    summary.className = "summary problem";
  }

  function updateSummary() {
    if (totals.events === null || totals.located === null) { return; }
    var text = totals.events + (totals.events === 1 ? " event" : " events");
    text += filters.toString() ? " match the filters" : " in all";
    text += "; " + totals.located + " on the map.";
    summary.textContent = text;
  }

  /* Small screens start with the filters folded away. */
  if (window.matchMedia("(max-width: 800px)").matches) {
    document.getElementById("filter-panel").open = false;
  }

  // ---- map ------------------------------------------------------------------------------

  var mapElement = document.getElementById("map");
  var map = SW.newMap(mapElement);
  map.setView([30, 15], 2);

  /* Events by kind in a cluster, from its own markers and its child clusters' counts; kept on the
     cluster until its size changes, so that a map of 100,000 events does not count them over and over. */
  function kindCounts(cluster) {
    if (cluster.swCounts && cluster.swCountedAt === cluster.getChildCount()) { return cluster.swCounts; }
    var counts = {};
    function add(kind, n) { counts[kind] = (counts[kind] || 0) + n; }
    (cluster._markers || []).forEach(function (m) { add(m.options.kind, 1); });
    (cluster._childClusters || []).forEach(function (child) {
      var inner = kindCounts(child);
      Object.keys(inner).forEach(function (kind) { add(kind, inner[kind]); });
    });
    cluster.swCounts = counts;
    cluster.swCountedAt = cluster.getChildCount();
    return counts;
  }

  function clusterIcon(cluster) {
    var counts = kindCounts(cluster);
    var kinds = Object.keys(counts);
    var top = kinds.reduce(function (best, k) { return best === null || counts[k] > counts[best] ? k : best; }, null);
    var count = cluster.getChildCount();
    var size = 26 + 8 * String(count).length;
    var inner = el("div", { class: "sw-cluster-inner", title: kinds.map(function (k) {
      return counts[k] + " " + SW.words(k);
    }).join(", ") }, el("span", { class: "count", text: String(count) }));
    // A ring of the kinds' shares around the count (set through the style object, which the policy allows).
    var stops = [];
    var done = 0;
    SW.KINDS.forEach(function (k) {
      if (!counts[k]) { return; }
      var from = (done / count) * 100;
      done += counts[k];
      stops.push(SW.kindColour(k) + " " + from.toFixed(2) + "% " + ((done / count) * 100).toFixed(2) + "%");
    });
    inner.style.background = "conic-gradient(" + stops.join(", ") + ")";
    return L.divIcon({ html: inner, className: "sw-cluster kind-" + top + (kinds.length > 1 ? " mixed" : ""),
                       iconSize: L.point(size, size) });
  }

  var clusters = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 45,
                                        iconCreateFunction: clusterIcon });
  map.addLayer(clusters);

  function popupFor(id, kind, start) {
    var text = el("p", { class: "popup-summary", text: "…" });
    var box = el("div", { class: "popup-event" },
      el("p", {}, el("span", { class: "kind-chip kind-" + kind, text: SW.words(kind) }), " " + (start || "date unknown")),
      text,
      el("p", {}, el("a", { href: "/events/" + id, text: "Event " + id + " →" })));
    SW.getJSON("/api/events/" + id).then(function (event) {
      text.textContent = event.summary || (event.location ? event.location.name : "");
    }, function (error) { text.textContent = error.message; });
    return box;
  }

  /* The markers, clustered in chunks so that the page stays responsive; resolves once all are placed. */
  function loadPoints() {
    return SW.getJSON("/api/points?" + withFilters()).then(function (answer) {
      var markers = answer.points.map(function (p) {
        var m = SW.marker(p[1], p[2], p[3], { eventId: p[0] });
        m.bindPopup(function () { return popupFor(p[0], p[3], p[4]); });
        return m;
      });
      totals.located = markers.length;
      updateSummary();
      if (markers.length) {
        var bounds = L.latLngBounds(answer.points.map(function (p) { return [p[1], p[2]]; }));
        map.fitBounds(bounds, { maxZoom: 7, padding: [24, 24] });
      }
      return new Promise(function (resolve) {
        clusters.options.chunkProgress = function (placed, total) {
          if (placed === total) {
            mapElement.dataset.points = String(total);
            resolve();
          }
        };
        clusters.clearLayers();
        clusters.addLayers(markers);
      });
    });
  }

  document.getElementById("map-area").addEventListener("click", function () {
    var b = map.getBounds();
    function clamp(v, limit) { return Math.max(-limit, Math.min(limit, v)).toFixed(3); }
    var west = b.getWest(), east = b.getEast();
    if (east - west >= 360) { west = -180; east = 180; }
    var params = new URLSearchParams(filters);
    params.set("bbox", [clamp(((west + 540) % 360) - 180, 180), clamp(b.getSouth(), 90),
                        clamp(((east + 540) % 360) - 180, 180), clamp(b.getNorth(), 90)].join(","));
    window.location.search = params.toString();
  });

  // ---- timeline, legend and facet counts ---------------------------------------------------

  function addDays(iso, days) {
    var d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function drawTimeline(stats) {
    var box = document.getElementById("timeline");
    var note = document.getElementById("timeline-note");
    box.replaceChildren();
    var notes = [];
    if (stats.imprecise) { notes.push(stats.imprecise + " with only a month or year"); }
    if (stats.undated) { notes.push(stats.undated + " undated"); }
    note.textContent = notes.length ? "Not in the timeline: " + notes.join(", ") + "." : "";
    if (!stats.by_period.length) {
      box.appendChild(el("p", { class: "hint", text: "No event with a known day." }));
      return;
    }
    var weeks = {};
    stats.by_period.forEach(function (row) { (weeks[row.period] = weeks[row.period] || {})[row.kind] = row.count; });
    var periods = Object.keys(weeks).sort();
    var keys = [];
    for (var week = periods[0]; week <= periods[periods.length - 1]; week = addDays(week, 7)) { keys.push(week); }
    var width = Math.max(box.clientWidth, 300);
    var height = 176;
    var left = 34, right = 8, top = 8, bottom = 24;
    var plot = height - top - bottom;
    var most = 1;
    keys.forEach(function (k) {
      var sum = 0;
      Object.keys(weeks[k] || {}).forEach(function (kind) { sum += weeks[k][kind]; });
      most = Math.max(most, sum);
    });
    var step = (width - left - right) / keys.length;
    // A few weeks make wide bars: no wider than this, centred in their week.
    var barWidth = Math.max(1, Math.min(step * 0.85, 40));
    var inset = (step - barWidth) / 2;
    var chart = SW.svg("svg", { viewBox: "0 0 " + width + " " + height, preserveAspectRatio: "none",
                                class: "timeline-chart" });
    chart.appendChild(SW.svg("line", { x1: left, y1: top + plot, x2: width - right, y2: top + plot, class: "axis" }));
    chart.appendChild(SW.svg("line", { x1: left, y1: top, x2: left, y2: top + plot, class: "axis" }));
    [[most, top + 8], [0, top + plot]].forEach(function (tick) {
      var label = SW.svg("text", { x: left - 4, y: tick[1], "text-anchor": "end" });
      label.textContent = String(tick[0]);
      chart.appendChild(label);
    });
    var lastMonth = null;
    var labelEvery = Math.max(1, Math.ceil(60 / step));
    keys.forEach(function (k, i) {
      var x = left + i * step;
      var y = top + plot;
      SW.KINDS.forEach(function (kind) {
        var count = (weeks[k] || {})[kind];
        if (!count) { return; }
        var h = (count / most) * plot;
        var bar = SW.svg("rect", { x: x + inset, y: y - h, width: barWidth,
                                   height: h, fill: SW.kindColour(kind), class: "bar kind-" + kind,
                                   "data-week": k, "data-kind": kind, "data-count": count });
        var title = SW.svg("title", {});
        title.textContent = "Week of " + k + ": " + count + " " + SW.words(kind);
        bar.appendChild(title);
        bar.addEventListener("click", function () {
          var params = new URLSearchParams(filters);
          params.set("since", k);
          params.set("until", addDays(k, 6));
          window.location.search = params.toString();
        });
        chart.appendChild(bar);
        y -= h;
      });
      var month = k.slice(0, 7);
      if (month !== lastMonth && (i === 0 || i % labelEvery === 0) && x < width - 50) {
        lastMonth = month;
        var label = SW.svg("text", { x: x, y: height - 8 });
        label.textContent = MONTHS[parseInt(k.slice(5, 7), 10) - 1] + " " + k.slice(0, 4);
        chart.appendChild(label);
      }
    });
    box.appendChild(chart);
    box.dataset.weeks = String(keys.length);
  }

  function drawLegend(stats) {
    var legend = document.getElementById("legend");
    legend.replaceChildren();
    stats.by_kind.forEach(function (row) {
      var params = new URLSearchParams(filters);
      params.set("kind", row.kind);
      legend.appendChild(el("li", { class: "kind-" + row.kind },
        el("a", { href: "/?" + params.toString(), title: "Only " + SW.words(row.kind) },
          el("span", { class: "swatch" }), SW.words(row.kind) + " (" + row.count + ")")));
    });
  }

  function countFacet(name, rows, key) {
    var select = document.querySelector("#filters select[name=" + name + "]");
    if (!select) { return; }
    var counts = {};
    rows.forEach(function (row) { counts[row[key]] = row.count; });
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value) { return; }
      option.textContent = SW.words(option.value) + " (" + (counts[option.value] || 0) + ")";
    });
  }

  function fillList(id, values) {
    var list = document.getElementById(id);
    list.replaceChildren();
    values.forEach(function (value) { if (value) { list.appendChild(el("option", { value: value })); } });
  }

  function loadStats() {
    return SW.getJSON("/api/stats?" + withFilters({ interval: "week" })).then(function (stats) {
      totals.events = stats.total;
      updateSummary();
      drawTimeline(stats);
      drawLegend(stats);
      countFacet("kind", stats.by_kind, "kind");
      countFacet("status", stats.by_status, "status");
      countFacet("sector", stats.by_sector, "sector");
      countFacet("demand", stats.by_demand, "demand");
      countFacet("review", stats.by_review_state, "review_state");
      fillList("country-list", stats.by_country.map(function (row) { return row.country; }));
      fillList("region-list", stats.by_region.map(function (row) { return row.region; }));
    });
  }

  // ---- table ----------------------------------------------------------------------------

  var tbody = document.querySelector("#events tbody");

  function row(event) {
    var place = event.location;
    var placeText = place ? place.name + (place.venue ? " (" + place.venue + ")" : "") : "";
    var names = event.actor.organizations.concat(event.actor.unions).join(", ");
    var demands = event.demands.map(function (d) { return SW.words(d.category); })
      .filter(function (v, i, all) { return all.indexOf(v) === i; }).join(", ");
    var date = event.start_date || "";
    if (event.end_date && event.end_date !== event.start_date) { date += " – " + event.end_date; }
    return el("tr", { "data-id": event.id },
      el("td", {}, el("a", { href: "/events/" + event.id, text: String(event.id) })),
      el("td", { class: "date", text: date }),
      el("td", {}, el("span", { class: "kind-chip kind-" + event.kind, text: SW.words(event.kind) })),
      el("td", { text: SW.words(event.status) }),
      el("td", { class: "names" }, el("a", { href: "/events/" + event.id, text: placeText || "unknown place" })),
      el("td", { text: place && place.country ? place.country : "" }),
      el("td", { class: "names", text: names }),
      el("td", { text: demands }),
      el("td", { text: String(event.sources.length) }),
      el("td", { class: "review-state review-" + event.review_state, text: event.review_state }));
  }

  function markSort() {
    document.querySelectorAll("#events th").forEach(function (th) {
      var button = th.querySelector("button.sort");
      th.removeAttribute("aria-sort");
      if (button && sort.replace(/^-/, "") === button.dataset.sort) {
        th.setAttribute("aria-sort", sort.charAt(0) === "-" ? "descending" : "ascending");
      }
    });
  }

  function loadTable() {
    markSort();
    return SW.getJSON("/api/events?" + withFilters({ sort: sort, limit: PAGE, offset: offset })).then(function (page) {
      tbody.replaceChildren.apply(tbody, page.events.map(row));
      tbody.dataset.sort = page.sort;
      tbody.dataset.offset = String(page.offset);
      if (!page.events.length) {
        tbody.appendChild(el("tr", {}, el("td", { colspan: 10, class: "hint", text: "No event matches." })));
      }
      var last = Math.min(page.offset + page.events.length, page.total);
      document.getElementById("page-info").textContent =
        page.total ? (page.offset + 1) + "–" + last + " of " + page.total : "";
      document.getElementById("previous-page").disabled = page.offset === 0;
      document.getElementById("next-page").disabled = !page.next;
      totals.events = page.total;
      updateSummary();
    });
  }

  document.querySelectorAll("#events button.sort").forEach(function (button) {
    button.addEventListener("click", function () {
      var key = button.dataset.sort;
      sort = sort === key ? "-" + key : key;
      offset = 0;
      var params = new URLSearchParams(window.location.search);
      params.set("sort", sort);
      window.history.replaceState(null, "", "?" + params.toString());
      loadTable().catch(showProblem);
    });
  });
  document.getElementById("previous-page").addEventListener("click", function () {
    offset = Math.max(0, offset - PAGE);
    loadTable().catch(showProblem);
  });
  document.getElementById("next-page").addEventListener("click", function () {
    offset += PAGE;
    loadTable().catch(showProblem);
  });

  Promise.all([loadPoints(), loadStats(), loadTable()]).then(function () {
    document.body.dataset.loaded = "true";
  }, showProblem);
}());
