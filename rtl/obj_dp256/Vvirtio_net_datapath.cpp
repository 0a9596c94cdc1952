// Verilated -*- C++ -*-
// DESCRIPTION: Verilator output: Model implementation (design independent parts)

#include "Vvirtio_net_datapath.h"
#include "Vvirtio_net_datapath__Syms.h"

//============================================================
// Constructors

Vvirtio_net_datapath::Vvirtio_net_datapath(VerilatedContext* _vcontextp__, const char* _vcname__)
    : VerilatedModel{*_vcontextp__}
    , vlSymsp{new Vvirtio_net_datapath__Syms(contextp(), _vcname__, this)}
    , clk{vlSymsp->TOP.clk}
    , rst{vlSymsp->TOP.rst}
    , driver_ok{vlSymsp->TOP.driver_ok}
    , dev_reset{vlSymsp->TOP.dev_reset}
    , queue_enable{vlSymsp->TOP.queue_enable}
    , queue_reset_req{vlSymsp->TOP.queue_reset_req}
    , notify_valid{vlSymsp->TOP.notify_valid}
    , max_payload_size{vlSymsp->TOP.max_payload_size}
    , max_read_request_size{vlSymsp->TOP.max_read_request_size}
    , bus_master_enable{vlSymsp->TOP.bus_master_enable}
    , irq_valid{vlSymsp->TOP.irq_valid}
    , irq_ready{vlSymsp->TOP.irq_ready}
    , needs_reset{vlSymsp->TOP.needs_reset}
    , needs_reset_reason{vlSymsp->TOP.needs_reset_reason}
    , msix_wr_valid{vlSymsp->TOP.msix_wr_valid}
    , msix_wr_ready{vlSymsp->TOP.msix_wr_ready}
    , tx_rd_req_tlp_valid{vlSymsp->TOP.tx_rd_req_tlp_valid}
    , tx_rd_req_tlp_sop{vlSymsp->TOP.tx_rd_req_tlp_sop}
    , tx_rd_req_tlp_eop{vlSymsp->TOP.tx_rd_req_tlp_eop}
    , tx_rd_req_tlp_ready{vlSymsp->TOP.tx_rd_req_tlp_ready}
    , tx_wr_req_tlp_strb{vlSymsp->TOP.tx_wr_req_tlp_strb}
    , tx_wr_req_tlp_valid{vlSymsp->TOP.tx_wr_req_tlp_valid}
    , tx_wr_req_tlp_sop{vlSymsp->TOP.tx_wr_req_tlp_sop}
    , tx_wr_req_tlp_eop{vlSymsp->TOP.tx_wr_req_tlp_eop}
    , tx_wr_req_tlp_ready{vlSymsp->TOP.tx_wr_req_tlp_ready}
    , rx_cpl_tlp_strb{vlSymsp->TOP.rx_cpl_tlp_strb}
    , rx_cpl_tlp_error{vlSymsp->TOP.rx_cpl_tlp_error}
    , rx_cpl_tlp_valid{vlSymsp->TOP.rx_cpl_tlp_valid}
    , rx_cpl_tlp_sop{vlSymsp->TOP.rx_cpl_tlp_sop}
    , rx_cpl_tlp_eop{vlSymsp->TOP.rx_cpl_tlp_eop}
    , rx_cpl_tlp_ready{vlSymsp->TOP.rx_cpl_tlp_ready}
    , m_axis_tx_tkeep{vlSymsp->TOP.m_axis_tx_tkeep}
    , m_axis_tx_tvalid{vlSymsp->TOP.m_axis_tx_tvalid}
    , m_axis_tx_tready{vlSymsp->TOP.m_axis_tx_tready}
    , m_axis_tx_tlast{vlSymsp->TOP.m_axis_tx_tlast}
    , m_axis_tx_tuser{vlSymsp->TOP.m_axis_tx_tuser}
    , s_axis_rx_tkeep{vlSymsp->TOP.s_axis_rx_tkeep}
    , s_axis_rx_tvalid{vlSymsp->TOP.s_axis_rx_tvalid}
    , s_axis_rx_tready{vlSymsp->TOP.s_axis_rx_tready}
    , s_axis_rx_tlast{vlSymsp->TOP.s_axis_rx_tlast}
    , s_axis_rx_tuser{vlSymsp->TOP.s_axis_rx_tuser}
    , notify_qid{vlSymsp->TOP.notify_qid}
    , requester_id{vlSymsp->TOP.requester_id}
    , irq_qid{vlSymsp->TOP.irq_qid}
    , queue_desc{vlSymsp->TOP.queue_desc}
    , queue_driver{vlSymsp->TOP.queue_driver}
    , queue_device{vlSymsp->TOP.queue_device}
    , notify_data{vlSymsp->TOP.notify_data}
    , msix_wr_data{vlSymsp->TOP.msix_wr_data}
    , tx_rd_req_tlp_hdr{vlSymsp->TOP.tx_rd_req_tlp_hdr}
    , tx_wr_req_tlp_data{vlSymsp->TOP.tx_wr_req_tlp_data}
    , tx_wr_req_tlp_hdr{vlSymsp->TOP.tx_wr_req_tlp_hdr}
    , rx_cpl_tlp_data{vlSymsp->TOP.rx_cpl_tlp_data}
    , rx_cpl_tlp_hdr{vlSymsp->TOP.rx_cpl_tlp_hdr}
    , rx_drop_count{vlSymsp->TOP.rx_drop_count}
    , tx_frame_count{vlSymsp->TOP.tx_frame_count}
    , rx_frame_count{vlSymsp->TOP.rx_frame_count}
    , driver_features{vlSymsp->TOP.driver_features}
    , queue_size{vlSymsp->TOP.queue_size}
    , mac_addr{vlSymsp->TOP.mac_addr}
    , msix_wr_addr{vlSymsp->TOP.msix_wr_addr}
    , m_axis_tx_tdata{vlSymsp->TOP.m_axis_tx_tdata}
    , s_axis_rx_tdata{vlSymsp->TOP.s_axis_rx_tdata}
    , rootp{&(vlSymsp->TOP)}
{
    // Register model with the context
    contextp()->addModel(this);
}

