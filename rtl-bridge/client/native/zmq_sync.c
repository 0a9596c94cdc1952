/*
 * zmq_sync: a blocking ZeroMQ DEALER socket for Node's main thread (N-API, C).
 *
 * The lockstep runner is synchronous (the driver model blocks on each RTL round trip), so it
 * talks to the simulator's ROUTER socket directly: send a request (one protocol message per
 * ZeroMQ frame, several frames as one multipart message), then wait for the reply in short
 * slices (zmq_poll) so the TypeScript caller can look at the server process between slices
 * (rtl-bridge/client/zmq-sync.ts). No worker thread, no event loop, no copies beyond one per
 * received frame.
 *
 *   open(endpoint[, libzmq])  -> handle   a DEALER connected to endpoint (see below)
 *   send(handle, frames[])                 one multipart message (Uint8Array per frame)
 *   recv(handle, timeoutMs)   -> Buffer[] | null   one whole message, or null when the slice
 *                                          passed (or a signal interrupted the wait)
 *   close(handle)                          idempotent; also done by the garbage collector
 *
 * Errors throw a JS Error whose message starts with "zmq_<call>: " and the libzmq reason.
 *
 * ipc:// and tcp:// endpoints are spoken to directly: ZMTP 3.0 (rfc.zeromq.org/spec/23, the NULL
 * mechanism, spec 37 framing) over a plain non-blocking socket in the calling thread, as a DEALER
 * would. libzmq would move every message through its I/O thread (a wake-up of that thread and
 * of this one per message each way: about a third of the client's CPU per round trip); here a
 * request is one write() and a reply one poll() + read(). What a DEALER does that the protocol
 * relies on is kept: a connection made lazily and retried until the server listens (the server
 * is spawned just before), messages queued until then, no wait beyond the slice given. A peer
 * that closes the connection makes recv() return null at once (the caller looks at the server
 * process), and null after each slice from then on. Other endpoints, or open(endpoint, true),
 * use libzmq's own DEALER socket.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <node_api.h>
#include <zmq.h>

#include "zmtp.h" /* rtl-bridge/server/zmtp.h: the framing both ends share */

/* Direct ZMTP connection states. */
enum { D_IDLE, D_CONNECTING, D_GREETING, D_READY, D_BROKEN };

typedef struct {
  uint8_t* p;
  size_t len, cap;
} Bytes;

typedef struct {
  void* ctx;
  void* sock;
  /* Direct mode (sock == NULL, direct == 1). */
  int direct;
  int open;
  int state;
  int fd;
  struct sockaddr_storage addr;
  socklen_t addrlen;
  Bytes hs; /* the greeting and READY, written once connected */
  size_t hsSent;
  Bytes out; /* requests, written once the peer's READY was read (libzmq drops a connection
              * whose data comes before its own handshake is through) */
  size_t outSent;
  Bytes in; /* bytes read and not yet consumed */
  int handshook; /* the peer's greeting and READY were read */
  int eof; /* the peer closed (or reset) the connection; what it sent before is still in `in` */
} Chan;

static int bytes_reserve(Bytes* b, size_t more) {
  if (b->len + more <= b->cap) return 0;
  size_t cap = b->cap ? b->cap : 4096;
  while (cap < b->len + more) cap *= 2;
  uint8_t* p = (uint8_t*)realloc(b->p, cap);
  if (!p) return -1;
  b->p = p;
  b->cap = cap;
  return 0;
}

