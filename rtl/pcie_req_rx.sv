// pcie_req_rx: the function's completer. Takes request TLPs from the host (rx_req channel of
// docs/dut-interface.md), decodes CfgRd0/CfgWr0 and 3-/4-DW MRd/MWr, checks the target
// function, BAR hit and Command.Memory Space Enable, turns each payload DW into one access on
// the internal register bus, and hands completions to pcie_cpl_tx as a stream of DWs.
//
// One request at a time, one DW per cycle. A multi-DW MRd is served DW by DW from the register
// read at each DW's own offset (docs/dut-interface.md "Answers to requests that hit nothing"),
// bytes outside the DW's byte enables read 0, and the data goes back in one CplD. An MRd longer
// than Max_Payload_Size is answered with CA (model/function: the function never splits).
// Poisoned CfgWr0 -> UR, poisoned MWr -> discarded (PCIe r6.0 §2.7.2.2).
//
// Register bus: `reg_valid` is a one-cycle strobe (side effects happen on it); `reg_rdata` is
// combinational from reg_space/reg_addr and is sampled in the same cycle.
module pcie_req_rx #(
  parameter TLP_DATA_WIDTH = 64,
  parameter TLP_STRB_WIDTH = TLP_DATA_WIDTH/32,
  parameter TLP_HDR_WIDTH  = 128
)(
  input  wire                       clk,
  input  wire                       rst,

  input  wire [TLP_DATA_WIDTH-1:0]  s_req_tlp_data,
  input  wire [TLP_STRB_WIDTH-1:0]  s_req_tlp_strb,
  /* verilator lint_off UNUSEDSIGNAL */ // T9/T8/Attr[2]/LN/TH/TD/AT/PH are not used by a register completer
  input  wire [TLP_HDR_WIDTH-1:0]   s_req_tlp_hdr,
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire                       s_req_tlp_sop,
  input  wire                       s_req_tlp_eop,
  input  wire                       s_req_tlp_valid,
  output wire                       s_req_tlp_ready,

  // from config space
  input  wire                       mem_space_en,
  /* verilator lint_off UNUSEDSIGNAL */ // bits below the BAR size are not address bits
  input  wire [63:0]                bar0_addr,
  input  wire [63:0]                bar2_addr,
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire [2:0]                 max_payload_size,
  input  wire [7:0]                 win_bar,
  input  wire [31:0]                win_offset,
  input  wire [31:0]                win_length,
  input  wire [31:0]                win_data,
  output reg                        win_load,
  output reg  [31:0]                win_load_data,
  output reg  [31:0]                win_load_mask,

  // register bus
  output reg                        reg_valid,
  output reg                        reg_wr,
  output reg  [1:0]                 reg_space,
  output reg  [13:2]                reg_addr,
  output reg  [3:0]                 reg_be,
  output reg  [31:0]                reg_wdata,
  input  wire [31:0]                reg_rdata,

  // completion DW stream to pcie_cpl_tx; hdr valid with m_cpl_first
  output reg  [127:0]               m_cpl_hdr,
  output reg  [31:0]                m_cpl_dw,
  output reg                        m_cpl_first,
  output reg                        m_cpl_last,
  output reg                        m_cpl_nodata,
  output reg                        m_cpl_valid,
  input  wire                       m_cpl_ready,

  // Bus/Device Number captured from CfgWr0 (PCIe r6.0 §2.2.6.2), function 0
  output wire [15:0]                completer_id
);
  localparam LANES = TLP_STRB_WIDTH;
  localparam LANE_W = (LANES > 1) ? $clog2(LANES) : 1;

  localparam [2:0] S_IDLE  = 3'd0,  // wait for a request header
                   S_WR    = 3'd1,  // payload DWs -> register writes
                   S_DRAIN = 3'd2,  // discard payload beats up to eop
                   S_WIN   = 3'd3,  // virtio PCI-cfg window BAR access (§4.1.4.9)
                   S_CPL   = 3'd4,  // one completion item: Cpl (no data) or CplD of one cfg DW
                   S_RD    = 3'd5;  // MRd: stream DWs from register reads

  // --------------------------------------------------------------- header fields (§2.2.1)
  wire [2:0]  h_fmt   = s_req_tlp_hdr[127:125];
  wire [4:0]  h_type  = s_req_tlp_hdr[124:120];
  wire [2:0]  h_tc    = s_req_tlp_hdr[118:116];
  wire        h_ep    = s_req_tlp_hdr[110];
  wire [1:0]  h_attr  = s_req_tlp_hdr[109:108];
  wire [9:0]  h_len   = s_req_tlp_hdr[105:96];
  wire [15:0] h_rid   = s_req_tlp_hdr[95:80];
  wire [7:0]  h_tag   = s_req_tlp_hdr[79:72];
  wire [3:0]  h_lbe   = s_req_tlp_hdr[71:68];
  wire [3:0]  h_fbe   = s_req_tlp_hdr[67:64];
  wire [63:2] h_addr  = h_fmt[0] ? {s_req_tlp_hdr[63:32], s_req_tlp_hdr[31:2]}
                                 : {32'd0, s_req_tlp_hdr[63:34]};
  wire [7:0]  h_bus   = s_req_tlp_hdr[63:56];
  wire [4:0]  h_dev   = s_req_tlp_hdr[55:51];
  wire [2:0]  h_func  = s_req_tlp_hdr[50:48];
  wire [9:0]  h_reg   = s_req_tlp_hdr[43:34];   // Ext Register Number + Register Number (§2.2.7)

  wire        h_data  = h_fmt[1];
  wire        h_mem   = (h_type == virtio_pkg::TYPE_MEM) && !h_fmt[2];
  wire        h_cfg0  = (h_type == virtio_pkg::TYPE_CFG0) && (h_fmt[2] == 1'b0) && (h_fmt[0] == 1'b0);
  wire        h_msg   = (h_type[4:3] == 2'b10);                  // Msg / MsgD: posted
  wire        h_cpl   = (h_type[4:1] == 4'b0101);                // a completion on the request channel
  wire [10:0] h_ndw   = (h_len == 10'd0) ? 11'd1024 : {1'b0, h_len};

  // BAR decode: the whole request must lie inside the BAR (config-space.ts decodeMemory)
  wire        h_hit0  = (h_addr[63:virtio_pkg::BAR0_SIZE_LOG2] == bar0_addr[63:virtio_pkg::BAR0_SIZE_LOG2]) &&
                        ({1'b0, h_addr[virtio_pkg::BAR0_SIZE_LOG2-1:2]} + {2'b0, h_ndw} <= 13'd4096);
  wire        h_hit2  = (h_addr[63:virtio_pkg::BAR2_SIZE_LOG2] == bar2_addr[63:virtio_pkg::BAR2_SIZE_LOG2]) &&
                        ({1'b0, h_addr[virtio_pkg::BAR2_SIZE_LOG2-1:2]} + {1'b0, h_ndw} <= 12'd2048);
  wire        h_mem_ok = mem_space_en && (h_hit0 || h_hit2);

  // Byte Count and Lower Address of a memory read (§2.3.1.1)
  function [1:0] lsb_be(input [3:0] be);
    lsb_be = be[0] ? 2'd0 : be[1] ? 2'd1 : be[2] ? 2'd2 : be[3] ? 2'd3 : 2'd0;
  endfunction
  function [2:0] msb_be(input [3:0] be);  // index of highest enabled byte + 1
    msb_be = be[3] ? 3'd4 : be[2] ? 3'd3 : be[1] ? 3'd2 : be[0] ? 3'd1 : 3'd0;
  endfunction
  wire [12:0] h_bytes_1dw = (h_fbe == 4'd0) ? 13'd1 : ({10'd0, msb_be(h_fbe)} - {11'd0, lsb_be(h_fbe)});
  wire [12:0] h_bytes_ndw = (13'd4 - {11'd0, lsb_be(h_fbe)}) + {h_ndw - 11'd2, 2'b00} + {10'd0, msb_be(h_lbe)};
  wire [12:0] h_bytes     = (h_ndw == 11'd1) ? h_bytes_1dw : h_bytes_ndw;

  // --------------------------------------------------------------- request state
  reg [2:0]   state;
  reg [2:0]   r_tc;
  reg [1:0]   r_attr;
  reg [15:0]  r_rid;
  reg [7:0]   r_tag;
  reg [3:0]   r_fbe, r_lbe;
  reg [1:0]   r_space;
  reg [13:2]  r_off;        // DW offset in the space of the next DW
  reg [10:0]  r_dw_left;    // DWs not yet processed
  reg         r_first_dw;
  reg         r_is_wr;
  reg         r_do_win;     // access touched pci_cfg_data
  reg         r_cpl;        // a completion is owed after the payload/window step
  reg         r_cpl_rd;     // ... and it is the CplD of an MRd (S_RD)
  reg         r_cpl_cfgrd;  // ... and it is a CplD of one config DW
  reg [2:0]   r_status;
  reg [12:0]  r_bc;         // Byte Count of the completion
  reg [6:0]   r_la;         // Lower Address of the completion
  reg [9:0]   r_len;        // Length field of an MRd (and of its CplD)
  reg [LANE_W-1:0] lane;
  reg [7:0]   cap_bus;
  reg [4:0]   cap_dev;

  assign completer_id = {cap_bus, cap_dev, 3'b000};

  // Completion header (§2.2.9): Fmt/Type, TC and Attr copied from the request, Completer ID,
  // Completion Status, Byte Count, Requester ID, Tag, Lower Address.
  /* verilator lint_off UNUSEDSIGNAL */ // Byte Count 4096 is encoded as 0: bc[12] drops out (§2.2.9)
  function [127:0] cpl_hdr(input data, input [2:0] status, input [9:0] len, input [12:0] bc, input [6:0] la);
    cpl_hdr = {data ? virtio_pkg::FMT_3DW_DATA : virtio_pkg::FMT_3DW_NO_DATA, virtio_pkg::TYPE_CPL,
               1'b0, r_tc, 4'b0000, 2'b00, r_attr, 2'b00, len,
               completer_id, status, 1'b0, bc[11:0],
               r_rid, r_tag, 1'b0, la,
               32'd0};
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */

  // --------------------------------------------------------------- write-payload lane
  wire [31:0] lane_dw   = s_req_tlp_data[lane*32 +: 32];
  wire        lane_last_in_beat = ({{(32-LANE_W){1'b0}}, lane} == LANES - 1) || !s_req_tlp_strb[({{(32-LANE_W){1'b0}}, lane} + 1) % LANES] ||
                                  (r_dw_left == 11'd1);
  wire [3:0]  cur_be    = r_first_dw ? r_fbe : (r_dw_left == 11'd1) ? r_lbe : 4'hF;

  wire [31:0] cur_be_mask = {{8{cur_be[3]}}, {8{cur_be[2]}}, {8{cur_be[1]}}, {8{cur_be[0]}}};
  // MRd longer than Max_Payload_Size (128 << encoding bytes): Completer Abort
  wire [10:0] mps_dw    = 11'd32 << max_payload_size;

  // --------------------------------------------------------------- PCI-cfg window (§4.1.4.9)
  // Lengths other than 1/2/4 or an offset not a multiple of the length: no BAR access.
  wire        win_len_ok = (win_length == 32'd1) || (win_length == 32'd2) || (win_length == 32'd4);
  wire        win_align  = (win_length == 32'd4) ? (win_offset[1:0] == 2'b00) :
                           (win_length == 32'd2) ? (win_offset[0] == 1'b0) : 1'b1;
  wire        win_in0    = (win_bar == 8'd0) && (win_offset < (32'd1 << virtio_pkg::BAR0_SIZE_LOG2));
  wire        win_in2    = (win_bar == 8'd2) && (win_offset < (32'd1 << virtio_pkg::BAR2_SIZE_LOG2));
  wire        win_ok     = win_len_ok && win_align;            // an access happens (reads load data)
  wire        win_hit    = win_ok && (win_in0 || win_in2);     // ... and reaches a register
  wire [3:0]  win_be_lo  = (win_length == 32'd4) ? 4'hF : (win_length == 32'd2) ? 4'h3 : 4'h1;
  wire [31:0] win_mask   = (win_length == 32'd4) ? 32'hFFFF_FFFF : (win_length == 32'd2) ? 32'h0000_FFFF : 32'h0000_00FF;
  wire [4:0]  win_sh     = {win_offset[1:0], 3'b000};

  // --------------------------------------------------------------- control
  reg s_ready_c;
  assign s_req_tlp_ready = s_ready_c;

  always @* begin
    s_ready_c    = 1'b0;
    reg_valid    = 1'b0;
    reg_wr       = 1'b0;
    reg_space    = r_space;
    reg_addr     = r_off;
    reg_be       = cur_be;
    reg_wdata    = lane_dw;
    win_load     = 1'b0;
    win_load_data = reg_rdata >> win_sh;
    win_load_mask = win_mask;
    m_cpl_hdr    = cpl_hdr(1'b0, r_status, 10'd0, r_bc, r_la);
    m_cpl_dw     = reg_rdata;
    m_cpl_first  = 1'b1;
    m_cpl_last   = 1'b1;
    m_cpl_nodata = 1'b1;
    m_cpl_valid  = 1'b0;
    case (state)
      S_IDLE: begin
        // A TLP without payload is consumed with its header; one with payload stays for S_WR/S_DRAIN.
        // A stray non-sop beat is dropped.
        s_ready_c = s_req_tlp_valid && (!s_req_tlp_sop || !h_data);
      end
      S_WR: begin
        reg_valid = s_req_tlp_valid && s_req_tlp_strb[lane];
        reg_wr    = 1'b1;
        s_ready_c = s_req_tlp_valid && (lane_last_in_beat || !s_req_tlp_strb[lane]);
      end
      S_DRAIN: begin
        s_ready_c = s_req_tlp_valid;
      end
      S_WIN: begin
        reg_valid = win_hit;
        reg_wr    = r_is_wr;
        // a BAR that is not implemented reads 0 (model/function barRead)
        win_load_data = win_hit ? (reg_rdata >> win_sh) : 32'd0;
        reg_space = (win_bar == 8'd2) ? virtio_pkg::SPACE_BAR2 : virtio_pkg::SPACE_BAR0;
        reg_addr  = win_offset[13:2];
        reg_be    = win_be_lo << win_offset[1:0];
        reg_wdata = (win_data & win_mask) << win_sh;
        win_load  = win_ok && !r_is_wr;
      end
      S_CPL: begin
        m_cpl_valid  = 1'b1;
        m_cpl_nodata = !r_cpl_cfgrd;
        m_cpl_hdr    = cpl_hdr(r_cpl_cfgrd, r_status, r_cpl_cfgrd ? 10'd1 : 10'd0, r_bc, r_la);
        reg_valid    = r_cpl_cfgrd && m_cpl_ready;
        reg_be       = r_fbe;
      end
      S_RD: begin
        m_cpl_valid  = 1'b1;
        m_cpl_nodata = 1'b0;
        m_cpl_first  = r_first_dw;
        m_cpl_last   = (r_dw_left == 11'd1);
        m_cpl_hdr    = cpl_hdr(1'b1, virtio_pkg::CPL_STATUS_SC, r_len, r_bc, r_la);
        m_cpl_dw     = reg_rdata & cur_be_mask;
        reg_valid    = m_cpl_ready;
      end
      default: ;
    endcase
  end

  // where to go once the payload (if any) has been handled
  wire [2:0] after_payload = r_do_win ? S_WIN : !r_cpl ? S_IDLE : r_cpl_rd ? S_RD : S_CPL;
  wire [2:0] after_win     = !r_cpl ? S_IDLE : r_cpl_rd ? S_RD : S_CPL;

  always @(posedge clk) begin
    if (rst) begin
      state      <= S_IDLE;
      lane       <= '0;
      cap_bus    <= 8'd0;
      cap_dev    <= 5'd0;
      r_tc       <= 3'd0;
      r_attr     <= 2'd0;
      r_rid      <= 16'd0;
      r_tag      <= 8'd0;
      r_fbe      <= 4'd0;
      r_lbe      <= 4'd0;
      r_space    <= 2'd0;
      r_off      <= 12'd0;
      r_dw_left  <= 11'd0;
      r_first_dw <= 1'b0;
      r_len      <= 10'd0;
      r_is_wr    <= 1'b0;
      r_do_win   <= 1'b0;
      r_cpl      <= 1'b0;
      r_cpl_rd   <= 1'b0;
      r_cpl_cfgrd <= 1'b0;
      r_status   <= 3'd0;
      r_bc       <= 13'd0;
      r_la       <= 7'd0;
    end else begin
      case (state)
        S_IDLE: if (s_req_tlp_valid && s_req_tlp_sop) begin
          r_tc        <= h_tc;
          r_attr      <= h_attr;
          r_rid       <= h_rid;
          r_tag       <= h_tag;
          r_fbe       <= h_fbe;
          r_lbe       <= h_lbe;
          r_is_wr     <= h_data;
          r_first_dw  <= 1'b1;
          r_len       <= h_len;
          r_do_win    <= 1'b0;
          r_cpl       <= 1'b0;
          r_cpl_rd    <= 1'b0;
          r_cpl_cfgrd <= 1'b0;
          r_status    <= virtio_pkg::CPL_STATUS_SC;
          r_bc        <= 13'd4;       // non-memory completions: Byte Count 4, Lower Address 0
          r_la        <= 7'd0;
          lane        <= '0;
          if (h_mem) begin
            r_space   <= h_hit0 ? virtio_pkg::SPACE_BAR0 : virtio_pkg::SPACE_BAR2;
            r_off     <= h_hit0 ? h_addr[13:2] : {1'b0, h_addr[12:2]};
            r_dw_left <= h_ndw;
            // memory read completions: Byte Count / Lower Address from the BEs (§2.3.1.1)
            r_bc      <= h_bytes;
            r_la      <= {h_addr[6:2], lsb_be(h_fbe)};
            if (h_data) begin
              // MWr: posted; dropped when it hits nothing or is poisoned (§2.3.1, §2.7.2.2)
              state    <= (h_mem_ok && !h_ep) ? S_WR : S_DRAIN;
            end else begin
              r_cpl    <= 1'b1;
              r_cpl_rd <= h_mem_ok && (h_ndw <= mps_dw);
              r_status <= !h_mem_ok ? virtio_pkg::CPL_STATUS_UR :
                          (h_ndw > mps_dw) ? virtio_pkg::CPL_STATUS_CA : virtio_pkg::CPL_STATUS_SC;
              state    <= (h_mem_ok && (h_ndw <= mps_dw)) ? S_RD : S_CPL;
            end
          end else if (h_cfg0) begin
            r_space   <= virtio_pkg::SPACE_CFG;
            r_off     <= {2'b00, h_reg};
            r_dw_left <= 11'd1;       // config requests carry exactly one DW (§2.2.7)
            r_cpl     <= 1'b1;
            if (h_func != 3'd0 || (h_data && h_ep)) begin
              // other function, or a poisoned CfgWr0 (discarded, §2.7.2.2)
              r_status <= virtio_pkg::CPL_STATUS_UR;
              state    <= h_data ? S_DRAIN : S_CPL;
            end else begin
              r_do_win    <= ({h_reg, 2'b00} == virtio_pkg::CFG_PCICFG_DATA) && (h_fbe != 4'd0);
              r_cpl_cfgrd <= !h_data;
              if (h_data) begin
                // capture Bus/Device Number with every CfgWr0 completed (§2.2.6.2)
                cap_bus <= h_bus;
                cap_dev <= h_dev;
                state   <= S_WR;
              end else begin
                state   <= (({h_reg, 2'b00} == virtio_pkg::CFG_PCICFG_DATA) && (h_fbe != 4'd0)) ? S_WIN : S_CPL;
              end
            end
          end else begin
            // anything else: Msg/MsgD and stray completions are dropped; other non-posted
            // requests (IO, locked, Type 1 config, atomics) get a UR completion
            r_status <= virtio_pkg::CPL_STATUS_UR;
            r_cpl    <= !(h_msg || h_cpl);
            state    <= h_data ? S_DRAIN : ((h_msg || h_cpl) ? S_IDLE : S_CPL);
          end
        end
        S_WR: if (s_req_tlp_valid) begin
          if (s_req_tlp_strb[lane]) begin
            r_off      <= r_off + 12'd1;
            r_dw_left  <= r_dw_left - 11'd1;
            r_first_dw <= 1'b0;
          end
          if (s_ready_c) begin
            lane <= '0;
            if (s_req_tlp_eop) state <= after_payload;
            else if (r_dw_left == 11'd1 && s_req_tlp_strb[lane]) state <= S_DRAIN; // beats beyond Length
          end else begin
            lane <= lane + 1'b1;
          end
        end
        S_DRAIN: if (s_req_tlp_valid && s_req_tlp_eop) begin
          state <= after_payload;
        end
        S_WIN: begin
          state <= after_win;
        end
        S_CPL: if (m_cpl_ready) begin
          state <= S_IDLE;
        end
        S_RD: if (m_cpl_ready) begin
          r_off        <= r_off + 12'd1;
          r_dw_left    <= r_dw_left - 11'd1;
          r_first_dw   <= 1'b0;
          if (r_dw_left == 11'd1) state <= S_IDLE;
        end
        default: state <= S_IDLE;
      endcase
    end
  end

endmodule