Vvirtio_net_datapath::Vvirtio_net_datapath(const char* _vcname__)
    : Vvirtio_net_datapath(Verilated::threadContextp(), _vcname__)
{
}

//============================================================
// Destructor

Vvirtio_net_datapath::~Vvirtio_net_datapath() {
    delete vlSymsp;
}

//============================================================
// Evaluation function

#ifdef VL_DEBUG
void Vvirtio_net_datapath___024root___eval_debug_assertions(Vvirtio_net_datapath___024root* vlSelf);
#endif  // VL_DEBUG
void Vvirtio_net_datapath___024root___eval_static(Vvirtio_net_datapath___024root* vlSelf);
void Vvirtio_net_datapath___024root___eval_initial(Vvirtio_net_datapath___024root* vlSelf);
void Vvirtio_net_datapath___024root___eval_settle(Vvirtio_net_datapath___024root* vlSelf);
void Vvirtio_net_datapath___024root___eval(Vvirtio_net_datapath___024root* vlSelf);

void Vvirtio_net_datapath::eval_step() {
    VL_DEBUG_IF(VL_DBG_MSGF("+++++TOP Evaluate Vvirtio_net_datapath::eval_step\n"); );
#ifdef VL_DEBUG
    // Debug assertions
    Vvirtio_net_datapath___024root___eval_debug_assertions(&(vlSymsp->TOP));
#endif  // VL_DEBUG
    if (VL_UNLIKELY(!vlSymsp->__Vm_didInit)) {
        vlSymsp->__Vm_didInit = true;
        VL_DEBUG_IF(VL_DBG_MSGF("+ Initial\n"););
        Vvirtio_net_datapath___024root___eval_static(&(vlSymsp->TOP));
        Vvirtio_net_datapath___024root___eval_initial(&(vlSymsp->TOP));
        Vvirtio_net_datapath___024root___eval_settle(&(vlSymsp->TOP));
    }
    // MTask 0 start
    VL_DEBUG_IF(VL_DBG_MSGF("MTask0 starting\n"););
    Verilated::mtaskId(0);
    VL_DEBUG_IF(VL_DBG_MSGF("+ Eval\n"););
    Vvirtio_net_datapath___024root___eval(&(vlSymsp->TOP));
    // Evaluate cleanup
    Verilated::endOfThreadMTask(vlSymsp->__Vm_evalMsgQp);
    Verilated::endOfEval(vlSymsp->__Vm_evalMsgQp);
}

//============================================================
// Events and timing
bool Vvirtio_net_datapath::eventsPending() { return false; }

uint64_t Vvirtio_net_datapath::nextTimeSlot() {
    VL_FATAL_MT(__FILE__, __LINE__, "", "%Error: No delays in the design");
    return 0;
}

//============================================================
// Utilities

const char* Vvirtio_net_datapath::name() const {
    return vlSymsp->name();
}

//============================================================
// Invoke final blocks

void Vvirtio_net_datapath___024root___eval_final(Vvirtio_net_datapath___024root* vlSelf);

VL_ATTR_COLD void Vvirtio_net_datapath::final() {
    Vvirtio_net_datapath___024root___eval_final(&(vlSymsp->TOP));
}

//============================================================
// Implementations of abstract methods from VerilatedModel

const char* Vvirtio_net_datapath::hierName() const { return vlSymsp->name(); }
const char* Vvirtio_net_datapath::modelName() const { return "Vvirtio_net_datapath"; }
unsigned Vvirtio_net_datapath::threads() const { return 1; }
