/* Title suggestions for the search box, as an ARIA 1.2 combobox with a listbox popup.
   Without JavaScript the form simply submits; this only adds the list. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-suggest-url]");
  if (!form || !window.fetch) { return; }
  var input = form.querySelector("input[type=search]");
  var box = input.parentNode;
  var list = document.createElement("ul");
  var status = document.createElement("p");
  var items = [];
  var active = -1;
  var timer = null;
  var latest = 0;

  list.id = "search-suggestions";
  list.className = "search-suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", form.getAttribute("data-suggest-label") || "");
  list.hidden = true;
  box.appendChild(list);
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  form.appendChild(status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function select(index) {
    var options = list.querySelectorAll("[role=option]");
    options.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
    active = index;
    if (index >= 0) { input.setAttribute("aria-activedescendant", options[index].id); }
    else { input.removeAttribute("aria-activedescendant"); }
  }

  function render(data) {
    items = data.suggestions || [];
    list.textContent = "";
    items.forEach(function (item, i) {
      var option = document.createElement("li");
      var kind = document.createElement("span");
      option.id = "search-suggestion-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.textContent = item.title;
      kind.className = "search-suggestions__kind";
      kind.textContent = item.kind_label;
      option.appendChild(kind);
      option.addEventListener("mousedown", function (event) { event.preventDefault(); window.location.href = item.url; });
      list.appendChild(option);
    });
    if (items.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = items.length + " " + (document.documentElement.lang === "sv" ? "förslag" : "suggestions");
    } else {
      close();
    }
    active = -1;
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var value = input.value.trim();
    if (value.length < 2) { close(); return; }
    timer = setTimeout(function () {
      var ticket = ++latest;
      fetch(form.getAttribute("data-suggest-url") + "?q=" + encodeURIComponent(value), { headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (ticket === latest) { render(data); } })
        .catch(close);
    }, 150);
  });

  input.addEventListener("keydown", function (event) {
    if (list.hidden) {
      if (event.key === "ArrowDown" && items.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); select(0); event.preventDefault(); }
      return;
    }
    if (event.key === "ArrowDown") { select(Math.min(active + 1, items.length - 1)); event.preventDefault(); }
    else if (event.key === "ArrowUp") { select(Math.max(active - 1, -1)); event.preventDefault(); }
    else if (event.key === "Escape") { close(); event.preventDefault(); }
    else if (event.key === "Enter" && active >= 0) { event.preventDefault(); window.location.href = items[active].url; }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
})();
