/* strikewatch: what the page scripts share. Text from reports only ever goes in through
   textContent or text nodes, never as markup, so it shows as text whatever it holds. */
(function () {
  "use strict";

  var KINDS = ["strike", "demonstration", "assembly", "hunger_strike", "occupation", "blockade",
               "petition", "riot", "boycott", "other"];
  var rootStyle = window.getComputedStyle(document.documentElement);

  function kindColour(kind) {
    return rootStyle.getPropertyValue("--kind-" + kind).trim() || "#777777";
  }

  function words(value) {
    return String(value === null || value === undefined ? "" : value).replace(/_/g, " ");
  }

  /* An element with attributes ("text" sets its text) and children (strings become text nodes). */
  function el(tag, attributes) {
    var node = document.createElement(tag);
    var name;
    for (name in attributes || {}) {
      if (!Object.prototype.hasOwnProperty.call(attributes, name)) { continue; }
      var value = attributes[name];
      if (value === null || value === undefined || value === false) { continue; }
      if (name === "text") { node.textContent = String(value); }
      else if (name === "class") { node.className = value; }
      else { node.setAttribute(name, String(value)); }
    }
    for (var i = 2; i < arguments.length; i += 1) {
      var child = arguments[i];
      if (child === null || child === undefined) { continue; }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function svg(tag, attributes) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    var name;
    for (name in attributes || {}) {
      if (Object.prototype.hasOwnProperty.call(attributes, name)) { node.setAttribute(name, String(attributes[name])); }
    }
    return node;
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then(function (response) {
      if (response.ok) { return response.json(); }
      return response.json().then(function (body) {
        var detail = body && body.detail;
        throw new Error(typeof detail === "string" ? detail : response.status + " " + response.statusText);
      }, function () { throw new Error(response.status + " " + response.statusText); });
    });
  }

  /* Rings that cross the antimeridian (eastern Russia, Fiji) are stored cut at ±180°, which a flat
     map would draw as lines across the world: their western part is moved past 180° instead. */
  function unwrapRing(ring) {
    var jumps = 0;
    for (var i = 1; i < ring.length; i += 1) {
      if (Math.abs(ring[i][0] - ring[i - 1][0]) > 180) { jumps += 1; }
    }
    if (jumps < 2) { return ring; }
    return ring.map(function (point) { return point[0] < 0 ? [point[0] + 360, point[1]] : point; });
  }

  function unwrap(geometry) {
    if (geometry && geometry.type === "Polygon") {
      geometry.coordinates = geometry.coordinates.map(unwrapRing);
    } else if (geometry && geometry.type === "MultiPolygon") {
      geometry.coordinates = geometry.coordinates.map(function (polygon) { return polygon.map(unwrapRing); });
    }
  }

  /* A Leaflet map with the country basemap served by this application, and online tiles when configured. */
  function newMap(element, options) {
    var map = L.map(element, Object.assign({ worldCopyJump: true, minZoom: 1, maxZoom: 12 }, options || {}));
    var pane = map.createPane("basemap");
    pane.style.zIndex = 150;
    var body = document.body.dataset;
    if (body.tiles) {
      L.tileLayer(body.tiles, { attribution: body.tilesAttribution || "", maxZoom: 18 }).addTo(map);
    } else {
      fetch("/static/vendor/world-atlas/countries-50m.json").then(function (response) {
        return response.json();
      }).then(function (topology) {
        var countries = topojson.feature(topology, topology.objects.countries);
        countries.features.forEach(function (feature) { unwrap(feature.geometry); });
        L.geoJSON(countries, {
          pane: "basemap", interactive: false,
          style: { color: "#98a4b3", weight: 0.7, fillColor: "#f7f5ef", fillOpacity: 1 }
        }).addTo(map);
        element = map.getContainer();
        element.dataset.basemap = "loaded";
      });
      map.attributionControl.addAttribution("Countries: Natural Earth");
    }
    return map;
  }

  function marker(lat, lon, kind, extra) {
    return L.circleMarker([lat, lon], Object.assign({
      radius: 7, weight: 1.5, color: "#ffffff", fillColor: kindColour(kind), fillOpacity: 0.95,
      className: "sw-marker kind-" + kind, kind: kind
    }, extra || {}));
  }

  window.SW = { KINDS: KINDS, kindColour: kindColour, words: words, el: el, svg: svg, getJSON: getJSON,
                newMap: newMap, marker: marker };
}());
