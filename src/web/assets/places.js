/* fgdj — a community select (select[data-street], in the enterprise and organisation forms and the
 * lists' filters) shows only the communities of the chosen street: an <optgroup> names its street
 * by data-value (the filters: the street's id) or by its label (the forms: the street's name).
 * Without this file the form's select lists every street's communities in groups and the server
 * checks that the community belongs to the street; a filter lists only the chosen street's
 * communities once the filter is applied. */
(function () {
	"use strict";
	var comm = document.querySelector("select[data-street]");
	var street = comm && document.getElementById(comm.getAttribute("data-street"));
	if (!street) {
		return;
	}
	function filter() {
		var groups = comm.getElementsByTagName("optgroup");
		for (var i = 0; i < groups.length; i++) {
			var v = groups[i].getAttribute("data-value") || groups[i].label;
			var mine = !street.value || v === street.value;
			groups[i].hidden = !mine;
			groups[i].disabled = !mine;
		}
		var sel = comm.options[comm.selectedIndex];
		if (sel && sel.parentNode.tagName === "OPTGROUP" && sel.parentNode.disabled) {
			comm.value = "";
		}
	}
	street.addEventListener("change", filter);
	filter();
})();
