// virtio_net_pcie: reference RTL of a virtio-net PCIe function (top level). Ports and
// parameters are exactly those of docs/dut-interface.md. Request side (this file's register
// blocks) and DMA/ring/net datapath (virtio_net_datapath) meet at the port list in
// rtl/README.md.
//
//   rx_req ──► pcie_req_rx ──► register bus ──┬─► pci_config_space (CfgRd0/CfgWr0)
//                   │                          ├─► virtio_common_cfg  BAR0 0x0000
//                   ▼                          ├─► virtio_isr         BAR0 0x1000
//   tx_cpl ◄── pcie_cpl_tx                     ├─► virtio_net_cfg     BAR0 0x2000
//                                              ├─► virtio_notify      BAR0 0x3000
//                                              └─► msix_table         BAR2
//   virtio_irq: datapath irq / config change ──► ISR + INTx, or MSI-X events ──► msix_table
//   virtio_net_datapath: tx_rd_req, tx_wr_req (incl. MSI-X messages), rx_cpl, Ethernet
module virtio_net_pcie #(
  parameter TLP_DATA_WIDTH  = 64,
  parameter TLP_STRB_WIDTH  = TLP_DATA_WIDTH/32,
  parameter TLP_HDR_WIDTH   = 128,
  parameter AXIS_DATA_WIDTH = 64,
  parameter AXIS_KEEP_WIDTH = AXIS_DATA_WIDTH/8,
  parameter NUM_QUEUE_PAIRS = 1,
  parameter MAX_QUEUE_SIZE  = 256,
  parameter MSIX_VECTORS    = 4,
  parameter TAG_COUNT       = 16
)(
  input  wire                       clk,
  input  wire                       rst,

  // requests to the function
  input  wire [TLP_DATA_WIDTH-1:0]  rx_req_tlp_data,
  input  wire [TLP_STRB_WIDTH-1:0]  rx_req_tlp_strb,
  input  wire [TLP_HDR_WIDTH-1:0]   rx_req_tlp_hdr,
  input  wire [2:0]                 rx_req_tlp_bar_id,
  input  wire [7:0]                 rx_req_tlp_func_num,
  input  wire                       rx_req_tlp_valid,
  input  wire                       rx_req_tlp_sop,
  input  wire                       rx_req_tlp_eop,
  output wire                       rx_req_tlp_ready,

  // completions from the function
  output wire [TLP_DATA_WIDTH-1:0]  tx_cpl_tlp_data,
  output wire [TLP_STRB_WIDTH-1:0]  tx_cpl_tlp_strb,
  output wire [TLP_HDR_WIDTH-1:0]   tx_cpl_tlp_hdr,
  output wire                       tx_cpl_tlp_valid,
  output wire                       tx_cpl_tlp_sop,
  output wire                       tx_cpl_tlp_eop,
  input  wire                       tx_cpl_tlp_ready,

  // DMA read requests (MRd), header only
  output wire [TLP_HDR_WIDTH-1:0]   tx_rd_req_tlp_hdr,
  output wire                       tx_rd_req_tlp_valid,
  output wire                       tx_rd_req_tlp_sop,
  output wire                       tx_rd_req_tlp_eop,
  input  wire                       tx_rd_req_tlp_ready,

  // DMA write requests (MWr) incl. MSI-X messages
  output wire [TLP_DATA_WIDTH-1:0]  tx_wr_req_tlp_data,
  output wire [TLP_STRB_WIDTH-1:0]  tx_wr_req_tlp_strb,
  output wire [TLP_HDR_WIDTH-1:0]   tx_wr_req_tlp_hdr,
  output wire                       tx_wr_req_tlp_valid,
  output wire                       tx_wr_req_tlp_sop,
  output wire                       tx_wr_req_tlp_eop,
  input  wire                       tx_wr_req_tlp_ready,

  // completions for DMA reads
  input  wire [TLP_DATA_WIDTH-1:0]  rx_cpl_tlp_data,
  input  wire [TLP_STRB_WIDTH-1:0]  rx_cpl_tlp_strb,
  input  wire [TLP_HDR_WIDTH-1:0]   rx_cpl_tlp_hdr,
  input  wire [3:0]                 rx_cpl_tlp_error,
  input  wire                       rx_cpl_tlp_valid,
  input  wire                       rx_cpl_tlp_sop,
  input  wire                       rx_cpl_tlp_eop,
  output wire                       rx_cpl_tlp_ready,

  // Ethernet
  output wire [AXIS_DATA_WIDTH-1:0] m_axis_tx_tdata,
  output wire [AXIS_KEEP_WIDTH-1:0] m_axis_tx_tkeep,
  output wire                       m_axis_tx_tvalid,
  input  wire                       m_axis_tx_tready,
  output wire                       m_axis_tx_tlast,
  output wire                       m_axis_tx_tuser,
  input  wire [AXIS_DATA_WIDTH-1:0] s_axis_rx_tdata,
  input  wire [AXIS_KEEP_WIDTH-1:0] s_axis_rx_tkeep,
  input  wire                       s_axis_rx_tvalid,
  output wire                       s_axis_rx_tready,
  input  wire                       s_axis_rx_tlast,
  input  wire                       s_axis_rx_tuser,

  // interrupts and status
  output wire                       intx_level,
  output wire                       status_needs_reset
);
  localparam NUM_QUEUES = 2*NUM_QUEUE_PAIRS + 1;   // receiveq/transmitq pairs + controlq (§5.1.2)
  localparam [63:0] OFFERED = virtio_pkg::OFFERED_FEATURES_BASE |
                              ((NUM_QUEUE_PAIRS > 1) ? (64'd1 << virtio_pkg::VIRTIO_NET_F_MQ) : 64'd0);

  // The function decodes memory requests against its own BARs (like an endpoint does); the
  // root port's BAR sideband and the function number sideband (always 0) are not needed.
  /* verilator lint_off UNUSEDSIGNAL */
  wire unused_sideband = |{rx_req_tlp_bar_id, rx_req_tlp_func_num};
  /* verilator lint_on UNUSEDSIGNAL */

  // ---------------------------------------------------------------- config space
  wire        mem_space_en, bus_master_en, intx_disable, msix_enable, msix_function_mask;
  wire [63:0] bar0_addr, bar2_addr;
  wire [2:0]  max_payload_size, max_read_request_size;
  wire [7:0]  win_bar;
  wire [31:0] win_offset, win_length, win_data;
  wire        win_load;
  wire [31:0] win_load_data, win_load_mask;
  wire        intx_pending;

  // ---------------------------------------------------------------- register bus
  wire        reg_valid, reg_wr;
  wire [1:0]  reg_space;
  wire [13:2] reg_addr;
  wire [3:0]  reg_be;
  wire [31:0] reg_wdata;
  wire [31:0] cfg_rdata, common_rdata, isr_rdata, netcfg_rdata, msix_rdata;

  wire sel_cfg    = (reg_space == virtio_pkg::SPACE_CFG);
  wire sel_bar0   = (reg_space == virtio_pkg::SPACE_BAR0);
  wire sel_bar2   = (reg_space == virtio_pkg::SPACE_BAR2);
  wire sel_common = sel_bar0 && (reg_addr[13:12] == virtio_pkg::REGION_COMMON);
  wire sel_isr    = sel_bar0 && (reg_addr[13:12] == virtio_pkg::REGION_ISR);
  wire sel_device = sel_bar0 && (reg_addr[13:12] == virtio_pkg::REGION_DEVICE);
  wire sel_notify = sel_bar0 && (reg_addr[13:12] == virtio_pkg::REGION_NOTIFY);
  wire common_reg = sel_common && (reg_addr[11:6] == 6'd0);   // 64-byte structure; rest is a hole

  wire [31:0] reg_rdata = sel_cfg    ? cfg_rdata    :
                          common_reg ? common_rdata :
                          sel_isr    ? isr_rdata    :
                          sel_device ? netcfg_rdata :
                          sel_bar2   ? msix_rdata   : 32'd0;   // notify and holes read 0

  wire [15:0] completer_id;
  wire [127:0] cpl_hdr;
  wire [31:0]  cpl_dw;
  wire         cpl_first, cpl_last, cpl_nodata, cpl_valid, cpl_ready;

  // Device reset (virtio 1.x §2.4, docs/dut-interface.md "Device reset"): once device_status is
  // written 0 no DMA write starts (dma_wr abort); the next request is taken only when the MWr
  // under way has left (rx_req held), so device_status reads 0 only once the device has stopped writing.
  wire                      dma_wr_idle, req_rx_ready;
  reg                       reset_drain;
  wire                      reset_hold = (reset_drain || dev_reset) && !dma_wr_idle;
  assign rx_req_tlp_ready = req_rx_ready && !reset_hold;

  pcie_req_rx #(
    .TLP_DATA_WIDTH(TLP_DATA_WIDTH), .TLP_STRB_WIDTH(TLP_STRB_WIDTH), .TLP_HDR_WIDTH(TLP_HDR_WIDTH)
  ) u_req_rx (
    .clk(clk), .rst(rst),
    .s_req_tlp_data(rx_req_tlp_data), .s_req_tlp_strb(rx_req_tlp_strb), .s_req_tlp_hdr(rx_req_tlp_hdr),
    .s_req_tlp_sop(rx_req_tlp_sop), .s_req_tlp_eop(rx_req_tlp_eop), .s_req_tlp_valid(rx_req_tlp_valid && !reset_hold),
    .s_req_tlp_ready(req_rx_ready),
    .mem_space_en(mem_space_en), .bar0_addr(bar0_addr), .bar2_addr(bar2_addr),
    .max_payload_size(max_payload_size),
    .win_bar(win_bar), .win_offset(win_offset), .win_length(win_length), .win_data(win_data),
    .win_load(win_load), .win_load_data(win_load_data), .win_load_mask(win_load_mask),
    .reg_valid(reg_valid), .reg_wr(reg_wr), .reg_space(reg_space), .reg_addr(reg_addr),
    .reg_be(reg_be), .reg_wdata(reg_wdata), .reg_rdata(reg_rdata),
    .m_cpl_hdr(cpl_hdr), .m_cpl_dw(cpl_dw), .m_cpl_first(cpl_first), .m_cpl_last(cpl_last),
    .m_cpl_nodata(cpl_nodata), .m_cpl_valid(cpl_valid), .m_cpl_ready(cpl_ready),
    .completer_id(completer_id)
  );

  pcie_cpl_tx #(
    .TLP_DATA_WIDTH(TLP_DATA_WIDTH), .TLP_STRB_WIDTH(TLP_STRB_WIDTH), .TLP_HDR_WIDTH(TLP_HDR_WIDTH)
  ) u_cpl_tx (
    .clk(clk), .rst(rst),
    .s_cpl_hdr(cpl_hdr), .s_cpl_dw(cpl_dw), .s_cpl_first(cpl_first), .s_cpl_last(cpl_last),
    .s_cpl_nodata(cpl_nodata), .s_cpl_valid(cpl_valid), .s_cpl_ready(cpl_ready),
    .m_cpl_tlp_data(tx_cpl_tlp_data), .m_cpl_tlp_strb(tx_cpl_tlp_strb), .m_cpl_tlp_hdr(tx_cpl_tlp_hdr),
    .m_cpl_tlp_sop(tx_cpl_tlp_sop), .m_cpl_tlp_eop(tx_cpl_tlp_eop), .m_cpl_tlp_valid(tx_cpl_tlp_valid),
    .m_cpl_tlp_ready(tx_cpl_tlp_ready)
  );

  pci_config_space #(.MSIX_VECTORS(MSIX_VECTORS)) u_cfg (
    .clk(clk), .rst(rst),
    .reg_valid(reg_valid && sel_cfg), .reg_wr(reg_wr), .reg_addr(reg_addr[11:2]), .reg_be(reg_be),
    .reg_wdata(reg_wdata), .reg_rdata(cfg_rdata),
    .win_load(win_load), .win_load_data(win_load_data), .win_load_mask(win_load_mask),
    .intx_pending(intx_pending),
    .mem_space_en(mem_space_en), .bus_master_en(bus_master_en), .intx_disable(intx_disable),
    .bar0_addr(bar0_addr), .bar2_addr(bar2_addr),
    .max_payload_size(max_payload_size), .max_read_request_size(max_read_request_size),
    .msix_enable(msix_enable), .msix_function_mask(msix_function_mask),
    .win_bar(win_bar), .win_offset(win_offset), .win_length(win_length), .win_data(win_data)
  );

  // ---------------------------------------------------------------- virtio-pci structures (BAR0)
  wire                      config_irq, dev_reset, driver_ok, needs_reset;
  always @(posedge clk) begin
    if (rst) reset_drain <= 1'b0;
    else if (dev_reset) reset_drain <= 1'b1;
    else if (dma_wr_idle) reset_drain <= 1'b0;
  end
  // virtio_net_config.mac as CTRL_MAC_ADDR_SET left it, and its change pulse (datapath -> registers)
  wire [47:0]               dp_mac;
  wire                      dp_mac_change;
  wire [7:0]                device_status;
  wire [127:0]              negotiated_features;
  wire [15:0]               config_msix_vector;
  wire [NUM_QUEUES-1:0]     queue_enable, queue_reset_req;
  wire [NUM_QUEUES*16-1:0]  queue_size, queue_msix_vector;
  wire [NUM_QUEUES*64-1:0]  queue_desc, queue_driver, queue_device;

  virtio_common_cfg #(
    .NUM_QUEUE_PAIRS(NUM_QUEUE_PAIRS), .NUM_QUEUES(NUM_QUEUES),
    .MAX_QUEUE_SIZE(MAX_QUEUE_SIZE), .MSIX_VECTORS(MSIX_VECTORS)
  ) u_common (
    .clk(clk), .rst(rst),
    .reg_valid(reg_valid && common_reg), .reg_wr(reg_wr), .reg_addr(reg_addr[5:2]), .reg_be(reg_be),
    .reg_wdata(reg_wdata), .reg_rdata(common_rdata),
    .needs_reset(needs_reset), .config_change(dp_mac_change), .config_irq(config_irq), .dev_reset(dev_reset),
    .device_status(device_status), .negotiated_features(negotiated_features), .driver_ok(driver_ok),
    .config_msix_vector(config_msix_vector),
    .queue_enable(queue_enable), .queue_size(queue_size), .queue_msix_vector(queue_msix_vector),
    .queue_desc(queue_desc), .queue_driver(queue_driver), .queue_device(queue_device),
    .queue_reset_req(queue_reset_req)
  );
  assign status_needs_reset = device_status[6];

  wire [1:0] isr;
  wire       isr_set_queue, isr_set_config;
  virtio_isr u_isr (
    .clk(clk), .rst(rst),
    .reg_valid(reg_valid && sel_isr), .reg_wr(reg_wr), .reg_addr(reg_addr[11:2]), .reg_be(reg_be),
    .reg_rdata(isr_rdata),
    .dev_reset(dev_reset), .set_queue(isr_set_queue), .set_config(isr_set_config), .isr(isr)
  );
  // INTx (virtio §4.1.4.5, PCIe r6.0 §7.5.1.1.4): pending while ISR != 0 and MSI-X is disabled;
  // INTA level additionally gated by Command.Interrupt Disable.
  assign intx_pending = (isr != 2'b00) && !msix_enable;
  assign intx_level   = intx_pending && !intx_disable;

  virtio_net_cfg #(.OFFERED(OFFERED), .NUM_QUEUE_PAIRS(NUM_QUEUE_PAIRS)) u_netcfg (
    .reg_addr(reg_addr[11:2]), .reg_be(reg_be), .mac_addr(dp_mac), .reg_rdata(netcfg_rdata)
  );

  wire        notify_valid;
  wire [15:0] notify_qid;
  wire [31:0] notify_data;
  virtio_notify #(.NUM_QUEUES(NUM_QUEUES)) u_notify (
    .clk(clk), .rst(rst),
    .reg_valid(reg_valid && sel_notify), .reg_wr(reg_wr), .reg_addr(reg_addr[11:2]), .reg_be(reg_be),
    .reg_wdata(reg_wdata),
    .notification_data(negotiated_features[virtio_pkg::VIRTIO_F_NOTIFICATION_DATA]),
    .notify_valid(notify_valid), .notify_qid(notify_qid), .notify_data(notify_data)
  );

  // ---------------------------------------------------------------- interrupts, MSI-X (BAR2)
  wire        irq_valid, irq_ready;
  wire [15:0] irq_qid;
  wire        ev_queue_valid, ev_config_valid;
  wire [10:0] ev_queue_vector, ev_config_vector;
  virtio_irq #(.NUM_QUEUES(NUM_QUEUES)) u_irq (
    .irq_valid(irq_valid), .irq_qid(irq_qid), .irq_ready(irq_ready), .config_irq(config_irq),
    .msix_enable(msix_enable), .config_msix_vector(config_msix_vector), .queue_msix_vector(queue_msix_vector),
    .isr_set_queue(isr_set_queue), .isr_set_config(isr_set_config),
    .ev_queue_valid(ev_queue_valid), .ev_queue_vector(ev_queue_vector),
    .ev_config_valid(ev_config_valid), .ev_config_vector(ev_config_vector)
  );

  wire [63:0] msix_wr_addr;
  wire [31:0] msix_wr_data;
  wire        msix_wr_valid, msix_wr_ready;
  msix_table #(.MSIX_VECTORS(MSIX_VECTORS)) u_msix (
    .clk(clk), .rst(rst),
    .reg_valid(reg_valid && sel_bar2), .reg_wr(reg_wr), .reg_addr(reg_addr[12:2]), .reg_be(reg_be),
    .reg_wdata(reg_wdata), .reg_rdata(msix_rdata),
    .msix_enable(msix_enable), .function_mask(msix_function_mask),
    .ev0_valid(ev_queue_valid), .ev0_vector(ev_queue_vector),
    .ev1_valid(ev_config_valid), .ev1_vector(ev_config_vector),
    .msix_wr_addr(msix_wr_addr), .msix_wr_data(msix_wr_data),
    .msix_wr_valid(msix_wr_valid), .msix_wr_ready(msix_wr_ready), .drop(dev_reset)
  );

  // ---------------------------------------------------------------- datapath
  wire [7:0]  needs_reset_reason;
  wire [31:0] rx_drop_count, tx_frame_count, rx_frame_count;
  /* verilator lint_off UNUSEDSIGNAL */
  // statistics and the reason code have no port in docs/dut-interface.md (visible in waves);
  // negotiated bits 64..127 are never offered, so never negotiated
  wire unused_dp = |{needs_reset_reason, rx_drop_count, tx_frame_count, rx_frame_count,
                     negotiated_features[127:64], device_status[7], device_status[5:0]};
  /* verilator lint_on UNUSEDSIGNAL */

  virtio_net_datapath #(
    .TLP_DATA_WIDTH(TLP_DATA_WIDTH), .TLP_STRB_WIDTH(TLP_STRB_WIDTH),
    .AXIS_DATA_WIDTH(AXIS_DATA_WIDTH), .AXIS_KEEP_WIDTH(AXIS_KEEP_WIDTH),
    .NUM_QUEUE_PAIRS(NUM_QUEUE_PAIRS), .NUM_QUEUES(NUM_QUEUES),
    .MAX_QUEUE_SIZE(MAX_QUEUE_SIZE), .TAG_COUNT(TAG_COUNT)
  ) u_datapath (
    .clk(clk), .rst(rst),
    .driver_features(negotiated_features[63:0]), .driver_ok(driver_ok), .dev_reset(dev_reset),
    .queue_enable(queue_enable), .queue_size(queue_size),
    .queue_desc(queue_desc), .queue_driver(queue_driver), .queue_device(queue_device),
    .queue_reset_req(queue_reset_req),
    .notify_valid(notify_valid), .notify_qid(notify_qid), .notify_data(notify_data),
    .max_payload_size(max_payload_size), .max_read_request_size(max_read_request_size),
    .bus_master_enable(bus_master_en), .requester_id(completer_id),
    .mac_addr(virtio_pkg::NET_MAC_ADDR), .mac_cur(dp_mac), .mac_change(dp_mac_change),
    .irq_valid(irq_valid), .irq_qid(irq_qid), .irq_ready(irq_ready),
    .needs_reset(needs_reset), .needs_reset_reason(needs_reset_reason), .dma_wr_idle(dma_wr_idle),
    .msix_wr_addr(msix_wr_addr), .msix_wr_data(msix_wr_data),
    .msix_wr_valid(msix_wr_valid), .msix_wr_ready(msix_wr_ready),
    .tx_rd_req_tlp_hdr(tx_rd_req_tlp_hdr), .tx_rd_req_tlp_valid(tx_rd_req_tlp_valid),
    .tx_rd_req_tlp_sop(tx_rd_req_tlp_sop), .tx_rd_req_tlp_eop(tx_rd_req_tlp_eop),
    .tx_rd_req_tlp_ready(tx_rd_req_tlp_ready),
    .tx_wr_req_tlp_data(tx_wr_req_tlp_data), .tx_wr_req_tlp_strb(tx_wr_req_tlp_strb),
    .tx_wr_req_tlp_hdr(tx_wr_req_tlp_hdr), .tx_wr_req_tlp_valid(tx_wr_req_tlp_valid),
    .tx_wr_req_tlp_sop(tx_wr_req_tlp_sop), .tx_wr_req_tlp_eop(tx_wr_req_tlp_eop),
    .tx_wr_req_tlp_ready(tx_wr_req_tlp_ready),
    .rx_cpl_tlp_data(rx_cpl_tlp_data), .rx_cpl_tlp_strb(rx_cpl_tlp_strb), .rx_cpl_tlp_hdr(rx_cpl_tlp_hdr),
    .rx_cpl_tlp_error(rx_cpl_tlp_error), .rx_cpl_tlp_valid(rx_cpl_tlp_valid),
    .rx_cpl_tlp_sop(rx_cpl_tlp_sop), .rx_cpl_tlp_eop(rx_cpl_tlp_eop), .rx_cpl_tlp_ready(rx_cpl_tlp_ready),
    .m_axis_tx_tdata(m_axis_tx_tdata), .m_axis_tx_tkeep(m_axis_tx_tkeep), .m_axis_tx_tvalid(m_axis_tx_tvalid),
    .m_axis_tx_tready(m_axis_tx_tready), .m_axis_tx_tlast(m_axis_tx_tlast), .m_axis_tx_tuser(m_axis_tx_tuser),
    .s_axis_rx_tdata(s_axis_rx_tdata), .s_axis_rx_tkeep(s_axis_rx_tkeep), .s_axis_rx_tvalid(s_axis_rx_tvalid),
    .s_axis_rx_tready(s_axis_rx_tready), .s_axis_rx_tlast(s_axis_rx_tlast), .s_axis_rx_tuser(s_axis_rx_tuser),
    .rx_drop_count(rx_drop_count), .tx_frame_count(tx_frame_count), .rx_frame_count(rx_frame_count)
  );

endmodule
