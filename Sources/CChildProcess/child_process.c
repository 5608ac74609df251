#include "child_process.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>


static const int watched[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define WATCHED_COUNT (sizeof(watched) / sizeof(watched[0]))

// One command at a time owns the handlers and the wake-up pipe.
static pthread_mutex_t running = PTHREAD_MUTEX_INITIALIZER;
static int wake_pipe[2] = {-1, -1};
static volatile sig_atomic_t caught = 0;

static void on_signal(int sig) {
    int saved = errno;
    caught = sig;
    if (wake_pipe[1] >= 0) (void)write(wake_pipe[1], "", 1);
    errno = saved;
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int remaining_ms(double deadline) {
    double left = deadline - now_seconds();
    if (left <= 0) return 0;
    if (left > 86400.0) return 86400 * 1000;
    return (int)(left * 1000.0) + 1;
}

// Both ends close on exec; the read end never blocks, and the write end only when `blocking_writer` is 0.
// A command's stdout must block: a non-blocking one makes writers such as `yes` fail with EAGAIN.
static int make_pipe(int fds[2], int blocking_writer) {
    if (pipe(fds) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        (void)fcntl(fds[i], F_SETFD, FD_CLOEXEC);
        if (i == 0 || !blocking_writer) (void)fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
    }
    return 0;
}

// Reads what is available into the line buffer (until the first '\n') and drops the rest. Returns 1 at
// end of file, 0 when more may come, -1 on a broken limit or error (result filled in).
static int take(int fd, char *buffer, size_t capacity, size_t drain_limit, int *have_line, size_t *length,
                size_t *drained, twb_line_result *result) {
    char chunk[4096];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n == 0) return 1;
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
            result->outcome = TWB_LINE_READ_FAILED;
            result->detail = errno;
            return -1;
        }
        for (ssize_t i = 0; i < n; i++) {
            if (*have_line) {
                if (++*drained > drain_limit) {
                    result->outcome = TWB_LINE_TOO_MUCH_OUTPUT;
                    return -1;
                }
            } else if (chunk[i] == '\n') {
                *have_line = 1;
            } else if (*length < capacity) {
                buffer[(*length)++] = chunk[i];
            } else {
                result->outcome = TWB_LINE_TOO_LONG;
                return -1;
            }
        }
    }
}

