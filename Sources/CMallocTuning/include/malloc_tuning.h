#ifndef TWBROWSE_MALLOC_TUNING_H
#define TWBROWSE_MALLOC_TUNING_H

// glibc's malloc gives every thread that allocates an arena of its own, up to eight per core, and memory
// freed into one arena is not reused by the others. twbrowse's threads (terminal, transport, demo server)
// mostly wait, so a single arena costs no measurable speed and keeps about 0.5 MiB less resident.
// Must run before the process starts its second thread; later threads would already have arenas.
// mallopt lives in <malloc.h>, which Swift's Glibc module does not export, hence this C target.
void twb_malloc_use_one_arena(void);

#endif
