// The flame graph's inline script: zoom on click, search, details under the pointer. It only
// moves what the SVG already draws, so the picture is complete without it. Written for this
// file's markup: <g class="frame" data-name data-start data-samples data-depth> holding a
// <title>, a <rect> and a <text>; ids "details", "matched", "search", "reset".
#pragma once

namespace wasmprof::profile {

inline constexpr const char* kFlamegraphScript = R"JS(
(function () {
  "use strict";
  var svg = document.documentElement;
  var frames = Array.prototype.slice.call(document.querySelectorAll("g.frame"));
  var side = +svg.getAttribute("data-side"), width = +svg.getAttribute("width") - 2 * side;
  var total = +svg.getAttribute("data-total"), charWidth = +svg.getAttribute("data-char-width");
  var details = document.getElementById("details"), matched = document.getElementById("matched");
  var resetButton = document.getElementById("reset"), searchButton = document.getElementById("search");
  var term = null;

  function numbers(f) {
    return { start: +f.getAttribute("data-start"), samples: +f.getAttribute("data-samples"),
             depth: +f.getAttribute("data-depth") };
  }
  function percent(samples) { return (100 * samples / total).toFixed(2) + "%"; }
  function fitText(f, x, w) {
    var text = f.querySelector("text"), name = f.getAttribute("data-name");
    var room = Math.floor((w - 6) / charWidth);
    var chars = Array.from(name);
    text.setAttribute("x", (x + 3).toFixed(2));
    if (room < 3) text.textContent = "";
    else if (chars.length <= room) text.textContent = name;
    else text.textContent = chars.slice(0, room - 2).join("") + "..";
  }
  function place(f, x, w, faded) {
    var rect = f.querySelector("rect");
    rect.setAttribute("x", x.toFixed(2));
    rect.setAttribute("width", w.toFixed(2));
    f.style.display = "";
    f.style.opacity = faded ? "0.5" : "";
    fitText(f, x, w);
  }
  function zoom(target) {
    var z = numbers(target);
    frames.forEach(function (f) {
      var n = numbers(f);
      if (n.depth < z.depth) {
        if (n.start <= z.start && n.start + n.samples >= z.start + z.samples) place(f, side, width, true);
        else f.style.display = "none";
      } else if (n.start >= z.start && n.start + n.samples <= z.start + z.samples) {
        var w = n.samples / z.samples * width;
        if (w < 0.1) f.style.display = "none";
        else place(f, side + (n.start - z.start) / z.samples * width, w, false);
      } else {
        f.style.display = "none";
      }
    });
    resetButton.style.opacity = z.depth > 0 ? "1" : "0";
  }
  function search(newTerm) {
    term = newTerm && newTerm.length ? newTerm.toLowerCase() : null;
    var hits = [];
    frames.forEach(function (f) {
      var rect = f.querySelector("rect");
      if (!rect.hasAttribute("data-fill")) rect.setAttribute("data-fill", rect.getAttribute("fill"));
      var hit = term !== null && f.getAttribute("data-name").toLowerCase().indexOf(term) >= 0;
      rect.setAttribute("fill", hit ? "rgb(230,0,230)" : rect.getAttribute("data-fill"));
      if (hit) hits.push(numbers(f));
    });
    // Matches are nested or disjoint on the sample axis: count each outermost match once.
    hits.sort(function (a, b) { return a.start - b.start || b.samples - a.samples; });
    var covered = 0, end = -1;
    hits.forEach(function (h) {
      if (h.start >= end) { covered += h.samples; end = h.start + h.samples; }
    });
    matched.textContent = term === null ? "" : "Matched: " + percent(covered) + " (" + covered + " samples)";
    searchButton.textContent = term === null ? "Search" : "Reset search";
  }
  function askSearch() {
    if (term !== null) { search(null); return; }
    var answer = window.prompt("Highlight functions whose name contains:", "");
    if (answer !== null) search(answer);
  }

  frames.forEach(function (f) {
    f.addEventListener("click", function () { zoom(f); });
    f.addEventListener("mouseover", function () {
      var n = numbers(f);
      details.textContent = f.getAttribute("data-name") + " (" + n.samples + " samples, " + percent(n.samples) + ")";
    });
    f.addEventListener("mouseout", function () { details.textContent = " "; });
  });
  resetButton.addEventListener("click", function () { zoom(frames[0]); });
  searchButton.addEventListener("click", askSearch);
  window.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && (e.key === "f" || e.key === "F")) { e.preventDefault(); askSearch(); }
    else if (e.key === "Escape") { search(null); zoom(frames[0]); }
  });
  resetButton.style.opacity = "0";
  resetButton.style.cursor = searchButton.style.cursor = "pointer";
})();
)JS";

}  // namespace wasmprof::profile
