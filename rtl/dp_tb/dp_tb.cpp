// Unit bench for virtio_net_datapath alone: a C++ host memory, a completer that answers MRds
// with CplDs (split at a 64-byte RCB, out of order across tags), an MWr sink that checks every
// TLP's header rules and applies it to host memory, and a small packed-ring driver.
// Exit code 0 only if every check passed.
#include "Vvirtio_net_datapath.h"
#include "verilated.h"
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#ifndef TLP_W
#define TLP_W 64
#endif
static const int NDW = TLP_W / 32;
static const int NQ = 3;  // NUM_QUEUE_PAIRS = 1
static const int CTRLQ = 2;

// ---------------------------------------------------------------- bit helpers
template <size_t N> static void setf(VlWide<N>& s, int lsb, int w, uint64_t v) {
  for (int i = 0; i < w; i++) {
    int b = lsb + i; uint32_t m = 1u << (b % 32);
    if ((v >> i) & 1) s[b / 32] |= m; else s[b / 32] &= ~m;
  }
}
template <size_t N> static uint64_t getf(const VlWide<N>& s, int lsb, int w) {
  uint64_t v = 0;
  for (int i = 0; i < w; i++) { int b = lsb + i; v |= (uint64_t)((s[b / 32] >> (b % 32)) & 1) << i; }
  return v;
}
template <class T> static void setf(T& s, int lsb, int w, uint64_t v) {
  uint64_t m = (w >= 64) ? ~0ull : ((1ull << w) - 1);
  s = (T)(((uint64_t)s & ~(m << lsb)) | ((v & m) << lsb));
}
template <class T> static uint64_t getf(const T& s, int lsb, int w) {
  uint64_t m = (w >= 64) ? ~0ull : ((1ull << w) - 1);
  return ((uint64_t)s >> lsb) & m;
}

static int g_fail = 0;
#define CHECK(c, ...) do { if (!(c)) { g_fail++; printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } } while (0)

// ---------------------------------------------------------------- host memory
struct Mem {
  std::unordered_map<uint64_t, std::array<uint8_t, 4096>> pages;
  uint8_t& at(uint64_t a) {
    auto it = pages.find(a >> 12);
    if (it == pages.end()) { std::array<uint8_t, 4096> z{}; it = pages.emplace(a >> 12, z).first; }
    return it->second[a & 4095];
  }
  uint64_t rd(uint64_t a, int n) { uint64_t v = 0; for (int i = 0; i < n; i++) v |= (uint64_t)at(a + i) << (8 * i); return v; }
  void wr(uint64_t a, int n, uint64_t v) { for (int i = 0; i < n; i++) at(a + i) = (uint8_t)(v >> (8 * i)); }
};

static uint32_t rng_state = 12345;
static uint32_t rnd() { rng_state = rng_state * 1103515245u + 12345u; return rng_state >> 8; }

// ---------------------------------------------------------------- DUT harness
struct Bench {
  Vvirtio_net_datapath* d;
  Mem mem;
  uint64_t cyc = 0;
  int mrrs_bytes = 512, mps_bytes = 128;
  // completer
  struct Rd { uint8_t tag; uint64_t cur, end; };
  std::vector<Rd> pend;
  std::deque<std::vector<std::pair<uint32_t, std::vector<uint32_t>>>> dummy;
  struct CplBeat { std::array<uint32_t, 4> hdr; std::vector<uint32_t> dws; bool sop, eop; };
  std::deque<CplBeat> cpl_q;
  int inject = 0;  // 0 none, 1 UR, 2 CA, 3 poison, 4 drop (timeout), 5 bad byte count
  bool ooo = true;
  uint64_t mrd_count = 0, mwr_count = 0, cpld_count = 0;
  // MWr log
  struct Wr { uint64_t addr; std::vector<uint8_t> bytes; uint64_t cyc; };
  std::vector<Wr> wlog;
  std::vector<uint32_t> wr_dws; std::array<uint32_t, 4> wr_hdr{};
  // ethernet
  std::vector<std::vector<uint8_t>> tx_frames; std::vector<uint8_t> tx_cur; int tx_bad = 0;
  std::deque<std::vector<uint8_t>> rx_in; std::deque<bool> rx_bad; size_t rx_pos = 0;
  // irq / needs_reset
  std::vector<int> irqs; std::vector<int> resets;
  int mac_changes = 0;   // mac_change pulses (CTRL_MAC_ADDR_SET that changed the config mac)
  size_t wlog_at_irq = 0;

  Bench() {
    d = new Vvirtio_net_datapath;
    d->clk = 0; d->rst = 1;
    d->bus_master_enable = 1; d->requester_id = 0x0100;
    d->max_payload_size = 0; d->max_read_request_size = 2;
    d->driver_ok = 0; d->driver_features = (1ull << 32) | (1ull << 34) | (1ull << 28) | (1ull << 18) | (1ull << 23);
    d->mac_addr = 0x525400123456ull;
    for (int i = 0; i < 6; i++) step();
    d->rst = 0;
  }
  void set_mps(int enc) { d->max_payload_size = enc; mps_bytes = 128 << enc; }
  void set_mrrs(int enc) { d->max_read_request_size = enc; mrrs_bytes = 128 << enc; }

