// Sim: the Verilated DUT, its clock, its BFMs and the protocol message handlers.
#include "sim.hpp"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include "Vdut.h"
#include "verilated.h"
#include "verilated_syms.h"
#if VM_COVERAGE
#include "verilated_cov.h"
#endif
#if VM_TRACE_FST
#include "verilated_fst_c.h"
using TraceFile = VerilatedFstC;
#elif VM_TRACE
#include "verilated_vcd_c.h"
using TraceFile = VerilatedVcdC;
#endif

#if __has_include("build_info.h")
#include "build_info.h"
#endif
#ifndef TLP_DATA_WIDTH
#define TLP_DATA_WIDTH 64
#endif
#ifndef AXIS_DATA_WIDTH
#define AXIS_DATA_WIDTH 64
#endif
#ifndef NUM_QUEUE_PAIRS
#define NUM_QUEUE_PAIRS 1
#endif
#ifndef MAX_QUEUE_SIZE
#define MAX_QUEUE_SIZE 256
#endif
#ifndef MSIX_VECTORS
#define MSIX_VECTORS 4
#endif
#ifndef TAG_COUNT
#define TAG_COUNT 16
#endif
#ifndef BUILD_ID
#define BUILD_ID "unknown"
#endif
#ifndef TOP_NAME
#define TOP_NAME "dut"
#endif

using namespace proto;

/** One open wave window (VCD, or FST when built with --trace-fst). */
class WaveWriter {
 public:
#if VM_TRACE
  TraceFile file;
#endif
};

namespace {
constexpr uint32_t kMaxPayloadBytes = 4096;  // Length field max 1024 DW (PCIe r6.0 §2.2.2)
constexpr uint32_t kMaxFrameBytes = 65536;

bool isInput(uint8_t ch) { return ch <= CH_S_AXIS_RX; }

/** Seed of the registers' random initial values: VIRTIO_COSIM_RAND_INIT (a positive integer), else 1. */
int randInitSeed() {
  const char* v = std::getenv("VIRTIO_COSIM_RAND_INIT");
  const long n = v && *v ? std::strtol(v, nullptr, 10) : 1;
  return n > 0 && n < 0x7fffffff ? static_cast<int>(n) : 1;
}
}  // namespace

Sim::Sim() : ctx_(new VerilatedContext), topName_(TOP_NAME) {
  // Registers start with seeded random values, not Verilator's zeros (the build's --x-initial
  // unique): state a design leaves out of its reset, or reads before writing, shows up as a
  // difference instead of passing on power-on zeros. Same seed, same values: runs stay repeatable.
  ctx_->randReset(2);
  ctx_->randSeed(randInitSeed());
#if VM_TRACE
  ctx_->traceEverOn(true);
#endif
  top_.reset(new Vdut(ctx_.get(), "TOP"));
  bindPorts();
  bindPublicSignals();
  top_->clk = 0;
  top_->rst = 1;
  top_->eval();
}

Sim::~Sim() {
#if VM_TRACE
  if (waves_) waves_->file.close();
#endif
  top_->final();
#if VM_COVERAGE
  // A --coverage build (rtl-bridge/client/dut-build.ts `coverage`): line/toggle counts of this
  // run, merged and annotated afterwards with verilator_coverage (tb/regress/rtl-coverage.ts).
  const char* dat = std::getenv("VIRTIO_COSIM_COVERAGE_DAT");
  ctx_->coveragep()->write(dat && *dat ? dat : "coverage.dat");
#endif
}

