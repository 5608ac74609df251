#include "terminal_signals.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

struct twb_signal_state {
    volatile sig_atomic_t wake_fd;
    volatile sig_atomic_t session_active;
    volatile sig_atomic_t pending[NSIG];
    volatile sig_atomic_t chain[NSIG];
    volatile sig_atomic_t caught[NSIG];
    struct sigaction previous[NSIG];
};

static struct twb_signal_state state = { .wake_fd = -1 };

static struct twb_signal_state *twb_signal_state(void) { return &state; }

static void twb_signal_handler(int sig, siginfo_t *info, void *context) {
    int saved_errno = errno;
    struct twb_signal_state *s = twb_signal_state();
    if (sig > 0 && sig < NSIG) {
        s->pending[sig] = 1;
        if (s->chain[sig]) {
            // ncurses' own SIGWINCH handler marks the screen for resizing; it must still run.
            struct sigaction *previous = &s->previous[sig];
            if (previous->sa_flags & SA_SIGINFO) {
                if (previous->sa_sigaction != NULL) previous->sa_sigaction(sig, info, context);
            } else if (previous->sa_handler != SIG_DFL && previous->sa_handler != SIG_IGN) {
                previous->sa_handler(sig);
            }
        }
    }
    int fd = s->wake_fd;
    if (fd >= 0) {
        char byte = 's';
        if (write(fd, &byte, 1) < 0) { /* a full pipe already wakes the loop */ }
    }
    errno = saved_errno;
}

void twb_signal_set_wake_fd(int fd) { twb_signal_state()->wake_fd = fd; }

// Installs the handler for `sig`, remembering the previous action; with `chain`, the previous handler
// runs first on every delivery. Returns 0, or -1 with errno set.
int twb_signal_catch(int sig, int chain) {
    if (sig <= 0 || sig >= NSIG) return -1;
    struct twb_signal_state *s = twb_signal_state();
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = twb_signal_handler;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    s->chain[sig] = 0;
    if (sigaction(sig, &action, &s->previous[sig]) != 0) return -1;
    s->chain[sig] = chain;
    s->caught[sig] = 1;
    return 0;
}

// Puts back the action that was there before twb_signal_catch.
void twb_signal_restore(int sig) {
    if (sig <= 0 || sig >= NSIG) return;
    struct twb_signal_state *s = twb_signal_state();
    if (!s->caught[sig]) return;
    s->caught[sig] = 0;
    s->chain[sig] = 0;
    sigaction(sig, &s->previous[sig], NULL);
}

// Whether `sig` is ignored right now (nohup, a shell without job control): such a signal stays ignored.
int twb_signal_is_ignored(int sig) {
    struct sigaction current;
    if (sigaction(sig, NULL, &current) != 0) return 0;
    return !(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_IGN;
}

// 1 if `sig` arrived since the last call, clearing the flag atomically so no delivery is lost.
int twb_signal_take(int sig) {
    if (sig <= 0 || sig >= NSIG) return 0;
    return __atomic_exchange_n(&twb_signal_state()->pending[sig], 0, __ATOMIC_SEQ_CST) != 0;
}

// Stops the process the way a shell expects (SIGTSTP with its default action) and returns after SIGCONT.
void twb_signal_stop_self(void) {
    struct sigaction stop, mine;
    memset(&stop, 0, sizeof stop);
    stop.sa_handler = SIG_DFL;
    sigemptyset(&stop.sa_mask);
    sigaction(SIGTSTP, &stop, &mine);
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, SIGTSTP);
    sigset_t saved;
    pthread_sigmask(SIG_UNBLOCK, &unblock, &saved);
    raise(SIGTSTP);
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    sigaction(SIGTSTP, &mine, NULL);
}

// Whether a curses session is live, for the atexit handler: it must restore the terminal exactly once.
void twb_session_set_active(int active) { twb_signal_state()->session_active = active; }
int twb_session_take_active(void) {
    return __atomic_exchange_n(&twb_signal_state()->session_active, 0, __ATOMIC_SEQ_CST) != 0;
}

