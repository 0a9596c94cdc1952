// Verilator server entry point.
//   sim-server --endpoint ipc:///tmp/x.sock [--record file] [--parent-pid N]
//       serves the wire protocol (PROTOCOL.md) on a ZeroMQ ROUTER socket: for ipc:// and tcp://
//       host:port our own (ZMTP 3.0 in this thread, zmtp.h), for any other endpoint libzmq's.
//   sim-server --fifo-in REQ --fifo-out REP [--record file] [--parent-pid N]
//       the same protocol over two named pipes (one client, blocking I/O): each message is
//       u32 length + bytes, the --record framing. A synchronous client needs no thread hops.
//   sim-server --replay file
//       raw replay: feeds a recorded message file through the same Sim with no socket and
//       prints one summary line (cycles, outputs, digest, seconds, cycles/s).
// Test hook: --test-hang-after N stops answering after N messages (for the client watchdog).
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>

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
#include "zmtp.h"

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

// ---- Our own ROUTER: ZMTP 3.0 over ipc:// and tcp:// in this thread -------------------------
// libzmq carries every message through its I/O thread (a wake-up of that thread and of this one
// per message each way, 10-20 ms of CPU per bench run). Here a request is poll() + recv() and a
// reply one send(). What a libzmq ROUTER does that the clients rely on is kept: any number of
// DEALER peers (the native client, zeromq.js, libzmq), each message answered on the connection it
// came from, pipelined requests answered in order, a peer that goes away forgotten, the ipc file
// of an earlier run replaced. Other endpoints (tcp://*:*, ipc://@abstract, ...) go to libzmq.

struct Listener {
  int fd = -1;
  std::string ipcPath;  // removed at exit
};

// Binds `endpoint` when it is one we serve ourselves: 1 bound, 0 not ours (libzmq's), -1 failed
// (message printed).
int bindOwn(const std::string& endpoint, Listener& l) {
  sockaddr_storage addr{};
  socklen_t len = 0;
  bool unixSock = false;
  if (endpoint.rfind("ipc://", 0) == 0) {
    std::string path = endpoint.substr(6);
    auto* un = reinterpret_cast<sockaddr_un*>(&addr);
    if (path.empty() || path[0] == '@' || path == "*" || path.size() >= sizeof un->sun_path) return 0;
    un->sun_family = AF_UNIX;
    std::memcpy(un->sun_path, path.data(), path.size());
    len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() + 1);
    // A socket file left behind by an earlier server is replaced, as libzmq does.
    struct stat st;
    if (::stat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) ::unlink(path.c_str());
    l.ipcPath = path;
    unixSock = true;
  } else if (endpoint.rfind("tcp://", 0) == 0) {
    std::string hp = endpoint.substr(6);
    size_t colon = hp.rfind(':');
    if (colon == std::string::npos || colon == 0) return 0;
    std::string host = hp.substr(0, colon), port = hp.substr(colon + 1);
    if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos || std::atol(port.c_str()) == 0) return 0;
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.find(';') != std::string::npos) return 0;
    addrinfo hints{}, *res = nullptr;
    // IPv4 unless an IPv6 literal, as libzmq without ZMQ_IPV6; "*" is every interface.
    hints.ai_family = host.find(':') != std::string::npos ? AF_INET6 : AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    if (::getaddrinfo(host == "*" ? nullptr : host.c_str(), port.c_str(), &hints, &res) != 0 || !res) return 0;  // an interface name: libzmq
    std::memcpy(&addr, res->ai_addr, res->ai_addrlen);
    len = res->ai_addrlen;
    ::freeaddrinfo(res);
  } else {
    return 0;
  }
  int fd = ::socket(addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd >= 0 && !unixSock) {
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  }
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(fd, 16) != 0) {
    std::fprintf(stderr, "sim-server: cannot bind '%s': %s\n", endpoint.c_str(), std::strerror(errno));
    if (fd >= 0) ::close(fd);
    l.ipcPath.clear();
    return -1;
  }
  l.fd = fd;
  return 1;
}

// Writes all of [p, p + n) to a non-blocking socket (waits for room); false when the peer is gone.
bool sendAll(int fd, const uint8_t* p, size_t n) {
  while (n > 0) {
    ssize_t k = ::send(fd, p, n, MSG_NOSIGNAL);
    if (k < 0 && errno == EINTR) continue;
    if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd pfd{fd, POLLOUT, 0};
      if (::poll(&pfd, 1, -1) < 0 && errno != EINTR) return false;
      continue;
    }
    if (k <= 0) return false;
    p += k;
    n -= static_cast<size_t>(k);
  }
  return true;
}

struct Peer {
  int fd;
  std::vector<uint8_t> in;  // [used, len) received and not yet consumed
  size_t used = 0, len = 0;
  bool handshook = false;
};

