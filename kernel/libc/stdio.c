/* The C library's per-thread state and standard streams for the kernel,
 * built against musl's internal headers (the way musl's own stdout.c and
 * __init_tp are): one thread descriptor reached through %fs, and stdout
 * and stderr as unbuffered FILEs whose write goes to the console. Stream
 * locking is a no-op: C code runs on one CPU and never blocks. */
#include "pthread_impl.h"
#include "stdio_impl.h"

#include "arch.h"

#undef stdout
#undef stderr

static struct pthread main_thread;

void libc_init(void)
{
	main_thread.self = &main_thread;
	main_thread.locale = &libc.global_locale;
	main_thread.detach_state = DT_JOINABLE;
	main_thread.next = main_thread.prev = &main_thread;
	arch_set_thread_pointer(&main_thread);
}

static size_t console_write(FILE *f, const unsigned char *buf, size_t len)
{
	size_t pending = (size_t)(f->wpos - f->wbase);
	if (pending)
		arch_console_write((const char *)f->wbase, pending);
	arch_console_write((const char *)buf, len);
	f->wend = f->buf + f->buf_size;
	f->wpos = f->wbase = f->buf;
	return len;
}

static off_t no_seek(FILE *f, off_t off, int whence) { (void)f; (void)off; (void)whence; return -1; }
static int no_close(FILE *f) { (void)f; return 0; }

static unsigned char out_buf[UNGET], err_buf[UNGET];

#define CONSOLE_FILE(b, descriptor) { \
	.buf = b + UNGET, .buf_size = 0, .fd = descriptor, .flags = F_PERM | F_NORD, \
	.lbf = -1, .write = console_write, .seek = no_seek, .close = no_close, .lock = -1 }

hidden FILE __stdout_FILE = CONSOLE_FILE(out_buf, 1);
hidden FILE __stderr_FILE = CONSOLE_FILE(err_buf, 2);
FILE *const stdout = &__stdout_FILE;
FILE *const stderr = &__stderr_FILE;
FILE *volatile __stdout_used = &__stdout_FILE;
FILE *volatile __stderr_used = &__stderr_FILE;

int __lockfile(FILE *f) { (void)f; return 0; }
void __unlockfile(FILE *f) { (void)f; }

/* Streams are never closed at exit: there is no exit, only power-off. */
void __stdio_exit_needed(void) {}

/* musl's fputc carries an inlined futex wake for locked streams; ours
 * never lock, so take the plain path. */
int fputc(int c, FILE *f)
{
	unsigned char ch = (unsigned char)c;
	return fwrite(&ch, 1, 1, f) == 1 ? ch : EOF;
}

int putc(int c, FILE *f) { return fputc(c, f); }
int putchar(int c) { return fputc(c, stdout); }
