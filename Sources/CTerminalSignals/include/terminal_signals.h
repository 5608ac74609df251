#ifndef TWBROWSE_TERMINAL_SIGNALS_H
#define TWBROWSE_TERMINAL_SIGNALS_H

// Signal handling for the terminal session. A handler must be async-signal-safe, which Swift code cannot
// promise (it may allocate, retain or take a lock), so the handler is C: it records the signal in a flag
// and writes one byte to the UI loop's wake pipe; the loop does the real work on its own thread.
//
// The state lives in terminal_signals.c, one translation unit: defined static in a header, every module
// that imported it got its own copy, and in release builds the handler set one copy while the loop read
// another, so signals were lost.

void twb_signal_set_wake_fd(int fd);
// Installs the handler for `sig`, remembering the previous action; with `chain`, the previous handler
// runs first on every delivery. Returns 0, or -1 with errno set.
int twb_signal_catch(int sig, int chain);
// Puts back the action that was there before twb_signal_catch.
void twb_signal_restore(int sig);
// Whether `sig` is ignored right now (nohup, a shell without job control): such a signal stays ignored.
int twb_signal_is_ignored(int sig);
// 1 if `sig` arrived since the last call, clearing the flag atomically so no delivery is lost.
int twb_signal_take(int sig);
// Stops the process the way a shell expects (SIGTSTP with its default action) and returns after SIGCONT.
void twb_signal_stop_self(void);
// Whether a curses session is live, for the atexit handler: it must restore the terminal exactly once.
void twb_session_set_active(int active);
int twb_session_take_active(void);

#endif
