// Progressive enhancement only: every page works without this script.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // The Kakao sign-in comes back with our token in the fragment: hand it to the server.
  const tokenForm = document.querySelector("form[data-token-form]");
  if (tokenForm) {
    const fragment = new URLSearchParams(location.hash.slice(1));
    history.replaceState(null, "", location.pathname);
    if (fragment.get("access_token")) {
      tokenForm.elements.access_token.value = fragment.get("access_token");
      tokenForm.elements.expires_in.value = fragment.get("expires_in") || "";
      tokenForm.submit();
    }
  }
  // A date picker that shows its day as soon as it changes.
  document.querySelectorAll("input[data-autosubmit]").forEach((input) => {
    input.addEventListener("change", () => input.form.submit());
  });
  // Distances from where the visitor is.
  document.querySelectorAll("button[data-locate]").forEach((button) => {
    button.addEventListener("click", () => {
      navigator.geolocation?.getCurrentPosition((p) => {
        const form = button.form;
        form.elements.lat.value = p.coords.latitude.toFixed(5);
        form.elements.lng.value = p.coords.longitude.toFixed(5);
        if (!form.elements.radius_km.value) form.elements.radius_km.value = "3";
      });
    });
  });
  // Similar spaces come from their own page once this one is shown; the link stays if not.
  document.querySelectorAll("[data-similar]").forEach(async (section) => {
    try {
      const response = await fetch(section.dataset.similar, { credentials: "same-origin" });
      if (!response.ok) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const list = page.querySelector("#similar");
      if (list && list.children.length) {
        section.querySelector("[data-similar-link]").replaceWith(document.adoptNode(list));
      } else {
        section.hidden = true;
      }
    } catch (_) {
      // The link to the page stays.
    }
  });
  // A form posts once: a second click while it is on its way does nothing.
  document.querySelectorAll("form[method=post]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (form.dataset.sent) {
        event.preventDefault();
        return;
      }
      form.dataset.sent = "1";
    });
  });
});
