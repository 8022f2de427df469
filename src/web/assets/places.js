/* fgdj — a community select (select[data-street], in the enterprise and organisation forms and the
 * lists' filters) shows only the communities of the chosen street: its <optgroup>s carry the street's
 * value in data-value. Without this file the form's select lists every street's communities in
 * groups and the server checks that the community belongs to the street; a filter lists only the
 * chosen street's communities once the filter is applied. */
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
			var mine = !street.value || groups[i].getAttribute("data-value") === street.value;
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
