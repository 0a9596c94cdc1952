// Verilated -*- C++ -*-
// DESCRIPTION: Verilator output: Design implementation internals
// See Vvirtio_net_datapath.h for the primary calling header

#include "verilated.h"

#include "Vvirtio_net_datapath___024root.h"

VL_INLINE_OPT void Vvirtio_net_datapath___024root___ico_sequent__TOP__0(Vvirtio_net_datapath___024root* vlSelf) {
    if (false && vlSelf) {}  // Prevent unused
    Vvirtio_net_datapath__Syms* const __restrict vlSymsp VL_ATTR_UNUSED = vlSelf->vlSymsp;
    VL_DEBUG_IF(VL_DBG_MSGF("+    Vvirtio_net_datapath___024root___ico_sequent__TOP__0\n"); );
    // Init
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
    // Body
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
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_bc13 
        = ((0U == (0xfffU & vlSelf->rx_cpl_tlp_hdr[2U]))
            ? 0x1000U : (0xfffU & vlSelf->rx_cpl_tlp_hdr[2U]));
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
    virtio_net_datapath__DOT__u_dma_wr__DOT__lim_mps 
        = (0x3fffU & (((IData)(0x80U) << ((5U < (IData)(vlSelf->max_payload_size))
                                           ? 5U : (IData)(vlSelf->max_payload_size))) 
                      - (3U & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__cur_addr))));
    virtio_net_datapath__DOT__u_dma_rd__DOT__lim_mrrs 
        = (0x3fffU & (((IData)(0x80U) << ((5U < (IData)(vlSelf->max_read_request_size))
                                           ? 5U : (IData)(vlSelf->max_read_request_size))) 
                      - (3U & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_addr))));
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__exp_la 
        = (0x7fU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__base_lo7) 
                    + (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_off)));
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_carry 
        = (0x7fffU & (((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_len13) 
                       << 2U) - (3U & vlSelf->rx_cpl_tlp_hdr[1U])));
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

void Vvirtio_net_datapath___024root___eval_ico(Vvirtio_net_datapath___024root* vlSelf) {
    if (false && vlSelf) {}  // Prevent unused
    Vvirtio_net_datapath__Syms* const __restrict vlSymsp VL_ATTR_UNUSED = vlSelf->vlSymsp;
    VL_DEBUG_IF(VL_DBG_MSGF("+    Vvirtio_net_datapath___024root___eval_ico\n"); );
    // Body
    if (vlSelf->__VicoTriggered.at(0U)) {
        Vvirtio_net_datapath___024root___ico_sequent__TOP__0(vlSelf);
    }
}

void Vvirtio_net_datapath___024root___eval_act(Vvirtio_net_datapath___024root* vlSelf) {
    if (false && vlSelf) {}  // Prevent unused
    Vvirtio_net_datapath__Syms* const __restrict vlSymsp VL_ATTR_UNUSED = vlSelf->vlSymsp;
    VL_DEBUG_IF(VL_DBG_MSGF("+    Vvirtio_net_datapath___024root___eval_act\n"); );
}

