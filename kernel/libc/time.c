/* Time for C code (QuickJS's Date): the kernel's clocks. The time zone is
 * UTC; localtime_r is gmtime_r, so musl's zoneinfo code is never linked. */
#include <sys/time.h>
#include <time.h>

#include "arch.h"
#include "civil_time.h"

int clock_gettime(clockid_t id, struct timespec *ts)
{
	int64_t ns = (id == CLOCK_REALTIME) ? arch_wall_clock_ns() : (int64_t)arch_clock_ns();
	ts->tv_sec = ns / 1000000000;
	ts->tv_nsec = ns % 1000000000;
	return 0;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
	(void)tz;
	int64_t ns = arch_wall_clock_ns();
	tv->tv_sec = ns / 1000000000;
	tv->tv_usec = (ns % 1000000000) / 1000;
	return 0;
}

time_t time(time_t *t)
{
	time_t now = (time_t)(arch_wall_clock_ns() / 1000000000);
	if (t)
		*t = now;
	return now;
}

/* musl's gmtime_r would link its time-zone code, which reads files. */
struct tm *gmtime_r(const time_t *restrict t, struct tm *restrict tm)
{
	int64_t secs = *t, days = secs / 86400, rem = secs % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	int64_t y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	tm->tm_year = (int)(y - 1900);
	tm->tm_mon = (int)m - 1;
	tm->tm_mday = (int)d;
	tm->tm_hour = (int)(rem / 3600);
	tm->tm_min = (int)(rem / 60 % 60);
	tm->tm_sec = (int)(rem % 60);
	tm->tm_wday = (int)(((days % 7) + 11) % 7);   /* 1970-01-01 was a Thursday */
	tm->tm_yday = (int)(days - days_from_civil(y, 1, 1));
	tm->tm_isdst = 0;
	tm->tm_gmtoff = 0;
	tm->tm_zone = "UTC";
	return tm;
}

struct tm *localtime_r(const time_t *restrict t, struct tm *restrict tm)
{
	return gmtime_r(t, tm);
}
