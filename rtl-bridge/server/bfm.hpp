// Cycle-level bus functional models for the DUT port contract (docs/dut-interface.md).
// Each cycle the Sim calls, in order: drive()/setReady() before the clock edge, sample() after
// the combinational eval (handshakes are valid && ready seen just before the rising edge), and
// commit() after the edge. Everything is indexed by the server's cycle number, so the result
// does not depend on how the client batches its requests.
#pragma once
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>
#include "protocol.hpp"
#include "sig.hpp"

/** One input transaction waiting on a driver. */
struct InItem {
  uint64_t cycle = 0;
  uint32_t hdr[4] = {0, 0, 0, 0};  // DW0..DW3
  uint8_t side = 0;                 // rx_req: BAR id; rx_cpl: error; s_axis_rx: tuser
  uint8_t func = 0;                 // rx_req: function number
  std::vector<uint8_t> data;
};

/** One collected output transaction. */
struct OutRec {
  uint8_t channel = 0;
  uint8_t aux = 0;      // m_axis_tx: tuser; intx: new level; contract: the rule (proto::ContractRule)
  uint8_t subject = 0;  // contract: the output channel whose beat broke the rule
  uint64_t sopCycle = 0, eopCycle = 0;
  uint32_t hdr[4] = {0, 0, 0, 0};
  std::vector<uint8_t> data;
};

/**
 * Checks one output channel against the port contract and reports each broken rule as a contract
 * record (PROTOCOL.md): appended to the outputs in the cycle of the beat, before the transaction
 * it concerns. At most kMaxReports per channel between resets; `violations` counts them all.
 */
class ContractReporter {
 public:
  static constexpr uint64_t kMaxReports = 64;
  uint8_t channel = 0;
  uint64_t violations = 0;

  void clear() { violations = 0; stalled_ = false; }
  void report(std::vector<OutRec>& out, uint64_t cycle, uint8_t rule, const std::string& what) {
    if (violations++ >= kMaxReports) return;
    OutRec r;
    r.channel = proto::CH_CONTRACT;
    r.aux = rule;
    r.subject = channel;
    r.sopCycle = r.eopCycle = cycle;
    r.data.assign(what.begin(), what.end());
    out.push_back(std::move(r));
  }
  /**
   * "Once valid is asserted it stays asserted, and the beat stays unchanged, until ready":
   * `beat` is every signal of the beat packed as 32-bit words. Cheap when nothing stalls.
   */
  void checkHeld(std::vector<OutRec>& out, uint64_t cycle, bool valid, bool ready, const uint32_t* beat, uint32_t n) {
    if (stalled_) {
      if (!valid) report(out, cycle, proto::R_VALID_DROPPED, "valid deasserted before ready (valid was waiting since cycle " + std::to_string(stallSince_) + ")");
      else if (std::memcmp(beat, held_, n * 4) != 0) report(out, cycle, proto::R_BEAT_CHANGED, "the beat changed while valid waited for ready (since cycle " + std::to_string(stallSince_) + ")");
    }
    bool now = valid && !ready;
    if (now) {
      if (!stalled_) stallSince_ = cycle;
      std::memcpy(held_, beat, n * 4);
    }
    stalled_ = now;
  }

 private:
  bool stalled_ = false;
  uint64_t stallSince_ = 0;
  uint32_t held_[24] = {0};
};

/** A start record: the first beat of a transaction that has more beats to come (PROTOCOL.md). */
inline void reportStart(std::vector<OutRec>& out, uint8_t channel, uint64_t cycle) {
  OutRec r;
  r.channel = proto::CH_START;
  r.subject = channel;
  r.sopCycle = r.eopCycle = cycle;
  out.push_back(std::move(r));
}

/** strb / tkeep bits contiguous from bit 0 (0 counts as contiguous). */
inline bool contiguousFromZero(uint64_t m) { return (m & (m + 1)) == 0; }

inline std::string hexMask(uint64_t m, uint32_t bits) {
  std::string s = "0b";
  for (int i = static_cast<int>(bits) - 1; i >= 0; i--) s += ((m >> i) & 1) ? '1' : '0';
  return s;
}

