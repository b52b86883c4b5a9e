// The site's behaviour, each part a small function set up on page load.
// Without JavaScript every page still works: the search box is a plain form,
// the topic filter is an open <details>, and nothing is hidden.
(function () {
  "use strict";
  const DELAY_MS = 80;
  const RECENT_KEY = "spravka.recent.";   // + locale; kept in this browser only
  const RECENT_MAX = 5;
  const HIGHLIGHT_KEY = "spravka.highlight";
  const PHONE = window.matchMedia("(max-width: 48rem)");

  // ---- Recent searches: localStorage only, never sent anywhere. ----
  function recentSearches(locale) {
    try {
      return JSON.parse(localStorage.getItem(RECENT_KEY + locale)) || [];
    } catch (error) {
      return [];  // storage disabled or garbled: no history, no error
    }
  }

  function remember(locale, query) {
    const kept = [query, ...recentSearches(locale).filter((q) => q !== query)].slice(0, RECENT_MAX);
    try {
      localStorage.setItem(RECENT_KEY + locale, JSON.stringify(kept));
    } catch (error) { /* private mode: nothing to keep */ }
  }

  // ---- The search box: a WAI-ARIA combobox over /api/suggest. ----
  function setUpCombobox(input) {
    const list = document.getElementById(input.getAttribute("aria-controls"));
    const status = document.getElementById("q-status");
    const form = input.form;
    const locale = input.dataset.locale;
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

    function option(suggestion) {
      const el = document.createElement("div");
      el.id = input.id + "-option-" + items.length;
      el.setAttribute("role", "option");
      el.setAttribute("aria-selected", "false");
      el.className = "suggestion " + suggestion.kind;
      el.textContent = suggestion.text;  // text, never HTML: suggestions come from user input too
      if (suggestion.fallback) {
        el.lang = "en";
        const badge = document.createElement("span");
        badge.className = "badge fallback";
        badge.lang = document.documentElement.lang;
        badge.textContent = list.dataset.englishOnly;
        el.append(" ", badge);
      }
      el.addEventListener("mousedown", (event) => {
        event.preventDefault();  // keep focus in the input
        choose(suggestion);
      });
      items.push({ el: el, text: suggestion.text, url: suggestion.url });
      return el;
    }

    function group(label, suggestions) {
      const el = document.createElement("div");
      el.setAttribute("role", "group");
      const heading = document.createElement("div");
      heading.className = "group";
      heading.id = input.id + "-group-" + list.children.length;
      heading.setAttribute("role", "presentation");
      heading.textContent = label;
      el.setAttribute("aria-labelledby", heading.id);
      el.append(heading, ...suggestions.map(option));
      list.append(el);
    }

    function render(suggestions) {
      close();
      const articles = suggestions.filter((s) => s.kind === "article");
      const queries = suggestions.filter((s) => s.kind === "query");
      const recent = suggestions.filter((s) => s.kind === "recent");
      if (articles.length) group(list.dataset.articles, articles);
      if (queries.length) group(list.dataset.queries, queries);
      if (recent.length) group(list.dataset.recent, recent);
      status.textContent = status.dataset.template.replace("{n}", String(items.length));
      if (!items.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    async function fetchSuggestions() {
      const text = input.value;
      if (!text.trim()) {
        render(recentSearches(locale).map((q) => ({ text: q, kind: "recent" })));
        return;
      }
      if (pending) pending.abort();
      pending = new AbortController();
      const url = input.dataset.suggest + "?" + new URLSearchParams({ q: text, locale: locale });
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
    input.addEventListener("focus", () => {
      if (!input.value.trim()) fetchSuggestions();
    });

    input.addEventListener("keydown", (event) => {
      if (list.hidden) {
        if (event.key === "ArrowDown") fetchSuggestions();
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
    form.addEventListener("submit", () => {
      if (input.value.trim()) remember(locale, input.value.trim());
    });
  }

  // ---- "/" and Ctrl-K (⌘K) put the cursor in the search box. ----
  function setUpShortcut(input) {
    document.addEventListener("keydown", (event) => {
      const typing = event.target.closest("input, textarea, select, [contenteditable]");
      const slash = event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey;
      const commandK = event.key.toLowerCase() === "k" && (event.ctrlKey || event.metaKey);
      if (slash || commandK) {
        event.preventDefault();
        input.focus();
        input.select();
      }
    });
  }

  // ---- Results: the topic filter starts collapsed on a phone. ----
  function collapseFiltersOnPhones() {
    const facets = document.querySelector("details.facets");
    if (facets && PHONE.matches) facets.open = false;
  }

  // ---- Results -> article: the words searched for are marked on the article. ----
  function rememberSearchOnResultClick(input) {
    const results = document.querySelector("ol.results");
    if (!results) return;
    results.addEventListener("click", (event) => {
      const link = event.target.closest("a.title");
      if (!link) return;
      try {
        sessionStorage.setItem(HIGHLIGHT_KEY, JSON.stringify({ path: link.pathname, query: input.value }));
      } catch (error) { /* no storage: no highlighting */ }
    });
  }

  function searchedWords(path) {
    let saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(HIGHLIGHT_KEY));
      sessionStorage.removeItem(HIGHLIGHT_KEY);
    } catch (error) {
      return [];
    }
    if (!saved || saved.path !== path) return [];
    return saved.query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1).slice(0, 10);
  }

  function highlightSearchedWords() {
    const article = document.querySelector("article");
    const words = article ? searchedWords(window.location.pathname) : [];
    if (!words.length) return;
    // A word's start: inflected forms share it (запись, записи; record, recorded).
    // Codes are matched whole: 10004 must not mark 10001.
    const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const wordPattern = (w) =>
      /\d/.test(w) ? escape(w) + "(?![\\p{L}\\p{N}])" : escape(w.length > 4 ? w.slice(0, Math.max(4, w.length - 2)) : w) + "[\\p{L}\\p{N}]*";
    const pattern = new RegExp("(?<![\\p{L}\\p{N}])(?:" + words.map(wordPattern).join("|") + ")", "giu");
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    const marks = [];
    for (const node of nodes) {
      const text = node.nodeValue;
      const matches = [...text.matchAll(pattern)];
      if (!matches.length) continue;
      const parts = document.createDocumentFragment();
      let cursor = 0;
      for (const match of matches) {
        parts.append(text.slice(cursor, match.index));
        const mark = document.createElement("mark");
        mark.className = "found";
        mark.textContent = match[0];
        parts.append(mark);
        marks.push(mark);
        cursor = match.index + match[0].length;
      }
      parts.append(text.slice(cursor));
      node.replaceWith(parts);
    }
    if (!marks.length) return;
    // An error code: the table row that explains it is what the reader came for.
    const codeRow = marks.map((m) => /\d/.test(m.textContent) && m.closest("tr")).find(Boolean);
    if (codeRow) codeRow.classList.add("found");
    (codeRow || marks[0]).scrollIntoView({ block: "center" });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const input = document.querySelector("input[data-suggest]");
    if (input) {
      setUpCombobox(input);
      setUpShortcut(input);
      rememberSearchOnResultClick(input);
    }
    collapseFiltersOnPhones();
    highlightSearchedWords();
  });
})();
