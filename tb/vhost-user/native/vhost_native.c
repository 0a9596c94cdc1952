// vhost_native: the few POSIX calls a vhost-user back-end needs and Node does not offer.
// Unix stream sockets with SCM_RIGHTS (unix(7)), mmap of shared guest memory as an external
// ArrayBuffer (mmap(2)), eventfd kick/call counters (eventfd(2)), and readiness callbacks on the
// Node event loop (libuv uv_poll). Every fd this module returns is non-blocking and close-on-exec.
// Errors are thrown as JS Errors naming the call and errno text.

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <uv.h>

#define MAX_FDS 16 /* vhost-user sends at most 8 (VHOST_MEMORY_BASELINE_NREGIONS) */

#define CHECK(call)                                                  \
  do {                                                               \
    if ((call) != napi_ok) {                                         \
      napi_throw_error(env, NULL, "vhost_native: N-API call failed"); \
      return NULL;                                                   \
    }                                                                \
  } while (0)

static napi_value throw_errno(napi_env env, const char *what) {
  char msg[256];
  snprintf(msg, sizeof msg, "%s: %s (errno %d)", what, strerror(errno), errno);
  napi_throw_error(env, NULL, msg);
  return NULL;
}

static int get_args(napi_env env, napi_callback_info info, size_t want, napi_value *argv) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < want) {
    napi_throw_type_error(env, NULL, "vhost_native: too few arguments");
    return 0;
  }
  return 1;
}

static int arg_i64(napi_env env, napi_value v, int64_t *out) {
  if (napi_get_value_int64(env, v, out) != napi_ok) {
    napi_throw_type_error(env, NULL, "vhost_native: expected a number");
    return 0;
  }
  return 1;
}

static napi_value num(napi_env env, double d) {
  napi_value r;
  napi_create_double(env, d, &r);
  return r;
}

static int fill_sockaddr(napi_env env, napi_value v, struct sockaddr_un *sa) {
  size_t len = 0;
  memset(sa, 0, sizeof *sa);
  sa->sun_family = AF_UNIX;
  if (napi_get_value_string_utf8(env, v, sa->sun_path, sizeof sa->sun_path, &len) != napi_ok ||
      len >= sizeof sa->sun_path - 1) {
    napi_throw_type_error(env, NULL, "vhost_native: socket path missing or too long");
    return 0;
  }
  return 1;
}

/* listen(path) -> fd: a non-blocking listening unix stream socket (the path is unlinked first). */
static napi_value js_listen(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  struct sockaddr_un sa;
  if (!get_args(env, info, 1, argv) || !fill_sockaddr(env, argv[0], &sa)) return NULL;
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, "socket");
  unlink(sa.sun_path);
  if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, 4) < 0) {
    int e = errno;
    close(fd);
    errno = e;
    return throw_errno(env, "bind/listen");
  }
  return num(env, fd);
}

/* connect(path) -> fd (blocking connect, then non-blocking): used by tests acting as a front-end. */
static napi_value js_connect(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  struct sockaddr_un sa;
  if (!get_args(env, info, 1, argv) || !fill_sockaddr(env, argv[0], &sa)) return NULL;
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, "socket");
  if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
    int e = errno;
    close(fd);
    errno = e;
    return throw_errno(env, "connect");
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  return num(env, fd);
}

