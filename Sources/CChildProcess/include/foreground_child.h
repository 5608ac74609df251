#ifndef TWBROWSE_FOREGROUND_CHILD_H
#define TWBROWSE_FOREGROUND_CHILD_H

#include <stddef.h>

// Runs `/bin/sh -c command` on the terminal, in the foreground with this process (a pager), with
// `environment` as its whole environment and `length` bytes of `input` on its standard input, and waits
// for it. Meanwhile SIGINT and SIGQUIT are ignored here (they are the child's, as with system()), and a
// child stopped with Ctrl-Z stops this process too, so the shell gets the terminal back; `fg` continues
// both. Returns 0 with the wait status in `wait_status`, or the errno of a failed start.
int twb_run_foreground(const char *command, char *const environment[], const char *input, size_t length,
                       int *wait_status);

#endif
