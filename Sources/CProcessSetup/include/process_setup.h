#ifndef TWBROWSE_PROCESS_SETUP_H
#define TWBROWSE_PROCESS_SETUP_H

// What the process sets up before anything else runs, in C because Swift's Glibc module exports neither
// mallopt nor prctl.

// glibc's malloc gives every thread that allocates an arena of its own, up to eight per core, and memory
// freed into one arena is not reused by the others. twbrowse's threads (terminal, transport, demo server)
// mostly wait, so a single arena costs no measurable speed and keeps about 0.5 MiB less resident.
// Must run before the process starts its second thread; later threads would already have arenas.
void twb_malloc_use_one_arena(void);

// The process holds a token in memory: no crash may write it to a core file, and no other process of the
// same user may read its memory (ptrace, /proc/PID/mem). Sets RLIMIT_CORE to 0 (soft and hard) and, on
// Linux, PR_SET_DUMPABLE to 0. Also opens /dev/null on any of fds 0-2 that is closed, so that a file the
// program opens later can never become its stderr, and ignores SIGPIPE, so that a closed pipe is a write
// error the program reports instead of a signal that kills it, and unblocks every signal (a blocked mask can
// be inherited from the parent). Returns 0, or -1 when the core limit could
// not be set.
int twb_harden_process(void);

// The loader reads each object's table of pointer fix-ups (.rela.dyn: about 41,000 entries, 1 MiB, for the
// program's release build) once, when it loads the object, and never again: lazy binding uses the separate
// .rela.plt, and a later dlopen looks only at the new library's tables. The pages stay resident all the
// same. This hands the whole pages of those tables back to the kernel, for every object loaded so far
// (madvise MADV_DONTNEED on a read-only file mapping: a later read would fault them in again from the
// file, nothing is lost). Called at start. A build with packed relocations (RELR, glibc 2.36) has a small
// table and gains little. Returns the bytes released, 0 where nothing was done.
long twb_release_relocation_pages(void);

// libcurl brings about thirty libraries, most of which twbrowse never calls (GnuTLS and its five, Kerberos,
// LDAP, SASL, SSH, RTMP, IDN, PSL, brotli, zstd), and loading them runs their constructors and reads their
// headers, symbol and relocation tables: about 2 MiB of their read-only pages end up mapped for nothing.
// This unmaps, for every loaded library (not the program), the pages of its read-only segments: code,
// constants and tables. They are clean pages of the files, so nothing is lost: the page cache keeps them,
// and the next use of any of them faults it back in (a minor fault, as at first use), which is what the
// libraries twbrowse does call (libcurl, OpenSSL, libc) do again at once. Writable segments, where the
// relocated pointers and data live, are left alone, and so is any library with text relocations (whose
// read-only pages the loader wrote). Called once libcurl and its libraries are loaded and initialised.
// Returns the bytes unmapped.
long twb_release_library_pages(void);

// libcurl's dependencies (librtmp, libldap) load GnuTLS, whose constructor initialises itself — p11-kit
// modules, its random generator, about 0.75 MiB — though the libcurl twbrowse uses never calls it (the
// OpenSSL build does TLS with OpenSSL; the GnuTLS build calls gnutls_global_init itself, as any program
// that uses GnuTLS must when GNUTLS_NO_IMPLICIT_INIT is set). This sets GNUTLS_NO_IMPLICIT_INIT=1 unless
// the environment has it already, and returns the variable's name when it did so — that name goes to
// ChildEnvironment, so no program twbrowse runs inherits it — or NULL. Call before a second thread.
const char *twb_skip_unused_gnutls_init(void);

#endif
