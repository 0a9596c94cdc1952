// Feeds replica.hpp's completer a script on stdin and prints every completion, for
// tb/host/replica-agree.test.ts (the C++ and TypeScript completers agree completion for
// completion). Not part of the server build. Script lines (numbers decimal, header words hex):
//   config SEED COMPLETER_ID RCB MPS LAT_MIN LAT_MAX REORDER SPLIT BUS_BYTES UR CA POISON DROP
//   write ADDR HEXBYTES        host memory write (a driver write or a device MWr's effect)
//   mwr CYCLE H0 H1 H2 H3 HEXBYTES   a device MWr (MSI window, EP and byte enables apply)
//   read CYCLE H0 H1 H2 H3 FAULT     a device MRd; FAULT 0 = the usual draw, 1..4 one-shot
//   mps N                      Max_Payload_Size for reads from now on
//   poll CYCLE
// Output: `cpl CYCLE FINAL H0 H1 H2 H3 HEXDATA` per completion, `drop CYCLE` per drop.
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include "replica.hpp"

static std::vector<uint8_t> unhex(const std::string& s) {
  std::vector<uint8_t> v;
  for (size_t i = 0; i + 1 < s.size(); i += 2) v.push_back(static_cast<uint8_t>(std::stoul(s.substr(i, 2), nullptr, 16)));
  return v;
}

int main() {
  std::unique_ptr<replica::Completer> c;
  replica::Memory mem;
  std::string line;
  std::vector<replica::Event> evs;
  while (std::getline(std::cin, line)) {
    std::istringstream in(line);
    std::string op;
    in >> op;
    if (op == "config") {
      int64_t seed;
      replica::Options o;
      uint32_t reorder, split;
      in >> seed >> o.completerId >> o.rcb >> o.maxPayloadSize >> o.latMin >> o.latMax >> reorder >> split >> o.busBytes;
      for (double& r : o.rates) in >> r;
      o.reorder = reorder != 0;
      o.split = static_cast<uint8_t>(split);
      c.reset(new replica::Completer(static_cast<int32_t>(seed), o));
    } else if (op == "write") {
      uint64_t addr;
      std::string hex;
      in >> addr >> hex;
      auto b = unhex(hex);
      mem.write(addr, b.data(), b.size());
    } else if (op == "mwr" || op == "read") {
      uint64_t cycle;
      uint32_t h[4];
      in >> cycle >> std::hex >> h[0] >> h[1] >> h[2] >> h[3] >> std::dec;
      if (op == "mwr") {
        std::string hex;
        in >> hex;
        auto b = unhex(hex);
        if (replica::wellFormedMem(h, b.size())) replica::deviceWrite(mem, c->opts, h, b);
      } else {
        uint32_t fault;
        in >> fault;
        c->decide(replica::Completer::capture(h, cycle, mem), static_cast<uint8_t>(fault));
      }
    } else if (op == "mps") {
      in >> c->opts.maxPayloadSize;
    } else if (op == "poll") {
      uint64_t cycle;
      in >> cycle;
      evs.clear();
      c->poll(cycle, evs);
      for (auto& e : evs) {
        if (e.drop) { std::printf("drop %llu\n", static_cast<unsigned long long>(e.cycle)); continue; }
        std::printf("cpl %llu %d %08x %08x %08x %08x ", static_cast<unsigned long long>(e.cycle), e.final ? 1 : 0,
                    e.answer->hdr[0], e.answer->hdr[1], e.answer->hdr[2], e.answer->hdr[3]);
        for (uint8_t b : e.answer->data) std::printf("%02x", b);
        std::printf("\n");
      }
      c->release();
    }
  }
  return 0;
}
