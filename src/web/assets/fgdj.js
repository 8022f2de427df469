/* fgdj — small progressive enhancements. Every page works without this file.
 * - A form or button with data-confirm="…" asks before submitting (deletions).
 * - A form submits only once (the button is disabled while the next page loads). */
(function () {
	"use strict";
	document.addEventListener("submit", function (ev) {
		var form = ev.target;
		var btn = ev.submitter || form.querySelector("button[type=submit]");
		var ask = (btn && btn.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
		if (ask && !window.confirm(ask)) {
			ev.preventDefault();
			return;
		}
		if (form.getAttribute("data-submitted")) {
			ev.preventDefault();
			return;
		}
		form.setAttribute("data-submitted", "1");
		if (btn) {
			window.setTimeout(function () { btn.disabled = true; }, 0);
		}
	});
})();