int serveOwn(const std::string& endpoint, Listener& l, std::ofstream& rec, long hangAfter) {
  std::fprintf(stderr, "sim-server: listening on %s\n", endpoint.c_str());
  Sim sim;
  long handled = 0;
  std::vector<Peer> peers;
  std::vector<pollfd> pfds;
  std::vector<std::vector<uint8_t>> replies;
  std::vector<uint8_t> out;
  uint8_t ready[ZMTP_READY_MAX];
  const size_t readyLen = zmtp_ready(ready, "ROUTER");
  auto finish = [&](int code) {
    for (auto& p : peers) ::close(p.fd);
    ::close(l.fd);
    if (!l.ipcPath.empty()) ::unlink(l.ipcPath.c_str());
    if (rec.is_open()) rec.close();
    if (code) std::fprintf(stderr, "sim-server: exiting with code %d\n", code);
    return code;
  };
  for (;;) {
    pfds.clear();
    pfds.push_back({l.fd, POLLIN, 0});
    for (auto& p : peers) pfds.push_back({p.fd, POLLIN, 0});
    if (::poll(pfds.data(), pfds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      std::fprintf(stderr, "sim-server: poll: %s\n", std::strerror(errno));
      return finish(2);
    }
    // Readable peers first (indices of pfds shift as peers are dropped: walk backwards).
    for (size_t i = peers.size(); i-- > 0;) {
      if (!(pfds[i + 1].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      Peer& p = peers[i];
      bool gone = false;
      for (;;) {
        if (p.used > 0) {  // keep the unconsumed bytes at the front
          std::memmove(p.in.data(), p.in.data() + p.used, p.len - p.used);
          p.len -= p.used;
          p.used = 0;
        }
        if (p.in.size() - p.len < 65536) p.in.resize(p.len + 65536);
        size_t room = p.in.size() - p.len;
        ssize_t k = ::recv(p.fd, p.in.data() + p.len, room, 0);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        if (k <= 0) {
          gone = true;
          break;
        }
        p.len += static_cast<size_t>(k);
        if (static_cast<size_t>(k) < room) break;  // all there was
      }
      if (!p.handshook && !gone) {
        size_t n = 0;
        int h = zmtp_handshake(p.in.data() + p.used, p.len - p.used, &n);
        if (h < 0) gone = true;  // not a ZeroMQ peer
        if (h > 0) {
          p.used += n;
          p.handshook = true;
        }
      }
      // Every whole message, in order; its replies go back as one multipart message.
      while (p.handshook && !gone) {
        size_t start = 0;
        uint32_t nframes = 0;
        size_t end = zmtp_message(p.in.data() + p.used, p.len - p.used, &start, &nframes);
        if (end == 0) break;
        const uint8_t* msg = p.in.data() + p.used;
        if (replies.size() < nframes) replies.resize(nframes);
        size_t done = 0;
        After a = After::Continue;
        int code = 0;
        for (size_t off = start; off < end && a == After::Continue;) {
          const uint8_t* body = nullptr;
          uint64_t size = 0;
          uint8_t flags = 0;
          off += zmtp_frame_at(msg + off, end - off, &body, &size, &flags);
          if (flags & ZMTP_COMMAND) continue;
          if (hangAfter >= 0 && handled >= hangAfter) {
            std::fprintf(stderr, "sim-server: --test-hang-after %ld: no longer answering\n", hangAfter);
            for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
          }
          if (rec.is_open()) {
            uint32_t n = static_cast<uint32_t>(size);
            rec.write(reinterpret_cast<const char*>(&n), 4);
            rec.write(reinterpret_cast<const char*>(body), static_cast<std::streamsize>(size));
          }
          a = sim.handle(body, static_cast<size_t>(size), replies[done], code);
          done++;
          handled++;
        }
        p.used += end;
        out.clear();
        for (size_t r = 0; r < done; r++) {
          uint8_t head[ZMTP_HEAD_MAX];
          size_t hn = zmtp_frame_head(head, replies[r].size(), r + 1 < done);
          out.insert(out.end(), head, head + hn);
          out.insert(out.end(), replies[r].begin(), replies[r].end());
        }
        if (!sendAll(p.fd, out.data(), out.size())) gone = true;
        if (a == After::Exit) return finish(code);
      }
      if (gone) {
        ::close(p.fd);
        peers.erase(peers.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
    if (pfds[0].revents & POLLIN) {
      int fd = ::accept4(l.fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd >= 0) {
        if (l.ipcPath.empty()) {
          int one = 1;
          ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        }
        // Our greeting and READY at once: the peer's come in its own time.
        if (sendAll(fd, ZMTP_GREETING, sizeof ZMTP_GREETING) && sendAll(fd, ready, readyLen)) peers.push_back(Peer{fd, {}, 0, 0, false});
        else ::close(fd);
      }
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

  Listener own;
  int bound = bindOwn(endpoint, own);
  if (bound < 0) return 2;
  if (bound > 0) {
    std::ofstream rec;
    if (!record.empty()) {
      rec.open(record, std::ios::binary);
      if (!rec) { std::fprintf(stderr, "sim-server: cannot write '%s'\n", record.c_str()); return 2; }
    }
    return serveOwn(endpoint, own, rec, hangAfter);
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
