/*
 * wharf-agent: the guest side of Wharf's guest link. One single-threaded poll() loop, libc only.
 *
 * Transport: virtio-console port 1 (v86 names port N "virtio-N"; the agent finds the port whose
 * /sys/class/virtio-ports/ * /name is "virtio-1"). v86 announces every port as a console port, so Linux refuses
 * to open /dev/vportXpN and the port is reached as /dev/hvcN instead: a tty, which we put in raw mode.
 * For tests, `wharf-agent --stdio` speaks the same protocol on stdin/stdout.
 *
 * Wire format: frames, all integers little-endian.
 *
 *   0    1    2      3      4        8        12
 *   'W'  'F'  type   check  channel  length   payload (length bytes, at most 65536)
 *
 * check = 0xA5 ^ every other header byte. A reader that sees a bad magic/check drops one byte and rescans, so the
 * host can resynchronise after a snapshot restore (it may have died in the middle of a frame).
 *
 * Control (channel 0):
 *   HELLO  0x01  u32 version, u32 nonce [agent adds: u32 pid]. Host->agent HELLO is also a RESET: every channel is
 *               dropped (processes SIGKILLed). The agent answers HELLO with the same nonce, and sends one
 *               unsolicited HELLO (nonce 0) when it starts.
 *   PING   0x02  u32 nonce            -> PONG 0x03 u32 nonce
 *   SPARE  0x04  u32 nonce            -> SPARE 0x04 u32 nonce, u32 pid (0 = no spare), u32 bytes of its output held,
 *               u32 ms since its last output (the snapshot maker waits until the spare's prompt is held and quiet)
 * Opening a channel (host picks a fresh channel id):
 *   EXEC   0x10  u32 flags, u16 cols, u16 rows, u32 argc, u32 envc, then NUL-terminated strings:
 *               cwd, argv[argc], env[envc] ("K=V", merged over the default environment)
 *               flags: 1 = pty.
 *                      2 = spare (needs 1): start the process, answer OPENED pid and CLOSE, and keep it out of the
 *                          channel table: it survives HELLO resets and its output (the prompt) is held, at most
 *                          SPARE_HOLD bytes (then it is not read until adopted). One spare; a new one replaces it.
 *                      4 = adopt the spare: if the spare's request is byte-identical from argc on (cwd, argv, env;
 *                          not the size), bind it to this channel instead of forking: set the window size (SIGWINCH),
 *                          OPENED with its pid, then its held output as DATA. Otherwise the spare is killed (a stale
 *                          one never lingers) and the exec forks as usual. An agent without spares ignores 2 and 4.
 *               Why: a login shell started in a just-restored guest takes seconds (the emulator's JIT is cold); a
 *               spare started before the snapshot was saved is restored with its prompt already printed.
 *   UNIX   0x11  socket path          (connect to a unix stream socket)
 *   TCP    0x12  u16 port, host (IPv4 dotted or "localhost"; empty = 127.0.0.1)
 *   READ   0x13  path                 (file bytes arrive as DATA, then EOF)
 *   WRITE  0x14  u32 mode (0 = 0644), path (DATA frames, then EOF; parents are created)
 * Replies and streams:
 *   OPENED 0x20  u32 pid (exec) or 0
 *   ERROR  0x21  errno name, NUL, message         (the open failed; CLOSE follows)
 *   DATA   0x30  bytes (stdout / socket / file; host->agent: stdin / socket / file)
 *   DERR   0x31  bytes (stderr of a non-pty exec)
 *   EOF    0x32  end of stream in that direction (host->agent: close stdin, shutdown(SHUT_WR), finish the file)
 *   EXIT   0x33  i32 exit code, i32 signal (exec ended and all output was sent; WRITE finished: 0, 0)
 *   CREDIT 0x34  u32 bytes: the receiver consumed that much; the sender may send that much more
 *   RESIZE 0x35  u16 cols, u16 rows (pty)
 *   KILL   0x36  u32 signal, to the process group
 *   CLOSE  0x37  host->agent: abort the channel (SIGKILL an exec). agent->host: the channel is gone.
 *
 * Flow control: each side may have WINDOW (256 KiB) unacknowledged DATA/DERR bytes in flight per channel and sends
 * CREDIT as it consumes. The agent stops reading a child's pipe when the window is used up (the child then blocks
 * in write), and stops reading all pipes while its output to the port is backed up, so one slow reader never makes
 * the agent buffer without bound and never stalls other channels.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define VERSION 1
#define HDR 12
#define MAX_PAYLOAD 65536
#define DATA_CHUNK 32768
#define WINDOW (256 * 1024)
#define OUT_HIGH (512 * 1024)
#define MAX_CHANS 256
#define EXIT_GRACE_MS 300
#define SPARE_HOLD 8192
#define F_PTY 1
#define F_SPARE 2
#define F_ADOPT 4

enum {
  T_HELLO = 0x01, T_PING = 0x02, T_PONG = 0x03, T_SPARE = 0x04,
  T_EXEC = 0x10, T_UNIX = 0x11, T_TCP = 0x12, T_READ = 0x13, T_WRITE = 0x14,
  T_OPENED = 0x20, T_ERROR = 0x21,
  T_DATA = 0x30, T_DERR = 0x31, T_EOF = 0x32, T_EXIT = 0x33, T_CREDIT = 0x34,
  T_RESIZE = 0x35, T_KILL = 0x36, T_CLOSE = 0x37,
};
enum { K_EXEC = 1, K_SOCK, K_READ, K_WRITE };

struct buf { unsigned char *p; size_t len, cap; };

struct chan {
  int used, kind, tty, connecting;
  uint32_t id;
  int in_fd, err_fd, out_fd; /* read->host, stderr->host, host->write; in_fd == out_fd for sockets and ptys */
  int in_eof, err_eof, host_eof, out_done;
  pid_t pid;
  int exited, status;
  long long quiet_since;
  uint32_t send_credit, owed_credit;
  struct buf wbuf; /* host data not yet written to out_fd */
  int spare;        /* the spare exec: channel id 0, not found by find_chan, kept across HELLO */
  struct buf req;   /* spare: its EXEC request from argc on, to match an adopting request against */
  struct buf held;  /* spare: output read while nobody watches (the prompt), sent on adoption */
};