  // ---- completer: take MRds
  void on_mrd() {
    auto& h = d->tx_rd_req_tlp_hdr;
    uint32_t dw0 = getf(h, 96, 32), dw1 = getf(h, 64, 32);
    int fmt = dw0 >> 29, type = (dw0 >> 24) & 31, len = dw0 & 0x3ff; if (!len) len = 1024;
    uint8_t tag = (dw1 >> 8) & 0xff; int lbe = (dw1 >> 4) & 15, fbe = dw1 & 15;
    uint64_t addr = fmt == 1 ? (getf(h, 0, 64) & ~3ull) : (getf(h, 32, 32) & ~3ull);
    CHECK(type == 0 && (fmt == 0 || fmt == 1), "MRd fmt/type %d/%d", fmt, type);
    CHECK((fmt == 1) == (addr >= (1ull << 32)), "MRd 3DW iff below 4 GiB (addr %llx fmt %d)", (unsigned long long)addr, fmt);
    CHECK((dw1 >> 16) == d->requester_id, "MRd requester id");
    CHECK(len * 4 <= mrrs_bytes, "MRd Length %d DW > MRRS %d", len, mrrs_bytes);
    CHECK((addr & 0xfff) + len * 4 <= 4096, "MRd crosses 4 KiB at %llx len %d", (unsigned long long)addr, len);
    if (len == 1) CHECK(lbe == 0 && fbe != 0, "1-DW MRd BE"); else CHECK(lbe != 0 && (fbe & 8) && (lbe & 1), "MRd BE %x %x", fbe, lbe);
    for (auto& p : pend) CHECK(p.tag != tag, "tag %d reused while outstanding", tag);
    int f0 = 0; while (!((fbe >> f0) & 1)) f0++;
    uint64_t start = addr + f0, end;
    if (len == 1) { int l = 3; while (!((fbe >> l) & 1)) l--; end = addr + l + 1; }
    else { int l = 3; while (!((lbe >> l) & 1)) l--; end = addr + (len - 1) * 4 + l + 1; }
    pend.push_back({tag, start, end});
    mrd_count++;
  }
  void make_cpl() {
    if (pend.empty() || !cpl_q.empty() || (rnd() % 4) == 0) return;
    size_t i = ooo ? rnd() % pend.size() : 0;
    Rd& r = pend[i];
    uint64_t bc = r.end - r.cur;
    uint64_t cend = std::min(r.end, (r.cur | 63) + 1);  // split at the 64-byte RCB
    if ((rnd() & 1) && r.end - r.cur <= 256) cend = r.end;  // or all at once
    int la = r.cur & 0x7f;
    int ndw = (int)(((cend + 3) & ~3ull) - (r.cur & ~3ull)) / 4;
    int status = 0; bool ep = false;
    if (inject == 1) status = 1; else if (inject == 2) status = 4; else if (inject == 3) ep = true;
    else if (inject == 4) { pend.erase(pend.begin() + i); inject = 0; return; }
    else if (inject == 5) bc += 4;
    bool nodata = status != 0;
    std::array<uint32_t, 4> hdr;
    hdr[0] = ((nodata ? 0u : 2u) << 29) | (10u << 24) | (ep ? (1u << 14) : 0) | (nodata ? 0 : (ndw & 0x3ff));
    hdr[1] = (0x0000u << 16) | (status << 13) | (uint32_t)(bc & 0xfff);
    hdr[2] = ((uint32_t)d->requester_id << 16) | ((uint32_t)r.tag << 8) | la;
    hdr[3] = 0;
    std::vector<uint32_t> dws;
    uint64_t a0 = r.cur & ~3ull;
    for (int k = 0; k < ndw; k++) dws.push_back((uint32_t)mem.rd(a0 + 4 * k, 4));
    if (nodata) { cpl_q.push_back({hdr, {}, true, true}); }
    else for (int k = 0; k < ndw; k += NDW) {
      std::vector<uint32_t> b(dws.begin() + k, dws.begin() + std::min(ndw, k + NDW));
      cpl_q.push_back({hdr, b, k == 0, k + NDW >= ndw});
    }
    cpld_count++;
    if (inject) { inject = 0; pend.erase(pend.begin() + i); return; }
    r.cur = cend;
    if (r.cur >= r.end) pend.erase(pend.begin() + i);
  }
  void drive_cpl() {
    if (cpl_q.empty()) { d->rx_cpl_tlp_valid = 0; return; }
    auto& b = cpl_q.front();
    for (int k = 0; k < 4; k++) setf(d->rx_cpl_tlp_hdr, 96 - 32 * k, 32, b.hdr[k]);
    for (int k = 0; k < NDW; k++) setf(d->rx_cpl_tlp_data, 32 * k, 32, k < (int)b.dws.size() ? b.dws[k] : 0xdeadbeef);
    d->rx_cpl_tlp_strb = (1u << b.dws.size()) - 1;
    d->rx_cpl_tlp_sop = b.sop; d->rx_cpl_tlp_eop = b.eop; d->rx_cpl_tlp_valid = 1;
    d->rx_cpl_tlp_error = 0;
  }
  // ---- MWr sink
  void on_mwr_beat() {
    if (d->tx_wr_req_tlp_sop) { wr_dws.clear(); for (int k = 0; k < 4; k++) wr_hdr[k] = getf(d->tx_wr_req_tlp_hdr, 96 - 32 * k, 32); }
    int strb = d->tx_wr_req_tlp_strb;
    for (int k = 0; k < NDW; k++) if ((strb >> k) & 1) wr_dws.push_back((uint32_t)getf(d->tx_wr_req_tlp_data, 32 * k, 32));
    if (!d->tx_wr_req_tlp_eop) { CHECK(strb == (1 << NDW) - 1, "MWr non-last beat strb %x", strb); return; }
    int fmt = wr_hdr[0] >> 29, type = (wr_hdr[0] >> 24) & 31, len = wr_hdr[0] & 0x3ff; if (!len) len = 1024;
    int lbe = (wr_hdr[1] >> 4) & 15, fbe = wr_hdr[1] & 15;
    uint64_t addr = fmt == 3 ? (((uint64_t)wr_hdr[2] << 32) | (wr_hdr[3] & ~3u)) : (wr_hdr[2] & ~3u);
    CHECK(type == 0 && (fmt == 2 || fmt == 3), "MWr fmt/type %d/%d", fmt, type);
    CHECK((fmt == 3) == (addr >= (1ull << 32)), "MWr 3DW iff below 4 GiB");
    CHECK((int)wr_dws.size() == len, "MWr payload %zu DW vs Length %d", wr_dws.size(), len);
    CHECK(len * 4 <= mps_bytes, "MWr Length %d DW > MPS %d", len, mps_bytes);
    CHECK((addr & 0xfff) + len * 4 <= 4096, "MWr crosses 4 KiB");
    CHECK((wr_hdr[1] >> 16) == d->requester_id, "MWr requester id");
    if (len == 1) CHECK(lbe == 0, "1-DW MWr Last BE"); else CHECK((fbe & 8) && (lbe & 1), "MWr BE %x %x", fbe, lbe);
    Wr w; w.cyc = cyc; bool started = false;
    for (int k = 0; k < len; k++) {
      int be = (k == 0) ? fbe : (k == len - 1) ? lbe : 15;
      for (int b = 0; b < 4; b++) if ((be >> b) & 1) {
        if (!started) { w.addr = addr + 4 * k + b; started = true; }
        mem.at(addr + 4 * k + b) = (uint8_t)(wr_dws[k] >> (8 * b));
        w.bytes.push_back((uint8_t)(wr_dws[k] >> (8 * b)));
      }
    }
    wlog.push_back(w);
    mwr_count++;
  }
  // ---- one clock
  void step() {
    // drive inputs that depend on state before the edge
    if (!d->rst) {
      make_cpl();
      drive_cpl();
      d->tx_rd_req_tlp_ready = (rnd() % 8) != 0;
      d->tx_wr_req_tlp_ready = (rnd() % 8) != 0;
      d->m_axis_tx_tready = (rnd() % 4) != 0;
      d->irq_ready = (rnd() % 2);
      // RX frame source
      if (!rx_in.empty()) {
        auto& f = rx_in.front();
        uint64_t w = 0; int n = 0;
        for (; n < 8 && rx_pos + n < f.size(); n++) w |= (uint64_t)f[rx_pos + n] << (8 * n);
        d->s_axis_rx_tdata = w; d->s_axis_rx_tkeep = (1u << n) - 1;
        d->s_axis_rx_tlast = rx_pos + n >= f.size(); d->s_axis_rx_tvalid = 1;
        d->s_axis_rx_tuser = d->s_axis_rx_tlast && !rx_bad.empty() && rx_bad.front();
      } else d->s_axis_rx_tvalid = 0;
    }
    d->clk = 0; d->eval();
    // sample handshakes (values before the edge)
    bool mrd = d->tx_rd_req_tlp_valid && d->tx_rd_req_tlp_ready;
    bool mwr = d->tx_wr_req_tlp_valid && d->tx_wr_req_tlp_ready;
    bool cpl = d->rx_cpl_tlp_valid && d->rx_cpl_tlp_ready;
    bool txb = d->m_axis_tx_tvalid && d->m_axis_tx_tready;
    bool rxb = d->s_axis_rx_tvalid && d->s_axis_rx_tready;
    bool irq = d->irq_valid && d->irq_ready;
    if (!d->rst) {
      if (mrd) { CHECK(d->bus_master_enable, "MRd while bus_master_enable=0"); on_mrd(); }
      if (mwr) on_mwr_beat();
      if (cpl) cpl_q.pop_front();
      if (txb) {
        for (int k = 0; k < 8; k++) if ((d->m_axis_tx_tkeep >> k) & 1) tx_cur.push_back((uint8_t)(d->m_axis_tx_tdata >> (8 * k)));
        if (d->m_axis_tx_tlast) { if (d->m_axis_tx_tuser) tx_bad++; else tx_frames.push_back(tx_cur); tx_cur.clear(); }
      }
      if (rxb) {
        auto& f = rx_in.front(); rx_pos += 8;
        if (rx_pos >= f.size()) { rx_in.pop_front(); if (!rx_bad.empty()) rx_bad.pop_front(); rx_pos = 0; }
      }
      if (irq) { irqs.push_back(d->irq_qid); wlog_at_irq = wlog.size(); }
      if (d->needs_reset) resets.push_back(d->needs_reset_reason);
      if (d->mac_change) mac_changes++;
    }
    d->clk = 1; d->eval();
    d->notify_valid = 0; d->dev_reset = 0; d->queue_reset_req = 0;
    cyc++;
  }
  void run(int n) { for (int i = 0; i < n; i++) step(); }
};

