// Verilated -*- C++ -*-
// DESCRIPTION: Verilator output: Symbol table internal header
//
// Internal details; most calling programs do not need this header,
// unless using verilator public meta comments.

#ifndef VERILATED_VVIRTIO_NET_DATAPATH__SYMS_H_
#define VERILATED_VVIRTIO_NET_DATAPATH__SYMS_H_  // guard

#include "verilated.h"

// INCLUDE MODEL CLASS

#include "Vvirtio_net_datapath.h"

// INCLUDE MODULE CLASSES
#include "Vvirtio_net_datapath___024root.h"

// SYMS CLASS (contains all model state)
class Vvirtio_net_datapath__Syms final : public VerilatedSyms {
  public:
    // INTERNAL STATE
    Vvirtio_net_datapath* const __Vm_modelp;
    bool __Vm_didInit = false;

    // MODULE INSTANCE STATE
    Vvirtio_net_datapath___024root TOP;

    // CONSTRUCTORS
    Vvirtio_net_datapath__Syms(VerilatedContext* contextp, const char* namep, Vvirtio_net_datapath* modelp);
    ~Vvirtio_net_datapath__Syms();

    // METHODS
    const char* name() { return TOP.name(); }
} VL_ATTR_ALIGNED(VL_CACHE_LINE_BYTES);

#endif  // guard
