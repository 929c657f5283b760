/* Samverkansportalen: small enhancements that the pages work without.
   - The main menu collapses behind a "Meny" button on narrow screens.
   - After a form is sent back with errors, focus moves to the error summary; after a
     success, to the confirmation that replaced the form ([data-focus-on-load]). */
(function () {
    "use strict";

    function setUpMenu() {
        var toggle = document.querySelector("[data-menu-toggle]");
        var nav = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
        if (!toggle || !nav) {
            return;
        }
        var narrow = window.matchMedia("(max-width: 47.99em)");
        function apply() {
            if (narrow.matches) {
                toggle.hidden = false;
                nav.hidden = toggle.getAttribute("aria-expanded") !== "true";
            } else {
                toggle.hidden = true;
                nav.hidden = false;
            }
        }
        toggle.addEventListener("click", function () {
            var open = toggle.getAttribute("aria-expanded") === "true";
            toggle.setAttribute("aria-expanded", open ? "false" : "true");
            apply();
        });
        document.addEventListener("keydown", function (event) {
            if (event.key === "Escape" && narrow.matches && toggle.getAttribute("aria-expanded") === "true") {
                toggle.setAttribute("aria-expanded", "false");
                apply();
                toggle.focus();
            }
        });
        if (narrow.addEventListener) {
            narrow.addEventListener("change", apply);
        }
        apply();
    }

    function focusErrorSummary() {
        var summary = document.querySelector("[data-error-summary]") || document.querySelector("[data-focus-on-load]");
        if (summary) {
            summary.focus();
        }
    }

    function ready() {
        setUpMenu();
        focusErrorSummary();
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", ready);
    } else {
        ready();
    }
})();
