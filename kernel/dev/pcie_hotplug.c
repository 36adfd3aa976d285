/* Native PCIe hot-unplug: the slots of root and downstream ports that say
 * they are hot-plug capable. A press of the slot's attention button (what
 * QEMU's device_del does) or the loss of the card removes every function
 * behind the port: drivers let go, then the slot's power goes off, which is
 * when QEMU detaches the device. Hot-add is not supported. */
#include <stdio.h>

#include "arch.h"
#include "kernel.h"
#include "pci.h"
#include "scheduler.h"
#include "work.h"

/* The PCI Express capability (id 0x10): its slot registers. */
#define EXP_FLAGS 0x02
#define EXP_SLTCAP 0x14
#define EXP_SLTCTL 0x18
#define EXP_SLTSTA 0x1a

#define FLAGS_SLOT (1u << 8)            /* Slot Implemented */

#define SLTCAP_ABP (1u << 0)            /* Attention Button Present */
#define SLTCAP_HPC (1u << 6)            /* Hot-Plug Capable */

#define SLTCTL_ABPE (1u << 0)           /* Attention Button Pressed Enable */
#define SLTCTL_PDCE (1u << 3)           /* Presence Detect Changed Enable */
#define SLTCTL_HPIE (1u << 5)           /* Hot-Plug Interrupt Enable */
#define SLTCTL_PIC_MASK (3u << 8)       /* Power Indicator Control */
#define SLTCTL_PIC_OFF (3u << 8)
#define SLTCTL_PCC (1u << 10)           /* Power Controller Control: 1 is off */

#define SLTSTA_ABP (1u << 0)            /* Attention Button Pressed */
#define SLTSTA_PDC (1u << 3)            /* Presence Detect Changed */
#define SLTSTA_PDS (1u << 6)            /* Presence Detect State */
#define SLTSTA_EVENTS 0x11fu            /* the write-one-to-clear event bits */

#define HOTPLUG_MAX_SLOTS 16

struct hotplug_slot {
	struct pci_device *port;
	int cap;                            /* offset of the PCI Express capability */
	int number;                         /* the physical slot number */
	int bus_first, bus_last;            /* the buses behind the port */
	bool empty;                         /* no card we run: powered off by us, or none at boot */
	struct work event;                  /* runs slot_event() after the interrupt */
};

static struct {
	struct hotplug_slot slots[HOTPLUG_MAX_SLOTS];
	int count;
} hotplug;

static void remove_functions(struct hotplug_slot *s)
{
	struct pci_device *d = pci_devices(), *next;
	for (; d; d = next) {
		next = d->next;
		if (d->bus < s->bus_first || d->bus > s->bus_last)
			continue;
		pci_remove(d);
		kprintf("pci: %02x:%02x.%x removed (slot %d)\n", d->bus, d->slot, d->func, s->number);
	}
}

/* Scheduler context, after the port's interrupt: reads and clears the
 * slot's events, then acts on them. */
static void slot_event(void *arg)
{
	struct hotplug_slot *s = arg;
	uint16_t status = pci_read16(s->port, s->cap + EXP_SLTSTA);
	uint16_t events = status & SLTSTA_EVENTS;
	if (events)
		pci_write16(s->port, s->cap + EXP_SLTSTA, events);
	bool present = status & SLTSTA_PDS;
	if (s->empty) {
		if (present && (events & (SLTSTA_ABP | SLTSTA_PDC)))
			kprintf("pci: slot %d: a card arrived; hot-add is not supported\n", s->number);
		return;
	}
	if (!(events & SLTSTA_ABP) && !((events & SLTSTA_PDC) && !present))
		return;
	/* The button: the operator asks for the card (we do not wait the
	 * spec's five seconds for a second press that would cancel). A
	 * presence change to empty: the card is gone already. */
	remove_functions(s);
	uint16_t control = pci_read16(s->port, s->cap + EXP_SLTCTL);
	control = (uint16_t)((control & ~SLTCTL_PIC_MASK) | SLTCTL_PIC_OFF | SLTCTL_PCC);
	pci_write16(s->port, s->cap + EXP_SLTCTL, control);
	s->empty = true;
}

static void slot_irq(void *arg)
{
	struct hotplug_slot *s = arg;
	work_queue(&s->event);
	sched_poke();
}

static void slot_init(struct pci_device *port, int cap)
{
	if (hotplug.count >= HOTPLUG_MAX_SLOTS)
		return;
	struct hotplug_slot *s = &hotplug.slots[hotplug.count];
	uint32_t slot_caps = pci_read32(port, cap + EXP_SLTCAP);
	s->port = port;
	s->cap = cap;
	s->number = (int)(slot_caps >> 19);
	s->bus_first = pci_read8(port, 0x19);
	s->bus_last = pci_read8(port, 0x1a);
	s->event.fn = slot_event;
	s->event.arg = s;
	/* The port signals hot-plug events with the message its PCI Express
	 * capability names (MSI-X entry), or its one MSI message. */
	int entry = (pci_read16(port, cap + EXP_FLAGS) >> 9) & 0x1f;
	int vector = arch_irq_alloc(slot_irq, s);
	if (vector < 0 || (pci_msix_enable(port, entry, vector) < 0 && pci_msi_enable(port, vector) < 0)) {
		kprintf("pci: slot %d: no MSI-X or MSI; hot-unplug is not handled\n", s->number);
		return;
	}
	pci_enable(port);                                  /* bus mastering: the port's MSI is a write */
	uint16_t stale = pci_read16(port, cap + EXP_SLTSTA) & SLTSTA_EVENTS;
	if (stale)
		pci_write16(port, cap + EXP_SLTSTA, stale);
	uint16_t control = pci_read16(port, cap + EXP_SLTCTL);
	control |= SLTCTL_PDCE | SLTCTL_HPIE | ((slot_caps & SLTCAP_ABP) ? SLTCTL_ABPE : 0);
	pci_write16(port, cap + EXP_SLTCTL, control);
	s->empty = !(pci_read16(port, cap + EXP_SLTSTA) & SLTSTA_PDS);
	hotplug.count++;
}

void pcie_hotplug_init(void)
{
	for (struct pci_device *d = pci_devices(); d; d = d->next) {
		if ((pci_read8(d, 0x0e) & 0x7f) != 1)
			continue;                                  /* not a bridge */
		int cap = pci_find_capability(d, 0x10, 0);
		if (!cap)
			continue;
		uint16_t flags = pci_read16(d, cap + EXP_FLAGS);
		int type = (flags >> 4) & 0xf;                     /* 4: root port, 6: downstream port */
		if ((type != 4 && type != 6) || !(flags & FLAGS_SLOT))
			continue;
		if (pci_read32(d, cap + EXP_SLTCAP) & SLTCAP_HPC)
			slot_init(d, cap);
	}
}
