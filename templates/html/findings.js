// reportgen preview and edit: a finding flagged on the cell or paragraph it concerns, with its number.
function rgPin(target, finding, index) {
  "use strict";
  target.classList.add(finding.severity === "error" ? "rg-flag-error" : "rg-flag-warning");
  const pin = document.createElement("span");
  pin.className = "rg-pin rg-" + finding.severity;
  pin.textContent = String(index + 1);
  pin.title = finding.label + " [" + finding.rule + "] " + (finding.where ? finding.where + "：" : "") + finding.message;
  target.appendChild(pin);
  return pin;
}
