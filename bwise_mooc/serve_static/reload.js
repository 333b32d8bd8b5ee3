// bwise-mooc preview --serve: the author's live view of the build.
// Added by the preview server to the pages it sends; never part of a build.
// - reloads this page after each successful rebuild;
// - while the last rebuild failed, shows its errors on top of the last good page
//   (a panel that Escape or its button hides until the next failing build).
(function () {
  "use strict";
  if (!window.EventSource || !document.body) {
    return;
  }
  var script = document.currentScript;
  var build = (script && script.getAttribute("data-build")) || "";
  var base = "/__bwise/";
  var DISMISSED = "bwise-live-dismissed"; // the attempt whose errors the author hid
  var host = null; // the overlay, built on first use
  var returnFocus = null;

  function remembered() {
    try {
      return window.sessionStorage.getItem(DISMISSED);
    } catch (error) {
      return null;
    }
  }

  function remember(attempt) {
    try {
      window.sessionStorage.setItem(DISMISSED, attempt);
    } catch (error) {
      // private mode: the panel comes back on the next page, which is fine
    }
  }

  function element(name, attributes, text) {
    var node = document.createElement(name);
    Object.keys(attributes || {}).forEach(function (key) {
      node.setAttribute(key, attributes[key]);
    });
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function onKey(event) {
    if (event.key === "Escape" && host && !host.hidden) {
      event.preventDefault();
      hide(true);
    }
  }

  function hide(byAuthor) {
    if (!host || host.hidden) {
      return;
    }
    if (byAuthor) {
      remember(host.getAttribute("data-attempt"));
    }
    host.hidden = true;
    document.removeEventListener("keydown", onKey, true);
    if (returnFocus && document.contains(returnFocus) && returnFocus.focus) {
      returnFocus.focus();
    }
    returnFocus = null;
  }

  function line(item) {
    // modules/02-x/03-y.md:14:3: error: message [code]
    var li = element("li", { class: item.severity });
    li.appendChild(element("span", { class: "where", dir: "ltr" }, item.path + ":" + item.line + ":" + item.column + ":"));
    li.appendChild(document.createTextNode(" "));
    li.appendChild(element("span", { class: "severity" }, item.severity + ":"));
    li.appendChild(document.createTextNode(" "));
    li.appendChild(element("bdi", { class: "message" }, item.message));
    li.appendChild(document.createTextNode(" "));
    li.appendChild(element("span", { class: "code", dir: "ltr" }, "[" + item.code + "]"));
    return li;
  }

  function show(status) {
    var errors = status.diagnostics.filter(function (d) { return d.severity === "error"; });
    var warnings = status.diagnostics.filter(function (d) { return d.severity !== "error"; });
    if (!host) {
      host = element("div", { id: "bwise-live", lang: "en", dir: "ltr" });
      host.attachShadow({ mode: "open" });
      document.body.appendChild(host);
    }
    var root = host.shadowRoot;
    root.textContent = "";
    root.appendChild(element("link", { rel: "stylesheet", href: base + "overlay.css" }));
    var panel = element("section", {
      class: "panel",
      role: "alertdialog",
      "aria-labelledby": "bwise-live-title",
      "aria-describedby": "bwise-live-hint",
      tabindex: "-1",
    });
    var head = element("div", { class: "head" });
    var title;
    if (status.crash) {
      title = "The preview was not rebuilt: bwise-mooc failed";
    } else {
      title = "The preview was not rebuilt: " + errors.length + (errors.length === 1 ? " error" : " errors");
    }
    head.appendChild(element("h2", { id: "bwise-live-title" }, title));
    var close = element("button", { type: "button", class: "close" }, "Hide");
    close.setAttribute("aria-label", "Hide the errors");
    close.addEventListener("click", function () { hide(true); });
    head.appendChild(close);
    panel.appendChild(head);
    panel.appendChild(element("p", { id: "bwise-live-hint", class: "hint" },
      "Fix the file and save: this page reloads by itself. Below is the last good build."));
    if (status.crash) {
      panel.appendChild(element("pre", { class: "crash" }, status.crash));
    }
    if (errors.length) {
      var list = element("ol", { class: "problems", "aria-label": "Errors" });
      errors.forEach(function (item) { list.appendChild(line(item)); });
      panel.appendChild(list);
    }
    if (warnings.length) {
      // less loud: folded, as they do not stop the build
      var folded = element("details", { class: "warnings" });
      folded.appendChild(element("summary", {}, warnings.length + (warnings.length === 1 ? " warning" : " warnings")));
      var more = element("ol", { class: "problems", "aria-label": "Warnings" });
      warnings.forEach(function (item) { more.appendChild(line(item)); });
      folded.appendChild(more);
      panel.appendChild(folded);
    }
    root.appendChild(panel);
    host.setAttribute("data-attempt", status.run + ":" + status.attempt);
    if (host.hidden) {
      host.hidden = false;
    }
    if (!returnFocus) {
      returnFocus = document.activeElement;
      document.addEventListener("keydown", onKey, true);
    }
    panel.focus({ preventScroll: true });
  }

  function update(status) {
    var failed = status.crash || status.diagnostics.some(function (d) { return d.severity === "error"; });
    if (!failed) {
      hide(false);
    } else if (status.run + ":" + status.attempt !== remembered()) {
      show(status);
    }
  }

  // When the server stops, EventSource quietly tries again every second.
  var events = new EventSource(base + "events?build=" + encodeURIComponent(build));
  events.addEventListener("status", function (event) {
    update(JSON.parse(event.data));
  });
  events.addEventListener("reload", function () {
    events.close();
    window.location.reload();
  });
})();