static int bytes_put(Bytes* b, const void* p, size_t n) {
  if (bytes_reserve(b, n) != 0) return -1;
  memcpy(b->p + b->len, p, n);
  b->len += n;
  return 0;
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Where a direct endpoint points; 0 = usable directly, -1 = leave it to libzmq. */
static int resolve_direct(Chan* c, const char* endpoint) {
  if (strncmp(endpoint, "ipc://", 6) == 0) {
    const char* path = endpoint + 6;
    struct sockaddr_un* un = (struct sockaddr_un*)&c->addr;
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof un->sun_path || path[0] == '@') return -1;
    memset(un, 0, sizeof *un);
    un->sun_family = AF_UNIX;
    memcpy(un->sun_path, path, n);
    c->addrlen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
    return 0;
  }
  if (strncmp(endpoint, "tcp://", 6) == 0) {
    const char* hp = endpoint + 6;
    const char* colon = strrchr(hp, ':');
    if (!colon || colon == hp || colon[1] == 0) return -1;
    char host[256];
    size_t hn = (size_t)(colon - hp);
    if (hn >= sizeof host) return -1;
    memcpy(host, hp, hn);
    host[hn] = 0;
    if (host[0] == '[' && hn >= 2 && host[hn - 1] == ']') {
      memmove(host, host + 1, hn - 2);
      host[hn - 2] = 0;
    }
    if (strchr(host, ';') || strcmp(host, "*") == 0) return -1; /* source-address or bind forms */
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    /* IPv4, as libzmq resolves without ZMQ_IPV6 (a server bound to all interfaces listens on IPv4
     * only), unless the host is an IPv6 literal. */
    hints.ai_family = strchr(host, ':') ? AF_INET6 : AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, colon + 1, &hints, &res) != 0 || !res) return -1;
    memcpy(&c->addr, res->ai_addr, res->ai_addrlen);
    c->addrlen = res->ai_addrlen;
    freeaddrinfo(res);
    return 0;
  }
  return -1;
}

static void direct_drop(Chan* c) {
  if (c->fd >= 0) close(c->fd);
  c->fd = -1;
}

/* Connected: the greeting and READY are written first; requests wait for the peer's READY. */
static int direct_connected(Chan* c) {
  c->hs.len = c->hsSent = 0;
  uint8_t ready[ZMTP_READY_MAX];
  size_t rn = zmtp_ready(ready, "DEALER");
  if (bytes_put(&c->hs, ZMTP_GREETING, sizeof ZMTP_GREETING) != 0 || bytes_put(&c->hs, ready, rn) != 0) return -1;
  c->state = D_GREETING;
  return 0;
}

/* One connection attempt: D_CONNECTING (in progress), D_GREETING (connected, greeting queued),
 * or D_IDLE (refused: the server does not listen yet; tried again later). -1: out of memory. */
static int direct_connect(Chan* c) {
  int fd = socket(c->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  if (c->addr.ss_family != AF_UNIX) {
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  int rc;
  do rc = connect(fd, (struct sockaddr*)&c->addr, c->addrlen);
  while (rc < 0 && errno == EINTR);
  if (rc < 0 && errno != EINPROGRESS) {
    close(fd);
    return 0;
  }
  c->fd = fd;
  c->state = D_CONNECTING;
  return rc == 0 ? direct_connected(c) : 0;
}

static int write_some(int fd, Bytes* b, size_t* sent) {
  while (*sent < b->len) {
    ssize_t k = send(fd, b->p + *sent, b->len - *sent, MSG_NOSIGNAL);
    if (k < 0 && errno == EINTR) continue;
    if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
    if (k <= 0) return -1;
    *sent += (size_t)k;
  }
  b->len = *sent = 0;
  return 0;
}

/* Writes what it can without blocking (the handshake, then requests once handshook); -1 when
 * the connection broke. */
static int direct_flush(Chan* c) {
  if (write_some(c->fd, &c->hs, &c->hsSent) != 0) return -1;
  if (c->hs.len > 0 || !c->handshook) return 0;
  return write_some(c->fd, &c->out, &c->outSent);
}

/* Bytes still to write. */
static int direct_pending(const Chan* c) {
  return c->hsSent < c->hs.len || (c->handshook && c->outSent < c->out.len);
}

/* Consumes the peer's greeting and READY from c->in; 1 once done, 0 for more bytes, -1 if the
 * peer is no ZMTP 3 NULL-mechanism peer (or refused us with ERROR). */
static int direct_handshake(Chan* c) {
  size_t used = 0;
  int h = zmtp_handshake(c->in.p, c->in.len, &used);
  if (h <= 0) return h;
  memmove(c->in.p, c->in.p + used, c->in.len - used);
  c->in.len -= used;
  c->handshook = 1;
  return 1;
}

/* Reads what has arrived; EOF or a reset sets c->eof (bytes read before it stay). -1: out of memory. */
static int direct_read(Chan* c) {
  for (;;) {
    if (bytes_reserve(&c->in, 65536) != 0) return -1;
    size_t room = c->in.cap - c->in.len;
    ssize_t k = recv(c->fd, c->in.p + c->in.len, room, 0);
    if (k < 0 && errno == EINTR) continue;
    if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
    if (k <= 0) {
      c->eof = 1;
      return 0;
    }
    c->in.len += (size_t)k;
    if ((size_t)k < room) return 0;
  }
}

static napi_value throw_zmq(napi_env env, const char* call) {
  char msg[256];
  snprintf(msg, sizeof msg, "%s: %s", call, zmq_strerror(zmq_errno()));
  napi_throw_error(env, "ZMQ_SYNC", msg);
  return NULL;
}

static void chan_close(Chan* c) {
  if (c->direct) {
    direct_drop(c);
    free(c->out.p);
    free(c->in.p);
    free(c->hs.p);
    memset(&c->hs, 0, sizeof c->hs);
    memset(&c->out, 0, sizeof c->out);
    memset(&c->in, 0, sizeof c->in);
    c->open = 0;
    return;
  }
  if (c->sock) {
    zmq_close(c->sock);
    c->sock = NULL;
  }
  if (c->ctx) {
    zmq_ctx_term(c->ctx);
    c->ctx = NULL;
  }
}

static void chan_finalize(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  chan_close((Chan*)data);
  free(data);
}

/* The handle's Chan, or NULL (an exception is pending) if it is not one or is closed. */
static Chan* chan_of(napi_env env, napi_value v, int must_be_open) {
  void* p = NULL;
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_external || napi_get_value_external(env, v, &p) != napi_ok || !p) {
    napi_throw_type_error(env, "ZMQ_SYNC", "not a zmq_sync handle");
    return NULL;
  }
  Chan* c = (Chan*)p;
  if (must_be_open && !(c->direct ? c->open : c->sock != NULL)) {
    napi_throw_error(env, "ZMQ_SYNC", "zmq_sync handle is closed");
    return NULL;
  }
  return c;
}

/* The open Chan of a call (handle, arg) with its second argument in *arg; NULL (an exception
 * is pending) when the call is short of arguments or the handle is not an open one. */
static Chan* open_chan_call(napi_env env, napi_callback_info info, napi_value* arg, const char* usage) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2) {
    napi_throw_type_error(env, "ZMQ_SYNC", usage);
    return NULL;
  }
  *arg = argv[1];
  return chan_of(env, argv[0], 1);
}

