/*
 * setup-resolver: dockerd's `setup-resolver <netns path> <udp ip:port> <tcp ip:port>` task. For every container on a
 * user-defined network (Compose's too) libnetwork runs it to point the container's DNS (127.0.0.11:53) at the
 * embedded resolver's real ports. dockerd's handler enters the namespace and runs `iptables` eight times (check,
 * create and hook two nat chains, then four rules); in the emulator that and dockerd's own start are ~3 s per
 * container. Here: the same chains and rules, inserted in the same order, in one `iptables-restore --noflush`.
 * Declaring the chains flushes them if they exist, as dockerd's handler does when its jump rule is already there.
 * Unexpected arguments, or iptables-restore failing, go to dockerd's own handler.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shortcuts.h"

#define IPTABLES_RESTORE "/usr/sbin/iptables-restore"

/* "a.b.c.d:port" split in place into the address and the port; IPv4 only, like dockerd's handler. */
static int split_ipv4(char *addr, char **ip, char **port) {
  char *colon = strrchr(addr, ':');
  if (!colon || colon == addr || !colon[1] || strlen(addr) > 21) return -1;
  for (char *p = addr; p < colon; p++)
    if (!((*p >= '0' && *p <= '9') || *p == '.')) return -1;
  for (char *p = colon + 1; *p; p++)
    if (*p < '0' || *p > '9') return -1;
  *colon = 0;
  *ip = addr, *port = colon + 1;
  return 0;
}

void setup_resolver(int argc, char **argv) {
  if (argc != 4) run_dockerd(argv, NULL, 0, "unexpected arguments");
  char udp[32], tcp[32];
  char *ip, *udp_port, *tcp_ip, *tcp_port;
  snprintf(udp, sizeof udp, "%s", argv[2]);
  snprintf(tcp, sizeof tcp, "%s", argv[3]);
  if (split_ipv4(udp, &ip, &udp_port) != 0 || split_ipv4(tcp, &tcp_ip, &tcp_port) != 0)
    run_dockerd(argv, NULL, 0, "unexpected addresses");

  int ns = open(argv[1], O_RDONLY | O_CLOEXEC);
  if (ns < 0 || setns(ns, CLONE_NEWNET) != 0) run_dockerd(argv, NULL, 0, "cannot enter the network namespace");
  close(ns);

  char rules[1024];
  int len = snprintf(rules, sizeof rules,
                     "*nat\n"
                     ":DOCKER_OUTPUT - [0:0]\n"
                     ":DOCKER_POSTROUTING - [0:0]\n"
                     "-I OUTPUT -d %1$s -j DOCKER_OUTPUT\n"
                     "-I POSTROUTING -d %1$s -j DOCKER_POSTROUTING\n"
                     "-I DOCKER_OUTPUT -d %1$s -p udp --dport 53 -j DNAT --to-destination %2$s\n"
                     "-I DOCKER_POSTROUTING -s %1$s -p udp --sport %3$s -j SNAT --to-source :53\n"
                     "-I DOCKER_OUTPUT -d %1$s -p tcp --dport 53 -j DNAT --to-destination %4$s\n"
                     "-I DOCKER_POSTROUTING -s %1$s -p tcp --sport %5$s -j SNAT --to-source :53\n"
                     "COMMIT\n",
                     ip, argv[2], udp_port, argv[3], tcp_port);

  int in[2];
  if (pipe(in) != 0) run_dockerd(argv, NULL, 0, "pipe");
  pid_t child = fork();
  if (child == 0) {
    dup2(in[0], 0);
    close(in[0]), close(in[1]);
    execl(IPTABLES_RESTORE, IPTABLES_RESTORE, "--noflush", (char *)NULL);
    _exit(127);
  }
  close(in[0]);
  /* A few hundred bytes: far below a pipe's buffer. */
  ssize_t written = child > 0 ? write(in[1], rules, (size_t)len) : -1;
  close(in[1]);
  int status = 0;
  if (child < 0 || written != len || waitpid(child, &status, 0) != child || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0)
    run_dockerd(argv, NULL, 0, "iptables-restore failed");
  _exit(0);
}
