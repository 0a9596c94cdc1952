// Stand-in DUT with exactly the port list of docs/dut-interface.md. It is a test fixture for the
// bridge, not a virtio device: one FSM takes one transaction at a time and answers it.
//   CfgRd0 reg 0        -> CplD {Device ID, Vendor ID} = 0x1041_1AF4 (layout.ts IDS)
//   CfgRd0/Wr0 BAR0/1   -> 64-bit 16 KiB memory BAR sizing (PCI r3.0 §6.2.5.1); other regs read 0
//   CfgWr0              -> Cpl SC; captures Bus/Device as the Requester ID (PCIe r6.0 §2.2.6.2)
//   MWr BAR0 off < 0x40 -> stores up to 16 DW and echoes them as a tx_wr_req MWr to 0x1000_0000+off
//   MWr BAR0 off 0x80   -> doorbell: MRd (tag 5, Length = data[3:0] DW) on tx_rd_req at data addr
//   MWr BAR0 off 0x84   -> intx_level <= data[0]
//   MRd BAR0            -> CplD with the stored DWs
//   rx_cpl CplD         -> its payload leaves as one m_axis_tx frame
//   s_axis_rx frame     -> written as MWr to 0x2000_0000 (up to 64 bytes)
// rx_req_tlp_ready stalls one cycle in four to exercise the drivers' ready handling.
// Define TEST_FATAL_AT=N: $fatal in cycle N after reset (a simulator that crashes, for the
// client's fault tests; Verilator aborts the process, SIGABRT).
// Contract breakers for the bridge's beat-rule checks (docs/dut-interface.md "Rules"):
//   +define+TEST_DUT_BEAT_PER_DW   tx_cpl / tx_wr_req end a beat after every DW (strb 1 only),
//                                  breaking "all strb bits are set except in the last beat"
//   +define+TEST_DUT_NO_SOP        tx_wr_req never raises sop: every beat is outside a TLP
//   +define+TEST_DUT_UNSTABLE      tx_wr_req hdr changes after the sop beat and its data changes
//                                  while waiting for ready; tx_cpl valid drops before ready
/* verilator lint_off WIDTH */
module test_dut_pcie #(
  parameter int TLP_DATA_WIDTH = 64,
  parameter int TLP_STRB_WIDTH = TLP_DATA_WIDTH/32,
  parameter int TLP_HDR_WIDTH = 128,
  parameter int AXIS_DATA_WIDTH = 64,
  parameter int AXIS_KEEP_WIDTH = AXIS_DATA_WIDTH/8,
  parameter int NUM_QUEUE_PAIRS = 1,
  parameter int MAX_QUEUE_SIZE = 256,
  parameter int MSIX_VECTORS = 4,
  parameter int TAG_COUNT = 16
) (
  input  logic clk,
  input  logic rst,
  input  logic [TLP_HDR_WIDTH-1:0]  rx_req_tlp_hdr,
  input  logic [TLP_DATA_WIDTH-1:0] rx_req_tlp_data,
  input  logic [TLP_STRB_WIDTH-1:0] rx_req_tlp_strb,
  input  logic [2:0]                rx_req_tlp_bar_id,
  input  logic [7:0]                rx_req_tlp_func_num,
  input  logic                      rx_req_tlp_sop,
  input  logic                      rx_req_tlp_eop,
  input  logic                      rx_req_tlp_valid,
  output logic                      rx_req_tlp_ready,
  output logic [TLP_HDR_WIDTH-1:0]  tx_cpl_tlp_hdr,
  output logic [TLP_DATA_WIDTH-1:0] tx_cpl_tlp_data,
  output logic [TLP_STRB_WIDTH-1:0] tx_cpl_tlp_strb,
  output logic                      tx_cpl_tlp_sop,
  output logic                      tx_cpl_tlp_eop,
  output logic                      tx_cpl_tlp_valid,
  input  logic                      tx_cpl_tlp_ready,
  output logic [TLP_HDR_WIDTH-1:0]  tx_rd_req_tlp_hdr,
  output logic                      tx_rd_req_tlp_sop,
  output logic                      tx_rd_req_tlp_eop,
  output logic                      tx_rd_req_tlp_valid,
  input  logic                      tx_rd_req_tlp_ready,
  output logic [TLP_HDR_WIDTH-1:0]  tx_wr_req_tlp_hdr,
  output logic [TLP_DATA_WIDTH-1:0] tx_wr_req_tlp_data,
  output logic [TLP_STRB_WIDTH-1:0] tx_wr_req_tlp_strb,
  output logic                      tx_wr_req_tlp_sop,
  output logic                      tx_wr_req_tlp_eop,
  output logic                      tx_wr_req_tlp_valid,
  input  logic                      tx_wr_req_tlp_ready,
  input  logic [TLP_HDR_WIDTH-1:0]  rx_cpl_tlp_hdr,
  input  logic [TLP_DATA_WIDTH-1:0] rx_cpl_tlp_data,
  input  logic [TLP_STRB_WIDTH-1:0] rx_cpl_tlp_strb,
  input  logic [3:0]                rx_cpl_tlp_error,
  input  logic                      rx_cpl_tlp_sop,
  input  logic                      rx_cpl_tlp_eop,
  input  logic                      rx_cpl_tlp_valid,
  output logic                      rx_cpl_tlp_ready,
  output logic [AXIS_DATA_WIDTH-1:0] m_axis_tx_tdata,
  output logic [AXIS_KEEP_WIDTH-1:0] m_axis_tx_tkeep,
  output logic                       m_axis_tx_tvalid,
  input  logic                       m_axis_tx_tready,
  output logic                       m_axis_tx_tlast,
  output logic                       m_axis_tx_tuser,
  input  logic [AXIS_DATA_WIDTH-1:0] s_axis_rx_tdata,
  input  logic [AXIS_KEEP_WIDTH-1:0] s_axis_rx_tkeep,
  input  logic                       s_axis_rx_tvalid,
  output logic                       s_axis_rx_tready,
  input  logic                       s_axis_rx_tlast,
  input  logic                       s_axis_rx_tuser,
  output logic intx_level,
  output logic status_needs_reset
);
  localparam int K = TLP_DATA_WIDTH / 32;   // DW per TLP beat
  localparam int B = AXIS_DATA_WIDTH / 8;   // bytes per AXIS beat
