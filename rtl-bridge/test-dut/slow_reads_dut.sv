// A test DUT for the exact level's timing check (tb/cosim/timing.test.ts): the reference RTL
// with every DMA read request (tx_rd_req) presented DELAY cycles after the RTL issued it, i.e. a
// design that is legal in what it does but DELAY cycles slower per read than the timing profile
// (model/timing/reference-rtl.json) says. Built by rtl-bridge/bridge.mk as BRIDGE_TOP=slowrd;
// `+define+SLOW_READS_DELAY=n` changes the delay (default 200). The parameter and port list is
// the reference top's own, cut out of rtl/virtio_net_pcie.sv at build time (bridge.mk).
`ifndef SLOW_READS_DELAY
`define SLOW_READS_DELAY 200
`endif
module slow_reads_dut
`include "virtio_net_pcie_header.svh"
  localparam int DELAY = `SLOW_READS_DELAY;
  localparam int DEPTH = 32;               // > TAG_COUNT: every outstanding read fits

  wire [TLP_HDR_WIDTH-1:0] in_hdr;
  wire in_valid, in_sop, in_eop;
  wire in_ready;

  // Same parameters and ports as the reference top; only tx_rd_req goes through the delay line.
  virtio_net_pcie #(
    .TLP_DATA_WIDTH(TLP_DATA_WIDTH), .TLP_STRB_WIDTH(TLP_STRB_WIDTH), .TLP_HDR_WIDTH(TLP_HDR_WIDTH), .AXIS_DATA_WIDTH(AXIS_DATA_WIDTH),
    .AXIS_KEEP_WIDTH(AXIS_KEEP_WIDTH), .NUM_QUEUE_PAIRS(NUM_QUEUE_PAIRS), .MAX_QUEUE_SIZE(MAX_QUEUE_SIZE), .MSIX_VECTORS(MSIX_VECTORS), .TAG_COUNT(TAG_COUNT)
  ) u_dut (.*, .tx_rd_req_tlp_hdr(in_hdr), .tx_rd_req_tlp_valid(in_valid), .tx_rd_req_tlp_sop(in_sop), .tx_rd_req_tlp_eop(in_eop), .tx_rd_req_tlp_ready(in_ready));

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
