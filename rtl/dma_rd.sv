// dma_rd: DMA read engine for virtio_net_datapath.
// One client request {addr, len} at a time. The request is split into MRd TLPs of at most
// Max_Read_Request_Size bytes that never cross a 4 KiB boundary (PCIe Base r6.0 §2.2.7),
// each under its own tag (pool of TAG_COUNT). CplDs (possibly split at the RCB, out of order
// across tags) are written into a DW-wide buffer at the byte position they belong to, so the
// client can read the bytes back through rd_byte_* once done_valid pulses.
// Buffer layout: buffer byte (req_addr[1:0] + k) holds host byte req_addr + k.
// Errors (done_err=1, err_reason): 5 UR, 6 CA, 7 completion timeout, 8 poisoned, 9 malformed.
// Completions for tags that are not outstanding are Unexpected Completions (§2.3.2): discarded.
module dma_rd #(
  parameter TLP_DATA_WIDTH = 64,
  parameter TLP_STRB_WIDTH = TLP_DATA_WIDTH/32,
  parameter TAG_COUNT      = 16,
  parameter BUF_BYTES      = 2048,          // power of two; req_len <= BUF_BYTES-4
  parameter CPL_TIMEOUT    = 65536          // cycles from an MRd's issue to its last completion, per tag
)(
  input  wire                      clk,
  input  wire                      rst,
  input  wire                      bus_master_enable,
  input  wire [2:0]                max_read_request_size,
  input  wire [15:0]               requester_id,
  input  wire                      req_abort,            // drop the current request (device reset)
  // client request
  input  wire                      req_valid,
  output wire                      req_ready,
  input  wire [63:0]               req_addr,
  input  wire [15:0]               req_len,          // bytes, 1 .. BUF_BYTES-4
  output reg                       done_valid,       // 1-cycle pulse
  output reg                       done_err,
  output reg  [7:0]                err_reason,
  output wire                      idle,
  // byte read port into the buffer (asynchronous)
  input  wire [15:0]               rd_byte_idx,      // k: host byte req_addr + k
  output wire [7:0]                rd_byte,
  // MRd TLPs
  output reg  [127:0]              tx_rd_req_tlp_hdr,
  output reg                       tx_rd_req_tlp_valid,
  output wire                      tx_rd_req_tlp_sop,
  output wire                      tx_rd_req_tlp_eop,
  input  wire                      tx_rd_req_tlp_ready,
  // completions
  input  wire [TLP_DATA_WIDTH-1:0] rx_cpl_tlp_data,
  input  wire [TLP_STRB_WIDTH-1:0] rx_cpl_tlp_strb,
  /* verilator lint_off UNUSEDSIGNAL */
  input  wire [127:0]              rx_cpl_tlp_hdr,   // only the completion fields are used
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire [3:0]                rx_cpl_tlp_error,
  input  wire                      rx_cpl_tlp_valid,
  input  wire                      rx_cpl_tlp_sop,
  input  wire                      rx_cpl_tlp_eop,
  output wire                      rx_cpl_tlp_ready
);
  localparam DEPTH = BUF_BYTES/4;
  localparam AW    = $clog2(DEPTH);
  localparam BW    = $clog2(BUF_BYTES);
  localparam TW    = (TAG_COUNT > 1) ? $clog2(TAG_COUNT) : 1;
  localparam NDW   = TLP_DATA_WIDTH/32;
  localparam DWW   = (NDW > 1) ? $clog2(NDW) : 1;

  reg [31:0] buf_mem [0:DEPTH-1];

  // ---------------- request splitting state ----------------
  reg         busy;        // a client request is in progress
  reg         failed;      // an error has been reported for it
  reg [63:0]  cur_addr;    // next byte to request
  reg [15:0]  rem;         // bytes not yet requested
  reg [1:0]   base_lo;     // req_addr[1:0]
  reg [6:0]   base_lo7;    // {req_addr[6:2], 2'b00}
  reg [BW:0]  cur_off;     // buffer byte offset of cur_addr
  reg [TAG_COUNT-1:0] tag_active;
  reg [BW:0]  tag_off [0:TAG_COUNT-1];   // buffer byte offset of the next expected byte
  reg [12:0]  tag_rem [0:TAG_COUNT-1];   // bytes still expected (the next Byte Count)
  // Completion Timeout (PCIe r6.0 §2.8), per request: cycles since each outstanding tag's MRd
  // was issued; the same rule and number as model/dma (COMPLETION_TIMEOUT_CYCLES).
  reg [31:0]  tag_age [0:TAG_COUNT-1];
  reg         any_expired;
  integer     ti;
  always @* begin
    any_expired = 1'b0;
    for (ti = 0; ti < TAG_COUNT; ti = ti + 1)
      if (tag_active[ti] && tag_age[ti] >= CPL_TIMEOUT) any_expired = 1'b1;
  end

  assign req_ready = !busy;
  assign idle      = !busy && (tag_active == {TAG_COUNT{1'b0}});
  assign tx_rd_req_tlp_sop = 1'b1;
  assign tx_rd_req_tlp_eop = 1'b1;

  /* verilator lint_off UNUSEDSIGNAL */
  wire [15:0] rd_pos = {14'd0, base_lo} + rd_byte_idx;
  wire [31:0] rd_dw  = buf_mem[rd_pos[AW+1:2]];
  /* verilator lint_on UNUSEDSIGNAL */
  assign rd_byte = rd_dw[8*rd_pos[1:0] +: 8];

  // lowest free tag
  reg         have_free;
  reg [TW-1:0] free_tag;
  integer fi;
  always @* begin
    have_free = 1'b0;
    free_tag  = {TW{1'b0}};
`ifdef VARIANT_EXTRA_LATENCY
    // LEGAL variant (rtl/variants/README.md): highest free tag first. Any unused Tag value is
    // legal for a new non-posted request (PCIe r6.0 §2.2.6.2); completions are matched by tag.
    for (fi = 0; fi < TAG_COUNT; fi = fi + 1)
`else
    for (fi = TAG_COUNT-1; fi >= 0; fi = fi - 1)
`endif
      if (!tag_active[fi]) begin have_free = 1'b1; free_tag = fi[TW-1:0]; end
  end
`ifdef VARIANT_EXTRA_LATENCY
  // LEGAL variant: every client request waits XLAT cycles before its first MRd (a slower
  // front end); the specifications set no bound on when a device issues its reads.
  localparam [7:0] XLAT = 8'd96;
  reg [7:0] xlat_cnt;
  wire      xlat_go = (xlat_cnt == 8'd0);
`else
  wire      xlat_go = 1'b1;
`endif

  // size of the next MRd (§2.2.7): up to the next multiple of Max_Read_Request_Size
`ifdef BROKEN_MRRS_IGNORED
  // BROKEN variant (rtl/broken/README.md): Max_Read_Request_Size ignored, 4096 B always
  // (PCIe r6.0 §2.2.7 / §7.5.3.4 violated whenever software set a smaller MRRS).
  wire [13:0] mrrs_bytes = 14'd4096;
  wire unused_mrrs = |max_read_request_size;
`else
  wire [13:0] mrrs_bytes = 14'd128 << ((max_read_request_size > 3'd5) ? 3'd5 : max_read_request_size);
`endif
`ifdef VARIANT_ADDR_CUT
  // LEGAL variant (rtl/variants/README.md): reads are cut at every 256-byte aligned address even
  // when Max_Read_Request_Size is larger. PCIe r6.0 §2.2.7 only bounds an MRd by MRRS and by the
  // 4 KiB boundary; a requester may always ask for less.
  wire [13:0] cut_bytes  = (mrrs_bytes > 14'd256) ? 14'd256 : mrrs_bytes;
`else
  wire [13:0] cut_bytes  = mrrs_bytes;
`endif
  // pieces end on multiples of the limit: never crosses 4 KiB (limit <= 4096, a power of two),
  // and every piece after the first is naturally aligned (same rule as model/dma/split.ts)
  wire [13:0] lim_a      = cut_bytes - ({2'd0, cur_addr[11:0]} & (cut_bytes - 14'd1));
  wire [15:0] lim_a16    = {2'd0, lim_a};
  wire [13:0] chunk      = (rem < lim_a16) ? rem[13:0] : lim_a;
  wire [13:0] end_off    = {12'd0, cur_addr[1:0]} + chunk;       // 1 .. 4099
  wire [11:0] len_dw     = end_off[13:2] + {11'd0, (end_off[1:0] != 2'd0)};
  wire [3:0]  first_be_full = 4'b1111 << cur_addr[1:0];
  wire [3:0]  last_be    = (end_off[1:0] == 2'd0) ? 4'b1111 : ~(4'b1111 << end_off[1:0]);
  wire [3:0]  hdr_first_be = (len_dw == 12'd1) ? (first_be_full & last_be) : first_be_full;
  wire [3:0]  hdr_last_be  = (len_dw == 12'd1) ? 4'b0000 : last_be;
  wire        addr64     = (cur_addr[63:32] != 32'd0);
  wire [127:0] mrd_hdr   = {
      addr64 ? 3'b001 : 3'b000, 5'b00000,        // Fmt (3/4 DW, no data), Type MRd
      1'b0, 3'b000, 4'b0000, 1'b0, 1'b0, 2'b00, 2'b00, // R TC R/attr/TH TD EP Attr AT
      len_dw[9:0],                               // Length (1024 -> 0)
      requester_id, {{(8-TW){1'b0}}, free_tag}, hdr_last_be, hdr_first_be,
      addr64 ? {cur_addr[63:2], 2'b00} : {cur_addr[31:2], 2'b00, 32'd0}};

  // ---------------- completion parsing ----------------
  wire [2:0]  c_fmt    = rx_cpl_tlp_hdr[127:125];
  wire [4:0]  c_type   = rx_cpl_tlp_hdr[124:120];
  wire        c_ep     = rx_cpl_tlp_hdr[110];
  wire [9:0]  c_len    = rx_cpl_tlp_hdr[105:96];
  wire [2:0]  c_status = rx_cpl_tlp_hdr[79:77];
  wire [11:0] c_bc     = rx_cpl_tlp_hdr[75:64];
  wire [7:0]  c_tag    = rx_cpl_tlp_hdr[47:40];
  wire [6:0]  c_la     = rx_cpl_tlp_hdr[38:32];
  wire [12:0] c_bc13   = (c_bc == 12'd0) ? 13'd4096 : {1'b0, c_bc};
  wire [12:0] c_len13  = (c_len == 10'd0) ? 13'd1024 : {3'd0, c_len};
  wire [TW-1:0] c_t    = c_tag[TW-1:0];
  wire        c_known  = (c_tag < TAG_COUNT) && tag_active[c_t];
  wire [BW:0] c_off    = tag_off[c_t];
  wire [12:0] c_trem   = tag_rem[c_t];
  wire [6:0]  exp_la   = base_lo7 + c_off[6:0];
  // bytes carried: Length*4 - LA[1:0]; final when that covers the Byte Count
  wire [14:0] c_carry  = {c_len13, 2'b00} - {13'd0, c_la[1:0]};
  wire        c_final  = (c_carry >= {2'd0, c_bc13});
  /* verilator lint_off UNUSEDSIGNAL */
  wire [14:0] c_need_dw4 = {2'd0, c_bc13} + {13'd0, c_la[1:0]} + 15'd3;   // ceil((LA+BC)/4)*4 (+pad)
  /* verilator lint_on UNUSEDSIGNAL */
  wire        c_len_ok = c_final ? (c_need_dw4[14:2] == c_len13) : 1'b1;
  wire        c_is_cpld = (c_fmt == 3'b010) && (c_type == 5'b01010);
  wire        c_is_cpl  = (c_fmt == 3'b000) && (c_type == 5'b01010);

  // completion state: 0 = wait sop, 1 = writing DWs of a held beat, 2 = discard until eop
  reg [1:0]   cst;
  reg [TLP_DATA_WIDTH-1:0] hold_data;
  reg [TLP_STRB_WIDTH-1:0] hold_strb;
  reg         hold_eop;
  reg [DWW-1:0] hold_i;
  reg [AW-1:0] wr_dw;       // buffer DW being written
  reg [10:0]  dw_left;      // DWs of this CplD still to write
  assign rx_cpl_tlp_ready = (cst != 2'd1);

  always @(posedge clk) begin
    done_valid <= 1'b0;
    done_err   <= 1'b0;
    // ---- timeout: each tag's age counts from its MRd (§2.8)
    for (ti = 0; ti < TAG_COUNT; ti = ti + 1)
      if (tag_active[ti] && tag_age[ti] < CPL_TIMEOUT) tag_age[ti] <= tag_age[ti] + 32'd1;

    // ---- issue MRds
    if (tx_rd_req_tlp_valid && tx_rd_req_tlp_ready)
      tx_rd_req_tlp_valid <= 1'b0;
    if (busy && !failed && rem != 16'd0 && have_free && bus_master_enable && xlat_go &&
        (!tx_rd_req_tlp_valid || tx_rd_req_tlp_ready)) begin
      tx_rd_req_tlp_hdr   <= mrd_hdr;
      tx_rd_req_tlp_valid <= 1'b1;
      tag_active[free_tag] <= 1'b1;
      tag_age[free_tag]    <= 32'd0;
      tag_off[free_tag]    <= cur_off;
      tag_rem[free_tag]    <= chunk[12:0];
      cur_addr <= cur_addr + {50'd0, chunk};
      cur_off  <= cur_off + chunk[BW:0];
      rem      <= rem - {2'd0, chunk};
    end

    // ---- completions
    case (cst)
`ifdef BROKEN_CPL_SOP_UNQUALIFIED
      2'd0: if (rx_cpl_tlp_sop) begin                  // BROKEN variant (rtl/broken/README.md): sop taken without valid
`else
      2'd0: if (rx_cpl_tlp_valid && rx_cpl_tlp_sop) begin
`endif
        if (!c_known || failed) begin
          cst <= rx_cpl_tlp_eop ? 2'd0 : 2'd2;                 // unexpected: discard
        end else if (c_status != 3'b000 || c_ep || rx_cpl_tlp_error != 4'd0 || !c_is_cpld ||
                     c_bc13 != c_trem || c_la != exp_la || !c_len_ok) begin
          failed     <= 1'b1;
          done_valid <= 1'b1;
          done_err   <= 1'b1;
          err_reason <= (c_status == 3'b001) ? 8'd5 : (c_status == 3'b100) ? 8'd6 :
                        (c_status != 3'b000) ? 8'd9 :
                        (c_ep || rx_cpl_tlp_error != 4'd0) ? 8'd8 : 8'd9;
          tag_active <= {TAG_COUNT{1'b0}};
          cst <= rx_cpl_tlp_eop ? 2'd0 : 2'd2;
          if (c_is_cpl && c_status == 3'b000) err_reason <= 8'd9;
        end else begin
          hold_data <= rx_cpl_tlp_data;
          hold_strb <= rx_cpl_tlp_strb;
          hold_eop  <= rx_cpl_tlp_eop;
          hold_i    <= {DWW{1'b0}};
          wr_dw     <= c_off[AW+1:2];
          dw_left   <= c_len13[10:0];
          cst       <= 2'd1;
          if (c_final) begin
            tag_active[c_t] <= 1'b0;
          end else begin
            tag_rem[c_t] <= c_trem - c_carry[12:0];
            tag_off[c_t] <= c_off + c_carry[BW:0];
          end
        end
      end
      2'd1: begin
        if (hold_strb[hold_i] && dw_left != 11'd0) begin
          buf_mem[wr_dw] <= hold_data[32*hold_i +: 32];
          wr_dw   <= wr_dw + 1'b1;
          dw_left <= dw_left - 11'd1;
        end
        if (hold_i == DWW'(NDW-1) || !hold_strb[hold_i])
          cst <= hold_eop ? 2'd0 : 2'd3;
        else
          hold_i <= hold_i + 1'b1;
      end
      2'd3: if (rx_cpl_tlp_valid) begin      // next data beat of the same CplD
        hold_data <= rx_cpl_tlp_data;
        hold_strb <= rx_cpl_tlp_strb;
        hold_eop  <= rx_cpl_tlp_eop;
        hold_i    <= {DWW{1'b0}};
        cst       <= 2'd1;
      end
      default: if (rx_cpl_tlp_valid && rx_cpl_tlp_eop) cst <= 2'd0;   // discard
    endcase

    if (busy && !failed && any_expired) begin
      failed     <= 1'b1;
      done_valid <= 1'b1;
      done_err   <= 1'b1;
      err_reason <= 8'd7;
      tag_active <= {TAG_COUNT{1'b0}};
    end else if (!busy) begin
      for (ti = 0; ti < TAG_COUNT; ti = ti + 1)
        if (tag_active[ti] && tag_age[ti] >= CPL_TIMEOUT) tag_active[ti] <= 1'b0;   // orphaned after an abort
    end

    // ---- request accept / completion of the request
    if (busy && !failed && rem == 16'd0 && tag_active == {TAG_COUNT{1'b0}} && cst == 2'd0 &&
        !tx_rd_req_tlp_valid) begin
      busy       <= 1'b0;
      done_valid <= 1'b1;
    end
    if (busy && failed) busy <= 1'b0;
    if (req_abort) begin busy <= 1'b0; rem <= 16'd0; end
`ifdef VARIANT_EXTRA_LATENCY
    if (xlat_cnt != 8'd0) xlat_cnt <= xlat_cnt - 8'd1;
    if (!busy && req_valid && !req_abort) xlat_cnt <= XLAT;
    if (rst) xlat_cnt <= 8'd0;
`endif
    if (!busy && req_valid && !req_abort) begin
      busy     <= 1'b1;
      failed   <= 1'b0;
      cur_addr <= req_addr;
      rem      <= req_len;
      base_lo  <= req_addr[1:0];
      base_lo7 <= {req_addr[6:2], 2'b00};
      cur_off  <= {{(BW-1){1'b0}}, req_addr[1:0]};
    end

    if (rst) begin
      busy <= 1'b0; failed <= 1'b0; rem <= 16'd0; tag_active <= {TAG_COUNT{1'b0}};
      tx_rd_req_tlp_valid <= 1'b0; cst <= 2'd0; err_reason <= 8'd0;
      done_valid <= 1'b0; done_err <= 1'b0;
    end
  end
endmodule
