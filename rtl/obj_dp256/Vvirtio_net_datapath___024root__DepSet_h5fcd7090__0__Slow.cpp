// Verilated -*- C++ -*-
// DESCRIPTION: Verilator output: Design implementation internals
// See Vvirtio_net_datapath.h for the primary calling header

#include "verilated.h"

#include "Vvirtio_net_datapath___024root.h"

VL_ATTR_COLD void Vvirtio_net_datapath___024root___eval_static(Vvirtio_net_datapath___024root* vlSelf) {
    if (false && vlSelf) {}  // Prevent unused
    Vvirtio_net_datapath__Syms* const __restrict vlSymsp VL_ATTR_UNUSED = vlSelf->vlSymsp;
    VL_DEBUG_IF(VL_DBG_MSGF("+    Vvirtio_net_datapath___024root___eval_static\n"); );
}

VL_ATTR_COLD void Vvirtio_net_datapath___024root___eval_initial__TOP(Vvirtio_net_datapath___024root* vlSelf);

VL_ATTR_COLD void Vvirtio_net_datapath___024root___eval_initial(Vvirtio_net_datapath___024root* vlSelf) {
    if (false && vlSelf) {}  // Prevent unused
    Vvirtio_net_datapath__Syms* const __restrict vlSymsp VL_ATTR_UNUSED = vlSelf->vlSymsp;
    VL_DEBUG_IF(VL_DBG_MSGF("+    Vvirtio_net_datapath___024root___eval_initial\n"); );
    // Body
    Vvirtio_net_datapath___024root___eval_initial__TOP(vlSelf);
    vlSelf->__Vtrigrprev__TOP__clk = vlSelf->clk;
}

VL_ATTR_COLD void Vvirtio_net_datapath___024root___eval_initial__TOP(Vvirtio_net_datapath___024root* vlSelf) {
    if (false && vlSelf) {}  // Prevent unused
    Vvirtio_net_datapath__Syms* const __restrict vlSymsp VL_ATTR_UNUSED = vlSelf->vlSymsp;
    VL_DEBUG_IF(VL_DBG_MSGF("+    Vvirtio_net_datapath___024root___eval_initial__TOP\n"); );
    // Body
    vlSelf->tx_rd_req_tlp_sop = 1U;
    vlSelf->tx_rd_req_tlp_eop = 1U;
}

VL_ATTR_COLD void Vvirtio_net_datapath___024root___eval_final(Vvirtio_net_datapath___024root* vlSelf) {
    if (false && vlSelf) {}  // Prevent unused
    Vvirtio_net_datapath__Syms* const __restrict vlSymsp VL_ATTR_UNUSED = vlSelf->vlSymsp;
    VL_DEBUG_IF(VL_DBG_MSGF("+    Vvirtio_net_datapath___024root___eval_final\n"); );
}

VL_ATTR_COLD void Vvirtio_net_datapath___024root___eval_triggers__stl(Vvirtio_net_datapath___024root* vlSelf);
#ifdef VL_DEBUG
VL_ATTR_COLD void Vvirtio_net_datapath___024root___dump_triggers__stl(Vvirtio_net_datapath___024root* vlSelf);
#endif  // VL_DEBUG
VL_ATTR_COLD void Vvirtio_net_datapath___024root___eval_stl(Vvirtio_net_datapath___024root* vlSelf);

VL_ATTR_COLD void Vvirtio_net_datapath___024root___eval_settle(Vvirtio_net_datapath___024root* vlSelf) {
    if (false && vlSelf) {}  // Prevent unused
    Vvirtio_net_datapath__Syms* const __restrict vlSymsp VL_ATTR_UNUSED = vlSelf->vlSymsp;
    VL_DEBUG_IF(VL_DBG_MSGF("+    Vvirtio_net_datapath___024root___eval_settle\n"); );
    // Init
    CData/*0:0*/ __VstlContinue;
    // Body
    vlSelf->__VstlIterCount = 0U;
    __VstlContinue = 1U;
    while (__VstlContinue) {
        __VstlContinue = 0U;
        Vvirtio_net_datapath___024root___eval_triggers__stl(vlSelf);
        if (vlSelf->__VstlTriggered.any()) {
            __VstlContinue = 1U;
            if (VL_UNLIKELY((0x64U < vlSelf->__VstlIterCount))) {
#ifdef VL_DEBUG
                Vvirtio_net_datapath___024root___dump_triggers__stl(vlSelf);
#endif
                VL_FATAL_MT("rtl/virtio_net_datapath.sv", 7, "", "Settle region did not converge.");
            }
            vlSelf->__VstlIterCount = ((IData)(1U) 
                                       + vlSelf->__VstlIterCount);
            Vvirtio_net_datapath___024root___eval_stl(vlSelf);
        }
    }
}

#ifdef VL_DEBUG
VL_ATTR_COLD void Vvirtio_net_datapath___024root___dump_triggers__stl(Vvirtio_net_datapath___024root* vlSelf) {
    if (false && vlSelf) {}  // Prevent unused
    Vvirtio_net_datapath__Syms* const __restrict vlSymsp VL_ATTR_UNUSED = vlSelf->vlSymsp;
    VL_DEBUG_IF(VL_DBG_MSGF("+    Vvirtio_net_datapath___024root___dump_triggers__stl\n"); );
    // Body
    if ((1U & (~ (IData)(vlSelf->__VstlTriggered.any())))) {
        VL_DBG_MSGF("         No triggers active\n");
    }
    if (vlSelf->__VstlTriggered.at(0U)) {
        VL_DBG_MSGF("         'stl' region trigger index 0 is active: Internal 'stl' trigger - first iteration\n");
    }
}
#endif  // VL_DEBUG

