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

  /* A module assessment ends as in the course (player.js): the first answer to each question
     counts, and once every question is answered the score and pass or fail are shown in the
     assessment's live region. Checking again in the preview does not change them. */
  var firstAnswers = {};

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  function showAssessmentResult(quiz) {
    var region = quiz.querySelector(".quiz-result");
    var forms = quiz.querySelectorAll("form.question");
    if (!region || !forms.length) return;
    var answers = firstAnswers[quiz.id] || {};
    var right = 0;
    for (var i = 0; i < forms.length; i++) {
      var answer = answers[forms[i].getAttribute("data-question")];
      if (answer === undefined) return; /* not every question is answered yet */
      if (answer) right += 1;
    }
    var percent = Math.round((100 * right) / forms.length);
    var pass = parseInt(quiz.getAttribute("data-pass"), 10) || 0;
    var messages = window.BwiseQuiz.messages;
    var passed = percent >= pass;
    var text = fill(messages[passed ? "result_passed" : "result_failed"], {
      right: right, count: forms.length, percent: percent, pass: pass
    });
    var p = document.createElement("p");
    p.className = "notice notice--status quiz-result__text quiz-result__text--" + (passed ? "passed" : "failed");
    p.textContent = text;
    while (region.firstChild) region.removeChild(region.firstChild);
    region.appendChild(p);
  }

  function onChecked(form, key, result) {
    var quiz = document.getElementById(form.getAttribute("data-quiz"));
    if (!quiz || !quiz.querySelector(".quiz-result")) return; /* not a module assessment */
    var answers = firstAnswers[quiz.id] || (firstAnswers[quiz.id] = {});
    var question = form.getAttribute("data-question");
    if (answers[question] !== undefined) return;
    answers[question] = !!result.correct;
    showAssessmentResult(quiz);
  }

  function init() {
    if (!document.getElementById("review-toggle")) return; /* not a preview page */
    initReview();
    window.BwiseQuiz.init({ onChecked: onChecked });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
