#ifndef CRMBOT_CEDITLINE_SHIM_H
#define CRMBOT_CEDITLINE_SHIM_H
// BSD libedit's readline-compatible interface: line editing and history at a terminal.
#include <stdio.h>
#include <editline/readline.h>

/// Turns off libedit's own signal handlers (which restore the terminal and re-raise the
/// signal, so Ctrl-C would end the program): the reader handles SIGINT itself.
static inline void crmbot_rl_leave_signals_alone(void) { rl_catch_signals = 0; }
#endif
