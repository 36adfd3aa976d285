/* The native side of rtjs:hw, for privileged isolates only (the first
 * isolate, and children spawned with { privileged: true }): PCI
 * configuration space, I/O ports, physical memory windows, interrupts as
 * events, DMA memory, and power-off and reboot. Every function checks the
 * caller's privilege. */
#include <errno.h>
#include <string.h>

#include "arch.h"
#include "heap.h"
#include "isolate.h"
#include "kernel.h"
#include "pci.h"
#include "scheduler.h"
#include "virtio.h"
#include "work.h"

#define HW_MMIO_MAX (256u << 20)
#define HW_DMA_MAX (16u << 20)

static bool denied(JSContext *ctx) { return js_denied(ctx, "rtjs:hw"); }

static const struct pci_device *pci_at(JSContext *ctx, JSValueConst bus, JSValueConst slot, JSValueConst func)
{
	int32_t b, s, f;
	if (JS_ToInt32(ctx, &b, bus) || JS_ToInt32(ctx, &s, slot) || JS_ToInt32(ctx, &f, func))
		return NULL;
	for (const struct pci_device *d = pci_devices(); d; d = d->next)
		if (d->bus == b && d->slot == s && d->func == f)
			return d;
	JS_ThrowRangeError(ctx, "no PCI function %d:%d.%d", b, s, f);
	return NULL;
}

/* pciDevices() */
static JSValue js_pci_devices(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc; (void)argv;
	if (denied(ctx))
		return JS_EXCEPTION;
	JSValue list = JS_NewArray(ctx);
	uint32_t n = 0;
	for (const struct pci_device *d = pci_devices(); d; d = d->next) {
		JSValue o = JS_NewObject(ctx);
		JS_SetPropertyStr(ctx, o, "bus", JS_NewInt32(ctx, d->bus));
		JS_SetPropertyStr(ctx, o, "slot", JS_NewInt32(ctx, d->slot));
		JS_SetPropertyStr(ctx, o, "func", JS_NewInt32(ctx, d->func));
		JS_SetPropertyStr(ctx, o, "vendorId", JS_NewInt32(ctx, d->vendor_id));
		JS_SetPropertyStr(ctx, o, "deviceId", JS_NewInt32(ctx, d->device_id));
		JS_SetPropertyStr(ctx, o, "classCode", JS_NewInt32(ctx, (int32_t)d->class_code));
		JS_SetPropertyStr(ctx, o, "irq", JS_NewInt32(ctx, d->irq_line));
		JS_SetPropertyStr(ctx, o, "claimed", JS_NewBool(ctx, virtio_pci_claimed(d->bus, d->slot, d->func)));
		JS_SetPropertyStr(ctx, o, "extended", JS_NewBool(ctx, pci_config_size(d) == PCI_CONFIG_SIZE_EXT));
		JSValue bars = JS_NewArray(ctx);
		for (int i = 0; i < 6; i++) {
			JSValue b = JS_NULL;
			if (d->bar_size[i]) {
				b = JS_NewObject(ctx);
				JS_SetPropertyStr(ctx, b, "address", JS_NewFloat64(ctx, (double)d->bar[i]));
				JS_SetPropertyStr(ctx, b, "size", JS_NewFloat64(ctx, (double)d->bar_size[i]));
				JS_SetPropertyStr(ctx, b, "io", JS_NewBool(ctx, d->bar_is_io[i]));
			}
			JS_SetPropertyUint32(ctx, bars, (uint32_t)i, b);
		}
		JS_SetPropertyStr(ctx, o, "bars", bars);
		JS_SetPropertyUint32(ctx, list, n++, o);
	}
	return list;
}

/* virtioMmioDevices(): the virtio-mmio transports that hold a device (QEMU
 * microvm, Firecracker), with the kernel's claim on each, for drivers
 * written in JS. */
static JSValue js_virtio_mmio_devices(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc; (void)argv;
	if (denied(ctx))
		return JS_EXCEPTION;
	JSValue list = JS_NewArray(ctx);
	uint32_t n = 0;
	for (const struct virtio_dev *d = virtio_devices(); d; d = d->next) {
		if (!d->mmio)
			continue;
		JSValue o = JS_NewObject(ctx);
		JS_SetPropertyStr(ctx, o, "address", JS_NewFloat64(ctx, (double)virtio_mmio_address(d)));
		JS_SetPropertyStr(ctx, o, "size", JS_NewFloat64(ctx, (double)virtio_mmio_size(d)));
		JS_SetPropertyStr(ctx, o, "deviceId", JS_NewInt32(ctx, (int32_t)d->device_id));
		JS_SetPropertyStr(ctx, o, "irq", JS_NewInt32(ctx, (int32_t)virtio_mmio_gsi(d)));
		JS_SetPropertyStr(ctx, o, "claimed", JS_NewBool(ctx, d->claimed));
		JS_SetPropertyUint32(ctx, list, n++, o);
	}
	return list;
}

