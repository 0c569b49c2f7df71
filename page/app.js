// PLACEHOLDER (helper SERVER): the page helper's app.js replaces this file at merge.
"use strict";
fetch("/api/library").then((r) => r.json()).then((library) => {
  const select = document.getElementById("scenario");
  for (const s of library.scenarios) {
    const option = document.createElement("option");
    option.value = s.name;
    option.textContent = s.title || s.name;
    select.appendChild(option);
  }
});
