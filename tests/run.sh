#!/usr/bin/env bash
# The test runner: host unit tests, JS tests booted in the kernel (on
# microvm and q35), QuickJS's own tests, bad-input tests and the GRUB ISO.
# Every test prints one line "PASS name" or "FAIL name: why"; the run ends
# with "N passed, N failed". Usage: tests/run.sh [host|kernel|quickjs|bad|iso]...
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD:-build}
RTJS="$ROOT/bin/rtjs"
OUT=$(mktemp -d "${TMPDIR:-/tmp}/rtjs-test.XXXXXX")
trap 'rm -rf "$OUT"' EXIT
passed=0
failed=0
failures=()

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); failures+=("$1"); }

# count_lines FILE PREFIX: turn a test program's PASS/FAIL lines into ours.
count_lines() {
	local file=$1 prefix=$2 line n=0
	while IFS= read -r line; do
		case $line in
		"PASS "*) pass "$prefix${line#PASS }"; n=$((n + 1)) ;;
		"FAIL "*) local rest=${line#FAIL }; fail "$prefix${rest%%: *}" "${rest#*: }"; n=$((n + 1)) ;;
		esac
	done < <(tr -d '\r' < "$file")
	echo "$n" > "$OUT/count"
}

# The accelerator bin/rtjs would choose; under KVM a guest can still die of
# an emulation failure, so a first boot proves it, else tests use TCG.
pick_accel() {
	if [ -n "${RTJS_ACCEL:-}" ]; then return; fi
	local log="$OUT/accel.log"
	echo 'console.log("accel-ok")' > "$OUT/accel.js"
	if [ "$("$RTJS" accel 2>"$OUT/accel.why")" = kvm ] &&
		RTJS_ACCEL=kvm "$RTJS" run "$OUT/accel.js" --timeout 20 >"$log" 2>&1 && grep -q accel-ok "$log"; then
		export RTJS_ACCEL=kvm
	else
		grep -q "KVM internal error" "$log" 2>/dev/null && echo "note: KVM failed (internal error); testing under TCG"
		export RTJS_ACCEL=tcg
	fi
	echo "accelerator: $RTJS_ACCEL ($(cat "$OUT/accel.why"))"
}

run_host() {
	local t
	for t in "$BUILD"/host/test_*; do
		[ -x "$t" ] || continue
		local name
		name=$(basename "$t")
		"$t" >"$OUT/$name.log" 2>&1
		local rc=$?
		count_lines "$OUT/$name.log" "host/$name: "
		if [ $rc -ne 0 ] && [ "$(cat "$OUT/count")" = 0 ]; then
			fail "host/$name" "exit $rc: $(tail -3 "$OUT/$name.log" | tr '\n' ' ')"
		fi
	done
}

# A JS test file prints PASS/FAIL lines itself and must exit 0.
run_js_tests() {
	local machine=$1 f
	for f in tests/kernel/*.test.js; do
		local name
		name=$(basename "$f" .test.js)
		local log="$OUT/$machine-$name.log"
		# a test may ask for devices: "// q35-args: -- -device …" (bin/rtjs arguments)
		eval "local margs=($(sed -n "s|^// $machine-args: *||p" "$f" | head -1))"
		"$RTJS" run "$f" --machine "$machine" --timeout 120 --env TEST_ENV=yes ${margs[@]+"${margs[@]}"} >"$log" 2>&1
		local rc=$?
		count_lines "$log" "$machine/"
		local n
		n=$(cat "$OUT/count")
		if [ $rc -ne 0 ]; then
			fail "$machine/$name" "exit code $rc; output ends: $(tail -5 "$log" | tr '\n' '|')"
		elif [ "$n" = 0 ]; then
			fail "$machine/$name" "printed no PASS line"
		fi
	done
}

# An expect test is an app with header comments:
#   // expect-exit: N            the exit code bin/rtjs must return
#   // expect-output: TEXT       a line of the output must contain TEXT (repeatable)
#   // args: --timeout 2         extra bin/rtjs arguments
run_expect_tests() {
	local machine=$1 f
	for f in tests/expect/*.js tests/expect/*/; do
		[ -e "$f" ] || continue
		local main=$f
		# a folder app keeps its expectations in the file that says expect-exit
		[ -d "$f" ] && main=$(grep -rl --exclude-dir=node_modules '^// expect-exit:' "$f" | head -1)
		local name
		name=$(basename "$f" .js)
		local exit_want args
		exit_want=$(sed -n 's|^// expect-exit: *||p' "$main" | head -1)
		args=$(sed -n 's|^// args: *||p' "$main" | head -1)
		local log="$OUT/$machine-expect-$name.log"
		eval "local argv=($args)"
		"$RTJS" run "$f" --machine "$machine" ${argv[@]+"${argv[@]}"} >"$log" 2>&1
		local rc=$? ok=1 why=""
		if [ "$rc" != "${exit_want:-0}" ]; then
			ok=0; why="exit code $rc, expected ${exit_want:-0}"
		fi
		while IFS= read -r want; do
			if ! grep -qF -- "$want" "$log"; then
				ok=0; why="${why:+$why; }no output line contains '$want'"
			fi
		done < <(sed -n 's|^// expect-output: *||p' "$main")
		if [ $ok = 1 ]; then pass "$machine/expect/$name"; else fail "$machine/expect/$name" "$why; output: $(tail -4 "$log" | tr '\n' '|')"; fi
	done
}

run_kernel() {
	pick_accel
	run_js_tests microvm
	run_expect_tests microvm
	run_js_tests q35
}

# run_script NAME SCRIPT: a script that prints PASS/FAIL lines itself,
# given a work folder; one that prints none has failed as a whole.
run_script() {
	local name=$1 script=$2
	"$script" "$OUT/$name" >"$OUT/$name.log" 2>&1
	count_lines "$OUT/$name.log" ""
	# a script that cannot run here says so in a "note: ... not tested" line
	grep -h '^note: .*not tested' "$OUT/$name.log"
	[ "$(cat "$OUT/count")" = 0 ] && ! grep -q '^note: .*not tested' "$OUT/$name.log" &&
		fail "$name" "no result: $(tail -5 "$OUT/$name.log" | tr '\n' '|')"
}

run_quickjs() { pick_accel; run_script quickjs tests/quickjs/run.sh; }
run_bundle() { pick_accel; run_script bundle tests/bundle.sh; }
run_iso() { pick_accel; run_script iso tests/iso.sh; }

run_devices() {
	pick_accel
	run_script block tests/block.sh
	run_script hotplug tests/hotplug.sh
	run_script net tests/net.sh
	run_script sockets tests/sockets.sh
	run_script http tests/http.sh
	run_script badpackets tests/badpackets.sh
	run_script offload tests/offload.sh
	run_script acpi-poweroff tests/acpi-poweroff.sh
}

tiers=("$@")
[ ${#tiers[@]} = 0 ] && tiers=(host kernel quickjs bundle devices iso)
start=$(date +%s)
for tier in "${tiers[@]}"; do
	case $tier in
	host) run_host ;;
	kernel) run_kernel ;;
	quickjs) run_quickjs ;;
	bundle) run_bundle ;;
	devices) run_devices ;;
	iso) run_iso ;;
	*) echo "unknown tier $tier"; exit 2 ;;
	esac
done
echo "time: $(( $(date +%s) - start )) s"
if [ $failed -gt 0 ]; then
	echo "failed:"
	printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ $failed = 0 ]
