// ReDoc for /redoc, started from a static file under the app's CSP (security probe F10).
// Search is off: ReDoc runs it in a worker made from a blob: URL, which the CSP does not allow.
(function () {
  "use strict";
  var root = document.getElementById("redoc");
  Redoc.init(root.getAttribute("data-openapi-url"), { disableSearch: true }, root);
})();