VL_ATTR_COLD void Vvirtio_net_datapath___024root___stl_sequent__TOP__0(Vvirtio_net_datapath___024root* vlSelf) {
    if (false && vlSelf) {}  // Prevent unused
    Vvirtio_net_datapath__Syms* const __restrict vlSymsp VL_ATTR_UNUSED = vlSelf->vlSymsp;
    VL_DEBUG_IF(VL_DBG_MSGF("+    Vvirtio_net_datapath___024root___stl_sequent__TOP__0\n"); );
    // Init
    SData/*15:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__rd_pos;
    virtio_net_datapath__DOT__u_dma_rd__DOT__rd_pos = 0;
    SData/*13:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__lim_mrrs;
    virtio_net_datapath__DOT__u_dma_rd__DOT__lim_mrrs = 0;
    SData/*13:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__lim_a;
    virtio_net_datapath__DOT__u_dma_rd__DOT__lim_a = 0;
    SData/*13:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__end_off;
    virtio_net_datapath__DOT__u_dma_rd__DOT__end_off = 0;
    SData/*11:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__len_dw;
    virtio_net_datapath__DOT__u_dma_rd__DOT__len_dw = 0;
    CData/*3:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__last_be;
    virtio_net_datapath__DOT__u_dma_rd__DOT__last_be = 0;
    SData/*15:0*/ virtio_net_datapath__DOT__u_dma_wr__DOT__data_idx;
    virtio_net_datapath__DOT__u_dma_wr__DOT__data_idx = 0;
    SData/*13:0*/ virtio_net_datapath__DOT__u_dma_wr__DOT__lim_mps;
    virtio_net_datapath__DOT__u_dma_wr__DOT__lim_mps = 0;
    SData/*13:0*/ virtio_net_datapath__DOT__u_dma_wr__DOT__lim_a;
    virtio_net_datapath__DOT__u_dma_wr__DOT__lim_a = 0;
    SData/*13:0*/ virtio_net_datapath__DOT__u_dma_wr__DOT__end_off;
    virtio_net_datapath__DOT__u_dma_wr__DOT__end_off = 0;
    CData/*3:0*/ virtio_net_datapath__DOT__u_dma_wr__DOT__lbe;
    virtio_net_datapath__DOT__u_dma_wr__DOT__lbe = 0;
    CData/*2:0*/ virtio_net_datapath__DOT__u_vq__DOT__cidx;
    virtio_net_datapath__DOT__u_vq__DOT__cidx = 0;
    IData/*16:0*/ virtio_net_datapath__DOT__u_vq__DOT__upos_sum;
    virtio_net_datapath__DOT__u_vq__DOT__upos_sum = 0;
    IData/*31:0*/ virtio_net_datapath__DOT__u_vq__DOT____VdfgTmp_h2e214746__0;
    virtio_net_datapath__DOT__u_vq__DOT____VdfgTmp_h2e214746__0 = 0;
    // Body
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__have_free = 0U;
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 0xfU)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__have_free = 1U;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 0xeU)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__have_free = 1U;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 0xdU)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__have_free = 1U;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 0xcU)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__have_free = 1U;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 0xbU)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__have_free = 1U;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 0xaU)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__have_free = 1U;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 9U)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__have_free = 1U;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 8U)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__have_free = 1U;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 7U)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__have_free = 1U;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 6U)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__have_free = 1U;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 5U)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__have_free = 1U;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 4U)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__have_free = 1U;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 3U)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__have_free = 1U;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 2U)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__have_free = 1U;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 1U)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__have_free = 1U;
    }
    vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__nkeep = 0U;
    if ((1U & (IData)(vlSelf->s_axis_rx_tkeep))) {
        vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__nkeep 
            = (0xffffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__nkeep)));
    }
    if ((2U & (IData)(vlSelf->s_axis_rx_tkeep))) {
        vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__nkeep 
            = (0xffffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__nkeep)));
    }
    if ((4U & (IData)(vlSelf->s_axis_rx_tkeep))) {
        vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__nkeep 
            = (0xffffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__nkeep)));
    }
    if ((8U & (IData)(vlSelf->s_axis_rx_tkeep))) {
        vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__nkeep 
            = (0xffffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__nkeep)));
    }
    if ((0x10U & (IData)(vlSelf->s_axis_rx_tkeep))) {
        vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__nkeep 
            = (0xffffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__nkeep)));
    }
    if ((0x20U & (IData)(vlSelf->s_axis_rx_tkeep))) {
        vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__nkeep 
            = (0xffffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__nkeep)));
    }
    if ((0x40U & (IData)(vlSelf->s_axis_rx_tkeep))) {
        vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__nkeep 
            = (0xffffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__nkeep)));
    }
    if ((0x80U & (IData)(vlSelf->s_axis_rx_tkeep))) {
        vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__nkeep 
            = (0xffffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__nkeep)));
    }
    vlSelf->rx_cpl_tlp_ready = (1U != (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cst));
    vlSelf->s_axis_rx_tready = (1U & (~ (IData)(vlSelf->virtio_net_datapath__DOT__frame_valid)));
    vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__beat_idx 
        = (0xffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__wr_len) 
                      >> 3U));
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_addr 
        = (((QData)((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__desc[1U])) 
            << 0x20U) | (QData)((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__desc[0U])));
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_len 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__desc[2U];
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_flags 
        = (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__desc[3U] 
           >> 0x10U);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_id 
        = (0xffffU & vlSelf->virtio_net_datapath__DOT__u_vq__DOT__desc[3U]);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__rd_chunk 
        = ((0x400U > vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_rem)
            ? vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_rem
            : 0x400U);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__used_flags 
        = (((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__uwrap)
             ? 0x8080U : 0U) | ((0U == vlSelf->virtio_net_datapath__DOT__u_vq__DOT__used_len)
                                 ? 0U : 2U));
    vlSelf->msix_wr_ready = ((0U == (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__st)) 
                             & (IData)(vlSelf->bus_master_enable));
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_known 
        = ((0x10U > (0xffU & (vlSelf->rx_cpl_tlp_hdr[1U] 
                              >> 8U))) & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                                          >> (0xfU 
                                              & (vlSelf->rx_cpl_tlp_hdr[1U] 
                                                 >> 8U))));
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_trem 
        = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem
        [(0xfU & (vlSelf->rx_cpl_tlp_hdr[1U] >> 8U))];
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ax_free 
        = (1U & ((~ (IData)(vlSelf->m_axis_tx_tvalid)) 
                 | (IData)(vlSelf->m_axis_tx_tready)));
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_avail 
        = (((1U & (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__desc[3U] 
                   >> 0x17U)) == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__wrap)) 
           & ((vlSelf->virtio_net_datapath__DOT__u_vq__DOT__desc[3U] 
               >> 0x1fU) != (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__wrap)));
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ct_n 
        = (0xffffU & ((vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_rem 
                       < (0xffffU & ((IData)(4U) - (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ctrl_cnt))))
                       ? vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_rem
                       : ((IData)(4U) - (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ctrl_cnt))));
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__c_ok 
        = ((IData)((((4U == (0xffffU & vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ctrl_req)) 
                     & (4U == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ctrl_cnt))) 
                    & ((1U <= (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ctrl_req 
                               >> 0x10U)) & (1U >= 
                                             (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ctrl_req 
                                              >> 0x10U))))) 
           | (((1U == (0xffU & vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ctrl_req)) 
               | (0U == (0xffU & vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ctrl_req))) 
              & ((2U <= (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ctrl_cnt)) 
                 & ((0U == (0xffU & (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ctrl_req 
                                     >> 8U))) | (1U 
                                                 == 
                                                 (0xffU 
                                                  & (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ctrl_req 
                                                     >> 8U)))))));
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_bc13 
        = ((0U == (0xfffU & vlSelf->rx_cpl_tlp_hdr[2U]))
            ? 0x1000U : (0xfffU & vlSelf->rx_cpl_tlp_hdr[2U]));
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__dws_left 
        = (0xffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_dws) 
                      - (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_sent)));
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pos_wr 
        = ((0xffffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pos))) 
           >= (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__qsize));
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ev_notify 
        = ((1U != (3U & (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__evt 
                         >> 0x10U))) & ((~ (IData)(
                                                   ((0x20000U 
                                                     == 
                                                     (0x30000U 
                                                      & vlSelf->virtio_net_datapath__DOT__u_vq__DOT__evt)) 
                                                    & (vlSelf->driver_features 
                                                       >> 0x1dU)))) 
                                        | ((0xffffU 
                                            & (((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__upos) 
                                                - (
                                                   ((1U 
                                                     & (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__evt 
                                                        >> 0xfU)) 
                                                    == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__uwrap))
                                                    ? 
                                                   (0x7fffU 
                                                    & vlSelf->virtio_net_datapath__DOT__u_vq__DOT__evt)
                                                    : 
                                                   ((0x7fffU 
                                                     & vlSelf->virtio_net_datapath__DOT__u_vq__DOT__evt) 
                                                    - (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__qsize)))) 
                                               - (IData)(1U))) 
                                           < (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__published))));
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_off 
        = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off
        [(0xfU & (vlSelf->rx_cpl_tlp_hdr[1U] >> 8U))];
    virtio_net_datapath__DOT__u_dma_rd__DOT__rd_pos 
        = (0xffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__base_lo) 
                      + (IData)(vlSelf->virtio_net_datapath__DOT__rd_byte_idx)));
    virtio_net_datapath__DOT__u_vq__DOT____VdfgTmp_h2e214746__0 
        = (0x1ffffU & (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__need 
                       - vlSelf->virtio_net_datapath__DOT__u_vq__DOT__src_cur));
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__free_tag = 0U;
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 0xfU)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__free_tag = 0xfU;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 0xeU)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__free_tag = 0xeU;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 0xdU)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__free_tag = 0xdU;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 0xcU)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__free_tag = 0xcU;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 0xbU)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__free_tag = 0xbU;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 0xaU)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__free_tag = 0xaU;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 9U)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__free_tag = 9U;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 8U)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__free_tag = 8U;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 7U)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__free_tag = 7U;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 6U)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__free_tag = 6U;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 5U)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__free_tag = 5U;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 4U)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__free_tag = 4U;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 3U)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__free_tag = 3U;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 2U)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__free_tag = 2U;
    }
    if ((1U & (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                  >> 1U)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__free_tag = 1U;
    }
    if ((1U & (~ (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__have_free = 1U;
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__free_tag = 0U;
    }
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_any = 0U;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q = 0U;
    virtio_net_datapath__DOT__u_vq__DOT__cidx = (7U 
                                                 & ((IData)(3U) 
                                                    + (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__rr_last)));
    if ((3U <= (IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx))) {
        virtio_net_datapath__DOT__u_vq__DOT__cidx = 
            (7U & ((IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx) 
                   - (IData)(3U)));
    }
    if (((0U == (IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx))
          ? (IData)(vlSelf->virtio_net_datapath__DOT__frame_valid)
          : ((((IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx) 
               | (2U == (3U & (IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx)))) 
              & ((2U >= (3U & (IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx))) 
                 & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__kick_pending) 
                    >> (3U & (IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx))))) 
             & ((2U >= (3U & (IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx))) 
                & ((IData)(vlSelf->queue_enable) >> 
                   (3U & (IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx))))))) {
        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_any = 1U;
        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q 
            = (3U & (IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx));
    }
    virtio_net_datapath__DOT__u_vq__DOT__cidx = (7U 
                                                 & ((IData)(2U) 
                                                    + (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__rr_last)));
    if ((3U <= (IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx))) {
        virtio_net_datapath__DOT__u_vq__DOT__cidx = 
            (7U & ((IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx) 
                   - (IData)(3U)));
    }
    if (((0U == (IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx))
          ? (IData)(vlSelf->virtio_net_datapath__DOT__frame_valid)
          : ((((IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx) 
               | (2U == (3U & (IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx)))) 
              & ((2U >= (3U & (IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx))) 
                 & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__kick_pending) 
                    >> (3U & (IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx))))) 
             & ((2U >= (3U & (IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx))) 
                & ((IData)(vlSelf->queue_enable) >> 
                   (3U & (IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx))))))) {
        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_any = 1U;
        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q 
            = (3U & (IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx));
    }
    virtio_net_datapath__DOT__u_vq__DOT__cidx = (7U 
                                                 & ((IData)(1U) 
                                                    + (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__rr_last)));
    if ((3U <= (IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx))) {
        virtio_net_datapath__DOT__u_vq__DOT__cidx = 
            (7U & ((IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx) 
                   - (IData)(3U)));
    }
    if (((0U == (IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx))
          ? (IData)(vlSelf->virtio_net_datapath__DOT__frame_valid)
          : ((((IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx) 
               | (2U == (3U & (IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx)))) 
              & ((2U >= (3U & (IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx))) 
                 & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__kick_pending) 
                    >> (3U & (IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx))))) 
             & ((2U >= (3U & (IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx))) 
                & ((IData)(vlSelf->queue_enable) >> 
                   (3U & (IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx))))))) {
        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_any = 1U;
        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q 
            = (3U & (IData)(virtio_net_datapath__DOT__u_vq__DOT__cidx));
    }
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_len13 
        = ((0U == (0x3ffU & vlSelf->rx_cpl_tlp_hdr[3U]))
            ? 0x400U : (0x3ffU & vlSelf->rx_cpl_tlp_hdr[3U]));
    virtio_net_datapath__DOT__u_dma_wr__DOT__data_idx 
        = (0xffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_pos) 
                      - (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_lo)));
    virtio_net_datapath__DOT__u_vq__DOT__upos_sum = 
        (0x1ffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__upos) 
                     + (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ndescs)));
    virtio_net_datapath__DOT__u_dma_wr__DOT__lim_mps 
        = (0x3fffU & (((IData)(0x80U) << ((5U < (IData)(vlSelf->max_payload_size))
                                           ? 5U : (IData)(vlSelf->max_payload_size))) 
                      - (3U & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__cur_addr))));
    virtio_net_datapath__DOT__u_dma_rd__DOT__lim_mrrs 
        = (0x3fffU & (((IData)(0x80U) << ((5U < (IData)(vlSelf->max_read_request_size))
                                           ? 5U : (IData)(vlSelf->max_read_request_size))) 
                      - (3U & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_addr))));
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__beat_dws 
        = ((8U > (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__dws_left))
            ? (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__dws_left)
            : 8U);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pos_nx 
        = ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pos_wr)
            ? 0U : (0xffffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pos))));
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__exp_la 
        = (0x7fU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__base_lo7) 
                    + (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_off)));
    vlSelf->virtio_net_datapath__DOT__rd_byte = (0xffU 
                                                 & (vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__buf_mem
                                                    [
                                                    (0x1ffU 
                                                     & ((IData)(virtio_net_datapath__DOT__u_dma_rd__DOT__rd_pos) 
                                                        >> 2U))] 
                                                    >> 
                                                    (0x18U 
                                                     & ((IData)(virtio_net_datapath__DOT__u_dma_rd__DOT__rd_pos) 
                                                        << 3U))));
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__rx_n 
        = ((virtio_net_datapath__DOT__u_vq__DOT____VdfgTmp_h2e214746__0 
            < vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_rem)
            ? virtio_net_datapath__DOT__u_vq__DOT____VdfgTmp_h2e214746__0
            : vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_rem);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_carry 
        = (0x7fffU & (((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_len13) 
                       << 2U) - (3U & vlSelf->rx_cpl_tlp_hdr[1U])));
    vlSelf->virtio_net_datapath__DOT__wr_src_off = 
        (0xffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__src_base) 
                    + (IData)(virtio_net_datapath__DOT__u_dma_wr__DOT__data_idx)));
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__lane_has 
        = (((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_pos) 
            >= (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_lo)) 
           & ((IData)(virtio_net_datapath__DOT__u_dma_wr__DOT__data_idx) 
              < (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_len)));
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__upos_wr 
        = (virtio_net_datapath__DOT__u_vq__DOT__upos_sum 
           >= (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__qsize));
    virtio_net_datapath__DOT__u_dma_wr__DOT__lim_a 
        = (0x3fffU & (((IData)(virtio_net_datapath__DOT__u_dma_wr__DOT__lim_mps) 
                       < (0x3fffU & ((IData)(0x1000U) 
                                     - (0xfffU & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__cur_addr)))))
                       ? (IData)(virtio_net_datapath__DOT__u_dma_wr__DOT__lim_mps)
                       : ((IData)(0x1000U) - (0xfffU 
                                              & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__cur_addr)))));
    virtio_net_datapath__DOT__u_dma_rd__DOT__lim_a 
        = (0x3fffU & (((IData)(virtio_net_datapath__DOT__u_dma_rd__DOT__lim_mrrs) 
                       < (0x3fffU & ((IData)(0x1000U) 
                                     - (0xfffU & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_addr)))))
                       ? (IData)(virtio_net_datapath__DOT__u_dma_rd__DOT__lim_mrrs)
                       : ((IData)(0x1000U) - (0xfffU 
                                              & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_addr)))));
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_final 
        = ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_carry) 
           >= (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_bc13));
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__upos_nx 
        = (0xffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__upos_wr)
                       ? (virtio_net_datapath__DOT__u_vq__DOT__upos_sum 
                          - (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__qsize))
                       : virtio_net_datapath__DOT__u_vq__DOT__upos_sum));
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__chunk 
        = (0x3fffU & (((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__rem) 
                       < (IData)(virtio_net_datapath__DOT__u_dma_wr__DOT__lim_a))
                       ? (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__rem)
                       : (IData)(virtio_net_datapath__DOT__u_dma_wr__DOT__lim_a)));
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__chunk 
        = (0x3fffU & (((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__rem) 
                       < (IData)(virtio_net_datapath__DOT__u_dma_rd__DOT__lim_a))
                       ? (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__rem)
                       : (IData)(virtio_net_datapath__DOT__u_dma_rd__DOT__lim_a)));
    virtio_net_datapath__DOT__u_dma_wr__DOT__end_off 
        = (0x3fffU & ((3U & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__cur_addr)) 
                      + (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__chunk)));
    virtio_net_datapath__DOT__u_dma_rd__DOT__end_off 
        = (0x3fffU & ((3U & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_addr)) 
                      + (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__chunk)));
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__len_dw 
        = (0xfffU & (((IData)(virtio_net_datapath__DOT__u_dma_wr__DOT__end_off) 
                      >> 2U) + (0U != (3U & (IData)(virtio_net_datapath__DOT__u_dma_wr__DOT__end_off)))));
    virtio_net_datapath__DOT__u_dma_wr__DOT__lbe = 
        ((0U == (3U & (IData)(virtio_net_datapath__DOT__u_dma_wr__DOT__end_off)))
          ? 0xfU : (0xfU & (~ ((IData)(0xfU) << (3U 
                                                 & (IData)(virtio_net_datapath__DOT__u_dma_wr__DOT__end_off))))));
    virtio_net_datapath__DOT__u_dma_rd__DOT__len_dw 
        = (0xfffU & (((IData)(virtio_net_datapath__DOT__u_dma_rd__DOT__end_off) 
                      >> 2U) + (0U != (3U & (IData)(virtio_net_datapath__DOT__u_dma_rd__DOT__end_off)))));
    virtio_net_datapath__DOT__u_dma_rd__DOT__last_be 
        = ((0U == (3U & (IData)(virtio_net_datapath__DOT__u_dma_rd__DOT__end_off)))
            ? 0xfU : (0xfU & (~ ((IData)(0xfU) << (3U 
                                                   & (IData)(virtio_net_datapath__DOT__u_dma_rd__DOT__end_off))))));
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__mwr_hdr[0U] 
        = (IData)(((0U != (IData)((vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__cur_addr 
                                   >> 0x20U))) ? (0xfffffffffffffffcULL 
                                                  & vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__cur_addr)
                    : ((QData)((IData)((0x3fffffffU 
                                        & (IData)((vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__cur_addr 
                                                   >> 2U))))) 
                       << 0x22U)));
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__mwr_hdr[1U] 
        = (IData)((((0U != (IData)((vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__cur_addr 
                                    >> 0x20U))) ? (0xfffffffffffffffcULL 
                                                   & vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__cur_addr)
                     : ((QData)((IData)((0x3fffffffU 
                                         & (IData)(
                                                   (vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__cur_addr 
                                                    >> 2U))))) 
                        << 0x22U)) >> 0x20U));
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__mwr_hdr[2U] 
        = (((IData)(vlSelf->requester_id) << 0x10U) 
           | ((((1U == (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__len_dw))
                 ? 0U : (IData)(virtio_net_datapath__DOT__u_dma_wr__DOT__lbe)) 
               << 4U) | (0xfU & ((1U == (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__len_dw))
                                  ? (((IData)(0xfU) 
                                      << (3U & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__cur_addr))) 
                                     & (IData)(virtio_net_datapath__DOT__u_dma_wr__DOT__lbe))
                                  : ((IData)(0xfU) 
                                     << (3U & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__cur_addr)))))));
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__mwr_hdr[3U] 
        = ((((0U != (IData)((vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__cur_addr 
                             >> 0x20U))) ? 3U : 2U) 
            << 0x1dU) | (0x3ffU & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__len_dw)));
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__mrd_hdr[0U] 
        = (IData)(((0U != (IData)((vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_addr 
                                   >> 0x20U))) ? (0xfffffffffffffffcULL 
                                                  & vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_addr)
                    : ((QData)((IData)((0x3fffffffU 
                                        & (IData)((vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_addr 
                                                   >> 2U))))) 
                       << 0x22U)));
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__mrd_hdr[1U] 
        = (IData)((((0U != (IData)((vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_addr 
                                    >> 0x20U))) ? (0xfffffffffffffffcULL 
                                                   & vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_addr)
                     : ((QData)((IData)((0x3fffffffU 
                                         & (IData)(
                                                   (vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_addr 
                                                    >> 2U))))) 
                        << 0x22U)) >> 0x20U));
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__mrd_hdr[2U] 
        = (((IData)(vlSelf->requester_id) << 0x10U) 
           | (((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__free_tag) 
               << 8U) | ((((1U == (IData)(virtio_net_datapath__DOT__u_dma_rd__DOT__len_dw))
                            ? 0U : (IData)(virtio_net_datapath__DOT__u_dma_rd__DOT__last_be)) 
                          << 4U) | (0xfU & ((1U == (IData)(virtio_net_datapath__DOT__u_dma_rd__DOT__len_dw))
                                             ? (((IData)(0xfU) 
                                                 << 
                                                 (3U 
                                                  & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_addr))) 
                                                & (IData)(virtio_net_datapath__DOT__u_dma_rd__DOT__last_be))
                                             : ((IData)(0xfU) 
                                                << 
                                                (3U 
                                                 & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_addr))))))));
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__mrd_hdr[3U] 
        = ((((0U != (IData)((vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_addr 
                             >> 0x20U))) ? 1U : 0U) 
            << 0x1dU) | (0x3ffU & (IData)(virtio_net_datapath__DOT__u_dma_rd__DOT__len_dw)));
}

