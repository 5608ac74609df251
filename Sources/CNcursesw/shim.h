#ifndef TWBROWSE_CNCURSESW_SHIM_H
#define TWBROWSE_CNCURSESW_SHIM_H

// SwiftPM drops pkg-config's -D flags, so the wide-character API must be switched on here, before the
// header is read; without it cchar_t, setcchar and wget_wch silently disappear.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <wchar.h>
#if __has_include(<ncursesw/curses.h>)
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#else
#include <curses.h>
#include <term.h>
#endif

// Swift 6 rejects these globals as shared mutable state, and the attribute and key macros do not import.

static inline WINDOW *twb_stdscr(void) { return stdscr; }
static inline WINDOW *twb_curscr(void) { return curscr; }
static inline int twb_lines(void) { return LINES; }
static inline int twb_cols(void) { return COLS; }
static inline int twb_colors(void) { return COLORS; }
static inline int twb_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *twb_stdin(void) { return stdin; }
static inline FILE *twb_stdout(void) { return stdout; }

static inline attr_t twb_a_normal(void) { return A_NORMAL; }
static inline attr_t twb_a_bold(void) { return A_BOLD; }
static inline attr_t twb_a_underline(void) { return A_UNDERLINE; }
static inline attr_t twb_a_reverse(void) { return A_REVERSE; }
static inline attr_t twb_a_dim(void) { return A_DIM; }

// The C library's column width for a character under the current locale. Declared here because the
// C library module Swift builds does not expose the X/Open declaration.
extern int wcwidth(wchar_t c);
static inline int twb_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }

static inline int twb_key_f(int n) { return KEY_F(n); }

// wget_wch reports a function key and a character through the same out-parameter; these name the two.
static inline int twb_key_code_yes(void) { return KEY_CODE_YES; }
static inline int twb_key_min(void) { return KEY_MIN; }
static inline int twb_ok(void) { return OK; }
static inline int twb_err(void) { return ERR; }

// tigetstr answers NULL for an absent capability and (char *)-1 for a name that is not a string
// capability; both mean "cannot use it".
static inline int twb_has_string_capability(const char *name) {
    const char *value = tigetstr(name);
    return value != NULL && value != (const char *)-1 && value[0] != '\0';
}

// A boolean capability: 1 set, 0 absent (or not a boolean capability).
static inline int twb_has_flag_capability(const char *name) {
    return tigetflag(name) == 1;
}

// Loads `name`'s terminfo entry and reports what a full-screen UI needs, then puts back whatever terminal
// was current, so a check leaves nothing behind and cannot disturb a running session. Returns setupterm's
// status: 1 found, 0 no such terminal type, -1 no terminfo database.
static inline int twb_probe_terminfo(const char *name, int fd, int *can_address_cursor, int *is_generic) {
    *can_address_cursor = 0;
    *is_generic = 0;
    TERMINAL *saved = cur_term;
    set_curterm(NULL);
    int status = 0;
    if (setupterm(name, fd, &status) == OK && status == 1) {
        *can_address_cursor = twb_has_string_capability("cup");
        *is_generic = twb_has_flag_capability("gn") || twb_has_flag_capability("hc");
    }
    TERMINAL *probed = cur_term;
    set_curterm(saved);
    if (probed != NULL && probed != saved) del_curterm(probed);
    return status;
}

// How many colours the terminfo entry for `name` declares (-1 when unknown or none), for `twbrowse doctor`.
static inline int twb_terminfo_colors(const char *name, int fd) {
    TERMINAL *saved = cur_term;
    set_curterm(NULL);
    int status = 0;
    int colors = -1;
    if (setupterm(name, fd, &status) == OK && status == 1) colors = tigetnum("colors");
    TERMINAL *probed = cur_term;
    set_curterm(saved);
    if (probed != NULL && probed != saved) del_curterm(probed);
    return colors;
}

// The terminal's size from the kernel, for noticing a resize that ncurses did not report.
static inline int twb_window_size(int fd, int *rows, int *cols) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) return -1;
    *rows = size.ws_row;
    *cols = size.ws_col;
    return 0;
}

#endif
