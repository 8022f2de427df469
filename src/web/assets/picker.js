/* fgdj — the pickers of the ledger forms: an input[role=combobox][data-ref] searches the ledger it
 * names through /api/v1/<ref>?q= (the server answers inside the user's scope) and offers name and
 * code in its listbox (ARIA 1.2 combobox: ↓/↑ move, Enter picks, Escape closes). A list input
 * (data-list) picks into its last item. Without this file the input is a plain text field: codes
 * and names typed by hand are checked by the server as before. */
(function () {
	"use strict";
	var SEP = /[;；、,，]\s*/;

	function lastItem(input) {
		if (!input.hasAttribute("data-list")) {
			return input.value.trim();
		}
		var parts = input.value.split(SEP);
		return parts[parts.length - 1].trim();
	}

	function setup(input) {
		var box = document.getElementById(input.getAttribute("aria-controls"));
		var ref = input.getAttribute("data-ref");
		var items = [];
		var active = -1;
		var timer = null;
		var seq = 0;

		function close() {
			box.hidden = true;
			input.setAttribute("aria-expanded", "false");
			input.removeAttribute("aria-activedescendant");
			active = -1;
		}

		function mark(i) {
			var opts = box.children;
			for (var k = 0; k < opts.length; k++) {
				opts[k].setAttribute("aria-selected", k === i ? "true" : "false");
			}
			active = i;
			if (i >= 0) {
				input.setAttribute("aria-activedescendant", opts[i].id);
				opts[i].scrollIntoView({block: "nearest"});
			} else {
				input.removeAttribute("aria-activedescendant");
			}
		}

		function pick(i) {
			var v = items[i].value;
			if (input.hasAttribute("data-list")) {
				var parts = input.value.split(SEP);
				parts[parts.length - 1] = v;
				input.value = parts.filter(function (p) { return p.trim() !== ""; }).join("；") + "；";
			} else {
				input.value = v;
			}
			close();
			input.focus();
		}

		function show(list) {
			items = list;
			box.textContent = "";
			if (!list.length) {
				close();
				return;
			}
			list.forEach(function (it, i) {
				var o = document.createElement("span");
				o.id = box.id + "-" + i;
				o.setAttribute("role", "option");
				o.setAttribute("aria-selected", "false");
				o.appendChild(document.createTextNode(it.name));
				if (it.code) {
					var c = document.createElement("span");
					c.className = "code";
					c.textContent = it.code;
					o.appendChild(c);
				}
				o.addEventListener("mousedown", function (ev) {
					ev.preventDefault();
					pick(i);
				});
				box.appendChild(o);
			});
			box.hidden = false;
			input.setAttribute("aria-expanded", "true");
			active = -1;
		}

		function search() {
			var q = lastItem(input);
			if (!q) {
				close();
				return;
			}
			var mine = ++seq;
			fetch("/api/v1/" + ref + "?limit=10&q=" + encodeURIComponent(q), {credentials: "same-origin"})
				.then(function (r) { return r.ok ? r.json() : {items: []}; })
				.then(function (j) {
					if (mine !== seq) {
						return;
					}
					show((j.items || []).map(function (it) {
						return ref === "orgs"
							? {value: it.name, name: it.name, code: it.kind + (it.parent ? " · " + it.parent : "")}
							: {value: it.uscc, name: it.name, code: it.uscc};
					}));
				})
				.catch(close);
		}

		input.addEventListener("input", function () {
			clearTimeout(timer);
			timer = setTimeout(search, 200);
		});
		input.addEventListener("keydown", function (ev) {
			var n = box.hidden ? 0 : box.children.length;
			if (ev.key === "ArrowDown") {
				ev.preventDefault();
				if (!n) {
					search();
				} else {
					mark((active + 1) % n);
				}
			} else if (ev.key === "ArrowUp" && n) {
				ev.preventDefault();
				mark(active <= 0 ? n - 1 : active - 1);
			} else if (ev.key === "Enter" && n && active >= 0) {
				ev.preventDefault();
				pick(active);
			} else if (ev.key === "Escape" && n) {
				ev.preventDefault();
				close();
			}
		});
		input.addEventListener("blur", function () {
			setTimeout(close, 150);
		});
	}

	var inputs = document.querySelectorAll("input[role=combobox][data-ref]");
	for (var i = 0; i < inputs.length; i++) {
		setup(inputs[i]);
	}
})();
