/*
 * dockerd-reexec: serves dockerd's re-executions of itself without starting dockerd again.
 *
 * dockerd runs parts of its work as children of its own binary (`/proc/self/exe`, argv[0] naming the task): for every
 * container with its own network namespace "set-ipv6" when the namespace is set up and "libnetwork-setkey" as the
 * container's OCI prestart hook, plus "setup-resolver" on user-defined networks. In the emulator each is a full Go
 * start of the 55 MB binary: over a second apiece, more than a third of a warm `docker run`. wharf-init registers this program with binfmt_misc as the interpreter of
 * dockerd's binary (matched by its first 128 bytes; flags P: the original argv[0] is kept, O: the kernel passes the
 * binary open), so every exec of dockerd lands here:
 *   - those tasks are done in C (set-ipv6.c, setkey.c, setup-resolver.c) with the outcome of dockerd's handlers;
 *   - anything else (dockerd itself starting, docker-untar, setup-resolver...) runs the real binary: the binfmt entry
 *     is switched off, the binary exec'd from the descriptor the kernel opened, and a detached child switches the
 *     entry back on as soon as that exec happened (a close-on-exec pipe tells it). A re-execution that races this
 *     window is served by dockerd itself: slower, never wrong.
 *
 * `dockerd-reexec --register <dockerd binary>` writes the binfmt_misc entry (wharf-init, at boot).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shortcuts.h"

#define ENTRY_NAME "wharf-dockerd"
#define BINFMT_DIR "/proc/sys/fs/binfmt_misc"
#define MAGIC_BYTES 128

extern char **environ;

static void set_entry(char on) {
  int fd = open(BINFMT_DIR "/" ENTRY_NAME, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return;
  if (write(fd, &on, 1) != 1) perror("dockerd-reexec: switching the binfmt entry");
  close(fd);
}

/* A grandchild (so nobody has to reap it) that turns the entry back on once the pipe's last writer is gone. */
static void reenable_after_exec(int exec_pipe[2]) {
  pid_t child = fork();
  if (child == 0) {
    if (fork() != 0) _exit(0);
    close(exec_pipe[1]);
    /* Not holding the caller's stdio open: it may be waiting for EOF on them. */
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
      dup2(null, 0), dup2(null, 1), dup2(null, 2);
      if (null > 2) close(null);
    }
    char b;
    while (read(exec_pipe[0], &b, 1) < 0 && errno == EINTR) {
    }
    set_entry('1');
    _exit(0);
  }
  close(exec_pipe[0]);
  if (child > 0) waitpid(child, NULL, 0);
}

void run_dockerd(char **argv, const char *input, size_t input_len, const char *why) {
  if (why) fprintf(stderr, "dockerd-reexec: %s: running dockerd's own %s\n", why, argv[0]);
  errno = 0;
  long binary = (long)getauxval(AT_EXECFD);
  if (errno != 0) {
    fprintf(stderr, "dockerd-reexec: started without binfmt_misc's open binary (flag O)\n");
    exit(127);
  }
  fcntl((int)binary, F_SETFD, FD_CLOEXEC);
  if (input) {
    int fds[2];
    if (pipe(fds) == 0) {
      /* The input (a runtime state) is far smaller than a pipe's buffer: writing it before exec cannot block. */
      size_t off = 0;
      while (off < input_len) {
        ssize_t n = write(fds[1], input + off, input_len - off);
        if (n <= 0) break;
        off += (size_t)n;
      }
      close(fds[1]);
      dup2(fds[0], 0);
      close(fds[0]);
    }
  }
  int exec_pipe[2];
  if (pipe2(exec_pipe, O_CLOEXEC) != 0) {
    perror("dockerd-reexec: pipe");
    exit(127);
  }
  set_entry('0');
  reenable_after_exec(exec_pipe);
  fexecve((int)binary, argv, environ);
  int err = errno;
  set_entry('1');
  fprintf(stderr, "dockerd-reexec: exec dockerd: %s\n", strerror(err));
  exit(127);
}

/* ":name:M::<magic>::<interpreter>:PO" with the binary's first bytes as \xNN escapes, in one write. */
static int register_entry(const char *dockerd) {
  unsigned char head[MAGIC_BYTES];
  int fd = open(dockerd, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || read(fd, head, sizeof head) != (ssize_t)sizeof head) {
    fprintf(stderr, "dockerd-reexec: cannot read %s: %s\n", dockerd, strerror(errno));
    return 1;
  }
  close(fd);
  char self[256];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) {
    perror("dockerd-reexec: /proc/self/exe");
    return 1;
  }
  self[n] = 0;
  char line[1024];
  int len = snprintf(line, sizeof line, ":%s:M::", ENTRY_NAME);
  for (size_t i = 0; i < sizeof head; i++) len += snprintf(line + len, sizeof line - len, "\\x%02x", head[i]);
  len += snprintf(line + len, sizeof line - len, "::%s:PO", self);
  fd = open(BINFMT_DIR "/register", O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write(fd, line, (size_t)len) != len) {
    fprintf(stderr, "dockerd-reexec: cannot register with binfmt_misc: %s\n", strerror(errno));
    return 1;
  }
  close(fd);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "--register") == 0) return register_entry(argv[2]);
  /* binfmt_misc with flag P: argv[1] is the path given to execve, argv[2] the original argv[0] (the task). */
  if (argc < 3) {
    fprintf(stderr, "usage: dockerd-reexec --register <dockerd binary> (then binfmt_misc runs it)\n");
    return 2;
  }
  char **task = argv + 2;
  int task_argc = argc - 2;
  if (strcmp(task[0], "set-ipv6") == 0) set_ipv6(task_argc, task);
  if (strcmp(task[0], "libnetwork-setkey") == 0) libnetwork_setkey(task_argc, task);
  if (strcmp(task[0], "setup-resolver") == 0) setup_resolver(task_argc, task);
  run_dockerd(task, NULL, 0, NULL);
}