/* The JS handle of an open Chan (freed by the garbage collector if never closed). */
static napi_value chan_handle(napi_env env, Chan* c) {
  napi_value ext;
  if (napi_create_external(env, c, chan_finalize, NULL, &ext) != napi_ok) {
    chan_close(c);
    free(c);
    return NULL;
  }
  return ext;
}

static napi_value js_open(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char endpoint[1024];
  size_t len = 0;
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], endpoint, sizeof endpoint, &len) != napi_ok) {
    napi_throw_type_error(env, "ZMQ_SYNC", "open(endpoint): endpoint must be a string");
    return NULL;
  }
  if (len >= sizeof endpoint - 1) {
    napi_throw_range_error(env, "ZMQ_SYNC", "open(endpoint): endpoint longer than 1022 bytes");
    return NULL;
  }
  Chan* c = (Chan*)calloc(1, sizeof *c);
  if (!c) return throw_zmq(env, "calloc");
  bool useLibzmq = false;
  if (argc >= 2) napi_get_value_bool(env, argv[1], &useLibzmq);
  c->fd = -1;
  if (!useLibzmq && resolve_direct(c, endpoint) == 0) {
    c->direct = 1;
    c->open = 1;
    c->state = D_IDLE;
    return chan_handle(env, c);
  }
  c->ctx = zmq_ctx_new();
  if (!c->ctx) {
    free(c);
    return throw_zmq(env, "zmq_ctx_new");
  }
  c->sock = zmq_socket(c->ctx, ZMQ_DEALER);
  int linger = 0;
  if (!c->sock || zmq_setsockopt(c->sock, ZMQ_LINGER, &linger, sizeof linger) != 0 || zmq_connect(c->sock, endpoint) != 0) {
    napi_value r = throw_zmq(env, c->sock ? "zmq_connect" : "zmq_socket");
    chan_close(c);
    free(c);
    return r;
  }
  return chan_handle(env, c);
}

