/* fgdj — the enterprise form's community select shows only the communities of the chosen street.
 * Without this file the select lists every street's communities in groups, and the server checks
 * that the community belongs to the street. */
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
			var mine = groups[i].label === street.value;
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