void Sim::bindPorts() {
  Vdut& t = *top_;
  const uint32_t W = TLP_DATA_WIDTH, S = TLP_DATA_WIDTH / 32, A = AXIS_DATA_WIDTH;
  // Table of every contract port: name, signal, width. Inputs are owned by the BFMs.
#define PORT(name, bits) signals_[#name] = NamedSig{mkSig(t.name, bits), false}
  PORT(clk, 1); PORT(rst, 1);
  PORT(rx_req_tlp_hdr, 128); PORT(rx_req_tlp_data, W); PORT(rx_req_tlp_strb, S);
  PORT(rx_req_tlp_bar_id, 3); PORT(rx_req_tlp_func_num, 8); PORT(rx_req_tlp_sop, 1);
  PORT(rx_req_tlp_eop, 1); PORT(rx_req_tlp_valid, 1); PORT(rx_req_tlp_ready, 1);
  PORT(tx_cpl_tlp_hdr, 128); PORT(tx_cpl_tlp_data, W); PORT(tx_cpl_tlp_strb, S);
  PORT(tx_cpl_tlp_sop, 1); PORT(tx_cpl_tlp_eop, 1); PORT(tx_cpl_tlp_valid, 1); PORT(tx_cpl_tlp_ready, 1);
  PORT(tx_rd_req_tlp_hdr, 128); PORT(tx_rd_req_tlp_sop, 1); PORT(tx_rd_req_tlp_eop, 1);
  PORT(tx_rd_req_tlp_valid, 1); PORT(tx_rd_req_tlp_ready, 1);
  PORT(tx_wr_req_tlp_hdr, 128); PORT(tx_wr_req_tlp_data, W); PORT(tx_wr_req_tlp_strb, S);
  PORT(tx_wr_req_tlp_sop, 1); PORT(tx_wr_req_tlp_eop, 1); PORT(tx_wr_req_tlp_valid, 1);
  PORT(tx_wr_req_tlp_ready, 1);
  PORT(rx_cpl_tlp_hdr, 128); PORT(rx_cpl_tlp_data, W); PORT(rx_cpl_tlp_strb, S);
  PORT(rx_cpl_tlp_error, 4); PORT(rx_cpl_tlp_sop, 1); PORT(rx_cpl_tlp_eop, 1);
  PORT(rx_cpl_tlp_valid, 1); PORT(rx_cpl_tlp_ready, 1);
  PORT(m_axis_tx_tdata, A); PORT(m_axis_tx_tkeep, A / 8); PORT(m_axis_tx_tvalid, 1);
  PORT(m_axis_tx_tready, 1); PORT(m_axis_tx_tlast, 1); PORT(m_axis_tx_tuser, 1);
  PORT(s_axis_rx_tdata, A); PORT(s_axis_rx_tkeep, A / 8); PORT(s_axis_rx_tvalid, 1);
  PORT(s_axis_rx_tready, 1); PORT(s_axis_rx_tlast, 1); PORT(s_axis_rx_tuser, 1);
  PORT(intx_level, 1); PORT(status_needs_reset, 1);
#undef PORT
  auto S_ = [&](const char* n) { return signals_.at(n).sig; };
  auto tlpIn = [&](TlpDriver& d, const std::string& p, const char* side, const char* func) {
    d.hdr = S_((p + "_tlp_hdr").c_str()); d.data = S_((p + "_tlp_data").c_str());
    d.strb = S_((p + "_tlp_strb").c_str()); d.sop = S_((p + "_tlp_sop").c_str());
    d.eop = S_((p + "_tlp_eop").c_str()); d.valid = S_((p + "_tlp_valid").c_str());
    d.ready = S_((p + "_tlp_ready").c_str()); d.side = S_(side);
    if (func) d.func = S_(func);
    d.dwPerBeat = S;
  };
  tlpIn(rxReq_, "rx_req", "rx_req_tlp_bar_id", "rx_req_tlp_func_num");
  tlpIn(rxCpl_, "rx_cpl", "rx_cpl_tlp_error", nullptr);
  auto tlpOut = [&](TlpMonitor& m, const std::string& p, uint8_t ch, bool hasData) {
    m.channel = ch;
    m.hdr = S_((p + "_tlp_hdr").c_str());
    if (hasData) { m.data = S_((p + "_tlp_data").c_str()); m.strb = S_((p + "_tlp_strb").c_str()); }
    m.sop = S_((p + "_tlp_sop").c_str()); m.eop = S_((p + "_tlp_eop").c_str());
    m.valid = S_((p + "_tlp_valid").c_str()); m.ready = S_((p + "_tlp_ready").c_str());
    m.dwPerBeat = S;
  };
  tlpOut(txCpl_, "tx_cpl", CH_TX_CPL, true);
  tlpOut(txRdReq_, "tx_rd_req", CH_TX_RD_REQ, false);
  tlpOut(txWrReq_, "tx_wr_req", CH_TX_WR_REQ, true);
  sAxisRx_.tdata = S_("s_axis_rx_tdata"); sAxisRx_.tkeep = S_("s_axis_rx_tkeep");
  sAxisRx_.tvalid = S_("s_axis_rx_tvalid"); sAxisRx_.tready = S_("s_axis_rx_tready");
  sAxisRx_.tlast = S_("s_axis_rx_tlast"); sAxisRx_.tuser = S_("s_axis_rx_tuser");
  sAxisRx_.bytesPerBeat = A / 8;
  mAxisTx_.tdata = S_("m_axis_tx_tdata"); mAxisTx_.tkeep = S_("m_axis_tx_tkeep");
  mAxisTx_.tvalid = S_("m_axis_tx_tvalid"); mAxisTx_.tready = S_("m_axis_tx_tready");
  mAxisTx_.tlast = S_("m_axis_tx_tlast"); mAxisTx_.tuser = S_("m_axis_tx_tuser");
  mAxisTx_.bytesPerBeat = A / 8;
  intx_.level = S_("intx_level");
  rxReq_.noise = &noise_; rxCpl_.noise = &noise_; sAxisRx_.noise = &noise_;
}

// Signals the RTL marks `/*verilator public*/` (or public_flat_rw) appear in Verilator's scope
// table; they are the only internal signals PEEK/POKE can reach. An ordinary build has none of
// them (public access slows simulation); the `signals` build (dut-build.ts, --public-flat-rw,
// PUBLIC_SIGNALS) lists every signal of the design. Names are `<scope without TOP.>.<signal>`,
// e.g. `virtio_net_pcie.u_cfg.command`.
void Sim::bindPublicSignals() {
  const VerilatedScopeNameMap* scopes = ctx_->scopeNameMap();
  if (!scopes) return;
  for (const auto& sc : *scopes) {
    const VerilatedVarNameMap* vars = sc.second->varsp();
    if (!vars) continue;
    std::string scope = sc.first;
    if (scope.rfind("TOP.", 0) == 0) scope = scope.substr(4);
    if (scope == "TOP") continue;  // the top's ports again (a --public-flat-rw build lists them)
    for (const auto& v : *vars) {
      const VerilatedVar& var = v.second;
      if (var.udims() > 0) continue;  // unpacked arrays are not offered
      uint32_t bits = var.dims() > 0 ? static_cast<uint32_t>(var.packed().elements()) : 1;
      uint32_t bytes;
      switch (var.vltype()) {
        case VLVT_UINT8: bytes = 1; break;
        case VLVT_UINT16: bytes = 2; break;
        case VLVT_UINT32: bytes = 4; break;
        case VLVT_UINT64: bytes = 8; break;
        case VLVT_WDATA: bytes = 4 * ((bits + 31) / 32); break;
        default: continue;
      }
      if (bytes > 512) continue;  // wider than Sig's 4096-bit staging buffer: not offered
      std::string name = scope + "." + v.first;
      if (signals_.count(v.first) && scope == topName_) continue;  // a port seen again
      signals_[name] = NamedSig{Sig{var.datap(), bytes, bits}, !var.isParam(), var.isParam()};
    }
  }
}

const NamedSig* Sim::lookup(const std::string& raw) const {
  std::string n = raw;
  if (n.rfind("TOP.", 0) == 0) n = n.substr(4);
  auto it = signals_.find(n);
  if (it != signals_.end()) return &it->second;
  std::string prefix = topName_ + ".";
  if (n.rfind(prefix, 0) == 0) {
    it = signals_.find(n.substr(prefix.size()));
    if (it != signals_.end()) return &it->second;
  }
  return nullptr;
}

