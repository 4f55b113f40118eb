// Factcheck desk behaviour. Everything here is an enhancement: links and forms work without it.
// No inline styles are written as attributes (the CSP forbids them); positions are set through CSSOM.
(function () {
  "use strict";

  // The words this script shows, in the page's language (base.html renders them, translated, as a
  // JSON block: no inline script, nothing for the CSP to allow).
  var STRINGS = (function () {
    var block = document.getElementById("factcheck-strings");
    try { return block ? JSON.parse(block.textContent) : {}; } catch (e) { return {}; }
  })();
  function t(key, fallback) { return STRINGS[key] || fallback; }

  // --- Keyboard: j / k move to the next / previous claim in the workspace list. ------------------
  document.addEventListener("keydown", function (event) {
    if (event.target.closest("input, textarea, select, [contenteditable], .split-quote")) return;
    if (event.key !== "j" && event.key !== "k") return;
    var links = Array.prototype.slice.call(document.querySelectorAll("#claim-list a[data-claim]"));
    if (!links.length) return;
    var panel = document.getElementById("claim-panel");
    var current = panel && panel.dataset.claim;
    var index = links.findIndex(function (a) { return a.dataset.claim === current; });
    var next = event.key === "j" ? index + 1 : index - 1;
    if (index === -1) next = 0;
    if (next < 0 || next >= links.length) return;
    event.preventDefault();
    links[next].focus();
    links[next].click();
  });

  // --- The open claim is marked in the text and the list (the server marks it too; opening
  // another claim swaps only the panel). ----------------------------------------------------------
  function markSelected(id) {
    document.querySelectorAll(".hl.is-selected").forEach(function (el) {
      if (el.dataset.claim !== id) el.classList.remove("is-selected");
    });
    document.querySelectorAll('.hl[data-claim="' + id + '"]').forEach(function (el) { el.classList.add("is-selected"); });
    document.querySelectorAll("#claim-list a[aria-current]").forEach(function (el) {
      if (el.dataset.claim !== id) el.removeAttribute("aria-current");
    });
    var item = document.querySelector('#claim-list a[data-claim="' + id + '"]');
    if (item) item.setAttribute("aria-current", "true");
  }
  document.addEventListener("htmx:afterSettle", function () {
    var panel = document.getElementById("claim-panel");
    if (panel && panel.dataset.claim) markSelected(panel.dataset.claim);
  });

  // --- Answers that are not a swap: a failed request is said in the banner under the header. -------
  function requestError(message) {
    var box = document.getElementById("request-error");
    if (!box) return;
    box.querySelector("p").textContent = message;
    box.hidden = !message;
  }
  document.addEventListener("htmx:beforeRequest", function () { requestError(""); });
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : "";
    requestError(status === 403
      ? t("forbidden", "You are not allowed to do that.")
      : t("failed", "The server could not do that (%(status)s). Nothing you typed was sent again: reload the page and try again.")
          .replace("%(status)s", status));
  });
  document.addEventListener("htmx:sendError", function () {
    requestError(t("unreachable", "The server could not be reached. Check your connection and try again."));
  });

  // A form's errors (400) or a conflict (409) are swapped into the form's part: bring them to view.
  document.addEventListener("htmx:afterSettle", function (event) {
    var xhr = event.detail.xhr;
    if (!xhr || (xhr.status !== 400 && xhr.status !== 409)) return;
    var alert = document.querySelector("#claim-panel [role=alert], #create-claim [role=alert]");
    if (!alert) return;
    alert.scrollIntoView({ block: "nearest" });
    var field = document.querySelector("#claim-panel [aria-invalid=true], #create-claim [aria-invalid=true]");
    if (field && field.focus) field.focus();
  });

  // --- Editors: a mouse drag across the article text (over one sentence or several) selects it and
  // offers "Create claim" beside it, with the exact offsets filled in the create form. --------------
  function offsetOf(node, offset) {
    var seg;
    if (node.nodeType === Node.TEXT_NODE) {
      seg = node.parentElement.closest("[data-start]");
      return seg ? parseInt(seg.dataset.start, 10) + offset : null;
    }
    seg = node.closest("[data-start]");
    if (seg) return parseInt(seg.dataset.start, 10) + (offset > 0 ? seg.textContent.length : 0);
    // A boundary between elements (a drag that ends between paragraphs): the first segment at or
    // after it starts there; past the last one, the text ends there.
    var point = document.createRange();
    point.setStart(node, offset);
    var segments = document.querySelectorAll("#article-text [data-start]");
    for (var i = 0; i < segments.length; i++) {
      if (point.comparePoint(segments[i], 0) >= 0) return parseInt(segments[i].dataset.start, 10);
    }
    var last = segments[segments.length - 1];
    return last ? parseInt(last.dataset.start, 10) + last.textContent.length : null;
  }

  function selectionInText() {
    var text = document.getElementById("article-text");
    var sel = window.getSelection();
    if (!text || !sel || sel.isCollapsed || !sel.rangeCount) return null;
    var range = sel.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return null;
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return null;
    return { start: start, end: end, range: range, text: sel.toString() };
  }

  function offerCreate() {
    var text = document.getElementById("article-text");
    var details = document.getElementById("create-claim");
    var actions = document.getElementById("selection-actions");
    if (!text || !details || !text.dataset.canEdit) return;
    var picked = selectionInText();
    if (!picked) {
      if (actions) actions.hidden = true;
      return;
    }
    details.open = true;
    details.querySelector('input[name="start"]').value = picked.start;
    details.querySelector('input[name="end"]').value = picked.end;
    details.querySelector(".selection-preview").textContent = picked.text;
    if (actions) {
      var box = picked.range.getBoundingClientRect();
      var column = actions.offsetParent || document.body;
      var origin = column.getBoundingClientRect();
      actions.hidden = false;
      actions.style.top = (box.bottom - origin.top + 6) + "px";
      actions.style.left = Math.max(0, box.left - origin.left) + "px";
    }
  }
  document.addEventListener("mouseup", function (event) {
    if (event.target.closest && event.target.closest("#selection-actions")) return;
    // After the browser has settled the selection.
    window.setTimeout(offerCreate, 0);
  });
  document.addEventListener("keyup", function (event) {
    if (event.shiftKey && document.getElementById("article-text")) offerCreate();
  });
  // A drag that starts and ends on the same highlighted sentence also "clicks" it: keep the
  // selection rather than open that claim.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#article-text a.hl");
    if (link && selectionInText()) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  // --- Editors: split a claim by clicking where it splits in its quote (the number stays as the
  // fallback, and shows the same cut). ------------------------------------------------------------
  function caretOffset(event, container) {
    var node, offset;
    if (document.caretPositionFromPoint) {
      var pos = document.caretPositionFromPoint(event.clientX, event.clientY);
      if (!pos) return null;
      node = pos.offsetNode; offset = pos.offset;
    } else if (document.caretRangeFromPoint) {
      var range = document.caretRangeFromPoint(event.clientX, event.clientY);
      if (!range) return null;
      node = range.startContainer; offset = range.startOffset;
    } else {
      return null;
    }
    if (!container.contains(node)) return null;
    var walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    var total = 0;
    while (walker.nextNode()) {
      if (walker.currentNode === node) return total + offset;
      total += walker.currentNode.textContent.length;
    }
    return null;
  }

  function snapToWord(text, at) {
    // A cut inside a word moves to the nearer edge of that word: claims split between words.
    if (at <= 0 || at >= text.length) return at;
    if (/\s/.test(text[at - 1]) || /\s/.test(text[at])) return at;
    var left = at, right = at;
    while (left > 0 && !/\s/.test(text[left - 1])) left--;
    while (right < text.length && !/\s/.test(text[right])) right++;
    var best = at - left <= right - at ? left : right;
    return best > 0 && best < text.length ? best : (best === left ? right : left);
  }

  function wordBoundaries(text) {
    var out = [];
    for (var i = 1; i < text.length; i++) {
      if (/\s/.test(text[i - 1]) && !/\s/.test(text[i])) out.push(i);
    }
    return out;
  }

  function setupSplit(root) {
    root.querySelectorAll(".split-quote[data-quote]").forEach(function (quote) {
      if (quote.dataset.ready) return;
      quote.dataset.ready = "1";
      var form = quote.closest("form");
      var input = form.querySelector('input[name="at"]');
      var button = form.querySelector('button[type="submit"]');
      var help = form.querySelector(".split-help");
      var text = quote.dataset.quote;
      var at = null;
      quote.hidden = false;
      if (help) help.hidden = false;

      function show(value) {
        quote.textContent = "";
        if (!(value >= 1 && value < text.length)) {
          quote.textContent = text;
          at = null;
          button.textContent = t("split", "Split");
          return;
        }
        at = value;
        var first = document.createElement("span");
        first.className = "split-first";
        first.textContent = text.slice(0, value);
        var second = document.createElement("span");
        second.className = "split-second";
        second.textContent = text.slice(value);
        quote.appendChild(first);
        quote.appendChild(second);
        button.textContent = t("split_here", "Split here");
      }
      quote.addEventListener("click", function (event) {
        var offset = caretOffset(event, quote);
        if (offset === null) return;
        var value = snapToWord(text, offset);
        input.value = value;
        show(value);
      });
      quote.addEventListener("keydown", function (event) {
        if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
        event.preventDefault();
        var bounds = wordBoundaries(text);
        if (!bounds.length) return;
        var current = at === null ? (event.key === "ArrowRight" ? 0 : text.length) : at;
        var next = event.key === "ArrowRight"
          ? bounds.find(function (b) { return b > current; })
          : bounds.slice().reverse().find(function (b) { return b < current; });
        if (next === undefined) return;
        input.value = next;
        show(next);
      });
      input.addEventListener("input", function () { show(parseInt(input.value, 10)); });
      if (input.value) show(parseInt(input.value, 10));
    });
  }

  // --- A refusal keeps what the user typed, read-only: one click copies it. ------------------------
  function setupCopy(root) {
    root.querySelectorAll(".copy-kept").forEach(function (button) {
      if (!navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var box = button.closest("[role=alert]");
        var texts = Array.prototype.map.call(box.querySelectorAll("textarea.kept"), function (t) { return t.value; });
        navigator.clipboard.writeText(texts.join("\n\n")).then(function () { button.textContent = t("copied", "Copied"); });
      });
    });
  }

  // --- A field with an advised length (the verdict's "claim reviewed"): a live count, and a warning
  // past the advice. The server renders the same count (and these texts, translated, as data-*), so
  // without JavaScript it shows on each answer.
  function setupCharCount(root) {
    root.querySelectorAll("input.char-count[data-advised]").forEach(function (input) {
      var advised = parseInt(input.dataset.advised, 10);
      var counter = document.getElementById(input.dataset.counter);
      if (!counter || !advised) return;
      function update() {
        var n = Array.from(input.value).length;
        var over = n > advised;
        var text = over ? input.dataset.over : (n === 1 ? input.dataset.one : input.dataset.many);
        counter.textContent = text.replace("{n}", String(n));
        counter.classList.toggle("over", over);
      }
      input.addEventListener("input", update);
      update();
    });
  }

  function setup(root) {
    setupSplit(root);
    setupCopy(root);
    setupCharCount(root);
  }
  document.addEventListener("htmx:load", function (event) { setup(event.detail.elt); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setup(document); });
  } else {
    setup(document);
  }

  // --- Bulk assignment: say how many claims are ticked (the ticks sit in the list rows, tied to the
  // form by form="bulk-assign"; the form works the same without this). -------------------------------
  function countPicked() {
    var out = document.getElementById("bulk-assign-count");
    if (!out) return;
    var seen = {};
    document.querySelectorAll('input[form="bulk-assign"][name="claims"]:checked').forEach(function (el) { seen[el.value] = true; });
    var n = Object.keys(seen).length;
    out.textContent = n ? n + (n === 1 ? " claim selected." : " claims selected.") : "";
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches('input[form="bulk-assign"][name="claims"]')) countPicked();
  });
  document.addEventListener("htmx:afterSettle", countPicked);
  document.addEventListener("DOMContentLoaded", countPicked);
})();