/** Keeps items ordered by cycle; equal cycles keep their scheduling order. */
inline void insertByCycle(std::deque<InItem>& q, InItem&& it) {
  auto pos = std::upper_bound(q.begin(), q.end(), it.cycle,
                              [](uint64_t c, const InItem& x) { return c < x.cycle; });
  q.insert(pos, std::move(it));
}

/** Ready pattern of one monitored channel: always, never, repeating bits, or seeded random. */
class ReadyPattern {
 public:
  void set(uint8_t mode, uint8_t len, uint64_t bits, uint32_t seed, uint32_t duty, uint64_t start) {
    mode_ = mode; len_ = len ? len : 1; bits_ = bits; duty_ = duty; start_ = start;
    state_ = seed ? seed : 0x9E3779B9u;
  }
  /** Must be called exactly once per cycle, in cycle order. */
  bool next(uint64_t cycle) {
    switch (mode_) {
      case proto::BP_NEVER: return false;
      case proto::BP_PATTERN: return (bits_ >> ((cycle - start_) % len_)) & 1;
      case proto::BP_RANDOM: {
        state_ ^= state_ << 13; state_ ^= state_ >> 17; state_ ^= state_ << 5;  // xorshift32
        return (state_ & 0xFFFF) < duty_;
      }
      default: return true;
    }
  }

 private:
  uint8_t mode_ = proto::BP_ALWAYS, len_ = 1;
  uint64_t bits_ = 0, start_ = 0;
  uint32_t state_ = 1, duty_ = 65536;
};

struct PendingBp {
  uint64_t cycle;
  uint8_t mode, len;
  uint64_t bits;
  uint32_t seed, duty;
};

/**
 * INPUT_NOISE (0x60): what an input carries where the contract gives it no meaning is random
 * (seeded xorshift32): every signal but valid while valid is low, and the payload lanes outside
 * strb / tkeep of a valid beat. A design must look at nothing else (docs/dut-interface.md).
 */
class InputNoise {
 public:
  void seed(uint32_t s) { on_ = s != 0; state_ = s; }
  bool on() const { return on_; }
  uint32_t next() {
    state_ ^= state_ << 13; state_ ^= state_ >> 17; state_ ^= state_ << 5;
    return state_;
  }
  /** Random words for a signal (word 0 = bits [31:0]). */
  void fill(const Sig& s) {
    uint32_t w[128];
    for (uint32_t i = 0; i < s.words(); i++) w[i] = next();
    s.store(w, s.words());
  }
  /** `n` payload bytes, then random bytes up to the signal's width. */
  void fillAfter(const Sig& s, const uint8_t* b, uint32_t n) {
    uint8_t tmp[512];
    uint32_t width = (s.bits + 7) / 8;
    if (n) std::memcpy(tmp, b, n);
    for (uint32_t i = n; i < width; i++) tmp[i] = static_cast<uint8_t>(next());
    s.storeBytes(tmp, width);
  }

 private:
  bool on_ = false;
  uint32_t state_ = 0;
};

inline std::string hex32(uint32_t v) {
  char b[9];
  std::snprintf(b, sizeof b, "%08x", v);
  return b;
}

/**
 * Header bits (DW0..DW3) a function without TLP Prefixes, TPH, ATS, ID-based ordering, ECRC and
 * lightweight notification must send as 0 (PCIe r6.0 §2.2.1, §2.2.6, §2.2.9): T9, T8, Attr[2],
 * LN, TH, TD, AT in DW0; BCM and the reserved bit before Lower Address in a completion; PH and DW3
 * of a 3-DW memory request. Returns a description of the first bit set, empty when none.
 */
