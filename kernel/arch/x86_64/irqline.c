/* Interrupt lines that several devices share (PCI INTx): one vector per
 * line, and on each interrupt every handler on it in turn; each asks its
 * own device whether it interrupted, and quiets it. The lines are
 * level-triggered, so one stays asserted until every device on it has
 * been served. */
#include <errno.h>

#include "arch.h"

#define LINES_MAX 16
#define LINE_HANDLERS_MAX 8

static struct line {
	uint32_t gsi;
	int vector;
	int count;
	struct {
		arch_irq_handler fn;
		void *arg;
	} handlers[LINE_HANDLERS_MAX];
} lines[LINES_MAX];
static int nlines;

static void line_interrupt(void *arg)
{
	struct line *l = arg;
	for (int i = 0; i < l->count; i++)
		l->handlers[i].fn(l->handlers[i].arg);
}

int arch_irq_line_add(uint32_t gsi, bool active_low, arch_irq_handler fn, void *arg)
{
	struct line *l = NULL;
	for (int i = 0; i < nlines; i++)
		if (lines[i].gsi == gsi)
			l = &lines[i];
	if (!l) {
		if (nlines == LINES_MAX)
			return -ENOSPC;
		int vector = arch_irq_alloc(line_interrupt, &lines[nlines]);
		if (vector < 0)
			return -ENOSPC;
		if (ioapic_route(gsi, (uint8_t)vector, true, active_low) < 0) {
			arch_irq_free(vector);
			return -ENODEV;
		}
		l = &lines[nlines++];
		l->gsi = gsi;
		l->vector = vector;
	}
	if (l->count == LINE_HANDLERS_MAX)
		return -ENOSPC;
	bool on = arch_irq_save_disable();
	l->handlers[l->count].fn = fn;
	l->handlers[l->count].arg = arg;
	l->count++;
	arch_irq_restore(on);
	return ioapic_unmask(gsi);
}