static napi_value js_send(napi_env env, napi_callback_info info) {
  napi_value frames;
  Chan* c = open_chan_call(env, info, &frames, "send(handle, frames)");
  if (!c) return NULL;
  bool isArray = false;
  uint32_t n = 0;
  if (napi_is_array(env, frames, &isArray) != napi_ok || !isArray || napi_get_array_length(env, frames, &n) != napi_ok || n == 0) {
    napi_throw_type_error(env, "ZMQ_SYNC", "send(handle, frames): frames must be a non-empty array of Uint8Array");
    return NULL;
  }
  for (uint32_t i = 0; i < n; i++) {
    napi_value f;
    bool isTyped = false;
    napi_typedarray_type tt;
    size_t length = 0, offset = 0;
    void* data = NULL;
    napi_value ab;
    if (napi_get_element(env, frames, i, &f) != napi_ok || napi_is_typedarray(env, f, &isTyped) != napi_ok || !isTyped ||
        napi_get_typedarray_info(env, f, &tt, &length, &data, &ab, &offset) != napi_ok || tt != napi_uint8_array) {
      napi_throw_type_error(env, "ZMQ_SYNC", "send(handle, frames): every frame must be a Uint8Array");
      return NULL;
    }
    if (c->direct) {
      /* Frame header (spec 23 §"Framing"): MORE on all but the last, LONG above 255 bytes. */
      uint8_t head[ZMTP_HEAD_MAX];
      size_t hn = zmtp_frame_head(head, length, i + 1 < n);
      if (c->state == D_BROKEN) continue; /* the reader reports the server gone */
      if (bytes_put(&c->out, head, hn) != 0 || bytes_put(&c->out, data, length) != 0) return throw_zmq(env, "send (out of memory)");
      continue;
    }
    /* A DEALER queues while its peer is away (up to the high-water mark): this does not block
     * for a reply, and a request never comes near the mark (one message in flight). */
    int rc;
    do rc = zmq_send(c->sock, data, length, i + 1 < n ? ZMQ_SNDMORE : 0);
    while (rc < 0 && zmq_errno() == EINTR);
    if (rc < 0) return throw_zmq(env, "zmq_send");
  }
  /* Queued until connected (recv() connects); written at once when the connection is up. */
  if (c->direct && c->state == D_READY && direct_flush(c) != 0) {
    direct_drop(c);
    c->state = D_BROKEN;
  }
  return NULL;
}

/* recv() in direct mode: waits at most timeout ms; a null result = nothing yet, or the peer gone. */
static napi_value direct_recv(napi_env env, Chan* c, int32_t timeout) {
  napi_value result;
  double end = now_ms() + timeout;
  int interrupted = 0;
  for (;;) {
    if (c->state == D_BROKEN) {
      /* Gone: each call is one slice of waiting (a signal cuts it short); the caller decides. */
      double left = end - now_ms();
      if (left > 0) poll(NULL, 0, (int)(left + 0.999));
      break;
    }
    if (c->state == D_IDLE && direct_connect(c) != 0) return throw_zmq(env, "connect (out of memory)");
    if (c->state == D_GREETING || c->state == D_READY) {
      if (!c->handshook) {
        int h = direct_handshake(c);
        if (h < 0) {
          direct_drop(c);
          c->state = D_BROKEN;
          napi_throw_error(env, "ZMQ_SYNC", "zmtp: the peer is not a ZeroMQ socket (ZMTP 3, NULL mechanism)");
          return NULL;
        }
        if (h > 0) c->state = D_READY;
      }
      if (c->handshook) {
        uint32_t nframes = 0;
        size_t start = 0;
        size_t len = zmtp_message(c->in.p, c->in.len, &start, &nframes);
        if (len > 0) {
          napi_create_array_with_length(env, nframes, &result);
          size_t off = 0;
          for (uint32_t i = 0; i < nframes;) {
            const uint8_t* body = NULL;
            uint64_t size = 0;
            uint8_t flags = 0;
            off += zmtp_frame_at(c->in.p + off, len - off, &body, &size, &flags);
            if (flags & ZMTP_COMMAND) continue; /* PING and the like */
            napi_value buf;
            void* copy = NULL;
            if (napi_create_buffer_copy(env, (size_t)size, body, &copy, &buf) != napi_ok) return NULL;
            napi_set_element(env, result, i++, buf);
          }
          memmove(c->in.p, c->in.p + len, c->in.len - len);
          c->in.len -= len;
          return result;
        }
      }
      if (c->eof || direct_flush(c) != 0) {
        /* The server closed the connection: the caller looks at its process at once. */
        direct_drop(c);
        c->state = D_BROKEN;
        break;
      }
    }
    double left = end - now_ms();
    if (c->state == D_IDLE) {
      /* Not listening yet (the server was just spawned): try again shortly, within the slice. */
      if (left <= 0) break;
      poll(NULL, 0, left < 5 ? (int)(left + 0.999) : 5);
      if (now_ms() >= end) break;
      continue;
    }
    struct pollfd pfd = {c->fd, 0, 0};
    if (c->state == D_CONNECTING) pfd.events = POLLOUT;
    else pfd.events = (short)(POLLIN | (direct_pending(c) ? POLLOUT : 0));
    int k = poll(&pfd, 1, left > 0 ? (int)(left + 0.999) : 0);
    if (k < 0 && errno == EINTR) {
      /* A signal (SIGCHLD: say the server exiting right after its reply): take what has arrived
       * (one more pass without waiting), then the caller looks at the server. */
      if (interrupted) break;
      interrupted = 1;
      end = now_ms();
      continue;
    }
    if (k < 0) return throw_zmq(env, "poll");
    if (k == 0) break;
    if (c->state == D_CONNECTING) {
      int err = 0;
      socklen_t el = sizeof err;
      getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &el);
      if (err != 0) {
        /* Refused: not listening yet, try again shortly, within the slice. */
        direct_drop(c);
        c->state = D_IDLE;
        double l2 = end - now_ms();
        if (l2 <= 0) break;
        poll(NULL, 0, l2 < 5 ? (int)(l2 + 0.999) : 5);
        if (now_ms() >= end) break;
      } else if (direct_connected(c) != 0) {
        return throw_zmq(env, "connect (out of memory)");
      }
      continue;
    }
    if ((pfd.revents & (POLLIN | POLLHUP | POLLERR)) && direct_read(c) != 0) return throw_zmq(env, "recv (out of memory)");
  }
  napi_get_null(env, &result);
  return result;
}

