// Type-ahead for every enterprise select (name="enterprise_id"): type a name or the start of the
// unified social credit code; matches come from GET /api/v1/enterprises?q=, and choosing one
// selects it. The select stays the form's field, so the page works without this script.
(function () {
  var selects = document.querySelectorAll("select[name=enterprise_id]");
  Array.prototype.forEach.call(selects, function (select, n) {
    var box = document.createElement("span");
    box.className = "enterprise-picker";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "输入企业名称或统一社会信用代码查找";
    input.setAttribute("aria-label", "查找企业");
    input.setAttribute("list", "enterprise-matches-" + n);
    var list = document.createElement("datalist");
    list.id = "enterprise-matches-" + n;
    var hint = document.createElement("span");
    hint.className = "muted";
    box.appendChild(input);
    box.appendChild(list);
    box.appendChild(hint);
    select.parentNode.insertBefore(box, select);
    var found = {};
    var timer = null;
    function choose(value) {
      var match = found[value];
      if (!match) return false;
      var option = select.querySelector("option[value='" + match.id + "']");
      if (!option) {
        option = document.createElement("option");
        option.value = String(match.id);
        option.textContent = match.name;
        select.appendChild(option);
      }
      select.value = String(match.id);
      select.dispatchEvent(new Event("change", {bubbles: true}));
      hint.textContent = "已选择：" + match.name + "（" + match.credit_code + "）";
      return true;
    }
    input.addEventListener("input", function () {
      if (choose(input.value)) return;
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { hint.textContent = ""; return; }
      timer = setTimeout(function () {
        fetch("/api/v1/enterprises?q=" + encodeURIComponent(q), {credentials: "same-origin"})
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (rows) {
            list.innerHTML = "";
            found = {};
            rows.forEach(function (e) {
              var label = e.name + "（" + e.credit_code + "）";
              found[label] = e;
              var option = document.createElement("option");
              option.value = label;
              list.appendChild(option);
            });
            if (rows.length === 1 && rows[0].credit_code === q.toUpperCase()) { choose(rows[0].name + "（" + rows[0].credit_code + "）"); return; }
            hint.textContent = rows.length ? "找到" + rows.length + "家，请从列表中选择" : "本辖区没有找到该企业，可在“登记企业”中登记";
          });
      }, 200);
    });
  });
})();
