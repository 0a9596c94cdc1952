// A test DUT for the exact level's timing check (tb/cosim/timing.test.ts): the reference RTL
// with every DMA read request (tx_rd_req) presented DELAY cycles after the RTL issued it, i.e. a
// design that is legal in what it does but DELAY cycles slower per read than the timing profile
// (model/timing/reference-rtl.json) says. Built by rtl-bridge/bridge.mk as BRIDGE_TOP=slowrd;
// `+define+SLOW_READS_DELAY=n` changes the delay (default 200).
`ifndef SLOW_READS_DELAY
`define SLOW_READS_DELAY 200
`endif
module slow_reads_dut #(
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
  localparam int DELAY = `SLOW_READS_DELAY;
  localparam int DEPTH = 32;               // > TAG_COUNT: every outstanding read fits

  wire [TLP_HDR_WIDTH-1:0] in_hdr;
  wire in_valid, in_sop, in_eop;
  wire in_ready;

  virtio_net_pcie #(
    .TLP_DATA_WIDTH(TLP_DATA_WIDTH), .TLP_STRB_WIDTH(TLP_STRB_WIDTH), .TLP_HDR_WIDTH(TLP_HDR_WIDTH),
    .AXIS_DATA_WIDTH(AXIS_DATA_WIDTH), .AXIS_KEEP_WIDTH(AXIS_KEEP_WIDTH), .NUM_QUEUE_PAIRS(NUM_QUEUE_PAIRS),
    .MAX_QUEUE_SIZE(MAX_QUEUE_SIZE), .MSIX_VECTORS(MSIX_VECTORS), .TAG_COUNT(TAG_COUNT)
  ) u_dut (
    .clk(clk),
    .rst(rst),
    .rx_req_tlp_data(rx_req_tlp_data),
    .rx_req_tlp_strb(rx_req_tlp_strb),
    .rx_req_tlp_hdr(rx_req_tlp_hdr),
    .rx_req_tlp_bar_id(rx_req_tlp_bar_id),
    .rx_req_tlp_func_num(rx_req_tlp_func_num),
    .rx_req_tlp_valid(rx_req_tlp_valid),
    .rx_req_tlp_sop(rx_req_tlp_sop),
    .rx_req_tlp_eop(rx_req_tlp_eop),
    .rx_req_tlp_ready(rx_req_tlp_ready),
    .tx_cpl_tlp_data(tx_cpl_tlp_data),
    .tx_cpl_tlp_strb(tx_cpl_tlp_strb),
    .tx_cpl_tlp_hdr(tx_cpl_tlp_hdr),
    .tx_cpl_tlp_valid(tx_cpl_tlp_valid),
    .tx_cpl_tlp_sop(tx_cpl_tlp_sop),
    .tx_cpl_tlp_eop(tx_cpl_tlp_eop),
    .tx_cpl_tlp_ready(tx_cpl_tlp_ready),
    .tx_rd_req_tlp_hdr(in_hdr),
    .tx_rd_req_tlp_valid(in_valid),
    .tx_rd_req_tlp_sop(in_sop),
    .tx_rd_req_tlp_eop(in_eop),
    .tx_rd_req_tlp_ready(in_ready),
    .tx_wr_req_tlp_data(tx_wr_req_tlp_data),
    .tx_wr_req_tlp_strb(tx_wr_req_tlp_strb),
    .tx_wr_req_tlp_hdr(tx_wr_req_tlp_hdr),
    .tx_wr_req_tlp_valid(tx_wr_req_tlp_valid),
    .tx_wr_req_tlp_sop(tx_wr_req_tlp_sop),
    .tx_wr_req_tlp_eop(tx_wr_req_tlp_eop),
    .tx_wr_req_tlp_ready(tx_wr_req_tlp_ready),
    .rx_cpl_tlp_data(rx_cpl_tlp_data),
    .rx_cpl_tlp_strb(rx_cpl_tlp_strb),
    .rx_cpl_tlp_hdr(rx_cpl_tlp_hdr),
    .rx_cpl_tlp_error(rx_cpl_tlp_error),
    .rx_cpl_tlp_valid(rx_cpl_tlp_valid),
    .rx_cpl_tlp_sop(rx_cpl_tlp_sop),
    .rx_cpl_tlp_eop(rx_cpl_tlp_eop),
    .rx_cpl_tlp_ready(rx_cpl_tlp_ready),
    .m_axis_tx_tdata(m_axis_tx_tdata),
    .m_axis_tx_tkeep(m_axis_tx_tkeep),
    .m_axis_tx_tvalid(m_axis_tx_tvalid),
    .m_axis_tx_tready(m_axis_tx_tready),
    .m_axis_tx_tlast(m_axis_tx_tlast),
    .m_axis_tx_tuser(m_axis_tx_tuser),
    .s_axis_rx_tdata(s_axis_rx_tdata),
    .s_axis_rx_tkeep(s_axis_rx_tkeep),
    .s_axis_rx_tvalid(s_axis_rx_tvalid),
    .s_axis_rx_tready(s_axis_rx_tready),
    .s_axis_rx_tlast(s_axis_rx_tlast),
    .s_axis_rx_tuser(s_axis_rx_tuser),
    .intx_level(intx_level),
    .status_needs_reset(status_needs_reset)
  );

  // Delay line: each MRd (one beat, header only) waits until DELAY cycles after it was accepted.
  logic [TLP_HDR_WIDTH-1:0] q_hdr [DEPTH];
  logic [31:0] q_due [DEPTH];
  logic [5:0] head, tail, count;
  logic [31:0] now;

  assign in_ready = count < 6'(DEPTH);
  assign tx_rd_req_tlp_valid = count != 0 && now >= q_due[head[4:0]];
  assign tx_rd_req_tlp_hdr = q_hdr[head[4:0]];
  assign tx_rd_req_tlp_sop = 1'b1;
  assign tx_rd_req_tlp_eop = 1'b1;

  wire push = in_valid && in_ready;
  wire pop = tx_rd_req_tlp_valid && tx_rd_req_tlp_ready;

  always_ff @(posedge clk) begin
    if (rst) begin
      head <= '0; tail <= '0; count <= '0; now <= '0;
    end else begin
      now <= now + 32'd1;
      if (push) begin
        q_hdr[tail[4:0]] <= in_hdr;
        q_due[tail[4:0]] <= now + 32'(DELAY);
        tail <= tail + 6'd1;
      end
      if (pop) head <= head + 6'd1;
      count <= count + 6'(push) - 6'(pop);
    end
  end
endmodule