void Sim::evalAndDump() {
  top_->eval();
#if VM_TRACE
  if (waves_) waves_->file.dump(ctx_->time());
#endif
  ctx_->timeInc(1);
}

void Sim::applyBackpressure() {
  // rx_req: valid gaps inside a TLP (TlpDriver::gap) in the cycles the pattern is 0.
  for (auto& q = pendingBp_[CH_RX_REQ]; !q.empty() && q.front().cycle <= cycle_; q.erase(q.begin())) {
    const PendingBp& b = q.front();
    rxReq_.gap.set(b.mode, b.len, b.bits, b.seed, b.duty, b.cycle);
    rxReq_.gapOn = b.mode != BP_ALWAYS;
  }
  TlpMonitor* tm[3] = {&txCpl_, &txRdReq_, &txWrReq_};
  for (uint8_t ch = CH_TX_CPL; ch <= CH_M_AXIS_TX; ch++) {
    auto& q = pendingBp_[ch];
    while (!q.empty() && q.front().cycle <= cycle_) {
      const PendingBp& b = q.front();
      ReadyPattern& p = ch == CH_M_AXIS_TX ? mAxisTx_.bp : tm[ch - CH_TX_CPL]->bp;
      p.set(b.mode, b.len, b.bits, b.seed, b.duty, b.cycle);
      q.erase(q.begin());
    }
  }
}

// One clock cycle: inputs for `cycle_` are applied with clk low, the combinational eval gives
// the handshakes as the rising edge will see them, then the edge.
void Sim::step(bool inReset) {
  top_->clk = 0;
  if (inReset) {
    top_->rst = 1;
    rxReq_.clear(); rxCpl_.clear(); sAxisRx_.clear();
    rxReq_.drive(0); rxCpl_.drive(0); sAxisRx_.drive(0);
    txCpl_.setIdle(); txRdReq_.setIdle(); txWrReq_.setIdle(); mAxisTx_.setIdle();
    evalAndDump();
  } else {
    top_->rst = 0;
    applyBackpressure();
    if (host_ && host_->nextEventCycle() <= cycle_) hostPoll();
    rxReq_.drive(cycle_); rxCpl_.drive(cycle_); sAxisRx_.drive(cycle_);
    txCpl_.setReady(cycle_); txRdReq_.setReady(cycle_); txWrReq_.setReady(cycle_);
    mAxisTx_.setReady(cycle_);
    evalAndDump();
    rxReq_.sample(); rxCpl_.sample(); sAxisRx_.sample();
    size_t firstOutput = outputs_.size();
    txCpl_.sample(cycle_, outputs_);
    txRdReq_.sample(cycle_, outputs_);
    txWrReq_.sample(cycle_, outputs_);
    mAxisTx_.sample(cycle_, outputs_);
    intx_.sample(cycle_, outputs_);
    if (host_ && outputs_.size() > firstOutput) hostSee(firstOutput);
  }
  top_->clk = 1;
  evalAndDump();
  if (!inReset) {
    rxReq_.commit(); rxCpl_.commit(); sAxisRx_.commit();
    cycle_++;
  }
  simulated_++;
}

After Sim::handle(const uint8_t* msg, size_t n, std::vector<uint8_t>& reply, int& exitCode) {
  reply.clear();
  Writer w(reply);
  Header h;
  After after = After::Continue;
  try {
    Reader r(msg, n);
    h.type = r.get<uint16_t>("type");
    h.flags = r.get<uint16_t>("flags");
    h.seq = r.get<uint32_t>("seq");
    h.cycle = r.get64("cycle");
    if (!helloDone_ && h.type != MSG_HELLO)
      throw ProtoError{E_NO_HELLO, "request type " + std::to_string(h.type) + " before MSG_HELLO"};
    switch (h.type) {
      case MSG_HELLO: onHello(r, w, h, exitCode, after); break;
      case MSG_RESET: onReset(r, w, h); break;
      case MSG_SCHEDULE: onSchedule(r, w, h); break;
      case MSG_ADVANCE: onAdvance(r, w, h); break;
      case MSG_BACKPRESSURE: onBackpressure(r, w, h); break;
      case MSG_PEEK: onPeek(r, w, h); break;
      case MSG_POKE: onPoke(r, w, h); break;
      case MSG_WAVES: onWaves(r, w, h); break;
      case MSG_SIGNAL_LIST: onSignalList(r, w, h); break;
      case MSG_WATCH: onWatch(r, w, h); break;
      case MSG_QUIET_STOP: onQuietStop(r, w, h); break;
      case MSG_INPUT_NOISE: onInputNoise(r, w, h); break;
      case MSG_HOST_CONFIG: onHostConfig(r, w, h); break;
      case MSG_HOST_WRITE: onHostWrite(r, w, h); break;
      case MSG_HOST_DECIDE: onHostDecide(r, w, h); break;
      case MSG_SHUTDOWN: {
        w.header(Header{static_cast<uint16_t>(MSG_SHUTDOWN | REPLY_BIT), 0, h.seq, cycle_});
        w.put64(simulated_);
        w.put64(reported_);
        w.put64(digest_);
        exitCode = 0;
        return After::Exit;
      }
      default: throw ProtoError{E_UNKNOWN_TYPE, "unknown message type " + std::to_string(h.type)};
    }
  } catch (const Malformed& m) {
    reply.clear();
    ProtoError e{E_MALFORMED, m.what};
    w.header(Header{ERROR_REPLY, 0, h.seq, cycle_});
    w.put<uint16_t>(e.code);
    w.put<uint16_t>(static_cast<uint16_t>(e.message.size()));
    w.bytes(e.message.data(), e.message.size());
  } catch (const ProtoError& e) {
    reply.clear();
    w.header(Header{ERROR_REPLY, 0, h.seq, cycle_});
    w.put<uint16_t>(e.code);
    w.put<uint16_t>(static_cast<uint16_t>(e.message.size()));
    w.bytes(e.message.data(), e.message.size());
    if (e.code == E_VERSION_MISMATCH) w.put<uint32_t>(e.serverVersion);
  }
  return after;
}

