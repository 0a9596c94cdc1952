// virtio_net_datapath: the DMA side of the virtio-net function.
//   dma_rd      MRd requests + CplD reassembly (descriptors, TX data, control requests, events)
//   dma_wr      MWr requests (RX data, used descriptors, acks) merged with MSI-X messages
//   net_rx_fifo one-frame receive buffer in front of the RX path
//   vq_engine   packed virtqueues, virtio-net TX / RX / control queue, round-robin over queues
//     net_ctrl  (inside vq_engine) control-queue commands and the RX filter state
// Ports: the contract in rtl/README.md (A<->B) plus the TLP/Ethernet ports of docs/dut-interface.md.
module virtio_net_datapath #(
  parameter TLP_DATA_WIDTH  = 64,
  parameter TLP_STRB_WIDTH  = TLP_DATA_WIDTH/32,
  parameter AXIS_DATA_WIDTH = 64,
  parameter AXIS_KEEP_WIDTH = AXIS_DATA_WIDTH/8,
  parameter NUM_QUEUE_PAIRS = 1,
  parameter NUM_QUEUES      = 2*NUM_QUEUE_PAIRS+1,
  /* verilator lint_off UNUSEDPARAM */
  parameter MAX_QUEUE_SIZE  = 256,     // reset value lives in the register block
  /* verilator lint_on UNUSEDPARAM */
  parameter TAG_COUNT       = 16,
  parameter BUF_BYTES       = 2048,    // dma_rd reassembly buffer
  parameter FRAME_BYTES     = 2048,    // RX frame buffer (one frame, >= 1514 B)
  parameter CPL_TIMEOUT     = 65536    // cycles without a completion while reads are outstanding
)(
  input  wire                       clk,
  input  wire                       rst,
  // from the register block
  input  wire [63:0]                driver_features,
  input  wire                       driver_ok,
  input  wire                       dev_reset,
  input  wire [NUM_QUEUES-1:0]      queue_enable,
  input  wire [NUM_QUEUES*16-1:0]   queue_size,
  input  wire [NUM_QUEUES*64-1:0]   queue_desc,
  input  wire [NUM_QUEUES*64-1:0]   queue_driver,
  input  wire [NUM_QUEUES*64-1:0]   queue_device,
  input  wire [NUM_QUEUES-1:0]      queue_reset_req,
  input  wire                       notify_valid,
  input  wire [15:0]                notify_qid,
  /* verilator lint_off UNUSEDSIGNAL */
  input  wire [31:0]                notify_data,    // VIRTIO_F_NOTIFICATION_DATA not offered
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire [2:0]                 max_payload_size,
  input  wire [2:0]                 max_read_request_size,
  input  wire                       bus_master_enable,
  input  wire [15:0]                requester_id,
  input  wire [47:0]                mac_addr,
  // to the register block
  output wire [47:0]                mac_cur,        // virtio_net_config.mac (CTRL_MAC_ADDR_SET)
  output wire                       mac_change,     // pulse: mac changed -> config_generation, config irq
  output wire                       irq_valid,
  output wire [15:0]                irq_qid,
  input  wire                       irq_ready,
  output wire                       needs_reset,
  output wire [7:0]                 needs_reset_reason,
  output wire                       dma_wr_idle,    // no MWr under way (device reset drain)
  // MSI-X message writes, merged into tx_wr_req in arrival order
  input  wire [63:0]                msix_wr_addr,
  input  wire [31:0]                msix_wr_data,
  input  wire                       msix_wr_valid,
  output wire                       msix_wr_ready,
  // DMA read requests (MRd), header only
  output wire [127:0]               tx_rd_req_tlp_hdr,
  output wire                       tx_rd_req_tlp_valid,
  output wire                       tx_rd_req_tlp_sop,
  output wire                       tx_rd_req_tlp_eop,
  input  wire                       tx_rd_req_tlp_ready,
  // DMA write requests (MWr)
  output wire [TLP_DATA_WIDTH-1:0]  tx_wr_req_tlp_data,
  output wire [TLP_STRB_WIDTH-1:0]  tx_wr_req_tlp_strb,
  output wire [127:0]               tx_wr_req_tlp_hdr,
  output wire                       tx_wr_req_tlp_valid,
  output wire                       tx_wr_req_tlp_sop,
  output wire                       tx_wr_req_tlp_eop,
  input  wire                       tx_wr_req_tlp_ready,
  // completions for DMA reads
  input  wire [TLP_DATA_WIDTH-1:0]  rx_cpl_tlp_data,
  input  wire [TLP_STRB_WIDTH-1:0]  rx_cpl_tlp_strb,
  input  wire [127:0]               rx_cpl_tlp_hdr,
  input  wire [3:0]                 rx_cpl_tlp_error,
  input  wire                       rx_cpl_tlp_valid,
  input  wire                       rx_cpl_tlp_sop,
  input  wire                       rx_cpl_tlp_eop,
  output wire                       rx_cpl_tlp_ready,
  // Ethernet TX
  output wire [AXIS_DATA_WIDTH-1:0] m_axis_tx_tdata,
  output wire [AXIS_KEEP_WIDTH-1:0] m_axis_tx_tkeep,
  output wire                       m_axis_tx_tvalid,
  input  wire                       m_axis_tx_tready,
  output wire                       m_axis_tx_tlast,
  output wire                       m_axis_tx_tuser,
  // Ethernet RX
  input  wire [AXIS_DATA_WIDTH-1:0] s_axis_rx_tdata,
  input  wire [AXIS_KEEP_WIDTH-1:0] s_axis_rx_tkeep,
  input  wire                       s_axis_rx_tvalid,
  output wire                       s_axis_rx_tready,
  input  wire                       s_axis_rx_tlast,
  input  wire                       s_axis_rx_tuser,
  // statistics
  output wire [31:0]                rx_drop_count,
  output wire [31:0]                tx_frame_count,
  output wire [31:0]                rx_frame_count
);
  // ---------------- dma_rd ----------------
  wire        rd_req_valid, rd_req_ready, rd_done, rd_err, rd_idle, rd_abort;
  wire [63:0] rd_req_addr;
  wire [15:0] rd_req_len, rd_byte_idx;
  wire [7:0]  rd_err_reason, rd_byte;

  dma_rd #(.TLP_DATA_WIDTH(TLP_DATA_WIDTH), .TLP_STRB_WIDTH(TLP_STRB_WIDTH), .TAG_COUNT(TAG_COUNT),
           .BUF_BYTES(BUF_BYTES), .CPL_TIMEOUT(CPL_TIMEOUT)) u_dma_rd (
    .clk(clk), .rst(rst), .bus_master_enable(bus_master_enable),
    .max_read_request_size(max_read_request_size), .requester_id(requester_id), .req_abort(rd_abort),
    .req_valid(rd_req_valid), .req_ready(rd_req_ready), .req_addr(rd_req_addr), .req_len(rd_req_len),
    .done_valid(rd_done), .done_err(rd_err), .err_reason(rd_err_reason), .idle(rd_idle),
    .rd_byte_idx(rd_byte_idx), .rd_byte(rd_byte),
    .tx_rd_req_tlp_hdr(tx_rd_req_tlp_hdr), .tx_rd_req_tlp_valid(tx_rd_req_tlp_valid),
    .tx_rd_req_tlp_sop(tx_rd_req_tlp_sop), .tx_rd_req_tlp_eop(tx_rd_req_tlp_eop),
    .tx_rd_req_tlp_ready(tx_rd_req_tlp_ready),
    .rx_cpl_tlp_data(rx_cpl_tlp_data), .rx_cpl_tlp_strb(rx_cpl_tlp_strb), .rx_cpl_tlp_hdr(rx_cpl_tlp_hdr),
    .rx_cpl_tlp_error(rx_cpl_tlp_error), .rx_cpl_tlp_valid(rx_cpl_tlp_valid),
    .rx_cpl_tlp_sop(rx_cpl_tlp_sop), .rx_cpl_tlp_eop(rx_cpl_tlp_eop), .rx_cpl_tlp_ready(rx_cpl_tlp_ready));

  // ---------------- dma_wr ----------------
  wire        wr_req_valid, wr_req_ready, wr_done, wr_idle;
  wire [63:0] wr_req_addr;
  wire [15:0] wr_req_len, wr_req_src_off, wr_src_off;
  wire [7:0]  wr_src_byte;

  dma_wr #(.TLP_DATA_WIDTH(TLP_DATA_WIDTH), .TLP_STRB_WIDTH(TLP_STRB_WIDTH)) u_dma_wr (
    .clk(clk), .rst(rst), .bus_master_enable(bus_master_enable), .abort(dev_reset),
    .max_payload_size(max_payload_size), .requester_id(requester_id),
    .req_valid(wr_req_valid), .req_ready(wr_req_ready), .req_addr(wr_req_addr), .req_len(wr_req_len),
    .req_src_off(wr_req_src_off), .done_valid(wr_done), .idle(wr_idle),
    .src_off(wr_src_off), .src_byte(wr_src_byte),
    .msix_wr_addr(msix_wr_addr), .msix_wr_data(msix_wr_data), .msix_wr_valid(msix_wr_valid),
    .msix_wr_ready(msix_wr_ready),
    .tx_wr_req_tlp_data(tx_wr_req_tlp_data), .tx_wr_req_tlp_strb(tx_wr_req_tlp_strb),
    .tx_wr_req_tlp_hdr(tx_wr_req_tlp_hdr), .tx_wr_req_tlp_valid(tx_wr_req_tlp_valid),
    .tx_wr_req_tlp_sop(tx_wr_req_tlp_sop), .tx_wr_req_tlp_eop(tx_wr_req_tlp_eop),
    .tx_wr_req_tlp_ready(tx_wr_req_tlp_ready));

  assign dma_wr_idle = wr_idle;

  // ---------------- RX frame buffer ----------------
  wire        frame_valid, frame_release, fifo_drop;
  wire [15:0] frame_len, fifo_rd_off;
  wire [7:0]  fifo_rd_byte;

  net_rx_fifo #(.AXIS_DATA_WIDTH(AXIS_DATA_WIDTH), .AXIS_KEEP_WIDTH(AXIS_KEEP_WIDTH),
                .FRAME_BYTES(FRAME_BYTES)) u_rx_fifo (
    .clk(clk), .rst(rst),
    .s_axis_rx_tdata(s_axis_rx_tdata), .s_axis_rx_tkeep(s_axis_rx_tkeep), .s_axis_rx_tvalid(s_axis_rx_tvalid),
    .s_axis_rx_tready(s_axis_rx_tready), .s_axis_rx_tlast(s_axis_rx_tlast), .s_axis_rx_tuser(s_axis_rx_tuser),
    .frame_valid(frame_valid), .frame_len(frame_len), .frame_release(frame_release), .drop(fifo_drop),
    .rd_off(fifo_rd_off), .rd_byte(fifo_rd_byte));

  // ---------------- virtqueue / net engine ----------------
  vq_engine #(.AXIS_DATA_WIDTH(AXIS_DATA_WIDTH), .AXIS_KEEP_WIDTH(AXIS_KEEP_WIDTH),
              .NUM_QUEUE_PAIRS(NUM_QUEUE_PAIRS), .NUM_QUEUES(NUM_QUEUES), .RD_CHUNK(BUF_BYTES/2)) u_vq (
    .clk(clk), .rst(rst), .driver_features(driver_features), .driver_ok(driver_ok), .dev_reset(dev_reset),
    .queue_enable(queue_enable), .queue_size(queue_size), .queue_desc(queue_desc),
    .queue_driver(queue_driver), .queue_device(queue_device), .queue_reset_req(queue_reset_req),
    .notify_valid(notify_valid), .notify_qid(notify_qid), .mac_addr(mac_addr),
    .mac_cur(mac_cur), .mac_change(mac_change),
    .irq_valid(irq_valid), .irq_qid(irq_qid), .irq_ready(irq_ready),
    .needs_reset(needs_reset), .needs_reset_reason(needs_reset_reason),
    .rd_req_valid(rd_req_valid), .rd_req_ready(rd_req_ready), .rd_req_addr(rd_req_addr), .rd_req_len(rd_req_len),
    .rd_done(rd_done), .rd_err(rd_err), .rd_err_reason(rd_err_reason), .rd_idle(rd_idle), .rd_abort(rd_abort),
    .rd_byte_idx(rd_byte_idx), .rd_byte(rd_byte),
    .wr_req_valid(wr_req_valid), .wr_req_ready(wr_req_ready), .wr_req_addr(wr_req_addr), .wr_req_len(wr_req_len),
    .wr_req_src_off(wr_req_src_off), .wr_done(wr_done), .wr_idle(wr_idle),
    .wr_src_off(wr_src_off), .wr_src_byte(wr_src_byte),
    .frame_valid(frame_valid), .frame_len(frame_len), .frame_release(frame_release), .fifo_drop(fifo_drop),
    .fifo_rd_off(fifo_rd_off), .fifo_rd_byte(fifo_rd_byte),
    .m_axis_tx_tdata(m_axis_tx_tdata), .m_axis_tx_tkeep(m_axis_tx_tkeep), .m_axis_tx_tvalid(m_axis_tx_tvalid),
    .m_axis_tx_tready(m_axis_tx_tready), .m_axis_tx_tlast(m_axis_tx_tlast), .m_axis_tx_tuser(m_axis_tx_tuser),
    .rx_drop_count(rx_drop_count), .tx_frame_count(tx_frame_count), .rx_frame_count(rx_frame_count));
endmodule
