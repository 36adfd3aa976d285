/* ACPI table parser: RSDP, XSDT/RSDT, MADT, FADT, MCFG, and in the AML of
 * the DSDT and SSDTs the \_S5 object and the virtio-mmio Devices. Portable (host-tested): physical memory is reached only
 * through struct acpi_memory, and every length and offset read from a table
 * is checked before it is used. Layouts are ACPI 6.5's, chapter 5. */
#include "acpi.h"

#include <errno.h>
#include <string.h>

#define HEADER_LEN 36
#define TABLE_LEN_MAX (16u << 20)   /* a DSDT of a big server is ~1 MiB */
#define ROOT_ENTRIES_MAX 256

/* Little-endian loads that do not care about alignment. */
static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p) { return (uint32_t)rd16(p) | (uint32_t)rd16(p + 2) << 16; }
static uint64_t rd64(const uint8_t *p) { return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32; }

static uint8_t checksum(const uint8_t *p, uint64_t len)
{
	uint8_t sum = 0;
	for (uint64_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + p[i]);
	return sum;
}

#define LOG(m, ...) do { if ((m)->log) (m)->log((m)->ctx, __VA_ARGS__); } while (0)

/* ---- RSDP ---- */

/* RSDP: "RSD PTR " 0, checksum 8 (first 20 bytes), OEM 9, revision 15,
 * RSDT 16; revision 2+: length 20, XSDT 24, extended checksum 32 (all). */
enum { RSDP_V1_LEN = 20, RSDP_V2_LEN = 36 };

static bool rsdp_valid(const uint8_t *p)
{
	if (memcmp(p, "RSD PTR ", 8) != 0 || checksum(p, RSDP_V1_LEN) != 0)
		return false;
	return true;
}

uint64_t acpi_find_rsdp(const struct acpi_memory *m, uint64_t base, uint64_t len)
{
	uint64_t start = (base + 15) & ~15ull;
	if (len < RSDP_V1_LEN || start > base + len - RSDP_V1_LEN)
		return 0;
	const uint8_t *p = m->map(m->ctx, start, base + len - start);
	if (!p)
		return 0;
	for (uint64_t off = 0; start + off + RSDP_V1_LEN <= base + len; off += 16)
		if (rsdp_valid(p + off))
			return start + off;
	return 0;
}

/* ---- tables ---- */

static void note_table(struct acpi_info *info, const char *sig, uint64_t addr, uint32_t len, bool valid)
{
	if (info->ntables >= ACPI_TABLES_MAX)
		return;
	struct acpi_table_ref *t = &info->tables[info->ntables++];
	for (int i = 0; i < 4; i++)
		t->sig[i] = sig[i] >= 0x20 && sig[i] < 0x7f ? sig[i] : '?';
	t->sig[4] = 0;
	t->address = addr;
	t->length = len;
	t->valid = valid;
}

/* Maps the whole table at addr once its header, length and checksum are
 * good; else says why it is skipped and returns NULL. */
static const uint8_t *map_table(const struct acpi_memory *m, struct acpi_info *info, uint64_t addr)
{
	const uint8_t *h = addr ? m->map(m->ctx, addr, HEADER_LEN) : NULL;
	if (!h) {
		LOG(m, "acpi: a table at %#llx is out of reach; skipped", (unsigned long long)addr);
		note_table(info, "????", addr, 0, false);
		return NULL;
	}
	char sig[4];
	memcpy(sig, h, 4);
	uint32_t len = rd32(h + 4);
	if (len < HEADER_LEN || len > TABLE_LEN_MAX) {
		LOG(m, "acpi: table %.4s at %#llx has a bad length (%u); skipped", sig,
		    (unsigned long long)addr, len);
		note_table(info, sig, addr, len, false);
		return NULL;
	}
	const uint8_t *t = m->map(m->ctx, addr, len);
	if (!t) {
		LOG(m, "acpi: table %.4s at %#llx (%u bytes) is out of reach; skipped", sig,
		    (unsigned long long)addr, len);
		note_table(info, sig, addr, len, false);
		return NULL;
	}
	if (checksum(t, len) != 0) {
		LOG(m, "acpi: table %.4s at %#llx has a bad checksum; skipped", sig, (unsigned long long)addr);
		note_table(info, sig, addr, len, false);
		return NULL;
	}
	note_table(info, sig, addr, len, true);
	return t;
}

