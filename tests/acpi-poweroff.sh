#!/usr/bin/env bash
# ACPI power-off for real: boots the kernel WITHOUT isa-debug-exit (which
# bin/rtjs always adds) and checks that QEMU exits by itself, soon, with
# status 0, after the app ran and the exit code reached debugcon - the
# kernel's ACPI S5 request (PM1a_CNT on q35/pc, the sleep control register
# of hardware-reduced ACPI on microvm) is what stopped it. A machine that
# merely halted would be killed by the timeout. Then the reset methods of
# hw.power.reboot(), each with QEMU's -no-reboot so that the first reset
# stops the VM: the one each machine takes, and the fallbacks forced with
# rtjs.reboot=. Usage: acpi-poweroff.sh WORKDIR
set -uo pipefail
cd "$(dirname "$0")/.."
work=$1
QEMU=${QEMU:-qemu-system-x86_64}
KERNEL=${RTJS_KERNEL:-build/rtjs}
accel=${RTJS_ACCEL:-tcg}
limit=${ACPI_POWEROFF_SECONDS:-20}
mkdir -p "$work/app"
echo 'console.log("acpi-poweroff app ran"); isolate.exit(3);' > "$work/app/index.js"
bin/rtjs pack "$work/app" "$work/app.tar" || { echo "FAIL acpi-poweroff/pack: cannot pack"; exit 0; }

# check NAME MACHINE-OPTIONS CMDLINE EXIT-CODE WANT: WANT is a line the
# console must show (the verbose line naming the power-off method).
check() {
	local name=$1 mopts=$2 cmdline=$3 code=$4 want=$5 log="$work/$1.log" dc="$work/$1.debugcon"
	rm -f "$dc"
	local start status elapsed
	start=$(date +%s%N)
	timeout --kill-after=2 "$limit" "$QEMU" -M "$mopts" -accel "$accel" -m 128 \
		-nodefaults -no-user-config -display none -serial stdio -debugcon "file:$dc" \
		-kernel "$KERNEL" -initrd "$work/app.tar" -append "rtjs.verbose rtjs.main=index.js $cmdline" \
		</dev/null >"$log" 2>&1
	status=$?
	elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
	local why=""
	if [ $status = 124 ] || [ $status = 137 ]; then
		why="QEMU still running after ${limit} s (the machine did not power off)"
	elif [ $status != 0 ]; then
		why="QEMU exit status $status"
	elif [ "$code" = 3 ] && ! grep -q "acpi-poweroff app ran" "$log"; then
		why="the app did not run"
	elif ! grep -qx "rtjs-exit $code" "$dc" 2>/dev/null; then
		why="no 'rtjs-exit $code' on debugcon"
	elif [ "$(grep -c rtjs-exit "$dc")" != 1 ]; then
		why="the kernel ran more than once (a reset instead of a power-off?)"
	elif ! grep -qF "$want" "$log"; then
		why="no verbose line '$want'"
	fi
	if [ -z "$why" ]; then
		echo "PASS acpi-poweroff/$name (${elapsed} ms)"
	else
		echo "FAIL acpi-poweroff/$name: $why; output: $(tr -d '\r' < "$log" | tail -5 | tr '\n' '|')"
	fi
}

microvm=microvm,acpi=on,x-option-roms=off,rtc=on,pit=on
pm1="acpi: power-off by PM1a_CNT (port 0x604, SLP_TYP 0)"
check q35 q35 "" 3 "$pm1"
check pc pc "" 3 "$pm1"
# QEMU's microvm has ACPI unless acpi=off: hardware-reduced, through its GED.
check microvm $microvm "" 3 "acpi: power-off by the sleep control register (mmio 0xfea00200, SLP_TYP 5)"
# A kernel panic powers off the same way (interrupts off, from the panic path).
check q35-panic q35 rtjs.fault=panic 70 "panic: "
check microvm-panic $microvm rtjs.fault=panic 70 "panic: "

# reset NAME MACHINE CMDLINE WANT: the app reboots; the first reset must be
# by WANT (the console line "reboot: by WANT") and stop the VM.
mkdir -p "$work/reboot"
echo 'import hw from "rtjs:hw"; await hw.power.reboot();' > "$work/reboot/index.js"
reset() {
	local name=$1 machine=$2 cmdline=$3 want=$4 log="$work/reboot-$1.log"
	bin/rtjs run "$work/reboot" --machine "$machine" --timeout 10 ${cmdline:+--cmdline "$cmdline"} \
		-- -no-reboot >"$log" 2>&1
	local rc=$? why=""
	if [ $rc != 0 ]; then
		why="exit $rc"
	elif [ "$(grep -c '^reboot: ' "$log")" != 1 ] || ! grep -qxF "reboot: by $want" <(tr -d '\r' < "$log"); then
		why="not reset by $want alone"
	fi
	if [ -z "$why" ]; then
		echo "PASS reboot/$name"
	else
		echo "FAIL reboot/$name: $why; output: $(tr -d '\r' < "$log" | tail -4 | tr '\n' '|')"
	fi
}
reset microvm microvm "" "the ACPI reset register (mmio 0xfea00202 <- 0x42)"
reset microvm-no-8042-no-cf9 microvm rtjs.reboot=kbd "a triple fault"
reset q35 q35 "" "the ACPI reset register (port 0xcf9 <- 0xf)"
reset q35-kbd q35 rtjs.reboot=kbd "the 8042 keyboard controller (port 0x64 <- 0xfe)"
reset q35-cf9 q35 rtjs.reboot=cf9 "the reset control register (port 0xcf9 <- 0x6)"
reset q35-triple q35 rtjs.reboot=triple "a triple fault"
# QEMU 7.2's pc FADT names no reset register: the 8042 comes first.
reset pc pc "" "the 8042 keyboard controller (port 0x64 <- 0xfe)"