VL_INLINE_OPT void Vvirtio_net_datapath___024root___nba_sequent__TOP__0(Vvirtio_net_datapath___024root* vlSelf) {
    if (false && vlSelf) {}  // Prevent unused
    Vvirtio_net_datapath__Syms* const __restrict vlSymsp VL_ATTR_UNUSED = vlSelf->vlSymsp;
    VL_DEBUG_IF(VL_DBG_MSGF("+    Vvirtio_net_datapath___024root___nba_sequent__TOP__0\n"); );
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
    IData/*31:0*/ __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__timer;
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__timer = 0;
    CData/*0:0*/ __Vdly__tx_rd_req_tlp_valid;
    __Vdly__tx_rd_req_tlp_valid = 0;
    SData/*15:0*/ __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__rem;
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__rem = 0;
    SData/*15:0*/ __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active;
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active = 0;
    CData/*3:0*/ __Vdlyvdim0__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off__v0;
    __Vdlyvdim0__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off__v0 = 0;
    SData/*11:0*/ __Vdlyvval__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off__v0;
    __Vdlyvval__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off__v0 = 0;
    CData/*0:0*/ __Vdlyvset__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off__v0;
    __Vdlyvset__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off__v0 = 0;
    CData/*3:0*/ __Vdlyvdim0__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem__v0;
    __Vdlyvdim0__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem__v0 = 0;
    SData/*12:0*/ __Vdlyvval__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem__v0;
    __Vdlyvval__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem__v0 = 0;
    CData/*1:0*/ __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__cst;
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__cst = 0;
    CData/*0:0*/ __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__failed;
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__failed = 0;
    VlWide<8>/*255:0*/ __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data;
    VL_ZERO_W(256, __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data);
    CData/*7:0*/ __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_strb;
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_strb = 0;
    CData/*0:0*/ __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_eop;
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_eop = 0;
    CData/*2:0*/ __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_i;
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_i = 0;
    SData/*8:0*/ __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__wr_dw;
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__wr_dw = 0;
    SData/*10:0*/ __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__dw_left;
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__dw_left = 0;
    CData/*3:0*/ __Vdlyvdim0__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem__v1;
    __Vdlyvdim0__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem__v1 = 0;
    SData/*12:0*/ __Vdlyvval__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem__v1;
    __Vdlyvval__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem__v1 = 0;
    CData/*0:0*/ __Vdlyvset__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem__v1;
    __Vdlyvset__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem__v1 = 0;
    CData/*3:0*/ __Vdlyvdim0__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off__v1;
    __Vdlyvdim0__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off__v1 = 0;
    SData/*11:0*/ __Vdlyvval__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off__v1;
    __Vdlyvval__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off__v1 = 0;
    SData/*8:0*/ __Vdlyvdim0__virtio_net_datapath__DOT__u_dma_rd__DOT__buf_mem__v0;
    __Vdlyvdim0__virtio_net_datapath__DOT__u_dma_rd__DOT__buf_mem__v0 = 0;
    IData/*31:0*/ __Vdlyvval__virtio_net_datapath__DOT__u_dma_rd__DOT__buf_mem__v0;
    __Vdlyvval__virtio_net_datapath__DOT__u_dma_rd__DOT__buf_mem__v0 = 0;
    CData/*0:0*/ __Vdlyvset__virtio_net_datapath__DOT__u_dma_rd__DOT__buf_mem__v0;
    __Vdlyvset__virtio_net_datapath__DOT__u_dma_rd__DOT__buf_mem__v0 = 0;
    CData/*0:0*/ __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__busy;
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__busy = 0;
    CData/*0:0*/ __Vdly__virtio_net_datapath__DOT__wr_done;
    __Vdly__virtio_net_datapath__DOT__wr_done = 0;
    CData/*2:0*/ __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__st;
    __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__st = 0;
    CData/*0:0*/ __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__first_beat;
    __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__first_beat = 0;
    CData/*4:0*/ __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__lane;
    __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__lane = 0;
    SData/*15:0*/ __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__t_pos;
    __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__t_pos = 0;
    CData/*0:0*/ __Vdly__virtio_net_datapath__DOT__u_rx_fifo__DOT__overflow;
    __Vdly__virtio_net_datapath__DOT__u_rx_fifo__DOT__overflow = 0;
    CData/*7:0*/ __Vdlyvdim0__virtio_net_datapath__DOT__u_rx_fifo__DOT__mem__v0;
    __Vdlyvdim0__virtio_net_datapath__DOT__u_rx_fifo__DOT__mem__v0 = 0;
    QData/*63:0*/ __Vdlyvval__virtio_net_datapath__DOT__u_rx_fifo__DOT__mem__v0;
    __Vdlyvval__virtio_net_datapath__DOT__u_rx_fifo__DOT__mem__v0 = 0;
    CData/*0:0*/ __Vdlyvset__virtio_net_datapath__DOT__u_rx_fifo__DOT__mem__v0;
    __Vdlyvset__virtio_net_datapath__DOT__u_rx_fifo__DOT__mem__v0 = 0;
    SData/*15:0*/ __Vdly__virtio_net_datapath__DOT__u_rx_fifo__DOT__wr_len;
    __Vdly__virtio_net_datapath__DOT__u_rx_fifo__DOT__wr_len = 0;
    CData/*0:0*/ __Vdly__virtio_net_datapath__DOT__frame_release;
    __Vdly__virtio_net_datapath__DOT__frame_release = 0;
    CData/*0:0*/ __Vdly__virtio_net_datapath__DOT__rd_abort;
    __Vdly__virtio_net_datapath__DOT__rd_abort = 0;
    CData/*0:0*/ __Vdly__virtio_net_datapath__DOT__rd_req_valid;
    __Vdly__virtio_net_datapath__DOT__rd_req_valid = 0;
    CData/*0:0*/ __Vdly__virtio_net_datapath__DOT__wr_req_valid;
    __Vdly__virtio_net_datapath__DOT__wr_req_valid = 0;
    CData/*0:0*/ __Vdly__m_axis_tx_tvalid;
    __Vdly__m_axis_tx_tvalid = 0;
    IData/*31:0*/ __Vdly__rx_drop_count;
    __Vdly__rx_drop_count = 0;
    CData/*5:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0;
    CData/*3:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__pk_cnt;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__pk_cnt = 0;
    CData/*0:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__dry;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__dry = 0;
    SData/*15:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__pos;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__pos = 0;
    CData/*0:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__wrap;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__wrap = 0;
    SData/*15:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tot_slots;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tot_slots = 0;
    SData/*15:0*/ __Vdly__virtio_net_datapath__DOT__rd_byte_idx;
    __Vdly__virtio_net_datapath__DOT__rd_byte_idx = 0;
    QData/*47:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_idx;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_idx = 0;
    CData/*2:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_wrap_counter;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_wrap_counter = 0;
    QData/*47:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_idx;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_idx = 0;
    CData/*2:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_wrap_counter;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_wrap_counter = 0;
    QData/*63:0*/ __Vdly__virtio_net_datapath__DOT__rd_req_addr;
    __Vdly__virtio_net_datapath__DOT__rd_req_addr = 0;
    SData/*15:0*/ __Vdly__virtio_net_datapath__DOT__rd_req_len;
    __Vdly__virtio_net_datapath__DOT__rd_req_len = 0;
    CData/*5:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ret;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ret = 0;
    CData/*0:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__uwrap;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__uwrap = 0;
    SData/*15:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__buf_idx;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__buf_idx = 0;
    SData/*15:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__upos;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__upos = 0;
    CData/*2:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ctrl_cnt;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ctrl_cnt = 0;
    IData/*31:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tx_cnt;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tx_cnt = 0;
    IData/*31:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__el_rem;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__el_rem = 0;
    QData/*63:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__el_addr;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__el_addr = 0;
    IData/*31:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_len;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_len = 0;
    SData/*15:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ndescs;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ndescs = 0;
    CData/*0:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__first;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__first = 0;
    CData/*0:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__in_ind;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__in_ind = 0;
    QData/*63:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tbl_addr;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tbl_addr = 0;
    IData/*27:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tbl_i;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tbl_i = 0;
    CData/*1:0*/ __Vdly__virtio_net_datapath__DOT__u_vq__DOT__cq;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__cq = 0;
    // Body
    __Vdly__virtio_net_datapath__DOT__u_rx_fifo__DOT__overflow 
        = vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__overflow;
    __Vdlyvset__virtio_net_datapath__DOT__u_rx_fifo__DOT__mem__v0 = 0U;
    __Vdly__virtio_net_datapath__DOT__u_rx_fifo__DOT__wr_len 
        = vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__wr_len;
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__busy 
        = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__busy;
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__dw_left 
        = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__dw_left;
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__wr_dw 
        = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__wr_dw;
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_i 
        = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_i;
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_eop 
        = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_eop;
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_strb 
        = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_strb;
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[0U] 
        = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[0U];
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[1U] 
        = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[1U];
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[2U] 
        = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[2U];
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[3U] 
        = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[3U];
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[4U] 
        = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[4U];
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[5U] 
        = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[5U];
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[6U] 
        = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[6U];
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[7U] 
        = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[7U];
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__failed 
        = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__failed;
    __Vdly__tx_rd_req_tlp_valid = vlSelf->tx_rd_req_tlp_valid;
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__timer 
        = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__timer;
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__cst 
        = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cst;
    __Vdlyvset__virtio_net_datapath__DOT__u_dma_rd__DOT__buf_mem__v0 = 0U;
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active 
        = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active;
    __Vdlyvset__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem__v1 = 0U;
    __Vdlyvset__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off__v0 = 0U;
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__rem 
        = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__rem;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__cq 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cq;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tbl_i 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tbl_i;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tbl_addr 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tbl_addr;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__in_ind 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__in_ind;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__first 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__first;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__el_addr 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_addr;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tx_cnt 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tx_cnt;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__buf_idx 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__buf_idx;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ret 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ret;
    __Vdly__virtio_net_datapath__DOT__rd_req_len = vlSelf->virtio_net_datapath__DOT__rd_req_len;
    __Vdly__virtio_net_datapath__DOT__rd_req_addr = vlSelf->virtio_net_datapath__DOT__rd_req_addr;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_wrap_counter 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__used_wrap_counter;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_idx 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__used_idx;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_wrap_counter 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__avail_wrap_counter;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_idx 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__avail_idx;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tot_slots 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tot_slots;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__dry 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__dry;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__pk_cnt 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pk_cnt;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st;
    __Vdly__rx_drop_count = vlSelf->rx_drop_count;
    __Vdly__virtio_net_datapath__DOT__wr_req_valid 
        = vlSelf->virtio_net_datapath__DOT__wr_req_valid;
    __Vdly__virtio_net_datapath__DOT__rd_req_valid 
        = vlSelf->virtio_net_datapath__DOT__rd_req_valid;
    __Vdly__virtio_net_datapath__DOT__rd_abort = vlSelf->virtio_net_datapath__DOT__rd_abort;
    __Vdly__virtio_net_datapath__DOT__frame_release 
        = vlSelf->virtio_net_datapath__DOT__frame_release;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_len 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__used_len;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__wrap 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__wrap;
    __Vdly__m_axis_tx_tvalid = vlSelf->m_axis_tx_tvalid;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ctrl_cnt 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ctrl_cnt;
    __Vdly__virtio_net_datapath__DOT__rd_byte_idx = vlSelf->virtio_net_datapath__DOT__rd_byte_idx;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__el_rem 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_rem;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__uwrap 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__uwrap;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__pos 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pos;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ndescs 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ndescs;
    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__upos 
        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__upos;
    __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__lane 
        = vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__lane;
    __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__first_beat 
        = vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__first_beat;
    __Vdly__virtio_net_datapath__DOT__wr_done = vlSelf->virtio_net_datapath__DOT__wr_done;
    __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__st 
        = vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__st;
    __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__t_pos 
        = vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_pos;
    __Vdly__virtio_net_datapath__DOT__wr_done = 0U;
    if ((4U & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__st))) {
        if ((2U & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__st))) {
            __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__st = 0U;
        } else if ((1U & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__st))) {
            __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__st = 0U;
        } else if (vlSelf->tx_wr_req_tlp_ready) {
            vlSelf->tx_wr_req_tlp_valid = 0U;
            __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__st = 0U;
        }
    } else if ((2U & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__st))) {
        if ((1U & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__st))) {
            if (vlSelf->tx_wr_req_tlp_ready) {
                if (vlSelf->tx_wr_req_tlp_eop) {
                    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__src_base 
                        = (0xffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__src_base) 
                                      + (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_len)));
                    if ((0U != (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__rem))) {
                        __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__st = 1U;
                    } else {
                        __Vdly__virtio_net_datapath__DOT__wr_done = 1U;
                        __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__st = 0U;
                    }
                } else {
                    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__src_base 
                        = (0xffffU & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__src_base));
                    __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__st = 2U;
                }
                vlSelf->tx_wr_req_tlp_valid = 0U;
                __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__first_beat = 0U;
                vlSelf->tx_wr_req_tlp_data[0U] = 0U;
                vlSelf->tx_wr_req_tlp_data[1U] = 0U;
                vlSelf->tx_wr_req_tlp_data[2U] = 0U;
                vlSelf->tx_wr_req_tlp_data[3U] = 0U;
                vlSelf->tx_wr_req_tlp_data[4U] = 0U;
                vlSelf->tx_wr_req_tlp_data[5U] = 0U;
                vlSelf->tx_wr_req_tlp_data[6U] = 0U;
                vlSelf->tx_wr_req_tlp_data[7U] = 0U;
                __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__lane = 0U;
            }
        } else {
            if (vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__lane_has) {
                VL_ASSIGNSEL_WI(256,8,(0xffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__lane) 
                                                << 3U)), vlSelf->tx_wr_req_tlp_data, 
                                (0xffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__src_rx)
                                           ? ((0xcU 
                                               > (IData)(vlSelf->virtio_net_datapath__DOT__wr_src_off))
                                               ? ((0xaU 
                                                   == (IData)(vlSelf->virtio_net_datapath__DOT__wr_src_off))
                                                   ? (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__nbufs)
                                                   : 
                                                  ((0xbU 
                                                    == (IData)(vlSelf->virtio_net_datapath__DOT__wr_src_off))
                                                    ? 
                                                   ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__nbufs) 
                                                    >> 8U)
                                                    : 0U))
                                               : (IData)(
                                                         (vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__mem
                                                          [
                                                          (0xffU 
                                                           & (((IData)(vlSelf->virtio_net_datapath__DOT__wr_src_off) 
                                                               - (IData)(0xcU)) 
                                                              >> 3U))] 
                                                          >> 
                                                          (0x38U 
                                                           & (((IData)(vlSelf->virtio_net_datapath__DOT__wr_src_off) 
                                                               - (IData)(4U)) 
                                                              << 3U)))))
                                           : ((6U > (IData)(vlSelf->virtio_net_datapath__DOT__wr_src_off))
                                               ? ((0x2fU 
                                                   >= 
                                                   (0x38U 
                                                    & ((IData)(vlSelf->virtio_net_datapath__DOT__wr_src_off) 
                                                       << 3U)))
                                                   ? (IData)(
                                                             (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__imm 
                                                              >> 
                                                              (0x38U 
                                                               & ((IData)(vlSelf->virtio_net_datapath__DOT__wr_src_off) 
                                                                  << 3U))))
                                                   : 0U)
                                               : 0U))));
            }
            __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__t_pos 
                = (0xffffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_pos)));
            __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__lane 
                = (0x1fU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__lane)));
            if (((0x1fU == (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__lane)) 
                 | ((0xffffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_pos))) 
                    == (0xfffcU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_dws) 
                                   << 2U))))) {
                vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_sent 
                    = (0xffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_sent) 
                                  + (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__beat_dws)));
                vlSelf->tx_wr_req_tlp_strb = ((0xf8U 
                                               & (IData)(vlSelf->tx_wr_req_tlp_strb)) 
                                              | (((2U 
                                                   < (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__beat_dws)) 
                                                  << 2U) 
                                                 | (((1U 
                                                      < (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__beat_dws)) 
                                                     << 1U) 
                                                    | (0U 
                                                       < (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__beat_dws)))));
                vlSelf->tx_wr_req_tlp_sop = vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__first_beat;
                vlSelf->tx_wr_req_tlp_eop = ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__beat_dws) 
                                             == (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__dws_left));
                vlSelf->tx_wr_req_tlp_valid = 1U;
                __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__st = 3U;
                vlSelf->tx_wr_req_tlp_strb = ((0xc7U 
                                               & (IData)(vlSelf->tx_wr_req_tlp_strb)) 
                                              | (((5U 
                                                   < (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__beat_dws)) 
                                                  << 5U) 
                                                 | (((4U 
                                                      < (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__beat_dws)) 
                                                     << 4U) 
                                                    | ((3U 
                                                        < (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__beat_dws)) 
                                                       << 3U))));
                vlSelf->tx_wr_req_tlp_strb = ((0x3fU 
                                               & (IData)(vlSelf->tx_wr_req_tlp_strb)) 
                                              | (((7U 
                                                   < (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__beat_dws)) 
                                                  << 7U) 
                                                 | ((6U 
                                                     < (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__beat_dws)) 
                                                    << 6U)));
            }
        }
    } else if ((1U & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__st))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_sent = 0U;
        vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__rem 
            = (0xffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__rem) 
                          - (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__chunk)));
        vlSelf->tx_wr_req_tlp_hdr[0U] = vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__mwr_hdr[0U];
        vlSelf->tx_wr_req_tlp_hdr[1U] = vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__mwr_hdr[1U];
        vlSelf->tx_wr_req_tlp_hdr[2U] = vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__mwr_hdr[2U];
        vlSelf->tx_wr_req_tlp_hdr[3U] = vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__mwr_hdr[3U];
        vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_len 
            = (0x1fffU & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__chunk));
        vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_lo 
            = (3U & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__cur_addr));
        vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_dws 
            = vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__len_dw;
        __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__t_pos = 0U;
        __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__lane = 0U;
        __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__first_beat = 1U;
        vlSelf->tx_wr_req_tlp_data[0U] = 0U;
        vlSelf->tx_wr_req_tlp_data[1U] = 0U;
        vlSelf->tx_wr_req_tlp_data[2U] = 0U;
        vlSelf->tx_wr_req_tlp_data[3U] = 0U;
        vlSelf->tx_wr_req_tlp_data[4U] = 0U;
        vlSelf->tx_wr_req_tlp_data[5U] = 0U;
        vlSelf->tx_wr_req_tlp_data[6U] = 0U;
        vlSelf->tx_wr_req_tlp_data[7U] = 0U;
        __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__st = 2U;
        vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__cur_addr 
            = (vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__cur_addr 
               + (QData)((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__chunk)));
    } else if (((IData)(vlSelf->msix_wr_valid) & (IData)(vlSelf->bus_master_enable))) {
        vlSelf->tx_wr_req_tlp_hdr[0U] = (IData)(((0U 
                                                  != (IData)(
                                                             (vlSelf->msix_wr_addr 
                                                              >> 0x20U)))
                                                  ? 
                                                 (0xfffffffffffffffcULL 
                                                  & vlSelf->msix_wr_addr)
                                                  : 
                                                 ((QData)((IData)(
                                                                  (0x3fffffffU 
                                                                   & (IData)(
                                                                             (vlSelf->msix_wr_addr 
                                                                              >> 2U))))) 
                                                  << 0x22U)));
        vlSelf->tx_wr_req_tlp_hdr[1U] = (IData)((((0U 
                                                   != (IData)(
                                                              (vlSelf->msix_wr_addr 
                                                               >> 0x20U)))
                                                   ? 
                                                  (0xfffffffffffffffcULL 
                                                   & vlSelf->msix_wr_addr)
                                                   : 
                                                  ((QData)((IData)(
                                                                   (0x3fffffffU 
                                                                    & (IData)(
                                                                              (vlSelf->msix_wr_addr 
                                                                               >> 2U))))) 
                                                   << 0x22U)) 
                                                 >> 0x20U));
        vlSelf->tx_wr_req_tlp_hdr[2U] = (IData)((((QData)((IData)(
                                                                  (1U 
                                                                   | (((0U 
                                                                        != (IData)(
                                                                                (vlSelf->msix_wr_addr 
                                                                                >> 0x20U)))
                                                                        ? 3U
                                                                        : 2U) 
                                                                      << 0x1dU)))) 
                                                  << 0x20U) 
                                                 | (QData)((IData)(
                                                                   (0xfU 
                                                                    | ((IData)(vlSelf->requester_id) 
                                                                       << 0x10U))))));
        vlSelf->tx_wr_req_tlp_hdr[3U] = (IData)(((((QData)((IData)(
                                                                   (1U 
                                                                    | (((0U 
                                                                         != (IData)(
                                                                                (vlSelf->msix_wr_addr 
                                                                                >> 0x20U)))
                                                                         ? 3U
                                                                         : 2U) 
                                                                       << 0x1dU)))) 
                                                   << 0x20U) 
                                                  | (QData)((IData)(
                                                                    (0xfU 
                                                                     | ((IData)(vlSelf->requester_id) 
                                                                        << 0x10U))))) 
                                                 >> 0x20U));
        vlSelf->tx_wr_req_tlp_data[0U] = vlSelf->msix_wr_data;
        vlSelf->tx_wr_req_tlp_data[1U] = 0U;
        vlSelf->tx_wr_req_tlp_data[2U] = 0U;
        vlSelf->tx_wr_req_tlp_data[3U] = 0U;
        vlSelf->tx_wr_req_tlp_data[4U] = 0U;
        vlSelf->tx_wr_req_tlp_data[5U] = 0U;
        vlSelf->tx_wr_req_tlp_data[6U] = 0U;
        vlSelf->tx_wr_req_tlp_data[7U] = 0U;
        vlSelf->tx_wr_req_tlp_strb = 1U;
        vlSelf->tx_wr_req_tlp_sop = 1U;
        vlSelf->tx_wr_req_tlp_eop = 1U;
        vlSelf->tx_wr_req_tlp_valid = 1U;
        __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__st = 4U;
    } else if (((IData)(vlSelf->virtio_net_datapath__DOT__wr_req_valid) 
                & (IData)(vlSelf->bus_master_enable))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__cur_addr 
            = vlSelf->virtio_net_datapath__DOT__wr_req_addr;
        vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__rem 
            = vlSelf->virtio_net_datapath__DOT__wr_req_len;
        vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__src_base 
            = vlSelf->virtio_net_datapath__DOT__wr_req_src_off;
        __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__st = 1U;
    }
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__first_beat 
        = __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__first_beat;
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__lane 
        = __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__lane;
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_pos 
        = __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__t_pos;
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__dws_left 
        = (0xffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_dws) 
                      - (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_sent)));
    virtio_net_datapath__DOT__u_dma_wr__DOT__data_idx 
        = (0xffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_pos) 
                      - (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_lo)));
    virtio_net_datapath__DOT__u_dma_wr__DOT__lim_mps 
        = (0x3fffU & (((IData)(0x80U) << ((5U < (IData)(vlSelf->max_payload_size))
                                           ? 5U : (IData)(vlSelf->max_payload_size))) 
                      - (3U & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__cur_addr))));
    vlSelf->needs_reset = 0U;
    __Vdly__virtio_net_datapath__DOT__frame_release = 0U;
    __Vdly__virtio_net_datapath__DOT__rd_abort = 0U;
    if (((IData)(vlSelf->virtio_net_datapath__DOT__rd_req_valid) 
         & (~ (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__busy)))) {
        __Vdly__virtio_net_datapath__DOT__rd_req_valid = 0U;
    }
    if (((IData)(vlSelf->virtio_net_datapath__DOT__wr_req_valid) 
         & ((0U == (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__st)) 
            & ((~ (IData)(vlSelf->msix_wr_valid)) & (IData)(vlSelf->bus_master_enable))))) {
        __Vdly__virtio_net_datapath__DOT__wr_req_valid = 0U;
    }
    if (((IData)(vlSelf->m_axis_tx_tvalid) & (IData)(vlSelf->m_axis_tx_tready))) {
        if (((IData)(vlSelf->m_axis_tx_tlast) & (~ (IData)(vlSelf->m_axis_tx_tuser)))) {
            vlSelf->tx_frame_count = ((IData)(1U) + vlSelf->tx_frame_count);
        }
        __Vdly__m_axis_tx_tvalid = 0U;
    }
    if (vlSelf->virtio_net_datapath__DOT__fifo_drop) {
        __Vdly__rx_drop_count = ((IData)(1U) + vlSelf->rx_drop_count);
    }
    if ((0x20U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0U;
    } else if ((0x10U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
        if ((8U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
            if ((4U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
                if ((2U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0U;
                } else if ((1U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st 
                        = ((0U == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__job))
                            ? 0x18U : 0U);
                } else if (((~ (IData)(vlSelf->m_axis_tx_tvalid)) 
                            & (0U != (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pk_cnt)))) {
                    vlSelf->m_axis_tx_tdata = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pk_word;
                    vlSelf->m_axis_tx_tkeep = 0xffU;
                    vlSelf->m_axis_tx_tlast = 1U;
                    vlSelf->m_axis_tx_tuser = 1U;
                    __Vdly__m_axis_tx_tvalid = 1U;
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__pk_cnt = 0U;
                } else if (((((((~ (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__busy)) 
                                & (0U == (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active))) 
                               & (0U == (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__st))) 
                              & (~ (IData)(vlSelf->virtio_net_datapath__DOT__rd_req_valid))) 
                             & (~ (IData)(vlSelf->virtio_net_datapath__DOT__wr_req_valid))) 
                            & (~ (IData)(vlSelf->m_axis_tx_tvalid)))) {
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0U;
                }
            } else if ((2U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
                if ((1U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
                    if (((IData)(vlSelf->virtio_net_datapath__DOT__frame_valid) 
                         & (~ (IData)(vlSelf->virtio_net_datapath__DOT__frame_release)))) {
                        __Vdly__rx_drop_count = ((IData)(1U) 
                                                 + vlSelf->rx_drop_count);
                        __Vdly__virtio_net_datapath__DOT__frame_release = 1U;
                    }
                    if (((~ (IData)(vlSelf->m_axis_tx_tvalid)) 
                         & (0U != (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pk_cnt)))) {
                        vlSelf->m_axis_tx_tdata = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pk_word;
                        vlSelf->m_axis_tx_tkeep = 0xffU;
                        vlSelf->m_axis_tx_tlast = 1U;
                        vlSelf->m_axis_tx_tuser = 1U;
                        __Vdly__m_axis_tx_tvalid = 1U;
                        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__pk_cnt = 0U;
                    }
                } else {
                    vlSelf->needs_reset = 1U;
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0x1bU;
                }
            } else if ((1U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__dry = 0U;
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__pos 
                    = ((0x2fU >= (0x3fU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cq) 
                                           << 4U)))
                        ? (0xffffU & (IData)((vlSelf->virtio_net_datapath__DOT__u_vq__DOT__avail_idx 
                                              >> (0x3fU 
                                                  & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cq) 
                                                     << 4U)))))
                        : 0U);
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__wrap 
                    = ((2U >= (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cq)) 
                       & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__avail_wrap_counter) 
                          >> (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cq)));
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tot_slots = 0U;
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 3U;
            } else {
                __Vdly__rx_drop_count = ((IData)(1U) 
                                         + vlSelf->rx_drop_count);
                __Vdly__virtio_net_datapath__DOT__frame_release = 1U;
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0x14U;
            }
        } else if ((4U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
            if ((2U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
                if ((1U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
                    if (vlSelf->irq_ready) {
                        vlSelf->irq_valid = 0U;
                        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0U;
                    }
                } else if (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ev_notify) {
                    vlSelf->irq_valid = 1U;
                    vlSelf->irq_qid = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cq;
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0x17U;
                } else {
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0U;
                }
            } else if ((1U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
                vlSelf->virtio_net_datapath__DOT__u_vq__DOT__evt 
                    = (((~ ((IData)(0xffU) << (0x18U 
                                               & ((IData)(vlSelf->virtio_net_datapath__DOT__rd_byte_idx) 
                                                  << 3U)))) 
                        & vlSelf->virtio_net_datapath__DOT__u_vq__DOT__evt) 
                       | (0xffffffffULL & ((IData)(vlSelf->virtio_net_datapath__DOT__rd_byte) 
                                           << (0x18U 
                                               & ((IData)(vlSelf->virtio_net_datapath__DOT__rd_byte_idx) 
                                                  << 3U)))));
                __Vdly__virtio_net_datapath__DOT__rd_byte_idx 
                    = (0xffffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__rd_byte_idx)));
                if ((3U == (IData)(vlSelf->virtio_net_datapath__DOT__rd_byte_idx))) {
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0x16U;
                }
            } else {
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0U;
            }
        } else if ((2U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
            if ((1U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
                vlSelf->virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_hea855c5f__0 
                    = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pos;
                vlSelf->virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_ha8e5c92a__0 
                    = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__wrap;
                vlSelf->virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_haa7acbb0__0 
                    = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__upos;
                vlSelf->virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_h68fe9e04__0 
                    = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__uwrap;
                if ((0x2fU >= (0x3fU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cq) 
                                        << 4U)))) {
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_idx 
                        = (((~ (0xffffULL << (0x3fU 
                                              & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cq) 
                                                 << 4U)))) 
                            & __Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_idx) 
                           | (0xffffffffffffULL & ((QData)((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_hea855c5f__0)) 
                                                   << 
                                                   (0x3fU 
                                                    & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cq) 
                                                       << 4U)))));
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_idx 
                        = (((~ (0xffffULL << (0x3fU 
                                              & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cq) 
                                                 << 4U)))) 
                            & __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_idx) 
                           | (0xffffffffffffULL & ((QData)((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_haa7acbb0__0)) 
                                                   << 
                                                   (0x3fU 
                                                    & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cq) 
                                                       << 4U)))));
                }
                if ((2U >= (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cq))) {
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_wrap_counter 
                        = (((~ ((IData)(1U) << (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cq))) 
                            & (IData)(__Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_wrap_counter)) 
                           | (7U & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_ha8e5c92a__0) 
                                    << (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cq))));
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_wrap_counter 
                        = (((~ ((IData)(1U) << (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cq))) 
                            & (IData)(__Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_wrap_counter)) 
                           | (7U & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_h68fe9e04__0) 
                                    << (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cq))));
                }
                if ((0U != (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__job))) {
                    vlSelf->virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_hb4f7d5d6__0 = 1U;
                    if ((2U >= (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cq))) {
                        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__kick_pending 
                            = (((~ ((IData)(1U) << (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cq))) 
                                & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__kick_pending)) 
                               | (7U & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_hb4f7d5d6__0) 
                                        << (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cq))));
                    }
                }
                if ((0U == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__job))) {
                    vlSelf->rx_frame_count = ((IData)(1U) 
                                              + vlSelf->rx_frame_count);
                    __Vdly__virtio_net_datapath__DOT__frame_release = 1U;
                }
                __Vdly__virtio_net_datapath__DOT__rd_req_addr 
                    = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__qdrv;
                __Vdly__virtio_net_datapath__DOT__rd_req_len = 4U;
                __Vdly__virtio_net_datapath__DOT__rd_req_valid = 1U;
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ret = 0x15U;
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 1U;
            } else {
                vlSelf->virtio_net_datapath__DOT__u_vq__DOT__imm 
                    = (QData)((IData)((2U | ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__first_uwrap)
                                              ? 0x8080U
                                              : 0U))));
                vlSelf->virtio_net_datapath__DOT__wr_req_addr 
                    = (0xeULL + (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__qdesc 
                                 + ((QData)((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__first_slot)) 
                                    << 4U)));
                vlSelf->virtio_net_datapath__DOT__wr_req_len = 2U;
                vlSelf->virtio_net_datapath__DOT__wr_req_src_off = 0U;
                __Vdly__virtio_net_datapath__DOT__wr_req_valid = 1U;
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ret = 0x13U;
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 2U;
            }
        } else if ((1U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
            if (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__upos_wr) {
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__uwrap 
                    = (1U & (~ (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__uwrap)));
            }
            vlSelf->virtio_net_datapath__DOT__u_vq__DOT__published 
                = (0xffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__published) 
                              + (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ndescs)));
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__buf_idx 
                = (0xffffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__buf_idx)));
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__upos 
                = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__upos_nx;
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st 
                = (((0U == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__job)) 
                    & (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__src_cur 
                       < vlSelf->virtio_net_datapath__DOT__u_vq__DOT__need))
                    ? 3U : ((((0U == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__job)) 
                              & (IData)((vlSelf->driver_features 
                                         >> 0xfU))) 
                             & (1U != (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__nbufs)))
                             ? 0x12U : 0x13U));
        } else if (((((0U == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__job)) 
                      & (IData)((vlSelf->driver_features 
                                 >> 0xfU))) & (0U == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__buf_idx))) 
                    & (1U != (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__nbufs)))) {
            vlSelf->virtio_net_datapath__DOT__u_vq__DOT__first_slot 
                = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__upos;
            vlSelf->virtio_net_datapath__DOT__u_vq__DOT__first_uwrap 
                = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__uwrap;
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0x11U;
        } else {
            vlSelf->virtio_net_datapath__DOT__u_vq__DOT__imm 
                = (QData)((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__used_flags));
            vlSelf->virtio_net_datapath__DOT__wr_req_addr 
                = (0xeULL + (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__qdesc 
                             + ((QData)((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__upos)) 
                                << 4U)));
            vlSelf->virtio_net_datapath__DOT__wr_req_len = 2U;
            vlSelf->virtio_net_datapath__DOT__wr_req_src_off = 0U;
            __Vdly__virtio_net_datapath__DOT__wr_req_valid = 1U;
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ret = 0x11U;
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 2U;
        }
    } else if ((8U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
        if ((4U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
            if ((2U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
                if ((1U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
                    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__imm 
                        = (((QData)((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__buf_id)) 
                            << 0x20U) | (QData)((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__used_len)));
                    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__src_rx = 0U;
                    vlSelf->virtio_net_datapath__DOT__wr_req_addr 
                        = (8ULL + (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__qdesc 
                                   + ((QData)((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__upos)) 
                                      << 4U)));
                    vlSelf->virtio_net_datapath__DOT__wr_req_len = 6U;
                    vlSelf->virtio_net_datapath__DOT__wr_req_src_off = 0U;
                    __Vdly__virtio_net_datapath__DOT__wr_req_valid = 1U;
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ret = 0x10U;
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 2U;
                } else {
                    __Vdly__virtio_net_datapath__DOT__rd_byte_idx 
                        = (0xffffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__rd_byte_idx)));
                    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ctrl_req 
                        = (((~ ((IData)(0xffU) << (0x18U 
                                                   & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ctrl_cnt) 
                                                      << 3U)))) 
                            & vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ctrl_req) 
                           | (0xffffffffULL & ((IData)(vlSelf->virtio_net_datapath__DOT__rd_byte) 
                                               << (0x18U 
                                                   & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ctrl_cnt) 
                                                      << 3U)))));
                    if (((0xffffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__rd_byte_idx))) 
                         == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__chunk_n))) {
                        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 8U;
                    }
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ctrl_cnt 
                        = (7U & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ctrl_cnt)));
                }
            } else if ((1U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
                if ((1U & (~ (IData)(vlSelf->m_axis_tx_tvalid)))) {
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0xfU;
                }
            } else if ((0U == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pk_cnt))) {
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0xdU;
            } else if (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ax_free) {
                vlSelf->m_axis_tx_tdata = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pk_word;
                vlSelf->m_axis_tx_tkeep = (0xffU & 
                                           (~ ((IData)(0xffU) 
                                               << (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pk_cnt))));
                vlSelf->m_axis_tx_tlast = 1U;
                vlSelf->m_axis_tx_tuser = 0U;
                __Vdly__m_axis_tx_tvalid = 1U;
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0xdU;
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__pk_cnt = 0U;
            }
        } else if ((2U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
            if ((1U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
                if ((0xcU > vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tx_cnt)) {
                    __Vdly__virtio_net_datapath__DOT__rd_byte_idx 
                        = (0xffffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__rd_byte_idx)));
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tx_cnt 
                        = ((IData)(1U) + vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tx_cnt);
                    if (((0xffffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__rd_byte_idx))) 
                         == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__chunk_n))) {
                        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0xaU;
                    }
                } else if (((8U != (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pk_cnt)) 
                            | (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ax_free))) {
                    __Vdly__virtio_net_datapath__DOT__rd_byte_idx 
                        = (0xffffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__rd_byte_idx)));
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tx_cnt 
                        = ((IData)(1U) + vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tx_cnt);
                    if ((8U == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pk_cnt))) {
                        vlSelf->m_axis_tx_tdata = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pk_word;
                        vlSelf->m_axis_tx_tkeep = 0xffU;
                        vlSelf->m_axis_tx_tlast = 0U;
                        vlSelf->m_axis_tx_tuser = 0U;
                        __Vdly__m_axis_tx_tvalid = 1U;
                        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__pk_cnt = 1U;
                        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pk_word 
                            = (QData)((IData)(vlSelf->virtio_net_datapath__DOT__rd_byte));
                    } else {
                        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pk_word 
                            = (((~ (0xffULL << (0x38U 
                                                & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pk_cnt) 
                                                   << 3U)))) 
                                & vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pk_word) 
                               | ((QData)((IData)(vlSelf->virtio_net_datapath__DOT__rd_byte)) 
                                  << (0x38U & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pk_cnt) 
                                               << 3U))));
                        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__pk_cnt 
                            = (0xfU & ((IData)(1U) 
                                       + (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pk_cnt)));
                    }
                    if (((0xffffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__rd_byte_idx))) 
                         == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__chunk_n))) {
                        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0xaU;
                    }
                }
            } else if ((0U == vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_rem)) {
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 8U;
            } else {
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__el_rem 
                    = (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_rem 
                       - vlSelf->virtio_net_datapath__DOT__u_vq__DOT__rd_chunk);
                __Vdly__virtio_net_datapath__DOT__rd_req_addr 
                    = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_addr;
                __Vdly__virtio_net_datapath__DOT__rd_req_len 
                    = (0xffffU & vlSelf->virtio_net_datapath__DOT__u_vq__DOT__rd_chunk);
                vlSelf->virtio_net_datapath__DOT__u_vq__DOT__chunk_n 
                    = (0xffffU & vlSelf->virtio_net_datapath__DOT__u_vq__DOT__rd_chunk);
                __Vdly__virtio_net_datapath__DOT__rd_req_valid = 1U;
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ret = 0xbU;
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 1U;
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__el_addr 
                    = (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_addr 
                       + (QData)((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__rd_chunk)));
            }
        } else if ((1U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
            if (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pos_wr) {
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__wrap 
                    = (1U & (~ (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__wrap)));
            }
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tot_slots 
                = (0xffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tot_slots) 
                              + (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ndescs)));
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__pos 
                = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pos_nx;
            if ((1U == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__job))) {
                if ((0xcU > vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tx_cnt)) {
                    vlSelf->needs_reset_reason = 0xbU;
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0x1aU;
                } else {
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0xcU;
                }
            } else if ((2U == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__job))) {
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0xfU;
            } else if (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__dry) {
                vlSelf->virtio_net_datapath__DOT__u_vq__DOT__nbufs 
                    = (0xffffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__nbufs)));
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st 
                    = ((vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cap 
                        >= (QData)((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__need)))
                        ? 0x19U : ((1U & (IData)((vlSelf->driver_features 
                                                  >> 0xfU)))
                                    ? 3U : 0x18U));
            } else {
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0xfU;
            }
        } else if (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_last) {
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 9U;
        } else {
            if ((1U & (~ (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__in_ind)))) {
                if (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pos_wr) {
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__wrap 
                        = (1U & (~ (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__wrap)));
                }
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__pos 
                    = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pos_nx;
            }
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 4U;
        }
    } else if ((4U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
        if ((2U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
            if ((1U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 8U;
                if ((1U == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__job))) {
                    if ((1U & (~ (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_write)))) {
                        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0xaU;
                    }
                } else if ((2U == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__job))) {
                    if (((~ (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_write)) 
                         & (4U > (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ctrl_cnt)))) {
                        __Vdly__virtio_net_datapath__DOT__rd_req_addr 
                            = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_addr;
                        __Vdly__virtio_net_datapath__DOT__rd_req_len 
                            = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ct_n;
                        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__chunk_n 
                            = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ct_n;
                        __Vdly__virtio_net_datapath__DOT__rd_req_valid = 1U;
                        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ret = 0xeU;
                        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 1U;
                    } else if (((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_write) 
                                & (~ (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ack_done)))) {
                        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__imm 
                            = (QData)((IData)(((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__c_ok)
                                                ? 0U
                                                : 1U)));
                        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__src_rx = 0U;
                        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ack_done = 1U;
                        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_len = 1U;
                        vlSelf->virtio_net_datapath__DOT__wr_req_addr 
                            = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_addr;
                        vlSelf->virtio_net_datapath__DOT__wr_req_len = 1U;
                        vlSelf->virtio_net_datapath__DOT__wr_req_src_off = 0U;
                        __Vdly__virtio_net_datapath__DOT__wr_req_valid = 1U;
                        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ret = 8U;
                        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 2U;
                    }
                } else if (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_write) {
                    if (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__dry) {
                        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cap 
                            = (0xffffffffffULL & (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cap 
                                                  + (QData)((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_rem))));
                    } else if ((0U != vlSelf->virtio_net_datapath__DOT__u_vq__DOT__rx_n)) {
                        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_len 
                            = (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__used_len 
                               + vlSelf->virtio_net_datapath__DOT__u_vq__DOT__rx_n);
                        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__src_rx = 1U;
                        vlSelf->virtio_net_datapath__DOT__wr_req_addr 
                            = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_addr;
                        vlSelf->virtio_net_datapath__DOT__wr_req_len 
                            = (0xffffU & vlSelf->virtio_net_datapath__DOT__u_vq__DOT__rx_n);
                        vlSelf->virtio_net_datapath__DOT__wr_req_src_off 
                            = (0xffffU & vlSelf->virtio_net_datapath__DOT__u_vq__DOT__src_cur);
                        __Vdly__virtio_net_datapath__DOT__wr_req_valid = 1U;
                        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ret = 8U;
                        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 2U;
                        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__src_cur 
                            = (0x1ffffU & (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__src_cur 
                                           + vlSelf->virtio_net_datapath__DOT__u_vq__DOT__rx_n));
                    }
                }
            } else {
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__el_addr 
                    = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_addr;
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__el_rem 
                    = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_len;
                vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_write 
                    = (0U != (2U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_flags)));
                if (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__in_ind) {
                    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_last 
                        = (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tbl_i 
                           == vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tbl_n);
                } else {
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ndescs 
                        = (0xffffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ndescs)));
                    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_last 
                        = (0U == (1U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_flags)));
                    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__buf_id 
                        = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_id;
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__first = 0U;
                }
                if ((((~ (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__in_ind)) 
                      & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__first)) 
                     & ((~ (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_avail)) 
                        | ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tot_slots) 
                           >= (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__qsize))))) {
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0x1dU;
                } else if (((~ (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__in_ind)) 
                            & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ndescs) 
                               >= (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__qsize)))) {
                    vlSelf->needs_reset_reason = 1U;
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0x1aU;
                } else if (((~ (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__in_ind)) 
                            & (0U != (4U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_flags))))) {
                    if ((0U != (1U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_flags)))) {
                        vlSelf->needs_reset_reason = 0xaU;
                        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0x1aU;
                    } else if (((0U == vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_len) 
                                | (0U != (0xfU & vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_len)))) {
                        vlSelf->needs_reset_reason = 2U;
                        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0x1aU;
                    } else if (((vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_len 
                                 >> 4U) > (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__qsize))) {
                        vlSelf->needs_reset_reason = 1U;
                        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0x1aU;
                    } else {
                        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__in_ind = 1U;
                        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tbl_addr 
                            = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_addr;
                        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tbl_n 
                            = (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_len 
                               >> 4U);
                        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tbl_i = 0U;
                        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 4U;
                    }
                } else if ((0U == vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_len)) {
                    vlSelf->needs_reset_reason = 4U;
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0x1aU;
                } else if (((0U == (2U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_flags))) 
                            & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__seen_write))) {
                    vlSelf->needs_reset_reason = 3U;
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0x1aU;
                } else {
                    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__seen_write 
                        = ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__seen_write) 
                           | (0U != (2U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_flags))));
                    __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 7U;
                }
            }
        } else if ((1U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
            VL_ASSIGNSEL_WI(128,8,(0x78U & ((IData)(vlSelf->virtio_net_datapath__DOT__rd_byte_idx) 
                                            << 3U)), vlSelf->virtio_net_datapath__DOT__u_vq__DOT__desc, vlSelf->virtio_net_datapath__DOT__rd_byte);
            __Vdly__virtio_net_datapath__DOT__rd_byte_idx 
                = (0xffffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__rd_byte_idx)));
            if ((0xfU == (IData)(vlSelf->virtio_net_datapath__DOT__rd_byte_idx))) {
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 6U;
            }
        } else {
            if (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__in_ind) {
                __Vdly__virtio_net_datapath__DOT__rd_req_addr 
                    = (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tbl_addr 
                       + ((QData)((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tbl_i)) 
                          << 4U));
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tbl_i 
                    = (0xfffffffU & ((IData)(1U) + vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tbl_i));
            } else {
                __Vdly__virtio_net_datapath__DOT__rd_req_addr 
                    = (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__qdesc 
                       + ((QData)((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pos)) 
                          << 4U));
            }
            __Vdly__virtio_net_datapath__DOT__rd_req_len = 0x10U;
            __Vdly__virtio_net_datapath__DOT__rd_req_valid = 1U;
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ret = 5U;
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 1U;
        }
    } else if ((2U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
        if ((1U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ndescs = 0U;
            vlSelf->virtio_net_datapath__DOT__u_vq__DOT__seen_write = 0U;
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__first = 1U;
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__in_ind = 0U;
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_len = 0U;
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st 
                = ((0U == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__qsize))
                    ? 0x1dU : 4U);
        } else if (vlSelf->virtio_net_datapath__DOT__wr_done) {
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st 
                = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ret;
        }
    } else if ((1U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) {
        if (vlSelf->virtio_net_datapath__DOT__rd_done) {
            if (vlSelf->virtio_net_datapath__DOT__rd_err) {
                vlSelf->needs_reset_reason = vlSelf->virtio_net_datapath__DOT__rd_err_reason;
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0x1aU;
            } else {
                __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st 
                    = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ret;
            }
            __Vdly__virtio_net_datapath__DOT__rd_byte_idx = 0U;
        }
    } else if (((IData)(vlSelf->virtio_net_datapath__DOT__frame_valid) 
                & ((~ (IData)(vlSelf->driver_ok)) | 
                   (~ (IData)(vlSelf->queue_enable))))) {
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0x18U;
    } else if (((IData)(vlSelf->driver_ok) & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_any))) {
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__uwrap 
            = ((2U >= (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q)) 
               & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__used_wrap_counter) 
                  >> (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q)));
        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__published = 0U;
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tx_cnt = 0U;
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ctrl_cnt = 0U;
        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__nbufs = 0U;
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__buf_idx = 0U;
        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__src_cur = 0U;
        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__rr_last 
            = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q;
        if ((0U != (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q))) {
            vlSelf->virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_h509d6ee3__0 = 0U;
            if ((2U >= (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q))) {
                vlSelf->virtio_net_datapath__DOT__u_vq__DOT__kick_pending 
                    = (((~ ((IData)(1U) << (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q))) 
                        & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__kick_pending)) 
                       | (7U & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_h509d6ee3__0) 
                                << (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q))));
            }
        }
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__cq 
            = vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q;
        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__job 
            = ((0U == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q))
                ? 0U : ((2U == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q))
                         ? 2U : 1U));
        if ((0x2fU >= (0x3fU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q) 
                                << 4U)))) {
            vlSelf->virtio_net_datapath__DOT__u_vq__DOT__qsize 
                = (0xffffU & (IData)((vlSelf->queue_size 
                                      >> (0x3fU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q) 
                                                   << 4U)))));
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__pos 
                = (0xffffU & (IData)((vlSelf->virtio_net_datapath__DOT__u_vq__DOT__avail_idx 
                                      >> (0x3fU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q) 
                                                   << 4U)))));
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__upos 
                = (0xffffU & (IData)((vlSelf->virtio_net_datapath__DOT__u_vq__DOT__used_idx 
                                      >> (0x3fU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q) 
                                                   << 4U)))));
        } else {
            vlSelf->virtio_net_datapath__DOT__u_vq__DOT__qsize = 0U;
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__pos = 0U;
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__upos = 0U;
        }
        if ((0xbfU >= (0xffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q) 
                                << 6U)))) {
            vlSelf->virtio_net_datapath__DOT__u_vq__DOT__qdesc 
                = (((QData)((IData)(vlSelf->queue_desc[
                                    (((IData)(0x3fU) 
                                      + (0xffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q) 
                                                  << 6U))) 
                                     >> 5U)])) << (
                                                   (0U 
                                                    == 
                                                    (0x1fU 
                                                     & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q) 
                                                        << 6U)))
                                                    ? 0x20U
                                                    : 
                                                   ((IData)(0x40U) 
                                                    - 
                                                    (0x1fU 
                                                     & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q) 
                                                        << 6U))))) 
                   | (((0U == (0x1fU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q) 
                                        << 6U))) ? 0ULL
                        : ((QData)((IData)(vlSelf->queue_desc[
                                           (((IData)(0x1fU) 
                                             + (0xffU 
                                                & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q) 
                                                   << 6U))) 
                                            >> 5U)])) 
                           << ((IData)(0x20U) - (0x1fU 
                                                 & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q) 
                                                    << 6U))))) 
                      | ((QData)((IData)(vlSelf->queue_desc[
                                         (6U & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q) 
                                                << 1U))])) 
                         >> (0x1fU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q) 
                                      << 6U)))));
            vlSelf->virtio_net_datapath__DOT__u_vq__DOT__qdrv 
                = (((QData)((IData)(vlSelf->queue_driver[
                                    (((IData)(0x3fU) 
                                      + (0xffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q) 
                                                  << 6U))) 
                                     >> 5U)])) << (
                                                   (0U 
                                                    == 
                                                    (0x1fU 
                                                     & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q) 
                                                        << 6U)))
                                                    ? 0x20U
                                                    : 
                                                   ((IData)(0x40U) 
                                                    - 
                                                    (0x1fU 
                                                     & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q) 
                                                        << 6U))))) 
                   | (((0U == (0x1fU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q) 
                                        << 6U))) ? 0ULL
                        : ((QData)((IData)(vlSelf->queue_driver[
                                           (((IData)(0x1fU) 
                                             + (0xffU 
                                                & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q) 
                                                   << 6U))) 
                                            >> 5U)])) 
                           << ((IData)(0x20U) - (0x1fU 
                                                 & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q) 
                                                    << 6U))))) 
                      | ((QData)((IData)(vlSelf->queue_driver[
                                         (6U & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q) 
                                                << 1U))])) 
                         >> (0x1fU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q) 
                                      << 6U)))));
        } else {
            vlSelf->virtio_net_datapath__DOT__u_vq__DOT__qdesc = 0ULL;
            vlSelf->virtio_net_datapath__DOT__u_vq__DOT__qdrv = 0ULL;
        }
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__wrap 
            = ((2U >= (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q)) 
               & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__avail_wrap_counter) 
                  >> (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cand_q)));
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tot_slots = 0U;
        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ctrl_req = 0U;
        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ack_done = 0U;
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__dry = 1U;
        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cap = 0ULL;
        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__need 
            = (0x1ffffU & ((IData)(0xcU) + (IData)(vlSelf->virtio_net_datapath__DOT__frame_len)));
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 3U;
    }
    if (((IData)(vlSelf->notify_valid) & (3U > (IData)(vlSelf->notify_qid)))) {
        vlSelf->virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_hb7e98996__0 = 1U;
        if ((2U >= (3U & (IData)(vlSelf->notify_qid)))) {
            vlSelf->virtio_net_datapath__DOT__u_vq__DOT__kick_pending 
                = (((~ ((IData)(1U) << (3U & (IData)(vlSelf->notify_qid)))) 
                    & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__kick_pending)) 
                   | (7U & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_hb7e98996__0) 
                            << (3U & (IData)(vlSelf->notify_qid)))));
        }
    }
    if ((1U & ((IData)(vlSelf->dev_reset) | (IData)(vlSelf->queue_reset_req)))) {
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_idx 
            = (0xffffffff0000ULL & __Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_idx);
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_idx 
            = (0xffffffff0000ULL & __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_idx);
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_wrap_counter 
            = (1U | (IData)(__Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_wrap_counter));
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_wrap_counter 
            = (1U | (IData)(__Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_wrap_counter));
        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__kick_pending 
            = (6U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__kick_pending));
        if (((((0U != (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st)) 
               & (0x1bU != (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) 
              & (0x1cU != (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) 
             & (0U == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cq)))) {
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0x1cU;
            __Vdly__virtio_net_datapath__DOT__rd_abort = 1U;
            __Vdly__virtio_net_datapath__DOT__rd_req_valid = 0U;
            __Vdly__virtio_net_datapath__DOT__wr_req_valid = 0U;
            vlSelf->irq_valid = 0U;
        }
    }
    if ((1U & ((IData)(vlSelf->dev_reset) | ((IData)(vlSelf->queue_reset_req) 
                                             >> 1U)))) {
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_idx 
            = (0xffff0000ffffULL & __Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_idx);
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_idx 
            = (0xffff0000ffffULL & __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_idx);
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_wrap_counter 
            = (2U | (IData)(__Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_wrap_counter));
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_wrap_counter 
            = (2U | (IData)(__Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_wrap_counter));
        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__kick_pending 
            = (5U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__kick_pending));
        if (((((0U != (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st)) 
               & (0x1bU != (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) 
              & (0x1cU != (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) 
             & (1U == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cq)))) {
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0x1cU;
            __Vdly__virtio_net_datapath__DOT__rd_abort = 1U;
            __Vdly__virtio_net_datapath__DOT__rd_req_valid = 0U;
            __Vdly__virtio_net_datapath__DOT__wr_req_valid = 0U;
            vlSelf->irq_valid = 0U;
        }
    }
    if (((IData)(vlSelf->dev_reset) | ((IData)(vlSelf->queue_reset_req) 
                                       >> 2U))) {
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_idx 
            = (0xffffffffULL & __Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_idx);
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_idx 
            = (0xffffffffULL & __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_idx);
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_wrap_counter 
            = (4U | (IData)(__Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_wrap_counter));
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_wrap_counter 
            = (4U | (IData)(__Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_wrap_counter));
        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__kick_pending 
            = (3U & (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__kick_pending));
        if (((((0U != (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st)) 
               & (0x1bU != (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) 
              & (0x1cU != (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st))) 
             & (2U == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cq)))) {
            __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0x1cU;
            __Vdly__virtio_net_datapath__DOT__rd_abort = 1U;
            __Vdly__virtio_net_datapath__DOT__rd_req_valid = 0U;
            __Vdly__virtio_net_datapath__DOT__wr_req_valid = 0U;
            vlSelf->irq_valid = 0U;
        }
    }
    if (vlSelf->dev_reset) {
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0x1cU;
        __Vdly__virtio_net_datapath__DOT__rd_abort = 1U;
        __Vdly__virtio_net_datapath__DOT__rd_req_valid = 0U;
        __Vdly__virtio_net_datapath__DOT__wr_req_valid = 0U;
        vlSelf->irq_valid = 0U;
    }
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__beat_dws 
        = ((8U > (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__dws_left))
            ? (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__dws_left)
            : 8U);
    vlSelf->virtio_net_datapath__DOT__wr_src_off = 
        (0xffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__src_base) 
                    + (IData)(virtio_net_datapath__DOT__u_dma_wr__DOT__data_idx)));
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__lane_has 
        = (((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_pos) 
            >= (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_lo)) 
           & ((IData)(virtio_net_datapath__DOT__u_dma_wr__DOT__data_idx) 
              < (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__t_len)));
    virtio_net_datapath__DOT__u_dma_wr__DOT__lim_a 
        = (0x3fffU & (((IData)(virtio_net_datapath__DOT__u_dma_wr__DOT__lim_mps) 
                       < (0x3fffU & ((IData)(0x1000U) 
                                     - (0xfffU & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__cur_addr)))))
                       ? (IData)(virtio_net_datapath__DOT__u_dma_wr__DOT__lim_mps)
                       : ((IData)(0x1000U) - (0xfffU 
                                              & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__cur_addr)))));
    if (vlSelf->rst) {
        __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__st = 0U;
        vlSelf->tx_wr_req_tlp_valid = 0U;
        __Vdly__virtio_net_datapath__DOT__wr_done = 0U;
        vlSelf->virtio_net_datapath__DOT__wr_done = __Vdly__virtio_net_datapath__DOT__wr_done;
        vlSelf->tx_frame_count = 0U;
        vlSelf->rx_frame_count = 0U;
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st = 0U;
        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__rr_last = 2U;
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_idx = 0ULL;
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_idx = 0ULL;
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_wrap_counter = 7U;
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_wrap_counter = 7U;
        vlSelf->virtio_net_datapath__DOT__u_vq__DOT__kick_pending = 0U;
        __Vdly__virtio_net_datapath__DOT__rd_req_valid = 0U;
        __Vdly__virtio_net_datapath__DOT__wr_req_valid = 0U;
        vlSelf->irq_valid = 0U;
        vlSelf->irq_qid = 0U;
        vlSelf->needs_reset = 0U;
        vlSelf->needs_reset_reason = 0U;
        __Vdly__virtio_net_datapath__DOT__frame_release = 0U;
        __Vdly__virtio_net_datapath__DOT__rd_abort = 0U;
        __Vdly__m_axis_tx_tvalid = 0U;
        vlSelf->m_axis_tx_tlast = 0U;
        vlSelf->m_axis_tx_tuser = 0U;
        vlSelf->m_axis_tx_tdata = 0ULL;
        vlSelf->m_axis_tx_tkeep = 0U;
        __Vdly__virtio_net_datapath__DOT__u_vq__DOT__pk_cnt = 0U;
        __Vdly__virtio_net_datapath__DOT__rd_byte_idx = 0U;
        __Vdly__rx_drop_count = 0U;
    } else {
        vlSelf->virtio_net_datapath__DOT__wr_done = __Vdly__virtio_net_datapath__DOT__wr_done;
    }
    vlSelf->virtio_net_datapath__DOT__wr_req_valid 
        = __Vdly__virtio_net_datapath__DOT__wr_req_valid;
    vlSelf->rx_drop_count = __Vdly__rx_drop_count;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__st 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__st;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pk_cnt 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__pk_cnt;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__dry 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__dry;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tot_slots 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tot_slots;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__avail_idx 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_idx;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__avail_wrap_counter 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__avail_wrap_counter;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__used_idx 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_idx;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__used_wrap_counter 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_wrap_counter;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ret 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ret;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__buf_idx 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__buf_idx;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tx_cnt 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tx_cnt;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_addr 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__el_addr;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__first 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__first;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__in_ind 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__in_ind;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tbl_addr 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tbl_addr;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__tbl_i 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__tbl_i;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__cq 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__cq;
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__st 
        = __Vdly__virtio_net_datapath__DOT__u_dma_wr__DOT__st;
    vlSelf->m_axis_tx_tvalid = __Vdly__m_axis_tx_tvalid;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__wrap 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__wrap;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__used_len 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__used_len;
    vlSelf->virtio_net_datapath__DOT__rd_byte_idx = __Vdly__virtio_net_datapath__DOT__rd_byte_idx;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ctrl_cnt 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ctrl_cnt;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_rem 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__el_rem;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pos 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__pos;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__uwrap 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__uwrap;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ndescs 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__ndescs;
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__upos 
        = __Vdly__virtio_net_datapath__DOT__u_vq__DOT__upos;
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__chunk 
        = (0x3fffU & (((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__rem) 
                       < (IData)(virtio_net_datapath__DOT__u_dma_wr__DOT__lim_a))
                       ? (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__rem)
                       : (IData)(virtio_net_datapath__DOT__u_dma_wr__DOT__lim_a)));
    vlSelf->msix_wr_ready = ((0U == (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__st)) 
                             & (IData)(vlSelf->bus_master_enable));
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ax_free 
        = (1U & ((~ (IData)(vlSelf->m_axis_tx_tvalid)) 
                 | (IData)(vlSelf->m_axis_tx_tready)));
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
    virtio_net_datapath__DOT__u_vq__DOT____VdfgTmp_h2e214746__0 
        = (0x1ffffU & (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__need 
                       - vlSelf->virtio_net_datapath__DOT__u_vq__DOT__src_cur));
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__rd_chunk 
        = ((0x400U > vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_rem)
            ? vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_rem
            : 0x400U);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ct_n 
        = (0xffffU & ((vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_rem 
                       < (0xffffU & ((IData)(4U) - (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ctrl_cnt))))
                       ? vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_rem
                       : ((IData)(4U) - (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ctrl_cnt))));
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__used_flags 
        = (((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__uwrap)
             ? 0x8080U : 0U) | ((0U == vlSelf->virtio_net_datapath__DOT__u_vq__DOT__used_len)
                                 ? 0U : 2U));
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
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__d_avail 
        = (((1U & (vlSelf->virtio_net_datapath__DOT__u_vq__DOT__desc[3U] 
                   >> 0x17U)) == (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__wrap)) 
           & ((vlSelf->virtio_net_datapath__DOT__u_vq__DOT__desc[3U] 
               >> 0x1fU) != (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__wrap)));
    virtio_net_datapath__DOT__u_vq__DOT__upos_sum = 
        (0x1ffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__upos) 
                     + (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__ndescs)));
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
    vlSelf->virtio_net_datapath__DOT__fifo_drop = 0U;
    if (((IData)(vlSelf->s_axis_rx_tvalid) & (IData)(vlSelf->s_axis_rx_tready))) {
        if ((0x800U < (0xffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__wr_len) 
                                  + (IData)(vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__nkeep))))) {
            __Vdly__virtio_net_datapath__DOT__u_rx_fifo__DOT__overflow = 1U;
        } else {
            __Vdlyvval__virtio_net_datapath__DOT__u_rx_fifo__DOT__mem__v0 
                = vlSelf->s_axis_rx_tdata;
            __Vdlyvset__virtio_net_datapath__DOT__u_rx_fifo__DOT__mem__v0 = 1U;
            __Vdlyvdim0__virtio_net_datapath__DOT__u_rx_fifo__DOT__mem__v0 
                = (0xffU & (IData)(vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__beat_idx));
        }
        if (vlSelf->s_axis_rx_tlast) {
            if (((((IData)(vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__overflow) 
                   | (IData)(vlSelf->s_axis_rx_tuser)) 
                  | (0x800U < (0xffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__wr_len) 
                                          + (IData)(vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__nkeep))))) 
                 | (0U == (0xffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__wr_len) 
                                      + (IData)(vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__nkeep)))))) {
                vlSelf->virtio_net_datapath__DOT__fifo_drop = 1U;
            } else {
                vlSelf->virtio_net_datapath__DOT__frame_valid = 1U;
                vlSelf->virtio_net_datapath__DOT__frame_len 
                    = (0xffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__wr_len) 
                                  + (IData)(vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__nkeep)));
            }
            __Vdly__virtio_net_datapath__DOT__u_rx_fifo__DOT__wr_len = 0U;
            __Vdly__virtio_net_datapath__DOT__u_rx_fifo__DOT__overflow = 0U;
        } else {
            __Vdly__virtio_net_datapath__DOT__u_rx_fifo__DOT__wr_len 
                = (0xffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__wr_len) 
                              + (IData)(vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__nkeep)));
        }
    }
    if (vlSelf->virtio_net_datapath__DOT__frame_release) {
        vlSelf->virtio_net_datapath__DOT__frame_valid = 0U;
    }
    vlSelf->virtio_net_datapath__DOT__rd_done = 0U;
    vlSelf->virtio_net_datapath__DOT__rd_err = 0U;
    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__timer 
        = (((0U == (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active)) 
            | ((IData)(vlSelf->rx_cpl_tlp_valid) & (IData)(vlSelf->rx_cpl_tlp_ready)))
            ? 0U : ((IData)(1U) + vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__timer));
    if (((IData)(vlSelf->tx_rd_req_tlp_valid) & (IData)(vlSelf->tx_rd_req_tlp_ready))) {
        __Vdly__tx_rd_req_tlp_valid = 0U;
    }
    if (((((((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__busy) 
             & (~ (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__failed))) 
            & (0U != (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__rem))) 
           & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__have_free)) 
          & (IData)(vlSelf->bus_master_enable)) & (
                                                   (~ (IData)(vlSelf->tx_rd_req_tlp_valid)) 
                                                   | (IData)(vlSelf->tx_rd_req_tlp_ready)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_addr 
            = (vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_addr 
               + (QData)((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__chunk)));
        __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__rem 
            = (0xffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__rem) 
                          - (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__chunk)));
        vlSelf->tx_rd_req_tlp_hdr[0U] = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__mrd_hdr[0U];
        vlSelf->tx_rd_req_tlp_hdr[1U] = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__mrd_hdr[1U];
        vlSelf->tx_rd_req_tlp_hdr[2U] = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__mrd_hdr[2U];
        vlSelf->tx_rd_req_tlp_hdr[3U] = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__mrd_hdr[3U];
        __Vdly__tx_rd_req_tlp_valid = 1U;
        __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active 
            = ((IData)(__Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
               | (0xffffU & ((IData)(1U) << (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__free_tag))));
        __Vdlyvval__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off__v0 
            = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_off;
        __Vdlyvset__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off__v0 = 1U;
        __Vdlyvdim0__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off__v0 
            = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__free_tag;
        __Vdlyvval__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem__v0 
            = (0x1fffU & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__chunk));
        __Vdlyvdim0__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem__v0 
            = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__free_tag;
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_off 
            = (0xfffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_off) 
                         + (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__chunk)));
    }
    if ((0U == (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cst))) {
        if (((IData)(vlSelf->rx_cpl_tlp_valid) & (IData)(vlSelf->rx_cpl_tlp_sop))) {
            if ((1U & ((~ (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_known)) 
                       | (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__failed)))) {
                __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__cst 
                    = ((IData)(vlSelf->rx_cpl_tlp_eop)
                        ? 0U : 2U);
            } else if ((1U & ((((0U != (0xe000U & vlSelf->rx_cpl_tlp_hdr[2U])) 
                                | (vlSelf->rx_cpl_tlp_hdr[3U] 
                                   >> 0xeU)) | (0U 
                                                != (IData)(vlSelf->rx_cpl_tlp_error))) 
                              | ((((~ (IData)((0x4a000000U 
                                               == (0xff000000U 
                                                   & vlSelf->rx_cpl_tlp_hdr[3U])))) 
                                   | ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_bc13) 
                                      != (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_trem))) 
                                  | ((0x7fU & vlSelf->rx_cpl_tlp_hdr[1U]) 
                                     != (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__exp_la))) 
                                 | (~ ((~ (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_final)) 
                                       | ((0x1fffU 
                                           & (((IData)(3U) 
                                               + ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_bc13) 
                                                  + 
                                                  (3U 
                                                   & vlSelf->rx_cpl_tlp_hdr[1U]))) 
                                              >> 2U)) 
                                          == (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_len13)))))))) {
                __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__failed = 1U;
                vlSelf->virtio_net_datapath__DOT__rd_done = 1U;
                vlSelf->virtio_net_datapath__DOT__rd_err = 1U;
                vlSelf->virtio_net_datapath__DOT__rd_err_reason 
                    = ((1U == (7U & (vlSelf->rx_cpl_tlp_hdr[2U] 
                                     >> 0xdU))) ? 5U
                        : ((4U == (7U & (vlSelf->rx_cpl_tlp_hdr[2U] 
                                         >> 0xdU)))
                            ? 6U : ((0U != (7U & (vlSelf->rx_cpl_tlp_hdr[2U] 
                                                  >> 0xdU)))
                                     ? 9U : ((1U & 
                                              ((vlSelf->rx_cpl_tlp_hdr[3U] 
                                                >> 0xeU) 
                                               | (0U 
                                                  != (IData)(vlSelf->rx_cpl_tlp_error))))
                                              ? 8U : 9U))));
                __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active = 0U;
                __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__cst 
                    = ((IData)(vlSelf->rx_cpl_tlp_eop)
                        ? 0U : 2U);
                if ((IData)(((0U == (0xe000U & vlSelf->rx_cpl_tlp_hdr[2U])) 
                             & (0xa000000U == (0xff000000U 
                                               & vlSelf->rx_cpl_tlp_hdr[3U]))))) {
                    vlSelf->virtio_net_datapath__DOT__rd_err_reason = 9U;
                }
            } else {
                __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[0U] 
                    = vlSelf->rx_cpl_tlp_data[0U];
                __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[1U] 
                    = vlSelf->rx_cpl_tlp_data[1U];
                __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[2U] 
                    = vlSelf->rx_cpl_tlp_data[2U];
                __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[3U] 
                    = vlSelf->rx_cpl_tlp_data[3U];
                __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[4U] 
                    = vlSelf->rx_cpl_tlp_data[4U];
                __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[5U] 
                    = vlSelf->rx_cpl_tlp_data[5U];
                __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[6U] 
                    = vlSelf->rx_cpl_tlp_data[6U];
                __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[7U] 
                    = vlSelf->rx_cpl_tlp_data[7U];
                __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_strb 
                    = vlSelf->rx_cpl_tlp_strb;
                __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_eop 
                    = vlSelf->rx_cpl_tlp_eop;
                __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_i = 0U;
                __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__wr_dw 
                    = (0x1ffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_off) 
                                 >> 2U));
                __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__dw_left 
                    = (0x7ffU & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_len13));
                __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__cst = 1U;
                if (vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_final) {
                    __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active 
                        = ((~ ((IData)(1U) << (0xfU 
                                               & (vlSelf->rx_cpl_tlp_hdr[1U] 
                                                  >> 8U)))) 
                           & (IData)(__Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active));
                } else {
                    __Vdlyvval__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem__v1 
                        = (0x1fffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_trem) 
                                      - (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_carry)));
                    __Vdlyvset__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem__v1 = 1U;
                    __Vdlyvdim0__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem__v1 
                        = (0xfU & (vlSelf->rx_cpl_tlp_hdr[1U] 
                                   >> 8U));
                    __Vdlyvval__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off__v1 
                        = (0xfffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_off) 
                                     + (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_carry)));
                    __Vdlyvdim0__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off__v1 
                        = (0xfU & (vlSelf->rx_cpl_tlp_hdr[1U] 
                                   >> 8U));
                }
            }
        }
    } else if ((1U == (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cst))) {
        if ((((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_strb) 
              >> (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_i)) 
             & (0U != (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__dw_left)))) {
            __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__dw_left 
                = (0x7ffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__dw_left) 
                             - (IData)(1U)));
            __Vdlyvval__virtio_net_datapath__DOT__u_dma_rd__DOT__buf_mem__v0 
                = (((0U == (0x1fU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_i) 
                                     << 5U))) ? 0U : 
                    (vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[
                     (((IData)(0x1fU) + (0xffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_i) 
                                                  << 5U))) 
                      >> 5U)] << ((IData)(0x20U) - 
                                  (0x1fU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_i) 
                                            << 5U))))) 
                   | (vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[
                      (7U & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_i))] 
                      >> (0x1fU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_i) 
                                   << 5U))));
            __Vdlyvset__virtio_net_datapath__DOT__u_dma_rd__DOT__buf_mem__v0 = 1U;
            __Vdlyvdim0__virtio_net_datapath__DOT__u_dma_rd__DOT__buf_mem__v0 
                = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__wr_dw;
            __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__wr_dw 
                = (0x1ffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__wr_dw)));
        }
        if ((1U & ((7U == (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_i)) 
                   | (~ ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_strb) 
                         >> (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_i)))))) {
            __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__cst 
                = ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_eop)
                    ? 0U : 3U);
        } else {
            __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_i 
                = (7U & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_i)));
        }
    } else if ((3U == (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cst))) {
        if (vlSelf->rx_cpl_tlp_valid) {
            __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[0U] 
                = vlSelf->rx_cpl_tlp_data[0U];
            __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[1U] 
                = vlSelf->rx_cpl_tlp_data[1U];
            __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[2U] 
                = vlSelf->rx_cpl_tlp_data[2U];
            __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[3U] 
                = vlSelf->rx_cpl_tlp_data[3U];
            __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[4U] 
                = vlSelf->rx_cpl_tlp_data[4U];
            __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[5U] 
                = vlSelf->rx_cpl_tlp_data[5U];
            __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[6U] 
                = vlSelf->rx_cpl_tlp_data[6U];
            __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[7U] 
                = vlSelf->rx_cpl_tlp_data[7U];
            __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_strb 
                = vlSelf->rx_cpl_tlp_strb;
            __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_eop 
                = vlSelf->rx_cpl_tlp_eop;
            __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_i = 0U;
            __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__cst = 1U;
        }
    } else if (((IData)(vlSelf->rx_cpl_tlp_valid) & (IData)(vlSelf->rx_cpl_tlp_eop))) {
        __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__cst = 0U;
    }
    if ((((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__busy) 
          & (~ (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__failed))) 
         & (0xfa0U <= vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__timer))) {
        __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__failed = 1U;
        vlSelf->virtio_net_datapath__DOT__rd_done = 1U;
        vlSelf->virtio_net_datapath__DOT__rd_err = 1U;
        vlSelf->virtio_net_datapath__DOT__rd_err_reason = 7U;
        __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active = 0U;
    } else if (((~ (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__busy)) 
                & (0xfa0U <= vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__timer))) {
        __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active = 0U;
    }
    if (((((((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__busy) 
             & (~ (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__failed))) 
            & (0U == (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__rem))) 
           & (0U == (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active))) 
          & (0U == (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cst))) 
         & (~ (IData)(vlSelf->tx_rd_req_tlp_valid)))) {
        __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__busy = 0U;
        vlSelf->virtio_net_datapath__DOT__rd_done = 1U;
    }
    if (((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__busy) 
         & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__failed))) {
        __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__busy = 0U;
    }
    if (vlSelf->virtio_net_datapath__DOT__rd_abort) {
        __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__rem = 0U;
        __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__busy = 0U;
    }
    if ((((~ (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__busy)) 
          & (IData)(vlSelf->virtio_net_datapath__DOT__rd_req_valid)) 
         & (~ (IData)(vlSelf->virtio_net_datapath__DOT__rd_abort)))) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_addr 
            = vlSelf->virtio_net_datapath__DOT__rd_req_addr;
        __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__rem 
            = vlSelf->virtio_net_datapath__DOT__rd_req_len;
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_off 
            = (3U & (IData)(vlSelf->virtio_net_datapath__DOT__rd_req_addr));
        __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__busy = 1U;
        __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__failed = 0U;
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__base_lo 
            = (3U & (IData)(vlSelf->virtio_net_datapath__DOT__rd_req_addr));
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__base_lo7 
            = (0x7cU & ((IData)((vlSelf->virtio_net_datapath__DOT__rd_req_addr 
                                 >> 2U)) << 2U));
    }
    if (vlSelf->rst) {
        __Vdly__virtio_net_datapath__DOT__u_rx_fifo__DOT__overflow = 0U;
        vlSelf->virtio_net_datapath__DOT__frame_valid = 0U;
        vlSelf->virtio_net_datapath__DOT__frame_len = 0U;
        __Vdly__virtio_net_datapath__DOT__u_rx_fifo__DOT__wr_len = 0U;
        vlSelf->virtio_net_datapath__DOT__fifo_drop = 0U;
        __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__rem = 0U;
        __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__busy = 0U;
        __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__failed = 0U;
        __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active = 0U;
        __Vdly__tx_rd_req_tlp_valid = 0U;
        __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__cst = 0U;
        __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__timer = 0U;
        vlSelf->virtio_net_datapath__DOT__rd_err_reason = 0U;
        vlSelf->virtio_net_datapath__DOT__rd_done = 0U;
        vlSelf->virtio_net_datapath__DOT__rd_err = 0U;
    }
    virtio_net_datapath__DOT__u_dma_wr__DOT__end_off 
        = (0x3fffU & ((3U & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__cur_addr)) 
                      + (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__chunk)));
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__rx_n 
        = ((virtio_net_datapath__DOT__u_vq__DOT____VdfgTmp_h2e214746__0 
            < vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_rem)
            ? virtio_net_datapath__DOT__u_vq__DOT____VdfgTmp_h2e214746__0
            : vlSelf->virtio_net_datapath__DOT__u_vq__DOT__el_rem);
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__upos_wr 
        = (virtio_net_datapath__DOT__u_vq__DOT__upos_sum 
           >= (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__qsize));
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pos_nx 
        = ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pos_wr)
            ? 0U : (0xffffU & ((IData)(1U) + (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__pos))));
    vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__overflow 
        = __Vdly__virtio_net_datapath__DOT__u_rx_fifo__DOT__overflow;
    vlSelf->virtio_net_datapath__DOT__frame_release 
        = __Vdly__virtio_net_datapath__DOT__frame_release;
    if (__Vdlyvset__virtio_net_datapath__DOT__u_rx_fifo__DOT__mem__v0) {
        vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__mem[__Vdlyvdim0__virtio_net_datapath__DOT__u_rx_fifo__DOT__mem__v0] 
            = __Vdlyvval__virtio_net_datapath__DOT__u_rx_fifo__DOT__mem__v0;
    }
    vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__wr_len 
        = __Vdly__virtio_net_datapath__DOT__u_rx_fifo__DOT__wr_len;
    vlSelf->virtio_net_datapath__DOT__rd_abort = __Vdly__virtio_net_datapath__DOT__rd_abort;
    vlSelf->virtio_net_datapath__DOT__rd_req_addr = __Vdly__virtio_net_datapath__DOT__rd_req_addr;
    vlSelf->virtio_net_datapath__DOT__rd_req_len = __Vdly__virtio_net_datapath__DOT__rd_req_len;
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__timer 
        = __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__timer;
    vlSelf->tx_rd_req_tlp_valid = __Vdly__tx_rd_req_tlp_valid;
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__failed 
        = __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__failed;
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[0U] 
        = __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[0U];
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[1U] 
        = __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[1U];
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[2U] 
        = __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[2U];
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[3U] 
        = __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[3U];
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[4U] 
        = __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[4U];
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[5U] 
        = __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[5U];
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[6U] 
        = __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[6U];
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[7U] 
        = __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data[7U];
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_strb 
        = __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_strb;
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_eop 
        = __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_eop;
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__hold_i 
        = __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__hold_i;
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__wr_dw 
        = __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__wr_dw;
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__dw_left 
        = __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__dw_left;
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__busy 
        = __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__busy;
    vlSelf->virtio_net_datapath__DOT__rd_req_valid 
        = __Vdly__virtio_net_datapath__DOT__rd_req_valid;
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cst 
        = __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__cst;
    if (__Vdlyvset__virtio_net_datapath__DOT__u_dma_rd__DOT__buf_mem__v0) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__buf_mem[__Vdlyvdim0__virtio_net_datapath__DOT__u_dma_rd__DOT__buf_mem__v0] 
            = __Vdlyvval__virtio_net_datapath__DOT__u_dma_rd__DOT__buf_mem__v0;
    }
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active 
        = __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active;
    if (__Vdlyvset__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off__v0) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem[__Vdlyvdim0__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem__v0] 
            = __Vdlyvval__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem__v0;
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off[__Vdlyvdim0__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off__v0] 
            = __Vdlyvval__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off__v0;
    }
    if (__Vdlyvset__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem__v1) {
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem[__Vdlyvdim0__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem__v1] 
            = __Vdlyvval__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem__v1;
        vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off[__Vdlyvdim0__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off__v1] 
            = __Vdlyvval__virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off__v1;
    }
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__rem 
        = __Vdly__virtio_net_datapath__DOT__u_dma_rd__DOT__rem;
    vlSelf->virtio_net_datapath__DOT__u_dma_wr__DOT__len_dw 
        = (0xfffU & (((IData)(virtio_net_datapath__DOT__u_dma_wr__DOT__end_off) 
                      >> 2U) + (0U != (3U & (IData)(virtio_net_datapath__DOT__u_dma_wr__DOT__end_off)))));
    virtio_net_datapath__DOT__u_dma_wr__DOT__lbe = 
        ((0U == (3U & (IData)(virtio_net_datapath__DOT__u_dma_wr__DOT__end_off)))
          ? 0xfU : (0xfU & (~ ((IData)(0xfU) << (3U 
                                                 & (IData)(virtio_net_datapath__DOT__u_dma_wr__DOT__end_off))))));
    vlSelf->virtio_net_datapath__DOT__u_vq__DOT__upos_nx 
        = (0xffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__upos_wr)
                       ? (virtio_net_datapath__DOT__u_vq__DOT__upos_sum 
                          - (IData)(vlSelf->virtio_net_datapath__DOT__u_vq__DOT__qsize))
                       : virtio_net_datapath__DOT__u_vq__DOT__upos_sum));
    vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__beat_idx 
        = (0xffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_rx_fifo__DOT__wr_len) 
                      >> 3U));
    vlSelf->s_axis_rx_tready = (1U & (~ (IData)(vlSelf->virtio_net_datapath__DOT__frame_valid)));
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
    vlSelf->rx_cpl_tlp_ready = (1U != (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cst));
    virtio_net_datapath__DOT__u_dma_rd__DOT__rd_pos 
        = (0xffffU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__base_lo) 
                      + (IData)(vlSelf->virtio_net_datapath__DOT__rd_byte_idx)));
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
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_known 
        = ((0x10U > (0xffU & (vlSelf->rx_cpl_tlp_hdr[1U] 
                              >> 8U))) & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active) 
                                          >> (0xfU 
                                              & (vlSelf->rx_cpl_tlp_hdr[1U] 
                                                 >> 8U))));
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
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_trem 
        = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem
        [(0xfU & (vlSelf->rx_cpl_tlp_hdr[1U] >> 8U))];
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_off 
        = vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off
        [(0xfU & (vlSelf->rx_cpl_tlp_hdr[1U] >> 8U))];
    virtio_net_datapath__DOT__u_dma_rd__DOT__lim_mrrs 
        = (0x3fffU & (((IData)(0x80U) << ((5U < (IData)(vlSelf->max_read_request_size))
                                           ? 5U : (IData)(vlSelf->max_read_request_size))) 
                      - (3U & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_addr))));
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
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__exp_la 
        = (0x7fU & ((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__base_lo7) 
                    + (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__c_off)));
    virtio_net_datapath__DOT__u_dma_rd__DOT__lim_a 
        = (0x3fffU & (((IData)(virtio_net_datapath__DOT__u_dma_rd__DOT__lim_mrrs) 
                       < (0x3fffU & ((IData)(0x1000U) 
                                     - (0xfffU & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_addr)))))
                       ? (IData)(virtio_net_datapath__DOT__u_dma_rd__DOT__lim_mrrs)
                       : ((IData)(0x1000U) - (0xfffU 
                                              & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_addr)))));
    vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__chunk 
        = (0x3fffU & (((IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__rem) 
                       < (IData)(virtio_net_datapath__DOT__u_dma_rd__DOT__lim_a))
                       ? (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__rem)
                       : (IData)(virtio_net_datapath__DOT__u_dma_rd__DOT__lim_a)));
    virtio_net_datapath__DOT__u_dma_rd__DOT__end_off 
        = (0x3fffU & ((3U & (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__cur_addr)) 
                      + (IData)(vlSelf->virtio_net_datapath__DOT__u_dma_rd__DOT__chunk)));
    virtio_net_datapath__DOT__u_dma_rd__DOT__len_dw 
        = (0xfffU & (((IData)(virtio_net_datapath__DOT__u_dma_rd__DOT__end_off) 
                      >> 2U) + (0U != (3U & (IData)(virtio_net_datapath__DOT__u_dma_rd__DOT__end_off)))));
    virtio_net_datapath__DOT__u_dma_rd__DOT__last_be 
        = ((0U == (3U & (IData)(virtio_net_datapath__DOT__u_dma_rd__DOT__end_off)))
            ? 0xfU : (0xfU & (~ ((IData)(0xfU) << (3U 
                                                   & (IData)(virtio_net_datapath__DOT__u_dma_rd__DOT__end_off))))));
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

