/* fgdj — a select that follows another (select[data-street]: a community follows its street in the
 * enterprise and organisation forms and the lists' filters; in a city a street follows its
 * district) shows only the options of the chosen one: an <optgroup> names its place by data-value
 * (the filters: the place's id) or by its label (the forms: the place's name). Without this file
 * the form's select lists every group and the server checks that the pair belongs together; a
 * filter lists only the chosen street's communities once the filter is applied. */
(function () {
	"use strict";
	function follow(sel) {
		var up = document.getElementById(sel.getAttribute("data-street"));
		if (!up) {
			return;
		}
		function filter() {
			var groups = sel.getElementsByTagName("optgroup");
			for (var i = 0; i < groups.length; i++) {
				var v = groups[i].getAttribute("data-value") || groups[i].label;
				var mine = !up.value || v === up.value;
				groups[i].hidden = !mine;
				groups[i].disabled = !mine;
			}
			var cur = sel.options[sel.selectedIndex];
			if (cur && cur.parentNode.tagName === "OPTGROUP" && cur.parentNode.disabled) {
				sel.value = "";
				sel.dispatchEvent(new Event("change"));
			}
		}
		up.addEventListener("change", filter);
		filter();
	}
	var sels = document.querySelectorAll("select[data-street]");
	for (var i = 0; i < sels.length; i++) {
		follow(sels[i]);
	}
})();
