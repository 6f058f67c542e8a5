/* kc_uuid5.h — name-based (SHA-1, version 5) UUIDs as libuuid's uuid_generate_sha1 makes
 * them, and their lower-case text (src/core/uuid5.c): the FHIR export makes one per
 * entry, and libuuid's SHA-1 (padding fed a byte at a time) was a tenth of its time. */
#ifndef KC_UUID5_H
#define KC_UUID5_H

#include <stddef.h>

/* out = the version-5 UUID of name (n bytes) under the namespace ns. */
void kc_uuid5(unsigned char out[16], const unsigned char ns[16], const char *name, size_t n);
/* The same by the plain rounds, whatever the processor (kc_uuid5 uses its SHA extensions
 * when it has them): for the tests, which check both; returns whether kc_uuid5 uses them. */
int kc_uuid5_portable(unsigned char out[16], const unsigned char ns[16], const char *name, size_t n);
/* u as 36 lower-case characters and a NUL, as uuid_unparse_lower writes it. */
void kc_uuid_text(const unsigned char u[16], char out[37]);

#endif