static struct chan chans[MAX_CHANS];
static int port_in = -1, port_out = -1, stdio_mode;
static struct buf inbuf, outbuf;
static int sig_pipe[2];

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void buf_add(struct buf *b, const void *p, size_t n) {
  if (b->len + n > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n) cap *= 2;
    b->p = realloc(b->p, cap);
    if (!b->p) { perror("wharf-agent: realloc"); exit(1); }
    b->cap = cap;
  }
  memcpy(b->p + b->len, p, n);
  b->len += n;
}
static void buf_drop(struct buf *b, size_t n) {
  memmove(b->p, b->p + n, b->len - n);
  b->len -= n;
}
static void buf_free(struct buf *b) { free(b->p); b->p = NULL; b->len = b->cap = 0; }

static void put32(unsigned char *p, uint32_t v) { p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24; }
static uint32_t get32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t get16(const unsigned char *p) { return p[0] | p[1] << 8; }

static void send_frame2(int type, uint32_t id, const void *a, size_t alen, const void *b, size_t blen) {
  unsigned char h[HDR];
  h[0] = 'W'; h[1] = 'F'; h[2] = type;
  put32(h + 4, id);
  put32(h + 8, alen + blen);
  h[3] = 0xA5 ^ h[0] ^ h[1] ^ h[2];
  for (int i = 4; i < HDR; i++) h[3] ^= h[i];
  buf_add(&outbuf, h, HDR);
  if (alen) buf_add(&outbuf, a, alen);
  if (blen) buf_add(&outbuf, b, blen);
}
static void send_frame(int type, uint32_t id, const void *p, size_t n) { send_frame2(type, id, p, n, NULL, 0); }
static void send_u32(int type, uint32_t id, uint32_t v) { unsigned char p[4]; put32(p, v); send_frame(type, id, p, 4); }

static void send_error(uint32_t id, int err, const char *what) {
  const char *name = strerrorname_np(err);
  char msg[1024];
  snprintf(msg, sizeof msg, "%s: %s", what, strerror(err));
  send_frame2(T_ERROR, id, name ? name : "EIO", strlen(name ? name : "EIO") + 1, msg, strlen(msg));
}