VL_ATTR_COLD void Vvirtio_net_datapath___024root___eval_stl(Vvirtio_net_datapath___024root* vlSelf) {
    if (false && vlSelf) {}  // Prevent unused
    Vvirtio_net_datapath__Syms* const __restrict vlSymsp VL_ATTR_UNUSED = vlSelf->vlSymsp;
    VL_DEBUG_IF(VL_DBG_MSGF("+    Vvirtio_net_datapath___024root___eval_stl\n"); );
    // Body
    if (vlSelf->__VstlTriggered.at(0U)) {
        Vvirtio_net_datapath___024root___stl_sequent__TOP__0(vlSelf);
    }
}

#ifdef VL_DEBUG
VL_ATTR_COLD void Vvirtio_net_datapath___024root___dump_triggers__ico(Vvirtio_net_datapath___024root* vlSelf) {
    if (false && vlSelf) {}  // Prevent unused
    Vvirtio_net_datapath__Syms* const __restrict vlSymsp VL_ATTR_UNUSED = vlSelf->vlSymsp;
    VL_DEBUG_IF(VL_DBG_MSGF("+    Vvirtio_net_datapath___024root___dump_triggers__ico\n"); );
    // Body
    if ((1U & (~ (IData)(vlSelf->__VicoTriggered.any())))) {
        VL_DBG_MSGF("         No triggers active\n");
    }
    if (vlSelf->__VicoTriggered.at(0U)) {
        VL_DBG_MSGF("         'ico' region trigger index 0 is active: Internal 'ico' trigger - first iteration\n");
    }
}
#endif  // VL_DEBUG

