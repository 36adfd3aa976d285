/* ACPI table parser: RSDP, XSDT/RSDT, MADT, FADT, MCFG and the \_S5 object
 * of the DSDT's AML. Portable (host-tested): physical memory is reached only
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

/* Decodes the package that follows a "_S5_" name at aml[at]. */
static bool aml_s5_package(const uint8_t *aml, size_t len, size_t at, uint8_t *a, uint8_t *b)
{
	size_t p = at + 4;
	if (p >= len || aml[p] != AML_PACKAGE)
		return false;
	p++;
	/* PkgLength: bits 7-6 of the lead byte count the bytes that follow;
	 * the length counts itself and runs to the package's end. */
	size_t start = p;
	if (p >= len)
		return false;
	uint8_t lead = aml[p++];
	size_t follow = lead >> 6;
	size_t pkglen = follow ? lead & 0x0f : lead & 0x3f;
	if (len - p < follow)
		return false;
	for (size_t i = 0; i < follow; i++)
		pkglen |= (size_t)aml[p++] << (4 + 8 * i);
	size_t end = start + pkglen;
	if (pkglen < follow + 1 || end > len || p >= end)
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

/* \_S5 lives in the DSDT; a few firmwares put it in an SSDT. */
static void find_s5(const struct acpi_memory *m, struct acpi_info *info, const uint64_t *ssdts, int nssdt)
{
	const uint8_t *t = info->dsdt ? map_table(m, info, info->dsdt) : NULL;
	if (t && memcmp(t, "DSDT", 4) != 0) {
		LOG(m, "acpi: the FADT's DSDT at %#llx is a %.4s; ignored", (unsigned long long)info->dsdt, (const char *)t);
		t = NULL;
	}
	if (t && acpi_aml_find_s5(t + HEADER_LEN, rd32(t + 4) - HEADER_LEN, &info->s5_typ_a, &info->s5_typ_b) == 0) {
		info->has_s5 = true;
		return;
	}
	for (int i = 0; i < nssdt; i++) {
		const uint8_t *s = m->map(m->ctx, ssdts[i], HEADER_LEN);
		uint32_t len = s ? rd32(s + 4) : 0;
		s = s && len >= HEADER_LEN ? m->map(m->ctx, ssdts[i], len) : NULL;   /* checksum checked in the walk */
		if (s && acpi_aml_find_s5(s + HEADER_LEN, len - HEADER_LEN, &info->s5_typ_a, &info->s5_typ_b) == 0) {
			info->has_s5 = true;
			return;
		}
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
		find_s5(m, info, ssdts, nssdt);
	return 0;
}
