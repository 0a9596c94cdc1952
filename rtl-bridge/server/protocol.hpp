// Wire protocol of the Verilator server: see rtl-bridge/PROTOCOL.md (the normative text).
// Binary little-endian frames; parsed with memcpy into fixed-size fields, never by casting.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace proto {

// 2: contract (8) and start (9) records in ADVANCE replies; 3: the host replica (HOST_CONFIG,
// HOST_WRITE, HOST_DECIDE, ADVANCE host_flags, host completion records after the outputs)
constexpr uint32_t kVersion = 3;
constexpr size_t kHeaderBytes = 16;

enum MsgType : uint16_t {
  MSG_HELLO = 1, MSG_RESET = 2, MSG_SCHEDULE = 3, MSG_ADVANCE = 4, MSG_BACKPRESSURE = 5,
  MSG_PEEK = 6, MSG_POKE = 7, MSG_WAVES = 8, MSG_SHUTDOWN = 9,
  // Host replica (0x40-0x4f; docs/host-replica.md)
  MSG_HOST_CONFIG = 0x40, MSG_HOST_WRITE = 0x41, MSG_HOST_DECIDE = 0x42,
  REPLY_BIT = 0x80, ERROR_REPLY = 0xFF,
};

// ---- signal-level test API (0x50-0x5f; PROTOCOL.md "Signal access") ----
// SIGNAL_LIST: the names PEEK/POKE reach, by prefix. A build made with public access
// (--public-flat-rw, the `signals` build) sets HELLO capability bit CAP_PUBLIC_SIGNALS.
// WATCH: names whose change ends an ADVANCE early (a bounded wait on a condition, exactly).
enum SignalMsgType : uint16_t { MSG_SIGNAL_LIST = 0x50, MSG_WATCH = 0x51 };
constexpr uint32_t CAP_PUBLIC_SIGNALS = 4;  // HELLO capabilities bit 2

// ---- grant control (0x70-0x7f; PROTOCOL.md "QUIET_STOP") ----
// QUIET_STOP arms the next ADVANCE: it ends at the header cycle at the earliest, and each output
// on the mask's channels completing in cycle c moves that end to c + 1 + window.
enum GrantMsgType : uint16_t { MSG_QUIET_STOP = 0x70 };
constexpr uint32_t CAP_QUIET_STOP = 8;  // HELLO capabilities bit 3
// ---- stimulus options (0x60-0x6f; PROTOCOL.md "Input noise") ----
// INPUT_NOISE: u32 seed (0 = off); until the next RESET, every input signal the contract gives no
// meaning (all but valid while valid is low; payload lanes outside strb / tkeep) is random.
enum StimulusMsgType : uint16_t { MSG_INPUT_NOISE = 0x60 };

// Channel ids: inputs 0..2, outputs 3..7 (the ADVANCE stop mask has one bit per output id).
// CH_CONTRACT and CH_START are not ports: an ADVANCE output record with CH_CONTRACT reports a
// beat that broke the port contract, one with CH_START the first beat of a transaction of more
// than one beat, on the output channel named in the record's `subject` byte.
enum Channel : uint8_t {
  CH_RX_REQ = 0, CH_RX_CPL = 1, CH_S_AXIS_RX = 2,
  CH_TX_CPL = 3, CH_TX_RD_REQ = 4, CH_TX_WR_REQ = 5, CH_M_AXIS_TX = 6, CH_INTX = 7,
  CH_COUNT = 8, CH_CONTRACT = 8, CH_START = 9,
  CH_HOST_CPL = 10,  // a completion the host replica put on rx_cpl (ADVANCE reply, second list)
};

// Contract rules (docs/dut-interface.md "Rules (all channels)"), the `aux` of a contract record.
enum ContractRule : uint8_t {
  R_BEAT_OUTSIDE_PACKET = 1,  // a beat without sop while no TLP is open
  R_SOP_INSIDE_PACKET = 2,    // sop while the previous TLP had no eop (the partial one is dropped)
  R_BEAT_NOT_FULL = 3,        // strb / tkeep not all set on a beat other than the last
  R_STRB_NOT_CONTIGUOUS = 4,  // strb / tkeep not contiguous from bit 0
  R_LENGTH_MISMATCH = 5,      // header Length vs the DWs and beats carried
  R_HDR_CHANGED = 6,          // hdr on a later beat differs from the sop beat
  R_VALID_DROPPED = 7,        // valid deasserted before ready
  R_BEAT_CHANGED = 8,         // the beat changed while valid waited for ready
  R_RESERVED_BIT_SET = 9,     // a header bit the function must send as 0 is set (reservedHeaderBits, bfm.hpp)
};