static void set_nonblock(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

static struct chan *find_chan(uint32_t id) {
  for (int i = 0; i < MAX_CHANS; i++)
    if (chans[i].used && !chans[i].spare && chans[i].id == id) return &chans[i];
  return NULL;
}

static struct chan *find_spare(void) {
  for (int i = 0; i < MAX_CHANS; i++)
    if (chans[i].used && chans[i].spare) return &chans[i];
  return NULL;
}

static struct chan *new_chan(uint32_t id, int kind) {
  for (int i = 0; i < MAX_CHANS; i++) {
    if (!chans[i].used) {
      struct chan *c = &chans[i];
      memset(c, 0, sizeof *c);
      c->used = 1; c->id = id; c->kind = kind;
      c->in_fd = c->err_fd = c->out_fd = -1;
      c->send_credit = WINDOW;
      return c;
    }
  }
  return NULL;
}

static void close_fd(int *fd) { if (*fd >= 0) close(*fd); *fd = -1; }

/* Free the channel; tell the host unless it asked for the close itself. */
static void free_chan(struct chan *c, int notify) {
  if (c->kind == K_EXEC && c->pid > 0 && !c->exited) kill(-c->pid, SIGKILL);
  if (c->out_fd == c->in_fd) c->out_fd = -1;
  close_fd(&c->in_fd); close_fd(&c->err_fd); close_fd(&c->out_fd);
  buf_free(&c->wbuf); buf_free(&c->req); buf_free(&c->held);
  if (notify && !c->spare) send_frame(T_CLOSE, c->id, NULL, 0);
  c->used = 0;
}

/* A host's HELLO: everything it had open goes. The spare stays: it was made for the next host. */
static void reset_all(void) {
  for (int i = 0; i < MAX_CHANS; i++)
    if (chans[i].used && !chans[i].spare) free_chan(&chans[i], 0);
}

/* ---- opening channels ---- */

static int next_str(const unsigned char **p, const unsigned char *end, const char **out) {
  const unsigned char *z = memchr(*p, 0, end - *p);
  if (!z) return -1;
  *out = (const char *)*p;
  *p = z + 1;
  return 0;
}

/* Hand the spare to channel `id` (see EXEC flag 4): it becomes an ordinary pty exec from here on. */
static void adopt_spare(struct chan *s, uint32_t id, struct winsize ws) {
  struct winsize now;
  s->spare = 0;
  s->id = id;
  buf_free(&s->req);
  if (ws.ws_col == 0) ws.ws_col = 80;
  if (ws.ws_row == 0) ws.ws_row = 24;
  /* Only on a change: the SIGWINCH makes readline redraw its line, output the learner need not wait for. */
  if (ioctl(s->in_fd, TIOCGWINSZ, &now) < 0 || now.ws_col != ws.ws_col || now.ws_row != ws.ws_row)
    ioctl(s->in_fd, TIOCSWINSZ, &ws);
  send_u32(T_OPENED, id, s->pid);
  if (s->held.len) { /* SPARE_HOLD is far below the window and a frame's payload */
    send_frame(T_DATA, id, s->held.p, s->held.len);
    s->send_credit -= s->held.len;
  }
  buf_free(&s->held);
}

static void open_exec(uint32_t id, const unsigned char *p, size_t n) {
  const unsigned char *end = p + n;
  if (n < 16) { send_error(id, EINVAL, "exec: short request"); send_frame(T_CLOSE, id, NULL, 0); return; }
  uint32_t flags = get32(p), argc = get32(p + 8), envc = get32(p + 12);
  struct winsize ws = { .ws_col = get16(p + 4), .ws_row = get16(p + 6) };
  struct chan *spare = find_spare();
  if (flags & F_ADOPT && spare) {
    if (flags & F_PTY && !spare->exited && !spare->in_eof && spare->req.len == n - 8 && !memcmp(spare->req.p, p + 8, n - 8)) {
      adopt_spare(spare, id, ws);
      return;
    }
    free_chan(spare, 0); /* stale (another command, cwd or env): it must not linger */
  }
  if (flags & F_SPARE) {
    if (!(flags & F_PTY)) { send_error(id, EINVAL, "exec: a spare needs a pty"); send_frame(T_CLOSE, id, NULL, 0); return; }
    if ((spare = find_spare())) free_chan(spare, 0);
  }
  const unsigned char *req = p + 8;
  p += 16;
  const char *cwd;
  if (argc < 1 || argc > 4096 || envc > 4096 || next_str(&p, end, &cwd)) goto bad;
  char **argv = calloc(argc + 1, sizeof *argv), **env = calloc(envc + 1, sizeof *env);
  for (uint32_t i = 0; i < argc; i++) if (next_str(&p, end, (const char **)&argv[i])) { free(argv); free(env); goto bad; }
  for (uint32_t i = 0; i < envc; i++) if (next_str(&p, end, (const char **)&env[i])) { free(argv); free(env); goto bad; }

  struct chan *c = new_chan(id, K_EXEC);
  if (!c) { free(argv); free(env); send_error(id, EMFILE, "exec: too many channels"); send_frame(T_CLOSE, id, NULL, 0); return; }
  int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1}, master = -1, slave = -1, status[2];
  c->tty = flags & F_PTY;
  if (pipe2(status, O_CLOEXEC) < 0) goto fail;
  if (c->tty) {
    if (ws.ws_col == 0) ws.ws_col = 80;
    if (ws.ws_row == 0) ws.ws_row = 24;
    if (openpty(&master, &slave, NULL, NULL, &ws) < 0) goto fail;
    fcntl(master, F_SETFD, FD_CLOEXEC);
  } else if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0) {
    goto fail;
  }
  pid_t pid = fork();
  if (pid < 0) goto fail;
  if (pid == 0) {
    signal(SIGPIPE, SIG_DFL);
    signal(SIGCHLD, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    setsid();
    if (c->tty) {
      ioctl(slave, TIOCSCTTY, 0);
      dup2(slave, 0); dup2(slave, 1); dup2(slave, 2);
      if (slave > 2) close(slave);
    } else {
      dup2(in[0], 0); dup2(out[1], 1); dup2(err[1], 2);
    }
    clearenv();
    setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 1);
    setenv("HOME", "/root", 1);
    setenv("USER", "root", 1);
    setenv("LANG", "C.UTF-8", 1);
    setenv("TERM", c->tty ? "xterm-256color" : "dumb", 1);
    for (uint32_t i = 0; i < envc; i++) putenv(env[i]);
    int e = 0;
    const char *stage = "chdir";
    if (chdir(*cwd ? cwd : "/root") == 0) {
      stage = "exec";
      execvp(argv[0], argv);
    }
    e = errno;
    char msg[600];
    snprintf(msg, sizeof msg, "%s %s", stage, stage[0] == 'c' ? (*cwd ? cwd : "/root") : argv[0]);
    (void)!write(status[1], &e, sizeof e);
    (void)!write(status[1], msg, strlen(msg));
    _exit(127);
  }
  close(status[1]);
  /* The status pipe closes on a successful exec (CLOEXEC) or carries errno + what failed. */
  unsigned char sbuf[700];
  ssize_t got = 0, r;
  while ((r = read(status[0], sbuf + got, sizeof sbuf - 1 - got)) > 0 || (r < 0 && errno == EINTR)) if (r > 0) got += r;
  close(status[0]);
  free(argv); free(env);
  if (got >= (ssize_t)sizeof(int)) {
    int e;
    memcpy(&e, sbuf, sizeof e);
    sbuf[got] = 0;
    waitpid(pid, NULL, 0);
    if (c->tty) { close(master); close(slave); }
    else { close(in[0]); close(in[1]); close(out[0]); close(out[1]); close(err[0]); close(err[1]); }
    send_error(id, e, (char *)sbuf + sizeof e);
    free_chan(c, 1);
    return;
  }
  c->pid = pid;
  if (c->tty) {
    close(slave);
    set_nonblock(master);
    c->in_fd = c->out_fd = master;
    c->err_eof = 1;
  } else {
    close(in[0]); close(out[1]); close(err[1]);
    set_nonblock(in[1]); set_nonblock(out[0]); set_nonblock(err[0]);
    c->out_fd = in[1]; c->in_fd = out[0]; c->err_fd = err[0];
  }
  send_u32(T_OPENED, id, pid);
  if (flags & F_SPARE) {
    /* The host's channel ends here; the process lives on as the spare. */
    send_frame(T_CLOSE, id, NULL, 0);
    c->spare = 1;
    c->id = 0;
    c->quiet_since = now_ms();
    buf_add(&c->req, req, end - req);
  }
  return;
