// Uniform access to one Verilated signal of any width: Verilator stores <=8/16/32/64-bit
// signals in CData/SData/IData/QData and wider ones in VlWide<N> (32-bit words, word 0 = [31:0]).
// The server runs on little-endian hosts only (x86-64, aarch64), so bytes copy straight in.
#pragma once
#include <cstdint>
#include <cstring>
#include <type_traits>
#include "verilated.h"

struct Sig {
  void* p = nullptr;
  uint32_t storageBytes = 0;
  uint32_t bits = 0;

  bool valid() const { return p != nullptr; }
  uint32_t words() const { return (bits + 31) / 32; }

  /** Stores `n` 32-bit words (word 0 = bits [31:0]); missing words are 0, extra bits are cut. */
  void store(const uint32_t* w, uint32_t n) const {
    uint8_t tmp[512] = {0};
    uint32_t nb = n * 4 < storageBytes ? n * 4 : storageBytes;
    std::memcpy(tmp, w, nb);
    if (bits % 8) tmp[bits / 8] &= static_cast<uint8_t>((1u << (bits % 8)) - 1);
    for (uint32_t i = (bits + 7) / 8; i < storageBytes; i++) tmp[i] = 0;
    std::memcpy(p, tmp, storageBytes);
  }
  /** Stores raw little-endian bytes (bus data). */
  void storeBytes(const uint8_t* b, uint32_t n) const {
    uint8_t tmp[512] = {0};
    std::memcpy(tmp, b, n < storageBytes ? n : storageBytes);
    std::memcpy(p, tmp, storageBytes);
  }
  void set(uint64_t v) const {
    uint32_t w[2] = {static_cast<uint32_t>(v), static_cast<uint32_t>(v >> 32)};
    store(w, 2);
  }
  /** Loads into `w` (words() entries). */
  void load(uint32_t* w) const {
    uint8_t tmp[512] = {0};
    std::memcpy(tmp, p, storageBytes);
    std::memcpy(w, tmp, words() * 4);
  }
  uint64_t get() const {
    uint64_t v = 0;
    std::memcpy(&v, p, storageBytes < 8 ? storageBytes : 8);
    return v;
  }
  void loadBytes(uint8_t* b, uint32_t n) const { std::memcpy(b, p, n < storageBytes ? n : storageBytes); }
};

template <typename T>
Sig mkSig(T& x, uint32_t bits) {
  if constexpr (std::is_integral_v<T>) {
    return Sig{&x, static_cast<uint32_t>(sizeof(T)), bits};
  } else {
    return Sig{x.data(), static_cast<uint32_t>(sizeof(x)), bits};
  }
}
