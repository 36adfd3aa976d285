/* Host tests for the portable PCI configuration rules: which MCFG window
 * serves segment 0, where a function's registers are in it, and which
 * accesses are refused (and why). */
#include <errno.h>

#include "acpi.h"
#include "check.h"
#include "pci.h"

static void q35_window_is_chosen(void)
{
	/* What QEMU's q35 MCFG says (tests/host/test_acpi_tables.c reads it). */
	const struct acpi_ecam w[] = { { .base = 0xb0000000, .segment = 0, .bus_start = 0, .bus_end = 255 } };
	struct pci_ecam e;
	REQUIRE(pci_ecam_choose(w, 1, &e) == 0);
	CHECK(e.base == 0xb0000000 && e.bus_start == 0 && e.bus_end == 255);
}

static void no_window_for_segment_0(void)
{
	const struct acpi_ecam w[] = { { .base = 0xe0000000, .segment = 1, .bus_start = 0, .bus_end = 15 } };
	struct pci_ecam e = { .base = 42 };
	CHECK(pci_ecam_choose(w, 0, &e) == -ENOENT);
	CHECK(pci_ecam_choose(w, 1, &e) == -ENOENT);
	CHECK(e.base == 42);                    /* untouched */
}

static void malformed_windows_are_refused(void)
{
	const struct acpi_ecam bad[] = {
		{ .base = 0xb0080000, .segment = 0, .bus_start = 0, .bus_end = 255 },   /* not 1 MiB aligned */
		{ .base = 0, .segment = 0, .bus_start = 0, .bus_end = 255 },
		{ .base = 0xb0000000, .segment = 0, .bus_start = 9, .bus_end = 8 },
		{ .base = 0xfffffffffff00000ull, .segment = 0, .bus_start = 0, .bus_end = 0 },   /* wraps */
	};
	struct pci_ecam e;
	for (int i = 0; i < 4; i++)
		CHECK(pci_ecam_choose(&bad[i], 1, &e) == -EINVAL);
	const struct acpi_ecam mixed[] = { bad[0], { .base = 0xc0000000, .segment = 0, .bus_start = 0, .bus_end = 7 } };
	REQUIRE(pci_ecam_choose(mixed, 2, &e) == 0);
	CHECK(e.base == 0xc0000000 && e.bus_end == 7);
}

static void the_window_with_bus_0_wins(void)
{
	const struct acpi_ecam w[] = {
		{ .base = 0x80000000, .segment = 2, .bus_start = 0, .bus_end = 255 },
		{ .base = 0xd0000000, .segment = 0, .bus_start = 128, .bus_end = 255 },
		{ .base = 0xe0000000, .segment = 0, .bus_start = 0, .bus_end = 127 },
	};
	struct pci_ecam e;
	REQUIRE(pci_ecam_choose(w, 3, &e) == 0);
	CHECK(e.base == 0xe0000000 && e.bus_start == 0 && e.bus_end == 127);
	REQUIRE(pci_ecam_choose(w, 2, &e) == 0);   /* without it, the first of segment 0 */
	CHECK(e.base == 0xd0000000 && e.bus_start == 128);
}

static void addresses(void)
{
	struct pci_ecam e = { .base = 0xb0000000, .bus_start = 0, .bus_end = 255 };
	CHECK(pci_ecam_address(&e, 0, 0, 0, 0) == 0xb0000000);
	CHECK(pci_ecam_address(&e, 0, 1, 0, 0x100) == 0xb0008100);
	CHECK(pci_ecam_address(&e, 1, 0, 0, 0) == 0xb0100000);
	CHECK(pci_ecam_address(&e, 255, 31, 7, 0xffc) == 0xb0000000 + 0x0ffffffc);
	CHECK(pci_ecam_address(&e, 0, 0, 3, 0x10) == 0xb0003010);
	/* Out of range: no address rather than a neighbour's. */
	CHECK(pci_ecam_address(&e, 256, 0, 0, 0) == 0);
	CHECK(pci_ecam_address(&e, 0, 32, 0, 0) == 0);
	CHECK(pci_ecam_address(&e, 0, 0, 8, 0) == 0);
	CHECK(pci_ecam_address(&e, 0, 0, 0, 0x1000) == 0);
	CHECK(pci_ecam_address(&e, 0, 0, 0, -1) == 0);
	/* A window from bus 16: base is still bus 0's address. */
	struct pci_ecam late = { .base = 0xe0000000, .bus_start = 16, .bus_end = 31 };
	CHECK(pci_ecam_address(&late, 16, 0, 0, 0) == 0xe1000000);
	CHECK(pci_ecam_address(&late, 15, 0, 0, 0) == 0 && pci_ecam_address(&late, 32, 0, 0, 0) == 0);
}

static void access_rules(void)
{
	CHECK(pci_config_refusal(0, 4, PCI_CONFIG_SIZE) == NULL);
	CHECK(pci_config_refusal(0xfc, 4, PCI_CONFIG_SIZE) == NULL);
	CHECK(pci_config_refusal(0xff, 1, PCI_CONFIG_SIZE) == NULL);
	CHECK(pci_config_refusal(0x100, 4, PCI_CONFIG_SIZE_EXT) == NULL);
	CHECK(pci_config_refusal(0xffc, 4, PCI_CONFIG_SIZE_EXT) == NULL);
	CHECK(pci_config_refusal(0xfff, 1, PCI_CONFIG_SIZE_EXT) == NULL);

	const char *ext = pci_config_refusal(0x100, 4, PCI_CONFIG_SIZE);
	CHECK(ext && strstr(ext, "extended configuration space needs ECAM"));
	CHECK(pci_config_refusal(0x100, 1, PCI_CONFIG_SIZE) == ext);
	CHECK(pci_config_refusal(0xffc, 4, PCI_CONFIG_SIZE) == ext);

	const char *misaligned = pci_config_refusal(2, 4, PCI_CONFIG_SIZE_EXT);
	CHECK(misaligned && strstr(misaligned, "multiple of the width"));
	CHECK(pci_config_refusal(1, 2, PCI_CONFIG_SIZE) == misaligned);
	CHECK(pci_config_refusal(0x101, 2, PCI_CONFIG_SIZE_EXT) == misaligned);

	const char *outside = pci_config_refusal(0x1000, 1, PCI_CONFIG_SIZE_EXT);
	CHECK(outside && strstr(outside, "outside configuration space"));
	CHECK(pci_config_refusal(-4, 4, PCI_CONFIG_SIZE_EXT) == outside);
	CHECK(pci_config_refusal(0xffe, 4, PCI_CONFIG_SIZE_EXT) == outside);
	CHECK(pci_config_refusal(0x1000, 4, PCI_CONFIG_SIZE) == outside);

	CHECK(pci_config_refusal(0, 3, PCI_CONFIG_SIZE) && strstr(pci_config_refusal(0, 3, PCI_CONFIG_SIZE), "width"));
	CHECK(pci_config_refusal(0, 8, PCI_CONFIG_SIZE_EXT) != NULL);
}

static const struct check_test tests[] = {
	{ "q35_window_is_chosen", q35_window_is_chosen },
	{ "no_window_for_segment_0", no_window_for_segment_0 },
	{ "malformed_windows_are_refused", malformed_windows_are_refused },
	{ "the_window_with_bus_0_wins", the_window_with_bus_0_wins },
	{ "addresses", addresses },
	{ "access_rules", access_rules },
};

CHECK_MAIN(tests)
