/* octet_ref_data.h - declarations of one family of octet's reference kernels; include
 * octet_kernels.h rather than this file. */
#ifndef OCTET_REF_DATA_H_
#define OCTET_REF_DATA_H_

#include "octet_kernels.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif
