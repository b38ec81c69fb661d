// reportgen edit: every change is sent to the server, which writes it into the agency file, checks the
// file again and answers with the findings; the page shows them without reloading. A write names the
// file's version it is based on: if the file changed elsewhere, it is refused and the page reloads.
(function () {
  "use strict";
  const state = JSON.parse(document.getElementById("rg-edit-state").textContent);
  const RG = window.RG = {version: state.version, polling: true};
  const statusLine = document.getElementById("rg-status");
  const alertBox = document.getElementById("rg-alert");
  const summary = document.getElementById("rg-summary");
  const list = document.getElementById("rg-findings");
  const DEBOUNCE_MS = 400;
  const pending = new Map();  // field element → its value, waiting to be sent
  let timer = null, inFlight = false, writes = 0;

  function say(text, bad) {
    statusLine.textContent = text;
    statusLine.classList.toggle("rg-bad", Boolean(bad));
  }

  function showFindings(findings) {
    document.querySelectorAll(".rg-pin").forEach(function (pin) { pin.remove(); });
    document.querySelectorAll(".rg-flag-error, .rg-flag-warning").forEach(function (element) {
      element.classList.remove("rg-flag-error", "rg-flag-warning");
    });
    list.textContent = "";
    let errors = 0;
    findings.forEach(function (finding, index) {
      if (finding.severity === "error") errors += 1;
      const item = document.createElement("li");
      item.className = "rg-finding rg-" + finding.severity;
      const badge = document.createElement("span");
      badge.className = "rg-badge";
      badge.textContent = finding.label + " " + finding.rule;
      item.appendChild(badge);
      item.appendChild(document.createTextNode(" "));
      const place = [finding.line ? "第 " + finding.line + " 行" : "", finding.where || ""].filter(Boolean).join(" · ");
      if (place) {
        const where = document.createElement("span");
        where.className = "rg-place";
        where.textContent = place + " ";
        item.appendChild(where);
      }
      item.appendChild(document.createTextNode(finding.message));
      list.appendChild(item);
      const target = finding.selector ? document.querySelector(finding.selector) : null;
      if (!target) return;
      rgPin(target, finding, index);  // findings.js
      item.addEventListener("click", function () {
        target.scrollIntoView({block: "center"});
        const input = target.querySelector(".rg-input");
        if (input) input.focus();
      });
    });
    summary.textContent = findings.length ? errors + " 个错误，" + (findings.length - errors) + " 个警告" : "没有发现问题";
  }

  function showDerived(derived) {  // totals not written in the file: computed again after each write
    Object.keys(derived).forEach(function (headers) {
      const cell = document.querySelector('td[headers="' + headers + '"]');
      if (cell && !cell.querySelector(".rg-input")) cell.textContent = derived[headers];
    });
  }

  function reloadWith(message) {
    try { sessionStorage.setItem("rg-edit-message", message); } catch (e) { /* private mode */ }
    window.location.reload();
  }

  function label(input) {
    if (input.labels && input.labels.length) return input.labels[0].textContent;
    const ids = (input.getAttribute("aria-labelledby") || "").split(" ");
    return ids.map(function (id) { const h = document.getElementById(id); return h ? h.textContent.trim() : ""; })
      .filter(Boolean).join(" · ");
  }

  // What a number cell can hold: a whole number (本年增/减 may be negative), or 万元 with up to four decimals.
  const FORMS = {
    count: [/^[0-9]+$/, "只能填写半角数字（整数），如 12"],
    signed_count: [/^[+-]?[0-9]+$/, "只能填写半角数字（整数，减少时前加“-”），如 -2"],
    money: [/^[0-9]+(\.[0-9]{1,4})?$/, "只能填写半角数字（万元，最多4位小数），如 1.25"],
  };

  function checkCell(input) {
    const form = FORMS[input.dataset.rgKind];
    if (!form) return true;
    const value = input.value.trim();
    const ok = form[0].test(value);
    input.setAttribute("aria-invalid", ok ? "false" : "true");
    if (!ok) {
      const shown = value ? "“" + value + "”" : "空白";
      say("“" + label(input) + "”" + form[1] + "；" + shown + "已按原样写入文件，见校验结果。", true);
    }
    return ok;
  }

  function send() {
    timer = null;
    if (inFlight || pending.size === 0) return;
    const [input, value] = pending.entries().next().value;
    pending.delete(input);
    inFlight = true;
    writes += 1;
    input.classList.add("rg-saving");
    fetch("/edit", {
      method: "POST", cache: "no-store",
      headers: {"Content-Type": "application/json", "X-Reportgen-Token": state.token},
      body: JSON.stringify({version: RG.version, path: JSON.parse(input.dataset.rgPath), key: input.dataset.rgKey === "1", value: value}),
    }).then(function (response) {
      return response.json().then(function (body) { return [response.status, body]; });
    }).then(function ([status, body]) {
      if (status === 200) {
        RG.version = body.version;
        if (body.reload) { window.location.reload(); return; }
        showDerived(body.derived);
        showFindings(body.findings);
        document.querySelectorAll(".rg-draft").forEach(function (mark) { mark.hidden = !body.draft; });
        const valid = input.classList.contains("rg-cell") ? checkCell(input) : true;
        if (valid) say("已保存：" + label(input));
      } else if (status === 409) {  // what was typed is named, so it can be typed again after the reload
        reloadWith(body.error + "\n没有写入的修改：" + label(input) + "：“" + value + "”");
      } else {
        alertBox.textContent = body.error || ("没有写入（" + status + "）。");
        alertBox.hidden = false;
        input.setAttribute("aria-invalid", "true");
      }
    }).catch(function () {
      say("无法连接 reportgen edit：它可能已经停止。这次修改没有写入。", true);
    }).finally(function () {
      input.classList.remove("rg-saving");
      inFlight = false;
      if (pending.size) send();
    });
  }

  function queue(input, now) {
    pending.delete(input);
    pending.set(input, input.value);
    alertBox.hidden = true;
    if (timer) clearTimeout(timer);
    timer = now ? null : setTimeout(send, DEBOUNCE_MS);
    if (now) send();
  }

  const inputs = Array.prototype.slice.call(document.querySelectorAll("[data-rg-path]"));
  inputs.forEach(function (input) {
    input.addEventListener("input", function () {
      input.classList.toggle("rg-todo", input.value.indexOf("【待填写】") >= 0);
      if (input.tagName === "TEXTAREA") input.rows = Math.min(Math.max(input.value.split("\n").length + 1, 3), 30);
      queue(input, false);
    });
    input.addEventListener("change", function () { if (pending.has(input)) queue(input, true); });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || !input.classList.contains("rg-cell") || event.isComposing) return;
      event.preventDefault();
      const column = inputs.filter(function (other) {
        return other.classList.contains("rg-cell") && other.dataset.rgTable === input.dataset.rgTable
          && other.dataset.rgCol === input.dataset.rgCol;
      });
      const next = column[column.indexOf(input) + (event.shiftKey ? -1 : 1)];
      if (pending.has(input)) queue(input, true);
      if (next) { next.focus(); next.select(); }
    });
  });

  // Another editor or a text editor saved the file: load it as it is now (unless a write is on its way).
  function poll() {
    if (!RG.polling || inFlight || pending.size) return;
    const before = writes;
    fetch("/version.json", {cache: "no-store"}).then(function (response) { return response.json(); })
      .then(function (body) {
        if (writes === before && !inFlight && !pending.size && body.version && body.version !== RG.version) {
          reloadWith("文件已在别处修改（另一个编辑页面或文本编辑器），页面已载入最新内容。");
        }
      }).catch(function () {});
  }
  setInterval(poll, 1000);

  showFindings(state.findings);
  let message = null;
  try { message = sessionStorage.getItem("rg-edit-message"); sessionStorage.removeItem("rg-edit-message"); } catch (e) { /* */ }
  if (message) { alertBox.textContent = message; alertBox.hidden = false; }
})();
