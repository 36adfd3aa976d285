/* Clocks: the TSC is the monotonic clock. Its rate comes from CPUID leaf
 * 0x15, else from kvm-clock's scale, else from the PIT (channel 2), else
 * from the CMOS RTC's seconds edge. The wall clock is the RTC read at boot
 * plus the monotonic clock. */
#include "arch.h"
#include "civil_time.h"
#include "kernel.h"
#include "x86.h"

bool cpu_is_kvm(void);

static struct {
	uint64_t tsc_hz;
	uint64_t tsc_boot;
	uint64_t ns_per_tick_q32;    /* ns per TSC tick, 32.32 fixed point */
	int64_t wall_at_boot_ns;
	const char *source;
} clk;

struct pvclock {
	uint32_t version, pad0;
	uint64_t tsc_timestamp, system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags, pad[2];
} __attribute__((packed, aligned(64)));

static struct pvclock pvclock;

static uint64_t hz_from_cpuid(void)
{
	uint32_t r[4];
	cpuid(0, 0, r);
	if (r[0] < 0x15)
		return 0;
	cpuid(0x15, 0, r);
	if (r[0] == 0 || r[1] == 0 || r[2] == 0)
		return 0;
	return (uint64_t)r[2] * r[1] / r[0];
}

static uint64_t hz_from_kvmclock(void)
{
	uint32_t r[4];
	if (!cpu_is_kvm())
		return 0;
	cpuid(0x40000001, 0, r);
	if (!(r[0] & (1u << 3)))     /* KVM_FEATURE_CLOCKSOURCE2 */
		return 0;
	wrmsr(MSR_KVM_SYSTEM_TIME_NEW, (uint64_t)(uintptr_t)&pvclock | 1);
	for (int i = 0; i < 1000000 && pvclock.tsc_to_system_mul == 0; i++)
		cpu_pause();
	uint32_t mul = pvclock.tsc_to_system_mul;
	int shift = pvclock.tsc_shift;
	wrmsr(MSR_KVM_SYSTEM_TIME_NEW, 0);
	if (mul == 0)
		return 0;
	/* ns = ((tsc << shift) * mul) >> 32, so hz = 1e9 * 2^32 / mul / 2^shift. */
	unsigned __int128 hz = ((unsigned __int128)1000000000u << 32) / mul;
	return shift >= 0 ? (uint64_t)(hz >> shift) : (uint64_t)(hz << -shift);
}

static uint16_t pit_read_counter0(void)
{
	outb(0x43, 0x00);                      /* latch channel 0 */
	uint8_t lo = inb(0x40);
	return (uint16_t)(lo | inb(0x40) << 8);
}

/* Counts TSC ticks while PIT channel 0 (1.193182 MHz, free running from
 * 0xffff in mode 2) counts down 5966 ticks: 5 ms. Reading the counter
 * back works where port 0x61 (the speaker gate) does not exist (microvm). */
static uint64_t pit_measure(void)
{
	const uint32_t pit_hz = 1193182, span = 5966;
	outb(0x43, 0x34);                      /* ch 0, lo/hi, mode 2, binary */
	outb(0x40, 0xff);
	outb(0x40, 0xff);
	uint16_t start = pit_read_counter0(), prev = start;
	uint64_t t0 = rdtsc();
	uint32_t elapsed = 0;
	while (elapsed < span) {
		uint16_t now = pit_read_counter0();
		elapsed += (uint16_t)(prev - now);    /* wraps at reload */
		prev = now;
		if (rdtsc() - t0 > (1ull << 33))       /* no PIT answering */
			return 0;
	}
	uint64_t t1 = rdtsc();
	outb(0x43, 0x30);                      /* ch 0 back to one-shot, idle */
	uint64_t hz = (t1 - t0) * pit_hz / elapsed;
	return hz > 100000000 ? hz : 0;        /* below 100 MHz: not believable */
}

