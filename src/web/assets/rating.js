/* fgdj — the scoring form's live total and stars (/ratings/new). A preview only: the server
 * computes both again on save and is the truth; the form works without this file. The star
 * thresholds come from the form's data-star2…5 (the settings in force). */
(function () {
	"use strict";
	var form = document.querySelector("form[data-rating]");
	if (!form) {
		return;
	}
	var min = [0, 0, +form.getAttribute("data-star2"), +form.getAttribute("data-star3"),
		+form.getAttribute("data-star4"), +form.getAttribute("data-star5")];
	var totalOut = form.querySelector("[data-total]");
	var starsOut = form.querySelector("[data-stars]");
	var veto = form.querySelector("[data-veto]");
	var reason = form.querySelector("input[name=veto]");
	function update() {
		var tenths = 0;
		form.querySelectorAll("[data-score]").forEach(function (el) {
			var v = parseFloat(el.value);
			if (!isNaN(v) && v >= 0) {
				tenths += Math.round(v * 10);
			}
		});
		totalOut.textContent = (tenths % 10 ? (tenths / 10).toFixed(1) : String(tenths / 10));
		starsOut.textContent = "";
		var span = document.createElement("span");
		if (veto.checked || reason.value.trim() !== "") {
			span.className = "veto";
			span.textContent = "否决（无星级）";
		} else {
			var stars = 1;
			for (var k = 5; k >= 2; k--) {
				if (tenths >= min[k] * 10) {
					stars = k;
					break;
				}
			}
			span.className = "stars";
			span.setAttribute("role", "img");
			span.setAttribute("aria-label", stars + " 星");
			span.textContent = "★★★★★".slice(0, stars);
		}
		starsOut.appendChild(span);
	}
	form.addEventListener("input", update);
	form.addEventListener("change", update);
})();