/* ---- MADT ("APIC"): local APIC address 36, flags 40, entries from 44 ---- */

enum {
	MADT_LAPIC = 0, MADT_IOAPIC = 1, MADT_OVERRIDE = 2, MADT_LAPIC_ADDRESS = 5, MADT_X2APIC = 9,
};

static void add_cpu(struct acpi_info *info, uint32_t apic_id, uint32_t flags)
{
	if (!(flags & 1))          /* disabled; bit 1 only says it could be hot-added */
		return;
	if (info->ncpus < ACPI_CPUS_MAX)
		info->cpu_apic_ids[info->ncpus] = apic_id;
	info->ncpus++;
}

static void parse_madt(const struct acpi_memory *m, struct acpi_info *info, const uint8_t *t, uint32_t len)
{
	if (len < 44) {
		LOG(m, "acpi: MADT too short (%u bytes); ignored", len);
		return;
	}
	info->has_madt = true;
	info->lapic_address = rd32(t + 36);
	info->pcat_compat = rd32(t + 40) & 1;
	for (uint32_t off = 44; off + 2 <= len;) {
		const uint8_t *e = t + off;
		uint8_t type = e[0], elen = e[1];
		if (elen < 2 || off + elen > len) {
			LOG(m, "acpi: MADT entry at offset %u has a bad length (%u); the rest is ignored", off, elen);
			return;
		}
		switch (type) {
		case MADT_LAPIC:
			if (elen >= 8)
				add_cpu(info, e[3], rd32(e + 4));
			break;
		case MADT_X2APIC:
			if (elen >= 16)
				add_cpu(info, rd32(e + 4), rd32(e + 8));
			break;
		case MADT_IOAPIC:
			if (elen >= 12 && info->nioapics < ACPI_IOAPICS_MAX)
				info->ioapics[info->nioapics++] = (struct acpi_ioapic){
					.id = e[2], .address = rd32(e + 4), .gsi_base = rd32(e + 8) };
			break;
		case MADT_OVERRIDE:
			if (elen >= 10 && info->noverrides < ACPI_OVERRIDES_MAX)
				info->overrides[info->noverrides++] = (struct acpi_irq_override){
					.bus = e[2], .irq = e[3], .gsi = rd32(e + 4), .flags = rd16(e + 8) };
			break;
		case MADT_LAPIC_ADDRESS:
			if (elen >= 12)
				info->lapic_address = rd64(e + 4);
			break;
		}
		off += elen;
	}
}

/* ---- FADT ("FACP") ---- */

enum {
	FADT_DSDT = 40, FADT_SCI_INT = 46, FADT_SMI_CMD = 48, FADT_ACPI_ENABLE = 52,
	FADT_PM1A_CNT_BLK = 64, FADT_PM1B_CNT_BLK = 68, FADT_PM1_CNT_LEN = 89,
	FADT_FLAGS = 112, FADT_RESET_REG = 116, FADT_RESET_VALUE = 128,
	FADT_X_DSDT = 140, FADT_X_PM1A_CNT_BLK = 172, FADT_X_PM1B_CNT_BLK = 184,
	FADT_SLEEP_CONTROL_REG = 244, FADT_SLEEP_STATUS_REG = 256,
	GAS_LEN = 12,
};
#define FADT_RESET_REG_SUP (1u << 10)
#define FADT_HW_REDUCED_ACPI (1u << 20)

static struct acpi_gas read_gas(const uint8_t *p)
{
	return (struct acpi_gas){ .space = p[0], .bit_width = p[1], .bit_offset = p[2],
				  .access_size = p[3], .address = rd64(p + 4) };
}

/* The 64-bit X_ block when the table has it and it is set, else the legacy
 * port number with the legacy length. */
static struct acpi_gas pm_block(const uint8_t *t, uint32_t len, int x_off, int legacy_off, uint8_t legacy_len)
{
	if (len >= (uint32_t)x_off + GAS_LEN) {
		struct acpi_gas g = read_gas(t + x_off);
		if (g.address)
			return g;
	}
	struct acpi_gas g = { .space = ACPI_SPACE_IO, .bit_width = (uint8_t)(legacy_len * 8) };
	if (len >= (uint32_t)legacy_off + 4)
		g.address = rd32(t + legacy_off);
	if (!g.bit_width)
		g.bit_width = 16;
	return g;
}

