#include "foreground_child.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

// Stops this process the way a shell expects, unless job control is off (SIGTSTP ignored).
static void stop_with_child(void) {
    struct sigaction deflt, previous;
    memset(&deflt, 0, sizeof deflt);
    deflt.sa_handler = SIG_DFL;
    sigemptyset(&deflt.sa_mask);
    if (sigaction(SIGTSTP, &deflt, &previous) != 0) return;
    if (previous.sa_handler != SIG_IGN) {
        sigset_t unblock, saved;
        sigemptyset(&unblock);
        sigaddset(&unblock, SIGTSTP);
        pthread_sigmask(SIG_UNBLOCK, &unblock, &saved);
        raise(SIGTSTP);
        pthread_sigmask(SIG_SETMASK, &saved, NULL);
    }
    sigaction(SIGTSTP, &previous, NULL);
}

// A stopped child: stop too, then continue it (after `fg`, the shell continues the whole group anyway).
// Returns 1 when `status` said the child has ended.
static int settle(pid_t pid, int status, int *wait_status) {
    if (WIFSTOPPED(status)) {
        stop_with_child();
        (void)kill(pid, SIGCONT);
        return 0;
    }
    *wait_status = status;
    return 1;
}

int twb_run_foreground(const char *command, char *const environment[], const char *input, size_t length,
                       int *wait_status) {
    int in[2];
    if (pipe(in) != 0) return errno;
    (void)fcntl(in[0], F_SETFD, FD_CLOEXEC);
    (void)fcntl(in[1], F_SETFD, FD_CLOEXEC);
    // The writer never blocks, so a child stopped half way through its input is noticed.
    (void)fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);

    struct sigaction ignore, previous_int, previous_quit;
    memset(&ignore, 0, sizeof ignore);
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGINT, &ignore, &previous_int);
    sigaction(SIGQUIT, &ignore, &previous_quit);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    // Whatever this process ignores or blocks (SIGPIPE, the UI's signals), the child starts afresh.
    static const int reset[] = {SIGINT, SIGQUIT, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU, SIGTERM, SIGHUP, SIGCONT, SIGWINCH, SIGCHLD};
    sigset_t defaults, empty;
    sigemptyset(&defaults);
    sigemptyset(&empty);
    for (size_t i = 0; i < sizeof reset / sizeof reset[0]; i++) sigaddset(&defaults, reset[i]);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setsigmask(&attributes, &empty);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    char *argv[] = {"/bin/sh", "-c", (char *)command, NULL};
    pid_t pid = -1;
    int spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, environment);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    close(in[0]);

    if (spawned == 0) {
        int ended = 0;
        size_t offset = 0;
        while (offset < length && !ended) {
            ssize_t n = write(in[1], input + offset, length - offset);
            if (n > 0) {
                offset += (size_t)n;
                continue;
            }
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) break;  // EPIPE: it quit early
            int status = 0;
            pid_t done = waitpid(pid, &status, WNOHANG | WUNTRACED);
            if (done == pid) {
                ended = settle(pid, status, wait_status);
                continue;
            }
            struct pollfd p = {in[1], POLLOUT, 0};
            (void)poll(&p, 1, 100);
        }
        close(in[1]);
        while (!ended) {
            int status = 0;
            pid_t done = waitpid(pid, &status, WUNTRACED);
            if (done < 0) {
                if (errno == EINTR) continue;
                *wait_status = 0;
                break;
            }
            ended = settle(pid, status, wait_status);
        }
    } else {
        close(in[1]);
    }
    sigaction(SIGINT, &previous_int, NULL);
    sigaction(SIGQUIT, &previous_quit, NULL);
    return spawned;
}