void Vvirtio_net_datapath___024root___eval_nba(Vvirtio_net_datapath___024root* vlSelf) {
    if (false && vlSelf) {}  // Prevent unused
    Vvirtio_net_datapath__Syms* const __restrict vlSymsp VL_ATTR_UNUSED = vlSelf->vlSymsp;
    VL_DEBUG_IF(VL_DBG_MSGF("+    Vvirtio_net_datapath___024root___eval_nba\n"); );
    // Body
    if (vlSelf->__VnbaTriggered.at(0U)) {
        Vvirtio_net_datapath___024root___nba_sequent__TOP__0(vlSelf);
    }
}

void Vvirtio_net_datapath___024root___eval_triggers__ico(Vvirtio_net_datapath___024root* vlSelf);
#ifdef VL_DEBUG
VL_ATTR_COLD void Vvirtio_net_datapath___024root___dump_triggers__ico(Vvirtio_net_datapath___024root* vlSelf);
#endif  // VL_DEBUG
void Vvirtio_net_datapath___024root___eval_triggers__act(Vvirtio_net_datapath___024root* vlSelf);
#ifdef VL_DEBUG
VL_ATTR_COLD void Vvirtio_net_datapath___024root___dump_triggers__act(Vvirtio_net_datapath___024root* vlSelf);
#endif  // VL_DEBUG
#ifdef VL_DEBUG
VL_ATTR_COLD void Vvirtio_net_datapath___024root___dump_triggers__nba(Vvirtio_net_datapath___024root* vlSelf);
#endif  // VL_DEBUG

