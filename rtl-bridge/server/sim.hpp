// The simulated DUT plus its BFMs, driven by protocol messages. Transport-free: main.cpp feeds
// it from a ZeroMQ ROUTER socket or from a recorded message file (raw replay).
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>
#include "bfm.hpp"
#include "protocol.hpp"
#include "replica.hpp"
#include "sig.hpp"

class Vdut;
class VerilatedContext;
class WaveWriter;

struct NamedSig {
  Sig sig;
  bool writable;  // false for ports (the BFMs own them) and parameters
  bool param = false;
};

/** What the transport should do after a message was handled. */
enum class After { Continue, Exit };

class Sim {
 public:
  Sim();
  ~Sim();
  /** Handles one request; `reply` receives the full reply frame. `exitCode` is set on Exit. */
  After handle(const uint8_t* msg, size_t n, std::vector<uint8_t>& reply, int& exitCode);

  uint64_t cycle() const { return cycle_; }
  uint64_t simulatedCycles() const { return simulated_; }
  uint64_t outputsReported() const { return reported_; }
  uint64_t digest() const { return digest_; }

 private:
  void bindPorts();
  void bindPublicSignals();
  void step(bool inReset);
  void evalAndDump();
  void applyBackpressure();

  void onHello(proto::Reader& r, proto::Writer& w, const proto::Header& h, int& exitCode, After& after);
  void onReset(proto::Reader& r, proto::Writer& w, const proto::Header& h);
  void onSchedule(proto::Reader& r, proto::Writer& w, const proto::Header& h);
  void onAdvance(proto::Reader& r, proto::Writer& w, const proto::Header& h);
  void onBackpressure(proto::Reader& r, proto::Writer& w, const proto::Header& h);
  void onPeek(proto::Reader& r, proto::Writer& w, const proto::Header& h);
  void onPoke(proto::Reader& r, proto::Writer& w, const proto::Header& h);
  void onWaves(proto::Reader& r, proto::Writer& w, const proto::Header& h);
  void onSignalList(proto::Reader& r, proto::Writer& w, const proto::Header& h);
  void onWatch(proto::Reader& r, proto::Writer& w, const proto::Header& h);
  void onQuietStop(proto::Reader& r, proto::Writer& w, const proto::Header& h);
  void onInputNoise(proto::Reader& r, proto::Writer& w, const proto::Header& h);
  bool watchedChanged();
  std::string unknownSignal(const std::string& name) const;
  void onHostConfig(proto::Reader& r, proto::Writer& w, const proto::Header& h);
  void onHostWrite(proto::Reader& r, proto::Writer& w, const proto::Header& h);
  void onHostDecide(proto::Reader& r, proto::Writer& w, const proto::Header& h);
  void hostPoll();
  void hostSee(size_t firstOutput);
  const NamedSig* lookup(const std::string& name) const;

  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Vdut> top_;
  std::unique_ptr<WaveWriter> waves_;
  TlpDriver rxReq_, rxCpl_;
  AxisDriver sAxisRx_;
  InputNoise noise_;  // INPUT_NOISE: one stream for the three input channels, off after RESET
  TlpMonitor txCpl_, txRdReq_, txWrReq_;
  AxisMonitor mAxisTx_;
  LevelMonitor intx_;
  std::vector<PendingBp> pendingBp_[proto::CH_COUNT];
  std::vector<OutRec> outputs_;
  std::map<std::string, NamedSig> signals_;
  /** WATCH: signals whose change (against `last`, the value at the previous cycle's end) stops ADVANCE. */
  struct Watch {
    Sig sig;
    std::vector<uint8_t> last;
  };
  std::vector<Watch> watches_;
  /** QUIET_STOP for the next ADVANCE (mask 0: none). */
  struct QuietStop {
    uint32_t mask = 0;
    uint32_t window = 0;
    uint64_t from = 0;
  } quiet_;
  std::string topName_;
  uint64_t cycle_ = 0, simulated_ = 0, reported_ = 0;
  uint64_t digest_ = 14695981039346656037ull;  // FNV-1a 64 over every reported output record
  bool helloDone_ = false;
  // Host replica (docs/host-replica.md): memory, completer, reads held for HOST_DECIDE, and the
  // completions it put on rx_cpl since the last ADVANCE reply.
  std::unique_ptr<replica::Completer> host_;
  replica::Memory hostMem_;
  std::deque<replica::Request> held_;
  bool holdReads_ = false;
  std::vector<OutRec> hostCpls_;
  std::vector<replica::Event> hostEvents_;
};

/** Raised by handlers for a typed error reply. */
struct ProtoError {
  uint16_t code;
  std::string message;
  uint32_t serverVersion = 0;  // sent after the message for E_VERSION_MISMATCH
};
