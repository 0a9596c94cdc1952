// smoke_tb: self-contained Verilator smoke bench for virtio_net_pcie (no ZeroMQ, no model).
// Drives rx_req with CfgRd0/CfgWr0/MRd/MWr TLPs in the 128-bit header form of
// docs/dut-interface.md and checks every completion header field on tx_cpl against values
// taken from the specs (PCIe Base r6.0 §2.2.9, §2.3.1.1, §7.5.1; virtio §4.1.4.3).
// Prints each step; exits 1 on the first mismatch or when the watchdog expires.
// With a vector file argument (rtl/gen/gen-vectors.ts output), it then resets the DUT and replays
// the golden model's requests, comparing every completion and the INTx level bit for bit.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>
#include "Vvirtio_net_pcie.h"
#include "verilated.h"

#ifndef TLP_DW
#define TLP_DW 2  // DWs per beat = TLP_DATA_WIDTH / 32
#endif

namespace {

constexpr uint64_t kWatchdogCycles = 400000;  // whole run
constexpr int kWaitCycles = 200;             // any single handshake / completion

std::unique_ptr<VerilatedContext> ctx;
std::unique_ptr<Vvirtio_net_pcie> top;
uint64_t cycles = 0;
int failures = 0;

struct Tlp {
  uint32_t hdr[4] = {0, 0, 0, 0};  // hdr[0] = DW0
  std::vector<uint32_t> data;
};

std::deque<Tlp> cpl_queue;
Tlp cpl_partial;

// payload lane access for both QData (64-bit) and VlWide (>64-bit) ports
void put_dw(QData& d, int i, uint32_t v) {
  d &= ~(0xFFFFFFFFull << (32 * i));
  d |= static_cast<uint64_t>(v) << (32 * i);
}
uint32_t get_dw(QData d, int i) { return static_cast<uint32_t>(d >> (32 * i)); }
template <std::size_t N> void put_dw(VlWide<N>& d, int i, uint32_t v) { d[i] = v; }
template <std::size_t N> uint32_t get_dw(const VlWide<N>& d, int i) { return d[i]; }
template <typename T> void clear_data(T& d) { for (int i = 0; i < TLP_DW; i++) put_dw(d, i, 0); }

void fail(const char* what, uint32_t got, uint32_t want) {
  std::printf("  FAIL %s: got 0x%08x, expected 0x%08x\n", what, got, want);
  failures++;
}

void check(const char* what, uint32_t got, uint32_t want) {
  if (got != want) fail(what, got, want);
}

// One clock: settle inputs, sample handshakes, rising edge.
bool cycle() {
  top->clk = 0;
  top->eval();
  bool req_fire = top->rx_req_tlp_valid && top->rx_req_tlp_ready;
  if (top->tx_cpl_tlp_valid && top->tx_cpl_tlp_ready) {
    if (top->tx_cpl_tlp_sop) {
      cpl_partial = Tlp();
      for (int i = 0; i < 4; i++) cpl_partial.hdr[i] = top->tx_cpl_tlp_hdr[3 - i];
    }
    for (int i = 0; i < TLP_DW; i++)
      if (top->tx_cpl_tlp_strb & (1u << i)) cpl_partial.data.push_back(get_dw(top->tx_cpl_tlp_data, i));
    if (top->tx_cpl_tlp_eop) cpl_queue.push_back(cpl_partial);
  }
  top->clk = 1;
  top->eval();
  ctx->timeInc(1);
  if (++cycles > kWatchdogCycles) {
    std::printf("FAIL watchdog: %llu cycles\n", static_cast<unsigned long long>(cycles));
    std::exit(1);
  }
  return req_fire;
}

void send(const Tlp& t) {
  size_t n = t.data.size();
  size_t beats = n == 0 ? 1 : (n + TLP_DW - 1) / TLP_DW;
  for (size_t b = 0; b < beats; b++) {
    for (int i = 0; i < 4; i++) top->rx_req_tlp_hdr[3 - i] = t.hdr[i];
    clear_data(top->rx_req_tlp_data);
    uint32_t strb = 0;
    for (int i = 0; i < TLP_DW; i++) {
      size_t k = b * TLP_DW + i;
      if (k < n) {
        put_dw(top->rx_req_tlp_data, i, t.data[k]);
        strb |= 1u << i;
      }
    }
    top->rx_req_tlp_strb = strb;
    top->rx_req_tlp_sop = b == 0;
    top->rx_req_tlp_eop = b == beats - 1;
    top->rx_req_tlp_valid = 1;
    int waited = 0;
    while (!cycle()) {
      if (++waited > kWaitCycles) {
        std::printf("FAIL rx_req_tlp_ready never came\n");
        std::exit(1);
      }
    }
  }
  top->rx_req_tlp_valid = 0;
}

Tlp receive() {
  for (int i = 0; i < kWaitCycles && cpl_queue.empty(); i++) cycle();
  if (cpl_queue.empty()) {
    std::printf("FAIL no completion within %d cycles\n", kWaitCycles);
    std::exit(1);
  }
  Tlp t = cpl_queue.front();
  cpl_queue.pop_front();
  return t;
}

// ---- request builders (PCIe r6.0 §2.2.1, §2.2.7, §2.2.4.1) ----
constexpr uint16_t kRequesterId = 0x0100;  // root port 00:00.0 would be 0; any ID works
uint8_t next_tag = 1;

Tlp cfg(bool write, uint16_t bdf, uint16_t reg, uint8_t first_be, uint32_t value = 0) {
  Tlp t;
  t.hdr[0] = (write ? 0x44000001u : 0x04000001u);  // Fmt 010/000, Type 00100, Length 1
  t.hdr[1] = (uint32_t(kRequesterId) << 16) | (uint32_t(next_tag++) << 8) | (first_be & 0xF);
  t.hdr[2] = (uint32_t(bdf) << 16) | (reg & 0xFFC);
  if (write) t.data.push_back(value);
  return t;
}

Tlp mem(bool write, uint64_t addr, uint16_t len, uint8_t first_be, uint8_t last_be, std::vector<uint32_t> data = {}) {
  Tlp t;
  bool is64 = (addr >> 32) != 0;
  uint32_t fmt = (write ? 2u : 0u) | (is64 ? 1u : 0u);
  t.hdr[0] = (fmt << 29) | (len & 0x3FF);
  t.hdr[1] = (uint32_t(kRequesterId) << 16) | (uint32_t(next_tag++) << 8) | ((last_be & 0xF) << 4) | (first_be & 0xF);
  if (is64) {
    t.hdr[2] = static_cast<uint32_t>(addr >> 32);
    t.hdr[3] = static_cast<uint32_t>(addr) & ~3u;
  } else {
    t.hdr[2] = static_cast<uint32_t>(addr) & ~3u;
  }
  t.data = std::move(data);
  return t;
}

// ---- completion checks (§2.2.9) ----
void expect_cpl(const char* step, const Tlp& req, const Tlp& c, uint32_t status, uint16_t completer,
                uint32_t byte_count, uint32_t lower_addr, const std::vector<uint32_t>& data) {
  bool with_data = !data.empty();
  check("Fmt", c.hdr[0] >> 29, with_data ? 2 : 0);
  check("Type", (c.hdr[0] >> 24) & 0x1F, 0x0A);
  check("Length", c.hdr[0] & 0x3FF, static_cast<uint32_t>(data.size()));
  check("Completer ID", c.hdr[1] >> 16, completer);
  check("Completion Status", (c.hdr[1] >> 13) & 7, status);
  check("BCM", (c.hdr[1] >> 12) & 1, 0);
  check("Byte Count", c.hdr[1] & 0xFFF, byte_count & 0xFFF);
  check("Requester ID", c.hdr[2] >> 16, req.hdr[1] >> 16);
  check("Tag", (c.hdr[2] >> 8) & 0xFF, (req.hdr[1] >> 8) & 0xFF);
  check("Lower Address", c.hdr[2] & 0x7F, lower_addr);
  check("payload DWs", static_cast<uint32_t>(c.data.size()), static_cast<uint32_t>(data.size()));
  for (size_t i = 0; i < data.size() && i < c.data.size(); i++) check("payload", c.data[i], data[i]);
  std::printf("%-58s %s\n", step, failures ? "FAIL" : "ok");
  if (failures) std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  ctx = std::make_unique<VerilatedContext>();
  ctx->commandArgs(argc, argv);
  top = std::make_unique<Vvirtio_net_pcie>(ctx.get());
  std::printf("smoke_tb: virtio_net_pcie, %d DWs per beat\n", TLP_DW);

  top->tx_cpl_tlp_ready = 1;
  top->tx_rd_req_tlp_ready = 1;
  top->tx_wr_req_tlp_ready = 1;
  top->m_axis_tx_tready = 1;
  top->rst = 1;
  for (int i = 0; i < 8; i++) cycle();
  top->rst = 0;
  cycle();
  std::printf("%-58s ok\n", "reset (8 cycles)");

  const uint16_t bdf = 0x0300;  // bus 3, device 0, function 0
  const uint16_t completer_before = 0x0000;  // nothing captured before the first CfgWr0 (§2.2.6.2)
  const uint16_t completer = 0x0300;

  // 1. Vendor ID / Device ID (virtio §4.1.2.1)
  {
    Tlp r = cfg(false, bdf, 0x000, 0xF);
    send(r);
    expect_cpl("CfgRd0 0x00 -> CplD 0x1041_1AF4", r, receive(), 0, completer_before, 4, 0, {0x10411AF4});
  }
  // 2. BAR0 sizing (PCI Local Bus 3.0 §6.2.5.1): 64-bit, 16 KiB, non-prefetchable
  {
    Tlp w = cfg(true, bdf, 0x010, 0xF, 0xFFFFFFFF);
    send(w);
    expect_cpl("CfgWr0 BAR0 <- all-ones -> Cpl SC (Bus/Dev captured)", w, receive(), 0, completer, 4, 0, {});
    Tlp r = cfg(false, bdf, 0x010, 0xF);
    send(r);
    expect_cpl("CfgRd0 BAR0 -> size mask 0xFFFFC004", r, receive(), 0, completer, 4, 0, {0xFFFFC004});
    Tlp w1 = cfg(true, bdf, 0x014, 0xF, 0xFFFFFFFF);
    send(w1);
    receive();
    Tlp r1 = cfg(false, bdf, 0x014, 0xF);
    send(r1);
    expect_cpl("CfgRd0 BAR1 (upper half) -> 0xFFFFFFFF", r1, receive(), 0, completer, 4, 0, {0xFFFFFFFF});
    Tlp p0 = cfg(true, bdf, 0x010, 0xF, 0xFEB00000);
    send(p0);
    receive();
    Tlp p1 = cfg(true, bdf, 0x014, 0xF, 0x00000000);
    send(p1);
    receive();
    Tlp rb = cfg(false, bdf, 0x010, 0xF);
    send(rb);
    expect_cpl("program BAR0 = 0xFEB00000, read back 0xFEB00004", rb, receive(), 0, completer, 4, 0, {0xFEB00004});
  }
  // 3. MRd before Memory Space Enable -> UR (docs/dut-interface.md)
  {
    Tlp r = mem(false, 0xFEB00014, 1, 0x1, 0x0);
    send(r);
    expect_cpl("MRd with Memory Space Enable clear -> Cpl UR", r, receive(), 1, completer, 1, 0x14, {});
  }
  // 4. Command: Memory Space Enable + Bus Master Enable (§7.5.1.1.3)
  {
    Tlp w = cfg(true, bdf, 0x004, 0x3, 0x00000006);
    send(w);
    receive();
    Tlp r = cfg(false, bdf, 0x004, 0xF);
    send(r);
    expect_cpl("Command <- 0x0006, read Command/Status 0x00100006", r, receive(), 0, completer, 4, 0, {0x00100006});
  }
  // 5. device_status via BAR0 (virtio §4.1.4.3: common cfg offset 0x14)
  {
    Tlp r = mem(false, 0xFEB00014, 1, 0x1, 0x0);
    send(r);
    expect_cpl("MRd device_status (BE 0001) -> 0x00, Byte Count 1", r, receive(), 0, completer, 1, 0x14, {0x00000000});
    send(mem(true, 0xFEB00014, 1, 0x1, 0x0, {0x00000001}));  // ACKNOWLEDGE
    Tlp r2 = mem(false, 0xFEB00014, 1, 0x1, 0x0);
    send(r2);
    expect_cpl("MWr device_status <- ACKNOWLEDGE, MRd -> 0x01", r2, receive(), 0, completer, 1, 0x14, {0x00000001});
    // 2 DW: config_msix_vector (0xFFFF after reset) | num_queues 3, then device_status | queue_select
    Tlp r3 = mem(false, 0xFEB00010, 2, 0xF, 0xF);
    send(r3);
    expect_cpl("MRd 2 DW @0x10 -> {0x0003FFFF, 0x00000001}", r3, receive(), 0, completer, 8, 0x10,
               {0x0003FFFF, 0x00000001});
    // 64-bit address form of the same read (4-DW header) misses BAR0 (BAR1 = 0) -> UR
    Tlp r4 = mem(false, 0x1FEB00014ull, 1, 0xF, 0x0);
    send(r4);
    expect_cpl("MRd 4-DW header outside every BAR -> Cpl UR", r4, receive(), 1, completer, 4, 0x14, {});
  }
  // 6. CfgRd0 to a function that does not exist -> UR (§2.3.1)
  {
    Tlp r = cfg(false, bdf | 0x1, 0x000, 0xF);
    send(r);
    expect_cpl("CfgRd0 function 1 -> Cpl UR", r, receive(), 1, completer, 4, 0, {});
  }

  // 7. Feature negotiation (virtio §2.2, §3.1.1; offered set of model/virtio/features.ts)
  const uint64_t bar0 = 0xFEB00000;
  auto rd1 = [&](uint64_t off, const char* step, uint32_t want) {
    Tlp r = mem(false, bar0 + off, 1, 0xF, 0x0);
    send(r);
    expect_cpl(step, r, receive(), 0, completer, 4, static_cast<uint32_t>(off & 0x7C), {want});
  };
  auto wr1 = [&](uint64_t off, uint8_t be, uint32_t v) { send(mem(true, bar0 + off, 1, be, 0x0, {v})); };
  {
    wr1(0x00, 0xF, 1);
    rd1(0x04, "device_feature[63:32] = VERSION_1|ACCESS_PLATFORM|RING_PACKED|ORDER_PLATFORM|RING_RESET", 0x117);
    wr1(0x00, 0xF, 0);
    rd1(0x04, "device_feature[31:0] = MAC|MRG_RXBUF|STATUS|CTRL_VQ|CTRL_RX|CTRL_MAC_ADDR|INDIRECT|EVENT_IDX",
        0x30878020);
    wr1(0x14, 0x1, 0x03);                       // ACKNOWLEDGE | DRIVER
    wr1(0x08, 0xF, 1);
    wr1(0x0C, 0xF, 0x1);                        // VERSION_1 only: RING_PACKED missing
    wr1(0x14, 0x1, 0x0B);                       // FEATURES_OK
    rd1(0x14, "FEATURES_OK without RING_PACKED refused: status 0x03", 0x00000003);
    wr1(0x0C, 0xF, 0x5);                        // VERSION_1 | RING_PACKED
    wr1(0x08, 0xF, 0);
    wr1(0x0C, 0xF, 0x20);                       // MAC
    wr1(0x14, 0x1, 0x0B);
    rd1(0x14, "FEATURES_OK with VERSION_1|RING_PACKED|MAC accepted: status 0x0B", 0x0000000B);
  }
  // 8. Multi-DW MWr/MRd across beats: queue 0 descriptor ring address, then 8 DW of queue regs
  {
    send(mem(true, bar0 + 0x20, 2, 0xF, 0xF, {0x12345000, 0x00000001}));
    Tlp r = mem(false, bar0 + 0x18, 8, 0xF, 0xF);
    send(r);
    expect_cpl("MWr 2 DW queue_desc; MRd 8 DW @0x18 (multi-beat CplD)", r, receive(), 0, completer, 32, 0x18,
               {0xFFFF0100, 0x00000000, 0x12345000, 0x00000001, 0, 0, 0, 0});
    wr1(0x1A, 0xC, 0x00050000);                  // queue_msix_vector <- 5 (>= MSIX_VECTORS 4)
    rd1(0x18, "queue_msix_vector 5 refused: reads 0xFFFF (§4.1.5.1.2.1)", 0xFFFF0100);
    wr1(0x18, 0xC, 0x00020000);                  // queue_msix_vector <- 2
    rd1(0x18, "queue_msix_vector 2 accepted", 0x00020100);
  }
  // 9. virtio PCI-cfg window (§4.1.4.9): bar 0, offset 0x14, length 1 -> device_status
  {
    Tlp w0 = cfg(true, bdf, 0x0D8, 0x1, 0x00);
    send(w0); receive();
    Tlp w1 = cfg(true, bdf, 0x0DC, 0xF, 0x14);
    send(w1); receive();
    Tlp w2 = cfg(true, bdf, 0x0E0, 0xF, 0x1);
    send(w2); receive();
    Tlp r = cfg(false, bdf, 0x0E4, 0xF);
    send(r);
    expect_cpl("CfgRd0 pci_cfg_data via window -> device_status 0x0B", r, receive(), 0, completer, 4, 0, {0x0000000B});
  }
  // 10. MSI-X: BAR2 at 0xFEB04000, Vector Control resets to masked, PBA 0 (PCIe r6.0 §7.7.2)
  {
    Tlp w = cfg(true, bdf, 0x018, 0xF, 0xFEB04000);
    send(w); receive();
    Tlp r = mem(false, 0xFEB0400C, 1, 0xF, 0x0);
    send(r);
    expect_cpl("MSI-X entry 0 Vector Control -> Mask Bit 1", r, receive(), 0, completer, 4, 0x0C, {0x00000001});
    send(mem(true, 0xFEB04000, 3, 0xF, 0xF, {0xFEE00003, 0x00000000, 0x00004021}));
    Tlp r2 = mem(false, 0xFEB04000, 4, 0xF, 0xF);
    send(r2);
    expect_cpl("MSI-X entry 0 programmed (address bits 1:0 read 0)", r2, receive(), 0, completer, 16, 0x00,
               {0xFEE00000, 0x00000000, 0x00004021, 0x00000001});
    Tlp r3 = mem(false, 0xFEB05000, 1, 0xF, 0x0);
    send(r3);
    expect_cpl("PBA -> 0", r3, receive(), 0, completer, 4, 0x00, {0x00000000});
  }
  // 11. ISR (§4.1.4.5) reads 0; device reset (write 0) returns device_status to 0
  {
    rd1(0x1000, "ISR status -> 0", 0x00000000);
    wr1(0x14, 0x1, 0x00);
    rd1(0x14, "device_status <- 0 (reset) reads 0", 0x00000000);
    rd1(0x18, "queue 0 back to reset: size 256, vector 0xFFFF", 0xFFFF0100);
  }

  // Differential replay against the golden model's vectors
  if (argc > 1 && argv[argc - 1][0] != '+') {
    const char* path = argv[argc - 1];
    std::ifstream in(path);
    if (!in) {
      std::printf("FAIL cannot open vector file %s\n", path);
      return 1;
    }
    top->rst = 1;
    for (int i = 0; i < 8; i++) cycle();
    top->rst = 0;
    cycle();
    cpl_queue.clear();
    auto parse = [](std::istringstream& ls, Tlp& t) {
      for (int i = 0; i < 4; i++) ls >> std::hex >> t.hdr[i];
      size_t n = 0;
      ls >> std::dec >> n;
      t.data.resize(n);
      for (size_t i = 0; i < n; i++) ls >> std::hex >> t.data[i];
    };
    std::string line, last_req;
    size_t n_req = 0, n_cpl = 0, lineno = 0;
    Tlp req;
    while (std::getline(in, line)) {
      lineno++;
      std::istringstream ls(line);
      std::string tag;
      ls >> tag;
      if (tag == "REQ") {
        req = Tlp();
        parse(ls, req);
        send(req);
        n_req++;
        last_req = line;
      } else if (tag == "CPL") {
        Tlp want;
        parse(ls, want);
        Tlp got = receive();
        bool same = got.data.size() == want.data.size();
        for (int i = 0; i < 4; i++) same = same && got.hdr[i] == want.hdr[i];
        for (size_t i = 0; same && i < want.data.size(); i++) same = same && got.data[i] == want.data[i];
        if (!same) {
          std::printf("FAIL replay line %zu: %s\n  model: %s\n  rtl:  ", lineno, last_req.c_str(), line.c_str());
          for (int i = 0; i < 4; i++) std::printf("%x ", got.hdr[i]);
          std::printf("%zu", got.data.size());
          for (uint32_t d : got.data) std::printf(" %x", d);
          std::printf("\n");
          return 1;
        }
        n_cpl++;
      } else if (tag == "NOCPL") {
        for (int i = 0; i < 16; i++) cycle();
        if (!cpl_queue.empty()) {
          std::printf("FAIL replay line %zu: %s\n  model: no completion, rtl sent one\n", lineno, last_req.c_str());
          return 1;
        }
      } else if (tag == "INTX") {
        uint32_t want = 0;
        ls >> want;
        for (int i = 0; i < 4; i++) cycle();
        if (top->intx_level != want) {
          std::printf("FAIL replay line %zu: after %s\n  intx_level %u, model %u\n", lineno, last_req.c_str(),
                      top->intx_level, want);
          return 1;
        }
      }
    }
    std::printf("%-58s ok\n", "replay of model vectors");
    std::printf("  %zu requests, %zu completions identical to the model (%s)\n", n_req, n_cpl, path);
  }

  top->final();
  std::printf("smoke_tb: PASS (%llu cycles)\n", static_cast<unsigned long long>(cycles));
  return 0;
}