fail: {
    int e = errno;
    if (master >= 0) close(master);
    if (slave >= 0) close(slave);
    send_error(id, e, "exec");
    free_chan(c, 1);
    return;
  }
bad:
  send_error(id, EINVAL, "exec: malformed request");
  send_frame(T_CLOSE, id, NULL, 0);
}

static void sock_opened(struct chan *c) {
  int err = 0;
  socklen_t len = sizeof err;
  getsockopt(c->in_fd, SOL_SOCKET, SO_ERROR, &err, &len);
  c->connecting = 0;
  if (err) { send_error(c->id, err, "connect"); free_chan(c, 1); return; }
  send_u32(T_OPENED, c->id, 0);
}

static void open_sock(uint32_t id, int type, const unsigned char *p, size_t n) {
  struct chan *c = new_chan(id, K_SOCK);
  if (!c) { send_error(id, EMFILE, "connect: too many channels"); send_frame(T_CLOSE, id, NULL, 0); return; }
  char what[300];
  int fd, r;
  if (type == T_UNIX) {
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    if (n == 0 || n >= sizeof sa.sun_path) { send_error(id, ENAMETOOLONG, "connect: bad socket path"); free_chan(c, 1); return; }
    memcpy(sa.sun_path, p, n);
    snprintf(what, sizeof what, "connect %s", sa.sun_path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    r = fd < 0 ? -1 : connect(fd, (struct sockaddr *)&sa, sizeof sa);
  } else {
    if (n < 2) { send_error(id, EINVAL, "connect: short request"); free_chan(c, 1); return; }
    char host[256] = "";
    uint16_t port = get16(p);
    size_t hl = n - 2 < sizeof host - 1 ? n - 2 : sizeof host - 1;
    memcpy(host, p + 2, hl);
    host[hl] = 0;
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
    const char *ip = (!*host || !strcmp(host, "localhost")) ? "127.0.0.1" : host;
    snprintf(what, sizeof what, "connect %s:%u", ip, port);
    if (inet_pton(AF_INET, ip, &sa.sin_addr) != 1) {
      send_error(id, EINVAL, "connect: host must be an IPv4 address or localhost");
      free_chan(c, 1);
      return;
    }
    fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    r = fd < 0 ? -1 : connect(fd, (struct sockaddr *)&sa, sizeof sa);
  }
  if (fd >= 0) c->in_fd = c->out_fd = fd;
  if (r < 0 && errno == EINPROGRESS) { c->connecting = 1; return; }
  if (r < 0) { send_error(id, errno, what); free_chan(c, 1); return; }
  send_u32(T_OPENED, id, 0);
}

static int mkdir_parents(char *path) {
  for (char *s = path + 1; *s; s++) {
    if (*s != '/') continue;
    *s = 0;
    int r = mkdir(path, 0755);
    *s = '/';
    if (r < 0 && errno != EEXIST) return -1;
  }
  return 0;
}

static void open_file(uint32_t id, int type, const unsigned char *p, size_t n) {
  struct chan *c = new_chan(id, type == T_READ ? K_READ : K_WRITE);
  if (!c) { send_error(id, EMFILE, "open: too many channels"); send_frame(T_CLOSE, id, NULL, 0); return; }
  uint32_t mode = 0;
  if (type == T_WRITE) {
    if (n < 4) { send_error(id, EINVAL, "write: short request"); free_chan(c, 1); return; }
    mode = get32(p) & 07777;
    p += 4; n -= 4;
  }
  char path[4096];
  if (n == 0 || n >= sizeof path) { send_error(id, ENAMETOOLONG, "open"); free_chan(c, 1); return; }
  memcpy(path, p, n);
  path[n] = 0;
  if (type == T_READ) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) { close(fd); fd = -1; errno = EISDIR; }
    if (fd < 0) { send_error(id, errno, path); free_chan(c, 1); return; }
    c->in_fd = fd;
    c->err_eof = 1;
  } else {
    int fd = -1;
    if (mkdir_parents(path) == 0) fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode ? mode : 0644);
    if (fd >= 0 && mode) fchmod(fd, mode);
    if (fd < 0) { send_error(id, errno, path); free_chan(c, 1); return; }
    c->out_fd = fd;
    c->in_eof = c->err_eof = 1;
  }
  send_u32(T_OPENED, id, 0);
}

