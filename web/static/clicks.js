// Result clicks for the insights reports. Result links carry their position
// (?sp=N) so that a click counts even with JavaScript off (the server takes
// the query from the results page that sent the reader); here the click is
// sent with navigator.sendBeacon, with the query of this page's URL, and the
// link is cleaned before the browser follows it.
(function () {
  "use strict";
  var POSITION = "sp";
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || !navigator.sendBeacon) return;
    var url = new URL(link.href, location.href);
    var query = new URLSearchParams(location.search).get("q");
    if (url.origin !== location.origin || !url.searchParams.has(POSITION) || !query) return;
    var parts = url.pathname.split("/");  // ["", locale, "articles", ...id]
    if (parts[2] !== "articles") return;
    var data = new URLSearchParams();
    data.set("q", query);
    data.set("pos", url.searchParams.get(POSITION));
    data.set("locale", parts[1]);
    data.set("id", decodeURIComponent(parts.slice(3).join("/")));
    if (navigator.sendBeacon("/api/events/click", data)) {
      url.searchParams.delete(POSITION);
      link.href = url.toString();
    }
  }, true);
})();
