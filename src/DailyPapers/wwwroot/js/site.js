// The theme toggle. Without JavaScript the button stays hidden and the OS preference decides.
(function () {
  var button = document.getElementById("theme-toggle");
  if (!button) return;
  var root = document.documentElement;
  var prefersDark = window.matchMedia("(prefers-color-scheme: dark)");

  function current() {
    var chosen = root.getAttribute("data-theme");
    if (chosen === "dark" || chosen === "light") return chosen;
    return prefersDark.matches ? "dark" : "light";
  }

  function label() {
    var next = current() === "dark" ? "light" : "dark";
    button.setAttribute("aria-label", "Switch to " + next + " theme");
    button.setAttribute("title", "Switch to " + next + " theme");
  }

  button.addEventListener("click", function () {
    var next = current() === "dark" ? "light" : "dark";
    root.setAttribute("data-theme", next);
    try { localStorage.setItem("theme", next); } catch (e) { /* not saved: fine for this visit */ }
    label();
  });
  prefersDark.addEventListener("change", label);
  label();
  button.hidden = false;
})();

// Vote buttons: the form posts without JavaScript; with it, the same form goes by fetch and the button updates in
// place.
(function () {
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-vote")) return;
    event.preventDefault();
    var button = form.querySelector("button");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (response.status === 401) {
          window.location.href = "/account/sign-in?ReturnUrl=" + encodeURIComponent(location.pathname);
          return null;
        }
        if (!response.ok) { form.submit(); return null; }
        return response.json();
      })
      .then(function (state) {
        if (!state) return;
        form.querySelector("input[name=upvote]").value = state.upvoted ? "false" : "true";
        form.querySelector(".vote-count").textContent = String(state.upvotes);
        button.setAttribute("aria-pressed", state.upvoted ? "true" : "false");
        button.title = state.upvoted ? "Remove your upvote" : "Upvote";
      })
      .catch(function () { form.submit(); })
      .finally(function () { button.disabled = false; });
  });
})();
