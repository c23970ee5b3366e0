/* The self-test keeps score (docs/reference/self_test.md): a "Got it" and a "Missed" button under
   every question, a score per day, a "review only what I missed" filter and a reset.

   The state lives in this browser's localStorage under one key, and nothing is ever sent. A mark
   is keyed by a hash of its question's text, not by its position, so moving a question keeps its
   mark; rewording it starts it afresh. The buttons are made here, not at build time: without
   JavaScript they could not work, so they are not shown, and the search index does not hold
   them 300 times. Material's instant navigation swaps pages without a load, so the work runs
   on each page that `document$` announces, and only where the score panel's placeholder is. */
(function () {
  "use strict";
  var KEY = "dl-nlp-cheatsheet:self-test:v1";
  var LABELS = { got: "Got it", missed: "Missed" };

  /* FNV-1a (32 bits) of the question's text with runs of white space made one space. */
  function questionId(text) {
    var normal = text.replace(/\s+/g, " ").trim();
    var hash = 0x811c9dc5;
    for (var i = 0; i < normal.length; i++) {
      hash = Math.imul(hash ^ normal.charCodeAt(i), 0x01000193) >>> 0;
    }
    return "q" + hash.toString(36);
  }

  function load() {
    try {
      var state = JSON.parse(localStorage.getItem(KEY));
      if (state && typeof state.marks === "object") return state;
    } catch (error) { /* unreadable: start afresh */ }
    return { marks: {}, missedOnly: false };
  }

  function save(state) {
    try {
      if (Object.keys(state.marks).length || state.missedOnly) {
        localStorage.setItem(KEY, JSON.stringify(state));
      } else {
        localStorage.removeItem(KEY);
      }
    } catch (error) { /* storage refused (private mode): the score lasts until the page closes */ }
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) node.textContent = text;
    return node;
  }

  function setUp(panel) {
    var state = load();
    var questions = [];
    var days = [];
    var day = null;
    panel.closest("article").querySelectorAll("h2, details.question").forEach(function (node) {
      if (node.tagName === "H2") {
        day = { name: node.firstChild.textContent.trim(), questions: [] };
        days.push(day);
        return;
      }
      var summary = node.querySelector("summary");
      var question = { id: questionId(summary.textContent), details: node, buttons: {} };
      summary.id = "self-test-" + question.id;
      var group = element("div", { "class": "self-test-mark", role: "group",
                                   "aria-labelledby": summary.id });
      Object.keys(LABELS).forEach(function (mark) {
        var button = element("button", { type: "button", "aria-pressed": "false",
                                          "data-mark": mark }, LABELS[mark]);
        button.addEventListener("click", function () {
          if (state.marks[question.id] === mark) delete state.marks[question.id];
          else state.marks[question.id] = mark;
          save(state);
          show();
        });
        question.buttons[mark] = button;
        group.appendChild(button);
      });
      node.after(group);
      question.group = group;
      questions.push(question);
      if (day) day.questions.push(question);
    });
    days = days.filter(function (d) { return d.questions.length; });

    var list = element("ul", { "aria-live": "polite" });
    days.forEach(function (d) { d.line = list.appendChild(element("li", {})); });
    var filter = element("button", { type: "button", "aria-pressed": "false" },
                         "Review only what I missed");
    var reset = element("button", { type: "button" }, "Reset my score");
    var controls = element("div", { "class": "self-test-controls" });
    controls.append(filter, reset);
    panel.replaceChildren(element("p", {}, "Your score, kept in this browser only:"), list,
                          controls);

    function show() {
      days.forEach(function (d) {
        var count = { got: 0, missed: 0 };
        d.questions.forEach(function (q) { if (state.marks[q.id]) count[state.marks[q.id]]++; });
        d.line.textContent = d.name + ": " + count.got + " got, " + count.missed + " missed of "
          + d.questions.length;
      });
      questions.forEach(function (q) {
        Object.keys(q.buttons).forEach(function (mark) {
          q.buttons[mark].setAttribute("aria-pressed", String(state.marks[q.id] === mark));
        });
      });
      filter.setAttribute("aria-pressed", String(state.missedOnly));
    }

    /* Run on load and when the filter changes, not on every mark: a question marked "Got it"
       while reviewing stays in view until the filter is pressed again. */
    function applyFilter() {
      questions.forEach(function (q) {
        var hidden = state.missedOnly && state.marks[q.id] !== "missed";
        q.details.hidden = hidden;
        q.group.hidden = hidden;
      });
    }

    filter.addEventListener("click", function () {
      state.missedOnly = !state.missedOnly;
      save(state);
      applyFilter();
      show();
    });
    reset.addEventListener("click", function () {
      state = { marks: {}, missedOnly: false };
      save(state);
      applyFilter();
      show();
    });
    applyFilter();
    show();
  }

  document$.subscribe(function () {
    var panel = document.getElementById("self-test-score");
    if (panel && !panel.dataset.ready) {
      panel.dataset.ready = "true";
      setUp(panel);
    }
  });
})();
