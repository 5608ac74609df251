// dl_iterate_phdr and struct dl_phdr_info are GNU extensions of <link.h>.
#define _GNU_SOURCE
#include "process_setup.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h> // defines __GLIBC__ on glibc, so the test below means something
#include <sys/resource.h>
#include <unistd.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__linux__)
#include <sys/prctl.h>
#endif

void twb_malloc_use_one_arena(void) {
#if defined(__GLIBC__)
    (void)mallopt(M_ARENA_MAX, 1);
#endif
}

int twb_harden_process(void) {
    int result = 0;
    struct rlimit none = {0, 0};
    if (setrlimit(RLIMIT_CORE, &none) != 0) result = -1;
#if defined(__linux__)
    (void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
            int opened = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
            if (opened >= 0 && opened != fd) {
                (void)dup2(opened, fd);
                (void)close(opened);
            }
        }
    }
    (void)signal(SIGPIPE, SIG_IGN);
    // A mask inherited from the parent (a thread of a program that blocks signals spawned us) would leave
    // SIGINT, SIGTERM and SIGWINCH pending forever, since the main thread, parked for the process's life,
    // and every thread it starts would inherit it: start with nothing blocked, as a shell would.
    sigset_t unblocked;
    sigemptyset(&unblocked);
    (void)sigprocmask(SIG_SETMASK, &unblocked, NULL);
    return result;
}

#if defined(__linux__) && defined(__GLIBC__)
#include <link.h>
#include <stdint.h>
#include <sys/mman.h>

static int twb_drop_relocations(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    long *dropped = data;
    // The kernel's vDSO is no file mapping: nothing of it may be dropped.
    if (info->dlpi_name != NULL && strstr(info->dlpi_name, "linux-vdso") != NULL) return 0;
    const ElfW(Phdr) *dynamic = NULL;
    for (ElfW(Half) i = 0; i < info->dlpi_phnum; i++) {
        if (info->dlpi_phdr[i].p_type == PT_DYNAMIC) dynamic = &info->dlpi_phdr[i];
    }
    if (dynamic == NULL) return 0;
    uintptr_t table = 0;
    size_t length = 0;
    for (const ElfW(Dyn) *entry = (const ElfW(Dyn) *)(info->dlpi_addr + dynamic->p_vaddr); entry->d_tag != DT_NULL; entry++) {
        if (entry->d_tag == DT_RELA) table = entry->d_un.d_ptr;
        if (entry->d_tag == DT_RELASZ) length = entry->d_un.d_val;
    }
    if (table == 0 || length == 0) return 0;
    // The loader rewrites these addresses in place where the dynamic section is writable, and leaves
    // them as offsets where it is not: either way the table lies at or above the load address.
    if (table < info->dlpi_addr) table += info->dlpi_addr;
    // Only a table inside a segment nothing can write to: there, dropping a page loses nothing, since
    // a later read faults it in again from the file.
    int readOnly = 0;
    for (ElfW(Half) i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        uintptr_t start = info->dlpi_addr + segment->p_vaddr;
        if (segment->p_type == PT_LOAD && table >= start && table + length <= start + segment->p_memsz) {
            readOnly = (segment->p_flags & PF_W) == 0;
        }
    }
    if (!readOnly) return 0;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t first = (table + page - 1) & ~(page - 1);
    uintptr_t end = (table + length) & ~(page - 1);
    if (end > first && madvise((void *)first, end - first, MADV_DONTNEED) == 0) *dropped += (long)(end - first);
    return 0;
}
#endif

#if defined(__linux__) && defined(__GLIBC__)
// Whether the loader had to write into the object's read-only segments (text relocations): then pages of
// them are private copies, which must never be dropped.
static int has_text_relocations(const struct dl_phdr_info *info) {
    for (ElfW(Half) i = 0; i < info->dlpi_phnum; i++) {
        if (info->dlpi_phdr[i].p_type != PT_DYNAMIC) continue;
        for (const ElfW(Dyn) *entry = (const ElfW(Dyn) *)(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr); entry->d_tag != DT_NULL; entry++) {
            if (entry->d_tag == DT_TEXTREL) return 1;
            if (entry->d_tag == DT_FLAGS && (entry->d_un.d_val & DF_TEXTREL) != 0) return 1;
        }
    }
    return 0;
}

static int twb_drop_library_pages(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    long *dropped = data;
    // Not the program itself (its pages are laid out by use already), not the kernel's vDSO.
    if (info->dlpi_name == NULL || info->dlpi_name[0] == '\0' || strstr(info->dlpi_name, "linux-vdso") != NULL) return 0;
    if (has_text_relocations(info)) return 0;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    for (ElfW(Half) i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        // Segments the file maps read-only and whole: code, constants, symbol and relocation tables. The
        // writable one (data, the relocated pointers, .bss) is never touched.
        if (segment->p_type != PT_LOAD || (segment->p_flags & PF_W) != 0 || segment->p_memsz != segment->p_filesz) continue;
        uintptr_t start = info->dlpi_addr + segment->p_vaddr;
        uintptr_t first = (start + page - 1) & ~(page - 1);
        uintptr_t end = (start + segment->p_memsz) & ~(page - 1);
        if (end > first && madvise((void *)first, end - first, MADV_DONTNEED) == 0) *dropped += (long)(end - first);
    }
    return 0;
}
#endif

long twb_release_library_pages(void) {
    long dropped = 0;
#if defined(__linux__) && defined(__GLIBC__)
    (void)dl_iterate_phdr(twb_drop_library_pages, &dropped);
#endif
    return dropped;
}

long twb_release_relocation_pages(void) {
    long dropped = 0;
#if defined(__linux__) && defined(__GLIBC__)
    (void)dl_iterate_phdr(twb_drop_relocations, &dropped);
#endif
    return dropped;
}

static const char gnutls_variable[] = "GNUTLS_NO_IMPLICIT_INIT";

const char *twb_skip_unused_gnutls_init(void) {
    if (getenv(gnutls_variable) != NULL) return NULL;
    return setenv(gnutls_variable, "1", 0) == 0 ? gnutls_variable : NULL;
}