void Sim::onHello(Reader& r, Writer& w, const Header& h, int& exitCode, After& after) {
  uint32_t v = r.get<uint32_t>("protocol_version");
  if (v != kVersion) {
    // A client of another protocol version: answer with the error, then exit non-zero.
    exitCode = 3;
    after = After::Exit;
    throw ProtoError{E_VERSION_MISMATCH, "protocol_version " + std::to_string(v) +
                                             " requested, server speaks " + std::to_string(kVersion),
                     kVersion};
  }
  helloDone_ = true;
  w.header(Header{static_cast<uint16_t>(MSG_HELLO | REPLY_BIT), 0, h.seq, cycle_});
  w.put<uint32_t>(kVersion);
  w.put<uint32_t>(TLP_DATA_WIDTH);
  w.put<uint32_t>(AXIS_DATA_WIDTH);
  w.put<uint32_t>(NUM_QUEUE_PAIRS);
  w.put<uint32_t>(MAX_QUEUE_SIZE);
  w.put<uint32_t>(MSIX_VECTORS);
  w.put<uint32_t>(TAG_COUNT);
  uint32_t caps = 0;
#if VM_TRACE_FST
  caps |= 2;
#elif VM_TRACE
  caps |= 1;
#endif
#ifdef PUBLIC_SIGNALS
  caps |= CAP_PUBLIC_SIGNALS;
#endif
  caps |= CAP_QUIET_STOP;
  w.put<uint32_t>(caps);
  std::string id = BUILD_ID;
  w.put<uint16_t>(static_cast<uint16_t>(id.size()));
  w.put<uint16_t>(static_cast<uint16_t>(topName_.size()));
  w.bytes(id.data(), id.size());
  w.bytes(topName_.data(), topName_.size());
}

void Sim::onReset(Reader& r, Writer& w, const Header& h) {
  uint32_t n = r.get<uint32_t>("n_cycles");
  if (n < 4 || n > 1000000)
    throw ProtoError{E_BAD_ARGUMENT, "RESET n_cycles " + std::to_string(n) + " outside 4..1000000"};
  outputs_.clear();
  watches_.clear();
  host_.reset();  // the replica is off until the next HOST_CONFIG start
  hostMem_.clear();
  held_.clear();
  hostCpls_.clear();
  for (auto& q : pendingBp_) q.clear();
  noise_.seed(0);
  txCpl_.clear(); txRdReq_.clear(); txWrReq_.clear(); mAxisTx_.clear(); intx_.clear();
  for (uint32_t i = 0; i < n; i++) step(true);
  top_->rst = 0;
  cycle_ = 0;
  w.header(Header{static_cast<uint16_t>(MSG_RESET | REPLY_BIT), 0, h.seq, cycle_});
}

void Sim::onSchedule(Reader& r, Writer& w, const Header& h) {
  uint32_t count = r.get<uint32_t>("count");
  for (uint32_t i = 0; i < count; i++) {
    InItem it;
    uint8_t ch = r.get<uint8_t>("channel");
    it.side = r.get<uint8_t>("sideband");
    it.func = r.get<uint8_t>("func_num");
    r.skip(1, "reserved");
    it.cycle = r.get64("cycle");
    uint32_t nbytes = r.get<uint32_t>("nbytes");
    for (auto& d : it.hdr) d = r.get<uint32_t>("hdr");
    if (!isInput(ch))
      throw ProtoError{E_BAD_ARGUMENT, "SCHEDULE channel " + std::to_string(ch) + " is not an input"};
    if (ch != CH_S_AXIS_RX && (nbytes % 4 || nbytes > kMaxPayloadBytes))
      throw ProtoError{E_BAD_ARGUMENT, "SCHEDULE nbytes " + std::to_string(nbytes) +
                                           " is not a multiple of 4 in 0..4096"};
    if (ch == CH_S_AXIS_RX && (nbytes == 0 || nbytes > kMaxFrameBytes))
      throw ProtoError{E_BAD_ARGUMENT, "SCHEDULE frame nbytes " + std::to_string(nbytes) +
                                           " outside 1..65536"};
    const uint8_t* p = r.bytes(pad4(nbytes), "data");
    it.data.assign(p, p + nbytes);
    if (it.cycle < cycle_)
      throw ProtoError{E_INPUT_IN_PAST, "SCHEDULE cycle " + std::to_string(it.cycle) +
                                            " is before the server cycle " + std::to_string(cycle_)};
    if (ch == CH_RX_REQ) insertByCycle(rxReq_.queue, std::move(it));
    else if (ch == CH_RX_CPL) insertByCycle(rxCpl_.queue, std::move(it));
    else insertByCycle(sAxisRx_.queue, std::move(it));
  }
  w.header(Header{static_cast<uint16_t>(MSG_SCHEDULE | REPLY_BIT), 0, h.seq, cycle_});
  w.put<uint32_t>(count);
}

// One output record of an ADVANCE reply (PROTOCOL.md): channel, aux, subject, reserved, SOP and EOP
// cycles, payload length, the four header DWs, the payload padded to 4.
static void putRecord(proto::Writer& w, const OutRec& o, uint8_t subject) {
  w.put<uint8_t>(o.channel);
  w.put<uint8_t>(o.aux);
  w.put<uint8_t>(subject);
  w.put<uint8_t>(0);
  w.put64(o.sopCycle);
  w.put64(o.eopCycle);
  w.put<uint32_t>(static_cast<uint32_t>(o.data.size()));
  for (uint32_t d : o.hdr) w.put<uint32_t>(d);
  w.bytes(o.data.data(), o.data.size());
  w.pad4();
}