/* ---- frames from the host ---- */

static void on_frame(int type, uint32_t id, const unsigned char *p, size_t n) {
  struct chan *c;
  switch (type) {
  case T_HELLO: {
    reset_all();
    unsigned char r[12];
    put32(r, VERSION); put32(r + 4, n >= 8 ? get32(p + 4) : 0); put32(r + 8, getpid());
    send_frame(T_HELLO, 0, r, 12);
    return;
  }
  case T_PING: send_frame(T_PONG, 0, p, n); return;
  case T_SPARE: {
    struct chan *s = find_spare();
    unsigned char r[16];
    put32(r, n >= 4 ? get32(p) : 0);
    put32(r + 4, s ? (uint32_t)s->pid : 0);
    put32(r + 8, s ? s->held.len : 0);
    put32(r + 12, s ? (uint32_t)(now_ms() - s->quiet_since) : 0);
    send_frame(T_SPARE, 0, r, 16);
    return;
  }
  case T_EXEC: open_exec(id, p, n); return;
  case T_UNIX: case T_TCP: open_sock(id, type, p, n); return;
  case T_READ: case T_WRITE: open_file(id, type, p, n); return;
  }
  if (!(c = find_chan(id))) return; /* a late frame for a channel that already ended */
  switch (type) {
  case T_DATA:
    if (c->out_fd >= 0 && !c->host_eof) buf_add(&c->wbuf, p, n);
    else c->owed_credit += n; /* nobody will read it; hand the credit straight back */
    break;
  case T_EOF: c->host_eof = 1; break;
  case T_CREDIT: if (n >= 4) c->send_credit += get32(p); break;
  case T_RESIZE:
    if (c->tty && n >= 4 && c->in_fd >= 0) {
      struct winsize ws = { .ws_col = get16(p), .ws_row = get16(p + 2) };
      ioctl(c->in_fd, TIOCSWINSZ, &ws); /* the kernel sends SIGWINCH to the foreground group */
    }
    break;
  case T_KILL:
    if (c->kind == K_EXEC && c->pid > 0 && !c->exited && n >= 4) kill(-c->pid, get32(p));
    break;
  case T_CLOSE: free_chan(c, 1); break;
  }
}