/* pciRead(bus, slot, func, offset, width) / pciWrite(bus, slot, func, offset, width, value) */
static JSValue js_pci_access(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv, int write)
{
	(void)this_val; (void)argc;
	if (denied(ctx))
		return JS_EXCEPTION;
	const struct pci_device *d = pci_at(ctx, argv[0], argv[1], argv[2]);
	double offset;
	int32_t width;
	uint32_t v = 0;
	if (!d || JS_ToFloat64(ctx, &offset, argv[3]) || JS_ToInt32(ctx, &width, argv[4]))
		return JS_EXCEPTION;
	if (!(offset >= 0 && offset < PCI_CONFIG_SIZE_EXT) || offset != (int)offset)
		return JS_ThrowRangeError(ctx, "PCI configuration access: the offset must be an integer from 0 to 0xfff");
	int off = (int)offset;
	const char *why = pci_config_refusal(off, width, pci_config_size(d));
	if (why)
		return JS_ThrowRangeError(ctx, "PCI configuration access at %#x (%d bytes) of %d:%d.%d: %s", off, width,
					  d->bus, d->slot, d->func, why);
	if (write) {
		if (JS_ToUint32(ctx, &v, argv[5]))
			return JS_EXCEPTION;
		if (width == 4)
			pci_write32(d, off, v);
		else if (width == 2)
			pci_write16(d, off, (uint16_t)v);
		else
			pci_write8(d, off, (uint8_t)v);
		return JS_UNDEFINED;
	}
	v = width == 4 ? pci_read32(d, off) : width == 2 ? pci_read16(d, off) : pci_read8(d, off);
	return JS_NewUint32(ctx, v);
}

/* portRead(port, width) / portWrite(port, width, value) */
static JSValue js_port(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv, int write)
{
	(void)this_val; (void)argc;
	if (denied(ctx))
		return JS_EXCEPTION;
	int32_t port, width;
	uint32_t v = 0;
	if (JS_ToInt32(ctx, &port, argv[0]) || JS_ToInt32(ctx, &width, argv[1]))
		return JS_EXCEPTION;
	if (port < 0 || port > 0xffff || (width != 1 && width != 2 && width != 4))
		return JS_ThrowRangeError(ctx, "I/O port %d width %d", port, width);
	if (write) {
		if (JS_ToUint32(ctx, &v, argv[2]))
			return JS_EXCEPTION;
		if (width == 1) arch_pio_out8((uint16_t)port, (uint8_t)v);
		else if (width == 2) arch_pio_out16((uint16_t)port, (uint16_t)v);
		else arch_pio_out32((uint16_t)port, v);
		return JS_UNDEFINED;
	}
	v = width == 1 ? arch_pio_in8((uint16_t)port) : width == 2 ? arch_pio_in16((uint16_t)port) : arch_pio_in32((uint16_t)port);
	return JS_NewUint32(ctx, v);
}

static void no_free(JSRuntime *rt, void *opaque, void *ptr) { (void)rt; (void)opaque; (void)ptr; }
static void dma_free(JSRuntime *rt, void *opaque, void *ptr) { (void)rt; (void)opaque; kfree(ptr); }

/* mmio(physAddr, length) -> ArrayBuffer over that physical memory */
static JSValue js_mmio(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	if (denied(ctx))
		return JS_EXCEPTION;
	double addr, len;
	if (JS_ToFloat64(ctx, &addr, argv[0]) || JS_ToFloat64(ctx, &len, argv[1]))
		return JS_EXCEPTION;
	if (!(addr >= 4096) || !(len >= 1) || len > HW_MMIO_MAX || addr + len > (double)(1ull << 46) ||
	    addr != (double)(uint64_t)addr || len != (double)(uint64_t)len)
		return JS_ThrowRangeError(ctx, "mmio: the window must lie in physical memory above 4 KiB and be at most 256 MiB");
	arch_map_mmio((uint64_t)addr, (uint64_t)len);
	return JS_NewArrayBuffer(ctx, (uint8_t *)(uintptr_t)(uint64_t)addr, (size_t)len, no_free, NULL, 0);
}