void Sim::onAdvance(Reader& r, Writer& w, const Header& h) {
  QuietStop quiet = quiet_;  // QUIET_STOP arms this ADVANCE only, whatever its outcome
  quiet_ = QuietStop{};
  uint32_t mask = r.get<uint32_t>("stop_mask");
  uint32_t lateMask = r.get<uint8_t>("late_mask");
  uint8_t hostFlags = r.get<uint8_t>("host_flags");
  uint32_t lateDelay = r.get<uint16_t>("late_delay");
  if (h.cycle < cycle_)
    throw ProtoError{E_INPUT_IN_PAST, "ADVANCE target cycle " + std::to_string(h.cycle) +
                                          " is before the server cycle " + std::to_string(cycle_)};
  if (lateMask && lateDelay == 0)
    throw ProtoError{E_BAD_ARGUMENT, "ADVANCE late_delay 0 with a late_mask (use stop_mask)"};
  if (!held_.empty())
    throw ProtoError{E_BAD_ARGUMENT, "ADVANCE with " + std::to_string(held_.size()) +
                                         " held read(s) not yet decided (HOST_DECIDE first)"};
  if ((hostFlags & HOST_HOLD_READS) && !host_)
    throw ProtoError{E_BAD_ARGUMENT, "ADVANCE host_flags HOLD_READS without a host replica (HOST_CONFIG)"};
  holdReads_ = (hostFlags & HOST_HOLD_READS) != 0;
  bool stopped = false;
  uint64_t end = h.cycle;  // a late_mask output at c moves it to min(end, c + late_delay)
  // QUIET_STOP: ends at quiet.from, later while its channels keep producing (c + 1 + window).
  uint64_t quietEnd = quiet.mask ? quiet.from : end;
  while (cycle_ < end && cycle_ < quietEnd) {
    // A held read must be decided before its earliest answer (cycle + latency.min).
    if (!held_.empty() && cycle_ >= held_.front().cycle + host_->opts.latMin)
      throw ProtoError{E_BAD_ARGUMENT, "ADVANCE would pass cycle " + std::to_string(cycle_) +
                                           " with the read of cycle " + std::to_string(held_.front().cycle) +
                                           " held (grant no further than latency.min past a held read)"};
    size_t before = outputs_.size();
    step(false);
    if (!watches_.empty() && watchedChanged()) {
      stopped = true;
      break;
    }
    if (quiet.mask) {
      for (size_t i = before; i < outputs_.size(); i++) {
        if ((quiet.mask & (1u << outputs_[i].channel)) && outputs_[i].eopCycle + 1 + quiet.window > quietEnd) {
          quietEnd = outputs_[i].eopCycle + 1 + quiet.window;
        }
      }
    }
    if (mask | lateMask) {
      for (size_t i = before; i < outputs_.size(); i++) {
        if (mask & (1u << outputs_[i].channel)) stopped = true;
        if ((lateMask & (1u << outputs_[i].channel)) && outputs_[i].eopCycle + lateDelay < end) {
          end = outputs_[i].eopCycle + lateDelay;
        }
      }
      if (stopped) break;
    }
  }
  if (cycle_ < h.cycle) stopped = true;
  w.header(Header{static_cast<uint16_t>(MSG_ADVANCE | REPLY_BIT), stopped ? FLAG_STOPPED : uint16_t(0),
                  h.seq, cycle_});
  size_t start = w.buf().size();
  w.put<uint32_t>(static_cast<uint32_t>(outputs_.size()));
  for (const OutRec& o : outputs_) putRecord(w, o, o.subject);
  const std::vector<uint8_t>& b = w.buf();
  for (size_t i = start + 4; i < b.size(); i++) digest_ = (digest_ ^ b[i]) * 1099511628211ull;
  reported_ += outputs_.size();
  outputs_.clear();
  // Second list (protocol 3): completions the host replica put on rx_cpl. Not in the digest: the
  // digest is the DUT's outputs, the same whoever answers its reads.
  w.put<uint32_t>(static_cast<uint32_t>(hostCpls_.size()));
  for (const OutRec& o : hostCpls_) putRecord(w, o, 0);
  hostCpls_.clear();
}

void Sim::onQuietStop(Reader& r, Writer& w, const Header& h) {
  uint8_t mask = r.get<uint8_t>("channel_mask");
  r.skip(3, "reserved");
  uint32_t window = r.get<uint32_t>("window");
  if (mask == 0 || (mask & ((1u << CH_TX_CPL) - 1)))
    throw ProtoError{E_BAD_ARGUMENT, "QUIET_STOP channel_mask " + std::to_string(mask) + " is not a set of output channels (ids 3..7)"};
  if (h.cycle <= cycle_)
    throw ProtoError{E_BAD_ARGUMENT, "QUIET_STOP earliest end " + std::to_string(h.cycle) +
                                         " is not after the server cycle " + std::to_string(cycle_)};
  quiet_ = QuietStop{mask, window, h.cycle};
  w.header(Header{static_cast<uint16_t>(MSG_QUIET_STOP | REPLY_BIT), 0, h.seq, cycle_});
}

