// pcie_cpl_tx: packs the completion DW stream from pcie_req_rx into tx_cpl TLP beats
// (docs/dut-interface.md "TLP channels"): header beside the payload, first payload DW in [31:0]
// of the first beat, TLP_DATA_WIDTH/32 DWs per beat, strb set for every payload DW, a Cpl
// without data is a single beat with strb 0.
//
// Input item: one payload DW (`s_cpl_dw`), or with `s_cpl_nodata` a whole Cpl. `s_cpl_hdr` is
// sampled on `s_cpl_first`; `s_cpl_last` marks the last DW of the completion.
module pcie_cpl_tx #(
  parameter TLP_DATA_WIDTH = 64,
  parameter TLP_STRB_WIDTH = TLP_DATA_WIDTH/32,
  parameter TLP_HDR_WIDTH  = 128
)(
  input  wire                       clk,
  input  wire                       rst,

  input  wire [127:0]               s_cpl_hdr,
  input  wire [31:0]                s_cpl_dw,
  input  wire                       s_cpl_first,
  input  wire                       s_cpl_last,
  input  wire                       s_cpl_nodata,
  input  wire                       s_cpl_valid,
  output wire                       s_cpl_ready,

  output reg  [TLP_DATA_WIDTH-1:0]  m_cpl_tlp_data,
  output reg  [TLP_STRB_WIDTH-1:0]  m_cpl_tlp_strb,
  output reg  [TLP_HDR_WIDTH-1:0]   m_cpl_tlp_hdr,
  output reg                        m_cpl_tlp_sop,
  output reg                        m_cpl_tlp_eop,
  output reg                        m_cpl_tlp_valid,
  input  wire                       m_cpl_tlp_ready
);
  localparam LANES  = TLP_STRB_WIDTH;
  localparam LANE_W = (LANES > 1) ? $clog2(LANES) : 1;

  reg [TLP_DATA_WIDTH-1:0] acc_data;   // DWs of the beat being filled
  reg [TLP_STRB_WIDTH-1:0] acc_strb;
  reg [LANE_W-1:0]         acc_lane;
  reg                      acc_sop;    // the beat being filled is the first of its TLP
  reg [127:0]              hdr_q;

  // The output register frees up this cycle or is empty: take one item.
  assign s_cpl_ready = !m_cpl_tlp_valid || m_cpl_tlp_ready;
  wire take = s_cpl_valid && s_cpl_ready;

  wire [LANE_W-1:0] lane     = s_cpl_first ? {LANE_W{1'b0}} : acc_lane;
  wire              beat_end = s_cpl_last || ({{(32-LANE_W){1'b0}}, lane} == LANES - 1);

  reg [TLP_DATA_WIDTH-1:0] beat_data;
  reg [TLP_STRB_WIDTH-1:0] beat_strb;
  integer k;
  always @* begin
    beat_data = s_cpl_first ? {TLP_DATA_WIDTH{1'b0}} : acc_data;
    beat_strb = s_cpl_first ? {TLP_STRB_WIDTH{1'b0}} : acc_strb;
    for (k = 0; k < LANES; k = k + 1) begin
      if (k == {{(32-LANE_W){1'b0}}, lane}) begin
        beat_data[k*32 +: 32] = s_cpl_dw;
        beat_strb[k]          = 1'b1;
      end
    end
  end

  always @(posedge clk) begin
    if (rst) begin
      m_cpl_tlp_valid <= 1'b0;
      m_cpl_tlp_data  <= {TLP_DATA_WIDTH{1'b0}};
      m_cpl_tlp_strb  <= {TLP_STRB_WIDTH{1'b0}};
      m_cpl_tlp_hdr   <= {TLP_HDR_WIDTH{1'b0}};
      m_cpl_tlp_sop   <= 1'b0;
      m_cpl_tlp_eop   <= 1'b0;
      acc_data        <= {TLP_DATA_WIDTH{1'b0}};
      acc_strb        <= {TLP_STRB_WIDTH{1'b0}};
      acc_lane        <= {LANE_W{1'b0}};
      acc_sop         <= 1'b0;
      hdr_q           <= 128'd0;
    end else begin
      if (m_cpl_tlp_valid && m_cpl_tlp_ready) m_cpl_tlp_valid <= 1'b0;
      if (take) begin
        if (s_cpl_first) hdr_q <= s_cpl_hdr;
        if (s_cpl_nodata) begin
          // Cpl: header only (§2.2.9)
          m_cpl_tlp_valid <= 1'b1;
          m_cpl_tlp_hdr   <= s_cpl_hdr;
          m_cpl_tlp_data  <= {TLP_DATA_WIDTH{1'b0}};
          m_cpl_tlp_strb  <= {TLP_STRB_WIDTH{1'b0}};
          m_cpl_tlp_sop   <= 1'b1;
          m_cpl_tlp_eop   <= 1'b1;
        end else if (beat_end) begin
          m_cpl_tlp_valid <= 1'b1;
          m_cpl_tlp_hdr   <= s_cpl_first ? s_cpl_hdr : hdr_q;
          m_cpl_tlp_data  <= beat_data;
          m_cpl_tlp_strb  <= beat_strb;
          m_cpl_tlp_sop   <= s_cpl_first || acc_sop;
          m_cpl_tlp_eop   <= s_cpl_last;
          acc_lane        <= {LANE_W{1'b0}};
          acc_strb        <= {TLP_STRB_WIDTH{1'b0}};
          acc_data        <= {TLP_DATA_WIDTH{1'b0}};
          acc_sop         <= 1'b0;
        end else begin
          acc_data        <= beat_data;
          acc_strb        <= beat_strb;
          acc_lane        <= lane + 1'b1;
          acc_sop         <= s_cpl_first || acc_sop;
        end
      end
    end
  end

endmodule