`ifdef TEST_DUT_BEAT_PER_DW
  localparam int KS = 1;                    // DWs sent per beat (a contract breaker)
`else
  localparam int KS = K;
`endif
  typedef enum logic [2:0] {IDLE, RX_REQ, RX_CPL, RX_AXIS, TX_CPL, TX_RD, TX_WR, TX_AXIS} state_t;
  state_t state;

  logic [31:0] mem [16];      // BAR0 scratch DWs
  logic [31:0] buf_dw [16];   // payload of the transaction in flight
  logic [127:0] hdr;          // header of the request in flight
  logic [127:0] out_hdr;
  logic [5:0] in_idx;          // DWs (or bytes for AXIS) received
  logic [5:0] out_idx;         // DWs (or bytes) sent
  logic [5:0] out_len;         // DWs (or bytes) to send
  logic [1:0] stall;
  logic [31:0] bar0_lo, bar0_hi;
  logic [15:0] req_id;

  wire [2:0] fmt = hdr[127:125];
  wire [4:0] typ = hdr[124:120];
  wire [9:0] len = hdr[105:96];
  wire [5:0] reg_dw = hdr[39:34];
  wire [31:0] addr32 = fmt[0] ? hdr[31:0] : hdr[63:32];
  wire [5:0] mem_dw = addr32[7:2];

  assign rx_req_tlp_ready = state == RX_REQ && stall != 2'd3;
  assign rx_cpl_tlp_ready = state == RX_CPL;
  assign s_axis_rx_tready = state == RX_AXIS;
  assign status_needs_reset = 1'b0;
  assign m_axis_tx_tuser = 1'b0;
  // Registered "valid was waiting for ready" of tx_wr_req / tx_cpl (TEST_DUT_UNSTABLE only).
  logic wr_waited, cpl_waited;

  always_comb begin
    tx_cpl_tlp_hdr = out_hdr; tx_rd_req_tlp_hdr = out_hdr; tx_wr_req_tlp_hdr = out_hdr;
    tx_cpl_tlp_data = '0; tx_wr_req_tlp_data = '0; tx_cpl_tlp_strb = '0; tx_wr_req_tlp_strb = '0;
    for (int i = 0; i < K; i++) begin
      if (32'(out_idx) + i < 16) begin
        tx_cpl_tlp_data[i*32 +: 32] = buf_dw[out_idx + 6'(i)];
        tx_wr_req_tlp_data[i*32 +: 32] = buf_dw[out_idx + 6'(i)];
      end
      if (i < KS && 32'(out_idx) + i < 32'(out_len) && out_hdr[126]) begin
        tx_cpl_tlp_strb[i] = 1'b1; tx_wr_req_tlp_strb[i] = 1'b1;
      end
    end
    tx_cpl_tlp_sop = out_idx == 0; tx_wr_req_tlp_sop = out_idx == 0; tx_rd_req_tlp_sop = 1'b1;
`ifdef TEST_DUT_NO_SOP
    tx_wr_req_tlp_sop = 1'b0;
