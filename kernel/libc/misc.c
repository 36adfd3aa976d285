/* The rest of what linked C code expects from libc: abort, assert, getenv, and pthread primitives (one CPU, no blocking). */
#include <pthread.h>
#include <stdlib.h>

#include "kernel.h"

_Noreturn void abort(void) { panic("abort() called"); }

_Noreturn void __assert_fail(const char *expr, const char *file, int line, const char *func)
{
	panic("assertion failed: %s in %s at %s:%d", expr, func, file, line);
}

char *getenv(const char *name) { (void)name; return 0; }

/* QuickJS's Atomics use these; isolates never share memory, and an
 * isolate cannot block (JS_SetCanBlock is never enabled). */
int pthread_mutex_lock(pthread_mutex_t *m) { (void)m; return 0; }
int pthread_mutex_unlock(pthread_mutex_t *m) { (void)m; return 0; }
int pthread_cond_init(pthread_cond_t *restrict c, const pthread_condattr_t *restrict a) { (void)c; (void)a; return 0; }
int pthread_cond_destroy(pthread_cond_t *c) { (void)c; return 0; }
int pthread_cond_signal(pthread_cond_t *c) { (void)c; return 0; }
int pthread_cond_wait(pthread_cond_t *restrict c, pthread_mutex_t *restrict m) { (void)c; (void)m; panic("pthread_cond_wait: cannot block"); }
int pthread_cond_timedwait(pthread_cond_t *restrict c, pthread_mutex_t *restrict m, const struct timespec *restrict t)
{
	(void)c; (void)m; (void)t;
	panic("pthread_cond_timedwait: cannot block");
}
