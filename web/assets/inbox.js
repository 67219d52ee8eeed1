// 待办: the header box ticks or clears every task that can be claimed (批量签收).
document.addEventListener("DOMContentLoaded", () => {
  const all = document.getElementById("select-all");
  if (!all) return;
  all.hidden = false;
  all.addEventListener("change", () => {
    document.querySelectorAll("input[name=task_id]").forEach((box) => { box.checked = all.checked; });
  });
});
