// Verilator main for tb/player/vector_player.sv: toggles clk and evaluates, nothing else; every
// decision is in the SystemVerilog. With a --trace build, +trace=FILE.vcd dumps a VCD
// (1 ns per clock edge: rising edge n at time 2n+1; cycle c of the vector is edge c+8).
// Exit status: 0 after PASS ($finish), 1 after FAIL ($fatal) or a hard bound.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include "Vvector_player.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_vcd_c.h"
#endif

#if VM_TRACE
// The open VCD, closed by vl_fatal so a failing run keeps its waves.
static VerilatedVcdC* g_vcd = nullptr;
#endif

// $fatal / $stop end the run at once with exit status 1 instead of abort() (built with
// -DVL_USER_FATAL). Returning would let the SystemVerilog carry on after the $fatal (a damaged
// vector file then printed thousands of lines), so this exits here.
void vl_fatal(const char* filename, int linenum, const char* hier, const char* msg) VL_MT_UNSAFE {
  (void)hier;
  if (filename && filename[0]) VL_PRINTF("%%Error: %s:%d: %s\n", filename, linenum, msg);
  else VL_PRINTF("%%Error: %s\n", msg);
  Verilated::runFlushCallbacks();
#if VM_TRACE
  if (g_vcd) g_vcd->close();
#endif
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(1);
}

int main(int argc, char** argv) {
  auto ctx = std::make_unique<VerilatedContext>();
  ctx->commandArgs(argc, argv);
  auto top = std::make_unique<Vvector_player>(ctx.get(), "TOP");
#if VM_TRACE
  std::unique_ptr<VerilatedVcdC> vcd;
  const char* arg = ctx->commandArgsPlusMatch("trace=");
  if (arg && arg[0]) {
    ctx->traceEverOn(true);
    vcd.reset(new VerilatedVcdC);
    top->trace(vcd.get(), 99);
    vcd->open(arg + 7);  // skip "+trace="
    g_vcd = vcd.get();
  }
#endif
  // Hard bound in case the SystemVerilog watchdog itself is broken: 2^31 edges.
  for (uint64_t edge = 0; !ctx->gotFinish() && edge < (1ull << 32); edge++) {
    top->clk = edge & 1;
    top->eval();
#if VM_TRACE
    if (vcd) vcd->dump(ctx->time());
#endif
    ctx->timeInc(1);
  }
  top->final();
#if VM_TRACE
  if (vcd) vcd->close();
  g_vcd = nullptr;
#endif
  return ctx->gotError() || !ctx->gotFinish() ? 1 : 0;
}
