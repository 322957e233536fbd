/*
 * containerd-shim-runc-v2, first on containerd's PATH: skips the shim's `delete` action when nothing is left to do.
 *
 * containerd 1.6 runs `<shim> -namespace <ns> ... -id <id> -bundle <bundle> delete` (cwd: the bundle) whenever a shim
 * disconnects, after a normal task delete as well (runtime/v2/manager.go, the shim's on-close callback); its answer
 * is only used when the task was still listed, i.e. when the shim died. After a normal delete that is a Go start plus
 * a `crun delete --force` of a container already gone: about 0.4 s of every `docker run --rm` in the emulator. When
 * the runtime holds no state for the container and nothing is mounted on the bundle's rootfs, the real action
 * (runc/manager Stop) could only answer what this one answers: the init pid, exit status 137, exited now.
 * Everything else (start, a delete with something to clean, any unexpected argument) runs the real shim, unchanged.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef REAL_SHIM
#define REAL_SHIM "/usr/bin/containerd-shim-runc-v2"
#endif
#define DEFAULT_RUNTIME_ROOT "/run/containerd/runc" /* containerd's process.RuncRoot */

static char **real_argv;

static void run_real(void) __attribute__((noreturn));
static void run_real(void) {
  execv(REAL_SHIM, real_argv);
  fprintf(stderr, "containerd-shim-runc-v2 (wharf): exec %s: %s\n", REAL_SHIM, strerror(errno));
  exit(127);
}

/* Container ids and namespaces become path components: plain names only. */
static int is_name(const char *s) {
  if (!*s || strlen(s) > 128 || strcmp(s, ".") == 0 || strcmp(s, "..") == 0) return 0;
  for (; *s; s++)
    if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '-' ||
          *s == '_' || *s == '.'))
      return 0;
  return 1;
}

static ssize_t read_small(const char *path, char *buf, size_t size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = read(fd, buf, size - 1);
  int err = errno;
  close(fd);
  if (n < 0 || (size_t)n == size - 1) {
    errno = n < 0 ? err : EFBIG; /* callers tell "missing" (ENOENT) from everything else */
    return -1;
  }
  buf[n] = 0;
  return n;
}

/* options.json (written by the shim at create): its "root", the runtime's state root; absent means the default. */
static int runtime_root(const char *bundle, char *root, size_t size) {
  char path[PATH_MAX], json[4096];
  if ((size_t)snprintf(path, sizeof path, "%s/options.json", bundle) >= sizeof path) return -1;
  if (read_small(path, json, sizeof json) < 0) {
    if (errno != ENOENT) return -1;
    snprintf(root, size, "%s", DEFAULT_RUNTIME_ROOT);
    return 0;
  }
  const char *key = strstr(json, "\"root\":\"");
  if (!key) {
    snprintf(root, size, "%s", DEFAULT_RUNTIME_ROOT);
    return 0;
  }
  key += strlen("\"root\":\"");
  const char *end = strchr(key, '"');
  if (!end || end == key || memchr(key, '\\', (size_t)(end - key)) || (size_t)(end - key) >= size) return -1;
  memcpy(root, key, (size_t)(end - key));
  root[end - key] = 0;
  return 0;
}

static size_t varint(uint8_t *out, uint64_t v) {
  size_t n = 0;
  do {
    out[n++] = (uint8_t)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
    v >>= 7;
  } while (v);
  return n;
}

/* containerd.runtime.v2.task.DeleteResponse{pid=1, exit_status=2, exited_at=3 (Timestamp{seconds=1, nanos=2})}. */
static void answer(uint32_t pid) {
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  uint8_t ts[24], msg[48];
  size_t tn = 0, n = 0;
  ts[tn++] = 0x08, tn += varint(ts + tn, (uint64_t)now.tv_sec);
  if (now.tv_nsec) ts[tn++] = 0x10, tn += varint(ts + tn, (uint64_t)now.tv_nsec);
  if (pid) msg[n++] = 0x08, n += varint(msg + n, pid);
  msg[n++] = 0x10, n += varint(msg + n, 128 + 9);
  msg[n++] = 0x1a, msg[n++] = (uint8_t)tn;
  memcpy(msg + n, ts, tn), n += tn;
  if (write(1, msg, n) != (ssize_t)n) exit(1);
}

int main(int argc, char **argv) {
  real_argv = argv;
  const char *ns = NULL, *id = NULL;
  int i = 1;
  /* Go's flag package, as containerd calls the shim: -name value pairs, then the action. */
  for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
    const char *f = argv[i] + (argv[i][1] == '-' ? 2 : 1);
    if (strcmp(f, "namespace") == 0)
      ns = argv[i + 1];
    else if (strcmp(f, "id") == 0)
      id = argv[i + 1];
    else if (strcmp(f, "address") != 0 && strcmp(f, "publish-binary") != 0 && strcmp(f, "bundle") != 0)
      run_real();
  }
  if (i != argc - 1 || strcmp(argv[i], "delete") != 0 || !ns || !id || !is_name(ns) || !is_name(id)) run_real();

  /* The real action's bundle: filepath.Join(filepath.Dir(cwd), id). */
  char cwd[PATH_MAX], bundle[PATH_MAX / 2], root[PATH_MAX / 2], path[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd)) run_real();
  char *slash = strrchr(cwd, '/');
  if (!slash) run_real();
  *slash = 0;
  if ((size_t)snprintf(bundle, sizeof bundle, "%s/%s", cwd, id) >= sizeof bundle) run_real();
  if (runtime_root(bundle, root, sizeof root) != 0) run_real();

  struct stat st;
  if ((size_t)snprintf(path, sizeof path, "%s/%s/%s", root, ns, id) >= sizeof path) run_real();
  if (lstat(path, &st) == 0 || errno != ENOENT) run_real(); /* the runtime still knows the container */

  /* mount.UnmountAll(<bundle>/rootfs): unmount until nothing is mounted there. */
  snprintf(path, sizeof path, "%s/rootfs", bundle);
  while (umount2(path, 0) == 0) {
  }
  if (errno != EINVAL && errno != ENOENT) run_real();

  char pid_text[32];
  snprintf(path, sizeof path, "%s/init.pid", bundle);
  uint32_t pid = read_small(path, pid_text, sizeof pid_text) > 0 ? (uint32_t)strtoul(pid_text, NULL, 10) : 0;
  answer(pid);
  return 0;
}