/* accept(fd) -> fd, or -1 when no connection is waiting. */
static napi_value js_accept(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int64_t fd;
  if (!get_args(env, info, 1, argv) || !arg_i64(env, argv[0], &fd)) return NULL;
  int c = accept4((int)fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (c < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return num(env, -1);
    return throw_errno(env, "accept4");
  }
  return num(env, c);
}

/*
 * recvmsg(fd, maxBytes) -> { data: Buffer, fds: number[] } with data.length 0 at end of stream,
 * or null when nothing is waiting (EAGAIN). File descriptors arrive with SCM_RIGHTS.
 */
static napi_value js_recvmsg(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  int64_t fd, max;
  if (!get_args(env, info, 2, argv) || !arg_i64(env, argv[0], &fd) || !arg_i64(env, argv[1], &max)) return NULL;
  if (max < 1 || max > 65536) {
    napi_throw_range_error(env, NULL, "vhost_native.recvmsg: maxBytes must be 1..65536");
    return NULL;
  }
  char buf[65536];
  union {
    char b[CMSG_SPACE(MAX_FDS * sizeof(int))];
    struct cmsghdr align;
  } ctl;
  struct iovec iov = {buf, (size_t)max};
  struct msghdr mh;
  memset(&mh, 0, sizeof mh);
  mh.msg_iov = &iov;
  mh.msg_iovlen = 1;
  mh.msg_control = ctl.b;
  mh.msg_controllen = sizeof ctl.b;
  ssize_t n = recvmsg((int)fd, &mh, MSG_CMSG_CLOEXEC);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      napi_value nul;
      napi_get_null(env, &nul);
      return nul;
    }
    return throw_errno(env, "recvmsg");
  }
  napi_value res, data, fds;
  void *dst;
  CHECK(napi_create_object(env, &res));
  CHECK(napi_create_buffer_copy(env, (size_t)n, buf, &dst, &data));
  CHECK(napi_create_array(env, &fds));
  uint32_t k = 0;
  for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    size_t cnt = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    int *p = (int *)CMSG_DATA(c);
    for (size_t i = 0; i < cnt; i++) CHECK(napi_set_element(env, fds, k++, num(env, p[i])));
  }
  if (mh.msg_flags & MSG_CTRUNC) {
    napi_throw_error(env, NULL, "vhost_native.recvmsg: ancillary data truncated (more than 16 fds)");
    return NULL;
  }
  CHECK(napi_set_named_property(env, res, "data", data));
  CHECK(napi_set_named_property(env, res, "fds", fds));
  return res;
}

/* sendmsg(fd, bytes: Uint8Array, fds?: number[]) -> bytes sent (blocks briefly when the socket is full). */
static napi_value js_sendmsg(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  size_t argc = 3;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 2) {
    napi_throw_type_error(env, NULL, "vhost_native.sendmsg: (fd, bytes[, fds])");
    return NULL;
  }
  int64_t fd;
  if (!arg_i64(env, argv[0], &fd)) return NULL;
  napi_typedarray_type tt;
  size_t len, off;
  void *data;
  napi_value ab;
  if (napi_get_typedarray_info(env, argv[1], &tt, &len, &data, &ab, &off) != napi_ok || tt != napi_uint8_array) {
    napi_throw_type_error(env, NULL, "vhost_native.sendmsg: bytes must be a Uint8Array");
    return NULL;
  }
  union {
    char b[CMSG_SPACE(MAX_FDS * sizeof(int))];
    struct cmsghdr align;
  } ctl;
  struct iovec iov = {data, len};
  struct msghdr mh;
  memset(&mh, 0, sizeof mh);
  mh.msg_iov = &iov;
  mh.msg_iovlen = 1;
  uint32_t nfds = 0;
  if (argc >= 3) {
    bool is_arr = false;
    napi_is_array(env, argv[2], &is_arr);
    if (is_arr) CHECK(napi_get_array_length(env, argv[2], &nfds));
  }
  if (nfds > MAX_FDS) {
    napi_throw_range_error(env, NULL, "vhost_native.sendmsg: at most 16 fds");
    return NULL;
  }
  if (nfds > 0) {
    memset(ctl.b, 0, sizeof ctl.b);
    mh.msg_control = ctl.b;
    mh.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
    struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(nfds * sizeof(int));
    int *p = (int *)CMSG_DATA(c);
    for (uint32_t i = 0; i < nfds; i++) {
      napi_value e;
      int64_t v;
      CHECK(napi_get_element(env, argv[2], i, &e));
      if (!arg_i64(env, e, &v)) return NULL;
      p[i] = (int)v;
    }
  }
  for (int tries = 0; tries < 1000; tries++) {
    ssize_t n = sendmsg((int)fd, &mh, MSG_NOSIGNAL);
    if (n >= 0) return num(env, (double)n);
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return throw_errno(env, "sendmsg");
    usleep(1000);
  }
  errno = EAGAIN;
  return throw_errno(env, "sendmsg (socket stayed full for 1 s)");
}

