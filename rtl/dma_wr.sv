// dma_wr: DMA write engine for virtio_net_datapath.
// Turns client writes {addr, len, src_off} into MWr TLPs of at most Max_Payload_Size bytes
// that never cross a 4 KiB boundary (PCIe Base r6.0 §2.2.7), with First/Last DW BE for an
// unaligned start/end (§2.2.5). Payload bytes are pulled one per cycle through the
// asynchronous source port src_off -> src_byte (byte k of the request is src_off = req_src_off + k).
// MSI-X message writes (msix_wr_*) become 1-DW MWrs with First DW BE 0xF. Both sources share
// one ordered tx_wr_req stream; requests are taken whole, in arrival order (MSI-X first when
// both arrive in the same cycle). done_valid pulses when the last beat of a client write has
// been accepted on tx_wr_req. Nothing is sent while bus_master_enable is 0.
// abort (a device reset, virtio 1.x §2.4): no TLP starts after it; the TLP whose first beat is
// already out is finished (its length is in its header), the rest of its client write dropped.
module dma_wr #(
  parameter TLP_DATA_WIDTH = 64,
  parameter TLP_STRB_WIDTH = TLP_DATA_WIDTH/32
)(
  input  wire                      clk,
  input  wire                      rst,
  input  wire                      bus_master_enable,
  input  wire                      abort,
  input  wire [2:0]                max_payload_size,
  input  wire [15:0]               requester_id,
  // client request
  input  wire                      req_valid,
  output wire                      req_ready,
  input  wire [63:0]               req_addr,
  input  wire [15:0]               req_len,         // bytes, >= 1
  input  wire [15:0]               req_src_off,
  output reg                       done_valid,
  output wire                      idle,
  // payload source
  output wire [15:0]               src_off,
  input  wire [7:0]                src_byte,
  // MSI-X messages
  /* verilator lint_off UNUSEDSIGNAL */
  input  wire [63:0]               msix_wr_addr,    // DW aligned (bits 1:0 ignored)
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire [31:0]               msix_wr_data,
  input  wire                      msix_wr_valid,
  output wire                      msix_wr_ready,
  // MWr TLPs
  output reg  [TLP_DATA_WIDTH-1:0] tx_wr_req_tlp_data,
  output reg  [TLP_STRB_WIDTH-1:0] tx_wr_req_tlp_strb,
  output reg  [127:0]              tx_wr_req_tlp_hdr,
  output reg                       tx_wr_req_tlp_valid,
  output reg                       tx_wr_req_tlp_sop,
  output reg                       tx_wr_req_tlp_eop,
  input  wire                      tx_wr_req_tlp_ready
);
  localparam NB  = TLP_DATA_WIDTH/8;              // bytes per beat
  localparam NBW = $clog2(NB);

  localparam S_IDLE = 3'd0, S_TLP = 3'd1, S_FILL = 3'd2, S_SEND = 3'd3, S_MSIX = 3'd4;
  reg [2:0]   st;
  reg [63:0]  cur_addr;      // start of the current/next TLP
  reg [15:0]  rem;           // bytes not yet put in a TLP (after the current one)
  reg [15:0]  src_base;      // src offset of byte 0 of the current TLP
  reg [12:0]  t_len;         // bytes of the current TLP
  reg [1:0]   t_lo;          // cur_addr[1:0] of the current TLP
  reg [15:0]  t_pos;         // byte position in the TLP's DW-aligned payload being filled
  reg [15:0]  t_dws;         // payload DWs of the current TLP
  reg [15:0]  t_sent;        // DWs already put in beats
  reg [NBW-1:0] lane;
  reg         first_beat;
  reg         aborting;      // abort seen: the TLP under way is the last one

  assign req_ready     = (st == S_IDLE) && !msix_wr_valid && bus_master_enable && !abort;
  assign msix_wr_ready = (st == S_IDLE) && bus_master_enable && !abort;
  assign idle          = (st == S_IDLE);

  // data byte index of the lane being filled
  wire [15:0] data_idx = t_pos - {14'd0, t_lo};
  wire        lane_has = (t_pos >= {14'd0, t_lo}) && (data_idx < {3'd0, t_len});
  assign src_off = src_base + data_idx;

  // TLP size (§2.2.7)
  wire [13:0] mps_bytes = 14'd128 << ((max_payload_size > 3'd5) ? 3'd5 : max_payload_size);
  // pieces end on multiples of Max_Payload_Size (never crossing 4 KiB; model/dma/split.ts)
  wire [13:0] lim_a     = mps_bytes - ({2'd0, cur_addr[11:0]} & (mps_bytes - 14'd1));
  wire [15:0] lim_a16   = {2'd0, lim_a};
  wire [13:0] chunk     = (rem < lim_a16) ? rem[13:0] : lim_a;
  wire [13:0] end_off   = {12'd0, cur_addr[1:0]} + chunk;
  wire [11:0] len_dw    = end_off[13:2] + {11'd0, (end_off[1:0] != 2'd0)};
  wire [3:0]  fbe_full  = 4'b1111 << cur_addr[1:0];
  wire [3:0]  lbe       = (end_off[1:0] == 2'd0) ? 4'b1111 : ~(4'b1111 << end_off[1:0]);
  wire [3:0]  hdr_fbe   = (len_dw == 12'd1) ? (fbe_full & lbe) : fbe_full;
  wire [3:0]  hdr_lbe   = (len_dw == 12'd1) ? 4'b0000 : lbe;
  wire        addr64    = (cur_addr[63:32] != 32'd0);
`ifdef BROKEN_MWR_AT_SET
  localparam [5:0] TD_EP_ATTR_AT = 6'd1;   // BROKEN variant (rtl/broken/README.md): AT = 01b without ATS (PCIe r6.0 §2.2.4.1)
`else
  localparam [5:0] TD_EP_ATTR_AT = 6'd0;   // TD, EP, Attr[1:0], AT: no digest, not poisoned, default ordering, untranslated
`endif
  wire [127:0] mwr_hdr  = {
      addr64 ? 3'b011 : 3'b010, 5'b00000, 8'd0, TD_EP_ATTR_AT, len_dw[9:0],
      requester_id, 8'd0, hdr_lbe, hdr_fbe,
      addr64 ? {cur_addr[63:2], 2'b00} : {cur_addr[31:2], 2'b00, 32'd0}};
  wire        m_addr64  = (msix_wr_addr[63:32] != 32'd0);
  wire [127:0] msix_hdr = {
      m_addr64 ? 3'b011 : 3'b010, 5'b00000, 8'd0, 6'd0, 10'd1,
      requester_id, 8'd0, 4'b0000, 4'b1111,
      m_addr64 ? {msix_wr_addr[63:2], 2'b00} : {msix_wr_addr[31:2], 2'b00, 32'd0}};

  wire [15:0] dws_left  = t_dws - t_sent;                      // DWs not yet in a beat
  wire [15:0] beat_dws  = (dws_left < 16'(NB/4)) ? dws_left : 16'(NB/4);

  integer k;
  always @(posedge clk) begin
    done_valid <= 1'b0;
    case (st)
      S_IDLE: if (!abort) begin
        if (msix_wr_valid && bus_master_enable) begin
          tx_wr_req_tlp_hdr   <= msix_hdr;
          tx_wr_req_tlp_data  <= {{(TLP_DATA_WIDTH-32){1'b0}}, msix_wr_data};
          tx_wr_req_tlp_strb  <= {{(TLP_STRB_WIDTH-1){1'b0}}, 1'b1};
          tx_wr_req_tlp_sop   <= 1'b1;
          tx_wr_req_tlp_eop   <= 1'b1;
          tx_wr_req_tlp_valid <= 1'b1;
          st <= S_MSIX;
        end else if (req_valid && bus_master_enable) begin
          cur_addr <= req_addr;
          rem      <= req_len;
          src_base <= req_src_off;
          st <= S_TLP;
        end
      end
      S_MSIX: if (tx_wr_req_tlp_ready) begin
        tx_wr_req_tlp_valid <= 1'b0;
        st <= S_IDLE;
      end
      S_TLP: begin                                // start the next TLP
        tx_wr_req_tlp_hdr <= mwr_hdr;
        t_len   <= chunk[12:0];
        t_lo    <= cur_addr[1:0];
        t_dws   <= {4'd0, len_dw};
        t_sent  <= 16'd0;
        t_pos   <= 16'd0;
        lane    <= {NBW{1'b0}};
        first_beat <= 1'b1;
        tx_wr_req_tlp_data <= {TLP_DATA_WIDTH{1'b0}};
        cur_addr <= cur_addr + {50'd0, chunk};
        rem      <= rem - {2'd0, chunk};
        st <= S_FILL;
      end
      S_FILL: begin                               // one payload byte lane per cycle
        if (lane_has)
          tx_wr_req_tlp_data[8*lane +: 8] <= src_byte;
        t_pos <= t_pos + 16'd1;
        lane  <= lane + 1'b1;
        if (lane == NBW'(NB-1) || t_pos + 16'd1 == {t_dws[13:0], 2'b00}) begin
          for (k = 0; k < NB/4; k = k + 1)
            tx_wr_req_tlp_strb[k] <= (k < beat_dws);
          tx_wr_req_tlp_sop   <= first_beat;
          tx_wr_req_tlp_eop   <= (beat_dws == dws_left);
          tx_wr_req_tlp_valid <= 1'b1;
          t_sent <= t_sent + beat_dws;
          st <= S_SEND;
        end
      end
      S_SEND: if (tx_wr_req_tlp_ready) begin
        tx_wr_req_tlp_valid <= 1'b0;
        first_beat <= 1'b0;
        src_base   <= tx_wr_req_tlp_eop ? src_base + {3'd0, t_len} : src_base;
        tx_wr_req_tlp_data <= {TLP_DATA_WIDTH{1'b0}};
        lane <= {NBW{1'b0}};
        if (!tx_wr_req_tlp_eop)
          st <= S_FILL;
        else if (rem != 16'd0 && !aborting && !abort)
          st <= S_TLP;
        else begin
          done_valid <= 1'b1;
          st <= S_IDLE;
        end
      end
      default: st <= S_IDLE;
    endcase
    if (st == S_IDLE) aborting <= 1'b0;
    if (abort) begin
      // nothing on the bus yet for this client write's next TLP: drop it and the rest
      if (st == S_TLP || (st == S_FILL && first_beat)) begin
        st <= S_IDLE;
        aborting <= 1'b0;
        tx_wr_req_tlp_valid <= 1'b0;   // the first beat, filled this cycle, is not presented
      end else if (st != S_IDLE && st != S_MSIX) aborting <= 1'b1;
    end
    if (rst) begin
      st <= S_IDLE;
      aborting <= 1'b0;
      tx_wr_req_tlp_valid <= 1'b0;
      done_valid <= 1'b0;
    end
  end
endmodule
