#include "malloc_tuning.h"

#include <stdlib.h> // defines __GLIBC__ on glibc, so the test below means something

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void twb_malloc_use_one_arena(void) {
#if defined(__GLIBC__)
    (void)mallopt(M_ARENA_MAX, 1);
#endif
}
