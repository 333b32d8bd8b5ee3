/* bwise-mooc SCO player: lesson navigation inside one SCO, and what the LMS is told.
 *
 * Reads its configuration from <script type="application/json" id="sco-config">. Tracks which
 * lessons were seen (completion), the graded answers (score, pass/fail, one interaction per
 * answered question), the page (bookmark) and every answer (suspend_data), and restores them
 * on relaunch. Needs scorm-runtime.js (BwiseScorm) and quiz.js (BwiseQuiz). Plain ES5.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("sco-config").textContent);
  var runtime = new window.BwiseScorm.Runtime(config.version, window);
  var sections = document.querySelectorAll("section.sco-lesson");
  var state = { seen: [], answers: {} };
  var current = -1;
  var finished = false;
  var MAX_TEXT = 100; /* characters of a typed answer kept in suspend_data */

  /* ---- state <-> suspend_data ----------------------------------------------------------- */

  function encodeState() {
    var seen = "";
    for (var i = 0; i < sections.length; i += 1) seen += state.seen[i] ? "1" : "0";
    return JSON.stringify({ v: 1, s: seen, a: state.answers });
  }

  function decodeState(text) {
    try {
      var data = JSON.parse(text);
      if (!data || data.v !== 1) return;
      for (var i = 0; i < sections.length; i += 1) state.seen[i] = data.s.charAt(i) === "1";
      state.answers = data.a || {};
    } catch (e) {
      /* unreadable or empty state: start fresh */
    }
  }

  /* ---- progress ----------------------------------------------------------------------- */

  function progress() {
    var seen = 0;
    for (var i = 0; i < sections.length; i += 1) if (state.seen[i]) seen += 1;
    var graded = config.graded;
    var answered = 0;
    var right = 0;
    for (var j = 0; j < graded.length; j += 1) {
      var saved = state.answers[graded[j]];
      if (saved) {
        answered += 1;
        if (saved.c) right += 1;
      }
    }
    var percent = graded.length ? Math.round((100 * right) / graded.length) : 0;
    return {
      complete: seen === sections.length,
      graded: graded.length > 0,
      answeredAll: graded.length > 0 && answered === graded.length,
      percent: percent,
      passed: percent >= config.mastery,
      measure: sections.length ? Math.round((100 * seen) / sections.length) / 100 : 1
    };
  }

  function save() {
    var now = progress();
    runtime.saveState(String(current), encodeState());
    runtime.reportProgress(now);
    runtime.commit();
    showStatus(now);
  }

  function showStatus(now) {
    var box = document.getElementById("sco-status");
    var retry = document.getElementById("sco-retry");
    var done = now.graded && now.answeredAll;
    if (box) {
      box.textContent = done ? config.strings[now.passed ? "passed" : "failed"].replace("{score}", now.percent) : "";
      box.hidden = !done;
    }
    if (retry) retry.hidden = !(done && !now.passed);
  }

  /* A learner who did not pass may take the assessment again: the graded answers are
   * cleared, and the new answers are recorded as new interactions. */
  function retry() {
    var forms = document.querySelectorAll("form.question");
    var first = null;
    for (var i = 0; i < forms.length; i += 1) {
      var id = questionKey(forms[i]);
      if (!config.interactions[id]) continue;
      delete state.answers[id];
      window.BwiseQuiz.reset(forms[i]);
      first = first || forms[i];
    }
    save();
    if (first) {
      var section = first.parentNode;
      while (section && !(section.classList && section.classList.contains("sco-lesson"))) section = section.parentNode;
      for (var j = 0; section && j < sections.length; j += 1) if (sections[j] === section) show(j, false);
      var input = first.querySelector("input");
      if (input) input.focus();
    }
  }

  /* ---- navigation ----------------------------------------------------------------------- */

  function show(index, focus) {
    if (index < 0 || index >= sections.length) return;
    for (var i = 0; i < sections.length; i += 1) sections[i].hidden = i !== index;
    current = index;
    state.seen[index] = true;
    var position = document.getElementById("sco-position");
    if (position) position.textContent = config.strings.position.replace("{n}", index + 1).replace("{total}", sections.length);
    var links = document.querySelectorAll(".sco-toc a");
    for (var j = 0; j < links.length; j += 1) {
      if (j === index) links[j].setAttribute("aria-current", "page");
      else links[j].removeAttribute("aria-current");
    }
    document.getElementById("sco-prev").disabled = index === 0;
    document.getElementById("sco-next").disabled = index === sections.length - 1;
    if (focus) {
      var heading = sections[index].querySelector("h1");
      if (heading) heading.focus();
      window.scrollTo(0, 0);
    }
    save();
  }

  /* Links between lessons: inside this SCO they switch sections; to another SCO's lesson
   * they would leave the LMS's tracking, so they become text naming the lesson. */
  function wireLinks() {
    var anchors = document.querySelectorAll("main a[href]");
    for (var i = 0; i < anchors.length; i += 1) {
      var href = anchors[i].getAttribute("href");
      var page = href.split("#")[0];
      if (!page || /^[a-z]+:/i.test(href)) continue;
      if (Object.prototype.hasOwnProperty.call(config.pages, page)) {
        var index = config.pages[page];
        var anchor = href.split("#")[1];
        anchors[i].addEventListener("click", jump(index, anchor ? config.prefixes[index] + anchor : null));
      } else if (Object.prototype.hasOwnProperty.call(config.elsewhere, page)) {
        var note = document.createElement("span");
        note.className = "sco-elsewhere";
        note.textContent = anchors[i].textContent + " " +
          config.strings.elsewhere.replace("{title}", config.elsewhere[page]);
        anchors[i].parentNode.replaceChild(note, anchors[i]);
      }
    }
  }

  function jump(index, anchor) {
    return function (event) {
      event.preventDefault();
      show(index, !anchor);
      var target = anchor && document.getElementById(anchor);
      if (target) {
        target.setAttribute("tabindex", "-1");
        target.focus();
        target.scrollIntoView();
      }
    };
  }

  function wireNavigation() {
    var again = document.getElementById("sco-retry");
    if (again) again.addEventListener("click", retry);
    document.getElementById("sco-prev").addEventListener("click", function () { show(current - 1, true); });
    document.getElementById("sco-next").addEventListener("click", function () { show(current + 1, true); });
    var links = document.querySelectorAll(".sco-toc a");
    for (var i = 0; i < links.length; i += 1) links[i].addEventListener("click", jump(i, null));
  }

  /* ---- quizzes -------------------------------------------------------------------------- */

  function questionKey(form) {
    return form.getAttribute("data-quiz") + "/" + form.getAttribute("data-question");
  }

  function remember(form, response, result) {
    var stored = response;
    if (typeof stored === "string") stored = stored.slice(0, MAX_TEXT);
    state.answers[questionKey(form)] = { r: stored, c: result.correct ? 1 : 0 };
  }

  function onChecked(form, key, result, response) {
    var id = questionKey(form);
    var graded = config.interactions[id];
    if (graded) {
      if (state.answers[id]) return; /* graded answers count once */
      window.BwiseQuiz.lock(form);
      runtime.recordInteraction({
        id: graded.id,
        type: graded.type,
        correct: graded.correct,
        response: learnerResponse(graded, response),
        result: result.correct,
        description: graded.description,
        latencyMs: -1
      });
    }
    remember(form, response, result);
    save();
  }

  function learnerResponse(graded, response) {
    if (graded.type === "choice" && response instanceof Array) {
      return response.join(config.version === "1.2" ? "," : "[,]");
    }
    if (graded.type === "true-false") {
      if (config.version === "1.2") return response === "true" ? "t" : "f";
      return response;
    }
    if (graded.type === "numeric") return String(response).replace(",", ".").replace(/\s+/g, "");
    return String(response);
  }

  function restoreAnswers() {
    var forms = document.querySelectorAll("form.question");
    for (var i = 0; i < forms.length; i += 1) {
      var saved = state.answers[questionKey(forms[i])];
      if (!saved) continue;
      window.BwiseQuiz.restore(forms[i], saved.r);
      if (config.interactions[questionKey(forms[i])]) window.BwiseQuiz.lock(forms[i]);
    }
  }

  /* ---- leaving ------------------------------------------------------------------------- */

  function leave() {
    if (finished) return;
    finished = true;
    var now = progress();
    runtime.saveState(String(current), encodeState());
    runtime.reportProgress(now);
    runtime.finish(now.complete && (!now.graded || now.answeredAll));
  }

  function start() {
    var saved = runtime.start();
    var mode = document.getElementById("sco-mode");
    if (mode) mode.hidden = !!saved;
    if (saved) decodeState(saved.suspendData);
    window.BwiseQuiz.init({ onChecked: onChecked });
    restoreAnswers();
    wireNavigation();
    wireLinks();
    var bookmark = saved ? parseInt(saved.location, 10) : NaN;
    show(isNaN(bookmark) ? 0 : bookmark, false);
    window.addEventListener("pagehide", leave);
    window.addEventListener("beforeunload", leave);
    window.addEventListener("unload", leave);
    window.BwisePlayer = { leave: leave, state: state, progress: progress, errors: runtime.errors };
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
