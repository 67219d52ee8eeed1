// A page that shows a state still being written (a case starting) reloads itself a few times (D14).
(function () {
  var marker = document.querySelector("[data-refresh-after]");
  var key = "refresh:" + location.pathname;
  if (!marker) { sessionStorage.removeItem(key); return; }
  var tries = Number(sessionStorage.getItem(key) || "0");
  if (tries >= 10) { marker.textContent = "流程仍在启动，请稍后手动刷新页面。"; return; }
  sessionStorage.setItem(key, String(tries + 1));
  setTimeout(function () { location.reload(); }, Number(marker.getAttribute("data-refresh-after")) || 1500);
})();
