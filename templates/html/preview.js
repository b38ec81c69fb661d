// reportgen preview: the findings' pins, and the page reloaded when the file is saved (or the reason it
// cannot be read shown above the last good page).
(function () {
  const pins = [];
  RG.findings.forEach(function (finding, index) {
    if (!finding.selector) return;
    const target = document.querySelector(finding.selector);
    if (!target) return;
    rgPin(target, finding, index).dataset.rgIndex = String(index);
    pins[index] = target;
  });
  document.querySelectorAll("#rg-findings li").forEach(function (item) {
    const target = pins[Number(item.dataset.rgIndex)];
    if (target) item.addEventListener("click", function () { target.scrollIntoView({block: "center"}); });
  });
  const banner = document.getElementById("rg-error");
  let busy = false;
  function poll() {
    if (busy) return;
    busy = true;
    fetch("/state.json", {cache: "no-store"}).then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.version !== RG.version) {
          if (state.error) {
            banner.textContent = state.error;
            banner.hidden = false;
            RG.version = state.version;
          } else {
            window.location.reload();
          }
        }
      })
      .catch(function () {})
      .finally(function () { busy = false; });
  }
  setInterval(poll, 300);
})();
