/*
 * zmtp.h: the ZeroMQ wire protocol, ZMTP 3.0 with the NULL mechanism (rfc.zeromq.org spec 23,
 * framing as in spec 37), as far as the bridge speaks it itself. One definition for both ends:
 * the server's ROUTER (main.cpp, C++) and the client addon's DEALER (../client/native/zmq_sync.c,
 * C). Pure functions over byte buffers: no I/O, no allocation.
 *
 * A connection starts with each side's 64-byte greeting and its READY command (the Socket-Type
 * property); then frames: flags (MORE 0x01, LONG 0x02, COMMAND 0x04), a 1-byte size or, with
 * LONG, an 8-byte big-endian size, the body. A message is its frames up to the first without MORE.
 */
#ifndef RTL_BRIDGE_ZMTP_H
#define RTL_BRIDGE_ZMTP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum { ZMTP_MORE = 0x01, ZMTP_LONG = 0x02, ZMTP_COMMAND = 0x04, ZMTP_GREETING_BYTES = 64, ZMTP_READY_MAX = 64, ZMTP_HEAD_MAX = 9 };

/* The greeting of either side with the NULL mechanism (spec 23 "Greeting"): signature, version
 * 3.0, mechanism "NULL", as-server 0 (NULL has no server role), filler. */
static const uint8_t ZMTP_GREETING[ZMTP_GREETING_BYTES] = {0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f, 3, 0, 'N', 'U', 'L', 'L'};

/* The READY command carrying Socket-Type `type` (spec 23 "NULL security mechanism",
 * "Socket-Type") into out (ZMTP_READY_MAX bytes); its length. */
static inline size_t zmtp_ready(uint8_t* out, const char* type) {
  size_t tn = strlen(type);
  size_t body = 1 + 5 + 1 + 11 + 4 + tn;
  out[0] = ZMTP_COMMAND;
  out[1] = (uint8_t)body;
  out[2] = 5;
  memcpy(out + 3, "READY", 5);
  out[8] = 11;
  memcpy(out + 9, "Socket-Type", 11);
  out[20] = out[21] = out[22] = 0;
  out[23] = (uint8_t)tn;
  memcpy(out + 24, type, tn);
  return 2 + body;
}

/* The header of a data frame of `length` bytes (MORE when `more`) into head (ZMTP_HEAD_MAX
 * bytes); its length: LONG above 255 bytes. */
static inline size_t zmtp_frame_head(uint8_t* head, uint64_t length, int more) {
  uint8_t f = more ? ZMTP_MORE : 0;
  if (length > 255) {
    head[0] = f | ZMTP_LONG;
    for (int b = 0; b < 8; b++) head[1 + b] = (uint8_t)(length >> (56 - 8 * b));
    return 9;
  }
  head[0] = f;
  head[1] = (uint8_t)length;
  return 2;
}

/* Size of the frame starting at p (header + body) if all of it is in [p, p + n), else 0; *body,
 * *size and *flags describe it. */
static inline size_t zmtp_frame_at(const uint8_t* p, size_t n, const uint8_t** body, uint64_t* size, uint8_t* flags) {
  if (n < 2) return 0;
  uint8_t f = p[0];
  size_t head = (f & ZMTP_LONG) ? 9 : 2;
  if (n < head) return 0;
  uint64_t sz = 0;
  if (f & ZMTP_LONG) {
    for (int i = 1; i <= 8; i++) sz = (sz << 8) | p[i];
  } else {
    sz = p[1];
  }
  if (sz > n - head) return 0;
  *body = p + head;
  *size = sz;
  *flags = f;
  return head + (size_t)sz;
}

/* The peer's greeting and READY at the start of [p, p + n): 1 and *used = their bytes once both
 * are there, 0 for more bytes, -1 if the peer speaks no ZMTP 3 with the NULL mechanism (or sent
 * another command, such as ERROR, instead of READY). */
static inline int zmtp_handshake(const uint8_t* p, size_t n, size_t* used) {
  if (n < 1) return 0;
  if (p[0] != 0xff) return -1;
  if (n < ZMTP_GREETING_BYTES) return 0;
  if (!(p[9] & 1) || p[10] < 3 || memcmp(p + 12, "NULL", 5) != 0) return -1;
  const uint8_t* body;
  uint64_t size;
  uint8_t flags;
  size_t k = zmtp_frame_at(p + ZMTP_GREETING_BYTES, n - ZMTP_GREETING_BYTES, &body, &size, &flags);
  if (k == 0) return 0;
  if (!(flags & ZMTP_COMMAND) || size < 6 || body[0] != 5 || memcmp(body + 1, "READY", 5) != 0) return -1;
  *used = ZMTP_GREETING_BYTES + k;
  return 1;
}

/* A whole message at the start of [p, p + n): its end offset (frames up to the first without
 * MORE), *start = the offset of its first data frame (commands before it, PING and the like, are
 * skipped), *nframes its data frames; 0 if it is not complete yet. Commands between the frames of
 * a message are skipped by the caller's walk too (zmtp_frame_at + the COMMAND flag). */
static inline size_t zmtp_message(const uint8_t* p, size_t n, size_t* start, uint32_t* nframes) {
  size_t off = 0;
  uint32_t frames = 0;
  *start = 0;
  for (;;) {
    const uint8_t* body;
    uint64_t size;
    uint8_t flags;
    size_t k = zmtp_frame_at(p + off, n - off, &body, &size, &flags);
    if (k == 0) return 0;
    off += k;
    if (flags & ZMTP_COMMAND) {
      if (frames == 0) *start = off;
      continue;
    }
    frames++;
    if (!(flags & ZMTP_MORE)) {
      *nframes = frames;
      return off;
    }
  }
}

#endif
