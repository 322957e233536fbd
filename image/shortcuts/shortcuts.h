/* Shared by dockerd-reexec and its task handlers (setkey.c, set-ipv6.c). */
#ifndef WHARF_SHORTCUTS_H
#define WHARF_SHORTCUTS_H

#include <stddef.h>

/*
 * Hand the task to dockerd itself: exec the real binary with the same argv (argv[0] names the task) and, when a
 * handler already consumed its stdin, feed `input` instead. `why` (may be NULL) is logged to stderr. Never returns.
 */
void run_dockerd(char **argv, const char *input, size_t input_len, const char *why) __attribute__((noreturn));

/* Task handlers: they exit() when done and call run_dockerd() for anything they do not handle exactly. */
void libnetwork_setkey(int argc, char **argv) __attribute__((noreturn));
void set_ipv6(int argc, char **argv) __attribute__((noreturn));
void setup_resolver(int argc, char **argv) __attribute__((noreturn));

#endif