#ifdef VL_DEBUG
VL_ATTR_COLD void Vvirtio_net_datapath___024root___dump_triggers__act(Vvirtio_net_datapath___024root* vlSelf) {
    if (false && vlSelf) {}  // Prevent unused
    Vvirtio_net_datapath__Syms* const __restrict vlSymsp VL_ATTR_UNUSED = vlSelf->vlSymsp;
    VL_DEBUG_IF(VL_DBG_MSGF("+    Vvirtio_net_datapath___024root___dump_triggers__act\n"); );
    // Body
    if ((1U & (~ (IData)(vlSelf->__VactTriggered.any())))) {
        VL_DBG_MSGF("         No triggers active\n");
    }
    if (vlSelf->__VactTriggered.at(0U)) {
        VL_DBG_MSGF("         'act' region trigger index 0 is active: @(posedge clk)\n");
    }
}
#endif  // VL_DEBUG

#ifdef VL_DEBUG
VL_ATTR_COLD void Vvirtio_net_datapath___024root___dump_triggers__nba(Vvirtio_net_datapath___024root* vlSelf) {
    if (false && vlSelf) {}  // Prevent unused
    Vvirtio_net_datapath__Syms* const __restrict vlSymsp VL_ATTR_UNUSED = vlSelf->vlSymsp;
    VL_DEBUG_IF(VL_DBG_MSGF("+    Vvirtio_net_datapath___024root___dump_triggers__nba\n"); );
    // Body
    if ((1U & (~ (IData)(vlSelf->__VnbaTriggered.any())))) {
        VL_DBG_MSGF("         No triggers active\n");
    }
    if (vlSelf->__VnbaTriggered.at(0U)) {
        VL_DBG_MSGF("         'nba' region trigger index 0 is active: @(posedge clk)\n");
    }
}
#endif  // VL_DEBUG

