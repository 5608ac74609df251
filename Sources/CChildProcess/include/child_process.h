#ifndef TWBROWSE_CHILD_PROCESS_H
#define TWBROWSE_CHILD_PROCESS_H

#include <stddef.h>

// Reads the first line of a secret's source — a command's output or a file — or of a program's answer, within a deadline and a size
// cap. In C because it needs posix_spawn with its own process group and an async-signal-safe handler.

enum {
    TWB_LINE_OK = 0,
    TWB_LINE_SPAWN_FAILED = 1,   // detail: errno
    TWB_LINE_TIMED_OUT = 2,
    TWB_LINE_TOO_LONG = 3,       // no line end within the buffer's capacity
    TWB_LINE_EXIT_STATUS = 4,    // detail: the command's non-zero exit status
    TWB_LINE_SIGNALLED = 5,      // detail: the signal that ended the command
    TWB_LINE_INTERRUPTED = 6,    // detail: the signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) this process received
    TWB_LINE_TOO_MUCH_OUTPUT = 7,
    TWB_LINE_READ_FAILED = 8,    // detail: errno
};

typedef struct {
    int outcome;
    int detail;
    size_t length;   // bytes of the first line in the buffer, without its line end
} twb_line_result;

// Runs `/bin/sh -c command` in a process group of its own with `environment` as its whole environment
// (`ChildEnvironment`: no token variable), standard input /dev/null, and reads the first
// line of its standard output into `buffer`. The rest of its output is read and dropped, up to
// `drain_limit` bytes. The whole group is killed when the deadline passes, when the output breaks a limit,
// when this process receives SIGINT, SIGTERM, SIGHUP or SIGQUIT (which is then delivered again to the
// handler that was in place before), and when the command has exited, so that nothing it started lingers.
twb_line_result twb_command_first_line(const char *command, char *const environment[], double timeout_seconds,
                                       char *buffer, size_t capacity, size_t drain_limit);

// The first line a program's standard output gives, `argv[0]` found through PATH, no shell. It touches no
// signal handler (it may run beside the terminal UI, which owns them) and its standard error goes to
// /dev/null; the deadline, the process group and the kill on the way out are as above.
twb_line_result twb_program_first_line(char *const argv[], char *const environment[], double timeout_seconds,
                                       char *buffer, size_t capacity);

// The first line of an open descriptor (a file, FIFO or device), within the deadline and the buffer.
twb_line_result twb_fd_first_line(int fd, double timeout_seconds, char *buffer, size_t capacity);

#endif
