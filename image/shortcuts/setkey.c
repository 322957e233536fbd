/*
 * libnetwork-setkey: dockerd's OCI prestart hook task. For every container that gets its own network namespace,
 * dockerd adds a prestart hook that re-executes itself (`/proc/<dockerd>/exe libnetwork-setkey -exec-root=<dir>
 * <container id> <controller id>`, the runtime state JSON on stdin). The task only tells dockerd's libnetwork, over
 * the unix socket <exec-root>/libnetwork/<controller id>.sock, which namespace the container got: one JSON line
 * {"ContainerID":..,"Key":"/proc/<pid>/ns/net"}, answered by "success" or an error text. Done here in milliseconds.
 *
 * Fail-safe: when the arguments or the runtime state are not exactly what is expected, or the socket cannot be
 * reached, dockerd's own handler runs (same argv, the consumed stdin fed again). An error text from dockerd is final
 * (its handler would get the same answer) and is printed as that handler does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "shortcuts.h"

#define DEFAULT_EXEC_ROOT "/run/docker"

static char state[65536];
static size_t state_len;

static void fallback(char **argv, const char *why) __attribute__((noreturn));
static void fallback(char **argv, const char *why) { run_dockerd(argv, state, state_len, why); }

/* The one top-level "pid" of the OCI state; anything ambiguous (none, two, not a number) is refused. */
static long state_pid(void) {
  const char *key = "\"pid\":";
  char *hit = strstr(state, key);
  if (!hit || strstr(hit + 1, key)) return -1;
  char *p = hit + strlen(key);
  while (*p == ' ') p++;
  char *end;
  long pid = strtol(p, &end, 10);
  if (end == p || pid <= 0 || (*end != ',' && *end != '}' && *end != ' ')) return -1;
  return pid;
}

/* Container and controller ids are hex; anything else would need JSON escaping, so it goes to the real hook. */
static int is_id(const char *s) {
  if (!*s || strlen(s) > 128) return 0;
  for (; *s; s++)
    if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))) return 0;
  return 1;
}

void libnetwork_setkey(int argc, char **argv) {
  const char *exec_root = DEFAULT_EXEC_ROOT;
  const char *ids[2];
  int nids = 0;

  for (;;) {
    ssize_t n = read(0, state + state_len, sizeof state - 1 - state_len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    state_len += (size_t)n;
    if (state_len == sizeof state - 1) fallback(argv, "runtime state too large");
  }
  state[state_len] = 0;

  /* Go's flag package: -exec-root=X, --exec-root=X, -exec-root X; the first non-flag ends the flags. */
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; i++) {
    const char *f = argv[i] + (argv[i][1] == '-' ? 2 : 1);
    if (strncmp(f, "exec-root=", 10) == 0)
      exec_root = f + 10;
    else if (strcmp(f, "exec-root") == 0 && i + 1 < argc)
      exec_root = argv[++i];
    else
      fallback(argv, "unknown flag");
  }
  for (; i < argc; i++) {
    if (nids == 2) fallback(argv, "unexpected arguments");
    ids[nids++] = argv[i];
  }
  if (nids != 2 || !is_id(ids[0]) || !is_id(ids[1])) fallback(argv, "unexpected arguments");
  long pid = state_pid();
  if (pid <= 0) fallback(argv, "no pid in the runtime state");

  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if ((size_t)snprintf(addr.sun_path, sizeof addr.sun_path, "%s/libnetwork/%s.sock", exec_root, ids[1]) >=
      sizeof addr.sun_path)
    fallback(argv, "socket path too long");
  int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (s < 0 || connect(s, (struct sockaddr *)&addr, sizeof addr) != 0) {
    if (s >= 0) close(s);
    fallback(argv, "cannot reach dockerd's libnetwork socket");
  }

  /* dockerd reads the request with a single read(), so it is sent with a single write(). */
  char msg[512];
  int len = snprintf(msg, sizeof msg, "{\"ContainerID\":\"%s\",\"Key\":\"/proc/%ld/ns/net\"}\n", ids[0], pid);
  if (write(s, msg, (size_t)len) != len) {
    fprintf(stderr, "libnetwork-setkey: sending the key failed: %s\n", strerror(errno));
    exit(1);
  }
  char reply[1025];
  ssize_t n;
  do n = read(s, reply, sizeof reply - 1);
  while (n < 0 && errno == EINTR);
  if (n <= 0) {
    fprintf(stderr, "libnetwork-setkey: no answer from dockerd\n");
    exit(1);
  }
  reply[n] = 0;
  if (strcmp(reply, "success") != 0) {
    fprintf(stderr, "%s\n", reply);
    exit(1);
  }
  exit(0);
}