VL_ATTR_COLD void Vvirtio_net_datapath___024root___ctor_var_reset(Vvirtio_net_datapath___024root* vlSelf) {
    if (false && vlSelf) {}  // Prevent unused
    Vvirtio_net_datapath__Syms* const __restrict vlSymsp VL_ATTR_UNUSED = vlSelf->vlSymsp;
    VL_DEBUG_IF(VL_DBG_MSGF("+    Vvirtio_net_datapath___024root___ctor_var_reset\n"); );
    // Body
    vlSelf->clk = VL_RAND_RESET_I(1);
    vlSelf->rst = VL_RAND_RESET_I(1);
    vlSelf->driver_features = VL_RAND_RESET_Q(64);
    vlSelf->driver_ok = VL_RAND_RESET_I(1);
    vlSelf->dev_reset = VL_RAND_RESET_I(1);
    vlSelf->queue_enable = VL_RAND_RESET_I(3);
    vlSelf->queue_size = VL_RAND_RESET_Q(48);
    VL_RAND_RESET_W(192, vlSelf->queue_desc);
    VL_RAND_RESET_W(192, vlSelf->queue_driver);
    VL_RAND_RESET_W(192, vlSelf->queue_device);
    vlSelf->queue_reset_req = VL_RAND_RESET_I(3);
    vlSelf->notify_valid = VL_RAND_RESET_I(1);
    vlSelf->notify_qid = VL_RAND_RESET_I(16);
    vlSelf->notify_data = VL_RAND_RESET_I(32);
    vlSelf->max_payload_size = VL_RAND_RESET_I(3);
    vlSelf->max_read_request_size = VL_RAND_RESET_I(3);
    vlSelf->bus_master_enable = VL_RAND_RESET_I(1);
    vlSelf->requester_id = VL_RAND_RESET_I(16);
    vlSelf->mac_addr = VL_RAND_RESET_Q(48);
    vlSelf->irq_valid = VL_RAND_RESET_I(1);
    vlSelf->irq_qid = VL_RAND_RESET_I(16);
    vlSelf->irq_ready = VL_RAND_RESET_I(1);
    vlSelf->needs_reset = VL_RAND_RESET_I(1);
    vlSelf->needs_reset_reason = VL_RAND_RESET_I(8);
    vlSelf->msix_wr_addr = VL_RAND_RESET_Q(64);
    vlSelf->msix_wr_data = VL_RAND_RESET_I(32);
    vlSelf->msix_wr_valid = VL_RAND_RESET_I(1);
    vlSelf->msix_wr_ready = VL_RAND_RESET_I(1);
    VL_RAND_RESET_W(128, vlSelf->tx_rd_req_tlp_hdr);
    vlSelf->tx_rd_req_tlp_valid = VL_RAND_RESET_I(1);
    vlSelf->tx_rd_req_tlp_sop = VL_RAND_RESET_I(1);
    vlSelf->tx_rd_req_tlp_eop = VL_RAND_RESET_I(1);
    vlSelf->tx_rd_req_tlp_ready = VL_RAND_RESET_I(1);
    VL_RAND_RESET_W(256, vlSelf->tx_wr_req_tlp_data);
    vlSelf->tx_wr_req_tlp_strb = VL_RAND_RESET_I(8);
    VL_RAND_RESET_W(128, vlSelf->tx_wr_req_tlp_hdr);
    vlSelf->tx_wr_req_tlp_valid = VL_RAND_RESET_I(1);
    vlSelf->tx_wr_req_tlp_sop = VL_RAND_RESET_I(1);
    vlSelf->tx_wr_req_tlp_eop = VL_RAND_RESET_I(1);
    vlSelf->tx_wr_req_tlp_ready = VL_RAND_RESET_I(1);
    VL_RAND_RESET_W(256, vlSelf->rx_cpl_tlp_data);
    vlSelf->rx_cpl_tlp_strb = VL_RAND_RESET_I(8);
    VL_RAND_RESET_W(128, vlSelf->rx_cpl_tlp_hdr);
    vlSelf->rx_cpl_tlp_error = VL_RAND_RESET_I(4);
    vlSelf->rx_cpl_tlp_valid = VL_RAND_RESET_I(1);
    vlSelf->rx_cpl_tlp_sop = VL_RAND_RESET_I(1);
    vlSelf->rx_cpl_tlp_eop = VL_RAND_RESET_I(1);
    vlSelf->rx_cpl_tlp_ready = VL_RAND_RESET_I(1);
    vlSelf->m_axis_tx_tdata = VL_RAND_RESET_Q(64);
    vlSelf->m_axis_tx_tkeep = VL_RAND_RESET_I(8);
    vlSelf->m_axis_tx_tvalid = VL_RAND_RESET_I(1);
    vlSelf->m_axis_tx_tready = VL_RAND_RESET_I(1);
    vlSelf->m_axis_tx_tlast = VL_RAND_RESET_I(1);
    vlSelf->m_axis_tx_tuser = VL_RAND_RESET_I(1);
    vlSelf->s_axis_rx_tdata = VL_RAND_RESET_Q(64);
    vlSelf->s_axis_rx_tkeep = VL_RAND_RESET_I(8);
    vlSelf->s_axis_rx_tvalid = VL_RAND_RESET_I(1);
    vlSelf->s_axis_rx_tready = VL_RAND_RESET_I(1);
    vlSelf->s_axis_rx_tlast = VL_RAND_RESET_I(1);
    vlSelf->s_axis_rx_tuser = VL_RAND_RESET_I(1);
    vlSelf->rx_drop_count = VL_RAND_RESET_I(32);
    vlSelf->tx_frame_count = VL_RAND_RESET_I(32);
    vlSelf->rx_frame_count = VL_RAND_RESET_I(32);
    vlSelf->virtio_net_datapath__DOT__rd_req_valid = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__rd_done = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__rd_err = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__rd_abort = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__rd_req_addr = VL_RAND_RESET_Q(64);
    vlSelf->virtio_net_datapath__DOT__rd_req_len = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__rd_byte_idx = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__rd_err_reason = VL_RAND_RESET_I(8);
    vlSelf->virtio_net_datapath__DOT__rd_byte = VL_RAND_RESET_I(8);
    vlSelf->virtio_net_datapath__DOT__wr_req_valid = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__wr_done = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__wr_req_addr = VL_RAND_RESET_Q(64);
    vlSelf->virtio_net_datapath__DOT__wr_req_len = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__wr_req_src_off = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__wr_src_off = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__frame_valid = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__frame_release = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__fifo_drop = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__frame_len = VL_RAND_RESET_I(16);
    for (int __Vi0 = 0; __Vi0 < 512; ++__Vi0) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__buf_mem[__Vi0] = VL_RAND_RESET_I(32);
    }
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__busy = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__failed = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_addr = VL_RAND_RESET_Q(64);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__rem = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__base_lo = VL_RAND_RESET_I(2);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__base_lo7 = VL_RAND_RESET_I(7);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_off = VL_RAND_RESET_I(12);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active = VL_RAND_RESET_I(16);
    for (int __Vi0 = 0; __Vi0 < 16; ++__Vi0) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off[__Vi0] = VL_RAND_RESET_I(12);
    }
    for (int __Vi0 = 0; __Vi0 < 16; ++__Vi0) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem[__Vi0] = VL_RAND_RESET_I(13);
    }
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__timer = VL_RAND_RESET_I(32);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__have_free = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__free_tag = VL_RAND_RESET_I(4);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__chunk = VL_RAND_RESET_I(14);
    VL_RAND_RESET_W(128, vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__mrd_hdr);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_bc13 = VL_RAND_RESET_I(13);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_len13 = VL_RAND_RESET_I(13);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_known = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_off = VL_RAND_RESET_I(12);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_trem = VL_RAND_RESET_I(13);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__exp_la = VL_RAND_RESET_I(7);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_carry = VL_RAND_RESET_I(15);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_final = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cst = VL_RAND_RESET_I(2);
    VL_RAND_RESET_W(256, vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_strb = VL_RAND_RESET_I(8);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_eop = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_i = VL_RAND_RESET_I(3);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__wr_dw = VL_RAND_RESET_I(9);
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__dw_left = VL_RAND_RESET_I(11);
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__st = VL_RAND_RESET_I(3);
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__cur_addr = VL_RAND_RESET_Q(64);
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__rem = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__src_base = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_len = VL_RAND_RESET_I(13);
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_lo = VL_RAND_RESET_I(2);
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_pos = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_dws = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_sent = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__lane = VL_RAND_RESET_I(5);
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__first_beat = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__lane_has = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__chunk = VL_RAND_RESET_I(14);
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__len_dw = VL_RAND_RESET_I(12);
    VL_RAND_RESET_W(128, vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__mwr_hdr);
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__dws_left = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__beat_dws = VL_RAND_RESET_I(16);
    for (int __Vi0 = 0; __Vi0 < 256; ++__Vi0) {
        vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__mem[__Vi0] = VL_RAND_RESET_Q(64);
    }
    vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__wr_len = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__overflow = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__nkeep = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__beat_idx = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__avail_idx = VL_RAND_RESET_Q(48);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__avail_wrap_counter = VL_RAND_RESET_I(3);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__used_idx = VL_RAND_RESET_Q(48);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__used_wrap_counter = VL_RAND_RESET_I(3);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__kick_pending = VL_RAND_RESET_I(3);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__job = VL_RAND_RESET_I(2);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cq = VL_RAND_RESET_I(2);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__rr_last = VL_RAND_RESET_I(2);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__qsize = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__qdesc = VL_RAND_RESET_Q(64);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__qdrv = VL_RAND_RESET_Q(64);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pos = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__wrap = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__first = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ndescs = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tot_slots = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__in_ind = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tbl_addr = VL_RAND_RESET_Q(64);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tbl_n = VL_RAND_RESET_I(28);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tbl_i = VL_RAND_RESET_I(28);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__seen_write = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__buf_id = VL_RAND_RESET_I(16);
    VL_RAND_RESET_W(128, vlSelf->virtio_net_datapath__DOT__u_vq__DOT__desc);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_addr = VL_RAND_RESET_Q(64);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_rem = VL_RAND_RESET_I(32);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_write = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_last = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__chunk_n = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__upos = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__uwrap = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__published = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__used_len = VL_RAND_RESET_I(32);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__first_slot = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__first_uwrap = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tx_cnt = VL_RAND_RESET_I(32);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ctrl_req = VL_RAND_RESET_I(32);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ctrl_cnt = VL_RAND_RESET_I(3);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ack_done = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__dry = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cap = VL_RAND_RESET_Q(40);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__need = VL_RAND_RESET_I(17);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__nbufs = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__buf_idx = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__src_cur = VL_RAND_RESET_I(17);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__imm = VL_RAND_RESET_Q(48);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__src_rx = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__evt = VL_RAND_RESET_I(32);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st = VL_RAND_RESET_I(6);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ret = VL_RAND_RESET_I(6);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_any = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q = VL_RAND_RESET_I(2);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_flags = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_id = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_len = VL_RAND_RESET_I(32);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_addr = VL_RAND_RESET_Q(64);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_avail = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pos_nx = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pos_wr = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__rd_chunk = VL_RAND_RESET_I(32);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__rx_n = VL_RAND_RESET_I(32);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__used_flags = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__upos_wr = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__upos_nx = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__c_ok = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ct_n = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ev_notify = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pk_word = VL_RAND_RESET_Q(64);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pk_cnt = VL_RAND_RESET_I(4);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ax_free = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_h509d6ee3__0 = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_hea855c5f__0 = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_ha8e5c92a__0 = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_haa7acbb0__0 = VL_RAND_RESET_I(16);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_h68fe9e04__0 = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_hb4f7d5d6__0 = VL_RAND_RESET_I(1);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_hb7e98996__0 = VL_RAND_RESET_I(1);
    vlSelf->__Vtrigrprev__TOP__clk = VL_RAND_RESET_I(1);
}