void Vvirtio_net_datapath___024root___eval(Vvirtio_net_datapath___024root* vlSelf) {
    if (false && vlSelf) {}  // Prevent unused
    Vvirtio_net_datapath__Syms* const __restrict vlSymsp VL_ATTR_UNUSED = vlSelf->vlSymsp;
    VL_DEBUG_IF(VL_DBG_MSGF("+    Vvirtio_net_datapath___024root___eval\n"); );
    // Init
    CData/*0:0*/ __VicoContinue;
    VlTriggerVec<1> __VpreTriggered;
    IData/*31:0*/ __VnbaIterCount;
    CData/*0:0*/ __VnbaContinue;
    // Body
    vlSelf->__VicoIterCount = 0U;
    __VicoContinue = 1U;
    while (__VicoContinue) {
        __VicoContinue = 0U;
        Vvirtio_net_datapath___024root___eval_triggers__ico(vlSelf);
        if (vlSelf->__VicoTriggered.any()) {
            __VicoContinue = 1U;
            if (VL_UNLIKELY((0x64U < vlSelf->__VicoIterCount))) {
#ifdef VL_DEBUG
                Vvirtio_net_datapath___024root___dump_triggers__ico(vlSelf);
#endif
                VL_FATAL_MT("rtl/virtio_net_datapath.sv", 7, "", "Input combinational region did not converge.");
            }
            vlSelf->__VicoIterCount = ((IData)(1U) 
                                       + vlSelf->__VicoIterCount);
            Vvirtio_net_datapath___024root___eval_ico(vlSelf);
        }
    }
    __VnbaIterCount = 0U;
    __VnbaContinue = 1U;
    while (__VnbaContinue) {
        __VnbaContinue = 0U;
        vlSelf->__VnbaTriggered.clear();
        vlSelf->__VactIterCount = 0U;
        vlSelf->__VactContinue = 1U;
        while (vlSelf->__VactContinue) {
            vlSelf->__VactContinue = 0U;
            Vvirtio_net_datapath___024root___eval_triggers__act(vlSelf);
            if (vlSelf->__VactTriggered.any()) {
                vlSelf->__VactContinue = 1U;
                if (VL_UNLIKELY((0x64U < vlSelf->__VactIterCount))) {
#ifdef VL_DEBUG
                    Vvirtio_net_datapath___024root___dump_triggers__act(vlSelf);
#endif
                    VL_FATAL_MT("rtl/virtio_net_datapath.sv", 7, "", "Active region did not converge.");
                }
                vlSelf->__VactIterCount = ((IData)(1U) 
                                           + vlSelf->__VactIterCount);
                __VpreTriggered.andNot(vlSelf->__VactTriggered, vlSelf->__VnbaTriggered);
                vlSelf->__VnbaTriggered.set(vlSelf->__VactTriggered);
                Vvirtio_net_datapath___024root___eval_act(vlSelf);
            }
        }
        if (vlSelf->__VnbaTriggered.any()) {
            __VnbaContinue = 1U;
            if (VL_UNLIKELY((0x64U < __VnbaIterCount))) {
#ifdef VL_DEBUG
                Vvirtio_net_datapath___024root___dump_triggers__nba(vlSelf);
#endif
                VL_FATAL_MT("rtl/virtio_net_datapath.sv", 7, "", "NBA region did not converge.");
            }
            __VnbaIterCount = ((IData)(1U) + __VnbaIterCount);
            Vvirtio_net_datapath___024root___eval_nba(vlSelf);
        }
    }
}