/* dmaAlloc(length) -> [ArrayBuffer, physical address] */
static JSValue js_dma_alloc(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	if (denied(ctx))
		return JS_EXCEPTION;
	double len;
	if (JS_ToFloat64(ctx, &len, argv[0]))
		return JS_EXCEPTION;
	if (!(len >= 1) || len > HW_DMA_MAX || len != (double)(size_t)len)
		return JS_ThrowRangeError(ctx, "dma.alloc: length must be 1 byte to 16 MiB");
	void *mem = kmemalign(4096, (size_t)len);
	if (!mem)
		return JS_ThrowOutOfMemory(ctx);
	memset(mem, 0, (size_t)len);
	JSValue ab = JS_NewArrayBuffer(ctx, mem, (size_t)len, dma_free, NULL, 0);
	if (JS_IsException(ab)) {
		kfree(mem);
		return ab;
	}
	JSValue r = JS_NewArray(ctx);
	JS_SetPropertyUint32(ctx, r, 0, ab);
	JS_SetPropertyUint32(ctx, r, 1, JS_NewFloat64(ctx, (double)(uintptr_t)mem));
	return r;
}

/* Interrupts: the handler (interrupt context) masks a level-triggered line
 * and queues work; the work posts a callback to the isolate; the isolate
 * calls the JS handler, then unmasks. */
struct hw_irq {
	int isolate;
	int vector;
	uint32_t gsi;
	bool level, msix, closed, in_flight;
	JSValue handler;               /* in the isolate's context */
	struct work work;
	struct hw_irq *next;
};

static struct hw_irq *irqs;

static void irq_deliver(struct isolate *iso, void *ptr)
{
	struct hw_irq *irq = ptr;
	irq->in_flight = false;
	if (irq->closed || !iso->ctx)
		return;
	JSValue r = JS_Call(iso->ctx, irq->handler, JS_UNDEFINED, 0, NULL);
	if (JS_IsException(r))
		isolate_report_exception(iso);
	JS_FreeValue(iso->ctx, r);
	if (irq->level && !irq->closed)
		ioapic_unmask(irq->gsi);
}

static void irq_work(void *arg)
{
	struct hw_irq *irq = arg;
	if (irq->closed || irq->in_flight)
		return;
	irq->in_flight = isolate_post_callback(irq->isolate, irq_deliver, irq);
}

static void irq_handler(void *arg)
{
	struct hw_irq *irq = arg;
	if (irq->level)
		ioapic_mask(irq->gsi);
	work_queue(&irq->work);
	sched_poke();
}

static JSValue irq_register(JSContext *ctx, JSValueConst handler, struct hw_irq **out)
{
	if (!JS_IsFunction(ctx, handler))
		return JS_ThrowTypeError(ctx, "the interrupt handler must be a function");
	struct hw_irq *irq = kmalloc(sizeof(*irq));
	if (!irq)
		return JS_ThrowOutOfMemory(ctx);
	memset(irq, 0, sizeof(*irq));
	irq->isolate = isolate_of(ctx)->id;
	irq->handler = JS_DupValue(ctx, handler);
	irq->work.fn = irq_work;
	irq->work.arg = irq;
	irq->vector = arch_irq_alloc(irq_handler, irq);
	if (irq->vector < 0) {
		JS_FreeValue(ctx, irq->handler);
		kfree(irq);
		return JS_ThrowRangeError(ctx, "no interrupt vector left");
	}
	irq->next = irqs;
	irqs = irq;
	sched_hold();                  /* an open interrupt can wake its isolate */
	*out = irq;
	return JS_UNDEFINED;
}

/* irqOpen(gsi, handler, level, activeLow) -> id */
static JSValue js_irq_open(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	if (denied(ctx))
		return JS_EXCEPTION;
	int32_t gsi;
	if (JS_ToInt32(ctx, &gsi, argv[0]))
		return JS_EXCEPTION;
	struct hw_irq *irq;
	JSValue r = irq_register(ctx, argv[1], &irq);
	if (JS_IsException(r))
		return r;
	irq->level = JS_ToBool(ctx, argv[2]);
	irq->gsi = (uint32_t)gsi;
	int err;
	if (gsi < 16 && !irq->level) {
		/* An ISA line may sit on another pin (MADT overrides): use that GSI. */
		int routed = ioapic_route_isa(gsi, (uint8_t)irq->vector);
		err = routed < 0 ? routed : 0;
		if (routed >= 0)
			irq->gsi = (uint32_t)routed;
	} else {
		err = ioapic_route((uint32_t)gsi, (uint8_t)irq->vector, irq->level, JS_ToBool(ctx, argv[3]));
	}
	if (err == 0 && ioapic_unmask(irq->gsi) < 0)
		err = -ENODEV;
	if (err < 0) {
		irq->closed = true;
		sched_release();
		if (err == -EBUSY)
			return JS_Throw(ctx, js_error(ctx, NULL, "EBUSY", "interrupt line %d is in use (by a kernel driver or an open hw.irq)", gsi));
		return JS_ThrowRangeError(ctx, "interrupt line %d cannot be routed (no IOAPIC has it)", gsi);
	}
	return JS_NewInt32(ctx, irq->vector);
}

