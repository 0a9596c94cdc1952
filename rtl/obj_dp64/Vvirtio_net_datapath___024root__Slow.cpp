// Verilated -*- C++ -*-
// DESCRIPTION: Verilator output: Design implementation internals
// See Vvirtio_net_datapath.h for the primary calling header

#include "verilated.h"

#include "Vvirtio_net_datapath__Syms.h"
#include "Vvirtio_net_datapath___024root.h"

void Vvirtio_net_datapath___024root___ctor_var_reset(Vvirtio_net_datapath___024root* vlSelf);

Vvirtio_net_datapath___024root::Vvirtio_net_datapath___024root(Vvirtio_net_datapath__Syms* symsp, const char* v__name)
    : VerilatedModule{v__name}
    , vlSymsp{symsp}
 {
    // Reset structure values
    Vvirtio_net_datapath___024root___ctor_var_reset(this);
}

void Vvirtio_net_datapath___024root::__Vconfigure(bool first) {
    if (false && first) {}  // Prevent unused
}

Vvirtio_net_datapath___024root::~Vvirtio_net_datapath___024root() {
}