void Sim::onBackpressure(Reader& r, Writer& w, const Header& h) {
  uint8_t ch = r.get<uint8_t>("channel");
  PendingBp b;
  b.mode = r.get<uint8_t>("mode");
  b.len = r.get<uint8_t>("pattern_len");
  r.skip(1, "reserved");
  b.bits = r.get64("pattern");
  b.seed = r.get<uint32_t>("seed");
  b.duty = r.get<uint32_t>("duty");
  b.cycle = h.cycle;
  if (ch != CH_RX_REQ && (ch < CH_TX_CPL || ch > CH_M_AXIS_TX))
    throw ProtoError{E_BAD_ARGUMENT, "BACKPRESSURE channel " + std::to_string(ch) + " has no ready (and is not rx_req)"};
  if (b.mode > BP_NEVER)
    throw ProtoError{E_BAD_ARGUMENT, "BACKPRESSURE mode " + std::to_string(b.mode) + " unknown"};
  if (b.mode == BP_PATTERN && (b.len < 1 || b.len > 64))
    throw ProtoError{E_BAD_ARGUMENT, "BACKPRESSURE pattern_len " + std::to_string(b.len) + " outside 1..64"};
  if (b.duty > 65536)
    throw ProtoError{E_BAD_ARGUMENT, "BACKPRESSURE duty " + std::to_string(b.duty) + " above 65536"};
  if (b.cycle < cycle_)
    throw ProtoError{E_INPUT_IN_PAST, "BACKPRESSURE cycle " + std::to_string(b.cycle) +
                                          " is before the server cycle " + std::to_string(cycle_)};
  auto& q = pendingBp_[ch];
  auto pos = std::upper_bound(q.begin(), q.end(), b.cycle,
                              [](uint64_t c, const PendingBp& x) { return c < x.cycle; });
  q.insert(pos, b);
  w.header(Header{static_cast<uint16_t>(MSG_BACKPRESSURE | REPLY_BIT), 0, h.seq, cycle_});
}

static std::string readName(Reader& r, uint16_t len) {
  const uint8_t* p = r.bytes(len, "name");
  return std::string(reinterpret_cast<const char*>(p), len);
}

void Sim::onPeek(Reader& r, Writer& w, const Header& h) {
  uint16_t len = r.get<uint16_t>("name_len");
  r.skip(2, "reserved");
  std::string name = readName(r, len);
  const NamedSig* s = lookup(name);
  if (!s) throw ProtoError{E_UNKNOWN_SIGNAL, unknownSignal(name)};
  std::vector<uint32_t> words(s->sig.words());
  s->sig.load(words.data());
  w.header(Header{static_cast<uint16_t>(MSG_PEEK | REPLY_BIT), 0, h.seq, cycle_});
  w.put<uint32_t>(s->sig.bits);
  w.put<uint32_t>(static_cast<uint32_t>(words.size()));
  for (uint32_t x : words) w.put<uint32_t>(x);
}

void Sim::onPoke(Reader& r, Writer& w, const Header& h) {
  uint16_t len = r.get<uint16_t>("name_len");
  uint16_t nwords = r.get<uint16_t>("nwords");
  std::vector<uint32_t> words(nwords);
  for (auto& x : words) x = r.get<uint32_t>("words");
  std::string name = readName(r, len);
  const NamedSig* s = lookup(name);
  if (!s) throw ProtoError{E_UNKNOWN_SIGNAL, unknownSignal(name)};
  if (!s->writable)
    throw ProtoError{E_READ_ONLY_SIGNAL, "signal '" + name + (s->param ? "' is a parameter (a constant)" : "' is a port; the BFMs drive it")};
  s->sig.store(words.data(), nwords);
  top_->eval();
  w.header(Header{static_cast<uint16_t>(MSG_POKE | REPLY_BIT), 0, h.seq, cycle_});
}

void Sim::onWaves(Reader& r, Writer& w, const Header& h) {
  uint8_t op = r.get<uint8_t>("op");
  r.skip(1, "reserved");
  uint16_t len = r.get<uint16_t>("path_len");
  std::string path = readName(r, len);
#if VM_TRACE
  if (op == WAVES_START) {
    if (waves_) throw ProtoError{E_BAD_ARGUMENT, "WAVES start while a window is open"};
    if (path.empty()) throw ProtoError{E_BAD_ARGUMENT, "WAVES start with an empty path"};
    waves_.reset(new WaveWriter);
    top_->trace(&waves_->file, 99);
    waves_->file.open(path.c_str());
    if (!waves_->file.isOpen()) {
      waves_.reset();
      throw ProtoError{E_IO, "cannot open wave file '" + path + "'"};
    }
  } else if (op == WAVES_STOP) {
    if (waves_) { waves_->file.close(); waves_.reset(); }
  } else if (op == WAVES_FLUSH) {
    if (waves_) waves_->file.flush();
  } else {
    throw ProtoError{E_BAD_ARGUMENT, "WAVES op " + std::to_string(op) + " unknown"};
  }
#else
  (void)op;
  throw ProtoError{E_NO_TRACE, "WAVES needs a trace build (startSimulator({trace: true}))"};
#endif
  w.header(Header{static_cast<uint16_t>(MSG_WAVES | REPLY_BIT), 0, h.seq, cycle_});
}

// UNKNOWN_SIGNAL text: the name, why it may be missing, and up to three names ending the same way.
std::string Sim::unknownSignal(const std::string& name) const {
  std::string msg = "signal '" + name + "' is not in the signal table";
#ifndef PUBLIC_SIGNALS
  msg += " (this build has no public access to internal signals: a test asks for it with signals: true or --signals)";
#endif
  std::string leaf = name.substr(name.rfind('.') == std::string::npos ? 0 : name.rfind('.') + 1);
  std::string near;
  int n = 0;
  for (const auto& e : signals_) {
    const std::string& k = e.first;
    std::string kl = k.substr(k.rfind('.') == std::string::npos ? 0 : k.rfind('.') + 1);
    if (kl != leaf) continue;
    near += (n ? ", " : "") + k;
    if (++n == 3) break;
  }
  if (n) msg += "; names ending in '" + leaf + "': " + near;
  return msg;
}

