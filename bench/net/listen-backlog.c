/* Preloaded into QEMU by the network benchmark (bench/net/drive.py).
 * QEMU's user network listens on a forwarded port with a backlog of 1, so
 * of 16 connections opened at once (wrk -c16) this machine's kernel keeps
 * 2 and drops the others' SYNs: they trickle in over ~8 s of SYN retries,
 * and wrk's figures then measure that, not the guest. A larger backlog
 * lets them in at once; the guests see no difference. */
#include <sys/syscall.h>
#include <unistd.h>

int listen(int fd, int backlog);

int listen(int fd, int backlog)
{
	return (int)syscall(SYS_listen, fd, backlog < 128 ? 128 : backlog);
}