twb_line_result twb_fd_first_line(int fd, double timeout_seconds, char *buffer, size_t capacity) {
    twb_line_result result = {TWB_LINE_OK, 0, 0};
    double deadline = now_seconds() + timeout_seconds;
    int have_line = 0;
    size_t drained = 0;
    (void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    while (!have_line) {
        int status = take(fd, buffer, capacity, 0, &have_line, &result.length, &drained, &result);
        if (status < 0) {
            // A file's second line is no one's concern.
            if (result.outcome == TWB_LINE_TOO_MUCH_OUTPUT) result.outcome = TWB_LINE_OK;
            break;
        }
        if (status > 0 || have_line) break;
        int wait = remaining_ms(deadline);
        if (wait == 0) {
            result.outcome = TWB_LINE_TIMED_OUT;
            break;
        }
        struct pollfd p = {fd, POLLIN, 0};
        (void)poll(&p, 1, wait);
    }
    return result;
}

// Runs `argv` (found through PATH) with `environment` as its whole environment, as described for
// twb_command_first_line. With `watch_signals` 0 no
// handler is touched, so it may run beside a terminal UI that owns them; stderr then goes to /dev/null,
// where nothing can scribble over that UI.
static twb_line_result run_first_line(char *const argv[], char *const environment[], int watch_signals, double timeout_seconds, char *buffer,
                                      size_t capacity, size_t drain_limit) {
    twb_line_result result = {TWB_LINE_OK, 0, 0};
    double deadline = now_seconds() + timeout_seconds;
    int out[2];
    if (watch_signals) pthread_mutex_lock(&running);
    if (make_pipe(out, 1) != 0 || (watch_signals && make_pipe(wake_pipe, 0) != 0)) {
        result.outcome = TWB_LINE_SPAWN_FAILED;
        result.detail = errno;
        if (watch_signals) pthread_mutex_unlock(&running);
        return result;
    }
    struct sigaction handler, previous[WATCHED_COUNT];
    if (watch_signals) {
        caught = 0;
        memset(&handler, 0, sizeof handler);
        handler.sa_handler = on_signal;
        sigemptyset(&handler.sa_mask);
        for (size_t i = 0; i < WATCHED_COUNT; i++) sigaction(watched[i], &handler, &previous[i]);
    }

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    if (!watch_signals) posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t defaults, empty;
    sigemptyset(&defaults);
    sigemptyset(&empty);
    sigaddset(&defaults, SIGPIPE);
    for (size_t i = 0; i < WATCHED_COUNT; i++) sigaddset(&defaults, watched[i]);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setsigmask(&attributes, &empty);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    pid_t pid = -1;
    int spawned = posix_spawnp(&pid, argv[0], &actions, &attributes, argv, environment);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    close(out[1]);

    int exited = 0, wait_status = 0;
    if (spawned != 0) {
        result.outcome = TWB_LINE_SPAWN_FAILED;
        result.detail = spawned;
    } else {
        int have_line = 0, at_end = 0;
        size_t drained = 0;
        for (;;) {
            if (watch_signals && caught) {
                result.outcome = TWB_LINE_INTERRUPTED;
                result.detail = caught;
                break;
            }
            if (!at_end) {
                int status = take(out[0], buffer, capacity, drain_limit, &have_line, &result.length, &drained, &result);
                if (status < 0) break;
                at_end = status > 0;
            }
            if (at_end) {
                pid_t done = waitpid(pid, &wait_status, WNOHANG);
                if (done == pid) {
                    exited = 1;
                    break;
                }
            }
            int wait = remaining_ms(deadline);
            if (wait == 0) {
                result.outcome = TWB_LINE_TIMED_OUT;
                break;
            }
            // Once the output has ended only the exit is awaited: look again every 10 ms.
            struct pollfd polled[2] = {{at_end ? -1 : out[0], POLLIN, 0}, {watch_signals ? wake_pipe[0] : -1, POLLIN, 0}};
            (void)poll(polled, 2, at_end && wait > 10 ? 10 : wait);
        }
        // On every way out the group goes, with anything the command left running in it.
        (void)kill(-pid, SIGKILL);
        if (!exited) {
            while (waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {}
        } else if (result.outcome == TWB_LINE_OK) {
            if (WIFEXITED(wait_status) && WEXITSTATUS(wait_status) != 0) {
                result.outcome = TWB_LINE_EXIT_STATUS;
                result.detail = WEXITSTATUS(wait_status);
            } else if (WIFSIGNALED(wait_status)) {
                result.outcome = TWB_LINE_SIGNALLED;
                result.detail = WTERMSIG(wait_status);
            }
        }
    }
    close(out[0]);
    if (!watch_signals) return result;
    int interrupted = caught;
    for (size_t i = 0; i < WATCHED_COUNT; i++) sigaction(watched[i], &previous[i], NULL);
    close(wake_pipe[0]);
    close(wake_pipe[1]);
    wake_pipe[0] = wake_pipe[1] = -1;
    pthread_mutex_unlock(&running);
    // The signal was meant for this process: hand it to whoever handled it before (by default, the end).
    if (interrupted) raise(interrupted);
    return result;
}

twb_line_result twb_command_first_line(const char *command, char *const environment[], double timeout_seconds,
                                       char *buffer, size_t capacity, size_t drain_limit) {
    char *argv[] = {"/bin/sh", "-c", (char *)command, NULL};
    return run_first_line(argv, environment, 1, timeout_seconds, buffer, capacity, drain_limit);
}

twb_line_result twb_program_first_line(char *const argv[], char *const environment[], double timeout_seconds,
                                       char *buffer, size_t capacity) {
    return run_first_line(argv, environment, 0, timeout_seconds, buffer, capacity, 64 * 1024);
}
