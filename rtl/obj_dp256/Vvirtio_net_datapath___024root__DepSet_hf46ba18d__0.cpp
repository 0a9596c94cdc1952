// Verilated -*- C++ -*-
// DESCRIPTION: Verilator output: Design implementation internals
// See Vvirtio_net_datapath.h for the primary calling header

#include "verilated.h"

#include "Vvirtio_net_datapath__Syms.h"
#include "Vvirtio_net_datapath___024root.h"

#ifdef VL_DEBUG
VL_ATTR_COLD void Vvirtio_net_datapath___024root___dump_triggers__ico(Vvirtio_net_datapath___024root* vlSelf);
#endif  // VL_DEBUG

void Vvirtio_net_datapath___024root___eval_triggers__ico(Vvirtio_net_datapath___024root* vlSelf) {
    if (false && vlSelf) {}  // Prevent unused
    Vvirtio_net_datapath__Syms* const __restrict vlSymsp VL_ATTR_UNUSED = vlSelf->vlSymsp;
    VL_DEBUG_IF(VL_DBG_MSGF("+    Vvirtio_net_datapath___024root___eval_triggers__ico\n"); );
    // Body
    vlSelf->__VicoTriggered.at(0U) = (0U == vlSelf->__VicoIterCount);
#ifdef VL_DEBUG
    if (VL_UNLIKELY(vlSymsp->_vm_contextp__->debug())) {
        Vvirtio_net_datapath___024root___dump_triggers__ico(vlSelf);
    }
#endif
}

#ifdef VL_DEBUG
VL_ATTR_COLD void Vvirtio_net_datapath___024root___dump_triggers__act(Vvirtio_net_datapath___024root* vlSelf);
#endif  // VL_DEBUG

void Vvirtio_net_datapath___024root___eval_triggers__act(Vvirtio_net_datapath___024root* vlSelf) {
    if (false && vlSelf) {}  // Prevent unused
    Vvirtio_net_datapath__Syms* const __restrict vlSymsp VL_ATTR_UNUSED = vlSelf->vlSymsp;
    VL_DEBUG_IF(VL_DBG_MSGF("+    Vvirtio_net_datapath___024root___eval_triggers__act\n"); );
    // Body
    vlSelf->__VactTriggered.at(0U) = ((IData)(vlSelf->clk) 
                                      & (~ (IData)(vlSelf->__Vtrigrprev__TOP__clk)));
    vlSelf->__Vtrigrprev__TOP__clk = vlSelf->clk;
#ifdef VL_DEBUG
    if (VL_UNLIKELY(vlSymsp->_vm_contextp__->debug())) {
        Vvirtio_net_datapath___024root___dump_triggers__act(vlSelf);
    }
#endif
}