// SIGNAL_LIST (0x50): u16 prefix_len, u16 reserved, u32 max_entries, prefix. Reply: u32 total
// matching, u32 count, then per entry u32 bits, u8 writable, u8 reserved, u16 name_len, name
// padded to 4. Names in byte order; ports are listed by their bare name.
void Sim::onSignalList(Reader& r, Writer& w, const Header& h) {
  uint16_t len = r.get<uint16_t>("prefix_len");
  r.skip(2, "reserved");
  uint32_t max = r.get<uint32_t>("max_entries");
  std::string prefix = readName(r, len);
  if (prefix.rfind("TOP.", 0) == 0) prefix = prefix.substr(4);
  std::vector<const std::pair<const std::string, NamedSig>*> hits;
  for (const auto& e : signals_)
    if (e.first.compare(0, prefix.size(), prefix) == 0) hits.push_back(&e);
  uint32_t count = hits.size() < max ? static_cast<uint32_t>(hits.size()) : max;
  w.header(Header{static_cast<uint16_t>(MSG_SIGNAL_LIST | REPLY_BIT), 0, h.seq, cycle_});
  w.put<uint32_t>(static_cast<uint32_t>(hits.size()));
  w.put<uint32_t>(count);
  for (uint32_t i = 0; i < count; i++) {
    const auto& e = *hits[i];
    w.put<uint32_t>(e.second.sig.bits);
    w.put<uint8_t>(e.second.writable ? 1 : 0);
    w.put<uint8_t>(0);
    w.put<uint16_t>(static_cast<uint16_t>(e.first.size()));
    w.bytes(e.first.data(), e.first.size());
    w.pad4();
  }
}

// WATCH (0x51): u16 count, u16 reserved, then `count` names, each u16 name_len + name padded to
// 4 (after its length field). Replaces the watch list (count 0 clears it). While the list is not
// empty, ADVANCE also stops (flag STOPPED) after the first cycle at whose end a watched signal
// differs from its value at the end of the cycle before (or at the WATCH). Reply: no body.
void Sim::onWatch(Reader& r, Writer& w, const Header& h) {
  uint16_t count = r.get<uint16_t>("count");
  r.skip(2, "reserved");
  std::vector<Watch> ws;
  for (uint16_t i = 0; i < count; i++) {
    uint16_t len = r.get<uint16_t>("name_len");
    std::string name = readName(r, len);
    r.skip(pad4(2 + len) - (2 + len), "padding");
    const NamedSig* s = lookup(name);
    if (!s) throw ProtoError{E_UNKNOWN_SIGNAL, unknownSignal(name)};
    Watch wt{s->sig, std::vector<uint8_t>(s->sig.storageBytes)};
    std::memcpy(wt.last.data(), s->sig.p, s->sig.storageBytes);
    ws.push_back(std::move(wt));
  }
  watches_ = std::move(ws);
  w.header(Header{static_cast<uint16_t>(MSG_WATCH | REPLY_BIT), 0, h.seq, cycle_});
}

// INPUT_NOISE (0x60): u32 seed, 0 = off. Lasts until the next RESET. Reply: no body.
void Sim::onInputNoise(Reader& r, Writer& w, const Header& h) {
  noise_.seed(r.get<uint32_t>("seed"));
  w.header(Header{static_cast<uint16_t>(MSG_INPUT_NOISE | REPLY_BIT), 0, h.seq, cycle_});
}

bool Sim::watchedChanged() {
  bool changed = false;
  for (Watch& wt : watches_) {
    if (std::memcmp(wt.last.data(), wt.sig.p, wt.sig.storageBytes) != 0) {
      std::memcpy(wt.last.data(), wt.sig.p, wt.sig.storageBytes);
      changed = true;
    }
  }
  return changed;
}

// ---- host replica (docs/host-replica.md) ----------------------------------------------------

// Completions due now go on rx_cpl stamped with this cycle (as a SCHEDULE from the client would)
// and into the reply's second list.
void Sim::hostPoll() {
  hostEvents_.clear();
  host_->poll(cycle_, hostEvents_);
  for (const replica::Event& ev : hostEvents_) {
    if (ev.drop) continue;
    InItem it;
    it.cycle = ev.cycle;
    std::memcpy(it.hdr, ev.answer->hdr, sizeof it.hdr);
    it.data = ev.answer->data;
    OutRec o;
    o.channel = CH_HOST_CPL;
    o.aux = ev.final ? 1 : 0;
    o.sopCycle = o.eopCycle = ev.cycle;
    std::memcpy(o.hdr, ev.answer->hdr, sizeof o.hdr);
    o.data = ev.answer->data;
    hostCpls_.push_back(std::move(o));
    insertByCycle(rxCpl_.queue, std::move(it));
  }
  host_->release();
}

// The device's requests of this cycle, in record order (reads before writes, as the client's
// RootComplex sees them): a read is captured (and decided, unless reads are held), a write
// updates the replica.
void Sim::hostSee(size_t firstOutput) {
  for (size_t i = firstOutput; i < outputs_.size(); i++) {
    const OutRec& o = outputs_[i];
    if (o.channel != CH_TX_RD_REQ && o.channel != CH_TX_WR_REQ) continue;
    if (replica::isMrd(o.hdr[0]) && o.data.empty()) {
      replica::Request req = replica::Completer::capture(o.hdr, o.eopCycle, hostMem_);
      if (holdReads_) held_.push_back(std::move(req));
      else host_->decide(req, replica::F_NONE);
    } else if (replica::isMwr(o.hdr[0]) && replica::wellFormedMem(o.hdr, o.data.size())) {
      replica::deviceWrite(hostMem_, host_->opts, o.hdr, o.data);
    }
  }
}

