// Sortable tables for the handbook: click (or press Enter on) a column heading to sort by it,
// again to reverse. Local and dependency-free, so the site still needs no internet; without
// JavaScript the tables simply stay in the order flaims wrote them (newest first).
(function () {
  "use strict";
  var SEVERITY = { low: 1, medium: 2, high: 3, critical: 4 };
  var STACK_FROM = 4; // columns: narrower tables fit a phone as they are

  function key(cell) {
    return (cell ? cell.textContent : "").trim();
  }

  function comparer(rows, column) {
    var values = rows.map(function (row) { return key(row.cells[column]); });
    var filled = values.filter(function (v) { return v !== ""; });
    var isSeverity = filled.length > 0 && filled.every(function (v) { return v.toLowerCase() in SEVERITY; });
    var isNumber = filled.length > 0 && filled.every(function (v) { return !isNaN(Number(v)); });
    return function (a, b) {
      var x = key(a.cells[column]), y = key(b.cells[column]);
      if (isSeverity) return (SEVERITY[x.toLowerCase()] || 0) - (SEVERITY[y.toLowerCase()] || 0);
      if (isNumber) return Number(x) - Number(y);
      return x.localeCompare(y);
    };
  }

  function sortBy(table, heading, column) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var ascending = heading.getAttribute("aria-sort") !== "ascending";
    var compare = comparer(rows, column);
    rows.sort(function (a, b) { return ascending ? compare(a, b) : compare(b, a); });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.removeAttribute("aria-sort");
    });
    heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  // Each cell learns its column's heading, so a phone can stack a wide table into one card per
  // row (flaims.css); without JavaScript the table scrolls instead.
  function label(table) {
    if (!table.tHead || !table.tBodies.length) return;
    var names = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) {
      return th.textContent.trim();
    });
    if (names.length < STACK_FROM) return;
    table.setAttribute("data-flaims-stack", "");
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      Array.prototype.forEach.call(row.cells, function (cell, i) {
        if (names[i]) cell.setAttribute("data-label", names[i]);
      });
    });
  }

  function enhance(table) {
    label(table);
    if (!table.tHead || !table.tBodies.length || table.tBodies[0].rows.length < 2) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      if (!th.textContent.trim()) return;
      th.classList.add("flaims-sortable");
      th.setAttribute("tabindex", "0");
      th.setAttribute("title", "Sort by " + th.textContent.trim());
      th.addEventListener("click", function () { sortBy(table, th, column); });
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sortBy(table, th, column);
        }
      });
    });
  }

  // The ladder matrix keeps the ladder's own order of competencies.
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset table:not(.flaims-matrix)"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