static void parse_input(void) {
  size_t off = 0;
  while (inbuf.len - off >= HDR) {
    unsigned char *h = inbuf.p + off;
    unsigned char check = 0xA5 ^ h[0] ^ h[1] ^ h[2];
    for (int i = 4; i < HDR; i++) check ^= h[i];
    uint32_t len = get32(h + 8);
    if (h[0] != 'W' || h[1] != 'F' || h[3] != check || len > MAX_PAYLOAD) { off++; continue; }
    if (inbuf.len - off < HDR + len) break;
    on_frame(h[2], get32(h + 4), h + HDR, len);
    off += HDR + len;
  }
  buf_drop(&inbuf, off);
}

/* ---- channel I/O ---- */

static void pump_read(struct chan *c, int *fd, int *eof, int type) {
  unsigned char data[DATA_CHUNK];
  size_t room = c->spare ? SPARE_HOLD - c->held.len : c->send_credit;
  size_t want = room < sizeof data ? room : sizeof data;
  if (want == 0) return;
  ssize_t r = read(*fd, data, want);
  if (r > 0) {
    c->quiet_since = now_ms();
    if (c->spare) { buf_add(&c->held, data, r); return; }
    c->send_credit -= r;
    send_frame(type, c->id, data, r);
  } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
    /* EOF, or EIO from a pty whose last writer is gone */
    *eof = 1;
    if (!(fd == &c->in_fd && c->in_fd == c->out_fd)) close_fd(fd); /* a socket/pty fd still carries writes */
    if (c->kind != K_EXEC) send_frame(T_EOF, c->id, NULL, 0);
  }
}

static void pump_write(struct chan *c) {
  while (c->wbuf.len) {
    ssize_t r = write(c->out_fd, c->wbuf.p, c->wbuf.len);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0 && errno == EAGAIN) break;
    if (r < 0) { /* reader gone (EPIPE) or disk full: drop what is queued, keep reading output */
      if (c->kind == K_WRITE) { send_error(c->id, errno, "write"); free_chan(c, 1); return; }
      c->owed_credit += c->wbuf.len;
      c->wbuf.len = 0;
      c->host_eof = 1;
      break;
    }
    c->owed_credit += r;
    buf_drop(&c->wbuf, r);
  }
  if (c->owed_credit >= WINDOW / 4 || (c->owed_credit && !c->wbuf.len)) {
    send_u32(T_CREDIT, c->id, c->owed_credit);
    c->owed_credit = 0;
  }
  if (c->host_eof && !c->wbuf.len && !c->out_done) {
    c->out_done = 1;
    if (c->kind == K_SOCK) shutdown(c->out_fd, SHUT_WR);
    else if (c->kind == K_WRITE) {
      int r = close(c->out_fd);
      c->out_fd = -1;
      if (r < 0) { send_error(c->id, errno, "close"); free_chan(c, 1); return; }
      unsigned char z[8] = {0};
      send_frame(T_EXIT, c->id, z, 8);
      free_chan(c, 1);
    } else if (!c->tty) close_fd(&c->out_fd);
  }
}