inline std::string reservedHeaderBits(const uint32_t h[4]) {
  static const struct { uint32_t mask; const char* name; } kDw0[] = {
      {1u << 23, "T9"}, {1u << 19, "T8"}, {1u << 18, "Attr[2]"}, {1u << 17, "LN"}, {1u << 16, "TH"},
      {1u << 15, "TD (no ECRC is sent)"}, {3u << 10, "AT"}};
  for (const auto& f : kDw0)
    if (h[0] & f.mask) return std::string(f.name) + " set in DW0 0x" + hex32(h[0]);
  const uint32_t fmt = h[0] >> 29, type = (h[0] >> 24) & 0x1f;
  if (type == 0x0a) {  // Cpl / CplD
    if (h[1] & (1u << 12)) return "BCM set in a completion (only PCI-X bridges set it), DW1 0x" + hex32(h[1]);
    if (h[2] & (1u << 7)) return "the reserved bit before Lower Address set in a completion, DW2 0x" + hex32(h[2]);
  } else if (type == 0x00) {  // MRd / MWr
    const bool four = (fmt & 1) != 0;
    const uint32_t last = four ? h[3] : h[2];
    if (last & 3) return "PH (Processing Hint, needs TH) set in the address DW 0x" + hex32(last);
    if (!four && h[3] != 0) return "DW3 of a 3-DW header is 0x" + hex32(h[3]) + ", not 0";
  }
  return "";
}

/** Drives whole TLPs (hdr + payload) onto rx_req / rx_cpl, one beat per TLP_DATA_WIDTH. */
class TlpDriver {
 public:
  Sig hdr, data, strb, sop, eop, valid, ready, side, func;
  uint32_t dwPerBeat = 2;
  std::deque<InItem> queue;

  InputNoise* noise = nullptr;
  /**
   * BACKPRESSURE on an input channel (rx_req): in the cycles the pattern says "not ready", valid
   * is low between two beats of one TLP (AXI4-Stream allows TVALID low inside a packet; the contract
   * asks a design to take a beat only with valid, docs/dut-interface.md). Off: beats back to back.
   */
  ReadyPattern gap;
  bool gapOn = false;

  void clear() { queue.clear(); beat_ = 0; active_ = false; idleDrawn_ = false; gapOn = false; gap = ReadyPattern{}; }
  void drive(uint64_t cycle) {
    const bool pause = gapOn && !gap.next(cycle);  // one draw per cycle
    active_ = !queue.empty() && queue.front().cycle <= cycle && !(pause && beat_ > 0);
    if (!active_) {
      valid.set(0);
      // Noise is drawn once per idle stretch (per transaction, not per cycle) and held.
      if (!noise || !noise->on()) {
        sop.set(0); eop.set(0);
      } else if (!idleDrawn_) {
        noise->fill(hdr); noise->fill(data); noise->fill(strb); noise->fill(sop); noise->fill(eop);
        if (side.valid()) noise->fill(side);
        if (func.valid()) noise->fill(func);
        idleDrawn_ = true;
      }
      return;
    }
    idleDrawn_ = false;
    const InItem& it = queue.front();
    uint32_t ndw = static_cast<uint32_t>(it.data.size() / 4);
    uint32_t nbeats = ndw ? (ndw + dwPerBeat - 1) / dwPerBeat : 1;
    uint32_t first = beat_ * dwPerBeat;
    uint32_t here = ndw > first ? std::min(dwPerBeat, ndw - first) : 0;
    // Port word 0 is bits [31:0] = DW3 (contract: DW0 in [127:96]); held for the whole TLP.
    const uint32_t w[4] = {it.hdr[3], it.hdr[2], it.hdr[1], it.hdr[0]};
    hdr.store(w, 4);
    if (noise && noise->on()) noise->fillAfter(data, here ? it.data.data() + first * 4 : nullptr, here * 4);
    else data.storeBytes(here ? it.data.data() + first * 4 : nullptr, here * 4);
    strb.set(here >= 64 ? ~0ull : ((1ull << here) - 1));
    sop.set(beat_ == 0);
    eop.set(beat_ + 1 == nbeats);
    valid.set(1);
    if (side.valid()) side.set(it.side);
    if (func.valid()) func.set(it.func);
    nbeats_ = nbeats;
  }
  void sample() { fired_ = active_ && ready.get(); }
  void commit() {
    if (!fired_) return;
    if (++beat_ == nbeats_) { queue.pop_front(); beat_ = 0; }
  }

 private:
  uint32_t beat_ = 0, nbeats_ = 1;
  bool active_ = false, fired_ = false;
  bool idleDrawn_ = false;  // the idle stretch's noise is on the pins
};