/* The median of three: a VCPU descheduled for longer than the PIT's 55 ms
 * period (a busy host under TCG) makes one reading wrap and lie. */
static uint64_t hz_from_pit(void)
{
	uint64_t a = pit_measure(), b = pit_measure(), c = pit_measure();
	if (!a || !b || !c)
		return 0;
	if (a > b) { uint64_t t = a; a = b; b = t; }
	if (b > c) { uint64_t t = b; b = c; c = t; }
	if (a > b) { uint64_t t = a; a = b; b = t; }
	return b;
}

static uint8_t cmos_read(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static bool rtc_updating(void) { return cmos_read(0x0a) & 0x80; }

static uint64_t hz_from_rtc(void)
{
	uint8_t s = cmos_read(0x00);
	uint64_t start = rdtsc();
	while (cmos_read(0x00) == s)
		if (rdtsc() - start > (1ull << 36))
			return 0;
	uint64_t t0 = rdtsc();
	s = cmos_read(0x00);
	while (cmos_read(0x00) == s)
		if (rdtsc() - t0 > (1ull << 36))
			return 0;
	return rdtsc() - t0;
}

static int bcd(int v, bool binary) { return binary ? v : (v & 0x0f) + (v >> 4) * 10; }

static int64_t rtc_read_epoch(void)
{
	uint8_t r[7], again[7];
	for (int i = 0; i < 1000 && rtc_updating(); i++)
		;
	int tries = 0;
	do {
		for (int i = 0; i < 7; i++)
			r[i] = cmos_read((uint8_t[]){ 0x00, 0x02, 0x04, 0x07, 0x08, 0x09, 0x32 }[i]);
		for (int i = 0; i < 7; i++)
			again[i] = cmos_read((uint8_t[]){ 0x00, 0x02, 0x04, 0x07, 0x08, 0x09, 0x32 }[i]);
	} while (__builtin_memcmp(r, again, 7) && ++tries < 5);
	uint8_t status_b = cmos_read(0x0b);
	bool binary = status_b & 0x04, h24 = status_b & 0x02;
	int sec = bcd(r[0], binary), min = bcd(r[1], binary);
	int hour = bcd(r[2] & 0x7f, binary);
	if (!h24 && (r[2] & 0x80))
		hour = (hour % 12) + 12;
	int day = bcd(r[3], binary), mon = bcd(r[4], binary), year = bcd(r[5], binary);
	int century = bcd(r[6], binary);
	year += (century >= 19 && century <= 30) ? century * 100 : 2000;
	return civil_to_epoch(year, mon, day, hour, min, sec);
}

void clock_init(void)
{
	clk.tsc_boot = rdtsc();
	if ((clk.tsc_hz = hz_from_cpuid()))
		clk.source = "tsc (cpuid 0x15)";
	else if ((clk.tsc_hz = hz_from_kvmclock()))
		clk.source = "tsc (kvm-clock)";
	else if ((clk.tsc_hz = hz_from_pit()))
		clk.source = "tsc (pit)";
	else if ((clk.tsc_hz = hz_from_rtc()))
		clk.source = "tsc (rtc)";
	else {
		clk.tsc_hz = 2000000000;
		clk.source = "tsc (assumed 2 GHz)";
	}
	clk.ns_per_tick_q32 = (uint64_t)(((unsigned __int128)1000000000u << 32) / clk.tsc_hz);
	int64_t epoch = rtc_read_epoch();
	clk.wall_at_boot_ns = epoch * 1000000000ll - (int64_t)arch_clock_ns();
}

uint64_t arch_clock_ns(void)
{
	uint64_t d = rdtsc() - clk.tsc_boot;
	return (uint64_t)(((unsigned __int128)d * clk.ns_per_tick_q32) >> 32);
}

int64_t arch_wall_clock_ns(void) { return clk.wall_at_boot_ns + (int64_t)arch_clock_ns(); }
uint64_t arch_tsc_hz(void) { return clk.tsc_hz; }
const char *arch_clock_source(void) { return clk.source; }