static void parse_fadt(const struct acpi_memory *m, struct acpi_info *info, const uint8_t *t, uint32_t len)
{
	if (len < FADT_PM1_CNT_LEN + 1) {
		LOG(m, "acpi: FADT too short (%u bytes); ignored", len);
		return;
	}
	info->has_fadt = true;
	info->dsdt = rd32(t + FADT_DSDT);
	if (len >= FADT_X_DSDT + 8 && rd64(t + FADT_X_DSDT))
		info->dsdt = rd64(t + FADT_X_DSDT);
	info->sci_irq = rd16(t + FADT_SCI_INT);
	info->smi_cmd = rd32(t + FADT_SMI_CMD);
	info->acpi_enable = t[FADT_ACPI_ENABLE];
	uint8_t cnt_len = t[FADT_PM1_CNT_LEN];
	info->pm1a_cnt = pm_block(t, len, FADT_X_PM1A_CNT_BLK, FADT_PM1A_CNT_BLK, cnt_len);
	info->pm1b_cnt = pm_block(t, len, FADT_X_PM1B_CNT_BLK, FADT_PM1B_CNT_BLK, cnt_len);
	uint32_t flags = len >= FADT_FLAGS + 4 ? rd32(t + FADT_FLAGS) : 0;
	info->hw_reduced = flags & FADT_HW_REDUCED_ACPI;
	if (len >= FADT_RESET_VALUE + 1 && (flags & FADT_RESET_REG_SUP)) {
		info->reset_reg = read_gas(t + FADT_RESET_REG);
		info->reset_value = t[FADT_RESET_VALUE];
		info->has_reset = info->reset_reg.address != 0;
	}
	if (len >= FADT_SLEEP_STATUS_REG + GAS_LEN) {
		info->sleep_control = read_gas(t + FADT_SLEEP_CONTROL_REG);
		info->sleep_status = read_gas(t + FADT_SLEEP_STATUS_REG);
	}
}

/* ---- MCFG: 8 reserved bytes at 36, then 16-byte entries from 44 ---- */

static void parse_mcfg(const struct acpi_memory *m, struct acpi_info *info, const uint8_t *t, uint32_t len)
{
	(void)m;
	for (uint32_t off = 44; off + 16 <= len && info->necam < ACPI_ECAM_MAX; off += 16)
		info->ecam[info->necam++] = (struct acpi_ecam){
			.base = rd64(t + off), .segment = rd16(t + off + 8),
			.bus_start = t[off + 10], .bus_end = t[off + 11] };
}

/* ---- AML: Name(_S5_, Package(){ ... }) ---- */

enum {
	AML_ZERO = 0x00, AML_ONE = 0x01, AML_NAME = 0x08, AML_BYTE = 0x0a, AML_WORD = 0x0b,
	AML_DWORD = 0x0c, AML_QWORD = 0x0e, AML_PACKAGE = 0x12, AML_ONES = 0xff,
};

/* One integer element of a package at *p, below end; false if it is
 * something else (a name, a nested package, ...). */
static bool aml_integer(const uint8_t *aml, size_t *p, size_t end, uint64_t *v)
{
	if (*p >= end)
		return false;
	uint8_t op = aml[(*p)++];
	size_t n;
	switch (op) {
	case AML_ZERO: *v = 0; return true;
	case AML_ONE: *v = 1; return true;
	case AML_ONES: *v = ~0ull; return true;
	case AML_BYTE: n = 1; break;
	case AML_WORD: n = 2; break;
	case AML_DWORD: n = 4; break;
	case AML_QWORD: n = 8; break;
	default: return false;
	}
	if (end - *p < n)
		return false;
	*v = 0;
	for (size_t i = 0; i < n; i++)
		*v |= (uint64_t)aml[*p + i] << (8 * i);
	*p += n;
	return true;
}

