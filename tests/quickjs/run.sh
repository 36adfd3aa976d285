#!/usr/bin/env bash
# Runs QuickJS's own tests (from its pinned source package) inside the
# kernel, each as CommonJS (a .cjs entry), with the two globals the
# tests expect from qjs: std.gc() and os.setTimeout. Usage: run.sh WORKDIR
set -uo pipefail
cd "$(dirname "$0")/../.."
src=build/deps/quickjs-2025.04.26/tests
work=$1
mkdir -p "$work"
# test_std.js, test_worker.js, test_bjson.js and test_cyclic_import.js need
# qjs's std/os/bjson modules or workers, which rtjs does not provide.
for t in test_language test_builtin test_closure test_loop test_bigint; do
	dir="$work/$t"
	mkdir -p "$dir"
	prelude='var std = { gc: function () { isolate.gc(); } }; var os = { setTimeout: setTimeout, platform: "rtjs" };'
	# The prelude goes after a "use strict" directive, which must stay first.
	if head -1 "$src/$t.js" | grep -q '"use strict"'; then
		{ head -1 "$src/$t.js"; echo "$prelude"; tail -n +2 "$src/$t.js"; } > "$dir/index.cjs"
	else
		{ echo "$prelude"; cat "$src/$t.js"; } > "$dir/index.cjs"
	fi
	echo 'console.log("QJS-TEST-DONE");' >> "$dir/index.cjs"
	bin/rtjs run "$dir/index.cjs" --timeout 300 >"$dir/log" 2>&1
	rc=$?
	if [ $rc = 0 ] && grep -q QJS-TEST-DONE "$dir/log"; then
		echo "PASS quickjs/$t"
	else
		echo "FAIL quickjs/$t: exit $rc: $(tail -6 "$dir/log" | tr '\n' '|')"
	fi
done
