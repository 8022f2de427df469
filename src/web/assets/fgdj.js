/* fgdj — small progressive enhancements. Every page works without this file.
 * - A form or button with data-confirm="…" asks before submitting (deletions).
 * - A form submits only once (the button is disabled while the next page loads).
 * - On a phone the menu folds behind the 菜单 button (aria-expanded says whether it is open).
 * - Each cell of a list table is labelled with its column's header (data-label), which the
 *   stylesheet shows when a narrow screen turns the rows into cards.
 * - A button with data-print (the print view of a list) opens the browser's print dialog; it is
 *   hidden until this file shows it, since without scripts it could do nothing. */
(function () {
	"use strict";
	document.documentElement.classList.add("js");
	function ready() {
		var toggle = document.querySelector(".menu-toggle");
		if (toggle) {
			toggle.addEventListener("click", function () {
				var open = toggle.getAttribute("aria-expanded") === "true";
				toggle.setAttribute("aria-expanded", open ? "false" : "true");
			});
		}
		var prints = document.querySelectorAll("button[data-print]");
		for (var p = 0; p < prints.length; p++) {
			prints[p].hidden = false;
			prints[p].addEventListener("click", function () {
				window.print();
			});
		}
		var tables = document.querySelectorAll("main table");
		for (var t = 0; t < tables.length; t++) {
			var table = tables[t];
			var head = table.tHead && table.tHead.rows.length ? table.tHead.rows[table.tHead.rows.length - 1] : null;
			if (!head || table.classList.contains("calendar")) {
				continue;
			}
			var labels = [];
			for (var h = 0; h < head.cells.length; h++) {
				var span = head.cells[h].colSpan || 1;
				for (var k = 0; k < span; k++) {
					labels.push(head.cells[h].textContent.trim());
				}
			}
			for (var b = 0; b < table.tBodies.length; b++) {
				var rows = table.tBodies[b].rows;
				for (var r = 0; r < rows.length; r++) {
					var col = 0;
					for (var c = 0; c < rows[r].cells.length; c++) {
						var cell = rows[r].cells[c];
						if ((cell.colSpan || 1) === 1 && labels[col]) {
							cell.setAttribute("data-label", labels[col]);
						}
						col += cell.colSpan || 1;
					}
				}
			}
			table.classList.add("stackable");
		}
	}
	if (document.readyState === "loading") {
		document.addEventListener("DOMContentLoaded", ready);
	} else {
		ready();
	}
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