/* PkgLength at aml[*p]: bits 7-6 of the lead byte count the bytes that
 * follow; the length counts itself and runs to the object's end. Sets *end
 * (within len) and moves *p past the encoding; false if it does not fit. */
static bool aml_pkg_length(const uint8_t *aml, size_t len, size_t *p, size_t *end)
{
	size_t start = *p, q = *p;
	if (q >= len)
		return false;
	uint8_t lead = aml[q++];
	size_t follow = lead >> 6;
	size_t pkglen = follow ? lead & 0x0f : lead & 0x3f;
	if (len - q < follow)
		return false;
	for (size_t i = 0; i < follow; i++)
		pkglen |= (size_t)aml[q++] << (4 + 8 * i);
	if (pkglen < follow + 1 || pkglen > len - start)
		return false;
	*p = q;
	*end = start + pkglen;
	return true;
}

/* Decodes the package that follows a "_S5_" name at aml[at]. */
static bool aml_s5_package(const uint8_t *aml, size_t len, size_t at, uint8_t *a, uint8_t *b)
{
	size_t p = at + 4;
	if (p >= len || aml[p] != AML_PACKAGE)
		return false;
	p++;
	size_t end;
	if (!aml_pkg_length(aml, len, &p, &end) || p >= end)
		return false;
	uint8_t count = aml[p++];
	uint64_t va = 0, vb = 0;
	if (count < 1 || !aml_integer(aml, &p, end, &va))
		return false;
	if (count >= 2 && !aml_integer(aml, &p, end, &vb))
		return false;
	*a = (uint8_t)(va & 7);
	*b = (uint8_t)(vb & 7);
	return true;
}

int acpi_aml_find_s5(const uint8_t *aml, size_t len, uint8_t *a, uint8_t *b)
{
	for (size_t i = 1; i + 4 <= len; i++) {
		if (memcmp(aml + i, "_S5_", 4) != 0)
			continue;
		/* A declaration, Name(_S5_) or Name(\_S5_), not a use of the name. */
		bool named = aml[i - 1] == AML_NAME || (i >= 2 && aml[i - 1] == '\\' && aml[i - 2] == AML_NAME);
		if (named && aml_s5_package(aml, len, i, a, b))
			return 0;
	}
	return -ENOENT;
}

/* ---- AML: virtio-mmio Devices, _HID "LNRO0005" ---- */

enum {
	AML_STRING = 0x0d, AML_BUFFER = 0x11, AML_EXT = 0x5b, AML_DEVICE = 0x82,
	AML_ROOT = 0x5c, AML_PARENT = 0x5e, AML_DUAL_NAME = 0x2e, AML_MULTI_NAME = 0x2f,
};

static const char virtio_mmio_hid[] = "LNRO0005";

static bool aml_lead_char(uint8_t c) { return (c >= 'A' && c <= 'Z') || c == '_'; }
static bool aml_name_char(uint8_t c) { return aml_lead_char(c) || (c >= '0' && c <= '9'); }

static bool aml_name_seg(const uint8_t *aml, size_t p, size_t end)
{
	return end - p >= 4 && aml_lead_char(aml[p]) && aml_name_char(aml[p + 1]) &&
	       aml_name_char(aml[p + 2]) && aml_name_char(aml[p + 3]);
}

/* A NameString at aml[*p], below end: moves *p past it and copies its
 * last segment to seg (5 bytes, "" for the null name). */
static bool aml_name_string(const uint8_t *aml, size_t *p, size_t end, char *seg)
{
	size_t q = *p;
	if (q < end && aml[q] == AML_ROOT)
		q++;
	else
		while (q < end && aml[q] == AML_PARENT)
			q++;
	if (q >= end)
		return false;
	size_t count = 1;
	if (aml[q] == 0) {
		seg[0] = 0;
		*p = q + 1;
		return true;
	} else if (aml[q] == AML_DUAL_NAME) {
		count = 2;
		q++;
	} else if (aml[q] == AML_MULTI_NAME) {
		if (end - q < 2 || aml[q + 1] == 0)
			return false;
		count = aml[q + 1];
		q += 2;
	}
	for (size_t i = 0; i < count; i++, q += 4)
		if (!aml_name_seg(aml, q, end))
			return false;
	memcpy(seg, aml + q - 4, 4);
	seg[4] = 0;
	*p = q;
	return true;
}

