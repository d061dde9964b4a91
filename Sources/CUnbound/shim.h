#ifndef VOUCH_CUNBOUND_SHIM_H
#define VOUCH_CUNBOUND_SHIM_H

/* libunbound, the validating resolver (Debian's libunbound-dev). Swift imports its API as it is;
   the only helpers here are for the C stdio stream libunbound writes its log to. */
#include <stdio.h>
#include <unbound.h>

/* Where libunbound's log goes: nowhere, so a batch job's output stays its own. */
static inline FILE *vouch_unbound_null_log(void) { return fopen("/dev/null", "w"); }
static inline void vouch_unbound_close_log(FILE *stream) {
    if (stream != NULL) fclose(stream);
}

#endif
