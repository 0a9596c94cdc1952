// Verilated -*- C++ -*-
// DESCRIPTION: Verilator output: Primary model header
//
// This header should be included by all source files instantiating the design.
// The class here is then constructed to instantiate the design.
// See the Verilator manual for examples.

#ifndef VERILATED_VVIRTIO_NET_DATAPATH_H_
#define VERILATED_VVIRTIO_NET_DATAPATH_H_  // guard

#include "verilated.h"

class Vvirtio_net_datapath__Syms;
class Vvirtio_net_datapath___024root;

// This class is the main interface to the Verilated model
class Vvirtio_net_datapath VL_NOT_FINAL : public VerilatedModel {
  private:
    // Symbol table holding complete model state (owned by this class)
    Vvirtio_net_datapath__Syms* const vlSymsp;

  public:

    // PORTS
    // The application code writes and reads these signals to
    // propagate new values into/out from the Verilated model.
    VL_IN8(&clk,0,0);
    VL_IN8(&rst,0,0);
    VL_IN8(&driver_ok,0,0);
    VL_IN8(&dev_reset,0,0);
    VL_IN8(&queue_enable,2,0);
    VL_IN8(&queue_reset_req,2,0);
    VL_IN8(&notify_valid,0,0);
    VL_IN8(&max_payload_size,2,0);
    VL_IN8(&max_read_request_size,2,0);
    VL_IN8(&bus_master_enable,0,0);
    VL_OUT8(&irq_valid,0,0);
    VL_IN8(&irq_ready,0,0);
    VL_OUT8(&needs_reset,0,0);
    VL_OUT8(&needs_reset_reason,7,0);
    VL_IN8(&msix_wr_valid,0,0);
    VL_OUT8(&msix_wr_ready,0,0);
    VL_OUT8(&tx_rd_req_tlp_valid,0,0);
    VL_OUT8(&tx_rd_req_tlp_sop,0,0);
    VL_OUT8(&tx_rd_req_tlp_eop,0,0);
    VL_IN8(&tx_rd_req_tlp_ready,0,0);
    VL_OUT8(&tx_wr_req_tlp_strb,7,0);
    VL_OUT8(&tx_wr_req_tlp_valid,0,0);
    VL_OUT8(&tx_wr_req_tlp_sop,0,0);
    VL_OUT8(&tx_wr_req_tlp_eop,0,0);
    VL_IN8(&tx_wr_req_tlp_ready,0,0);
    VL_IN8(&rx_cpl_tlp_strb,7,0);
    VL_IN8(&rx_cpl_tlp_error,3,0);
    VL_IN8(&rx_cpl_tlp_valid,0,0);
    VL_IN8(&rx_cpl_tlp_sop,0,0);
    VL_IN8(&rx_cpl_tlp_eop,0,0);
    VL_OUT8(&rx_cpl_tlp_ready,0,0);
    VL_OUT8(&m_axis_tx_tkeep,7,0);
    VL_OUT8(&m_axis_tx_tvalid,0,0);
    VL_IN8(&m_axis_tx_tready,0,0);
    VL_OUT8(&m_axis_tx_tlast,0,0);
    VL_OUT8(&m_axis_tx_tuser,0,0);
    VL_IN8(&s_axis_rx_tkeep,7,0);
    VL_IN8(&s_axis_rx_tvalid,0,0);
    VL_OUT8(&s_axis_rx_tready,0,0);
    VL_IN8(&s_axis_rx_tlast,0,0);
    VL_IN8(&s_axis_rx_tuser,0,0);
    VL_IN16(&notify_qid,15,0);
    VL_IN16(&requester_id,15,0);
    VL_OUT16(&irq_qid,15,0);
    VL_INW(&queue_desc,191,0,6);
    VL_INW(&queue_driver,191,0,6);
    VL_INW(&queue_device,191,0,6);
    VL_IN(&notify_data,31,0);
    VL_IN(&msix_wr_data,31,0);
    VL_OUTW(&tx_rd_req_tlp_hdr,127,0,4);
    VL_OUTW(&tx_wr_req_tlp_data,255,0,8);
    VL_OUTW(&tx_wr_req_tlp_hdr,127,0,4);
    VL_INW(&rx_cpl_tlp_data,255,0,8);
    VL_INW(&rx_cpl_tlp_hdr,127,0,4);
    VL_OUT(&rx_drop_count,31,0);
    VL_OUT(&tx_frame_count,31,0);
    VL_OUT(&rx_frame_count,31,0);
    VL_IN64(&driver_features,63,0);
    VL_IN64(&queue_size,47,0);
    VL_IN64(&mac_addr,47,0);
    VL_IN64(&msix_wr_addr,63,0);
    VL_OUT64(&m_axis_tx_tdata,63,0);
    VL_IN64(&s_axis_rx_tdata,63,0);

    // CELLS
    // Public to allow access to /* verilator public */ items.
    // Otherwise the application code can consider these internals.

    // Root instance pointer to allow access to model internals,
    // including inlined /* verilator public_flat_* */ items.
    Vvirtio_net_datapath___024root* const rootp;

    // CONSTRUCTORS
    /// Construct the model; called by application code
    /// If contextp is null, then the model will use the default global context
    /// If name is "", then makes a wrapper with a
    /// single model invisible with respect to DPI scope names.
    explicit Vvirtio_net_datapath(VerilatedContext* contextp, const char* name = "TOP");
    explicit Vvirtio_net_datapath(const char* name = "TOP");
    /// Destroy the model; called (often implicitly) by application code
    virtual ~Vvirtio_net_datapath();
  private:
    VL_UNCOPYABLE(Vvirtio_net_datapath);  ///< Copying not allowed

  public:
    // API METHODS
    /// Evaluate the model.  Application must call when inputs change.
    void eval() { eval_step(); }
    /// Evaluate when calling multiple units/models per time step.
    void eval_step();
    /// Evaluate at end of a timestep for tracing, when using eval_step().
    /// Application must call after all eval() and before time changes.
    void eval_end_step() {}
    /// Simulation complete, run final blocks.  Application must call on completion.
    void final();
    /// Are there scheduled events to handle?
    bool eventsPending();
    /// Returns time at next time slot. Aborts if !eventsPending()
    uint64_t nextTimeSlot();
    /// Retrieve name of this model instance (as passed to constructor).
    const char* name() const;

    // Abstract methods from VerilatedModel
    const char* hierName() const override final;
    const char* modelName() const override final;
    unsigned threads() const override final;
} VL_ATTR_ALIGNED(VL_CACHE_LINE_BYTES);

#endif  // guard