/* Name(SEG, ...) at aml[p]: the NameOp and a 4-character segment. */
static bool aml_is_name(const uint8_t *aml, size_t p, size_t end, const char *seg)
{
	return end - p >= 6 && aml[p] == AML_NAME && !memcmp(aml + p + 1, seg, 4);
}

/* Large resource descriptors (ACPI 6.5, 6.4.3) and the small End Tag. */
enum { RES_END_TAG = 0x0f, RES_MEMORY32_FIXED = 0x86, RES_EXTENDED_IRQ = 0x89 };
#define EXT_IRQ_EDGE       (1u << 1)
#define EXT_IRQ_ACTIVE_LOW (1u << 2)

/* Decodes a resource template (a _CRS buffer's bytes) into v; NULL, or
 * why it is refused. Every descriptor must fit inside the template and
 * the template must end with an End Tag. */
static const char *decode_virtio_crs(const uint8_t *b, size_t n, struct acpi_virtio_mmio *v)
{
	bool mem = false, irq = false;
	for (size_t off = 0; off < n;) {
		uint8_t tag = b[off];
		if (!(tag & 0x80)) {                 /* small: name in bits 6-3, length in 2-0 */
			size_t dlen = tag & 7;
			if (dlen > n - off - 1)
				return "a small resource descriptor runs past the end of _CRS";
			if ((tag >> 3 & 0x0f) == RES_END_TAG) {
				if (dlen != 1)
					return "the End Tag is not 2 bytes long";
				if (!mem)
					return "no Memory32Fixed descriptor in _CRS";
				if (!irq)
					return "no Extended Interrupt descriptor in _CRS";
				if (v->size == 0)
					return "the Memory32Fixed descriptor's length is 0";
				return NULL;
			}
			off += 1 + dlen;
			continue;
		}
		if (n - off < 3)
			return "a large resource descriptor is cut short";
		size_t dlen = rd16(b + off + 1);
		if (dlen > n - off - 3)
			return "a large resource descriptor runs past the end of _CRS";
		const uint8_t *d = b + off + 3;
		if (tag == RES_MEMORY32_FIXED) {
			if (dlen != 9)
				return "a Memory32Fixed descriptor is not 12 bytes long";
			if (!mem) {
				v->base = rd32(d + 1);
				v->size = rd32(d + 5);
				mem = true;
			}
		} else if (tag == RES_EXTENDED_IRQ) {
			if (dlen < 6 || d[1] == 0 || (size_t)d[1] * 4 > dlen - 2)
				return "an Extended Interrupt descriptor's count does not fit its length";
			if (!irq) {
				v->level = !(d[0] & EXT_IRQ_EDGE);
				v->active_low = d[0] & EXT_IRQ_ACTIVE_LOW;
				v->gsi = rd32(d + 2);
				irq = true;
			}
		}
		off += 3 + dlen;
	}
	return "_CRS has no End Tag";
}

/* Buffer(size){bytes} at aml[p], below end: the initializer bytes. */
static const char *aml_buffer(const uint8_t *aml, size_t p, size_t end, size_t *start, size_t *stop)
{
	if (p >= end || aml[p] != AML_BUFFER)
		return "_CRS is not a buffer";
	p++;
	size_t bend;
	uint64_t size;
	if (!aml_pkg_length(aml, end, &p, &bend))
		return "the _CRS buffer runs past its Device";
	if (!aml_integer(aml, &p, bend, &size))
		return "the _CRS buffer's size is not a constant";
	/* The contents count, not the size: a larger size only pads with
	 * zeros (ACPI 6.5, 19.6.10), and the End Tag must come before that. */
	*start = p;
	*stop = bend;
	return NULL;
}

/* The body of a Device, [p, end): its _HID and _CRS, but not those of the
 * Devices inside it. Returns whether it is a virtio-mmio Device. */