#ifdef VL_DEBUG
void Vvirtio_net_datapath___024root___eval_debug_assertions(Vvirtio_net_datapath___024root* vlSelf) {
    if (false && vlSelf) {}  // Prevent unused
    Vvirtio_net_datapath__Syms* const __restrict vlSymsp VL_ATTR_UNUSED = vlSelf->vlSymsp;
    VL_DEBUG_IF(VL_DBG_MSGF("+    Vvirtio_net_datapath___024root___eval_debug_assertions\n"); );
    // Body
    if (VL_UNLIKELY((vlSelf->clk & 0xfeU))) {
        Verilated::overWidthError("clk");}
    if (VL_UNLIKELY((vlSelf->rst & 0xfeU))) {
        Verilated::overWidthError("rst");}
    if (VL_UNLIKELY((vlSelf->driver_ok & 0xfeU))) {
        Verilated::overWidthError("driver_ok");}
    if (VL_UNLIKELY((vlSelf->dev_reset & 0xfeU))) {
        Verilated::overWidthError("dev_reset");}
    if (VL_UNLIKELY((vlSelf->queue_enable & 0xf8U))) {
        Verilated::overWidthError("queue_enable");}
    if (VL_UNLIKELY((vlSelf->queue_size & 0ULL))) {
        Verilated::overWidthError("queue_size");}
    if (VL_UNLIKELY((vlSelf->queue_reset_req & 0xf8U))) {
        Verilated::overWidthError("queue_reset_req");}
    if (VL_UNLIKELY((vlSelf->notify_valid & 0xfeU))) {
        Verilated::overWidthError("notify_valid");}
    if (VL_UNLIKELY((vlSelf->max_payload_size & 0xf8U))) {
        Verilated::overWidthError("max_payload_size");}
    if (VL_UNLIKELY((vlSelf->max_read_request_size 
                     & 0xf8U))) {
        Verilated::overWidthError("max_read_request_size");}
    if (VL_UNLIKELY((vlSelf->bus_master_enable & 0xfeU))) {
        Verilated::overWidthError("bus_master_enable");}
    if (VL_UNLIKELY((vlSelf->mac_addr & 0ULL))) {
        Verilated::overWidthError("mac_addr");}
    if (VL_UNLIKELY((vlSelf->irq_ready & 0xfeU))) {
        Verilated::overWidthError("irq_ready");}
    if (VL_UNLIKELY((vlSelf->msix_wr_valid & 0xfeU))) {
        Verilated::overWidthError("msix_wr_valid");}
    if (VL_UNLIKELY((vlSelf->tx_rd_req_tlp_ready & 0xfeU))) {
        Verilated::overWidthError("tx_rd_req_tlp_ready");}
    if (VL_UNLIKELY((vlSelf->tx_wr_req_tlp_ready & 0xfeU))) {
        Verilated::overWidthError("tx_wr_req_tlp_ready");}
    if (VL_UNLIKELY((vlSelf->rx_cpl_tlp_error & 0xf0U))) {
        Verilated::overWidthError("rx_cpl_tlp_error");}
    if (VL_UNLIKELY((vlSelf->rx_cpl_tlp_valid & 0xfeU))) {
        Verilated::overWidthError("rx_cpl_tlp_valid");}
    if (VL_UNLIKELY((vlSelf->rx_cpl_tlp_sop & 0xfeU))) {
        Verilated::overWidthError("rx_cpl_tlp_sop");}
    if (VL_UNLIKELY((vlSelf->rx_cpl_tlp_eop & 0xfeU))) {
        Verilated::overWidthError("rx_cpl_tlp_eop");}
    if (VL_UNLIKELY((vlSelf->m_axis_tx_tready & 0xfeU))) {
        Verilated::overWidthError("m_axis_tx_tready");}
    if (VL_UNLIKELY((vlSelf->s_axis_rx_tvalid & 0xfeU))) {
        Verilated::overWidthError("s_axis_rx_tvalid");}
    if (VL_UNLIKELY((vlSelf->s_axis_rx_tlast & 0xfeU))) {
        Verilated::overWidthError("s_axis_rx_tlast");}
    if (VL_UNLIKELY((vlSelf->s_axis_rx_tuser & 0xfeU))) {
        Verilated::overWidthError("s_axis_rx_tuser");}
}
#endif  // VL_DEBUG
