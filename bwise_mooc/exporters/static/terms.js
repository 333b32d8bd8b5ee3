/* bwise-mooc: the glossary's words in a lesson (exporters/terms.py). Each marked word is a
   button right before its meaning: pressing it (tap, click, Enter, Space) shows or hides the
   meaning; Escape hides it and puts the focus back on the word. No hover needed. */
(function () {
  "use strict";

  function meaningOf(button) {
    return document.getElementById(button.getAttribute("aria-controls") || "");
  }

  function show(button, open) {
    var meaning = meaningOf(button);
    if (!meaning) {
      return;
    }
    button.setAttribute("aria-expanded", open ? "true" : "false");
    meaning.hidden = !open;
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    var button = target && target.closest ? target.closest("button.term__word") : null;
    if (button) {
      show(button, button.getAttribute("aria-expanded") !== "true");
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") {
      return;
    }
    var target = event.target;
    var term = target && target.closest ? target.closest(".term") : null;
    var button = term ? term.querySelector("button.term__word") : null;
    if (button && button.getAttribute("aria-expanded") === "true") {
      show(button, false);
      button.focus();
      event.preventDefault();
    }
  });
})();
