// Search as you type on the approve step: asks the admin's JSON endpoint for
// the program committee's agenda items matching the search box and puts them
// in the agenda item select. Without script the search box is a plain form
// that reloads the page with the matching items.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
    const input = document.getElementById("agenda-item-search");
    const select = document.getElementById("id_agenda_item");
    const status = document.getElementById("agenda-item-search-status");
    if (!input || !select || !status) {
        return;
    }
    let timer = null;
    let latest = 0;
    const search = async () => {
        const asked = ++latest;
        const url = new URL(input.dataset.url, window.location.href);
        url.searchParams.set("sok", input.value);
        const response = await fetch(url, {headers: {Accept: "application/json"}, credentials: "same-origin"});
        if (!response.ok || asked !== latest) {
            return;
        }
        const data = await response.json();
        const chosen = select.selectedIndex > 0 ? select.options[select.selectedIndex] : null;
        select.replaceChildren(select.options[0]);
        for (const result of data.results) {
            const isChosen = chosen !== null && String(result.id) === chosen.value;
            select.add(new Option(result.label, result.id, isChosen, isChosen));
        }
        // A choice made before searching on stays chosen.
        if (chosen !== null && select.value !== chosen.value) {
            select.add(chosen, 1);
            chosen.selected = true;
        }
        status.textContent = data.status;
    };
    input.addEventListener("input", () => {
        window.clearTimeout(timer);
        timer = window.setTimeout(search, 200);
    });
    input.form.addEventListener("submit", (event) => {
        event.preventDefault();
        window.clearTimeout(timer);
        search();
    });
    // What was typed before the script ran has had no answer yet.
    if (input.value !== input.defaultValue) {
        search();
    }
});
