/* The API documentation: Swagger UI on this application's OpenAPI document. */
(function () {
  "use strict";
  var element = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({ url: element.dataset.spec, domNode: element, deepLinking: true });
}());
