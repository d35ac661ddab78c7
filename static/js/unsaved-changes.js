// Warns before leaving an admin change form whose edits are not saved yet
// (closing the tab, following a link, going back). Saving clears the warning.
"use strict";
{
    const form = document.querySelector("#content-main form[method='post']");
    if (form) {
        let unsaved = false;
        const markUnsaved = () => { unsaved = true; };
        form.addEventListener("input", markUnsaved);
        form.addEventListener("change", markUnsaved);
        form.addEventListener("submit", () => { unsaved = false; });
        window.addEventListener("beforeunload", (event) => {
            if (unsaved) {
                event.preventDefault();
                event.returnValue = "";
            }
        });
    }
}
