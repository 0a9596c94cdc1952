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
 *   open(endpoint)            -> handle   DEALER, ZMQ_LINGER 0, connected to endpoint
 *   send(handle, frames[])                 one multipart message (Uint8Array per frame)
 *   recv(handle, timeoutMs)   -> Buffer[] | null   one whole message, or null when the slice
 *                                          passed (or a signal interrupted the wait)
 *   close(handle)                          idempotent; also done by the garbage collector
 *
 * Errors throw a JS Error whose message starts with "zmq_<call>: " and the libzmq reason.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <node_api.h>
#include <zmq.h>

typedef struct {
  void* ctx;
  void* sock;
} Chan;

static napi_value throw_zmq(napi_env env, const char* call) {
  char msg[256];
  snprintf(msg, sizeof msg, "%s: %s", call, zmq_strerror(zmq_errno()));
  napi_throw_error(env, "ZMQ_SYNC", msg);
  return NULL;
}

static void chan_close(Chan* c) {
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
  if (must_be_open && !c->sock) {
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

static napi_value js_open(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
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
  napi_value ext;
  if (napi_create_external(env, c, chan_finalize, NULL, &ext) != napi_ok) {
    chan_close(c);
    free(c);
    return NULL;
  }
  return ext;
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
    /* A DEALER queues while its peer is away (up to the high-water mark): this does not block
     * for a reply, and a request never comes near the mark (one message in flight). */
    int rc;
    do rc = zmq_send(c->sock, data, length, i + 1 < n ? ZMQ_SNDMORE : 0);
    while (rc < 0 && zmq_errno() == EINTR);
    if (rc < 0) return throw_zmq(env, "zmq_send");
  }
  return NULL;
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
