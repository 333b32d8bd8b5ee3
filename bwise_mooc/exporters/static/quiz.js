/* bwise-mooc quiz engine (window.BwiseQuiz): answer checking for the preview and SCORM pages.
   Plain ES5 for old phones; no network, no framework. Works from file://.
   Answer keys are embedded in each page as <script type="application/json" class="answer-key">,
   one per quiz, whose id is the quiz's data-quiz value plus "-key".

   BwiseQuiz is the quiz engine any page with the shared quiz markup can use:
     BwiseQuiz.init({onChecked: function (form, key, result, response) {}}) -> {check: fn(form)}
     BwiseQuiz.lock(form)              disable a question (e.g. a graded answer that counts once)
     BwiseQuiz.restore(form, response) put a saved response back and show its feedback
   The preview (preview.js) and the SCORM player (player.js) start it with their own hooks. */
(function () {
  "use strict";

  var MESSAGES = {
    empty_choice: "Please choose an answer first.",
    empty_text: "Please type an answer first.",
    invalid: "Please type a number, for example 12 or 2,5.",
    correct: "This answer is right.",
    wrong: "This answer is not right.",
    result_passed: "You got {right} of {count} answers right ({percent}%). You passed: the pass mark is {pass}%.",
    result_failed: "You got {right} of {count} answers right ({percent}%). You did not pass: the pass mark is {pass}%.",
    scroll_note: "Scroll sideways to see the whole table."
  };
  /* The page gives these words in its own language (bwise_mooc.exporters.html.ui_strings). */
  (function readPageStrings() {
    var block = document.getElementById("ui-strings");
    if (!block) return;
    try {
      var given = JSON.parse(block.textContent);
      for (var name in given) {
        if (Object.prototype.hasOwnProperty.call(MESSAGES, name) && given[name]) MESSAGES[name] = given[name];
      }
    } catch (e) {
      /* keep the English words */
    }
  })();

  function normaliseText(text) {
    var value = String(text);
    if (value.normalize) value = value.normalize("NFC");
    // Arabic short vowels and other marks (harakat) and the stretching tatweel are optional
    // in writing: "كَلِمَة" and "كلمة" are the same answer.
    value = value.replace(/[\u064B-\u065F\u0670\u0640]/g, "");
    return value.replace(/^\s+|\s+$/g, "").replace(/\s+/g, " ").toLowerCase();
  }

  function westernDigits(text) {
    // Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹) digits, and the Arabic decimal
    // separator, as learners on Arabic keyboards type them.
    return String(text)
      .replace(/[\u0660-\u0669]/g, function (d) { return String(d.charCodeAt(0) - 0x0660); })
      .replace(/[\u06F0-\u06F9]/g, function (d) { return String(d.charCodeAt(0) - 0x06F0); })
      .replace(/\u066B/g, ".")
      .replace(/\u066C/g, "");
  }

  function parseNumber(text) {
    var value = westernDigits(text).replace(/\s+/g, "").replace("\u2212", "-").replace(",", ".");
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value)) return null;
    return parseFloat(value);
  }

  function inputs(form, selector) {
    var found = form.querySelectorAll(selector);
    var result = [];
    for (var i = 0; i < found.length; i++) result.push(found[i]);
    return result;
  }

  function pickedValues(form) {
    var picked = inputs(form, "input:checked");
    var values = [];
    for (var i = 0; i < picked.length; i++) values.push(picked[i].value);
    return values;
  }

  function textValue(form) {
    var input = form.querySelector("input[type=text]");
    return input ? input.value : "";
  }

  /* A question's response, as the learner gave it: a choice id (single), a list of ids
     (multiple), "true"/"false", or the typed text. Null when nothing was given. */
  function responseOf(form, key) {
    if (key.type === "short_text" || key.type === "numeric") {
      var typed = textValue(form);
      return normaliseText(typed) ? typed : null;
    }
    var values = pickedValues(form);
    if (!values.length) return null;
    return key.type === "multiple" ? values : values[0];
  }

  /* Each checker returns {state: "checked" | "invalid", correct, feedback: [html]}. */
  var checkers = {
    single: function (key, response) {
      var choice = key.choices[response];
      return { state: "checked", correct: !!(choice && choice.correct), feedback: [choice ? choice.feedback : ""] };
    },
    multiple: function (key, response) {
      var chosen = {};
      var feedback = [];
      var correct = true;
      for (var i = 0; i < response.length; i++) chosen[response[i]] = true;
      for (var id in key.choices) {
        if (Object.prototype.hasOwnProperty.call(key.choices, id)) {
          if (key.choices[id].correct !== (chosen[id] === true)) correct = false;
          if (chosen[id]) feedback.push(key.choices[id].feedback);
        }
      }
      return { state: "checked", correct: correct, feedback: feedback };
    },
    true_false: function (key, response) {
      return { state: "checked", correct: (response === "true") === key.answer, feedback: [] };
    },
    short_text: function (key, response) {
      var given = normaliseText(response);
      for (var i = 0; i < key.accepted.length; i++) {
        if (normaliseText(key.accepted[i].text) === given) {
          return { state: "checked", correct: true, feedback: [key.accepted[i].feedback] };
        }
      }
      return { state: "checked", correct: false, feedback: [] };
    },
    numeric: function (key, response) {
      var number = parseNumber(response);
      if (number === null) return { state: "invalid" };
      for (var i = 0; i < key.answers.length; i++) {
        var answer = key.answers[i];
        if (number >= answer.low && number <= answer.high) {
          return { state: "checked", correct: true, feedback: [answer.feedback] };
        }
      }
      return { state: "checked", correct: false, feedback: [] };
    }
  };

  function evaluate(key, response) {
    if (response === null) return { state: "empty" };
    return checkers[key.type](key, response);
  }

  function paragraph(className, text) {
    var p = document.createElement("p");
    p.className = className;
    p.textContent = text;
    return p;
  }

  function fragmentBox(className, html) {
    var div = document.createElement("div");
    div.className = className;
    div.innerHTML = html; /* sanitised when the course was built */
    return div;
  }

  function showResult(form, key, result) {
    var region = form.querySelector(".feedback");
    var typed = key.type === "short_text" || key.type === "numeric";
    var box = document.createElement("div");
    form.classList.remove("is-correct");
    form.classList.remove("is-wrong");
    if (result.state === "empty") {
      box.appendChild(paragraph("verdict verdict--empty", typed ? MESSAGES.empty_text : MESSAGES.empty_choice));
    } else if (result.state === "invalid") {
      box.appendChild(paragraph("verdict verdict--empty", MESSAGES.invalid));
    } else {
      form.classList.add(result.correct ? "is-correct" : "is-wrong");
      box.appendChild(
        paragraph("verdict verdict--" + (result.correct ? "correct" : "wrong"), result.correct ? MESSAGES.correct : MESSAGES.wrong)
      );
      for (var i = 0; i < result.feedback.length; i++) {
        if (result.feedback[i]) box.appendChild(fragmentBox("feedback-detail", result.feedback[i]));
      }
      if (key.feedback) box.appendChild(fragmentBox("feedback-general", key.feedback));
    }
    while (region.firstChild) region.removeChild(region.firstChild);
    while (box.firstChild) region.appendChild(box.firstChild);
  }

  var keys = null;

  function loadKeys() {
    keys = {};
    var scripts = document.querySelectorAll("script.answer-key");
    for (var i = 0; i < scripts.length; i++) {
      try {
        keys[scripts[i].id.replace(/-key$/, "")] = JSON.parse(scripts[i].textContent);
      } catch (e) {
        /* a broken key leaves its questions readable, without checking */
      }
    }
  }

  function keyOf(form) {
    if (keys === null) loadKeys();
    var quiz = keys[form.getAttribute("data-quiz")];
    var key = quiz && quiz.questions[form.getAttribute("data-question")];
    return key && checkers[key.type] ? key : null;
  }

  function check(form, onChecked) {
    var key = keyOf(form);
    if (!key || form.classList.contains("is-locked")) return null;
    var response = responseOf(form, key);
    var result = evaluate(key, response);
    showResult(form, key, result);
    if (result.state === "checked" && onChecked) onChecked(form, key, result, response);
    return result;
  }

  function init(options) {
    var onChecked = options && options.onChecked;
    var forms = document.querySelectorAll("form.question");
    for (var i = 0; i < forms.length; i++) {
      if (!keyOf(forms[i])) continue;
      forms[i].querySelector("button[type=submit]").hidden = false;
      forms[i].addEventListener("submit", submitHandler(forms[i], onChecked));
    }
    return { check: function (form) { return check(form, onChecked); } };
  }

  function submitHandler(form, onChecked) {
    return function (event) {
      event.preventDefault();
      check(form, onChecked);
    };
  }

  function lock(form) {
    var fields = inputs(form, "input, button");
    for (var i = 0; i < fields.length; i++) fields[i].disabled = true;
    var submit = form.querySelector("button[type=submit]");
    if (submit) submit.hidden = true; /* nothing left to press: the answer counted */
    form.classList.add("is-locked");
  }

  /* Back to unanswered: for a learner who takes the assessment again. */
  function reset(form) {
    var fields = inputs(form, "input, button");
    for (var i = 0; i < fields.length; i++) {
      fields[i].disabled = false;
      if (fields[i].type === "text") fields[i].value = "";
      else if (fields[i].type === "radio" || fields[i].type === "checkbox") fields[i].checked = false;
    }
    var submit = form.querySelector("button[type=submit]");
    if (submit) submit.hidden = false;
    form.classList.remove("is-locked", "is-correct", "is-wrong");
    var region = form.querySelector(".feedback");
    while (region && region.firstChild) region.removeChild(region.firstChild);
  }

  function restore(form, response) {
    var key = keyOf(form);
    if (!key || response === null || response === undefined) return;
    var text = form.querySelector("input[type=text]");
    if (text) {
      text.value = String(response);
    } else {
      var wanted = response instanceof Array ? response : [response];
      var boxes = inputs(form, "input");
      for (var i = 0; i < boxes.length; i++) boxes[i].checked = wanted.indexOf(boxes[i].value) >= 0;
    }
    showResult(form, key, evaluate(key, responseOf(form, key)));
  }

  /* Tables and code wider than the screen scroll sideways inside their region (.scroll-region,
     exporters/html.py): a shadow shows the edge where more is, and above a table a note says
     so, only while it does not fit. Right to left (Arabic), the start is the right edge. */
  function watchScrollRegion(region) {
    var frame = document.createElement("div");
    frame.className = "scroll-frame";
    region.parentNode.insertBefore(frame, region);
    frame.appendChild(region);
    var note = null;
    if (region.querySelector("table")) {
      note = paragraph("scroll-note", MESSAGES.scroll_note);
      note.hidden = true;
      frame.parentNode.insertBefore(note, frame);
    }
    function update() {
      var room = region.scrollWidth - region.clientWidth;
      var overflowing = room > 1;
      var gone = Math.abs(region.scrollLeft); /* negative in Chromium and Firefox when rtl */
      frame.className = "scroll-frame" + (overflowing ? " is-overflowing" : "") +
        (overflowing && gone > 1 ? " has-more-start" : "") +
        (overflowing && gone < room - 1 ? " has-more-end" : "");
      if (note) note.hidden = !overflowing;
    }
    region.addEventListener("scroll", update);
    if (window.ResizeObserver) {
      var observer = new window.ResizeObserver(update);
      observer.observe(region); /* the screen or the page's column changed */
      if (region.firstElementChild) observer.observe(region.firstElementChild); /* the table */
    } else {
      window.addEventListener("resize", update);
    }
    update();
  }

  function watchScrollRegions() {
    var regions = document.querySelectorAll(".scroll-region");
    for (var i = 0; i < regions.length; i++) watchScrollRegion(regions[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watchScrollRegions);
  else watchScrollRegions();

  window.BwiseQuiz = { init: init, check: check, lock: lock, reset: reset, restore: restore, normaliseText: normaliseText, parseNumber: parseNumber, messages: MESSAGES };
})();