`endif
`ifdef TEST_DUT_UNSTABLE
    if (out_idx != 0) tx_wr_req_tlp_hdr = out_hdr ^ 128'h1;
    if (wr_waited) tx_wr_req_tlp_data[0] = !tx_wr_req_tlp_data[0];
`endif
    tx_cpl_tlp_eop = !out_hdr[126] || 32'(out_idx) + KS >= 32'(out_len);
    tx_wr_req_tlp_eop = 32'(out_idx) + KS >= 32'(out_len);
    tx_rd_req_tlp_eop = 1'b1;
    tx_cpl_tlp_valid = state == TX_CPL && out_hdr != 0; tx_wr_req_tlp_valid = state == TX_WR;
`ifdef TEST_DUT_UNSTABLE
    if (cpl_waited) tx_cpl_tlp_valid = 1'b0;
`endif
    tx_rd_req_tlp_valid = state == TX_RD;
    m_axis_tx_tvalid = state == TX_AXIS;
    m_axis_tx_tdata = '0; m_axis_tx_tkeep = '0;
    for (int b = 0; b < B; b++) begin
      if (32'(out_idx) + b < 64)
        m_axis_tx_tdata[b*8 +: 8] = buf_dw[(out_idx + 6'(b)) >> 2][((out_idx + 6'(b)) & 3)*8 +: 8];
      if (32'(out_idx) + b < 32'(out_len)) m_axis_tx_tkeep[b] = 1'b1;
    end
    m_axis_tx_tlast = 32'(out_idx) + B >= 32'(out_len);
  end

  // Completion header: Fmt/Type, Length, Completer ID, status SC, Byte Count, Requester ID, Tag
  // (PCIe r6.0 §2.2.9). Lower Address is 0 for config completions, addr[6:0] for memory reads.
  function automatic logic [127:0] cpl_hdr(input logic with_data, input logic [9:0] n,
                                           input logic [6:0] lower);
    logic [127:0] h = '0;
    h[127:125] = with_data ? 3'b010 : 3'b000;
    h[124:120] = 5'b01010;
    h[105:96] = with_data ? n : 10'd0;
    h[95:80] = req_id;
    h[75:64] = 12'(n) << 2;
    h[63:48] = hdr[95:80];
    h[47:40] = hdr[79:72];
    h[38:32] = lower;
    return h;
  endfunction

  always_ff @(posedge clk) begin
    wr_waited <= !rst && tx_wr_req_tlp_valid && !tx_wr_req_tlp_ready;
    cpl_waited <= !rst && tx_cpl_tlp_valid && !tx_cpl_tlp_ready;
    if (rst) begin
      state <= IDLE; stall <= '0; in_idx <= '0; out_idx <= '0; out_len <= '0;
      bar0_lo <= '0; bar0_hi <= '0; req_id <= '0; intx_level <= 1'b0; hdr <= '0; out_hdr <= '0;
      for (int i = 0; i < 16; i++) begin mem[i] <= '0; buf_dw[i] <= '0; end
    end else begin
      stall <= stall + 2'd1;
      case (state)
        IDLE: begin
          in_idx <= '0; out_idx <= '0;
          if (rx_req_tlp_valid) state <= RX_REQ;
          else if (rx_cpl_tlp_valid) state <= RX_CPL;
          else if (s_axis_rx_tvalid) state <= RX_AXIS;
        end
        RX_REQ, RX_CPL: if ((state == RX_REQ && rx_req_tlp_valid && rx_req_tlp_ready) ||
                            (state == RX_CPL && rx_cpl_tlp_valid)) begin
          logic [127:0] h; logic [TLP_DATA_WIDTH-1:0] d; logic [TLP_STRB_WIDTH-1:0] s; logic e;
          logic [31:0] m [16];
          h = state == RX_REQ ? rx_req_tlp_hdr : rx_cpl_tlp_hdr;
          d = state == RX_REQ ? rx_req_tlp_data : rx_cpl_tlp_data;
          s = state == RX_REQ ? rx_req_tlp_strb : rx_cpl_tlp_strb;
          e = state == RX_REQ ? rx_req_tlp_eop : rx_cpl_tlp_eop;
          if (in_idx == 0) hdr <= h;
          m = buf_dw;
          for (int i = 0; i < K; i++)
            if (s[i] && 32'(in_idx) + i < 16) m[in_idx + 6'(i)] = d[i*32 +: 32];
          buf_dw <= m;
          in_idx <= in_idx + 6'(K);
          if (e) begin
            logic [4:0] t; logic [2:0] f; logic [31:0] a; logic [31:0] d0;
            t = h[124:120]; f = h[127:125]; a = f[0] ? h[31:0] : h[63:32];
            d0 = m[0];
            out_idx <= '0;
            if (state == RX_CPL) begin
              out_len <= 6'(h[105:96]) << 2; state <= TX_AXIS;
            end else if (t == 5'b00100 && !f[1]) begin  // CfgRd0
              state <= TX_CPL; out_len <= 6'd1; out_hdr <= '0;
              hdr <= h;
            end else if (t == 5'b00100) begin           // CfgWr0
              state <= TX_CPL; out_len <= 6'd0; hdr <= h;
              if (h[39:34] == 6'd4) bar0_lo <= d0 & 32'hFFFF_C000;
              if (h[39:34] == 6'd5) bar0_hi <= d0;
              req_id <= {h[63:51], 3'b000};
            end else if (t == 5'b00000 && !f[1]) begin  // MRd
              state <= TX_CPL; out_len <= 6'(h[105:96]); hdr <= h;
            end else if (t == 5'b00000 && a[11:0] == 12'h080) begin  // doorbell
              state <= TX_RD; out_hdr <= '0;
              out_hdr[124:120] <= 5'b00000; out_hdr[105:96] <= {6'd0, d0[3:0]};
              out_hdr[95:80] <= req_id; out_hdr[79:72] <= 8'd5;
              out_hdr[71:68] <= d0[3:0] > 1 ? 4'hF : 4'h0; out_hdr[67:64] <= 4'hF;
              out_hdr[63:32] <= {d0[31:4], 4'h0};
            end else if (t == 5'b00000 && a[11:0] == 12'h084) begin
              intx_level <= d0[0]; state <= IDLE;
            end else if (t == 5'b00000) begin           // MWr: store and echo
              for (int i = 0; i < 16; i++) mem[i] <= m[i];
              state <= TX_WR; out_len <= 6'(h[105:96]); out_hdr <= '0;
              out_hdr[127:125] <= 3'b010; out_hdr[105:96] <= h[105:96];
              out_hdr[95:80] <= req_id; out_hdr[71:68] <= h[71:68]; out_hdr[67:64] <= h[67:64];
              out_hdr[63:32] <= 32'h1000_0000 | {24'd0, a[7:0]};
            end else state <= IDLE;                     // anything else: dropped
          end
        end
        RX_AXIS: if (s_axis_rx_tvalid) begin
          for (int b = 0; b < B; b++)
            if (s_axis_rx_tkeep[b] && 32'(in_idx) + b < 64)
              buf_dw[(in_idx + 6'(b)) >> 2][((in_idx + 6'(b)) & 3)*8 +: 8] <= s_axis_rx_tdata[b*8 +: 8];
          in_idx <= in_idx + 6'($countones(s_axis_rx_tkeep));
          if (s_axis_rx_tlast) begin
            logic [6:0] nb; nb = 7'(in_idx) + 7'($countones(s_axis_rx_tkeep));
            state <= TX_WR; out_idx <= '0; out_len <= 6'((nb + 7'd3) >> 2); out_hdr <= '0;
            out_hdr[127:125] <= 3'b010; out_hdr[105:96] <= 10'((nb + 7'd3) >> 2);
            out_hdr[95:80] <= req_id; out_hdr[71:68] <= nb > 4 ? 4'hF : 4'h0;
            out_hdr[67:64] <= 4'hF; out_hdr[63:32] <= 32'h2000_0000;
          end
        end
        TX_CPL: begin
          if (out_idx == 0 && out_hdr == '0) begin
            // Build the completion once the request header is latched.
            if (typ == 5'b00100 && !fmt[1]) begin
              out_hdr <= cpl_hdr(1'b1, 10'd1, 7'd0);
              buf_dw[0] <= reg_dw == 6'd0 ? 32'h1041_1AF4 :
                           reg_dw == 6'd4 ? (bar0_lo | 32'h4) :
                           reg_dw == 6'd5 ? bar0_hi : 32'h0;
            end else if (typ == 5'b00100) out_hdr <= cpl_hdr(1'b0, 10'd0, 7'd0);
            else begin
              out_hdr <= cpl_hdr(1'b1, len, addr32[6:0]);
              for (int i = 0; i < 16; i++) buf_dw[i] <= mem[(mem_dw + 6'(i)) & 6'hF];
            end
          end else if (tx_cpl_tlp_ready) begin
            out_idx <= out_idx + 6'(KS);
            if (tx_cpl_tlp_eop) begin state <= IDLE; out_hdr <= '0; end
          end
        end
        TX_RD: if (tx_rd_req_tlp_ready) begin state <= IDLE; out_hdr <= '0; end
        TX_WR: if (tx_wr_req_tlp_ready) begin
          out_idx <= out_idx + 6'(KS);
          if (tx_wr_req_tlp_eop) begin state <= IDLE; out_hdr <= '0; end
        end
        TX_AXIS: if (m_axis_tx_tready) begin
          out_idx <= out_idx + 6'(B);
          if (m_axis_tx_tlast) begin state <= IDLE; out_hdr <= '0; end
        end
        default: state <= IDLE;
      endcase
    end
  end
`ifdef TEST_FATAL_AT
  // Fault-test hook: the simulation stops with $fatal at cycle TEST_FATAL_AT (counted after reset).
  logic [31:0] fatal_cycle;
  always_ff @(posedge clk) begin
    if (rst) fatal_cycle <= '0;
    else begin
      fatal_cycle <= fatal_cycle + 1;
      if (fatal_cycle == `TEST_FATAL_AT) $fatal(1, "test_dut_pcie: TEST_FATAL_AT = %0d reached", `TEST_FATAL_AT);
    end
  end
`endif
endmodule
/* verilator lint_on WIDTH */