typedef struct {
  void *addr;
  size_t len;
  int mapped;
} Mapping;

static void mapping_finalize(napi_env env, void *data, void *hint) {
  (void)env;
  (void)data;
  Mapping *m = (Mapping *)hint;
  if (m->mapped) munmap(m->addr, m->len);
  free(m);
}

/* mmap(fd, size, offset) -> ArrayBuffer over MAP_SHARED read/write memory (unmapped by munmap or GC). */
static napi_value js_mmap(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  int64_t fd, size, offset;
  if (!get_args(env, info, 3, argv) || !arg_i64(env, argv[0], &fd) || !arg_i64(env, argv[1], &size) ||
      !arg_i64(env, argv[2], &offset))
    return NULL;
  if (size <= 0 || offset < 0) {
    napi_throw_range_error(env, NULL, "vhost_native.mmap: size must be > 0 and offset >= 0");
    return NULL;
  }
  void *p = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, (int)fd, (off_t)offset);
  if (p == MAP_FAILED) return throw_errno(env, "mmap");
  Mapping *m = (Mapping *)malloc(sizeof *m);
  m->addr = p;
  m->len = (size_t)size;
  m->mapped = 1;
  napi_value ab;
  if (napi_create_external_arraybuffer(env, p, (size_t)size, mapping_finalize, m, &ab) != napi_ok) {
    munmap(p, (size_t)size);
    free(m);
    napi_throw_error(env, NULL, "vhost_native.mmap: external ArrayBuffers are not allowed in this Node");
    return NULL;
  }
  napi_wrap(env, ab, m, NULL, NULL, NULL); /* lets munmap find the mapping */
  return ab;
}

/* munmap(arrayBuffer): detach it (later JS access sees length 0) and unmap. */
static napi_value js_munmap(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!get_args(env, info, 1, argv)) return NULL;
  Mapping *m = NULL;
  if (napi_unwrap(env, argv[0], (void **)&m) != napi_ok || !m) {
    napi_throw_type_error(env, NULL, "vhost_native.munmap: not an ArrayBuffer from mmap");
    return NULL;
  }
  if (m->mapped) {
    napi_detach_arraybuffer(env, argv[0]);
    munmap(m->addr, m->len);
    m->mapped = 0;
  }
  return NULL;
}

/* eventfd() -> fd (non-blocking counter). memfd(name, size) -> fd of that size. Test helpers. */
static napi_value js_eventfd(napi_env env, napi_callback_info info) {
  (void)info;
  int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (fd < 0) return throw_errno(env, "eventfd");
  return num(env, fd);
}

static napi_value js_memfd(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  int64_t size;
  char name[64];
  size_t nl;
  if (!get_args(env, info, 2, argv) || !arg_i64(env, argv[1], &size)) return NULL;
  if (napi_get_value_string_utf8(env, argv[0], name, sizeof name, &nl) != napi_ok) return NULL;
  int fd = memfd_create(name, MFD_CLOEXEC);
  if (fd < 0) return throw_errno(env, "memfd_create");
  if (ftruncate(fd, (off_t)size) < 0) {
    int e = errno;
    close(fd);
    errno = e;
    return throw_errno(env, "ftruncate");
  }
  return num(env, fd);
}

/* eventfdWrite(fd, n): add n to the counter (a kick or a call). */
static napi_value js_eventfd_write(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  int64_t fd, v;
  if (!get_args(env, info, 2, argv) || !arg_i64(env, argv[0], &fd) || !arg_i64(env, argv[1], &v)) return NULL;
  uint64_t u = (uint64_t)v;
  if (write((int)fd, &u, 8) != 8 && errno != EAGAIN) return throw_errno(env, "eventfd write");
  return NULL;
}

