/* Calendar arithmetic (proleptic Gregorian, UTC) for the RTC and Date. */
#ifndef CIVIL_TIME_H
#define CIVIL_TIME_H

#include <stdint.h>

/* Days since 1970-01-01 of a civil date (month 1-12, day 1-31). */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
/* Seconds since the Unix epoch; out-of-range fields are not normalised. */
int64_t civil_to_epoch(int year, int mon, int day, int hour, int min, int sec);

/* The civil date of a day count since 1970-01-01. */
void civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);

#endif