// ---------------------------------------------------------------- packed-ring driver
struct Queue {
  int q; uint64_t desc, drv, dev; int size;
  int avail_idx = 0, avail_wrap = 1, used_idx = 0, used_wrap = 1;
  std::map<int, int> ndescs_of;  // id -> ring slots
};
struct Elem { uint64_t addr; uint32_t len; bool write; };

static void setup_queue(Bench& b, Queue& Q) {
  auto& d = b.d;
  setf(d->queue_size, Q.q * 16, 16, Q.size);
  setf(d->queue_desc, Q.q * 64, 64, Q.desc);
  setf(d->queue_driver, Q.q * 64, 64, Q.drv);
  setf(d->queue_device, Q.q * 64, 64, Q.dev);
  d->queue_enable |= 1 << Q.q;
  for (int i = 0; i < Q.size * 16; i++) b.mem.at(Q.desc + i) = 0;
  b.mem.wr(Q.drv, 4, 0);
}
static void put_desc(Bench& b, uint64_t a, uint64_t addr, uint32_t len, uint16_t id, uint16_t flags) {
  b.mem.wr(a, 8, addr); b.mem.wr(a + 8, 4, len); b.mem.wr(a + 12, 2, id); b.mem.wr(a + 14, 2, flags);
}
// direct chain; head flags written last
static void add_chain(Bench& b, Queue& Q, const std::vector<Elem>& els, uint16_t id) {
  int n = els.size(); int head = Q.avail_idx; uint16_t head_flags = 0;
  for (int i = 0; i < n; i++) {
    uint16_t f = (Q.avail_wrap ? 0x0080 : 0x8000) | (els[i].write ? 2 : 0) | (i + 1 < n ? 1 : 0);
    uint64_t a = Q.desc + 16 * Q.avail_idx;
    put_desc(b, a, els[i].addr, els[i].len, id, i == 0 ? 0 : f);
    if (i == 0) head_flags = f; else b.mem.wr(a + 14, 2, f);
    if (++Q.avail_idx == Q.size) { Q.avail_idx = 0; Q.avail_wrap ^= 1; }
  }
  // head written last, with its own (possibly older) wrap value
  b.mem.wr(Q.desc + 16 * head + 14, 2, head_flags);
  Q.ndescs_of[id] = n;
}
static void add_indirect(Bench& b, Queue& Q, uint64_t tbl, const std::vector<Elem>& els, uint16_t id) {
  for (size_t i = 0; i < els.size(); i++) put_desc(b, tbl + 16 * i, els[i].addr, els[i].len, 0, els[i].write ? 2 : 0);
  uint16_t f = (Q.avail_wrap ? 0x0080 : 0x8000) | 4;
  put_desc(b, Q.desc + 16 * Q.avail_idx, tbl, 16 * els.size(), id, f);
  if (++Q.avail_idx == Q.size) { Q.avail_idx = 0; Q.avail_wrap ^= 1; }
  Q.ndescs_of[id] = 1;
}
struct Used { int id; uint32_t len; uint16_t flags; bool ok; };
static Used poll_used(Bench& b, Queue& Q) {
  uint64_t a = Q.desc + 16 * Q.used_idx;
  uint16_t f = b.mem.rd(a + 14, 2);
  bool av = (f >> 7) & 1, us = (f >> 15) & 1;
  if (!(av == us && av == (bool)Q.used_wrap)) return {0, 0, f, false};
  Used u{(int)b.mem.rd(a + 12, 2), (uint32_t)b.mem.rd(a + 8, 4), f, true};
  int n = Q.ndescs_of.count(u.id) ? Q.ndescs_of[u.id] : 1;
  Q.used_idx += n; if (Q.used_idx >= Q.size) { Q.used_idx -= Q.size; Q.used_wrap ^= 1; }
  return u;
}
static void kick(Bench& b, int q) { b.d->notify_valid = 1; b.d->notify_qid = q; b.step(); }
static bool wait_for(Bench& b, std::function<bool()> f, int max = 200000) {
  for (int i = 0; i < max; i++) { if (f()) return true; b.step(); }
  return false;
}
static std::vector<uint8_t> pattern(int n, int seed) {
  std::vector<uint8_t> v(n); for (int i = 0; i < n; i++) v[i] = (uint8_t)(seed * 31 + i * 7 + (i >> 8)); return v;
}
static void put_bytes(Bench& b, uint64_t a, const std::vector<uint8_t>& v) { for (size_t i = 0; i < v.size(); i++) b.mem.at(a + i) = v[i]; }
static std::vector<uint8_t> get_bytes(Bench& b, uint64_t a, int n) { std::vector<uint8_t> v(n); for (int i = 0; i < n; i++) v[i] = b.mem.at(a + i); return v; }