/* eventfdRead(fd) -> counter value (and reset), or 0 when it was zero. */
static napi_value js_eventfd_read(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int64_t fd;
  if (!get_args(env, info, 1, argv) || !arg_i64(env, argv[0], &fd)) return NULL;
  uint64_t u = 0;
  if (read((int)fd, &u, 8) != 8) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return num(env, 0);
    return throw_errno(env, "eventfd read");
  }
  return num(env, (double)u);
}

static napi_value js_close(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int64_t fd;
  if (!get_args(env, info, 1, argv) || !arg_i64(env, argv[0], &fd)) return NULL;
  if (fd >= 0) close((int)fd);
  return NULL;
}

/* ---- readiness callbacks: watch(fd, cb) -> handle; unwatch(handle) ---------------------------- */

typedef struct {
  uv_poll_t poll;
  napi_env env;
  napi_ref cb;
  int closing;
} Watch;

static void watch_closed(uv_handle_t *h) {
  Watch *w = (Watch *)h->data;
  free(w);
}

static void watch_ready(uv_poll_t *p, int status, int events) {
  (void)events;
  Watch *w = (Watch *)p->data;
  if (w->closing) return;
  napi_env env = w->env;
  napi_handle_scope scope;
  napi_open_handle_scope(env, &scope);
  napi_value cb, global, arg;
  napi_get_reference_value(env, w->cb, &cb);
  napi_get_global(env, &global);
  napi_create_int32(env, status, &arg);
  napi_value result;
  if (napi_make_callback(env, NULL, global, cb, 1, &arg, &result) == napi_pending_exception) {
    napi_value exc;
    napi_get_and_clear_last_exception(env, &exc);
    napi_fatal_exception(env, exc);
  }
  napi_close_handle_scope(env, scope);
}

static void watch_handle_finalize(napi_env env, void *data, void *hint) {
  (void)env;
  (void)data;
  (void)hint;
}

static napi_value js_watch(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  int64_t fd;
  if (!get_args(env, info, 2, argv) || !arg_i64(env, argv[0], &fd)) return NULL;
  uv_loop_t *loop;
  CHECK(napi_get_uv_event_loop(env, &loop));
  Watch *w = (Watch *)calloc(1, sizeof *w);
  w->env = env;
  if (uv_poll_init(loop, &w->poll, (int)fd) != 0) {
    free(w);
    napi_throw_error(env, NULL, "vhost_native.watch: uv_poll_init failed");
    return NULL;
  }
  w->poll.data = w;
  CHECK(napi_create_reference(env, argv[1], 1, &w->cb));
  uv_poll_start(&w->poll, UV_READABLE | UV_DISCONNECT, watch_ready);
  napi_value h;
  CHECK(napi_create_external(env, w, watch_handle_finalize, NULL, &h));
  return h;
}

static napi_value js_unwatch(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!get_args(env, info, 1, argv)) return NULL;
  Watch *w = NULL;
  if (napi_get_value_external(env, argv[0], (void **)&w) != napi_ok || !w) return NULL;
  if (w->closing) return NULL;
  w->closing = 1;
  uv_poll_stop(&w->poll);
  napi_delete_reference(env, w->cb);
  uv_close((uv_handle_t *)&w->poll, watch_closed);
  return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
  static const struct {
    const char *name;
    napi_callback fn;
  } fns[] = {
      {"listen", js_listen},   {"connect", js_connect},   {"accept", js_accept},
      {"recvmsg", js_recvmsg}, {"sendmsg", js_sendmsg},   {"mmap", js_mmap},
      {"munmap", js_munmap},   {"eventfd", js_eventfd},   {"memfd", js_memfd},
      {"eventfdWrite", js_eventfd_write},                 {"eventfdRead", js_eventfd_read},
      {"close", js_close},     {"watch", js_watch},       {"unwatch", js_unwatch},
  };
  for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
    napi_value f;
    CHECK(napi_create_function(env, fns[i].name, NAPI_AUTO_LENGTH, fns[i].fn, NULL, &f));
    CHECK(napi_set_named_property(env, exports, fns[i].name, f));
  }
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
