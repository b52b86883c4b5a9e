// Deflection on the support form: while the subject and description are
// typed, show the articles the search engine finds for them. Without
// JavaScript the form's "Check for answers" button does the same.
(function () {
  "use strict";
  const form = document.querySelector("form.support-form");
  if (!form) return;
  const box = document.getElementById("support-suggestions");
  const list = box.querySelector("ul");
  const { subject, description, token } = form.elements;
  const locale = form.dataset.locale;
  let timer = null;
  let last = "";

  function report(action, ids) {
    const data = new FormData();
    data.append("token", token.value);
    data.append("locale", locale);
    data.append("action", action);
    ids.forEach((id) => data.append("shown", id));
    navigator.sendBeacon(form.dataset.events, data);
  }

  function render(results) {
    list.replaceChildren(
      ...results.map((hit) => {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = hit.url;
        link.textContent = hit.title;
        link.dataset.id = hit.id;
        if (hit.fallback) link.lang = "en";
        const shown = document.createElement("input");
        shown.type = "hidden";
        shown.name = "shown";
        shown.value = hit.id;
        item.append(link, shown);
        if (hit.fallback) {
          const badge = document.createElement("span");
          badge.className = "badge fallback";
          badge.textContent = box.dataset.fallback || "English";
          item.append(" ", badge);
        }
        return item;
      })
    );
    box.hidden = results.length === 0;
    if (results.length) report("shown", results.map((hit) => hit.id));
  }

  async function update() {
    const text = `${subject.value} ${description.value.slice(0, 300)}`.trim();
    if (text.length < 3 || text === last) return;
    last = text;
    const params = new URLSearchParams({ q: text, locale });
    try {
      const response = await fetch(`${form.dataset.search}?${params}`);
      if (!response.ok) return;
      const data = await response.json();
      if (text === last) render(data.results.slice(0, 5));
    } catch (error) {
      // No suggestions this time; the form still works.
    }
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(update, 300);
  }

  subject.addEventListener("input", later);
  description.addEventListener("input", later);
  list.addEventListener("click", (event) => {
    const link = event.target.closest("a");
    if (link) report("opened", [link.dataset.id]);
  });
})();
