// Practice tools: filters on the question bank and case-study index, spaced-repetition flashcards and the mock
// interview's timer.
// Loaded (deferred, a few KB) on every page so that instant navigation finds it; it does
// nothing on pages without a tool. Progress stays in this browser (localStorage); no server.
(function () {
  "use strict";
  var STORE = "ml-design-guide.flashcards.v1";
  var DAY = 24 * 60 * 60 * 1000;
  // Leitner boxes 1-5: days until a card in that box is due again.
  var INTERVAL_DAYS = [0, 1, 3, 7, 16, 35];
  var CARDS_SRC = new URL("../../practice/practice-data.js", document.currentScript.src).href;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function select(label, name, options) {
    var wrap = el("label", { class: "practice-control" }, label + " ");
    var box = el("select", { name: name });
    options.forEach(function (o) { box.appendChild(el("option", { value: o[0] }, o[1])); });
    wrap.appendChild(box);
    return { wrap: wrap, box: box };
  }

  // Every value of the given lists, once each, in first-seen order.
  function distinct(lists) {
    var out = [];
    lists.forEach(function (list) {
      list.forEach(function (v) { if (out.indexOf(v) < 0) out.push(v); });
    });
    return out;
  }

  // ---- Filters over a list of items (question bank, case-study index) ---------------------
  // Each filter is a select over one data attribute; an attribute may hold several values
  // separated by "|". `after(shown)` runs after each change, for page-specific touches.
  function filterItems(host, items, filters, noun, after) {
    var boxes = filters.map(function (f) {
      var control = select(f.label, f.name, [["", f.all]].concat(f.values.map(function (v) { return [v, v]; })));
      host.appendChild(control.wrap);
      return control.box;
    });
    var count = el("output", { "aria-live": "polite", class: "practice-count" });
    host.appendChild(count);
    host.hidden = false;
    function apply() {
      var shown = 0;
      items.forEach(function (item) {
        var ok = filters.every(function (f, i) {
          return !boxes[i].value || item.dataset[f.attr].split("|").indexOf(boxes[i].value) >= 0;
        });
        item.hidden = !ok;
        if (ok) shown += 1;
      });
      if (after) after(shown);
      count.textContent = "Showing " + shown + " of " + items.length + " " + noun;
    }
    boxes.forEach(function (box) { box.addEventListener("change", apply); });
    apply();
  }

  // ---- Question bank: filter by level and topic ------------------------------------------
  function bankFilters(host) {
    var items = Array.prototype.slice.call(document.querySelectorAll(".qb-item"));
    var present = items.map(function (item) { return item.dataset.level; });
    // Levels in the taxonomy's order (the page carries it), those with questions only.
    var levels = host.dataset.levels.split("|").filter(function (l) { return present.indexOf(l) >= 0; });
    var topics = distinct(items.map(function (item) { return item.dataset.topics.split("|"); }));
    filterItems(host, items, [
      { label: "Level", name: "level", all: "All levels", attr: "level", values: levels },
      { label: "Topic", name: "topic", all: "All topics", attr: "topics", values: topics }
    ], "questions", function () {
      // Hide headings whose section has no visible question.
      document.querySelectorAll(".md-content article h2, .md-content article h3").forEach(function (h) {
        var rank = h.tagName, next = h.nextElementSibling, any = false, hasItems = false;
        while (next && !(next.tagName === "H2" || (rank === "H3" && next.tagName === "H3"))) {
          if (next.classList.contains("qb-item")) { hasItems = true; any = any || !next.hidden; }
          next = next.nextElementSibling;
        }
        if (hasItems) h.hidden = !any;
      });
    });
  }

  // ---- Case-study index: filter the table by level and domain ------------------------------
  function caseStudyFilters(host) {
    var rows = Array.prototype.slice.call(document.querySelectorAll(".cs-index tbody tr"));
    var empty = document.querySelector(".cs-empty");
    filterItems(host, rows, [
      { label: "Level", name: "level", all: "All levels", attr: "levels",
        values: host.dataset.levels.split("|") },
      { label: "Domain", name: "domain", all: "All domains", attr: "domains",
        values: host.dataset.domains.split("|").filter(Boolean) }
    ], "case studies", function (shown) { if (empty) empty.hidden = shown > 0; });
  }

  // ---- Flashcards: Leitner boxes, progress in localStorage --------------------------------
  function loadProgress() {
    try { return JSON.parse(localStorage.getItem(STORE)) || {}; } catch (e) { return {}; }
  }
  function saveProgress(progress) {
    try { localStorage.setItem(STORE, JSON.stringify(progress)); } catch (e) { /* private mode */ }
  }

  function withCards(callback) {
    if (window.GUIDE_CARDS) return callback(window.GUIDE_CARDS);
    var script = el("script", { src: CARDS_SRC });
    script.onload = function () { callback(window.GUIDE_CARDS); };
    document.head.appendChild(script);
  }

  function flashcards(host, data) {
    var progress = loadProgress();
    var topics = distinct(data.cards.map(function (c) { return c.topics; }));
    var level = select("Level", "level", [["", "All levels"]].concat(data.taxonomy.levels.map(function (l) { return [l, l]; })));
    var topic = select("Topic", "topic", [["", "All topics"]].concat(topics.map(function (t) { return [t, t]; })));
    var controls = el("div", { class: "practice-controls" });
    var reset = el("button", { type: "button", class: "md-button" }, "Reset progress");
    controls.appendChild(level.wrap);
    controls.appendChild(topic.wrap);
    controls.appendChild(reset);
    var stats = el("p", { class: "practice-count", "aria-live": "polite", "data-stats": "" });
    var card = el("section", { class: "flashcard", "aria-label": "Flashcard" });
    var meta = el("p", { class: "flashcard-meta" });
    var question = el("p", { class: "flashcard-question" });
    var answer = el("ul", { class: "flashcard-answer", hidden: "" });
    var link = el("a", { class: "flashcard-link", hidden: "" }, "Read the chapter");
    var reveal = el("button", { type: "button", class: "md-button md-button--primary" }, "Show answer (Space)");
    var grades = el("div", { class: "flashcard-grades", hidden: "" });
    [["1", "Again"], ["2", "Good"], ["3", "Easy"]].forEach(function (g) {
      var b = el("button", { type: "button", class: "md-button", "data-grade": g[0] }, g[1] + " (" + g[0] + ")");
      grades.appendChild(b);
    });
    [meta, question, answer, link, reveal, grades].forEach(function (n) { card.appendChild(n); });
    host.textContent = "";
    [controls, stats, card].forEach(function (n) { host.appendChild(n); });

    var queue = [], current = null;
    var root = new URL("../", CARDS_SRC);  // the site root, from practice/practice-data.js

    function matches(c) {
      return (!level.box.value || c.level === level.box.value) &&
        (!topic.box.value || c.topics.indexOf(topic.box.value) >= 0);
    }
    function due(c) { var p = progress[c.id]; return !p || p.due <= Date.now(); }
    function rebuild() {
      queue = data.cards.filter(function (c) { return matches(c) && due(c); });
      queue.sort(function (a, b) {
        var pa = progress[a.id] || { box: 0, due: 0 }, pb = progress[b.id] || { box: 0, due: 0 };
        return pa.box - pb.box || pa.due - pb.due;
      });
      next();
    }
    function showStats() {
      var pool = data.cards.filter(matches);
      var fresh = pool.filter(function (c) { return !progress[c.id]; }).length;
      var learned = pool.filter(function (c) { return progress[c.id] && progress[c.id].box >= 4; }).length;
      stats.textContent = "Due now: " + queue.length + " · New: " + fresh + " · Reviewed: " +
        (pool.length - fresh) + " · Learned: " + learned + " of " + pool.length;
    }
    function next() {
      current = queue[0] || null;
      answer.hidden = true; link.hidden = true; grades.hidden = true;
      reveal.hidden = !current;
      answer.textContent = "";
      if (!current) {
        var pending = data.cards.filter(function (c) { return matches(c) && progress[c.id]; })
          .map(function (c) { return progress[c.id].due; });
        meta.textContent = "";
        question.textContent = pending.length
          ? "Nothing due. The next card is due in " + Math.max(1, Math.ceil((Math.min.apply(null, pending) - Date.now()) / DAY)) + " day(s)."
          : "No cards match these filters.";
      } else {
        meta.textContent = current.level + " · " + current.topics.join(", ");
        question.textContent = current.question;
        current.answer.forEach(function (a) { answer.appendChild(el("li", {}, a)); });
        link.href = new URL(current.page, root).href;
      }
      showStats();
    }
    function show() {
      if (!current) return;
      answer.hidden = false; link.hidden = false; grades.hidden = false; reveal.hidden = true;
      grades.querySelector("button").focus();
    }
    function grade(g) {
      if (!current || grades.hidden) return;
      var p = progress[current.id] || { box: 0, due: 0 };
      var box = g === "1" ? 1 : Math.min(5, Math.max(1, p.box) + (g === "3" ? 2 : 1));
      progress[current.id] = { box: box, due: Date.now() + INTERVAL_DAYS[box] * DAY };
      saveProgress(progress);
      queue.shift();
      if (g === "1") queue.push(current);  // again: once more before the session ends
      next();
    }
    reveal.addEventListener("click", show);
    grades.addEventListener("click", function (e) { if (e.target.dataset.grade) grade(e.target.dataset.grade); });
    level.box.addEventListener("change", rebuild);
    topic.box.addEventListener("change", rebuild);
    reset.addEventListener("click", function () {
      if (!window.confirm("Forget all flashcard progress in this browser?")) return;
      progress = {}; saveProgress(progress); rebuild();
    });
    host.keyHandler = function (e) {
      var tag = (e.target.tagName || "").toLowerCase();
      if (e.ctrlKey || e.metaKey || e.altKey || tag === "input" || tag === "select" || tag === "textarea") return;
      if ((e.key === " " || e.key === "Enter") && answer.hidden && current) { e.preventDefault(); show(); }
      else if (/^[123]$/.test(e.key)) { e.preventDefault(); grade(e.key); }
    };
    document.addEventListener("keydown", host.keyHandler);
    rebuild();
  }


  // ---- Mock interview: a random prompt, a countdown per phase, then the level's rubric -----
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(ms) { var s = Math.max(0, Math.ceil(ms / 1000)); return Math.floor(s / 60) + ":" + pad(s % 60); }

  function mockInterview(host, data) {
    var mockData = window.GUIDE_MOCK;
    var topics = distinct(mockData.prompts.map(function (p) { return p.topics; }));
    var level = select("Level", "level", data.taxonomy.levels.map(function (l) { return [l, l]; }));
    level.box.value = "Senior";
    var topic = select("Topic", "topic", [["", "Any topic"]].concat(topics.map(function (t) { return [t, t]; })));
    var length = select("Length", "length", [["45", "45 minutes"], ["60", "60 minutes"]]);
    var start = el("button", { type: "button", class: "md-button md-button--primary", "data-mock-start": "" }, "Start");
    var controls = el("div", { class: "practice-controls" });
    [level.wrap, topic.wrap, length.wrap, start].forEach(function (n) { controls.appendChild(n); });
    var stage = el("div", { class: "mock-stage" });
    host.textContent = "";
    host.appendChild(controls);
    host.appendChild(stage);
    var timer = null;

    function stop() { if (timer) { window.clearInterval(timer); timer = null; } }
    host.stop = stop;

    function finish(chosenLevel) {
      stop();
      stage.querySelectorAll(".mock-run-controls button").forEach(function (b) { b.disabled = true; });
      var items = mockData.rubric[chosenLevel];
      var box = el("section", { class: "mock-rubric", "aria-label": "Rubric" });
      box.appendChild(el("h2", {}, "Self-check: the " + chosenLevel + " rubric"));
      var score = el("p", { class: "practice-count", "aria-live": "polite" });
      var list = el("ul", { class: "task-list" });
      items.forEach(function (text, i) {
        var li = el("li", {});
        var label = el("label", {});
        var tick = el("input", { type: "checkbox", id: "mock-rubric-" + i });
        tick.addEventListener("change", update);
        label.appendChild(tick);
        label.appendChild(document.createTextNode(" " + text));
        li.appendChild(label);
        list.appendChild(li);
      });
      function update() {
        var ticked = list.querySelectorAll("input:checked").length;
        score.textContent = ticked + " of " + items.length + " shown";
      }
      box.appendChild(list);
      box.appendChild(score);
      update();
      stage.appendChild(box);
    }

    start.addEventListener("click", function () {
      stop();
      var chosenLevel = level.box.value, minutesKey = length.box.value;
      var pool = mockData.prompts.filter(function (p) {
        return p.levels.indexOf(chosenLevel) >= 0 && (!topic.box.value || p.topics.indexOf(topic.box.value) >= 0);
      });
      stage.textContent = "";
      if (!pool.length) {
        stage.appendChild(el("p", {}, "No prompt for this level and topic; choose another topic."));
        return;
      }
      var prompt = pool[Math.floor(Math.random() * pool.length)];
      stage.appendChild(el("p", { class: "mock-prompt", "data-prompt-id": prompt.id }, prompt.prompt));
      var remaining = el("p", { class: "practice-count" });
      var phaseClock = el("output", { class: "mock-timer", "aria-live": "off" });
      var list = el("ol", { class: "mock-phases" });
      var phases = mockData.phases.map(function (p) {
        var li = el("li", {}, p.name + " (" + p.minutes[minutesKey] + " min)");
        list.appendChild(li);
        return { li: li, ms: p.minutes[minutesKey] * 60000 };
      });
      var runControls = el("div", { class: "practice-controls mock-run-controls" });
      var nextButton = el("button", { type: "button", class: "md-button" }, "Next phase");
      var pauseButton = el("button", { type: "button", class: "md-button" }, "Pause");
      var finishButton = el("button", { type: "button", class: "md-button" }, "Finish and self-check");
      [nextButton, pauseButton, finishButton].forEach(function (b) { runControls.appendChild(b); });
      [phaseClock, remaining, list, runControls].forEach(function (n) { stage.appendChild(n); });

      var index = 0, left = phases[0].ms, last = Date.now(), paused = false;
      function render() {
        phases.forEach(function (p, i) {
          if (i === index) p.li.setAttribute("aria-current", "step"); else p.li.removeAttribute("aria-current");
          p.li.classList.toggle("mock-done", i < index);
        });
        var total = left + phases.slice(index + 1).reduce(function (a, p) { return a + p.ms; }, 0);
        phaseClock.textContent = clock(left);
        remaining.textContent = "Phase " + (index + 1) + " of " + phases.length + " · " + clock(total) + " left in the interview";
      }
      function advance() {
        index += 1;
        if (index >= phases.length) { index = phases.length - 1; left = 0; render(); finish(chosenLevel); return; }
        left = phases[index].ms;
        render();
      }
      function tick() {
        var now = Date.now();
        if (!paused) left -= now - last;
        last = now;
        if (left <= 0) advance(); else render();
      }
      nextButton.addEventListener("click", advance);
      pauseButton.addEventListener("click", function () {
        paused = !paused;
        pauseButton.textContent = paused ? "Resume" : "Pause";
      });
      finishButton.addEventListener("click", function () { finish(chosenLevel); });
      render();
      timer = window.setInterval(tick, 250);
    });
  }

  // A row of content tabs or a notebook output wider than the screen scrolls sideways: let
  // keyboard users reach it (Material does this for code blocks, not for these). Sizes are
  // read when the browser reports them after its own layout, not forced while the page
  // loads (that was a long task on every page), and again after a resize or rotation.
  var scrollables = "ResizeObserver" in window ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var box = entry.target;
      if (box.scrollWidth > box.clientWidth && !box.querySelector("[tabindex]")) box.tabIndex = 0;
    });
  }) : null;

  var active = null;
  function init() {
    if (active && active.keyHandler) document.removeEventListener("keydown", active.keyHandler);
    if (active && active.stop) active.stop();
    active = null;
    var filters = document.querySelector("[data-qb-filters]");
    if (filters && !filters.childElementCount) bankFilters(filters);
    var csFilters = document.querySelector("[data-cs-filters]");
    if (csFilters && !csFilters.childElementCount) caseStudyFilters(csFilters);
    if (scrollables) {
      scrollables.disconnect();
      document.querySelectorAll(".tabbed-labels, .highlight > pre").forEach(function (box) {
        scrollables.observe(box);
      });
    }
    var host = document.querySelector("[data-flashcards]");
    if (host) { active = host; withCards(function (data) { flashcards(host, data); }); }
    var mockHost = document.querySelector("[data-mock-interview]");
    if (mockHost) { active = mockHost; withCards(function (data) { mockInterview(mockHost, data); }); }
  }
  // Material re-renders the page on instant navigation and announces it on document$.
  if (window.document$) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
