// Factcheck workspace behaviour. Everything here is an enhancement: links and forms work without it.
(function () {
  "use strict";

  // j / k move to the next / previous claim in the workspace list; Enter follows the focused link.
  document.addEventListener("keydown", function (event) {
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
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

  // Keep the highlight of the open claim in step with the panel, and the list's current item.
  function markSelected(id) {
    document.querySelectorAll(".hl.is-selected").forEach(function (el) { el.classList.remove("is-selected"); });
    document.querySelectorAll('.hl[data-claim="' + id + '"]').forEach(function (el) { el.classList.add("is-selected"); });
    document.querySelectorAll("#claim-list a[aria-current]").forEach(function (el) { el.removeAttribute("aria-current"); });
    var item = document.querySelector('#claim-list a[data-claim="' + id + '"]');
    if (item) item.setAttribute("aria-current", "true");
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var panel = document.getElementById("claim-panel");
    if (panel && panel.dataset.claim && event.detail.target && event.detail.target.id === "claim-panel") {
      markSelected(panel.dataset.claim);
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    var panel = document.getElementById("claim-panel");
    if (panel && panel.dataset.claim) markSelected(panel.dataset.claim);
  });

  // After an action changed a claim, refresh the article's highlights and the claim list in place.
  document.body && document.body.addEventListener("claim-changed", function () {
    if (!document.getElementById("article-text") || !window.htmx) return;
    htmx.ajax("GET", window.location.href, { target: "#article-text", select: "#article-text", swap: "outerHTML" });
    htmx.ajax("GET", window.location.href, { target: "#claim-list", select: "#claim-list", swap: "outerHTML" });
  });

  // Editors: selecting text in the article fills in the "create a claim" form with exact offsets.
  function offsetOf(node, offset) {
    var el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    var seg = el && el.closest("[data-start]");
    if (!seg) return null;
    if (node.nodeType !== Node.TEXT_NODE) {
      return parseInt(seg.dataset.start, 10) + (offset > 0 ? seg.textContent.length : 0);
    }
    return parseInt(seg.dataset.start, 10) + offset;
  }
  document.addEventListener("mouseup", function () {
    var text = document.getElementById("article-text");
    var details = document.getElementById("create-claim");
    if (!text || !details || !text.dataset.canEdit) return;
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return;
    var range = sel.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return;
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return;
    details.open = true;
    details.querySelector('input[name="start"]').value = start;
    details.querySelector('input[name="end"]').value = end;
    details.querySelector(".selection-preview").textContent = sel.toString();
  });
})();
