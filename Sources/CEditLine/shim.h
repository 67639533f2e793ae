#ifndef CRMBOT_CEDITLINE_SHIM_H
#define CRMBOT_CEDITLINE_SHIM_H
// BSD libedit's readline-compatible interface: line editing and history at a terminal.
#include <stdio.h>
#include <editline/readline.h>
#endif
