/*
 * A search box for the admin's county and municipality checkbox lists
 * (portal.admin_geography.GeographyCheckboxes): typing hides the options that do not match,
 * ignoring case and diacritics, so "rattvik" finds Rättvik. Without it the list still works.
 */
(() => {
  "use strict";

  const fold = (text) =>
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase();

  function enhance(root, number) {
    if (root.dataset.geographyReady) return;
    root.dataset.geographyReady = "true";
    const items = Array.from(root.querySelectorAll("input[type=checkbox]")).map((box) => ({
      box,
      name: box.parentElement.textContent.trim(),
      row: box.closest(".geography-filter__option") || box.parentElement,
      text: fold(box.dataset.search || box.parentElement.textContent),
    }));
    const groups = Array.from(root.querySelectorAll(".geography-filter__group"));

    const search = document.createElement("input");
    search.type = "search";
    search.id = `geography-filter-${number}`;
    search.className = "geography-filter__search";
    search.placeholder = root.dataset.filterPlaceholder || "";
    search.autocomplete = "off";
    const label = document.createElement("label");
    label.htmlFor = search.id;
    label.className = "geography-filter__label";
    label.textContent = root.dataset.filterLabel || "";
    const status = document.createElement("p");
    status.className = "geography-filter__count";
    status.setAttribute("role", "status");
    // what is chosen stays in view while the list is filtered or scrolled
    const chosen = document.createElement("p");
    chosen.className = "geography-filter__chosen";
    root.prepend(label, search, status, chosen);

    const showChosen = () => {
      const names = items.filter((item) => item.box.checked).map((item) => item.name);
      chosen.textContent = names.length
        ? (root.dataset.filterChosen || "").replace("%(names)s", names.join(", "))
        : root.dataset.filterNone || "";
    };
    root.addEventListener("change", showChosen);
    showChosen();

    const apply = () => {
      const words = fold(search.value).split(/\s+/).filter(Boolean);
      let shown = 0;
      items.forEach((item) => {
        const hit = words.every((word) => item.text.includes(word));
        item.row.hidden = !hit;
        if (hit) shown += 1;
      });
      groups.forEach((group) => {
        group.hidden = !group.querySelector(".geography-filter__option:not([hidden])");
      });
      status.textContent = words.length
        ? (root.dataset.filterCount || "")
            .replace("%(shown)s", shown)
            .replace("%(total)s", items.length)
        : "";
    };
    search.addEventListener("input", apply);
    // Enter in the search box must not submit the page's form
    search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault();
    });
  }

  const start = () =>
    document.querySelectorAll("[data-geography-filter]").forEach((root, i) => enhance(root, i));
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
