/* bwise-mooc HTML preview page: reviewer mode, then the quiz engine of quiz.js.
   Plain ES5; no network. Load after quiz.js. */
(function () {
  "use strict";

  var STORAGE_KEY = "bwise-mooc-preview-review";
  var root = document.documentElement;
  root.className = root.className.replace(/\bno-js\b/, "js");

  function readStored() {
    try {
      return window.localStorage.getItem(STORAGE_KEY);
    } catch (e) {
      return null; /* storage blocked (some browsers on file://) */
    }
  }

  function store(value) {
    try {
      window.localStorage.setItem(STORAGE_KEY, value);
    } catch (e) {
      /* not remembered: the ?review / #review address still works */
    }
  }

  function urlAsksReview() {
    var query = window.location.search.replace(/^\?/, "").split("&");
    for (var i = 0; i < query.length; i++) {
      if (query[i].split("=")[0] === "review") return true;
    }
    return window.location.hash === "#review";
  }

  function setReview(on, toggle) {
    if (on) root.classList.add("review");
    else root.classList.remove("review");
    if (toggle) toggle.setAttribute("aria-pressed", on ? "true" : "false");
  }

  function initReview() {
    var toggle = document.getElementById("review-toggle");
    var on = urlAsksReview() || readStored() === "1";
    setReview(on, toggle);
    if (toggle) {
      toggle.hidden = false;
      toggle.addEventListener("click", function () {
        on = toggle.getAttribute("aria-pressed") !== "true";
        store(on ? "1" : "0");
        setReview(on, toggle);
      });
    }
    window.addEventListener("hashchange", function () {
      if (window.location.hash === "#review") setReview((on = true), toggle);
    });
  }

  function init() {
    if (!document.getElementById("review-toggle")) return; /* not a preview page */
    initReview();
    window.BwiseQuiz.init({});
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