/* msixOpen(bus, slot, func, entry, handler) -> id */
static JSValue js_msix_open(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	if (denied(ctx))
		return JS_EXCEPTION;
	const struct pci_device *d = pci_at(ctx, argv[0], argv[1], argv[2]);
	int32_t entry;
	if (!d || JS_ToInt32(ctx, &entry, argv[3]))
		return JS_EXCEPTION;
	struct hw_irq *irq;
	JSValue r = irq_register(ctx, argv[4], &irq);
	if (JS_IsException(r))
		return r;
	irq->msix = true;
	if (pci_msix_enable(d, entry, irq->vector) < 0) {
		irq->closed = true;
		sched_release();
		return JS_ThrowRangeError(ctx, "the device has no MSI-X entry %d", entry);
	}
	return JS_NewInt32(ctx, irq->vector);
}

static void irq_close(struct isolate *iso, struct hw_irq *irq)
{
	if (irq->closed)
		return;
	irq->closed = true;
	if (!irq->msix)
		ioapic_release(irq->gsi);
	if (iso && iso->ctx)
		JS_FreeValue(iso->ctx, irq->handler);
	irq->handler = JS_UNDEFINED;
	sched_release();
}

/* irqClose(id) */
static JSValue js_irq_close(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	int32_t id;
	if (JS_ToInt32(ctx, &id, argv[0]))
		return JS_EXCEPTION;
	struct isolate *iso = isolate_of(ctx);
	for (struct hw_irq *irq = irqs; irq; irq = irq->next)
		if (irq->vector == id && irq->isolate == iso->id)
			irq_close(iso, irq);
	return JS_UNDEFINED;
}

/* When an isolate ends, its interrupts are closed (the vectors stay
 * allocated, their handlers do nothing). */
void hw_isolate_exited(struct isolate *iso)
{
	for (struct hw_irq *irq = irqs; irq; irq = irq->next)
		if (irq->isolate == iso->id)
			irq_close(iso, irq);
}

/* reboot(): lib/rtjs/hw.js has flushed the block devices. */
static JSValue js_reboot(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc; (void)argv;
	if (denied(ctx))
		return JS_EXCEPTION;
	kernel_reboot();
}

/* powerOff(code): the machine stops at once; the host runner gets code. */
static JSValue js_power_off(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	int32_t code;
	if (denied(ctx) || JS_ToInt32(ctx, &code, argv[0]))
		return JS_EXCEPTION;
	kernel_exit(code & 0xff);
}

static JSValue js_pci_read(JSContext *ctx, JSValueConst t, int argc, JSValueConst *argv) { return js_pci_access(ctx, t, argc, argv, 0); }
static JSValue js_pci_write(JSContext *ctx, JSValueConst t, int argc, JSValueConst *argv) { return js_pci_access(ctx, t, argc, argv, 1); }
static JSValue js_port_read(JSContext *ctx, JSValueConst t, int argc, JSValueConst *argv) { return js_port(ctx, t, argc, argv, 0); }
static JSValue js_port_write(JSContext *ctx, JSValueConst t, int argc, JSValueConst *argv) { return js_port(ctx, t, argc, argv, 1); }

const JSCFunctionListEntry js_hw_funcs[] = {
	JS_CFUNC_DEF("pciDevices", 0, js_pci_devices),
	JS_CFUNC_DEF("pciRead", 5, js_pci_read),
	JS_CFUNC_DEF("virtioMmioDevices", 0, js_virtio_mmio_devices),
	JS_CFUNC_DEF("pciWrite", 6, js_pci_write),
	JS_CFUNC_DEF("portRead", 2, js_port_read),
	JS_CFUNC_DEF("portWrite", 3, js_port_write),
	JS_CFUNC_DEF("mmio", 2, js_mmio),
	JS_CFUNC_DEF("dmaAlloc", 1, js_dma_alloc),
	JS_CFUNC_DEF("irqOpen", 4, js_irq_open),
	JS_CFUNC_DEF("msixOpen", 5, js_msix_open),
	JS_CFUNC_DEF("irqClose", 1, js_irq_close),
	JS_CFUNC_DEF("reboot", 0, js_reboot),
	JS_CFUNC_DEF("powerOff", 1, js_power_off),
};
const int js_hw_funcs_count = sizeof(js_hw_funcs) / sizeof(js_hw_funcs[0]);
