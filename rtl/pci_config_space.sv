// pci_config_space: type-0 configuration space of the function (PCIe Base r6.0 §7.5.1) with
// the capability chain PCIe -> PM -> MSI-X -> five virtio vendor caps.
// Reset values and per-bit attributes come from pci_cfg_table.svh, generated from the model's
// table (model/pci/regs.ts): RW bits take the written byte lanes, RW1C bits clear on 1, every
// other bit keeps its reset value (RO / HwInit / reserved). DWs from 0x100 (no extended
// capabilities) read 0 and ignore writes.
//
// Register-bus access: `reg_valid` is a one-cycle strobe; `reg_rdata` is combinational from
// `reg_addr` and valid in the same cycle.
module pci_config_space #(
  parameter MSIX_VECTORS = 4
)(
  input  wire        clk,
  input  wire        rst,

  input  wire        reg_valid,
  input  wire        reg_wr,
  input  wire [11:2] reg_addr,
  input  wire [3:0]  reg_be,
  input  wire [31:0] reg_wdata,
  output wire [31:0] reg_rdata,

  // virtio PCI-cfg window (§4.1.4.9): the request engine loads a BAR read result into pci_cfg_data
  input  wire        win_load,
  input  wire [31:0] win_load_data,
  input  wire [31:0] win_load_mask,

  // Status.Interrupt Status (§7.5.1.1.4): the function has INTx pending
  input  wire        intx_pending,

  output wire        mem_space_en,
  output wire        bus_master_en,
  output wire        intx_disable,
  output wire [63:0] bar0_addr,
  output wire [63:0] bar2_addr,
  output wire [2:0]  max_payload_size,       // effective encoding (clamped to supported)
  output wire [2:0]  max_read_request_size,  // effective encoding (reserved -> 4096 B)
  output wire        msix_enable,
  output wire        msix_function_mask,
  output wire [7:0]  win_bar,
  output wire [31:0] win_offset,
  output wire [31:0] win_length,
  output wire [31:0] win_data
);
  `include "pci_cfg_table.svh"

  localparam integer DWS = virtio_pkg::CFG_TABLE_DWORDS;
  localparam [31:0] TABLE_SIZE_MASK = 32'h07FF << virtio_pkg::MSIX_TABLE_SIZE_LSB;

  wire [31:0] byte_mask = {{8{reg_be[3]}}, {8{reg_be[2]}}, {8{reg_be[1]}}, {8{reg_be[0]}}};
  wire        in_table  = (reg_addr[11:8] == 4'd0);
  wire [DWS*32-1:0] dw_val;

  genvar i;
  generate
    for (i = 0; i < DWS; i = i + 1) begin : g_dw
      localparam [31:0] RST_T = CFG_RESET[i*32 +: 32];
      // MSI-X Table Size = MSIX_VECTORS-1 (§7.7.2.2), the table holds the default build's value
      localparam [31:0] RST = (i*4 == virtio_pkg::CAP_MSIX) ?
        ((RST_T & ~TABLE_SIZE_MASK) | (((MSIX_VECTORS - 1) << virtio_pkg::MSIX_TABLE_SIZE_LSB) & TABLE_SIZE_MASK)) : RST_T;
`ifdef BROKEN_RO_CONFIG_WRITABLE
      // BROKEN variant (rtl/broken/README.md): BAR0 bit 13 lies inside the 16 KiB size and is
      // read-only 0 (PCI 3.0 §6.2.5.1); here it is writable, so BAR sizing reads back 8 KiB.
      localparam [31:0] RW   = CFG_RW[i*32 +: 32] | ((i*4 == virtio_pkg::CFG_BAR0) ? 32'h0000_2000 : 32'h0);
