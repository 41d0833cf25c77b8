/* An event's page: the event on the country map. */
(function () {
  "use strict";
  var element = document.getElementById("event-map");
  if (!element) { return; }
  var lat = parseFloat(element.dataset.lat);
  var lon = parseFloat(element.dataset.lon);
  if (!isFinite(lat) || !isFinite(lon)) { return; }
  var map = SW.newMap(element, { scrollWheelZoom: false });
  map.setView([lat, lon], 5);
  SW.marker(lat, lon, element.dataset.kind).addTo(map);
  element.dataset.ready = "true";
}());
