// libedit through its readline-compatible API. Swift 6 cannot touch C mutable globals, so
// each one the shell needs gets a static inline accessor here; the SIGINT handler lives here
// too because it must be async-signal-safe.
#ifndef STEPWISE_CLIBEDIT_SHIM_H
#define STEPWISE_CLIBEDIT_SHIM_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <editline/readline.h>
#include <histedit.h>

typedef int (*stepwise_getc_function)(FILE *);
typedef char **(*stepwise_completion_function)(const char *, int, int);

static inline void stepwise_rl_set_catch_signals(int value) { rl_catch_signals = value; }
static inline void stepwise_rl_set_getc_function(stepwise_getc_function function) { rl_getc_function = function; }
static inline void stepwise_rl_set_readline_name(const char *name) { rl_readline_name = name; }
/// Flushes stdout only: fflush(NULL) would also lock stdin, which a blocked read holds.
static inline void stepwise_flush_stdout(void) { fflush(stdout); }

static inline void stepwise_rl_set_completion_function(stepwise_completion_function function) {
    rl_attempted_completion_function = function;
}
static inline void stepwise_rl_set_completion_over(int value) { rl_attempted_completion_over = value; }
static inline void stepwise_rl_set_completion_append_character(int character) { rl_completion_append_character = character; }
/// Paths complete as one word: `/` and `.` are not breaks; spaces, brackets and quotes are.
static char stepwise_word_breaks[] = " \t\n\"'`{}[](),;|&<>=";
static inline void stepwise_rl_use_word_breaks(void) { rl_completer_word_break_characters = stepwise_word_breaks; }
static inline void stepwise_rl_set_sort_completion_matches(int value) { rl_sort_completion_matches = value; }

/// The text of the line being edited (NULL before the first readline call).
static inline const char *stepwise_rl_line_buffer(void) { return rl_line_buffer; }

// SIGINT: the handler only writes a byte to a pipe, which the shell polls.
static int stepwise_interrupt_fd = -1;

static inline void stepwise_interrupt_handler(int signal_number) {
    (void)signal_number;
    int saved = errno;
    if (stepwise_interrupt_fd >= 0) {
        char byte = 1;
        ssize_t ignored = write(stepwise_interrupt_fd, &byte, 1);
        (void)ignored;
    }
    errno = saved;
}

/// Installs the handler; each SIGINT writes one byte to `write_fd`.
static inline int stepwise_install_interrupt_handler(int write_fd) {
    stepwise_interrupt_fd = write_fd;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = stepwise_interrupt_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return sigaction(SIGINT, &action, NULL);
}

#endif
