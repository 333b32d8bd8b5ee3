/* bwise-mooc SCORM run-time adapter: finds the LMS API and speaks SCORM 1.2 or 2004 to it.
 *
 * Plain JavaScript, no framework, no network. Every LMS call is wrapped: a failing call is
 * read back with GetLastError/GetErrorString, logged with console.warn and kept in
 * `BwiseScorm.errors`; nothing is ever thrown at the learner. Without an LMS API the page
 * runs standalone and reports nothing.
 *
 * Every value is written in the form the version's data model defines (responseValue,
 * plainNumber, dataModelText mirror bwise_mooc/exporters/scorm/responses.py). Nothing is sent
 * while the page is being unloaded but Terminate: the SCO commits as the learner works
 * (browsers block the synchronous requests an LMS makes for Commit during unload). In review
 * or browse mode nothing is written at all.
 */
(function (global) {
  "use strict";

  var MAX_PARENTS = 500;

  /* The ADL discovery algorithm: this window and its parents, then the opener and its
   * parents. A candidate must really be an API of the wanted version (some LMSs put an
   * unrelated object at window.API). Cross-origin frames throw on access: skip them. */
  function apiIn(win, version) {
    try {
      if (version === "2004") {
        var api2004 = win.API_1484_11;
        return api2004 && typeof api2004.Initialize === "function" ? api2004 : null;
      }
      var api12 = win.API;
      return api12 && typeof api12.LMSInitialize === "function" ? api12 : null;
    } catch (e) {
      return null;
    }
  }

  function searchUp(win, version) {
    for (var depth = 0; win && depth < MAX_PARENTS; depth += 1) {
      var api = apiIn(win, version);
      if (api) return api;
      var parent = null;
      try {
        parent = win.parent;
      } catch (e) {
        parent = null;
      }
      if (!parent || parent === win) break;
      win = parent;
    }
    return null;
  }

  function findApi(win, version) {
    var api = searchUp(win, version);
    var opener = null;
    try {
      opener = win.top && win.top.opener;
    } catch (e) {
      opener = null;
    }
    for (var hops = 0; !api && opener && hops < 10; hops += 1) {
      api = searchUp(opener, version);
      try {
        opener = opener.top && opener.top.opener !== opener ? opener.top.opener : null;
      } catch (e) {
        opener = null;
      }
    }
    return api;
  }

  function pad(number, width) {
    var text = String(number);
    while (text.length < width) text = "0" + text;
    return text;
  }

  /* SCORM 1.2 CMITimespan: HHHH:MM:SS.SS */
  function timespan12(ms) {
    var centis = Math.max(0, Math.round(ms / 10));
    var hours = Math.floor(centis / 360000);
    var minutes = Math.floor((centis % 360000) / 6000);
    var seconds = (centis % 6000) / 100;
    return pad(Math.min(hours, 9999), 4) + ":" + pad(minutes, 2) + ":" +
      (seconds < 10 ? "0" : "") + seconds.toFixed(2);
  }

  /* SCORM 2004 timeinterval (second,10,2): PT#H#M#.##S, never "P0S" or "PT10" */
  function timespan2004(ms) {
    var centis = Math.max(0, Math.round(ms / 10));
    var hours = Math.floor(centis / 360000);
    var minutes = Math.floor((centis % 360000) / 6000);
    var seconds = (centis % 6000) / 100;
    return "PT" + hours + "H" + minutes + "M" + seconds.toFixed(2) + "S";
  }

  /* SCORM 2004 time (second,10,0): YYYY-MM-DDThh:mm:ss */
  function timestamp2004(date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1, 2) + "-" + pad(date.getDate(), 2) +
      "T" + pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2);
  }

  var NAMES = {
    "1.2": {
      init: "LMSInitialize", finish: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue",
      commit: "LMSCommit", error: "LMSGetLastError", text: "LMSGetErrorString",
      location: "cmi.core.lesson_location", entry: "cmi.core.entry", exit: "cmi.core.exit",
      sessionTime: "cmi.core.session_time", raw: "cmi.core.score.raw", min: "cmi.core.score.min",
      max: "cmi.core.score.max", suspend: "cmi.suspend_data", count: "cmi.interactions._count"
    },
    "2004": {
      init: "Initialize", finish: "Terminate", get: "GetValue", set: "SetValue",
      commit: "Commit", error: "GetLastError", text: "GetErrorString",
      location: "cmi.location", entry: "cmi.entry", exit: "cmi.exit",
      sessionTime: "cmi.session_time", raw: "cmi.score.raw", min: "cmi.score.min",
      max: "cmi.score.max", suspend: "cmi.suspend_data", count: "cmi.interactions._count"
    }
  };

  var LIMITS = { "1.2": { suspend: 4096, text: 255, location: 255 },
                 "2004": { suspend: 64000, text: 250, location: 1000 } };

  /* `text` cut to `limit` UTF-16 code units, never between the halves of a surrogate pair. */
  function cut(text, limit) {
    if (text.length <= limit) return text;
    var end = limit;
    var last = text.charCodeAt(end - 1);
    if (last >= 0xD800 && last <= 0xDBFF) end -= 1;
    return text.slice(0, end);
  }

  /* Typed text as the data model accepts it (as responses.data_model_text): in 2004 "[,]"
   * would split one answer into several, some run-times split on a bare comma and refuse
   * parts with spaces around them, and a leading "{" opens a delimiter. */
  function dataModelText(text, version) {
    var value = String(text);
    if (version === "2004") {
      value = value.split("[,]").join(",").replace(/\s*,\s*/g, ",").replace(/^\s+|\s+$/g, "");
      if (value.charAt(0) === "{") {
        var closing = value.indexOf("}");
        if (closing > 0) value = value.slice(0, closing) + ")" + value.slice(closing + 1);
        value = "(" + value.slice(1);
      }
    }
    return cut(value, LIMITS[version === "2004" ? "2004" : "1.2"].text);
  }

  /* A number as SCORM 2004 real(10,7) and SCORM 1.2 CMIDecimal (as responses.scorm_number):
   * plain decimal notation, at most 7 significant digits and 7 decimal places; never an
   * exponent, never non-ASCII digits. */
  function plainNumber(number) {
    if (typeof number !== "number" || !isFinite(number)) return "";
    var rounded = Number(number.toPrecision(7));
    if (Math.abs(rounded) < 1e-7) rounded = 0;
    else if (String(rounded).indexOf("e-") > 0 || /\.\d{8}/.test(String(rounded))) rounded = Number(rounded.toFixed(7));
    var text = String(rounded);
    var parts = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
    if (parts) {
      var digits = parts[2] + (parts[3] || "");
      var exponent = parseInt(parts[4], 10);
      text = exponent < 0 ?
        parts[1] + "0." + new Array(-exponent).join("0") + digits :
        parts[1] + digits + new Array(exponent - digits.length + 2).join("0");
    }
    return text === "-0" ? "0" : text;
  }

  /* The learner's response to a graded question, as this version's data model writes it.
   * record: {type, choices: {id: lms id}}; response: a choice id, a list of them, "true" /
   * "false", the typed text, or (numeric) the number the quiz read. */
  function responseValue(version, record, response) {
    if (record.type === "choice") {
      var ids = response instanceof Array ? response : [response];
      var mapped = [];
      for (var i = 0; i < ids.length; i += 1) {
        mapped.push(record.choices && record.choices[ids[i]] ? record.choices[ids[i]] : String(ids[i]));
      }
      return mapped.join(version === "1.2" ? "," : "[,]");
    }
    if (record.type === "true-false") {
      if (version === "1.2") return response === "true" ? "t" : "f";
      return response === "true" ? "true" : "false";
    }
    if (record.type === "numeric") return plainNumber(response);
    return dataModelText(response, version);
  }

  function Runtime(version, win) {
    this.version = version === "2004" ? "2004" : "1.2";
    this.names = NAMES[this.version];
    this.limits = LIMITS[this.version];
    this.api = findApi(win || global, this.version);
    this.started = false;
    this.finished = false;
    this.recording = true;
    this.startedAt = Date.now();
    this.errors = [];
    this.failure = null; /* {code, text} when the LMS refused Initialize */
    this.values = {}; /* the last value set per element: unchanged values are not sent again */
    this.dirty = false; /* something was set since the last successful Commit */
    this.interactionCount = -1; /* our own count: some LMSs never answer _count */
  }

  Runtime.prototype.call = function (name, args) {
    if (!this.api) return "";
    var result = "";
    try {
      result = this.api[name].apply(this.api, args || []);
    } catch (e) {
      this.note(name, args, "exception: " + (e && e.message ? e.message : String(e)));
      return "";
    }
    return result === undefined || result === null ? "" : String(result);
  };

  Runtime.prototype.note = function (name, args, message) {
    var entry = { call: name, args: args || [], message: message };
    this.errors.push(entry);
    if (global.console && console.warn) console.warn("SCORM " + name + " failed: " + message);
  };

  /* After a call that did not return "true": read the LMS's error; "0" means no error. */
  Runtime.prototype.check = function (name, args, result) {
    if (result === "true") return true;
    var code = this.call(this.names.error, []);
    if (code === "0" || code === "") {
      if (result === "false") this.note(name, args, "returned false with no error code");
      return result !== "false";
    }
    this.note(name, args, code + " " + this.call(this.names.text, [code]));
    return false;
  };

  Runtime.prototype.start = function () {
    if (!this.api || this.started) return this.api && this.started ? this.read() : null;
    var result = this.call(this.names.init, [""]);
    var before = this.errors.length;
    this.started = this.check(this.names.init, [""], result);
    if (!this.started) {
      var code = this.call(this.names.error, []);
      this.failure = { code: code, text: code ? this.call(this.names.text, [code]) : "" };
      if (this.errors.length === before) this.note(this.names.init, [""], "returned " + result);
    }
    this.startedAt = Date.now();
    return this.started ? this.read() : null;
  };

  /* What the LMS kept from a previous session (empty strings when it kept nothing). The
   * stored data is used whatever cmi.entry says: some LMSs answer "ab-initio" even after an
   * exit of "suspend" (Chamilo), and a first launch has no stored data anyway. In "review"
   * or "browse" mode nothing is recorded, but a missing mode counts as "normal" (some LMSs
   * never set it). */
  Runtime.prototype.read = function () {
    var mode = this.get(this.version === "1.2" ? "cmi.core.lesson_mode" : "cmi.mode");
    this.recording = mode !== "review" && mode !== "browse";
    if (this.version === "1.2") {
      var status = this.get("cmi.core.lesson_status");
      if (status) this.values["cmi.core.lesson_status"] = status; /* what the LMS has already */
    }
    return {
      entry: this.get(this.names.entry),
      mode: mode || "normal",
      location: this.get(this.names.location),
      suspendData: this.get(this.names.suspend)
    };
  };

  Runtime.prototype.get = function (element) {
    if (!this.started) return "";
    var value = this.call(this.names.get, [element]);
    var code = this.call(this.names.error, []);
    /* 403 (2004) / 401-403 (1.2): "not initialised" is normal for a first launch. */
    if (code !== "0" && code !== "" && code !== "403" && code !== "401" && code !== "402") {
      this.note(this.names.get, [element], code + " " + this.call(this.names.text, [code]));
    }
    return value;
  };

  /* Set one element; a value the LMS already has from us is not sent again. Nothing is
   * written in review or browse mode. */
  Runtime.prototype.set = function (element, value) {
    if (!this.started || this.finished || !this.recording) return false;
    var text = String(value);
    if (Object.prototype.hasOwnProperty.call(this.values, element) && this.values[element] === text) return true;
    var args = [element, text];
    var ok = this.check(this.names.set, args, this.call(this.names.set, args));
    if (ok) {
      this.values[element] = text;
      this.dirty = true;
    }
    return ok;
  };

  /* Commit what was set since the last Commit (nothing to send: no call). */
  Runtime.prototype.commit = function () {
    if (!this.started || this.finished || !this.recording || !this.dirty) return false;
    var ok = this.check(this.names.commit, [""], this.call(this.names.commit, [""]));
    if (ok) this.dirty = false;
    return ok;
  };

  /* The session so far, committed: when the page is hidden (phones may never unload it). */
  Runtime.prototype.flush = function () {
    if (!this.dirty) return false;
    this.keepTime();
    return this.commit();
  };

  Runtime.prototype.keepTime = function () {
    var elapsed = Date.now() - this.startedAt;
    this.set(this.names.sessionTime, this.version === "1.2" ? timespan12(elapsed) : timespan2004(elapsed));
  };

  Runtime.prototype.saveState = function (location, suspendData) {
    this.set(this.names.location, String(location).slice(0, this.limits.location));
    if (suspendData.length > this.limits.suspend) {
      this.note(this.names.set, [this.names.suspend], "state too long: " + suspendData.length);
      return;
    }
    this.set(this.names.suspend, suspendData);
  };

  /* progress: {complete, judged, percent, passed, measure}: `judged` is true once an attempt
   * at the graded questions is finished (then percent and passed are its result). */
  Runtime.prototype.reportProgress = function (progress) {
    if (!this.recording) return;
    if (this.version === "1.2") {
      /* The status first, committed on its own: Moodle re-evaluates activity completion only
       * when a commit changes the status, and misses it when the score arrives with it. */
      var status = status12(progress);
      if (this.values["cmi.core.lesson_status"] !== status) {
        this.set("cmi.core.lesson_status", status);
        this.commit();
      }
    }
    if (progress.judged) {
      this.set(this.names.min, "0");
      this.set(this.names.max, "100");
      this.set(this.names.raw, String(progress.percent));
      if (this.version === "2004") this.set("cmi.score.scaled", plainNumber(progress.percent / 100));
    }
    if (this.version === "2004") {
      this.set("cmi.completion_status", progress.complete ? "completed" : "incomplete");
      this.set("cmi.success_status", progress.judged ? (progress.passed ? "passed" : "failed") : "unknown");
      this.set("cmi.progress_measure", plainNumber(progress.measure));
    }
  };

  function status12(progress) {
    if (progress.judged) return progress.passed ? "passed" : "failed";
    if (progress.complete) return "completed";
    return "incomplete";
  }

  /* record: {id, type, correct: [pattern...], choices, response, result (bool), description} */
  Runtime.prototype.recordInteraction = function (record) {
    if (!this.recording || !this.started || this.finished) return;
    if (this.interactionCount < 0) {
      var count = parseInt(this.get(this.names.count), 10);
      this.interactionCount = isNaN(count) || count < 0 ? 0 : count;
    }
    var base = "cmi.interactions." + this.interactionCount + ".";
    this.interactionCount += 1;
    this.set(base + "id", record.id);
    this.set(base + "type", record.type);
    for (var i = 0; i < record.correct.length; i += 1) {
      this.set(base + "correct_responses." + i + ".pattern", record.correct[i]);
    }
    var response = responseValue(this.version, record, record.response);
    if (this.version === "1.2") {
      this.set(base + "student_response", response);
      this.set(base + "result", record.result ? "correct" : "wrong");
      this.set(base + "time", timestamp2004(new Date()).slice(11));
    } else {
      this.set(base + "learner_response", response);
      this.set(base + "result", record.result ? "correct" : "incorrect");
      this.set(base + "timestamp", timestamp2004(new Date()));
      this.set(base + "description", dataModelText(record.description, "2004"));
    }
  };

  /* Leave once, as the page goes away: session time and exit mode (local calls), then
   * Terminate, which commits them. No Commit here: browsers block the synchronous request an
   * LMS makes for it during unload, and everything else was committed as the learner worked.
   * `finished` learners leave normally in 1.2; in 2004 we always suspend so that no LMS wipes
   * the stored answers on relaunch. */
  Runtime.prototype.finish = function (done) {
    if (!this.started || this.finished) return;
    if (this.recording) {
      this.keepTime();
      if (this.version === "1.2") this.set(this.names.exit, done ? "" : "suspend");
      else this.set(this.names.exit, "suspend");
    }
    var result = this.call(this.names.finish, [""]);
    this.check(this.names.finish, [""], result);
    this.finished = true;
  };

  global.BwiseScorm = {
    Runtime: Runtime,
    findApi: findApi,
    responseValue: responseValue,
    dataModelText: dataModelText,
    plainNumber: plainNumber,
    timespan12: timespan12,
    timespan2004: timespan2004,
    timestamp2004: timestamp2004
  };
})(window);
