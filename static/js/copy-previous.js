// "Start from last year's text" on the follow-up's change page: copies last
// year's narrative into the goal's text box. Text already typed is replaced
// only after a confirmation, so nothing an official wrote is lost unasked.
// Without script the buttons stay hidden and last year's text is there to copy.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
    for (const button of document.querySelectorAll("button.copy-previous")) {
        const source = document.getElementById(button.dataset.source);
        const target = document.getElementById(button.dataset.target);
        if (!source || !target) {
            continue;
        }
        button.hidden = false;
        button.addEventListener("click", () => {
            const text = source.content.textContent.trim();
            if (target.value.trim() && target.value.trim() !== text && !window.confirm(button.dataset.confirm)) {
                return;
            }
            target.value = text;
            target.dispatchEvent(new Event("input", {bubbles: true}));
            target.focus();
        });
    }
});
