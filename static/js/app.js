/* Counterclaim: small progressive enhancements. Everything works without JavaScript; this file
 * turns the side-by-side columns of an incident into accessible tabs on narrow screens, folds the
 * filters away on phones, and copies a statement's citation. */
(function () {
  "use strict";

  var NARROW = window.matchMedia("(max-width: 47.99rem)");

  function setupSideTabs(tablist) {
    var tabs = Array.prototype.slice.call(tablist.querySelectorAll("button[data-panel]"));
    var panels = tabs.map(function (tab) { return document.getElementById(tab.getAttribute("data-panel")); });
    if (!tabs.length || panels.indexOf(null) !== -1) { return; }
    var headings = panels.map(function (panel) { return panel.getAttribute("aria-labelledby"); });
    var current = 0;
    var active = false;

    function select(index, focus) {
      current = (index + tabs.length) % tabs.length;
      tabs.forEach(function (tab, i) {
        var on = i === current;
        tab.setAttribute("aria-selected", on ? "true" : "false");
        tab.tabIndex = on ? 0 : -1;
        panels[i].hidden = !on;
      });
      if (focus) { tabs[current].focus(); }
    }

    function panelOfHash() {
      if (!location.hash) { return -1; }
      var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (!target) { return -1; }
      for (var i = 0; i < panels.length; i++) {
        if (panels[i] === target || panels[i].contains(target)) { return i; }
      }
      return -1;
    }

    function enable() {
      active = true;
      tablist.hidden = false;
      tablist.setAttribute("role", "tablist");
      tablist.setAttribute("aria-label", "Accounts by side");
      tabs.forEach(function (tab, i) {
        tab.setAttribute("role", "tab");
        tab.setAttribute("aria-controls", panels[i].id);
        panels[i].setAttribute("role", "tabpanel");
        panels[i].setAttribute("aria-labelledby", tab.id);
        panels[i].tabIndex = 0;
      });
      var fromHash = panelOfHash();
      select(fromHash >= 0 ? fromHash : current, false);
    }

    function disable() {
      active = false;
      tablist.hidden = true;
      tablist.removeAttribute("role");
      tabs.forEach(function (tab, i) {
        ["role", "aria-controls", "aria-selected"].forEach(function (a) { tab.removeAttribute(a); });
        tab.removeAttribute("tabindex");
        panels[i].removeAttribute("role");
        panels[i].removeAttribute("tabindex");
        panels[i].setAttribute("aria-labelledby", headings[i]);
        panels[i].hidden = false;
      });
    }

    function apply() { if (NARROW.matches) { enable(); } else { disable(); } }

    tabs.forEach(function (tab, i) {
      tab.addEventListener("click", function () { select(i, false); });
    });
    tablist.addEventListener("keydown", function (event) {
      if (!active) { return; }
      var moves = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: tabs.length - 1 };
      if (Object.prototype.hasOwnProperty.call(moves, event.key)) {
        event.preventDefault();
        select(moves[event.key], true);
      }
    });
    window.addEventListener("hashchange", function () {
      var index = panelOfHash();
      if (active && index >= 0) { select(index, false); }
    });
    if (NARROW.addEventListener) { NARROW.addEventListener("change", apply); } else { NARROW.addListener(apply); }
    apply();
  }

  // On a phone the filters start folded (unless one of them needs fixing), so results come first.
  function foldFilters() {
    if (!NARROW.matches) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("details[data-fold-narrow]"), function (details) {
      if (!details.querySelector(".has-error, .form-error")) { details.open = false; }
    });
  }

  // "Copy citation": outlet, date, speaker, what was said and the statement's permalink. The
  // clipboard API needs a secure context; elsewhere the citation is selected in a field to copy by hand.
  function citationText(button) {
    return button.getAttribute("data-citation") + " " + new URL(button.getAttribute("data-permalink"), location.href).href;
  }

  function showCitation(button, text) {
    var field = button.parentNode.querySelector("textarea.citation-text");
    field.value = text;
    field.hidden = false;
    field.focus();
    field.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
    return copied;
  }

  function copyCitation(button) {
    var status = button.parentNode.querySelector(".citation-status");
    var text = citationText(button);
    var done = function (message) { status.textContent = message; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { done("Citation copied."); },
        function () { done(showCitation(button, text) ? "Citation copied." : "Copy the selected citation."); }
      );
    } else {
      done(showCitation(button, text) ? "Citation copied." : "Copy the selected citation.");
    }
  }

  function setupCitations(root) {
    Array.prototype.forEach.call(root.querySelectorAll("button[data-citation]"), function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-citation]");
    if (button) { copyCitation(button); }
  });
  document.addEventListener("htmx:afterSettle", function (event) { setupCitations(event.target); });

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-tablist]"), setupSideTabs);
    foldFilters();
    setupCitations(document);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
