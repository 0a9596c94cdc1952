// Verilated -*- C++ -*-
// DESCRIPTION: Verilator output: Design internal header
// See Vvirtio_net_datapath.h for the primary calling header

#ifndef VERILATED_VVIRTIO_NET_DATAPATH___024ROOT_H_
#define VERILATED_VVIRTIO_NET_DATAPATH___024ROOT_H_  // guard

#include "verilated.h"

class Vvirtio_net_datapath__Syms;

class Vvirtio_net_datapath___024root final : public VerilatedModule {
  public:

    // DESIGN SPECIFIC STATE
    // Anonymous structures to workaround compiler member-count bugs
    struct {
        VL_IN8(clk,0,0);
        VL_IN8(rst,0,0);
        VL_IN8(driver_ok,0,0);
        VL_IN8(dev_reset,0,0);
        VL_IN8(queue_enable,2,0);
        VL_IN8(queue_reset_req,2,0);
        VL_IN8(notify_valid,0,0);
        VL_IN8(max_payload_size,2,0);
        VL_IN8(max_read_request_size,2,0);
        VL_IN8(bus_master_enable,0,0);
        VL_OUT8(irq_valid,0,0);
        VL_IN8(irq_ready,0,0);
        VL_OUT8(needs_reset,0,0);
        VL_OUT8(needs_reset_reason,7,0);
        VL_IN8(msix_wr_valid,0,0);
        VL_OUT8(msix_wr_ready,0,0);
        VL_OUT8(tx_rd_req_tlp_valid,0,0);
        VL_OUT8(tx_rd_req_tlp_sop,0,0);
        VL_OUT8(tx_rd_req_tlp_eop,0,0);
        VL_IN8(tx_rd_req_tlp_ready,0,0);
        VL_OUT8(tx_wr_req_tlp_strb,7,0);
        VL_OUT8(tx_wr_req_tlp_valid,0,0);
        VL_OUT8(tx_wr_req_tlp_sop,0,0);
        VL_OUT8(tx_wr_req_tlp_eop,0,0);
        VL_IN8(tx_wr_req_tlp_ready,0,0);
        VL_IN8(rx_cpl_tlp_strb,7,0);
        VL_IN8(rx_cpl_tlp_error,3,0);
        VL_IN8(rx_cpl_tlp_valid,0,0);
        VL_IN8(rx_cpl_tlp_sop,0,0);
        VL_IN8(rx_cpl_tlp_eop,0,0);
        VL_OUT8(rx_cpl_tlp_ready,0,0);
        VL_OUT8(m_axis_tx_tkeep,7,0);
        VL_OUT8(m_axis_tx_tvalid,0,0);
        VL_IN8(m_axis_tx_tready,0,0);
        VL_OUT8(m_axis_tx_tlast,0,0);
        VL_OUT8(m_axis_tx_tuser,0,0);
        VL_IN8(s_axis_rx_tkeep,7,0);
        VL_IN8(s_axis_rx_tvalid,0,0);
        VL_OUT8(s_axis_rx_tready,0,0);
        VL_IN8(s_axis_rx_tlast,0,0);
        VL_IN8(s_axis_rx_tuser,0,0);
        CData/*0:0*/ virtio_net_datapath__DOT__rd_req_valid;
        CData/*0:0*/ virtio_net_datapath__DOT__rd_done;
        CData/*0:0*/ virtio_net_datapath__DOT__rd_err;
        CData/*0:0*/ virtio_net_datapath__DOT__rd_abort;
        CData/*7:0*/ virtio_net_datapath__DOT__rd_err_reason;
        CData/*7:0*/ virtio_net_datapath__DOT__rd_byte;
        CData/*0:0*/ virtio_net_datapath__DOT__wr_req_valid;
        CData/*0:0*/ virtio_net_datapath__DOT__wr_done;
        CData/*0:0*/ virtio_net_datapath__DOT__frame_valid;
        CData/*0:0*/ virtio_net_datapath__DOT__frame_release;
        CData/*0:0*/ virtio_net_datapath__DOT__fifo_drop;
        CData/*0:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__busy;
        CData/*0:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__failed;
        CData/*1:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__base_lo;
        CData/*6:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__base_lo7;
        CData/*0:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__have_free;
        CData/*3:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__free_tag;
        CData/*0:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__c_known;
        CData/*6:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__exp_la;
        CData/*0:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__c_final;
        CData/*1:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__cst;
        CData/*7:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__hold_strb;
        CData/*0:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__hold_eop;
    };
    struct {
        CData/*2:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__hold_i;
        CData/*2:0*/ virtio_net_datapath__DOT__u_dma_wr__DOT__st;
        CData/*1:0*/ virtio_net_datapath__DOT__u_dma_wr__DOT__t_lo;
        CData/*4:0*/ virtio_net_datapath__DOT__u_dma_wr__DOT__lane;
        CData/*0:0*/ virtio_net_datapath__DOT__u_dma_wr__DOT__first_beat;
        CData/*0:0*/ virtio_net_datapath__DOT__u_dma_wr__DOT__lane_has;
        CData/*0:0*/ virtio_net_datapath__DOT__u_rx_fifo__DOT__overflow;
        CData/*2:0*/ virtio_net_datapath__DOT__u_vq__DOT__avail_wrap_counter;
        CData/*2:0*/ virtio_net_datapath__DOT__u_vq__DOT__used_wrap_counter;
        CData/*2:0*/ virtio_net_datapath__DOT__u_vq__DOT__kick_pending;
        CData/*1:0*/ virtio_net_datapath__DOT__u_vq__DOT__job;
        CData/*1:0*/ virtio_net_datapath__DOT__u_vq__DOT__cq;
        CData/*1:0*/ virtio_net_datapath__DOT__u_vq__DOT__rr_last;
        CData/*0:0*/ virtio_net_datapath__DOT__u_vq__DOT__wrap;
        CData/*0:0*/ virtio_net_datapath__DOT__u_vq__DOT__first;
        CData/*0:0*/ virtio_net_datapath__DOT__u_vq__DOT__in_ind;
        CData/*0:0*/ virtio_net_datapath__DOT__u_vq__DOT__seen_write;
        CData/*0:0*/ virtio_net_datapath__DOT__u_vq__DOT__el_write;
        CData/*0:0*/ virtio_net_datapath__DOT__u_vq__DOT__el_last;
        CData/*0:0*/ virtio_net_datapath__DOT__u_vq__DOT__uwrap;
        CData/*0:0*/ virtio_net_datapath__DOT__u_vq__DOT__first_uwrap;
        CData/*2:0*/ virtio_net_datapath__DOT__u_vq__DOT__ctrl_cnt;
        CData/*0:0*/ virtio_net_datapath__DOT__u_vq__DOT__ack_done;
        CData/*0:0*/ virtio_net_datapath__DOT__u_vq__DOT__dry;
        CData/*0:0*/ virtio_net_datapath__DOT__u_vq__DOT__src_rx;
        CData/*5:0*/ virtio_net_datapath__DOT__u_vq__DOT__st;
        CData/*5:0*/ virtio_net_datapath__DOT__u_vq__DOT__ret;
        CData/*0:0*/ virtio_net_datapath__DOT__u_vq__DOT__cand_any;
        CData/*1:0*/ virtio_net_datapath__DOT__u_vq__DOT__cand_q;
        CData/*0:0*/ virtio_net_datapath__DOT__u_vq__DOT__d_avail;
        CData/*0:0*/ virtio_net_datapath__DOT__u_vq__DOT__pos_wr;
        CData/*0:0*/ virtio_net_datapath__DOT__u_vq__DOT__upos_wr;
        CData/*0:0*/ virtio_net_datapath__DOT__u_vq__DOT__c_ok;
        CData/*0:0*/ virtio_net_datapath__DOT__u_vq__DOT__ev_notify;
        CData/*3:0*/ virtio_net_datapath__DOT__u_vq__DOT__pk_cnt;
        CData/*0:0*/ virtio_net_datapath__DOT__u_vq__DOT__ax_free;
        CData/*0:0*/ virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_h509d6ee3__0;
        CData/*0:0*/ virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_ha8e5c92a__0;
        CData/*0:0*/ virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_h68fe9e04__0;
        CData/*0:0*/ virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_hb4f7d5d6__0;
        CData/*0:0*/ virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_hb7e98996__0;
        CData/*0:0*/ __Vtrigrprev__TOP__clk;
        CData/*0:0*/ __VactContinue;
        VL_IN16(notify_qid,15,0);
        VL_IN16(requester_id,15,0);
        VL_OUT16(irq_qid,15,0);
        SData/*15:0*/ virtio_net_datapath__DOT__rd_req_len;
        SData/*15:0*/ virtio_net_datapath__DOT__rd_byte_idx;
        SData/*15:0*/ virtio_net_datapath__DOT__wr_req_len;
        SData/*15:0*/ virtio_net_datapath__DOT__wr_req_src_off;
        SData/*15:0*/ virtio_net_datapath__DOT__wr_src_off;
        SData/*15:0*/ virtio_net_datapath__DOT__frame_len;
        SData/*15:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__rem;
        SData/*11:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__cur_off;
        SData/*15:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__tag_active;
        SData/*13:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__chunk;
        SData/*12:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__c_bc13;
        SData/*12:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__c_len13;
        SData/*11:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__c_off;
        SData/*12:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__c_trem;
        SData/*14:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__c_carry;
        SData/*8:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__wr_dw;
        SData/*10:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__dw_left;
        SData/*15:0*/ virtio_net_datapath__DOT__u_dma_wr__DOT__rem;
    };
    struct {
        SData/*15:0*/ virtio_net_datapath__DOT__u_dma_wr__DOT__src_base;
        SData/*12:0*/ virtio_net_datapath__DOT__u_dma_wr__DOT__t_len;
        SData/*15:0*/ virtio_net_datapath__DOT__u_dma_wr__DOT__t_pos;
        SData/*15:0*/ virtio_net_datapath__DOT__u_dma_wr__DOT__t_dws;
        SData/*15:0*/ virtio_net_datapath__DOT__u_dma_wr__DOT__t_sent;
        SData/*13:0*/ virtio_net_datapath__DOT__u_dma_wr__DOT__chunk;
        SData/*11:0*/ virtio_net_datapath__DOT__u_dma_wr__DOT__len_dw;
        SData/*15:0*/ virtio_net_datapath__DOT__u_dma_wr__DOT__dws_left;
        SData/*15:0*/ virtio_net_datapath__DOT__u_dma_wr__DOT__beat_dws;
        SData/*15:0*/ virtio_net_datapath__DOT__u_rx_fifo__DOT__wr_len;
        SData/*15:0*/ virtio_net_datapath__DOT__u_rx_fifo__DOT__nkeep;
        SData/*15:0*/ virtio_net_datapath__DOT__u_rx_fifo__DOT__beat_idx;
        SData/*15:0*/ virtio_net_datapath__DOT__u_vq__DOT__qsize;
        SData/*15:0*/ virtio_net_datapath__DOT__u_vq__DOT__pos;
        SData/*15:0*/ virtio_net_datapath__DOT__u_vq__DOT__ndescs;
        SData/*15:0*/ virtio_net_datapath__DOT__u_vq__DOT__tot_slots;
        SData/*15:0*/ virtio_net_datapath__DOT__u_vq__DOT__buf_id;
        SData/*15:0*/ virtio_net_datapath__DOT__u_vq__DOT__chunk_n;
        SData/*15:0*/ virtio_net_datapath__DOT__u_vq__DOT__upos;
        SData/*15:0*/ virtio_net_datapath__DOT__u_vq__DOT__published;
        SData/*15:0*/ virtio_net_datapath__DOT__u_vq__DOT__first_slot;
        SData/*15:0*/ virtio_net_datapath__DOT__u_vq__DOT__nbufs;
        SData/*15:0*/ virtio_net_datapath__DOT__u_vq__DOT__buf_idx;
        SData/*15:0*/ virtio_net_datapath__DOT__u_vq__DOT__d_flags;
        SData/*15:0*/ virtio_net_datapath__DOT__u_vq__DOT__d_id;
        SData/*15:0*/ virtio_net_datapath__DOT__u_vq__DOT__pos_nx;
        SData/*15:0*/ virtio_net_datapath__DOT__u_vq__DOT__used_flags;
        SData/*15:0*/ virtio_net_datapath__DOT__u_vq__DOT__upos_nx;
        SData/*15:0*/ virtio_net_datapath__DOT__u_vq__DOT__ct_n;
        SData/*15:0*/ virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_hea855c5f__0;
        SData/*15:0*/ virtio_net_datapath__DOT__u_vq__DOT____Vlvbound_haa7acbb0__0;
        VL_INW(queue_desc,191,0,6);
        VL_INW(queue_driver,191,0,6);
        VL_INW(queue_device,191,0,6);
        VL_IN(notify_data,31,0);
        VL_IN(msix_wr_data,31,0);
        VL_OUTW(tx_rd_req_tlp_hdr,127,0,4);
        VL_OUTW(tx_wr_req_tlp_data,255,0,8);
        VL_OUTW(tx_wr_req_tlp_hdr,127,0,4);
        VL_INW(rx_cpl_tlp_data,255,0,8);
        VL_INW(rx_cpl_tlp_hdr,127,0,4);
        VL_OUT(rx_drop_count,31,0);
        VL_OUT(tx_frame_count,31,0);
        VL_OUT(rx_frame_count,31,0);
        IData/*31:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__timer;
        VlWide<4>/*127:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__mrd_hdr;
        VlWide<8>/*255:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__hold_data;
        VlWide<4>/*127:0*/ virtio_net_datapath__DOT__u_dma_wr__DOT__mwr_hdr;
        IData/*27:0*/ virtio_net_datapath__DOT__u_vq__DOT__tbl_n;
        IData/*27:0*/ virtio_net_datapath__DOT__u_vq__DOT__tbl_i;
        VlWide<4>/*127:0*/ virtio_net_datapath__DOT__u_vq__DOT__desc;
        IData/*31:0*/ virtio_net_datapath__DOT__u_vq__DOT__el_rem;
        IData/*31:0*/ virtio_net_datapath__DOT__u_vq__DOT__used_len;
        IData/*31:0*/ virtio_net_datapath__DOT__u_vq__DOT__tx_cnt;
        IData/*31:0*/ virtio_net_datapath__DOT__u_vq__DOT__ctrl_req;
        IData/*16:0*/ virtio_net_datapath__DOT__u_vq__DOT__need;
        IData/*16:0*/ virtio_net_datapath__DOT__u_vq__DOT__src_cur;
        IData/*31:0*/ virtio_net_datapath__DOT__u_vq__DOT__evt;
        IData/*31:0*/ virtio_net_datapath__DOT__u_vq__DOT__d_len;
        IData/*31:0*/ virtio_net_datapath__DOT__u_vq__DOT__rd_chunk;
        IData/*31:0*/ virtio_net_datapath__DOT__u_vq__DOT__rx_n;
        IData/*31:0*/ __VstlIterCount;
        IData/*31:0*/ __VicoIterCount;
        IData/*31:0*/ __VactIterCount;
    };
    struct {
        VL_IN64(driver_features,63,0);
        VL_IN64(queue_size,47,0);
        VL_IN64(mac_addr,47,0);
        VL_IN64(msix_wr_addr,63,0);
        VL_OUT64(m_axis_tx_tdata,63,0);
        VL_IN64(s_axis_rx_tdata,63,0);
        QData/*63:0*/ virtio_net_datapath__DOT__rd_req_addr;
        QData/*63:0*/ virtio_net_datapath__DOT__wr_req_addr;
        QData/*63:0*/ virtio_net_datapath__DOT__u_dma_rd__DOT__cur_addr;
        QData/*63:0*/ virtio_net_datapath__DOT__u_dma_wr__DOT__cur_addr;
        QData/*47:0*/ virtio_net_datapath__DOT__u_vq__DOT__avail_idx;
        QData/*47:0*/ virtio_net_datapath__DOT__u_vq__DOT__used_idx;
        QData/*63:0*/ virtio_net_datapath__DOT__u_vq__DOT__qdesc;
        QData/*63:0*/ virtio_net_datapath__DOT__u_vq__DOT__qdrv;
        QData/*63:0*/ virtio_net_datapath__DOT__u_vq__DOT__tbl_addr;
        QData/*63:0*/ virtio_net_datapath__DOT__u_vq__DOT__el_addr;
        QData/*39:0*/ virtio_net_datapath__DOT__u_vq__DOT__cap;
        QData/*47:0*/ virtio_net_datapath__DOT__u_vq__DOT__imm;
        QData/*63:0*/ virtio_net_datapath__DOT__u_vq__DOT__d_addr;
        QData/*63:0*/ virtio_net_datapath__DOT__u_vq__DOT__pk_word;
        VlUnpacked<IData/*31:0*/, 512> virtio_net_datapath__DOT__u_dma_rd__DOT__buf_mem;
        VlUnpacked<SData/*11:0*/, 16> virtio_net_datapath__DOT__u_dma_rd__DOT__tag_off;
        VlUnpacked<SData/*12:0*/, 16> virtio_net_datapath__DOT__u_dma_rd__DOT__tag_rem;
        VlUnpacked<QData/*63:0*/, 256> virtio_net_datapath__DOT__u_rx_fifo__DOT__mem;
    };
    VlTriggerVec<1> __VstlTriggered;
    VlTriggerVec<1> __VicoTriggered;
    VlTriggerVec<1> __VactTriggered;
    VlTriggerVec<1> __VnbaTriggered;

    // INTERNAL VARIABLES
    Vvirtio_net_datapath__Syms* const vlSymsp;

    // CONSTRUCTORS
    Vvirtio_net_datapath___024root(Vvirtio_net_datapath__Syms* symsp, const char* v__name);
    ~Vvirtio_net_datapath___024root();
    VL_UNCOPYABLE(Vvirtio_net_datapath___024root);

    // INTERNAL METHODS
    void __Vconfigure(bool first);
} VL_ATTR_ALIGNED(VL_CACHE_LINE_BYTES);


#endif  // guard
