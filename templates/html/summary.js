// Sorting by any column (click its name) and the three filters; without script the table is complete.
(function () {
  "use strict";
  var table = document.getElementById("summary");
  var body = table.tBodies[0];
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var status = document.getElementById("shown");
  heads.forEach(function (head, index) {
    head.querySelector("button").addEventListener("click", function () {
      var direction = head.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
      heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
      head.setAttribute("aria-sort", direction);
      var numeric = head.getAttribute("data-numeric") === "1";
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[index].getAttribute("data-sort"), y = b.cells[index].getAttribute("data-sort");
        var order;
        if (numeric) {
          order = (x === "" ? -Infinity : parseFloat(x)) - (y === "" ? -Infinity : parseFloat(y));
          if (isNaN(order)) { order = 0; }
        } else {
          order = x.localeCompare(y, "zh-CN");
        }
        return direction === "ascending" ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  var boxes = Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
  function filter() {
    var wanted = boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.getAttribute("data-filter"); });
    var shown = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var keep = wanted.every(function (name) { return row.getAttribute("data-" + name) === "1"; });
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    status.textContent = wanted.length ? "显示 " + shown + " 行，共 " + body.rows.length + " 行。" : "显示全部 " + body.rows.length + " 行。";
  }
  boxes.forEach(function (box) { box.addEventListener("change", filter); });
}());
