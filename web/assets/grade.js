// Shows the accident grade live as the handler types (POST /api/v1/accidents/grade).
(function () {
  var form = document.getElementById("accident-form");
  var out = document.getElementById("grade-live");
  if (!form || !out) return;
  function value(name) { var el = form.elements[name]; return el && el.value !== "" ? Number(el.value) : 0; }
  function update() {
    fetch("/api/v1/accidents/grade", {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify({deaths: value("deaths"), serious_injuries: value("serious_injuries"), direct_loss_cny: value("direct_loss_cny")})
    }).then(function (r) { return r.json().then(function (body) { return {ok: r.ok, body: body}; }); })
      .then(function (res) {
        out.textContent = res.ok ? "事故等级：" + res.body.grade + "事故，由" + res.body.investigating_level_label + "负责调查" : res.body.message;
        out.className = "grade-live " + (res.ok ? "" : "err");
      });
  }
  ["deaths", "serious_injuries", "direct_loss_cny"].forEach(function (name) {
    var el = form.elements[name]; if (el) el.addEventListener("input", update);
  });
})();
