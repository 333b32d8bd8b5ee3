/* bwise-mooc read aloud: the toolbar of a lesson page (preview) or a SCO page reads the lesson
   with the device's own voices (the browser's speech synthesis), in the page's language,
   block by block, highlighting the block being read. Plain ES5; no libraries, no network.

   The toolbar ([data-read-aloud]) is hidden in the HTML: it shows only when this script runs
   and the browser has a voice for the page's language (<html lang>, primary subtag: "de"
   matches "de-DE"), also when the voices arrive late (voiceschanged). Where the lesson has an
   author's recording (<audio data-lesson-audio>), the button plays and pauses it instead.

   Which lesson: the visible `main .lesson` (a SCO page shows one lesson section at a time).
   Blocks: headings, paragraphs, list items, table rows, figures (alt text as "Picture: ..."),
   question legends and answers, in page order; hidden parts (reviewer notes, other lessons,
   the toolbar) are skipped. A learner chooses where: text selected in the lesson is read
   alone (its blocks); while reading, clicking a block reads from it, and the Previous and Next
   paragraph buttons move by one block. Leaving the page stops the voice. */
(function () {
  "use strict";

  var BLOCKS = "h1,h2,h3,h4,h5,h6,p,li,dt,dd,tr,figure,pre,blockquote,legend,label,caption,summary";
  var SKIP = { SCRIPT: 1, STYLE: 1, NOSCRIPT: 1, TEMPLATE: 1, INPUT: 1, SELECT: 1, TEXTAREA: 1, AUDIO: 1, VIDEO: 1 };
  var CHUNK = 220; /* longer blocks are spoken sentence by sentence (engines cut long utterances) */
  var CURRENT = "read-aloud-current";

  var toolbar, main, previousButton, nextButton, stopButton, status, strings;
  var synth = window.speechSynthesis || null;
  var pageLang = (document.documentElement.getAttribute("lang") || "").toLowerCase();
  var voice = null; /* the voice for the page's language */
  var state = "idle"; /* idle, reading, paused */
  var mode = "speech"; /* speech, or audio while an author's recording plays */
  var audio = null;
  var blocks = []; /* [{el, chunks: [{text, lang, voice}]}] */
  var index = 0;
  var chunk = 0;
  var generation = 0; /* stale utterance events (after a cancel) carry an older number */
  var interrupted = false; /* the engine dropped the utterance while paused (some phones) */

  function primary(lang) {
    return String(lang || "").toLowerCase().replace("_", "-").split("-")[0];
  }

  function voiceFor(lang) {
    if (!synth || !synth.getVoices) return null;
    var voices = synth.getVoices() || [];
    var wanted = String(lang || "").toLowerCase().replace("_", "-");
    var best = null;
    var bestScore = -1;
    for (var i = 0; i < voices.length; i++) {
      var v = voices[i];
      var have = String(v.lang || "").toLowerCase().replace("_", "-");
      if (!have || primary(have) !== primary(wanted)) continue;
      /* the device's own voices first (they work offline), then the exact language, then the default */
      var score = (v.localService ? 4 : 0) + (have === wanted ? 2 : 0) + (v["default"] ? 1 : 0);
      if (score > bestScore) {
        best = v;
        bestScore = score;
      }
    }
    return best;
  }

  function lessonRoot() {
    var lessons = main ? main.querySelectorAll(".lesson") : [];
    for (var i = 0; i < lessons.length; i++) {
      if (!lessons[i].hidden && lessons[i].getClientRects().length) return lessons[i];
    }
    return null;
  }

  function lessonAudio(root) {
    return root ? root.querySelector("audio[data-lesson-audio]") : null;
  }

  function shown(el) {
    if (el.hidden || el.getAttribute("aria-hidden") === "true") return false;
    var style = window.getComputedStyle(el);
    return style.display !== "none" && style.visibility !== "hidden";
  }

  /* the words of a block as a voice should say them: alt text of pictures, cells apart */
  function textOf(el) {
    var out = [];
    function walk(node) {
      for (var child = node.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === 3) {
          out.push(child.data);
        } else if (child.nodeType === 1) {
          if (SKIP[child.tagName] || !shown(child) || child === toolbar) continue;
          if (child.tagName === "IMG") {
            var alt = (child.getAttribute("alt") || "").trim();
            if (alt) out.push(" " + strings.picture.replace("{alt}", alt) + " ");
            continue;
          }
          if (child.tagName === "BR") {
            out.push(" ");
            continue;
          }
          var display = window.getComputedStyle(child).display;
          var apart = display.indexOf("inline") !== 0; /* inline, inline-block: no gap */
          if (apart) out.push(" ");
          walk(child);
          if (display === "table-cell") {
            var sofar = out.join("").replace(/\s+$/, "");
            out = [sofar, /[.!?:;,\u061f\u060c]$/.test(sofar) ? " " : ", "];
          } else if (apart) {
            out.push(" ");
          }
        }
      }
    }
    walk(el);
    return out.join("").replace(/\s+/g, " ").replace(/[,\s]+$/, "").trim();
  }

  function split(text) {
    if (text.length <= CHUNK) return [text];
    var sentences = text.match(/[^.!?\u061f\u3002]+[.!?\u061f\u3002]*\s*/g) || [text];
    var parts = [];
    var part = "";
    for (var i = 0; i < sentences.length; i++) {
      if (part && (part + sentences[i]).length > CHUNK) {
        parts.push(part.trim());
        part = "";
      }
      part += sentences[i];
    }
    if (part.trim()) parts.push(part.trim());
    return parts;
  }

  function collect(root) {
    var found = [];
    var candidates = root.querySelectorAll(BLOCKS);
    for (var i = 0; i < candidates.length; i++) {
      var el = candidates[i];
      if (toolbar.contains(el) || el.closest(".kicker")) continue;
      var outer = el.parentElement ? el.parentElement.closest(BLOCKS) : null;
      if (outer && root.contains(outer)) continue; /* read as part of its outer block */
      if (!el.getClientRects().length || !shown(el)) continue;
      var text = textOf(el);
      if (!text) continue;
      var holder = el.closest("[lang]");
      var lang = holder ? holder.getAttribute("lang") : pageLang;
      var chosen = primary(lang) === primary(pageLang) ? voice : voiceFor(lang);
      if (!chosen) {
        lang = pageLang;
        chosen = voice;
      }
      var pieces = split(text);
      var chunks = [];
      for (var j = 0; j < pieces.length; j++) chunks.push({ text: pieces[j], lang: lang, voice: chosen });
      found.push({ el: el, chunks: chunks });
    }
    return found;
  }

  /* the blocks a selection in the lesson touches: what the learner chose to hear */
  function chosenBlocks(all, root) {
    var selection = window.getSelection ? window.getSelection() : null;
    if (!selection || selection.isCollapsed || !selection.rangeCount) return all;
    var range = selection.getRangeAt(0);
    if (!root.contains(range.commonAncestorContainer)) return all;
    var picked = [];
    for (var i = 0; i < all.length; i++) {
      if (range.intersectsNode(all[i].el)) picked.push(all[i]);
    }
    return picked.length ? picked : all;
  }

  function say(message) {
    status.textContent = "";
    if (message) {
      window.setTimeout(function () {
        status.textContent = message;
      }, 50);
    }
  }

  function highlight() {
    var old = main.querySelectorAll("." + CURRENT);
    for (var i = 0; i < old.length; i++) old[i].classList.remove(CURRENT);
    if (state === "idle" || mode !== "speech" || !blocks[index]) return;
    var el = blocks[index].el;
    el.classList.add(CURRENT);
    if (el.scrollIntoView) {
      var calm = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      el.scrollIntoView({ block: "nearest", behavior: calm ? "auto" : "smooth" });
    }
  }

  function setHidden(el, hidden) {
    if (el.hidden !== hidden) el.hidden = hidden; /* unchanged: no mutation for the observer */
  }

  function mainButton() {
    return toolbar.querySelector("[data-ra-action='toggle']");
  }

  function render() {
    var busy = state !== "idle";
    mainButton().textContent =
      state === "reading" ? strings.pause : state === "paused" ? strings.resume : strings.read;
    setHidden(stopButton, !busy);
    setHidden(previousButton, !busy || mode !== "speech");
    setHidden(nextButton, !busy || mode !== "speech");
    toolbar.classList.toggle("is-busy", busy);
    highlight();
  }

  function speakCurrent() {
    var block = blocks[index];
    if (!block) {
      finish();
      return;
    }
    var piece = block.chunks[chunk];
    var mine = ++generation;
    var utterance = new window.SpeechSynthesisUtterance(piece.text);
    utterance.lang = piece.lang;
    if (piece.voice) utterance.voice = piece.voice;
    utterance.onend = function () {
      if (mine !== generation) return;
      if (state === "paused") {
        interrupted = true; /* paused by cancelling (some engines): say it again on resume */
        return;
      }
      advance(1);
    };
    utterance.onerror = function (event) {
      if (mine !== generation || state === "paused") return;
      if (event && (event.error === "interrupted" || event.error === "canceled")) return;
      advance(1);
    };
    interrupted = false;
    synth.speak(utterance);
  }

  function advance(step) {
    if (step > 0 && chunk + 1 < blocks[index].chunks.length) {
      chunk += 1;
    } else {
      index += step > 0 ? 1 : 0;
      chunk = 0;
    }
    if (index >= blocks.length) {
      finish();
      return;
    }
    render();
    speakCurrent();
  }

  function jump(to) {
    if (to < 0 || to >= blocks.length) return;
    generation += 1;
    synth.cancel();
    index = to;
    chunk = 0;
    if (state === "paused") synth.resume();
    state = "reading";
    render();
    speakCurrent();
  }

  function finish() {
    var hadFocus = toolbar.contains(document.activeElement);
    generation += 1;
    state = "idle";
    blocks = [];
    render();
    var now = document.activeElement;
    if (hadFocus && (!now || !toolbar.contains(now) || now.hidden)) mainButton().focus();
  }

  function stop(announce) {
    if (state === "idle") return;
    if (mode === "audio" && audio) {
      audio.pause();
      try {
        audio.currentTime = 0;
      } catch (e) {
        /* not seekable yet */
      }
    } else if (synth) {
      generation += 1;
      synth.cancel();
    }
    finish();
    if (announce) say(strings.stopped);
  }

  function start() {
    var root = lessonRoot();
    if (!root) return;
    audio = lessonAudio(root);
    if (audio) {
      mode = "audio";
      state = "reading";
      render();
      var playing = audio.play();
      if (playing && playing["catch"]) {
        playing["catch"](function () {
          state = "idle";
          render();
        });
      }
      return;
    }
    if (!synth || !voice) return;
    mode = "speech";
    var all = collect(root);
    blocks = chosenBlocks(all, root);
    if (!blocks.length) return;
    index = 0;
    chunk = 0;
    generation += 1;
    synth.cancel();
    if (synth.paused) synth.resume(); /* an engine left paused would not speak */
    state = "reading";
    say("");
    render();
    speakCurrent();
  }

  function toggle() {
    if (state === "idle") {
      start();
    } else if (state === "reading") {
      state = "paused";
      if (mode === "audio") audio.pause();
      else synth.pause();
      render();
      say(strings.paused);
    } else {
      state = "reading";
      say("");
      render();
      if (mode === "audio") {
        audio.play();
      } else {
        synth.resume();
        if (interrupted || !synth.speaking) {
          generation += 1;
          synth.cancel();
          speakCurrent();
        }
      }
    }
  }

  function available() {
    var root = lessonRoot();
    if (lessonAudio(root)) return true;
    if (!synth || typeof window.SpeechSynthesisUtterance !== "function") return false;
    voice = voiceFor(pageLang);
    return !!voice;
  }

  function update() {
    var show = available();
    if (!show) stop(false);
    setHidden(toolbar, !show);
  }

  function watchAudio() {
    main.addEventListener(
      "play",
      function (event) {
        if (mode === "audio" && event.target === audio && state === "paused") {
          state = "reading";
          render();
        }
      },
      true
    );
    main.addEventListener(
      "pause",
      function (event) {
        if (mode === "audio" && event.target === audio && state === "reading") {
          state = audio.ended ? "idle" : "paused";
          render();
        }
      },
      true
    );
    main.addEventListener(
      "ended",
      function (event) {
        if (mode === "audio" && event.target === audio) finish();
      },
      true
    );
  }

  function readStrings() {
    var words = {};
    var holder = document.getElementById("ui-strings");
    try {
      words = holder ? JSON.parse(holder.textContent) : {};
    } catch (e) {
      words = {};
    }
    return {
      read: mainButton().textContent,
      pause: words.ra_pause || "Pause",
      resume: words.ra_resume || "Resume",
      paused: words.ra_paused || "Reading paused",
      stopped: words.ra_stopped || "Reading stopped",
      picture: words.ra_picture || "Picture: {alt}"
    };
  }

  function init() {
    toolbar = document.querySelector("[data-read-aloud]");
    main = document.getElementById("main");
    if (!toolbar || !main) return;
    strings = readStrings();
    previousButton = toolbar.querySelector("[data-ra-action='previous']");
    nextButton = toolbar.querySelector("[data-ra-action='next']");
    stopButton = toolbar.querySelector("[data-ra-action='stop']");
    status = toolbar.querySelector("[data-ra-status]");
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("[data-ra-action]") : null;
      if (!button) return;
      var action = button.getAttribute("data-ra-action");
      if (action === "toggle") toggle();
      else if (action === "stop") stop(true);
      else if (action === "previous") jump(Math.max(0, index - 1));
      else if (action === "next") jump(index + 1);
    });
    toolbar.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && state !== "idle") stop(true);
    });
    /* while reading, a click on a block (not on a link or a control) reads from there */
    main.addEventListener("click", function (event) {
      if (state === "idle" || mode !== "speech" || toolbar.contains(event.target)) return;
      if (event.target.closest("a,button,input,select,textarea,label,summary,audio,video")) return;
      for (var i = 0; i < blocks.length; i++) {
        if (blocks[i].el.contains(event.target)) {
          jump(i);
          return;
        }
      }
    });
    watchAudio();
    /* a SCO page shows one lesson at a time: a lesson hidden while read stops the voice */
    if (window.MutationObserver) {
      new window.MutationObserver(function (records) {
        var outside = false;
        for (var i = 0; i < records.length; i++) {
          if (records[i].target !== toolbar && !toolbar.contains(records[i].target)) outside = true;
        }
        if (!outside) return;
        if (state !== "idle" && mode === "speech" && blocks[0] && !blocks[0].el.getClientRects().length) {
          stop(false);
        }
        if (state === "idle") update();
      }).observe(main, { attributes: true, attributeFilter: ["hidden"], subtree: true });
    }
    window.addEventListener("pagehide", function () {
      stop(false);
    });
    if (synth) {
      if (synth.addEventListener) synth.addEventListener("voiceschanged", update);
      else synth.onvoiceschanged = update;
    }
    update();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
