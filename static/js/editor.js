/* Counterclaim editors: keyboard shortcuts for the review queue.
 *   j / k  next / previous statement      a  accept      r  reject
 *   e      edit                            x  tick for a bulk action
 * Everything also works with the mouse and without JavaScript; this file only adds the keys. */
(function () {
  "use strict";

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

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    switch (event.key) {
      case "j": select(current + 1); break;
      case "k": select(current < 0 ? 0 : current - 1); break;
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