void Sim::onHostConfig(Reader& r, Writer& w, const Header& h) {
  uint8_t flags = r.get<uint8_t>("flags");
  replica::Options o;
  o.reorder = r.get<uint8_t>("reorder") != 0;
  o.split = r.get<uint8_t>("split");
  r.skip(1, "reserved");
  int32_t seed = static_cast<int32_t>(r.get<uint32_t>("seed"));
  o.completerId = r.get<uint32_t>("completer_id");
  o.rcb = r.get<uint32_t>("rcb");
  o.maxPayloadSize = r.get<uint32_t>("max_payload_size");
  o.latMin = r.get<uint32_t>("latency_min");
  o.latMax = r.get<uint32_t>("latency_max");
  o.busBytes = r.get<uint32_t>("bus_bytes");
  for (double& rate : o.rates) rate = r.get<double>("fault_rate");
  o.msiBase = r.get64("msi_base");
  o.msiSize = r.get64("msi_size");
  auto bad = [](const std::string& field, const std::string& v, const char* why) {
    return ProtoError{E_BAD_ARGUMENT, "HOST_CONFIG " + field + " " + v + " " + why};
  };
  if (o.split > replica::SPLIT_RANDOM) throw bad("split", std::to_string(o.split), "is not 0 (rcb), 1 (largest) or 2 (random)");
  if (o.rcb != 64 && o.rcb != 128) throw bad("rcb", std::to_string(o.rcb), "is not 64 or 128");
  if (o.maxPayloadSize < 128 || o.maxPayloadSize > 4096 || (o.maxPayloadSize & (o.maxPayloadSize - 1)))
    throw bad("max_payload_size", std::to_string(o.maxPayloadSize), "is not 128..4096, a power of two");
  if (o.latMin < 1 || o.latMax < o.latMin)
    throw bad("latency", std::to_string(o.latMin) + ".." + std::to_string(o.latMax), "needs 1 <= min <= max");
  if (o.busBytes < 4) throw bad("bus_bytes", std::to_string(o.busBytes), "is below 4");
  if (o.completerId > 0xffff) throw bad("completer_id", std::to_string(o.completerId), "is above 0xffff");
  for (double rate : o.rates)
    if (!(rate >= 0 && rate <= 1)) throw bad("fault_rate", std::to_string(rate), "is not a probability");
  if (!(flags & 1)) {
    host_.reset();
    hostMem_.clear();
    held_.clear();
  } else if (flags & 2) {
    // Start: a fresh completer from the seed and an empty memory (the client sends its contents).
    host_.reset(new replica::Completer(seed, o));
    hostMem_.clear();
    held_.clear();
  } else {
    if (!host_) throw ProtoError{E_BAD_ARGUMENT, "HOST_CONFIG update before a HOST_CONFIG start"};
    host_->opts = o;  // for reads decided from now on, as HostCompleter.configure
  }
  w.header(Header{static_cast<uint16_t>(MSG_HOST_CONFIG | REPLY_BIT), 0, h.seq, cycle_});
}

void Sim::onHostWrite(Reader& r, Writer& w, const Header& h) {
  if (!host_) throw ProtoError{E_BAD_ARGUMENT, "HOST_WRITE without a host replica (HOST_CONFIG start)"};
  if (h.cycle != cycle_)
    throw ProtoError{h.cycle < cycle_ ? E_INPUT_IN_PAST : E_BAD_ARGUMENT,
                     "HOST_WRITE cycle " + std::to_string(h.cycle) + " is not the server cycle " + std::to_string(cycle_) +
                         " (driver writes take effect where the simulator stands)"};
  uint32_t count = r.get<uint32_t>("count");
  for (uint32_t i = 0; i < count; i++) {
    uint64_t addr = r.get64("address");
    uint32_t n = r.get<uint32_t>("nbytes");
    if (n > (1u << 24)) throw ProtoError{E_BAD_ARGUMENT, "HOST_WRITE nbytes " + std::to_string(n) + " above 16 MiB"};
    if (n > 0 && addr + (n - 1) < addr)
      throw ProtoError{E_BAD_ARGUMENT, "HOST_WRITE address " + std::to_string(addr) + " + " + std::to_string(n) + " bytes passes 2^64"};
    const uint8_t* p = r.bytes(proto::pad4(n), "data");
    hostMem_.write(addr, p, n);
  }
  w.header(Header{static_cast<uint16_t>(MSG_HOST_WRITE | REPLY_BIT), 0, h.seq, cycle_});
  w.put<uint32_t>(count);
}

void Sim::onHostDecide(Reader& r, Writer& w, const Header& h) {
  if (!host_) throw ProtoError{E_BAD_ARGUMENT, "HOST_DECIDE without a host replica (HOST_CONFIG start)"};
  uint32_t count = r.get<uint32_t>("count");
  if (count != held_.size())
    throw ProtoError{E_BAD_ARGUMENT, "HOST_DECIDE count " + std::to_string(count) + " but " +
                                         std::to_string(held_.size()) + " read(s) are held"};
  uint32_t keepMps = host_->opts.maxPayloadSize;
  for (uint32_t i = 0; i < count; i++) {
    uint8_t fault = r.get<uint8_t>("fault");
    r.skip(3, "reserved");
    uint32_t mps = r.get<uint32_t>("max_payload_size");
    if (fault > replica::F_STRAY) throw ProtoError{E_BAD_ARGUMENT, "HOST_DECIDE fault " + std::to_string(fault) + " is not 0..5"};
    if (mps < 128 || mps > 4096 || (mps & (mps - 1)))
      throw ProtoError{E_BAD_ARGUMENT, "HOST_DECIDE max_payload_size " + std::to_string(mps) + " is not 128..4096, a power of two"};
    const replica::Request& req = held_.front();
    if (cycle_ > req.cycle + host_->opts.latMin)
      throw ProtoError{E_INPUT_IN_PAST, "HOST_DECIDE of the read of cycle " + std::to_string(req.cycle) +
                                            " comes after its earliest answer (server cycle " + std::to_string(cycle_) + ")"};
    host_->opts.maxPayloadSize = mps;
    host_->decide(req, fault);
    host_->opts.maxPayloadSize = keepMps;
    held_.pop_front();
  }
  w.header(Header{static_cast<uint16_t>(MSG_HOST_DECIDE | REPLY_BIT), 0, h.seq, cycle_});
  w.put<uint32_t>(count);
}