/* Has this channel finished? Exec: the process exited and its output was drained (or went quiet). */
static void maybe_finish(struct chan *c) {
  if (!c->used) return;
  if (c->kind == K_EXEC) {
    if (c->spare) { /* a spare that died before anyone adopted it simply goes; the next adopt forks */
      if (c->exited) free_chan(c, 0);
      return;
    }
    if (!c->exited) return;
    int drained = c->in_eof && c->err_eof;
    /* A background grandchild may hold the pipes open forever: after the exit, stop once output goes quiet. */
    if (!drained && !(c->send_credit > 0 && now_ms() - c->quiet_since > EXIT_GRACE_MS)) return;
    unsigned char r[8];
    int code = WIFEXITED(c->status) ? WEXITSTATUS(c->status) : 128 + WTERMSIG(c->status);
    put32(r, code);
    put32(r + 4, WIFSIGNALED(c->status) ? WTERMSIG(c->status) : 0);
    send_frame(T_EXIT, c->id, r, 8);
    free_chan(c, 1);
  } else if (c->kind == K_READ) {
    if (c->in_eof) free_chan(c, 1);
  } else if (c->kind == K_SOCK) {
    if (c->in_eof && c->out_done) free_chan(c, 1);
  }
}

static void reap(void) {
  int status;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
    for (int i = 0; i < MAX_CHANS; i++) {
      struct chan *c = &chans[i];
      if (c->used && c->kind == K_EXEC && c->pid == pid) {
        c->exited = 1;
        c->status = status;
        c->quiet_since = now_ms();
      }
    }
  }
}

static void on_sigchld(int sig) {
  (void)sig;
  int e = errno;
  (void)!write(sig_pipe[1], "c", 1);
  errno = e;
}

/* ---- the port ---- */

static int open_port(void) {
  const char *forced = getenv("WHARF_AGENT_DEV");
  char dev[300] = "";
  if (forced) {
    snprintf(dev, sizeof dev, "%s", forced);
  } else {
    DIR *d = opendir("/sys/class/virtio-ports");
    struct dirent *e;
    while (d && (e = readdir(d))) {
      char path[600], name[64] = "";
      snprintf(path, sizeof path, "/sys/class/virtio-ports/%s/name", e->d_name);
      FILE *f = fopen(path, "r");
      if (!f) continue;
      if (fgets(name, sizeof name, f)) name[strcspn(name, "\n")] = 0;
      fclose(f);
      unsigned devn, portn;
      if (strcmp(name, "virtio-1") || sscanf(e->d_name, "vport%up%u", &devn, &portn) != 2) continue;
      snprintf(dev, sizeof dev, "/dev/%s", e->d_name);
      int fd = open(dev, O_RDWR | O_NOCTTY | O_CLOEXEC);
      if (fd < 0 && errno == ENXIO) { /* a console port: Linux only lets it be opened as hvc */
        snprintf(dev, sizeof dev, "/dev/hvc%u", portn);
        fd = open(dev, O_RDWR | O_NOCTTY | O_CLOEXEC);
      }
      closedir(d);
      if (fd >= 0) fprintf(stderr, "wharf-agent: using %s\n", dev);
      return fd;
    }
    if (d) closedir(d);
    return -1;
  }
  return open(dev, O_RDWR | O_NOCTTY | O_CLOEXEC);
}

