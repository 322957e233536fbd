/*
 * wharf-crun: the OCI runtime Docker is given (daemon.json `runtimes`), a thin wrapper around /usr/bin/crun.
 *
 * On `create` it rewrites one thing in the bundle's config.json: dockerd's network prestart hook
 * (`"path":"/proc/<dockerd pid>/exe","args":["libnetwork-setkey",...`) is pointed at wharf-setkey, which does the
 * same exchange with dockerd without a second start of the dockerd binary (over a second per container in the
 * emulator). Everything else, and every other command, goes to crun untouched. Whatever is unexpected (no such
 * hook, a second one, an unreadable bundle) leaves config.json as it is: the original hook then runs.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CRUN "/usr/bin/crun"
#define SETKEY "/usr/local/libexec/wharf/wharf-setkey"

static void run_crun(char **argv) {
  argv[0] = "crun";
  execv(CRUN, argv);
  perror("wharf-crun: exec " CRUN);
  exit(127);
}

/* The bundle of a `create`: --bundle X, --bundle=X, -b X; crun's default is the working directory. */
static const char *create_bundle(int argc, char **argv) {
  int create = 0;
  const char *bundle = ".";
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "create") == 0) create = 1;
    else if ((strcmp(argv[i], "--bundle") == 0 || strcmp(argv[i], "-b") == 0) && i + 1 < argc) bundle = argv[++i];
    else if (strncmp(argv[i], "--bundle=", 9) == 0) bundle = argv[i] + 9;
  }
  return create ? bundle : NULL;
}

static char *read_all(const char *path, size_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NULL;
  struct stat st;
  if (fstat(fd, &st) != 0 || st.st_size <= 0 || st.st_size > (16 << 20)) return close(fd), NULL;
  char *buf = malloc((size_t)st.st_size + 1);
  size_t off = 0;
  while (buf && off < (size_t)st.st_size) {
    ssize_t n = read(fd, buf + off, (size_t)st.st_size - off);
    if (n <= 0) break;
    off += (size_t)n;
  }
  close(fd);
  if (!buf || off != (size_t)st.st_size) return free(buf), NULL;
  buf[off] = 0;
  *len = off;
  return buf;
}

static int write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w <= 0) return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* Find `"path":"/proc/<digits>/exe","args":["libnetwork-setkey"`; returns the start and end of the path value. */
static char *find_hook(char *from, char **value_end) {
  static const char head[] = "\"path\":\"/proc/";
  static const char tail[] = "/exe\",\"args\":[\"libnetwork-setkey\"";
  for (char *p = strstr(from, head); p; p = strstr(p + 1, head)) {
    char *d = p + sizeof head - 1, *q = d;
    while (*q >= '0' && *q <= '9') q++;
    if (q > d && strncmp(q, tail, sizeof tail - 1) == 0) {
      *value_end = q + 4; /* just past "/exe" */
      return p + 8;       /* the value's first character, past "path":" */
    }
  }
  return NULL;
}

static void rewrite_hook(const char *bundle) {
  char path[4096], tmp[4200];
  size_t len;
  if ((size_t)snprintf(path, sizeof path, "%s/config.json", bundle) >= sizeof path) return;
  if (access(SETKEY, X_OK) != 0) return;
  char *json = read_all(path, &len);
  if (!json) return;
  char *end, *start = find_hook(json, &end);
  char *again;
  if (!start || find_hook(end, &again)) return free(json); /* none, or more than one: leave it alone */
  snprintf(tmp, sizeof tmp, "%s.wharf-crun", path);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return free(json);
  int ok = write_all(fd, json, (size_t)(start - json)) == 0 && write_all(fd, SETKEY, strlen(SETKEY)) == 0 &&
           write_all(fd, end, len - (size_t)(end - json)) == 0;
  ok = close(fd) == 0 && ok;
  if (!ok || rename(tmp, path) != 0) unlink(tmp);
  free(json);
}

int main(int argc, char **argv) {
  const char *bundle = create_bundle(argc, argv);
  if (bundle) rewrite_hook(bundle);
  run_crun(argv);
  return 127;
}