static napi_value js_recv(napi_env env, napi_callback_info info) {
  napi_value ms;
  Chan* c = open_chan_call(env, info, &ms, "recv(handle, timeoutMs)");
  if (!c) return NULL;
  int32_t timeout = 0;
  if (napi_get_value_int32(env, ms, &timeout) != napi_ok || timeout < 0) {
    napi_throw_range_error(env, "ZMQ_SYNC", "recv(handle, timeoutMs): timeoutMs must be an integer >= 0");
    return NULL;
  }
  if (c->direct) return direct_recv(env, c, timeout);
  zmq_pollitem_t item = { c->sock, 0, ZMQ_POLLIN, 0 };
  int k = zmq_poll(&item, 1, timeout);
  napi_value result;
  if (k < 0 && zmq_errno() != EINTR) return throw_zmq(env, "zmq_poll");
  if (k <= 0 || !(item.revents & ZMQ_POLLIN)) {
    /* The slice passed (or a signal such as SIGCHLD cut it short): the caller looks again. */
    napi_get_null(env, &result);
    return result;
  }
  napi_create_array(env, &result);
  /* The frames of one multipart message arrive together: no wait between them. */
  for (uint32_t i = 0;; i++) {
    zmq_msg_t m;
    zmq_msg_init(&m);
    int rc;
    do rc = zmq_msg_recv(&m, c->sock, 0);
    while (rc < 0 && zmq_errno() == EINTR);
    if (rc < 0) {
      zmq_msg_close(&m);
      return throw_zmq(env, "zmq_msg_recv");
    }
    napi_value buf;
    void* copy = NULL;
    napi_status st = napi_create_buffer_copy(env, zmq_msg_size(&m), zmq_msg_data(&m), &copy, &buf);
    int more = zmq_msg_more(&m);
    zmq_msg_close(&m);
    if (st != napi_ok) return NULL;
    napi_set_element(env, result, i, buf);
    if (!more) break;
  }
  return result;
}

static napi_value js_close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1) return NULL;
  Chan* c = chan_of(env, argv[0], 0);
  if (c) chan_close(c);
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
    { "open", NULL, js_open, NULL, NULL, NULL, napi_enumerable, NULL },
    { "send", NULL, js_send, NULL, NULL, NULL, napi_enumerable, NULL },
    { "recv", NULL, js_recv, NULL, NULL, NULL, napi_enumerable, NULL },
    { "close", NULL, js_close, NULL, NULL, NULL, napi_enumerable, NULL },
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}
