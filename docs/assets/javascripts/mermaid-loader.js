// Material renders Mermaid blocks with the global `mermaid`, fetching it from a CDN when it is
// missing. This stand-in loads our own copy instead, and only on a page that has a diagram.
(function () {
  "use strict";
  var src = new URL("../vendor/mermaid/mermaid.min.js", document.currentScript.src).href;
  var config = {};
  var loading = null;
  function load() {
    loading = loading || new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () {
        window.mermaid.initialize(config);
        resolve(window.mermaid);
      };
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return loading;
  }
  window.mermaid = {
    initialize: function (options) { config = options; },
    render: function (id, text) {
      return load().then(function (real) { return real.render(id, text); });
    }
  };
})();