/**
 * Collects TLP beats from tx_cpl / tx_rd_req / tx_wr_req into whole TLPs, checking every beat
 * against the contract's rules (docs/dut-interface.md "Rules (all channels)").
 */
class TlpMonitor {
 public:
  uint8_t channel = 0;
  Sig hdr, data, strb, sop, eop, valid, ready;  // data/strb absent on tx_rd_req
  uint32_t dwPerBeat = 2;
  ReadyPattern bp;
  ContractReporter contract;

  void clear() { inPkt_ = false; stallWatch_ = false; cur_ = OutRec{}; bp = ReadyPattern{}; contract.clear(); contract.channel = channel; }
  void setReady(uint64_t cycle) { rdy_ = bp.next(cycle); ready.set(rdy_); }
  void setIdle() { ready.set(0); }
  /** Returns true when a TLP completed (eop) this cycle; it is appended to `out`. */
  bool sample(uint64_t cycle, std::vector<OutRec>& out) {
    contract.channel = channel;
    const bool v = valid.get() != 0;
    if (stallWatch_ || (v && !rdy_)) {
      // Only around a stall: the beat snapshot for the valid-held rule (hdr 4 words, data up to
      // 8, strb, sop, eop). A channel that is never back-pressured never takes it.
      uint32_t beat[15] = {0};
      hdr.load(beat);
      if (data.valid()) data.load(beat + 4);
      beat[12] = data.valid() ? static_cast<uint32_t>(strb.get()) : 0;
      beat[13] = static_cast<uint32_t>(sop.get());
      beat[14] = static_cast<uint32_t>(eop.get());
      contract.checkHeld(out, cycle, v, rdy_, beat, 15);
      stallWatch_ = v && !rdy_;
    }
    if (!(rdy_ && v)) return false;
    const bool s = sop.get() != 0, e = eop.get() != 0;
    uint32_t h[4];
    hdr.load(h);
    // Sig::load gives word 0 = bits [31:0] = DW3; the wire wants DW0 first.
    std::swap(h[0], h[3]);
    std::swap(h[1], h[2]);
    if (s) {
      if (inPkt_) {
        contract.report(out, cycle, proto::R_SOP_INSIDE_PACKET,
                        "sop while the TLP started at cycle " + std::to_string(cur_.sopCycle) + " (" + std::to_string(beats_) +
                            " beat(s)) had no eop; that TLP is dropped");
      }
      cur_ = OutRec{};
      cur_.channel = channel;
      cur_.sopCycle = cycle;
      std::memcpy(cur_.hdr, h, sizeof h);
      inPkt_ = true;
      beats_ = 0;
      hdrReported_ = false;
      if (!e) reportStart(out, channel, cycle);
      const std::string bad = reservedHeaderBits(h);
      if (!bad.empty()) contract.report(out, cycle, proto::R_RESERVED_BIT_SET, bad);
    } else if (!inPkt_) {
      contract.report(out, cycle, proto::R_BEAT_OUTSIDE_PACKET, "a beat without sop outside a TLP (no TLP open since the last eop); the beat is dropped");
      return false;
    } else if (!hdrReported_ && std::memcmp(h, cur_.hdr, sizeof h) != 0) {
      hdrReported_ = true;
      contract.report(out, cycle, proto::R_HDR_CHANGED, "hdr on beat " + std::to_string(beats_) + " differs from the sop beat (cycle " +
                                                            std::to_string(cur_.sopCycle) + "): DW0 0x" + hex32(h[0]) + " vs 0x" + hex32(cur_.hdr[0]));
    }
    if (data.valid()) {
      const uint64_t st = strb.get();
      const uint64_t full = dwPerBeat >= 64 ? ~0ull : ((1ull << dwPerBeat) - 1);
      if (!contiguousFromZero(st)) {
        contract.report(out, cycle, proto::R_STRB_NOT_CONTIGUOUS, "strb " + hexMask(st, dwPerBeat) + " on beat " + std::to_string(beats_) + " is not contiguous from bit 0");
      } else if (!e && st != full) {
        contract.report(out, cycle, proto::R_BEAT_NOT_FULL, "beat " + std::to_string(beats_) + " is not the last (no eop) but strb " + hexMask(st, dwPerBeat) +
                                                               " is not full; every beat except the last carries " + std::to_string(dwPerBeat) + " DW");
      }
      uint8_t beat[128];
      data.loadBytes(beat, dwPerBeat * 4);
      for (uint32_t i = 0; i < dwPerBeat; i++)
        if ((st >> i) & 1) cur_.data.insert(cur_.data.end(), beat + i * 4, beat + i * 4 + 4);
    }
    beats_++;
    if (e) {
      checkLength(out, cycle);
      cur_.eopCycle = cycle;
      out.push_back(std::move(cur_));
      cur_ = OutRec{};
      inPkt_ = false;
      return true;
    }
    return false;
  }

