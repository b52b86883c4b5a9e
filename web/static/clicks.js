// Result clicks for the insights reports. Result links carry the search
// they came from (?sq=query&sp=position) so that a click counts even with
// JavaScript off; here the link is cleaned before the browser follows it,
// and the click is sent with navigator.sendBeacon, which neither delays
// nor redirects the reader.
(function () {
  "use strict";
  var QUERY = "sq", POSITION = "sp";
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || !navigator.sendBeacon) return;
    var url = new URL(link.href, location.href);
    if (url.origin !== location.origin || !url.searchParams.has(QUERY)) return;
    var parts = url.pathname.split("/");  // ["", locale, "articles", ...id]
    if (parts[2] !== "articles") return;
    var data = new URLSearchParams();
    data.set("q", url.searchParams.get(QUERY));
    data.set("pos", url.searchParams.get(POSITION));
    data.set("locale", parts[1]);
    data.set("id", decodeURIComponent(parts.slice(3).join("/")));
    if (navigator.sendBeacon("/api/events/click", data)) {
      url.searchParams.delete(QUERY);
      url.searchParams.delete(POSITION);
      link.href = url.toString();
    }
  }, true);
})();
