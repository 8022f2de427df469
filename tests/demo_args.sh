# Sourced by tests/lib.sh (fgdj_demo) and by tests/lib_pg.sh's wrapper: both cache the district demo.
# demo_args ARG...: of `fgdj [demo] ARG...`, sets d_seed, d_db and d_exp (the values of --seed, --db and
# --export) and d_plain: 1 when the arguments are those and `--scale district` only, the seed a number
# — the demo a cache may stand for — else empty.
demo_args() {
	d_seed= d_db= d_exp= d_prev= d_plain=1
	for a in "$@"; do
		case $d_prev in
		--seed) d_seed=$a ;;
		--db) d_db=$a ;;
		--export) d_exp=$a ;;
		--scale) [ "$a" = district ] || d_plain= ;;
		*) case $a in demo | --seed | --db | --scale | --export) ;; *) d_plain= ;; esac ;;
		esac
		d_prev=$a
	done
	case $d_seed in '' | *[!0-9]*) d_plain= ;; esac # a seed the demo refuses goes to it as it is
}
