// Autocomplete for the search box: a WAI-ARIA combobox over /api/suggest.
// Without JavaScript the box is a plain search form, so nothing depends on this.
(function () {
  "use strict";
  const DELAY_MS = 80;

  function setUp(input) {
    const list = document.getElementById(input.getAttribute("aria-controls"));
    const form = input.form;
    let items = [];
    let active = -1;
    let timer = null;
    let pending = null;

    function close() {
      list.hidden = true;
      list.replaceChildren();
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      active = index;
      items.forEach((item, i) => item.el.setAttribute("aria-selected", String(i === index)));
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", items[index].el.id);
        items[index].el.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(item) {
      if (item.url) {
        window.location.assign(item.url);
      } else {
        input.value = item.text;
        close();
        form.submit();
      }
    }

    function render(suggestions) {
      close();
      if (!suggestions.length) return;
      items = suggestions.map((s, i) => {
        const el = document.createElement("li");
        el.id = input.id + "-option-" + i;
        el.setAttribute("role", "option");
        el.setAttribute("aria-selected", "false");
        el.className = "suggestion " + s.kind;
        el.textContent = s.text;  // text, never HTML: suggestions come from user input too
        if (s.fallback) {
          el.lang = "en";
          const badge = document.createElement("span");
          badge.className = "badge fallback";
          badge.textContent = "EN";
          el.append(" ", badge);
        }
        el.addEventListener("mousedown", (event) => {
          event.preventDefault();  // keep focus in the input
          choose(s);
        });
        return { el: el, text: s.text, url: s.url };
      });
      list.replaceChildren(...items.map((item) => item.el));
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    async function fetchSuggestions() {
      const text = input.value;
      if (!text.trim()) {
        close();
        return;
      }
      if (pending) pending.abort();
      pending = new AbortController();
      const url = input.dataset.suggest + "?" + new URLSearchParams({ q: text, locale: input.dataset.locale });
      try {
        const response = await fetch(url, { signal: pending.signal });
        if (!response.ok) return close();
        const data = await response.json();
        if (input.value === text) render(data.suggestions);
      } catch (error) {
        if (error.name !== "AbortError") close();
      }
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DELAY_MS);
    });

    input.addEventListener("keydown", (event) => {
      if (list.hidden) {
        if (event.key === "ArrowDown" && input.value.trim()) fetchSuggestions();
        return;
      }
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          highlight((active + 1) % items.length);
          break;
        case "ArrowUp":
          event.preventDefault();
          highlight(active <= 0 ? items.length - 1 : active - 1);
          break;
        case "Enter":
          if (active >= 0) {
            event.preventDefault();
            choose(items[active]);
          }
          break;
        case "Escape":
          event.preventDefault();
          close();
          break;
      }
    });

    input.addEventListener("blur", close);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("input[data-suggest]").forEach(setUp);
  });
})();