 private:
  /** "A TLP with Length = n DW has ceil(n / DW per beat) beats"; one beat, strb 0, without payload. */
  void checkLength(std::vector<OutRec>& out, uint64_t cycle) {
    const uint32_t dw0 = cur_.hdr[0];
    const bool withData = (dw0 >> 30) & 1;  // Fmt[1] (PCIe r6.0 §2.2.1)
    const uint32_t ndw = static_cast<uint32_t>(cur_.data.size() / 4);
    if (withData) {
      const uint32_t len = (dw0 & 0x3ff) ? (dw0 & 0x3ff) : 1024;  // Length 0 means 1024 DW
      const uint32_t want = (len + dwPerBeat - 1) / dwPerBeat;
      if (ndw != len || beats_ != want) {
        contract.report(out, cycle, proto::R_LENGTH_MISMATCH, "Length " + std::to_string(len) + " DW but the TLP carried " + std::to_string(ndw) + " DW in " +
                                                                 std::to_string(beats_) + " beat(s); " + std::to_string(want) + " full beat(s) expected");
      }
    } else if (beats_ != 1 || ndw != 0) {
      contract.report(out, cycle, proto::R_LENGTH_MISMATCH, "a TLP without payload (Fmt " + std::to_string(dw0 >> 29) + ") took " + std::to_string(beats_) +
                                                               " beat(s) with " + std::to_string(ndw) + " DW of strb set; one beat with strb 0 expected");
    }
  }

  bool inPkt_ = false, rdy_ = false, hdrReported_ = false, stallWatch_ = false;
  uint32_t beats_ = 0;
  OutRec cur_;
};

/** Drives whole frames onto s_axis_rx. */
class AxisDriver {
 public:
  Sig tdata, tkeep, tvalid, tready, tlast, tuser;
  uint32_t bytesPerBeat = 8;
  std::deque<InItem> queue;

  InputNoise* noise = nullptr;

  void clear() { queue.clear(); off_ = 0; active_ = false; idleDrawn_ = false; }
  void drive(uint64_t cycle) {
    active_ = !queue.empty() && queue.front().cycle <= cycle;
    if (!active_) {
      tvalid.set(0);
      // Noise is drawn once per idle stretch (per frame, not per cycle) and held.
      if (!noise || !noise->on()) {
        tlast.set(0);
      } else if (!idleDrawn_) {
        noise->fill(tdata); noise->fill(tkeep); noise->fill(tlast); noise->fill(tuser);
        idleDrawn_ = true;
      }
      return;
    }
    idleDrawn_ = false;
    const InItem& it = queue.front();
    uint32_t n = static_cast<uint32_t>(it.data.size());
    here_ = std::min(bytesPerBeat, n - off_);
    if (noise && noise->on()) noise->fillAfter(tdata, it.data.data() + off_, here_);
    else tdata.storeBytes(it.data.data() + off_, here_);
    tkeep.set(here_ >= 64 ? ~0ull : ((1ull << here_) - 1));
    bool last = off_ + here_ >= n;
    tlast.set(last);
    tuser.set(last ? it.side : 0);
    tvalid.set(1);
  }
  void sample() { fired_ = active_ && tready.get(); }
  void commit() {
    if (!fired_) return;
    off_ += here_;
    if (off_ >= queue.front().data.size()) { queue.pop_front(); off_ = 0; }
  }