static void attach_port(void) {
  for (int tries = 0;; tries++) {
    int fd = open_port();
    if (fd >= 0) {
      struct termios t;
      if (tcgetattr(fd, &t) == 0) { /* hvc is a tty: no echo, no line editing, 8-bit clean */
        cfmakeraw(&t);
        tcsetattr(fd, TCSANOW, &t);
      }
      set_nonblock(fd);
      port_in = port_out = fd;
      return;
    }
    if (tries % 30 == 0) fprintf(stderr, "wharf-agent: virtio-console port \"virtio-1\" not found yet\n");
    sleep(1);
  }
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--stdio")) stdio_mode = 1;
    else { fprintf(stderr, "usage: wharf-agent [--stdio]\n"); return 2; }
  }
  signal(SIGPIPE, SIG_IGN);
  if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) < 0) { perror("wharf-agent: pipe"); return 1; }
  struct sigaction sa = { .sa_handler = on_sigchld, .sa_flags = SA_RESTART | SA_NOCLDSTOP };
  sigaction(SIGCHLD, &sa, NULL);
  if (stdio_mode) {
    port_in = 0; port_out = 1;
    set_nonblock(0); set_nonblock(1);
  } else {
    attach_port();
  }
  unsigned char hello[12];
  put32(hello, VERSION); put32(hello + 4, 0); put32(hello + 8, getpid());
  send_frame(T_HELLO, 0, hello, 12);

  struct pollfd pfd[2 + MAX_CHANS * 3];
  struct chan *owner[2 + MAX_CHANS * 3];
  int role[2 + MAX_CHANS * 3];
  for (;;) {
    int n = 0, timeout = -1;
    pfd[n] = (struct pollfd){ .fd = sig_pipe[0], .events = POLLIN }; owner[n] = NULL; role[n++] = 0;
    pfd[n] = (struct pollfd){ .fd = port_in, .events = POLLIN }; owner[n] = NULL; role[n++] = 1;
    if (outbuf.len) {
      if (port_out == port_in) pfd[1].events |= POLLOUT;
      else { pfd[n] = (struct pollfd){ .fd = port_out, .events = POLLOUT }; owner[n] = NULL; role[n++] = 2; }
    }
    int backed_up = outbuf.len >= OUT_HIGH;
    for (int i = 0; i < MAX_CHANS; i++) {
      struct chan *c = &chans[i];
      if (!c->used) continue;
      if (c->exited && !(c->in_eof && c->err_eof)) timeout = 50;
      if (c->connecting) {
        pfd[n] = (struct pollfd){ .fd = c->in_fd, .events = POLLOUT }; owner[n] = c; role[n++] = 5;
        continue;
      }
      int room = c->spare ? c->held.len < SPARE_HOLD : c->send_credit && !backed_up;
      short ev_in = (!c->in_eof && c->in_fd >= 0 && room) ? POLLIN : 0;
      short ev_out = (c->out_fd >= 0 && c->wbuf.len) ? POLLOUT : 0;
      if (c->in_fd >= 0 && c->in_fd == c->out_fd) {
        if (ev_in | ev_out) { pfd[n] = (struct pollfd){ .fd = c->in_fd, .events = ev_in | ev_out }; owner[n] = c; role[n++] = 3; }
      } else {
        if (ev_in) { pfd[n] = (struct pollfd){ .fd = c->in_fd, .events = POLLIN }; owner[n] = c; role[n++] = 3; }
        if (ev_out) { pfd[n] = (struct pollfd){ .fd = c->out_fd, .events = POLLOUT }; owner[n] = c; role[n++] = 4; }
      }
      if (!c->err_eof && c->err_fd >= 0 && c->send_credit && !backed_up) {
        pfd[n] = (struct pollfd){ .fd = c->err_fd, .events = POLLIN }; owner[n] = c; role[n++] = 6;
      }
      if (c->kind == K_WRITE && c->host_eof && !c->wbuf.len) timeout = 0;
    }
    if (poll(pfd, n, timeout) < 0 && errno != EINTR) { perror("wharf-agent: poll"); return 1; }
    for (int i = 0; i < n; i++) {
      short re = pfd[i].revents;
      struct chan *c = owner[i];
      if (!re || (c && !c->used)) continue;
      switch (role[i]) {
      case 0: { char tmp[64]; while (read(sig_pipe[0], tmp, sizeof tmp) > 0) {} reap(); break; }
      case 1:
      case 2:
        if (re & POLLOUT || role[i] == 2) {
          ssize_t w = write(port_out, outbuf.p, outbuf.len);
          if (w > 0) buf_drop(&outbuf, w);
        }
        if (role[i] == 1 && re & (POLLIN | POLLHUP | POLLERR)) {
          unsigned char tmp[65536];
          ssize_t r = read(port_in, tmp, sizeof tmp);
          if (r > 0) { buf_add(&inbuf, tmp, r); parse_input(); }
          else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
            if (stdio_mode) return 0; /* the test harness closed our stdin */
            usleep(100000);             /* the device hiccupped: do not spin */
          }
        }
        break;
      case 3:
        if (re & POLLOUT) pump_write(c);
        if (c->used && re & (POLLIN | POLLHUP | POLLERR) && !c->in_eof) pump_read(c, &c->in_fd, &c->in_eof, T_DATA);
        break;
      case 4: pump_write(c); break;
      case 5: sock_opened(c); break;
      case 6: pump_read(c, &c->err_fd, &c->err_eof, T_DERR); break;
      }
    }
    for (int i = 0; i < MAX_CHANS; i++) {
      if (!chans[i].used) continue;
      if (chans[i].wbuf.len || (chans[i].host_eof && !chans[i].out_done)) pump_write(&chans[i]);
      maybe_finish(&chans[i]);
    }
    if (outbuf.len) {
      ssize_t w = write(port_out, outbuf.p, outbuf.len);
      if (w > 0) buf_drop(&outbuf, w);
    }
  }
}
