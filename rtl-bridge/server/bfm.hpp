// Cycle-level bus functional models for the DUT port contract (docs/dut-interface.md).
// Each cycle the Sim calls, in order: drive()/setReady() before the clock edge, sample() after
// the combinational eval (handshakes are valid && ready seen just before the rising edge), and
// commit() after the edge. Everything is indexed by the server's cycle number, so the result
// does not depend on how the client batches its requests.
#pragma once
#include <algorithm>
#include <cstdint>
#include <deque>
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
  uint8_t aux = 0;  // m_axis_tx: tuser; intx: new level
  uint64_t sopCycle = 0, eopCycle = 0;
  uint32_t hdr[4] = {0, 0, 0, 0};
  std::vector<uint8_t> data;
};

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

/** Drives whole TLPs (hdr + payload) onto rx_req / rx_cpl, one beat per TLP_DATA_WIDTH. */
class TlpDriver {
 public:
  Sig hdr, data, strb, sop, eop, valid, ready, side, func;
  uint32_t dwPerBeat = 2;
  std::deque<InItem> queue;

  void clear() { queue.clear(); beat_ = 0; active_ = false; }
  void drive(uint64_t cycle) {
    active_ = !queue.empty() && queue.front().cycle <= cycle;
    if (!active_) {
      valid.set(0); sop.set(0); eop.set(0);
      return;
    }
    const InItem& it = queue.front();
    uint32_t ndw = static_cast<uint32_t>(it.data.size() / 4);
    uint32_t nbeats = ndw ? (ndw + dwPerBeat - 1) / dwPerBeat : 1;
    uint32_t first = beat_ * dwPerBeat;
    uint32_t here = ndw > first ? std::min(dwPerBeat, ndw - first) : 0;
    // Port word 0 is bits [31:0] = DW3 (contract: DW0 in [127:96]); held for the whole TLP.
    const uint32_t w[4] = {it.hdr[3], it.hdr[2], it.hdr[1], it.hdr[0]};
    hdr.store(w, 4);
    data.storeBytes(here ? it.data.data() + first * 4 : nullptr, here * 4);
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
};

/** Collects TLP beats from tx_cpl / tx_rd_req / tx_wr_req into whole TLPs. */
class TlpMonitor {
 public:
  uint8_t channel = 0;
  Sig hdr, data, strb, sop, eop, valid, ready;  // data/strb absent on tx_rd_req
  uint32_t dwPerBeat = 2;
  ReadyPattern bp;
  uint64_t violations = 0;

  void clear() { inPkt_ = false; cur_ = OutRec{}; bp = ReadyPattern{}; }
  void setReady(uint64_t cycle) { rdy_ = bp.next(cycle); ready.set(rdy_); }
  void setIdle() { ready.set(0); }
  /** Returns true when a TLP completed (eop) this cycle; it is appended to `out`. */
  bool sample(uint64_t cycle, std::vector<OutRec>& out) {
    if (!(rdy_ && valid.get())) return false;
    if (sop.get()) {
      if (inPkt_) violations++;  // sop inside a TLP: drop the partial one
      cur_ = OutRec{};
      cur_.channel = channel;
      cur_.sopCycle = cycle;
      hdr.load(cur_.hdr);
      // Sig::load gives word 0 = bits [31:0] = DW3; the wire wants DW0 first.
      std::swap(cur_.hdr[0], cur_.hdr[3]);
      std::swap(cur_.hdr[1], cur_.hdr[2]);
      inPkt_ = true;
    } else if (!inPkt_) {
      violations++;
      return false;
    }
    if (data.valid()) {
      uint64_t s = strb.get();
      uint8_t beat[128];
      data.loadBytes(beat, dwPerBeat * 4);
      for (uint32_t i = 0; i < dwPerBeat; i++)
        if ((s >> i) & 1) cur_.data.insert(cur_.data.end(), beat + i * 4, beat + i * 4 + 4);
    }
    if (eop.get()) {
      cur_.eopCycle = cycle;
      out.push_back(std::move(cur_));
      cur_ = OutRec{};
      inPkt_ = false;
      return true;
    }
    return false;
  }

 private:
  bool inPkt_ = false, rdy_ = false;
  OutRec cur_;
};

/** Drives whole frames onto s_axis_rx. */
class AxisDriver {
 public:
  Sig tdata, tkeep, tvalid, tready, tlast, tuser;
  uint32_t bytesPerBeat = 8;
  std::deque<InItem> queue;

  void clear() { queue.clear(); off_ = 0; active_ = false; }
  void drive(uint64_t cycle) {
    active_ = !queue.empty() && queue.front().cycle <= cycle;
    if (!active_) { tvalid.set(0); tlast.set(0); return; }
    const InItem& it = queue.front();
    uint32_t n = static_cast<uint32_t>(it.data.size());
    here_ = std::min(bytesPerBeat, n - off_);
    tdata.storeBytes(it.data.data() + off_, here_);
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
};

/** Collects m_axis_tx beats into frames. */
class AxisMonitor {
 public:
  Sig tdata, tkeep, tvalid, tready, tlast, tuser;
  uint32_t bytesPerBeat = 8;
  ReadyPattern bp;

  void clear() { inFrame_ = false; cur_ = OutRec{}; bp = ReadyPattern{}; }
  void setReady(uint64_t cycle) { rdy_ = bp.next(cycle); tready.set(rdy_); }
  void setIdle() { tready.set(0); }
  bool sample(uint64_t cycle, std::vector<OutRec>& out) {
    if (!(rdy_ && tvalid.get())) return false;
    if (!inFrame_) {
      cur_ = OutRec{};
      cur_.channel = proto::CH_M_AXIS_TX;
      cur_.sopCycle = cycle;
      inFrame_ = true;
    }
    uint64_t k = tkeep.get();
    uint8_t beat[64];
    tdata.loadBytes(beat, bytesPerBeat);
    for (uint32_t i = 0; i < bytesPerBeat; i++)
      if ((k >> i) & 1) cur_.data.push_back(beat[i]);
    if (tlast.get()) {
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
  bool inFrame_ = false, rdy_ = false;
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