 private:
  uint32_t off_ = 0, here_ = 0;
  bool active_ = false, fired_ = false;
  bool idleDrawn_ = false;  // the idle stretch's noise is on the pins
};

/** Collects m_axis_tx beats into frames, checking tkeep and the handshake against the contract. */
class AxisMonitor {
 public:
  Sig tdata, tkeep, tvalid, tready, tlast, tuser;
  uint32_t bytesPerBeat = 8;
  ReadyPattern bp;
  ContractReporter contract;

  void clear() { inFrame_ = false; stallWatch_ = false; cur_ = OutRec{}; bp = ReadyPattern{}; contract.clear(); contract.channel = proto::CH_M_AXIS_TX; }
  void setReady(uint64_t cycle) { rdy_ = bp.next(cycle); tready.set(rdy_); }
  void setIdle() { tready.set(0); }
  bool sample(uint64_t cycle, std::vector<OutRec>& out) {
    contract.channel = proto::CH_M_AXIS_TX;
    const bool v = tvalid.get() != 0;
    if (stallWatch_ || (v && !rdy_)) {
      uint32_t beat[20] = {0};  // tdata (up to 16 words), tkeep (2), tlast, tuser
      tdata.load(beat);
      uint64_t k = tkeep.get();
      beat[16] = static_cast<uint32_t>(k);
      beat[17] = static_cast<uint32_t>(k >> 32);
      beat[18] = static_cast<uint32_t>(tlast.get());
      beat[19] = static_cast<uint32_t>(tuser.get());
      contract.checkHeld(out, cycle, v, rdy_, beat, 20);
      stallWatch_ = v && !rdy_;
    }
    if (!(rdy_ && v)) return false;
    if (!inFrame_) {
      cur_ = OutRec{};
      cur_.channel = proto::CH_M_AXIS_TX;
      cur_.sopCycle = cycle;
      inFrame_ = true;
      beats_ = 0;
      if (!tlast.get()) reportStart(out, proto::CH_M_AXIS_TX, cycle);
    }
    const uint64_t k = tkeep.get();
    const bool last = tlast.get() != 0;
    const uint64_t full = bytesPerBeat >= 64 ? ~0ull : ((1ull << bytesPerBeat) - 1);
    if (!contiguousFromZero(k) || k == 0) {
      contract.report(out, cycle, proto::R_STRB_NOT_CONTIGUOUS, "tkeep " + hexMask(k, bytesPerBeat) + " on beat " + std::to_string(beats_) +
                                                                   " of the frame started at cycle " + std::to_string(cur_.sopCycle) + " is not contiguous from bit 0 (or empty)");
    } else if (!last && k != full) {
      contract.report(out, cycle, proto::R_BEAT_NOT_FULL, "beat " + std::to_string(beats_) + " is not the last (no tlast) but tkeep " + hexMask(k, bytesPerBeat) + " is not full");
    }
    uint8_t beat[64];
    tdata.loadBytes(beat, bytesPerBeat);
    for (uint32_t i = 0; i < bytesPerBeat; i++)
      if ((k >> i) & 1) cur_.data.push_back(beat[i]);
    beats_++;
    if (last) {
      cur_.eopCycle = cycle;
      cur_.aux = static_cast<uint8_t>(tuser.get() & 1);
      out.push_back(std::move(cur_));
      cur_ = OutRec{};
      inFrame_ = false;
      return true;
    }
    return false;
  }

 private:
  bool inFrame_ = false, rdy_ = false, stallWatch_ = false;
  uint32_t beats_ = 0;
  OutRec cur_;
};

/** Reports every change of intx_level with the cycle in which the new level is first seen. */
class LevelMonitor {
 public:
  Sig level;
  void clear() { last_ = 0; }
  bool sample(uint64_t cycle, std::vector<OutRec>& out) {
    uint8_t v = static_cast<uint8_t>(level.get() & 1);
    if (v == last_) return false;
    last_ = v;
    OutRec r;
    r.channel = proto::CH_INTX;
    r.aux = v;
    r.sopCycle = r.eopCycle = cycle;
    out.push_back(std::move(r));
    return true;
  }

 private:
  uint8_t last_ = 0;
};
