// Verilator server entry point.
//   sim-server --endpoint ipc:///tmp/x.sock [--record file] [--parent-pid N]
//       serves the wire protocol (PROTOCOL.md) on a ZeroMQ ROUTER socket.
//   sim-server --fifo-in REQ --fifo-out REP [--record file] [--parent-pid N]
//       the same protocol over two named pipes (one client, blocking I/O): each message is
//       u32 length + bytes, the --record framing. A synchronous client needs no thread hops.
//   sim-server --replay file
//       raw replay: feeds a recorded message file through the same Sim with no socket and
//       prints one summary line (cycles, outputs, digest, seconds, cycles/s).
// Test hook: --test-hang-after N stops answering after N messages (for the client watchdog).
#include <fcntl.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>

#include <time.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <zmq.hpp>

#include "sim.hpp"
#include "verilated.h"

namespace {

int usage(const char* why) {
  std::fprintf(stderr, "sim-server: %s\nusage: sim-server (--endpoint EP | --fifo-in REQ --fifo-out REP) "
               "[--record FILE] [--parent-pid PID] | --replay FILE\n", why);
  return 2;
}

int replay(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) { std::fprintf(stderr, "sim-server: cannot open replay file '%s'\n", path.c_str()); return 2; }
  std::vector<std::vector<uint8_t>> msgs;
  for (;;) {
    uint32_t n;
    if (!in.read(reinterpret_cast<char*>(&n), 4)) break;
    std::vector<uint8_t> m(n);
    if (!in.read(reinterpret_cast<char*>(m.data()), n)) {
      std::fprintf(stderr, "sim-server: replay file '%s' is truncated\n", path.c_str());
      return 2;
    }
    msgs.push_back(std::move(m));
  }
  Sim sim;
  std::vector<uint8_t> reply;
  int code = 0;
  auto cpu = []() {
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
  };
  double c0 = cpu();
  auto t0 = std::chrono::steady_clock::now();
  for (const auto& m : msgs) {
    After a = sim.handle(m.data(), m.size(), reply, code);
    if (reply.size() >= 2 && reply[0] == proto::ERROR_REPLY && reply[1] == 0) {
      std::fprintf(stderr, "sim-server: replay message failed: %.*s\n",
                   static_cast<int>(reply.size() - 20), reinterpret_cast<const char*>(reply.data() + 20));
      return 1;
    }
    if (a == After::Exit) break;
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double cs = cpu() - c0;
  std::printf("replay cycles=%llu outputs=%llu digest=%016llx seconds=%.6f cycles_per_s=%.0f "
              "cpu_seconds=%.6f\n",
              static_cast<unsigned long long>(sim.simulatedCycles()),
              static_cast<unsigned long long>(sim.outputsReported()),
              static_cast<unsigned long long>(sim.digest()), s, sim.simulatedCycles() / s, cs);
  return 0;
}

bool readFull(int fd, void* p, size_t n) {
  auto* b = static_cast<uint8_t*>(p);
  while (n > 0) {
    ssize_t k = ::read(fd, b, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return false;  // EOF: the client is gone
    b += k;
    n -= static_cast<size_t>(k);
  }
  return true;
}

bool writeFull(int fd, const void* p, size_t n) {
  const auto* b = static_cast<const uint8_t*>(p);
  while (n > 0) {
    ssize_t k = ::write(fd, b, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return false;
    b += k;
    n -= static_cast<size_t>(k);
  }
  return true;
}

// One client over two FIFOs. The reply FIFO is opened first: the client holds a reader on it
// before it opens the request FIFO, so neither open can wait for the other.
int serveFifo(const std::string& inPath, const std::string& outPath, std::ofstream& rec, long hangAfter) {
  int out = ::open(outPath.c_str(), O_WRONLY);
  if (out < 0) { std::fprintf(stderr, "sim-server: cannot open '%s' for writing\n", outPath.c_str()); return 2; }
  int in = ::open(inPath.c_str(), O_RDONLY);
  if (in < 0) { std::fprintf(stderr, "sim-server: cannot open '%s' for reading\n", inPath.c_str()); return 2; }
  std::fprintf(stderr, "sim-server: serving on fifos %s -> %s\n", inPath.c_str(), outPath.c_str());
  Sim sim;
  std::vector<uint8_t> msg, reply;
  long handled = 0;
  for (;;) {
    uint32_t n;
    if (!readFull(in, &n, 4)) return 0;
    if (n > (64u << 20)) { std::fprintf(stderr, "sim-server: fifo message of %u bytes\n", n); return 2; }
    msg.resize(n);
    if (!readFull(in, msg.data(), n)) return 0;
    if (hangAfter >= 0 && handled >= hangAfter) {
      std::fprintf(stderr, "sim-server: --test-hang-after %ld: no longer answering\n", hangAfter);
      for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    if (rec.is_open()) {
      rec.write(reinterpret_cast<const char*>(&n), 4);
      rec.write(reinterpret_cast<const char*>(msg.data()), n);
    }
    int code = 0;
    After a = sim.handle(msg.data(), msg.size(), reply, code);
    handled++;
    uint32_t len = static_cast<uint32_t>(reply.size());
    if (!writeFull(out, &len, 4) || !writeFull(out, reply.data(), reply.size())) return 0;
    if (a == After::Exit) {
      if (rec.is_open()) rec.close();
      if (code) std::fprintf(stderr, "sim-server: exiting with code %d\n", code);
      return code;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string endpoint, record, replayPath, fifoIn, fifoOut;
  long parentPid = 0, hangAfter = -1;
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    auto val = [&]() -> std::string { return i + 1 < argc ? argv[++i] : std::string(); };
    if (a == "--endpoint") endpoint = val();
    else if (a == "--record") record = val();
    else if (a == "--replay") replayPath = val();
    else if (a == "--fifo-in") fifoIn = val();
    else if (a == "--fifo-out") fifoOut = val();
    else if (a == "--parent-pid") parentPid = std::atol(val().c_str());
    else if (a == "--test-hang-after") hangAfter = std::atol(val().c_str());
    else if (a.rfind("+verilator", 0) == 0) continue;
    else return usage(("unknown argument '" + a + "'").c_str());
  }
  Verilated::commandArgs(argc, argv);
  if (!replayPath.empty()) return replay(replayPath);
  if (endpoint.empty() && (fifoIn.empty() || fifoOut.empty())) return usage("--endpoint, --fifo-in/--fifo-out or --replay is required");
  if (parentPid) {
    // Never outlive the client that spawned us (no orphan simulators).
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parentPid) return 4;
  }

  if (endpoint.empty()) {
    std::ofstream rec;
    if (!record.empty()) {
      rec.open(record, std::ios::binary);
      if (!rec) { std::fprintf(stderr, "sim-server: cannot write '%s'\n", record.c_str()); return 2; }
    }
    return serveFifo(fifoIn, fifoOut, rec, hangAfter);
  }

  zmq::context_t zctx(1);
  zmq::socket_t sock(zctx, zmq::socket_type::router);
  sock.set(zmq::sockopt::linger, 200);
  try {
    sock.bind(endpoint);
  } catch (const zmq::error_t& e) {
    std::fprintf(stderr, "sim-server: cannot bind '%s': %s\n", endpoint.c_str(), e.what());
    return 2;
  }
  std::ofstream rec;
  if (!record.empty()) {
    rec.open(record, std::ios::binary);
    if (!rec) { std::fprintf(stderr, "sim-server: cannot write '%s'\n", record.c_str()); return 2; }
  }
  std::fprintf(stderr, "sim-server: listening on %s\n", endpoint.c_str());

  Sim sim;
  long handled = 0;
  std::vector<zmq::message_t> parts;
  std::vector<std::vector<uint8_t>> replies;
  for (;;) {
    zmq::message_t id;
    if (!sock.recv(id, zmq::recv_flags::none)) continue;
    if (!id.more()) continue;  // not from a DEALER: ignore
    // Protocol 3: a multipart message carries several requests, handled in order; their replies go
    // back as one multipart message (a grant's SCHEDULE, host messages and ADVANCE: one send).
    parts.clear();
    for (bool more = true; more;) {
      parts.emplace_back();
      (void)sock.recv(parts.back(), zmq::recv_flags::none);
      more = parts.back().more();
    }
    if (replies.size() < parts.size()) replies.resize(parts.size());
    size_t done = 0;
    After a = After::Continue;
    int code = 0;
    for (; done < parts.size() && a == After::Continue; done++) {
      const zmq::message_t& msg = parts[done];
      if (hangAfter >= 0 && handled >= hangAfter) {
        std::fprintf(stderr, "sim-server: --test-hang-after %ld: no longer answering\n", hangAfter);
        for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
      }
      if (rec.is_open()) {
        uint32_t n = static_cast<uint32_t>(msg.size());
        rec.write(reinterpret_cast<const char*>(&n), 4);
        rec.write(static_cast<const char*>(msg.data()), n);
      }
      a = sim.handle(static_cast<const uint8_t*>(msg.data()), msg.size(), replies[done], code);
      handled++;
    }
    sock.send(id, zmq::send_flags::sndmore);
    for (size_t i = 0; i < done; i++) sock.send(zmq::buffer(replies[i]), i + 1 < done ? zmq::send_flags::sndmore : zmq::send_flags::none);
    if (a == After::Exit) {
      if (rec.is_open()) rec.close();
      if (code) std::fprintf(stderr, "sim-server: exiting with code %d\n", code);
      sock.close();
      zctx.close();
      return code;
    }
  }
}
