// msix_tb: Verilator C++ bench for msix_table alone (no register block, no write engine).
// Drives the BAR2 register port, MSI-X Enable / Function Mask, events and the write engine's
// msix_wr_ready, and checks the MSI-X rules of PCIe r6.0 §6.1.4.3 and §7.7.2: a message loaded
// for the write engine but not yet taken goes back to its Pending Bit when its vector or the
// function becomes masked; a taken message finishes; an unmask sends the pending one again.
// Prints each failed check; exits 1 when any failed.
#include <cstdint>
#include <cstdio>
#include <memory>
#include "Vmsix_table.h"
#include "verilated.h"

namespace {

std::unique_ptr<VerilatedContext> ctx;
std::unique_ptr<Vmsix_table> d;
int failures = 0;

void check(const char* what, uint64_t got, uint64_t want) {
  if (got != want) {
    std::printf("  FAIL %s: got 0x%llx, expected 0x%llx\n", what, (unsigned long long)got, (unsigned long long)want);
    failures++;
  }
}

// One clock edge; inputs set before it are sampled at it.
void step() {
  d->clk = 0;
  d->eval();
  d->clk = 1;
  d->eval();
  d->reg_valid = 0;
  d->ev0_valid = 0;
  d->ev1_valid = 0;
  d->eval();
}

// DW write to BAR2 offset `off` (table 0x0000, PBA 0x1000), all byte enables.
void wr(uint32_t off, uint32_t v) {
  d->reg_valid = 1;
  d->reg_wr = 1;
  d->reg_addr = (off >> 2) & 0x7ff;
  d->reg_be = 0xf;
  d->reg_wdata = v;
  step();
}

uint32_t pba() {
  d->reg_valid = 0;
  d->reg_wr = 0;
  d->reg_addr = 0x1000 >> 2;
  d->eval();
  return d->reg_rdata;
}

void event(int vector) {
  d->ev0_valid = 1;
  d->ev0_vector = vector;
  step();
}

// Vector v: Message Address 0xFEE0_0000 + 0x10 v, data 0x40 + v, Mask Bit as given.
void program(int v, bool masked) {
  wr(16 * v + 0x0, 0xFEE00000u + 0x10u * v);
  wr(16 * v + 0x4, 0);
  wr(16 * v + 0x8, 0x40u + v);
  wr(16 * v + 0xC, masked ? 1 : 0);
}

void reset() {
  d->rst = 1;
  d->msix_enable = 0;
  d->function_mask = 0;
  d->msix_wr_ready = 0;
  d->drop = 0;
  step();
  step();
  d->rst = 0;
  step();
  program(0, false);
  program(1, false);
  d->msix_enable = 1;
  step();
}

}  // namespace

int main(int argc, char** argv) {
  ctx = std::make_unique<VerilatedContext>();
  ctx->commandArgs(argc, argv);
  d = std::make_unique<Vmsix_table>(ctx.get());

  // 1. Function Mask set while vector 0's message waits for the write engine (§6.1.4.3).
  reset();
  event(0);
  step();
  check("1: message loaded", d->msix_wr_valid, 1);
  check("1: loaded message address", d->msix_wr_addr, 0xFEE00000ull);
  check("1: Pending Bit clear while loaded", pba() & 1, 0);
  d->function_mask = 1;
  step();
  step();
  check("1: withdrawn after Function Mask", d->msix_wr_valid, 0);
  check("1: Pending Bit set again", pba() & 1, 1);
  d->msix_wr_ready = 1;
  for (int i = 0; i < 8; i++) step();
  check("1: nothing sent while the function is masked", d->msix_wr_valid, 0);
  d->function_mask = 0;
  step();
  check("1: Function Mask cleared: the pending message is loaded", d->msix_wr_valid, 1);
  check("1: its data", d->msix_wr_data, 0x40);
  step();
  check("1: taken, Pending Bit clear", pba() & 1, 0);
  check("1: taken, nothing more loaded", d->msix_wr_valid, 0);

  // 2. Mask Bit of vector 1 set while its message waits; vector 0's pending state untouched.
  reset();
  event(1);
  step();
  check("2: vector 1 loaded", d->msix_wr_data, 0x41);
  wr(16 * 1 + 0xC, 1);
  step();
  check("2: withdrawn after the Mask Bit write", d->msix_wr_valid, 0);
  check("2: vector 1 pending, vector 0 not", pba() & 3, 2);
  d->msix_wr_ready = 1;
  event(0);
  step();
  check("2: vector 0 still sends", d->msix_wr_data, 0x40);
  step();
  check("2: vector 1 stays pending while masked", pba() & 3, 2);
  wr(16 * 1 + 0xC, 0);
  step();
  check("2: unmasked: vector 1 sent", d->msix_wr_data, 0x41);
  step();
  check("2: PBA clear after the unmask", pba() & 3, 0);

  // 3. A message the write engine takes in the cycle the mask becomes visible finishes.
  reset();
  event(0);
  step();
  check("3: loaded", d->msix_wr_valid, 1);
  d->msix_wr_ready = 1;
  d->function_mask = 1;  // sampled at the same edge the write engine takes the message
  step();
  check("3: taken, not withdrawn", d->msix_wr_valid, 0);
  check("3: taken at the masking edge: nothing pending", pba() & 1, 0);

  // 4. MSI-X Enable cleared counts as masked as well (model/msix/table.ts isMasked).
  reset();
  event(0);
  step();
  d->msix_enable = 0;
  step();
  step();
  check("4: withdrawn when MSI-X is disabled", d->msix_wr_valid, 0);
  check("4: pending", pba() & 1, 1);

  // 5. A device reset (drop) drops the loaded message without making it pending.
  reset();
  event(0);
  step();
  d->drop = 1;
  d->function_mask = 1;
  step();
  d->drop = 0;
  step();
  check("5: dropped by the reset", d->msix_wr_valid, 0);
  check("5: not pending after the reset drop", pba() & 1, 0);

  d->final();
  std::printf("msix_tb: %s (%d failed checks)\n", failures == 0 ? "PASS" : "FAIL", failures);
  return failures == 0 ? 0 : 1;
}
