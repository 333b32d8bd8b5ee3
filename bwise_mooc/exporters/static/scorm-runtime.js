/* bwise-mooc SCORM run-time adapter: finds the LMS API and speaks SCORM 1.2 or 2004 to it.
 *
 * Plain JavaScript, no framework, no network. Every LMS call is wrapped: a failing call is
 * read back with GetLastError/GetErrorString, logged with console.warn and kept in
 * `BwiseScorm.errors`; nothing is ever thrown at the learner. Without an LMS API the page
 * runs standalone and reports nothing.
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

  var LIMITS = { "1.2": { suspend: 4096, response: 255, location: 255 },
                 "2004": { suspend: 64000, response: 4000, location: 1000, description: 250 } };

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
    if (!this.api || this.started) return this.api ? this.read() : null;
    var result = this.call(this.names.init, [""]);
    this.started = this.check(this.names.init, [""], result);
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

  Runtime.prototype.set = function (element, value) {
    if (!this.started || this.finished) return false;
    var args = [element, String(value)];
    return this.check(this.names.set, args, this.call(this.names.set, args));
  };

  Runtime.prototype.commit = function () {
    if (!this.started || this.finished) return false;
    return this.check(this.names.commit, [""], this.call(this.names.commit, [""]));
  };

  Runtime.prototype.saveState = function (location, suspendData) {
    this.set(this.names.location, String(location).slice(0, this.limits.location));
    if (suspendData.length > this.limits.suspend) {
      this.note(this.names.set, [this.names.suspend], "state too long: " + suspendData.length);
      return;
    }
    this.set(this.names.suspend, suspendData);
  };

  /* progress: {complete: bool, graded: bool, answeredAll: bool, percent: number, passed: bool} */
  Runtime.prototype.reportProgress = function (progress) {
    if (!this.recording) return;
    if (progress.graded && progress.answeredAll) {
      this.set(this.names.min, "0");
      this.set(this.names.max, "100");
      this.set(this.names.raw, String(progress.percent));
      if (this.version === "2004") this.set("cmi.score.scaled", String(progress.percent / 100));
    }
    if (this.version === "1.2") {
      this.set("cmi.core.lesson_status", status12(progress));
    } else {
      this.set("cmi.completion_status", progress.complete ? "completed" : "incomplete");
      var success = progress.graded && progress.answeredAll ? (progress.passed ? "passed" : "failed") : "unknown";
      this.set("cmi.success_status", success);
      this.set("cmi.progress_measure", String(progress.measure));
    }
  };

  function status12(progress) {
    if (progress.graded && progress.answeredAll) return progress.passed ? "passed" : "failed";
    if (!progress.graded && progress.complete) return "completed";
    return "incomplete";
  }

  /* record: {id, type, correct: [pattern...], response, result (bool), description, latencyMs} */
  Runtime.prototype.recordInteraction = function (record) {
    if (!this.recording) return;
    var count = parseInt(this.get(this.names.count), 10);
    var base = "cmi.interactions." + (isNaN(count) ? 0 : count) + ".";
    this.set(base + "id", record.id);
    this.set(base + "type", record.type);
    for (var i = 0; i < record.correct.length; i += 1) {
      this.set(base + "correct_responses." + i + ".pattern", record.correct[i]);
    }
    if (this.version === "1.2") {
      this.set(base + "student_response", String(record.response).slice(0, this.limits.response));
      this.set(base + "result", record.result ? "correct" : "wrong");
      this.set(base + "time", timestamp2004(new Date()).slice(11));
    } else {
      this.set(base + "learner_response", String(record.response).slice(0, this.limits.response));
      this.set(base + "result", record.result ? "correct" : "incorrect");
      this.set(base + "timestamp", timestamp2004(new Date()));
      this.set(base + "description", String(record.description).slice(0, this.limits.description));
      if (record.latencyMs >= 0) this.set(base + "latency", timespan2004(record.latencyMs));
    }
  };

  /* Leave once: session time, exit mode, commit, finish. `finished` learners leave normally
   * in 1.2; in 2004 we always suspend so that no LMS wipes the stored answers on relaunch. */
  Runtime.prototype.finish = function (done) {
    if (!this.started || this.finished) return;
    var elapsed = Date.now() - this.startedAt;
    if (this.version === "1.2") {
      this.set(this.names.sessionTime, timespan12(elapsed));
      this.set(this.names.exit, done ? "" : "suspend");
    } else {
      this.set(this.names.sessionTime, timespan2004(elapsed));
      this.set(this.names.exit, "suspend");
    }
    this.commit();
    var result = this.call(this.names.finish, [""]);
    this.check(this.names.finish, [""], result);
    this.finished = true;
  };

  global.BwiseScorm = {
    Runtime: Runtime,
    findApi: findApi,
    timespan12: timespan12,
    timespan2004: timespan2004,
    timestamp2004: timestamp2004
  };
})(window);
