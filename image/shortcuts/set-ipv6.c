/*
 * set-ipv6: dockerd's `set-ipv6 <netns path> <interface> <true|false>` task. libnetwork runs it once for every
 * container that gets its own network namespace (to turn IPv6 off on all its interfaces before any is added): enter
 * the namespace, write /proc/sys/net/ipv6/conf/<interface>/disable_ipv6 ('0' for true, '1' otherwise). Same checks
 * and outcome as dockerd's handler; whatever that handler would report as an error is left to it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shortcuts.h"

void set_ipv6(int argc, char **argv) {
  if (argc != 4) run_dockerd(argv, NULL, 0, "unexpected arguments");
  const char *iface = argv[2];
  if (!*iface || strlen(iface) > 64 || strchr(iface, '/') || strcmp(iface, ".") == 0 || strcmp(iface, "..") == 0)
    run_dockerd(argv, NULL, 0, "unexpected interface name");

  int ns = open(argv[1], O_RDONLY | O_CLOEXEC);
  if (ns < 0 || setns(ns, CLONE_NEWNET) != 0) run_dockerd(argv, NULL, 0, "cannot enter the network namespace");
  close(ns);

  char path[128];
  snprintf(path, sizeof path, "/proc/sys/net/ipv6/conf/%s/disable_ipv6", iface);
  struct stat st;
  if (stat(path, &st) != 0) {
    if (errno != ENOENT) run_dockerd(argv, NULL, 0, "cannot stat the sysctl");
    /* dockerd's handler only warns here (a kernel without IPv6) and succeeds. */
    fprintf(stderr, "file does not exist: %s : %s Has IPv6 been disabled in this node's kernel?\n", path,
            strerror(errno));
    exit(0);
  }
  const char value[2] = {strcmp(argv[3], "true") == 0 ? '0' : '1', '\n'};
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write(fd, value, sizeof value) != (ssize_t)sizeof value)
    run_dockerd(argv, NULL, 0, "cannot write the sysctl");
  close(fd);
  exit(0);
}