enum ErrorCode : uint16_t {
  E_VERSION_MISMATCH = 1, E_MALFORMED = 2, E_UNKNOWN_TYPE = 3, E_UNKNOWN_SIGNAL = 4,
  E_INPUT_IN_PAST = 5, E_NO_TRACE = 6, E_BAD_ARGUMENT = 7, E_READ_ONLY_SIGNAL = 8,
  E_IO = 9, E_NO_HELLO = 10,
};

enum BpMode : uint8_t { BP_ALWAYS = 0, BP_PATTERN = 1, BP_RANDOM = 2, BP_NEVER = 3 };
enum WavesOp : uint8_t { WAVES_START = 1, WAVES_STOP = 2, WAVES_FLUSH = 3 };

constexpr uint16_t FLAG_STOPPED = 1;  // ADVANCE reply: stopped early by the stop mask
constexpr uint8_t HOST_HOLD_READS = 1;  // ADVANCE host_flags: reads wait for HOST_DECIDE

struct Header {
  uint16_t type = 0;
  uint16_t flags = 0;
  uint32_t seq = 0;
  uint64_t cycle = 0;
};

/** Thrown by Reader on a short or inconsistent message; becomes an E_MALFORMED reply. */
struct Malformed {
  std::string what;
};

/** Bounds-checked little-endian reader over one received message. */
class Reader {
 public:
  Reader(const uint8_t* p, size_t n) : p_(p), n_(n) {}
  template <typename T>
  T get(const char* field) {
    need(sizeof(T), field);
    T v;
    std::memcpy(&v, p_ + off_, sizeof(T));
    off_ += sizeof(T);
    return v;
  }
  uint64_t get64(const char* field) {
    uint64_t lo = get<uint32_t>(field);
    uint64_t hi = get<uint32_t>(field);
    return lo | (hi << 32);
  }
  const uint8_t* bytes(size_t n, const char* field) {
    need(n, field);
    const uint8_t* q = p_ + off_;
    off_ += n;
    return q;
  }
  void skip(size_t n, const char* field) { bytes(n, field); }
  size_t left() const { return n_ - off_; }

 private:
  void need(size_t k, const char* field) {
    if (n_ - off_ < k)
      throw Malformed{std::string("message ends before field '") + field + "' (offset " +
                      std::to_string(off_) + ", " + std::to_string(n_) + " bytes)"};
  }
  const uint8_t* p_;
  size_t n_;
  size_t off_ = 0;
};

/** Little-endian appender for replies. */
class Writer {
 public:
  explicit Writer(std::vector<uint8_t>& out) : out_(out) {}
  template <typename T>
  void put(T v) {
    size_t o = out_.size();
    out_.resize(o + sizeof(T));
    std::memcpy(out_.data() + o, &v, sizeof(T));
  }
  void put64(uint64_t v) {
    put<uint32_t>(static_cast<uint32_t>(v));
    put<uint32_t>(static_cast<uint32_t>(v >> 32));
  }
  void bytes(const void* p, size_t n) {
    size_t o = out_.size();
    out_.resize(o + n);
    if (n) std::memcpy(out_.data() + o, p, n);
  }
  void pad4() {
    while (out_.size() % 4) out_.push_back(0);
  }
  void header(const Header& h) {
    put<uint16_t>(h.type);
    put<uint16_t>(h.flags);
    put<uint32_t>(h.seq);
    put64(h.cycle);
  }
  std::vector<uint8_t>& buf() { return out_; }

 private:
  std::vector<uint8_t>& out_;
};

inline size_t pad4(size_t n) { return (n + 3) & ~size_t(3); }

}  // namespace proto
