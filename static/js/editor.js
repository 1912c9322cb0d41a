/* Counterclaim editors: keys for the review queue and the statement form, and type-ahead pickers.
 *   Queue:     j / k  next / previous     o  open or close the line     a  accept     r  reject
 *              e      edit                x  tick for a bulk action
 *   Statement: Ctrl+Enter (⌘+Enter)  save, accept and open the next pending statement
 *   Any page:  u  undo the action just done (when the page offers it)
 *   Pickers:   fields marked data-picker="actors|places|incidents|statements" search
 *              /editor/pick/<kind>/?q=… as you type (tom-select).
 * Everything also works with the mouse and without JavaScript; this file only adds to it. */
(function () {
  "use strict";

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  /* --- Statement form: Ctrl+Enter = "Save, accept and next" ------------------------------- */
  var saveAcceptNext = document.querySelector("[data-save-accept-next]");
  if (saveAcceptNext) {
    document.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.altKey) {
        event.preventDefault();
        saveAcceptNext.click();
      }
    });
  }

  /* --- u = Undo, on the page after an action that offers it ------------------------------- */
  var undoButton = document.querySelector(".undo-message .undo-button");
  if (undoButton) {
    document.addEventListener("keydown", function (event) {
      if (event.key === "u" && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target)) {
        event.preventDefault();
        undoButton.click();
      }
    });
  }

  /* --- On a phone, filters start folded unless some are set (without JavaScript they stay open) */
  if (window.matchMedia && window.matchMedia("(max-width: 40rem)").matches) {
    Array.prototype.forEach.call(document.querySelectorAll("details[data-fold-on-phone]"), function (box) {
      if (!/[?&](?!page=|sort=)[^=&]+=[^&]/.test(window.location.search)) { box.open = false; }
    });
  }

  /* --- Type-ahead pickers --------------------------------------------------------------- */
  function pickerUrl(kind, query) {
    return "/editor/pick/" + encodeURIComponent(kind) + "/?q=" + encodeURIComponent(query);
  }

  function enhance(field) {
    if (typeof window.TomSelect === "undefined" || field.tomselect) { return; }
    var kind = field.getAttribute("data-picker");
    var found = {};  // values the server matched for the last query (by name, alias or number)
    var options = {
      valueField: "value",
      labelField: "text",
      searchField: ["text"],
      maxOptions: 20,
      loadThrottle: 200,
      load: function (query, callback) {
        fetch(pickerUrl(kind, query), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            found = {};
            data.results.forEach(function (row) { found[String(row.value)] = true; });
            callback(data.results);
          })
          .catch(function () { callback(); });
      },
      // The server's matches (aliases included) first, then options whose label holds the text.
      score: function (query) {
        var q = query.toLowerCase();
        return function (item) {
          if (!q || found[String(item.value)]) { return 1; }
          return String(item.text || "").toLowerCase().indexOf(q) >= 0 ? 0.5 : 0;
        };
      },
      shouldLoad: function () { return true; },
      render: { no_results: function () { return '<div class="no-results">No match</div>'; } }
    };
    if (field.tagName === "INPUT") {
      // A number field: one item, shown by its label (data-label) rather than its number.
      options.maxItems = 1;
      options.create = false;
      options.persist = false;
      var value = field.value;
      if (value) {
        options.options = [{ value: value, text: field.getAttribute("data-label") || "#" + value }];
        options.items = [value];
      }
      field.type = "text";
    } else if (!field.multiple) {
      options.allowEmptyOption = true;
    } else {
      options.plugins = ["remove_button"];
    }
    // Tom Select labels its own input with the field's label; the hidden original keeps a name too.
    var label = field.id && document.querySelector('label[for="' + field.id + '"]');
    if (label) { field.setAttribute("aria-label", label.textContent.trim()); }
    new window.TomSelect(field, options);
  }

  function enhanceAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-picker]"), enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }

  /* --- Review queue keys ---------------------------------------------------------------- */
  var queue = document.querySelector("[data-queue]");
  if (!queue) { return; }
  var items = Array.prototype.slice.call(queue.querySelectorAll(".queue-item"));
  if (!items.length) { return; }
  var current = -1;

  function select(index) {
    if (index < 0 || index >= items.length) { return; }
    if (current >= 0) {
      items[current].classList.remove("current");
      items[current].removeAttribute("aria-current");
    }
    current = index;
    var item = items[current];
    item.classList.add("current");
    item.setAttribute("aria-current", "true");
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "nearest" });
  }

  function act(name) {
    if (current < 0) { return; }
    var control = items[current].querySelector('[data-action="' + name + '"]');
    if (control) { control.click(); }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    switch (event.key) {
      case "j": select(current + 1); break;
      case "k": select(current < 0 ? 0 : current - 1); break;
      case "o":
        if (current >= 0) {
          var row = items[current].querySelector("details");
          if (row) { row.open = !row.open; }
        }
        break;
      case "a": act("accept"); break;
      case "r": act("reject"); break;
      case "e": act("edit"); break;
      case "x":
        if (current >= 0) {
          var box = items[current].querySelector('input[type="checkbox"]');
          if (box) { box.checked = !box.checked; }
        }
        break;
      default: return;
    }
    event.preventDefault();
  });

  items.forEach(function (item, index) {
    item.addEventListener("click", function () { if (current !== index) { select(index); } });
  });
  select(0);
})();
