// Material renders Mermaid blocks with the global `mermaid`, fetching it from a CDN when it is
// missing. This stand-in loads our own copy instead, only on a page that has a diagram, and
// only once that diagram comes within a screen of the viewport: Mermaid is about 3 MB of
// JavaScript, too much to parse up front on a phone for a picture below the fold.
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
  // Material calls render() with the text of a <pre class="mermaid"> still in the page.
  function nearViewport(text) {
    var blocks = Array.prototype.slice.call(document.querySelectorAll("pre.mermaid"));
    var block = blocks.filter(function (el) { return el.textContent === text; })[0];
    if (!block || !("IntersectionObserver" in window)) return Promise.resolve();
    return new Promise(function (resolve) {
      var observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) {
          observer.disconnect();
          resolve();
        }
      }, { rootMargin: "100% 0px" });
      observer.observe(block);
    });
  }
  window.mermaid = {
    initialize: function (options) { config = options; },
    render: function (id, text) {
      return nearViewport(text).then(load).then(function (real) { return real.render(id, text); });
    }
  };
})();
