/* octet_ref_common.c - out-of-line definitions shared by the reference kernel families. */
#include "octet_kernels.h"

const char* octet_ref_version(void) { return "octet reference kernels 1"; }
