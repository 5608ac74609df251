#include "process_setup.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h> // defines __GLIBC__ on glibc, so the test below means something
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
    return result;
}
