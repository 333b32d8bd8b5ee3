/* bwise-mooc SCO player: lesson navigation inside one SCO, and what the LMS is told.
 *
 * Reads its configuration from <script type="application/json" id="sco-config">. Tracks which
 * lessons were seen, the graded answers (score, pass/fail, one interaction per answered
 * question), the page (bookmark) and every answer (suspend_data), and restores them on
 * relaunch. Needs scorm-runtime.js (BwiseScorm) and quiz.js (BwiseQuiz). Plain ES5.
 *
 * The grading rule (docs/authoring.md, "Scoring and passing"): the first answer to each graded
 * question counts; when every graded question is answered, the attempt is judged against the
 * mastery score; a learner who did not pass may take the graded questions again while attempts
 * are left (config.attempts, 0 = no limit), and until the new attempt is finished the LMS keeps
 * the last judged result. A SCO with graded questions is complete only when all its pages were
 * seen and one attempt was finished.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("sco-config").textContent);
  var runtime = new window.BwiseScorm.Runtime(config.version, window);
  var sections = document.querySelectorAll("section.sco-lesson");
  /* answers: {question key: {r: response, c: 1|0}}; last: the last finished attempt's result
   * {p: percent, ok: 1|0}; tries: finished attempts */
  var state = { seen: [], answers: {}, last: null, tries: 0 };
  var current = -1;
  var finished = false;
  var MAX_TEXT = 100; /* characters of a typed answer kept in suspend_data */

  /* ---- state <-> suspend_data ----------------------------------------------------------- */

  function encodeState() {
    var seen = "";
    for (var i = 0; i < sections.length; i += 1) seen += state.seen[i] ? "1" : "0";
    var data = { v: 1, s: seen, a: state.answers };
    if (state.last) {
      data.l = state.last;
      data.t = state.tries;
    }
    return JSON.stringify(data);
  }

  function decodeState(text) {
    try {
      var data = JSON.parse(text);
      if (!data || data.v !== 1) return;
      for (var i = 0; i < sections.length; i += 1) state.seen[i] = data.s.charAt(i) === "1";
      state.answers = data.a || {};
      if (data.l && typeof data.l.p === "number") {
        state.last = { p: data.l.p, ok: data.l.ok ? 1 : 0 };
        state.tries = typeof data.t === "number" ? data.t : 1;
      }
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
    var finishedNow = graded.length > 0 && answered === graded.length;
    var percent = finishedNow ? Math.round((100 * right) / graded.length) : state.last ? state.last.p : 0;
    var judged = finishedNow || !!state.last;
    return {
      complete: seen === sections.length && (graded.length === 0 || judged),
      graded: graded.length > 0,
      answeredAll: finishedNow,
      judged: judged,
      percent: percent,
      passed: judged && percent >= config.mastery,
      measure: sections.length ? Math.round((100 * seen) / sections.length) / 100 : 1
    };
  }

  function attemptsLeft() {
    return !config.attempts || state.tries < config.attempts;
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
    var done = now.answeredAll;
    var mayRetry = done && !now.passed && runtime.recording; /* a failed attempt, recorded */
    var left = attemptsLeft();
    if (box) {
      var text = done ? config.strings[now.passed ? "passed" : "failed"].replace("{score}", now.percent) : "";
      if (mayRetry && !left) text += " " + config.strings.noAttempts;
      box.textContent = text;
      box.hidden = !done;
    }
    if (retry) retry.hidden = !(mayRetry && left);
  }

  /* An attempt is finished when its last graded question is answered: remember its result. */
  function finishAttempt() {
    var now = progress();
    if (!now.answeredAll) return;
    state.last = { p: now.percent, ok: now.passed ? 1 : 0 };
    state.tries += 1;
  }

  /* A learner who did not pass may take the assessment again: the graded answers are
   * cleared, and the new answers are recorded as new interactions. The LMS keeps the last
   * result until the new attempt is finished. */
  function retry() {
    if (!runtime.recording || !attemptsLeft()) return;
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
      if (state.answers[id] || !runtime.recording) return; /* graded answers count once */
      window.BwiseQuiz.lock(form);
      runtime.recordInteraction({
        id: graded.id,
        type: graded.type,
        correct: graded.correct,
        choices: graded.choices,
        response: graded.type === "numeric" ? window.BwiseQuiz.parseNumber(response) : response,
        result: result.correct,
        description: graded.description
      });
    }
    remember(form, response, result);
    if (graded) finishAttempt();
    save();
  }

  function restoreAnswers() {
    var forms = document.querySelectorAll("form.question");
    for (var i = 0; i < forms.length; i += 1) {
      var key = questionKey(forms[i]);
      var saved = state.answers[key];
      if (saved) window.BwiseQuiz.restore(forms[i], saved.r);
      /* graded answers count once; in review mode no graded answer can be given at all */
      if (config.interactions[key] && (saved || !runtime.recording)) window.BwiseQuiz.lock(forms[i]);
    }
  }

  /* What the learner is told about saving: nothing when all is well. */
  function showMode(saved) {
    var box = document.getElementById("sco-mode");
    if (!box) return;
    var text = "";
    if (runtime.failure) {
      text = config.strings.refused.replace("{code}", runtime.failure.code || "?")
        .replace("{text}", runtime.failure.text || "");
    } else if (!saved) {
      text = config.strings.standalone;
    } else if (!runtime.recording) {
      text = config.strings.review;
    }
    box.textContent = text;
    box.hidden = !text;
  }

  /* ---- leaving ------------------------------------------------------------------------- */

  /* The page is hidden (another tab or app; also on the way to unloading): commit what is
   * not committed yet. Usually nothing is: every answer and page change was committed. */
  function onVisibility() {
    if (document.visibilityState === "hidden" && !finished) runtime.flush();
  }

  function leave() {
    if (finished) return;
    finished = true;
    var now = progress();
    runtime.saveState(String(current), encodeState());
    runtime.reportProgress(now);
    runtime.finish(now.complete);
  }

  function start() {
    var saved = runtime.start();
    if (saved) decodeState(saved.suspendData);
    showMode(saved);
    window.BwiseQuiz.init({ onChecked: onChecked });
    restoreAnswers();
    wireNavigation();
    wireLinks();
    var bookmark = saved ? parseInt(saved.location, 10) : NaN;
    show(isNaN(bookmark) || bookmark >= sections.length ? 0 : bookmark, false);
    showStatus(progress());
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("pagehide", leave);
    window.BwisePlayer = { leave: leave, state: state, progress: progress, errors: runtime.errors };
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