static bool scan_device(const uint8_t *aml, size_t p, size_t end, struct acpi_virtio_mmio *v)
{
	bool virtio = false;
	const char *crs_problem = "no Name(_CRS, Buffer) (a _CRS Method needs an AML interpreter)";
	while (p < end) {
		size_t q = p + 2, inner_end;
		if (end - p >= 2 && aml[p] == AML_EXT && aml[p + 1] == AML_DEVICE &&
		    aml_pkg_length(aml, end, &q, &inner_end)) {
			p = inner_end;
		} else if (aml_is_name(aml, p, end, "_HID")) {
			p += 5;
			if (aml[p] == AML_STRING && end - p > sizeof(virtio_mmio_hid) &&
			    !memcmp(aml + p + 1, virtio_mmio_hid, sizeof(virtio_mmio_hid))) {
				virtio = true;
				p += 1 + sizeof(virtio_mmio_hid);
			}
		} else if (aml_is_name(aml, p, end, "_CRS") && crs_problem) {
			size_t start, stop;
			crs_problem = aml_buffer(aml, p + 5, end, &start, &stop);
			if (!crs_problem) {
				crs_problem = decode_virtio_crs(aml + start, stop - start, v);
				p = stop;
			} else {
				p += 5;
			}
		} else {
			p++;
		}
	}
	v->problem = crs_problem;
	return virtio;
}

int acpi_aml_find_virtio_mmio(const uint8_t *aml, size_t len, struct acpi_virtio_mmio *out, int max)
{
	int found = 0;
	for (size_t i = 0; len >= 2 && i < len - 1; i++) {
		if (aml[i] != AML_EXT || aml[i + 1] != AML_DEVICE)
			continue;
		/* Device(NameString){ ... }: the PkgLength covers the name too */
		size_t p = i + 2, end;
		struct acpi_virtio_mmio v = { .name = "" };
		if (!aml_pkg_length(aml, len, &p, &end) || !aml_name_string(aml, &p, end, v.name))
			continue;
		if (!scan_device(aml, p, end, &v))
			continue;
		if (found < max)
			out[found] = v;
		found++;
	}
	return found;
}

/* ---- the root ---- */

static void parse_table(const struct acpi_memory *m, struct acpi_info *info, uint64_t addr,
			uint64_t *ssdts, int *nssdt, int ssdt_max)
{
	const uint8_t *t = map_table(m, info, addr);
	if (!t)
		return;
	uint32_t len = rd32(t + 4);
	if (!memcmp(t, "APIC", 4) && !info->has_madt)
		parse_madt(m, info, t, len);
	else if (!memcmp(t, "FACP", 4) && !info->has_fadt)
		parse_fadt(m, info, t, len);
	else if (!memcmp(t, "MCFG", 4) && !info->necam)
		parse_mcfg(m, info, t, len);
	else if (!memcmp(t, "SSDT", 4) && *nssdt < ssdt_max)
		ssdts[(*nssdt)++] = addr;
}

/* The virtio-mmio Devices of one table's AML, kept if usable. */
static void find_virtio_mmio(const struct acpi_memory *m, struct acpi_info *info, const uint8_t *aml, size_t len)
{
	struct acpi_virtio_mmio v[ACPI_VIRTIO_MMIO_MAX];
	int n = acpi_aml_find_virtio_mmio(aml, len, v, ACPI_VIRTIO_MMIO_MAX);
	for (int i = 0; i < n && i < ACPI_VIRTIO_MMIO_MAX; i++) {
		if (v[i].problem) {
			LOG(m, "acpi: virtio-mmio device %s: %s; ignored", v[i].name, v[i].problem);
		} else if (info->nvirtio_mmio >= ACPI_VIRTIO_MMIO_MAX) {
			LOG(m, "acpi: more than %d virtio-mmio devices; %s ignored", ACPI_VIRTIO_MMIO_MAX, v[i].name);
		} else {
			info->virtio_mmio[info->nvirtio_mmio++] = v[i];
		}
	}
	if (n > ACPI_VIRTIO_MMIO_MAX)
		LOG(m, "acpi: %d virtio-mmio devices in one table; the first %d are used", n, ACPI_VIRTIO_MMIO_MAX);
}

/* The DSDT's AML, then the SSDTs': \_S5 (which a few firmwares put in an
 * SSDT) and the virtio-mmio Devices. */
