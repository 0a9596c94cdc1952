// Host memory replica and read completer next to the simulator (docs/host-replica.md).
//
// The C++ twin of tb/host/completer.ts (HostCompleter) and of the memory side of
// tb/host/host.ts (RootComplex.fromDevice): the server answers the device's MRd itself, so the
// client need not stop the simulator for every read. ONE policy, two implementations; the draw
// order below is the definition both follow, and tb/host/replica-agree.test.ts feeds both the same
// requests and compares every completion (TLP bytes and cycle).
//
// Policy (per MRd, in arrival order; draws from `prng`, a fork of the seed's root generator):
//   1. latency: ready = cycle + min when min == max (no draw), else cycle + int(min, max);
//   2. fault: a one-shot fault the client names (DECIDE) takes no draw; else, when any fault rate
//      is non-zero, x = float() and the first of UR, CA, poison, drop with (x -= rate) < 0;
//   3. a malformed request (PCIe r6.0 §2.3) or a drop: no completion; UR / CA: one Cpl;
//   4. else CplDs from the first enabled byte: each ends at an RCB boundary or the request's end
//      (§2.3.1.1), payload <= Max_Payload_Size (§2.2.2); split 'rcb' (every boundary), 'largest'
//      (as late as MPS allows) or 'random' (k = int(0, choices - 1) per completion).
// Emission (poll at cycle c): without reorder the oldest request sends next at
// max(ready, busFreeAt); with reorder the oldest request of each Tag is eligible, at =
// max(busFreeAt, min ready), and among those ready by then `pickPrng` (the root's second fork)
// picks one (float() * n) when there are several. A CplD of n bytes holds the bus
// max(1, ceil(n / busBytes)) cycles; drops take none.
//
// Prng: sfc32 seeded through splitmix32 (model/util/prng.ts), float() = u32 / 2^32,
// int(lo, hi) = lo + floor(float() * (hi - lo + 1)), fork() = new Prng(u32() as int32).
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace replica {

class Prng {
 public:
  explicit Prng(int32_t seed) {
    uint32_t s = static_cast<uint32_t>(seed);
    a_ = splitmix(s);
    b_ = splitmix(s);
    c_ = splitmix(s);
    d_ = 1;
    for (int i = 0; i < 12; i++) u32();
  }
  uint32_t u32() {
    uint32_t t = a_ + b_ + d_;
    d_ += 1;
    a_ = b_ ^ (b_ >> 9);
    b_ = c_ + (c_ << 3);
    c_ = (c_ << 21) | (c_ >> 11);
    c_ += t;
    return t;
  }
  double real() { return static_cast<double>(u32()) / 4294967296.0; }
  int64_t intIn(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(std::floor(real() * static_cast<double>(hi - lo + 1)));
  }
  size_t pick(size_t n) { return static_cast<size_t>(std::floor(real() * static_cast<double>(n))); }
  Prng fork() { return Prng(static_cast<int32_t>(u32())); }

 private:
  static uint32_t splitmix(uint32_t& s) {
    s += 0x9e3779b9u;
    uint32_t z = s;
    z = (z ^ (z >> 16)) * 0x85ebca6bu;
    z = (z ^ (z >> 13)) * 0xc2b2ae35u;
    return z ^ (z >> 16);
  }
  uint32_t a_, b_, c_, d_;
};

/** Sparse host memory: 4 KiB pages made on first write, unwritten bytes read as 0. */
class Memory {
 public:
  void write(uint64_t addr, const uint8_t* p, size_t n) {
    while (n > 0) {
      uint64_t off = addr & 0xfff;
      size_t k = static_cast<size_t>(std::min<uint64_t>(4096 - off, n));
      std::memcpy(page(addr >> 12) + off, p, k);
      addr += k;
      p += k;
      n -= k;
    }
  }
  void read(uint64_t addr, uint8_t* out, size_t n) const {
    while (n > 0) {
      uint64_t off = addr & 0xfff;
      size_t k = static_cast<size_t>(std::min<uint64_t>(4096 - off, n));
      auto it = pages_.find(addr >> 12);
      if (it == pages_.end()) std::memset(out, 0, k);
      else std::memcpy(out, it->second.get() + off, k);
      addr += k;
      out += k;
      n -= k;
    }
  }
  void clear() { pages_.clear(); }

 private:
  uint8_t* page(uint64_t pn) {
    auto& p = pages_[pn];
    if (!p) p.reset(new uint8_t[4096]());  // value-initialised: zero
    return p.get();
  }
  std::unordered_map<uint64_t, std::unique_ptr<uint8_t[]>> pages_;
};

// F_STRAY: the usual answer with an Unexpected Completion (PCIe r6.0 §2.3.2) before it (a CplD of
// kStrayDw DW) and after it (a Cpl UR), Tag XOR 0x80 (tb/host/completer.ts OneShotFault 'stray').
enum Fault : uint8_t { F_NONE = 0, F_UR = 1, F_CA = 2, F_POISON = 3, F_DROP = 4, F_STRAY = 5 };
constexpr uint32_t kStrayDw = 16;
enum Split : uint8_t { SPLIT_RCB = 0, SPLIT_LARGEST = 1, SPLIT_RANDOM = 2 };

struct Options {
  uint32_t completerId = 0;
  uint32_t rcb = 64;
  uint32_t maxPayloadSize = 128;
  uint32_t latMin = 20, latMax = 20;
  bool reorder = false;
  uint8_t split = SPLIT_RANDOM;
  uint32_t busBytes = 8;
  double rates[4] = {0, 0, 0, 0};  // UR, CA, poison, drop
  uint64_t msiBase = 0xfee00000ull, msiSize = 0x100000ull;
};

/** One MRd the device sent: header fields and the bytes it asks for, copied when it arrived. */
struct Request {
  uint64_t cycle = 0;
  uint64_t address = 0;
  uint32_t length = 0, firstBe = 0, lastBe = 0, requesterId = 0, tag = 0, tc = 0, attr = 0;
  bool malformed = false;
  uint32_t start = 0, end = 0;  // byte offsets in the 4 KiB page of `address`
  std::vector<uint8_t> bytes;   // [start rounded down to a DW, end rounded up to a DW)
};

/** A completion TLP in the 128-bit header form (docs/dut-interface.md), or none (a drop). */
struct Answer {
  bool drop = false;
  bool final = false;
  uint32_t hdr[4] = {0, 0, 0, 0};
  std::vector<uint8_t> data;
};

struct Event {
  uint64_t cycle;
  bool drop;
  bool final;
  const Answer* answer;
};

inline int ctz4(uint32_t v) { return __builtin_ctz(v); }
inline int top4(uint32_t v) { return 31 - __builtin_clz(v); }

/** DW0 byte 0 (Fmt << 5 | Type) of the memory requests (PCIe r6.0 §2.2.1 Table 2-3). */
inline bool isMrd(uint32_t dw0) { uint32_t b = dw0 >> 24; return b == 0x00 || b == 0x20; }
inline bool isMwr(uint32_t dw0) { uint32_t b = dw0 >> 24; return b == 0x40 || b == 0x60; }

/** Address of a memory request header (3-DW form: DW2; 4-DW form: DW2:DW3). */
inline uint64_t reqAddress(const uint32_t* h) {
  if ((h[0] >> 29) & 1) return (static_cast<uint64_t>(h[2]) << 32) | (h[3] & ~3u);
  return h[2] & ~3u;
}

/**
 * model/tlp/rules.ts checkTlp for a memory request: the byte enable rules (§2.2.5), the address
 * form (§2.2.4.1), no 4 KiB crossing (§2.2.7), and `payloadBytes` = Length DWs for MWr.
 */
inline bool wellFormedMem(const uint32_t* h, size_t payloadBytes) {
  uint32_t lf = h[0] & 0x3ff;
  uint32_t length = lf == 0 ? 1024 : lf;
  uint32_t fbe = h[1] & 0xf, lbe = (h[1] >> 4) & 0xf;
  bool four = (h[0] >> 29) & 1;
  uint64_t addr = reqAddress(h);
  bool write = isMwr(h[0]);
  if (payloadBytes != (write ? length * 4 : 0)) return false;
  if (four && addr < (1ull << 32)) return false;
  if (length == 1) {
    if (lbe != 0) return false;
  } else {
    if (fbe == 0 || lbe == 0) return false;
    bool qwAligned2 = length == 2 && (addr & 7) == 0;
    if (!qwAligned2) {
      if (!(fbe == 8 || fbe == 12 || fbe == 14 || fbe == 15)) return false;
      if (!(lbe == 1 || lbe == 3 || lbe == 7 || lbe == 15)) return false;
    }
  }
  return (addr & 0xfff) + length * 4 <= 4096;
}

class Completer {
 public:
  Completer(int32_t seed, const Options& o) : opts(o), prng_(0), pick_(0) {
    Prng root(seed);
    prng_ = root.fork();
    pick_ = root.fork();
  }

  Options opts;

  /** A MRd the device sent at `cycle`: the bytes it asks for are copied from `mem` now. */
  static Request capture(const uint32_t* h, uint64_t cycle, const Memory& mem) {
    Request r;
    r.cycle = cycle;
    r.malformed = !wellFormedMem(h, 0);
    uint32_t lf = h[0] & 0x3ff;
    r.length = lf == 0 ? 1024 : lf;
    r.firstBe = h[1] & 0xf;
    r.lastBe = (h[1] >> 4) & 0xf;
    r.requesterId = h[1] >> 16;
    r.tag = (h[1] >> 8) & 0xff;
    r.tc = (h[0] >> 20) & 7;
    r.attr = (h[0] >> 12) & 3;
    r.address = reqAddress(h);
    if (r.malformed) return r;
    // readRange (tb/host/completer.ts): a zero-length read asks for one byte (§2.2.5).
    uint32_t a = static_cast<uint32_t>(r.address & 0xfff);
    if (r.length == 1) {
      if (r.firstBe == 0) { r.start = a; r.end = a + 1; }
      else { r.start = a + ctz4(r.firstBe); r.end = a + top4(r.firstBe) + 1; }
    } else {
      r.start = a + ctz4(r.firstBe);
      r.end = a + (r.length - 1) * 4 + top4(r.lastBe) + 1;
    }
    uint32_t s = r.start & ~3u, e = (r.end + 3) & ~3u;
    r.bytes.resize(e - s);
    mem.read((r.address & ~0xfffull) + s, r.bytes.data(), e - s);
    return r;
  }

  /** Policy steps 1-4 for `r`; `oneShot` is a fault the client names (F_NONE: the usual draw). */
  void decide(const Request& r, uint8_t oneShot) {
    uint64_t ready = r.cycle + (opts.latMin == opts.latMax ? opts.latMin : static_cast<uint64_t>(prng_.intIn(opts.latMin, opts.latMax)));
    uint8_t fault = oneShot != F_NONE ? oneShot : drawFault();
    Pending p;
    p.key = (r.requesterId << 8) | r.tag;
    p.ready = ready;
    answers(r, fault, p.answers);
    pending_.push_back(std::move(p));
    updateNext();
  }

  /** Cycle of the next event if no request arrives (UINT64_MAX: nothing pending). */
  uint64_t nextEventCycle() const { return next_; }
  size_t pendingCount() const { return pending_.size(); }

  /** Every event due at or before `cycle`, in the order the device receives them. */
  void poll(uint64_t cycle, std::vector<Event>& out) {
    size_t budget = 0;
    for (auto& p : pending_) budget += p.answers.size() - p.next;
    while (!pending_.empty() && budget-- > 0) {
      uint64_t at;
      size_t i = choose(cycle, at);
      if (i == SIZE_MAX) break;
      Pending& p = pending_[i];
      const Answer& a = p.answers[p.next++];
      if (!a.drop) {
        uint64_t beats = (a.data.size() + opts.busBytes - 1) / opts.busBytes;
        busFreeAt_ = at + (beats < 1 ? 1 : beats);
      }
      out.push_back(Event{at, a.drop, a.final, &a});
      if (p.next == p.answers.size()) retired_.push_back(std::move(p)), pending_.erase(pending_.begin() + i);
    }
    updateNext();
  }
  /** Answers handed out by poll() stay valid until this is called. */
  void release() { retired_.clear(); }
  void clear() { pending_.clear(); retired_.clear(); busFreeAt_ = 0; next_ = UINT64_MAX; }

 private:
  struct Pending {
    uint32_t key = 0;
    uint64_t ready = 0;
    std::vector<Answer> answers;
    size_t next = 0;
  };

  uint8_t drawFault() {
    if (opts.rates[0] == 0 && opts.rates[1] == 0 && opts.rates[2] == 0 && opts.rates[3] == 0) return F_NONE;
    double x = prng_.real();
    for (int f = 0; f < 4; f++) {
      x -= opts.rates[f];
      if (x < 0) return static_cast<uint8_t>(f + 1);
    }
    return F_NONE;
  }

  void header(Answer& a, const Request& r, uint32_t status, uint32_t byteCount, uint32_t lowerAddress, bool ep, uint32_t lengthDw) {
    bool data = lengthDw > 0;
    a.hdr[0] = ((data ? 0x4au : 0x0au) << 24) | (r.tc << 20) | ((ep ? 1u : 0u) << 14) | (r.attr << 12) | (lengthDw & 0x3ff);
    a.hdr[1] = (opts.completerId << 16) | (status << 13) | (byteCount & 0xfff);
    a.hdr[2] = (r.requesterId << 16) | (r.tag << 8) | (lowerAddress & 0x7f);
    a.hdr[3] = 0;
  }

  void answers(const Request& r, uint8_t fault, std::vector<Answer>& out) {
    if (fault == F_STRAY && !r.malformed) {
      Answer before;
      header(before, r, 0, 4 * kStrayDw, 0, false, kStrayDw);
      before.hdr[2] ^= 0x80u << 8;
      before.data.resize(4 * kStrayDw);
      for (uint32_t i = 0; i < 4 * kStrayDw; i++) before.data[i] = static_cast<uint8_t>(0x5a + i);
      out.push_back(std::move(before));
      answers(r, F_NONE, out);
      Answer after;
      header(after, r, 1, 4, 0, false, 0);
      after.hdr[2] ^= 0x80u << 8;
      out.push_back(std::move(after));
      return;
    }
    if (r.malformed || fault == F_DROP) {
      Answer a;
      a.drop = true;
      a.final = true;
      out.push_back(std::move(a));
      return;
    }
    if (fault == F_UR || fault == F_CA) {
      Answer a;
      a.final = true;
      header(a, r, fault == F_UR ? 1 : 4, r.end - r.start, r.start & 0x7f, false, 0);
      out.push_back(std::move(a));
      return;
    }
    uint32_t base = r.start & ~3u;
    for (uint32_t cur = r.start; cur < r.end;) {
      uint32_t dwStart = cur - (cur % 4);
      uint32_t partEnd = splitPoint(cur, dwStart, r.end);
      uint32_t lengthDw = (partEnd - dwStart + 3) / 4;
      Answer a;
      a.final = partEnd == r.end;
      header(a, r, 0, r.end - cur, cur & 0x7f, fault == F_POISON && out.empty(), lengthDw);
      a.data.assign(r.bytes.begin() + (dwStart - base), r.bytes.begin() + (dwStart - base) + lengthDw * 4);
      out.push_back(std::move(a));
      cur = partEnd;
    }
  }

  uint32_t splitPoint(uint32_t cur, uint32_t dwStart, uint32_t end) {
    const int64_t rcb = opts.rcb;
    int64_t limit = dwStart + opts.maxPayloadSize;
    bool endFits = end <= limit;
    int64_t first = (cur / rcb + 1) * rcb;
    if (first >= end) return end;
    int64_t lastBoundary = std::min<int64_t>((limit / rcb) * rcb, ((end + rcb - 1) / rcb) * rcb - rcb);
    if (opts.split == SPLIT_RCB) return static_cast<uint32_t>(first);
    if (opts.split == SPLIT_LARGEST) return endFits ? end : static_cast<uint32_t>(lastBoundary);
    int64_t choices = (lastBoundary - first) / rcb + 1 + (endFits ? 1 : 0);
    int64_t k = prng_.intIn(0, choices - 1);
    return first + k * rcb > lastBoundary ? end : static_cast<uint32_t>(first + k * rcb);
  }

  size_t choose(uint64_t cycle, uint64_t& at) {
    if (!opts.reorder) {
      at = std::max(pending_[0].ready, busFreeAt_);
      return at <= cycle ? 0 : SIZE_MAX;
    }
    std::vector<size_t> eligible;
    std::vector<uint32_t> seen;
    uint64_t minReady = UINT64_MAX;
    for (size_t i = 0; i < pending_.size(); i++) {
      bool dup = false;
      for (uint32_t k : seen) if (k == pending_[i].key) { dup = true; break; }
      if (dup) continue;
      seen.push_back(pending_[i].key);
      eligible.push_back(i);
      minReady = std::min(minReady, pending_[i].ready);
    }
    at = std::max(busFreeAt_, minReady);
    if (at > cycle) return SIZE_MAX;
    std::vector<size_t> ready;
    for (size_t i : eligible) if (pending_[i].ready <= at) ready.push_back(i);
    return ready.size() == 1 ? ready[0] : ready[pick_.pick(ready.size())];
  }

  void updateNext() {
    if (pending_.empty()) { next_ = UINT64_MAX; return; }
    uint64_t t = pending_[0].ready;
    if (opts.reorder) for (auto& p : pending_) t = std::min(t, p.ready);
    next_ = std::max(t, busFreeAt_);
  }

  Prng prng_, pick_;
  std::deque<Pending> pending_;
  std::vector<Pending> retired_;
  uint64_t busFreeAt_ = 0;
  uint64_t next_ = UINT64_MAX;
};

/**
 * RootComplex.fromDevice's effect on memory (tb/host/host.ts writeWithByteEnables): an MWr
 * outside the MSI window and not poisoned (§2.7.2.2) stores its enabled bytes (§2.2.5).
 */
inline void deviceWrite(Memory& mem, const Options& o, const uint32_t* h, const std::vector<uint8_t>& data) {
  uint64_t addr = reqAddress(h);
  if (addr >= o.msiBase && addr < o.msiBase + o.msiSize) return;
  if ((h[0] >> 14) & 1) return;
  uint32_t lf = h[0] & 0x3ff;
  uint32_t n = lf == 0 ? 1024 : lf;
  uint32_t first = h[1] & 0xf, last = n == 1 ? first : (h[1] >> 4) & 0xf;
  for (uint32_t dw = 0; dw < n; dw++) {
    uint32_t be = dw == 0 ? first : dw == n - 1 ? last : 0xf;
    if (be == 0xf) { mem.write(addr + dw * 4, data.data() + dw * 4, 4); continue; }
    for (uint32_t b = 0; b < 4; b++)
      if ((be >> b) & 1) mem.write(addr + dw * 4 + b, data.data() + dw * 4 + b, 1);
  }
}

}  // namespace replica