`else
      localparam [31:0] RW   = CFG_RW[i*32 +: 32];
`endif
      localparam [31:0] RW1C = CFG_RW1C[i*32 +: 32];
      localparam [31:0] KEEP = RW | RW1C;          // bits that need storage

      if (KEEP != 32'd0) begin : g_store
        reg  [31:0] q;
        wire        wr_hit = reg_valid && reg_wr && in_table && (reg_addr[7:2] == i);
        wire [31:0] w_rw   = RW & byte_mask;
        wire [31:0] w_next = ((q & ~w_rw) | (reg_wdata & w_rw)) & ~(reg_wdata & RW1C & byte_mask);
        wire [31:0] next;
        if (i*4 == virtio_pkg::CFG_PMCSR) begin : g_pmcsr
          // PowerState accepts only D0 (00b) and D3hot (11b); other values leave it unchanged
          // (PCI PM 1.2 §3.2.4; regs.ts `allowed`).
          assign next = (w_next[1:0] == 2'b01 || w_next[1:0] == 2'b10) ? {w_next[31:2], q[1:0]} : w_next;
        end else begin : g_plain
          assign next = w_next;
        end
        always @(posedge clk) begin
          if (rst) begin
            q <= RST;
          end else if (wr_hit) begin
            q <= next;
          end else if (i*4 == virtio_pkg::CFG_PCICFG_DATA && win_load) begin
            q <= (q & ~win_load_mask) | (win_load_data & win_load_mask);
          end
        end
        assign dw_val[i*32 +: 32] = (q & KEEP) | (RST & ~KEEP);
      end else begin : g_const
        assign dw_val[i*32 +: 32] = RST;
      end
    end
  endgenerate

  wire [31:0] cmd_sts = dw_val[(virtio_pkg::CFG_COMMAND/4)*32 +: 32];
  wire [31:0] sts_dyn = {12'd0, intx_pending, 19'd0};   // Status.Interrupt Status overlay
  wire [31:0] rd_dw   = dw_val[reg_addr[7:2]*32 +: 32];
  assign reg_rdata = !in_table ? 32'd0 :
                     (reg_addr[7:2] == virtio_pkg::CFG_COMMAND[7:2]) ? (rd_dw | sts_dyn) : rd_dw;

  assign mem_space_en  = cmd_sts[virtio_pkg::CMD_MEM_SPACE_EN];
  assign bus_master_en = cmd_sts[virtio_pkg::CMD_BUS_MASTER_EN];
  assign intx_disable  = cmd_sts[virtio_pkg::CMD_INTX_DISABLE];

  assign bar0_addr = {dw_val[(virtio_pkg::CFG_BAR1/4)*32 +: 32], dw_val[(virtio_pkg::CFG_BAR0/4)*32 +: 32] & 32'hFFFF_FFF0};
  assign bar2_addr = {dw_val[(virtio_pkg::CFG_BAR3/4)*32 +: 32], dw_val[(virtio_pkg::CFG_BAR2/4)*32 +: 32] & 32'hFFFF_FFF0};

  /* verilator lint_off UNUSEDSIGNAL */ // only the MPS and MRRS fields steer logic
  wire [31:0] devctl = dw_val[(virtio_pkg::CFG_DEVCTL/4)*32 +: 32];
  /* verilator lint_on UNUSEDSIGNAL */
  wire [2:0]  mps_enc  = devctl[virtio_pkg::DEVCTL_MPS_LSB +: 3];
  wire [2:0]  mrrs_enc = devctl[virtio_pkg::DEVCTL_MRRS_LSB +: 3];
  // Encodings above what the function supports are software errors: use the largest supported
  // (config-space.ts maxPayloadSizeBytes / maxReadRequestSizeBytes).
  assign max_payload_size      = (mps_enc > virtio_pkg::MPS_SUPPORTED) ? virtio_pkg::MPS_SUPPORTED : mps_enc;
  assign max_read_request_size = (mrrs_enc > 3'd5) ? 3'd5 : mrrs_enc;

  wire [31:0] msix_ctl = dw_val[(virtio_pkg::CAP_MSIX/4)*32 +: 32];
  assign msix_enable        = msix_ctl[virtio_pkg::MSIX_ENABLE];
  assign msix_function_mask = msix_ctl[virtio_pkg::MSIX_FUNCTION_MASK];

  assign win_bar    = dw_val[(virtio_pkg::CFG_PCICFG_BAR/4)*32 +: 8];
  assign win_offset = dw_val[(virtio_pkg::CFG_PCICFG_OFFSET/4)*32 +: 32];
  assign win_length = dw_val[(virtio_pkg::CFG_PCICFG_LENGTH/4)*32 +: 32];
  assign win_data   = dw_val[(virtio_pkg::CFG_PCICFG_DATA/4)*32 +: 32];

endmodule