static void parse_aml(const struct acpi_memory *m, struct acpi_info *info, const uint64_t *ssdts, int nssdt)
{
	const uint8_t *t = info->dsdt ? map_table(m, info, info->dsdt) : NULL;
	if (t && memcmp(t, "DSDT", 4) != 0) {
		LOG(m, "acpi: the FADT's DSDT at %#llx is a %.4s; ignored", (unsigned long long)info->dsdt, (const char *)t);
		t = NULL;
	}
	if (t) {
		const uint8_t *aml = t + HEADER_LEN;
		size_t len = rd32(t + 4) - HEADER_LEN;
		info->has_s5 = acpi_aml_find_s5(aml, len, &info->s5_typ_a, &info->s5_typ_b) == 0;
		find_virtio_mmio(m, info, aml, len);
	}
	for (int i = 0; i < nssdt; i++) {
		const uint8_t *s = m->map(m->ctx, ssdts[i], HEADER_LEN);
		uint32_t len = s ? rd32(s + 4) : 0;
		s = s && len >= HEADER_LEN ? m->map(m->ctx, ssdts[i], len) : NULL;   /* checksum checked in the walk */
		if (!s)
			continue;
		if (!info->has_s5)
			info->has_s5 = acpi_aml_find_s5(s + HEADER_LEN, len - HEADER_LEN, &info->s5_typ_a, &info->s5_typ_b) == 0;
		find_virtio_mmio(m, info, s + HEADER_LEN, len - HEADER_LEN);
	}
}

int acpi_parse(const struct acpi_memory *m, uint64_t rsdp, struct acpi_info *info)
{
	memset(info, 0, sizeof(*info));
	const uint8_t *r = rsdp ? m->map(m->ctx, rsdp, RSDP_V1_LEN) : NULL;
	if (!r || !rsdp_valid(r)) {
		LOG(m, "acpi: no valid RSDP at %#llx", (unsigned long long)rsdp);
		return -EINVAL;
	}
	uint8_t revision = r[15];
	uint64_t xsdt = 0;
	if (revision >= 2) {
		r = m->map(m->ctx, rsdp, RSDP_V2_LEN);
		if (r && rd32(r + 20) >= RSDP_V2_LEN && checksum(r, RSDP_V2_LEN) == 0)
			xsdt = rd64(r + 24);
		else
			LOG(m, "acpi: the RSDP's extended checksum is bad; using the RSDT");
		r = m->map(m->ctx, rsdp, RSDP_V1_LEN);
	}
	info->rsdp = rsdp;
	info->revision = revision;
	for (int i = 0; i < 6; i++)
		info->oem[i] = !r[9 + i] ? ' ' : r[9 + i] >= 0x20 && r[9 + i] < 0x7f ? (char)r[9 + i] : '?';
	for (int i = 6; i >= 0 && (info->oem[i] == 0 || info->oem[i] == ' '); i--)
		info->oem[i] = 0;

	/* The XSDT (64-bit entries) when there is a good one, else the RSDT. */
	const uint8_t *root = NULL;
	if (xsdt) {
		root = map_table(m, info, xsdt);
		if (root && memcmp(root, "XSDT", 4) != 0) {
			LOG(m, "acpi: the RSDP's XSDT is a %.4s; using the RSDT", (const char *)root);
			root = NULL;
		}
		info->xsdt = root != NULL;
	}
	if (!root) {
		uint32_t rsdt = rd32(r + 16);
		root = map_table(m, info, rsdt);
		if (root && memcmp(root, "RSDT", 4) != 0) {
			LOG(m, "acpi: the RSDP's RSDT is a %.4s; no tables", (const char *)root);
			root = NULL;
		}
	}
	if (!root)
		return 0;

	uint32_t esize = info->xsdt ? 8 : 4;
	uint32_t n = (rd32(root + 4) - HEADER_LEN) / esize;
	if (n > ROOT_ENTRIES_MAX)
		n = ROOT_ENTRIES_MAX;
	uint64_t ssdts[16];
	int nssdt = 0;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *e = root + HEADER_LEN + i * esize;
		parse_table(m, info, esize == 8 ? rd64(e) : rd32(e), ssdts, &nssdt, (int)(sizeof(ssdts) / sizeof(ssdts[0])));
	}
	if (info->has_fadt)
		parse_aml(m, info, ssdts, nssdt);
	return 0;
}
