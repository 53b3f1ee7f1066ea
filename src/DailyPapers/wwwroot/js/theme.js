// Loaded in <head> without defer: applies a saved theme before the first paint, so there is no flash.
(function () {
  try {
    var saved = localStorage.getItem("theme");
    if (saved === "dark" || saved === "light") document.documentElement.setAttribute("data-theme", saved);
  } catch (e) {
    // Storage can be blocked (privacy modes): the OS preference still applies.
  }
})();