// index of the MWr that wrote the 2-byte flags of slot s after position from
static int find_wr(Bench& b, uint64_t addr, int nbytes, size_t from = 0) {
  for (size_t i = from; i < b.wlog.size(); i++) if (b.wlog[i].addr == addr && (int)b.wlog[i].bytes.size() == nbytes) return (int)i;
  return -1;
}

// values written to the 2-byte device-area flags (queue_device + 2), in order, from wlog index `from`
static std::vector<int> dev_flag_writes(Bench& b, uint64_t dev, size_t from = 0) {
  std::vector<int> v;
  for (size_t i = from; i < b.wlog.size(); i++)
    if (b.wlog[i].addr == dev + 2 && b.wlog[i].bytes.size() == 2) v.push_back(b.wlog[i].bytes[0] | (b.wlog[i].bytes[1] << 8));
  return v;
}

int main(int argc, char** argv) {
  Verilated::commandArgs(argc, argv);
  if (getenv("DP_SEED")) rng_state = (uint32_t)strtoul(getenv("DP_SEED"), nullptr, 0);   // default seed 12345
  int tests = 0;
  Bench b;
  Queue RXQ{0, 0x100000, 0x108000, 0x109000, 16};
  Queue TXQ{1, 0x1000000F0ull * 0 + 0x200000, 0x208000, 0x209000, 8};
  Queue CQ{2, 0x12345000ull + 0x100000000ull, 0x300000, 0x301000, 8};   // ring above 4 GiB
  setup_queue(b, RXQ); setup_queue(b, TXQ); setup_queue(b, CQ);
  b.d->driver_ok = 1;
  auto TX_HDR = std::vector<uint8_t>(12, 0);
  b.run(400);
  // DRIVER_OK kicks the TX and control queues: found empty -> ENABLE in the device area
  CHECK(dev_flag_writes(b, TXQ.dev) == std::vector<int>({0}) && dev_flag_writes(b, CQ.dev) == std::vector<int>({0}) &&
        dev_flag_writes(b, RXQ.dev).empty(), "T0 DRIVER_OK: ENABLE written to TX/ctrl device areas only");

  // ---- T1: TX of one frame in one descriptor, unaligned buffer
  {
    tests++;
    auto fr = pattern(60, 1);
    std::vector<uint8_t> buf = TX_HDR; buf.insert(buf.end(), fr.begin(), fr.end());
    put_bytes(b, 0x400003, buf);
    add_chain(b, TXQ, {{0x400003, (uint32_t)buf.size(), false}}, 7);
    kick(b, 1);
    bool ok = wait_for(b, [&] { return b.irqs.size() == 1; });
    CHECK(ok, "T1 irq");
    CHECK(b.tx_frames.size() == 1 && b.tx_frames[0] == fr, "T1 frame bytes (%zu frames)", b.tx_frames.size());
    Used u = poll_used(b, TXQ);
    CHECK(u.ok && u.id == 7 && u.len == 0 && u.flags == 0x8080, "T1 used id %d len %u flags %x", u.id, u.len, u.flags);
    CHECK(b.irqs[0] == 1, "T1 irq qid");
    int fi = find_wr(b, TXQ.desc + 14, 2), li = find_wr(b, TXQ.desc + 8, 6);
    CHECK(li >= 0 && fi > li, "T1 id/len MWr before flags MWr (%d, %d)", li, fi);
    CHECK(b.wlog_at_irq > (size_t)fi, "T1 irq after flags MWr");
    CHECK(b.d->tx_frame_count == 1, "T1 tx_frame_count");
    b.run(300);
    auto dv = dev_flag_writes(b, TXQ.dev);
    CHECK(dv == std::vector<int>({0, 1, 0}), "T1 device area: ENABLE, DISABLE (buffer found), ENABLE (empty again): got %zu writes", dv.size());
    int di = -1; for (size_t i = 0; i < b.wlog.size(); i++) if (b.wlog[i].addr == TXQ.dev + 2 && b.wlog[i].bytes[0] == 1) di = (int)i;
    CHECK(di >= 0 && di < li, "T1 DISABLE before the used write");
  }
  // ---- T2: RX of one frame
  {
    tests++;
    add_chain(b, RXQ, {{0x500001, 1526, true}}, 3);
    kick(b, 0);
    b.run(50);
    auto fr = pattern(64, 2);
    uint64_t m0 = b.mrd_count;
    b.rx_in.push_back(fr);
    bool ok = wait_for(b, [&] { return b.irqs.size() == 2; });
    CHECK(ok, "T2 irq");
    // one descriptor read (the fit check's copy serves the write pass) + the driver area read
    CHECK(b.mrd_count - m0 == 2, "T2 MRds for one single-descriptor RX frame: %llu (want 2)", (unsigned long long)(b.mrd_count - m0));
    Used u = poll_used(b, RXQ);
    CHECK(u.ok && u.id == 3 && u.len == 76 && u.flags == 0x8082, "T2 used id %d len %u flags %x", u.id, u.len, u.flags);
    auto hdr = get_bytes(b, 0x500001, 12);
    std::vector<uint8_t> exp_hdr(12, 0); exp_hdr[10] = 1;
    CHECK(hdr == exp_hdr, "T2 virtio_net_hdr (num_buffers=1)");
    CHECK(get_bytes(b, 0x500001 + 12, 64) == fr, "T2 frame data");
    CHECK(b.d->rx_frame_count == 1, "T2 rx_frame_count");
  }
  // ---- T3: TX chain of 3 (header alone, data split unaligned), 1514-byte frame, MRRS 128, wrap
  {
    tests++;
    b.set_mrrs(0);
    auto fr = pattern(1514, 3);
    put_bytes(b, 0x600000, TX_HDR);
    std::vector<uint8_t> p1(fr.begin(), fr.begin() + 701), p2(fr.begin() + 701, fr.end());
    put_bytes(b, 0x600FFD, p1); put_bytes(b, 0x700002, p2);   // p1 crosses a 4 KiB boundary
    for (int i = 0; i < 6; i++) {                             // walk the ring across its wrap
      int id = 20 + i;
      add_chain(b, TXQ, {{0x600000, 12, false}, {0x600FFD, 701, false}, {0x700002, 813, false}}, id);
      kick(b, 1);
      bool ok = wait_for(b, [&] { return b.tx_frames.size() == (size_t)(2 + i) && b.irqs.size() == (size_t)(3 + i); });
      CHECK(ok, "T3 frame %d", i);
      Used u = poll_used(b, TXQ);
      CHECK(u.ok && u.id == id && u.len == 0, "T3 used %d: id %d len %u ok %d", i, u.id, u.len, u.ok);
      CHECK(b.tx_frames.back() == fr, "T3 frame %d bytes", i);
    }
    b.set_mrrs(2);
  }
  // ---- T4: TX through an indirect table
  {
    tests++;
    auto fr = pattern(200, 4);
    std::vector<uint8_t> buf = TX_HDR; buf.insert(buf.end(), fr.begin(), fr.begin() + 50);
    put_bytes(b, 0x800000, buf); put_bytes(b, 0x801001, std::vector<uint8_t>(fr.begin() + 50, fr.end()));
    add_indirect(b, TXQ, 0x802008, {{0x800000, 62, false}, {0x801001, 150, false}}, 40);
    kick(b, 1);
    bool ok = wait_for(b, [&] { return b.tx_frames.size() == 8 && b.irqs.size() == 9; });
    CHECK(ok, "T4 done");
    Used u = poll_used(b, TXQ);
    CHECK(u.ok && u.id == 40 && b.tx_frames.back() == fr, "T4 used id %d / frame", u.id);
  }
  // ---- T5: event suppression: DISABLE -> no irq; DESC (EVENT_IDX) -> irq only at the slot
  {
    tests++;
    b.d->driver_features |= (1ull << 29);
    b.mem.wr(TXQ.drv, 4, 0x00010000);   // flags DISABLE
    auto fr = pattern(30, 5); std::vector<uint8_t> buf = TX_HDR; buf.insert(buf.end(), fr.begin(), fr.end());
    put_bytes(b, 0x900000, buf);
    size_t irq0 = b.irqs.size();
    add_chain(b, TXQ, {{0x900000, 42, false}}, 50); kick(b, 1);
    wait_for(b, [&] { return poll_used(b, TXQ).ok; });
    b.run(300);
    CHECK(b.irqs.size() == irq0, "T5 DISABLE: no irq");
    // DESC: ask for an event when slot (used_idx+1) is used, i.e. after the second of two buffers
    int want = (TXQ.used_idx + 1) % TXQ.size, wrap = TXQ.used_wrap ^ ((TXQ.used_idx + 1) >= TXQ.size);
    b.mem.wr(TXQ.drv, 4, (uint32_t)(want | (wrap << 15)) | (2u << 16));
    add_chain(b, TXQ, {{0x900000, 42, false}}, 51); kick(b, 1);
    wait_for(b, [&] { return poll_used(b, TXQ).ok; }); b.run(300);
    CHECK(b.irqs.size() == irq0, "T5 DESC: no irq before the slot");
    add_chain(b, TXQ, {{0x900000, 42, false}}, 52); kick(b, 1);
    wait_for(b, [&] { return poll_used(b, TXQ).ok; }); b.run(300);
    CHECK(b.irqs.size() == irq0 + 1, "T5 DESC: irq at the slot (%zu)", b.irqs.size() - irq0);
    b.mem.wr(TXQ.drv, 4, 0);
    b.d->driver_features &= ~(1ull << 29);
  }
  // ---- T6: RX without room (no buffer, too small) -> drop
  {
    tests++;
    uint32_t d0 = b.d->rx_drop_count;
    b.rx_in.push_back(pattern(100, 6));
    wait_for(b, [&] { return b.d->rx_drop_count == d0 + 1; }, 20000);
    CHECK(b.d->rx_drop_count == d0 + 1, "T6 drop with no buffer");
    // the ring was found empty: kicks enabled and frames dropped until the driver kicks
    CHECK(dev_flag_writes(b, RXQ.dev).size() >= 1, "T6 RX device area ENABLE after empty");
    add_chain(b, RXQ, {{0x510000, 50, true}}, 4);
    b.rx_in.push_back(pattern(100, 6));
    b.run(3000);
    CHECK(b.d->rx_drop_count == d0 + 2 && b.mrd_count > 0, "T6 drop while the ring is known empty");
    kick(b, 0);
    b.rx_in.push_back(pattern(100, 6));
    wait_for(b, [&] { return b.d->rx_drop_count == d0 + 3; }, 20000);
    CHECK(b.d->rx_drop_count == d0 + 3, "T6 drop when the frame does not fit");
    CHECK(!poll_used(b, RXQ).ok, "T6 buffer left for reuse");
    // the same buffer (2 descriptors now: re-post is not needed; it is still available) takes a small frame
    auto fr = pattern(30, 7); b.rx_in.push_back(fr);
    size_t irq0 = b.irqs.size();
    wait_for(b, [&] { return b.irqs.size() == irq0 + 1; });
    Used u = poll_used(b, RXQ);
    CHECK(u.ok && u.id == 4 && u.len == 42, "T6 reuse: id %d len %u", u.id, u.len);
    CHECK(get_bytes(b, 0x510000 + 12, 30) == fr, "T6 data");
  }
  // ---- T7: MRG_RXBUF: 1000-byte frame into 256-byte buffers (chain of 2 + singles)
  {
    tests++;
    b.d->driver_features |= (1ull << 15);
    add_chain(b, RXQ, {{0xA00000, 100, true}, {0xA00100, 156, true}}, 60);
    for (int i = 0; i < 3; i++) add_chain(b, RXQ, {{0xA01000 + 0x1000ull * i + 3, 256, true}}, 61 + i);
    kick(b, 0);
    int first_slot = RXQ.used_idx;
    size_t w0 = b.wlog.size(), irq0 = b.irqs.size();
    auto fr = pattern(1000, 8); b.rx_in.push_back(fr);
    bool ok = wait_for(b, [&] { return b.irqs.size() == irq0 + 1; });
    CHECK(ok, "T7 irq");
    std::vector<uint8_t> got;
    uint32_t lens[4]; int ids[4];
    for (int i = 0; i < 4; i++) { Used u = poll_used(b, RXQ); CHECK(u.ok, "T7 used %d", i); lens[i] = u.len; ids[i] = u.id; }
    CHECK(ids[0] == 60 && ids[1] == 61 && ids[2] == 62 && ids[3] == 63, "T7 ids");
    CHECK(lens[0] == 256 && lens[1] == 256 && lens[2] == 256 && lens[3] == 1012 - 768, "T7 lens %u %u %u %u", lens[0], lens[1], lens[2], lens[3]);
    auto h = get_bytes(b, 0xA00000, 100); CHECK(h[10] == 4 && h[11] == 0, "T7 num_buffers %d", h[10]);
    got.insert(got.end(), h.begin() + 12, h.end());
    auto c2 = get_bytes(b, 0xA00100, 156); got.insert(got.end(), c2.begin(), c2.end());
    for (int i = 0; i < 3; i++) { auto c = get_bytes(b, 0xA01000 + 0x1000ull * i + 3, i < 2 ? 256 : 244); got.insert(got.end(), c.begin(), c.end()); }
    CHECK(got == fr, "T7 data across buffers");
    int ff = find_wr(b, RXQ.desc + 16 * first_slot + 14, 2, w0);
    for (size_t i = w0; i < b.wlog.size(); i++) if (b.wlog[i].bytes.size() == 2 && b.wlog[i].addr >= RXQ.desc && b.wlog[i].addr < RXQ.desc + 16 * RXQ.size)
      CHECK((int)i <= ff, "T7 first entry's flags written last");
    CHECK(b.d->rx_frame_count == 3, "T7 rx_frame_count %u", b.d->rx_frame_count);
    b.d->driver_features &= ~(1ull << 15);
  }
  // ---- T8: control queue (class, command, data, ack in separate elements)
  {
    tests++;
    struct C { uint8_t cls, cmd; std::vector<uint8_t> data; uint8_t ack; };
    b.d->driver_features |= (1ull << 22);   // VIRTIO_NET_F_MQ for the VQ_PAIRS_SET cases
    std::vector<C> cs = {{4, 0, {1, 0}, 0}, {4, 0, {2, 0}, 1}, {4, 0, {0, 0}, 1}, {4, 0, {1, 0, 0}, 1},
                         {1, 1, {1, 2, 3, 4, 5, 6}, 0}, {1, 1, {1, 2, 3, 4, 5}, 1},
                         {1, 0, {0, 0, 0, 0, 0, 0, 0, 0}, 0},
                         {1, 0, {1, 0, 0, 0, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x01, 1, 0, 0, 0, 0x33, 0x33, 0, 0, 0, 1}, 0},
                         {1, 0, {1, 0, 0, 0, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x01, 0, 0, 0, 0, 9}, 1},
                         {1, 0, {2, 0, 0, 0, 0xaa, 0xbb}, 1},
                         {0, 0, {1}, 0}, {0, 1, {0}, 0}, {0, 0, {1, 1}, 1}, {9, 0, {0}, 1}, {0, 7, {0}, 1}, {3, 0, {0}, 1}};
    int id = 70;
    for (auto& c : cs) {
      b.mem.wr(0xB00000, 1, c.cls); b.mem.wr(0xB00001, 1, c.cmd); put_bytes(b, 0xB00100, c.data); b.mem.wr(0xB00200, 1, 0xEE);
      add_chain(b, CQ, {{0xB00000, 2, false}, {0xB00100, (uint32_t)c.data.size(), false}, {0xB00200, 1, true}}, id);
      size_t irq0 = b.irqs.size();
      kick(b, CTRLQ);
      bool ok = wait_for(b, [&] { return b.irqs.size() == irq0 + 1; });
      Used u = poll_used(b, CQ);
      CHECK(ok && u.ok && u.id == id && u.len == 1 && (u.flags & 2), "T8 used id %d len %u", u.id, u.len);
      CHECK(b.mem.rd(0xB00200, 1) == c.ack, "T8 class %d cmd %d ack %d (want %d)", c.cls, c.cmd, (int)b.mem.rd(0xB00200, 1), c.ack);
      id++;
    }
    b.d->driver_features &= ~(1ull << 22);
    // MQ not negotiated -> ERR; a 1-byte request -> no ack, used len 0
    b.mem.wr(0xB00000, 1, 4); b.mem.wr(0xB00001, 1, 0); b.mem.wr(0xB00100, 2, 1); b.mem.wr(0xB00200, 1, 0xEE);
    add_chain(b, CQ, {{0xB00000, 2, false}, {0xB00100, 2, false}, {0xB00200, 1, true}}, id);
    size_t irq0 = b.irqs.size(); kick(b, CTRLQ);
    wait_for(b, [&] { return b.irqs.size() == irq0 + 1; });
    Used u = poll_used(b, CQ);
    CHECK(u.ok && u.len == 1 && b.mem.rd(0xB00200, 1) == 1, "T8 VQ_PAIRS_SET without MQ -> ERR");
    b.mem.wr(0xB00200, 1, 0xEE);
    add_chain(b, CQ, {{0xB00000, 1, false}, {0xB00200, 1, true}}, id + 1);
    irq0 = b.irqs.size(); kick(b, CTRLQ);
    wait_for(b, [&] { return b.irqs.size() == irq0 + 1; });
    u = poll_used(b, CQ);
    CHECK(u.ok && u.id == id + 1 && u.len == 0 && b.mem.rd(0xB00200, 1) == 0xEE, "T8 short request: no ack, len %u", u.len);
  }
  // ---- T9: MSI-X message writes merged into tx_wr_req
  {
    tests++;
    b.d->msix_wr_addr = 0xFEE00000; b.d->msix_wr_data = 0x4021; b.d->msix_wr_valid = 1;
    bool ok = wait_for(b, [&] { bool r = b.d->msix_wr_ready; return r; }, 1000);
    b.step(); b.d->msix_wr_valid = 0;
    b.run(50);
    CHECK(ok && b.mem.rd(0xFEE00000, 4) == 0x4021, "T9 MSI-X MWr");
  }
  // ---- T10: MPS 256 / MRRS 4096 RX of 1514 at a 64-bit address across 4 KiB
  {
    tests++;
    b.set_mps(1); b.set_mrrs(5);
    uint64_t a = 0x2000000000ull + 0xFC1;
    add_chain(b, RXQ, {{a, 2048, true}}, 80);
    kick(b, 0);
    auto fr = pattern(1514, 10); b.rx_in.push_back(fr);
    size_t irq0 = b.irqs.size();
    wait_for(b, [&] { return b.irqs.size() == irq0 + 1; });
    Used u = poll_used(b, RXQ);
    CHECK(u.ok && u.id == 80 && u.len == 1526, "T10 used ok %d id %d len %u drops %u irqs %zu", u.ok, u.id, u.len, b.d->rx_drop_count, b.irqs.size() - irq0);
    CHECK(get_bytes(b, a + 12, 1514) == fr, "T10 data");
    b.set_mps(0); b.set_mrrs(2);
  }
  // ---- T11: illegal chain (zero-length element) -> needs_reset 4; dev_reset recovers
  auto recover = [&](Queue&) {   // device reset: every queue back to its defaults (§2.4)
    b.d->driver_ok = 0; b.d->dev_reset = 1; b.step(); b.run(20);
    for (Queue* Q : {&RXQ, &TXQ, &CQ}) {
      Q->avail_idx = 0; Q->avail_wrap = 1; Q->used_idx = 0; Q->used_wrap = 1;
      for (int i = 0; i < Q->size * 16; i++) b.mem.at(Q->desc + i) = 0;
    }
    b.d->driver_ok = 1; b.run(400);
  };
  auto expect_reset = [&](int reason, const char* what) {
    size_t r0 = b.resets.size();
    bool ok = wait_for(b, [&] { return b.resets.size() > r0; }, 300000);
    CHECK(ok && b.resets.back() == reason, "%s: needs_reset reason %d (want %d)", what, ok ? b.resets.back() : -1, reason);
  };
  {
    tests++;
    add_chain(b, TXQ, {{0x900000, 12, false}, {0x900100, 0, false}}, 90); kick(b, 1);
    expect_reset(4, "T11 zero-length");
    recover(TXQ);
    add_chain(b, TXQ, {{0x900000, 12, true}, {0x900100, 8, false}}, 91); kick(b, 1);
    expect_reset(3, "T11 readable after writable");
    recover(TXQ);
    add_chain(b, TXQ, {{0x900000, 8, false}}, 92); kick(b, 1);
    expect_reset(11, "T11 TX buffer shorter than the header");
    recover(TXQ);
    // INDIRECT with a bad table length
    put_desc(b, TXQ.desc, 0x902000, 24, 93, 0x0080 | 4); TXQ.avail_idx = 1; kick(b, 1);
    expect_reset(2, "T11 indirect len");
    recover(TXQ);
    put_desc(b, TXQ.desc, 0x902000, 32, 94, 0x0080 | 4 | 1); TXQ.avail_idx = 1; kick(b, 1);
    expect_reset(10, "T11 INDIRECT with NEXT");
    recover(TXQ);
    // chain that never ends: every slot has NEXT
    for (int i = 0; i < TXQ.size; i++) put_desc(b, TXQ.desc + 16 * i, 0x900000, 16, 95, 0x0080 | 1);
    kick(b, 1);
    expect_reset(1, "T11 chain longer than the queue");
    recover(TXQ);
  }
  // ---- T12: completion errors: UR, CA, poisoned, malformed, timeout
  {
    tests++;
    const int inj[5] = {1, 2, 3, 5, 4}; const int why[5] = {5, 6, 8, 9, 7};
    for (int k = 0; k < 5; k++) {
      auto fr = pattern(40, 12); std::vector<uint8_t> buf = TX_HDR; buf.insert(buf.end(), fr.begin(), fr.end());
      put_bytes(b, 0x900000, buf);
      add_chain(b, TXQ, {{0x900000, 52, false}}, 100 + k);
      kick(b, 1); b.inject = inj[k];
      expect_reset(why[k], "T12 completion error");
      b.inject = 0;
      recover(TXQ);
      b.run(200);
    }
    // after all that the device still works
    auto fr = pattern(80, 13); std::vector<uint8_t> buf = TX_HDR; buf.insert(buf.end(), fr.begin(), fr.end());
    put_bytes(b, 0x900000, buf);
    size_t nf = b.tx_frames.size();
    add_chain(b, TXQ, {{0x900000, 92, false}}, 120); kick(b, 1);
    bool ok = wait_for(b, [&] { return poll_used(b, TXQ).ok; });
    CHECK(ok && b.tx_frames.size() == nf + 1 && b.tx_frames.back() == fr, "T12 TX works after dev_reset");
  }
  // ---- T13: bus_master_enable = 0 holds all requests
  {
    tests++;
    b.d->bus_master_enable = 0;
    add_chain(b, TXQ, {{0x900000, 92, false}}, 121); kick(b, 1);
    uint64_t m0 = b.mrd_count; b.run(2000);
    CHECK(b.mrd_count == m0, "T13 no MRd while bus master disabled");
    b.d->bus_master_enable = 1;
    bool ok = wait_for(b, [&] { return poll_used(b, TXQ).ok; });
    CHECK(ok, "T13 resumes");
  }
  // ---- T14: RX filter (promisc off): own MAC, broadcast, multicast table, runt, tuser
  {
    tests++;
    auto ctrl = [&](std::vector<uint8_t> req, int id) {
      put_bytes(b, 0xB00000, req); b.mem.wr(0xB00200, 1, 0xEE);
      add_chain(b, CQ, {{0xB00000, (uint32_t)req.size(), false}, {0xB00200, 1, true}}, id);
      kick(b, CTRLQ);
      Used u{};
      wait_for(b, [&] { u = poll_used(b, CQ); return u.ok; });
      if (getenv("DP_DEBUG")) printf("ctrl id %d: used ok %d id %d len %u ack %d\n", id, u.ok, u.id, u.len, (int)b.mem.rd(0xB00200, 1));
      return (int)b.mem.rd(0xB00200, 1);
    };
    CHECK(ctrl({0, 0, 0}, 200) == 0 && ctrl({0, 1, 0}, 201) == 0, "T14 promisc/allmulti off");
    CHECK(ctrl({1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0x33, 0x33, 0, 0, 0, 1}, 202) == 0, "T14 TABLE_SET one multicast");
    for (int i = 0; i < 8; i++) add_chain(b, RXQ, {{0xC00000 + 0x1000ull * i, 1526, true}}, 210 + i);
    kick(b, 0);
    auto mk = [&](uint64_t dst, int n) { auto f = pattern(n, 14); for (int k = 0; k < 6; k++) f[k] = (uint8_t)(dst >> (40 - 8 * k)); return f; };
    uint32_t d0 = b.d->rx_drop_count, r0 = b.d->rx_frame_count;
    std::vector<std::pair<std::vector<uint8_t>, bool>> fr = {
      {mk(0x525400123456ull, 60), true}, {mk(0x525400123457ull, 60), false}, {mk(0xFFFFFFFFFFFFull, 60), true},
      {mk(0x333300000001ull, 60), true}, {mk(0x333300000002ull, 60), false}, {mk(0x525400123456ull, 13), false}};
    for (auto& f : fr) b.rx_in.push_back(f.first);
    b.rx_in.push_back(mk(0x525400123456ull, 80)); b.rx_bad.assign(b.rx_in.size(), false); b.rx_bad.back() = true;
    wait_for(b, [&] { return b.rx_in.empty(); }); b.run(20000);
    CHECK(b.d->rx_frame_count == r0 + 3 && b.d->rx_drop_count == d0 + 4, "T14 accepted %u (want 3), dropped %u (want 4)",
          b.d->rx_frame_count - r0, b.d->rx_drop_count - d0);
    int mc0 = b.mac_changes;
    CHECK(ctrl({1, 1, 0x02, 0, 0, 0, 0, 9}, 203) == 0, "T14 ADDR_SET");
    // §5.1.6.5.2: the new address is reflected in virtio_net_config.mac, with one change pulse
    CHECK(b.d->mac_cur == 0x020000000009ull && b.mac_changes == mc0 + 1, "T14 ADDR_SET mac_cur %012llx, %d change pulses (want 1)",
          (unsigned long long)b.d->mac_cur, b.mac_changes - mc0);
    CHECK(ctrl({1, 1, 0x02, 0, 0, 0, 0, 9}, 205) == 0 && b.mac_changes == mc0 + 1, "T14 ADDR_SET to the same mac: no change pulse");
    b.rx_in.push_back(mk(0x020000000009ull, 60)); b.rx_bad.clear();
    wait_for(b, [&] { return b.d->rx_frame_count == r0 + 4; }, 50000);
    CHECK(b.d->rx_frame_count == r0 + 4, "T14 frame to the ADDR_SET MAC accepted");
    ctrl({0, 0, 1}, 204);
    b.rx_bad.clear();
  }
  // ---- T15: queue_reset_req returns the TX queue to its defaults
  {
    tests++;
    b.d->queue_reset_req = 1 << 1; b.step(); b.run(10);
    TXQ.avail_idx = 0; TXQ.avail_wrap = 1; TXQ.used_idx = 0; TXQ.used_wrap = 1;
    for (int i = 0; i < TXQ.size * 16; i++) b.mem.at(TXQ.desc + i) = 0;
    auto fr = pattern(70, 15); std::vector<uint8_t> buf = TX_HDR; buf.insert(buf.end(), fr.begin(), fr.end());
    put_bytes(b, 0x900000, buf);
    size_t nf = b.tx_frames.size();
    add_chain(b, TXQ, {{0x900000, 82, false}}, 230); kick(b, 1);
    bool ok = wait_for(b, [&] { return poll_used(b, TXQ).ok; });
    CHECK(ok && b.tx_frames.size() == nf + 1 && b.tx_frames.back() == fr, "T15 TX from slot 0 after queue reset");
  }
  // ---- T16: random traffic: TX chains / indirect tables with random splits and alignment,
  //      RX into random chains with and without MRG_RXBUF, random MPS / MRRS
  {
    tests++;
    recover(TXQ);   // start from empty rings (T14 left RX buffers posted)
    int n_iter = getenv("DP_ITER") ? atoi(getenv("DP_ITER")) : 120;
    uint64_t region = 0x4000000;
    auto place = [&](int n) { uint64_t a = region + (rnd() % 4096); region += 0x2000; return a; };
    auto split = [&](int total, int k) {   // k positive parts summing to total
      std::vector<int> cut; for (int i = 0; i < k - 1; i++) cut.push_back(1 + rnd() % (total - 1));
      std::sort(cut.begin(), cut.end()); std::vector<int> parts; int prev = 0;
      for (int c : cut) { parts.push_back(c - prev); prev = c; } parts.push_back(total - prev);
      std::vector<int> out; for (int p : parts) if (p > 0) out.push_back(p); return out;
    };
    int bad_iters = 0;
    for (int it = 0; it < n_iter; it++) {
      int f0 = g_fail;
      b.set_mrrs(rnd() % 6); b.set_mps(rnd() % 3); b.ooo = rnd() & 1;
      // TX
      int L = 14 + rnd() % 1501;
      auto fr = pattern(L, 100 + it);
      std::vector<uint8_t> all = TX_HDR; all.insert(all.end(), fr.begin(), fr.end());
      auto parts = split((int)all.size(), 1 + rnd() % 4);
      std::vector<Elem> els; int o = 0;
      for (int p : parts) { uint64_t a = place(p); put_bytes(b, a, std::vector<uint8_t>(all.begin() + o, all.begin() + o + p)); els.push_back({a, (uint32_t)p, false}); o += p; }
      int id = 1000 + it;
      if (rnd() % 4 == 0) add_indirect(b, TXQ, place(16 * els.size()), els, id); else add_chain(b, TXQ, els, id);
      size_t nf = b.tx_frames.size();
      kick(b, 1);
      Used u{};
      bool ok = wait_for(b, [&] { if (!u.ok) u = poll_used(b, TXQ); return u.ok && b.tx_frames.size() == nf + 1; });
      CHECK(ok && u.id == id && b.tx_frames.back() == fr, "T16.%d TX %d bytes in %zu parts", it, L, parts.size());
      // RX
      bool mrg = rnd() & 1;
      if (mrg) b.d->driver_features |= (1ull << 15); else b.d->driver_features &= ~(1ull << 15);
      int R = 14 + rnd() % 1501, need = R + 12;
      auto rf = pattern(R, 200 + it);
      std::vector<std::vector<Elem>> bufs;
      if (!mrg) {
        int cap = need + rnd() % 100;
        std::vector<Elem> e; for (int p : split(cap, 1 + rnd() % 3)) e.push_back({place(p), (uint32_t)p, true});
        bufs.push_back(e);
      } else {
        int cap = 0;
        while (cap < need) {
          int sz = 200 + rnd() % 500; cap += sz;
          std::vector<Elem> e; for (int p : split(sz, 1 + rnd() % 2)) e.push_back({place(p), (uint32_t)p, true});
          bufs.push_back(e);
        }
      }
      for (size_t i = 0; i < bufs.size(); i++) add_chain(b, RXQ, bufs[i], 2000 + 16 * it + i);
      kick(b, 0);
      uint32_t r0 = b.d->rx_frame_count;
      b.rx_in.push_back(rf);
      ok = wait_for(b, [&] { return b.d->rx_frame_count == r0 + 1; });
      b.run(200);
      std::vector<uint8_t> got; size_t nb = 0;
      for (size_t i = 0; i < bufs.size(); i++) {
        Used ru{}; wait_for(b, [&] { ru = poll_used(b, RXQ); return ru.ok; }, 20000);
        if (!ru.ok) break;
        CHECK(ru.id == (int)(2000 + 16 * it + i), "T16.%d RX used id %d", it, ru.id);
        uint32_t left = ru.len; nb++;
        for (auto& e : bufs[i]) { uint32_t n = std::min(left, e.len); auto c = get_bytes(b, e.addr, n); got.insert(got.end(), c.begin(), c.end()); left -= n; }
      }
      std::vector<uint8_t> exp(12, 0); exp[10] = (uint8_t)nb; exp.insert(exp.end(), rf.begin(), rf.end());
      CHECK(ok && nb == bufs.size() && got == exp, "T16.%d RX %d bytes mrg %d into %zu buffers (used %zu, got %zu bytes)", it, R, mrg, bufs.size(), nb, got.size());
      if (g_fail != f0) { bad_iters++; if (bad_iters > 3) break; }
    }
    b.d->driver_features &= ~(1ull << 15);
  }
  printf("dp_tb TLP_DATA_WIDTH=%d: %d test groups, %s (%d failures); MRd %llu, CplD %llu, MWr %llu, TX frames %zu, RX frames %u, RX drops %u, irqs %zu, cycles %llu\n",
         TLP_W, tests, g_fail ? "FAILED" : "PASSED", g_fail, (unsigned long long)b.mrd_count, (unsigned long long)b.cpld_count,
         (unsigned long long)b.mwr_count, b.tx_frames.size(), b.d->rx_frame_count, b.d->rx_drop_count, b.irqs.size(), (unsigned long long)b.cyc);
  delete b.d;
  return g_fail ? 1 : 0;
}
