// msix_table: MSI-X Table and Pending Bit Array in BAR2 (PCIe r6.0 §7.7.2, §6.1.4), table at
// 0x0000 (16 bytes per vector: Message Address, Message Upper Address, Message Data, Vector
// Control), PBA at 0x1000 (one bit per vector, whole QWORDs). Mirrors model/msix/table.ts:
//  - Message Address bits 1:0 and Vector Control bits 31:1 are hardwired 0; Mask Bit resets to 1;
//  - a vector is masked while its Mask Bit or Function Mask is set, or MSI-X is disabled;
//  - an event on a masked vector sets its pending bit; an event on an unmasked vector, or a
//    pending vector that becomes unmasked, sends a message with the entry's current
//    address/data and clears the pending bit. Several sendable vectors go lowest first.
//  - a message loaded for the write engine but not yet taken (msix_wr_valid && !msix_wr_ready)
//    whose vector becomes masked (Mask Bit, Function Mask, MSI-X Enable cleared) is withdrawn and
//    its Pending Bit set again: while masked the function must not send it (PCIe r6.0 §6.1.4.3);
//    one the write engine has taken (its first beat presented) finishes;
//  - the PBA is read-only; offsets beyond the table / PBA read 0 and ignore writes.
// Events arrive already mapped to a vector (< MSIX_VECTORS) by virtio_irq.
module msix_table #(
  parameter MSIX_VECTORS = 4
)(
  input  wire        clk,
  input  wire        rst,

  input  wire        reg_valid,      // access decoded to BAR2
  input  wire        reg_wr,
  input  wire [12:2] reg_addr,
  input  wire [3:0]  reg_be,
  input  wire [31:0] reg_wdata,
  output reg  [31:0] reg_rdata,

  input  wire        msix_enable,
  input  wire        function_mask,

  // up to two events per cycle (queue and config), vector numbers already in range
  input  wire        ev0_valid,
  input  wire [10:0] ev0_vector,
  input  wire        ev1_valid,
  input  wire [10:0] ev1_vector,

  // message write request to the datapath (merged into tx_wr_req)
  output reg  [63:0] msix_wr_addr,
  output reg  [31:0] msix_wr_data,
  output reg         msix_wr_valid,
  input  wire        msix_wr_ready,
  // device reset (virtio 1.x §2.4): a message not yet taken by the write engine, and any about to
  // be, is dropped: the device sends no notification once it has been reset
  input  wire        drop
);
  localparam integer V = MSIX_VECTORS;
  localparam integer PBA_DWS = ((V + 63) / 64) * 2;

  reg [V*30-1:0] addr_lo;      // Message Address[31:2]
  reg [V*32-1:0] addr_hi;
  reg [V*32-1:0] msg_data;
  reg [V-1:0]    mask_bit;
  reg [V-1:0]    pending;

  wire [31:0] bytemask = {{8{reg_be[3]}}, {8{reg_be[2]}}, {8{reg_be[1]}}, {8{reg_be[0]}}};
  wire        in_pba   = reg_addr[12];
  wire [10:0] entry    = {3'd0, reg_addr[11:4]};
  wire [1:0]  field    = reg_addr[3:2];
  wire        in_table = !in_pba && ({24'd0, reg_addr[11:4]} < V);

  // ---------------------------------------------------------------- reads
  integer i;
  always @* begin
    reg_rdata = 32'd0;
    if (in_table) begin
      for (i = 0; i < V; i = i + 1) begin
        if ({21'd0, entry} == i) begin
          case (field)
            2'd0: reg_rdata = {addr_lo[i*30 +: 30], 2'b00};
            2'd1: reg_rdata = addr_hi[i*32 +: 32];
            2'd2: reg_rdata = msg_data[i*32 +: 32];
            default: reg_rdata = {31'd0, mask_bit[i]};
          endcase
        end
      end
    end else if (in_pba && {22'd0, reg_addr[11:2]} < PBA_DWS) begin
      for (i = 0; i < V; i = i + 1) begin
        if ((i / 32) == {22'd0, reg_addr[11:2]}) reg_rdata[i % 32] = pending[i];
      end
    end
  end

  // ---------------------------------------------------------------- send scheduler
`ifdef BROKEN_MSIX_WHILE_MASKED
  // BROKEN variant (rtl/broken/README.md): the per-vector Mask Bit is ignored, so a masked
  // vector sends its message instead of setting its Pending Bit (PCIe r6.0 §6.1.4.5).
  wire [V-1:0] sendable = (msix_enable && !function_mask) ? pending : {V{1'b0}};
`else
  wire [V-1:0] sendable = (msix_enable && !function_mask) ? (pending & ~mask_bit) : {V{1'b0}};
`endif
  reg  [V-1:0] pick;           // lowest sendable vector, one-hot
  reg          pick_any;
  integer j;
  always @* begin
    pick     = {V{1'b0}};
    pick_any = 1'b0;
    for (j = 0; j < V; j = j + 1) begin
      if (sendable[j] && !pick_any) begin
        pick[j]  = 1'b1;
        pick_any = 1'b1;
      end
    end
  end
  reg [63:0] pick_addr;
  reg [31:0] pick_data;
  always @* begin
    pick_addr = 64'd0;
    pick_data = 32'd0;
    for (j = 0; j < V; j = j + 1) begin
      if (pick[j]) begin
        pick_addr = {addr_hi[j*32 +: 32], addr_lo[j*30 +: 30], 2'b00};
        pick_data = msg_data[j*32 +: 32];
      end
    end
  end
  wire load = pick_any && (!msix_wr_valid || msix_wr_ready) && !drop;

  // The vector of the loaded message; masked again before the write engine took it: withdrawn,
  // its Pending Bit set (PCIe r6.0 §6.1.4.3: while masked, pending instead of sent).
  reg  [V-1:0] loaded_vec;     // one-hot
`ifdef BROKEN_MSIX_WHILE_MASKED
  wire         loaded_masked = !msix_enable || function_mask;
`else
  wire         loaded_masked = !msix_enable || function_mask || ((loaded_vec & mask_bit) != {V{1'b0}});
`endif
  wire         withdraw = msix_wr_valid && !msix_wr_ready && loaded_masked && !drop;

  // ---------------------------------------------------------------- state
  wire wr = reg_valid && reg_wr && in_table;
  integer k;
  always @(posedge clk) begin
    if (rst) begin
      addr_lo       <= {V*30{1'b0}};
      addr_hi       <= {V*32{1'b0}};
      msg_data      <= {V*32{1'b0}};
      mask_bit      <= {V{1'b1}};
      pending       <= {V{1'b0}};
      msix_wr_valid <= 1'b0;
      msix_wr_addr  <= 64'd0;
      msix_wr_data  <= 32'd0;
      loaded_vec    <= {V{1'b0}};
    end else begin
      if ((msix_wr_valid && msix_wr_ready) || drop || withdraw) msix_wr_valid <= 1'b0;
      if (load) begin
        msix_wr_valid <= 1'b1;
        msix_wr_addr  <= pick_addr;
        msix_wr_data  <= pick_data;
        loaded_vec    <= pick;
      end
      for (k = 0; k < V; k = k + 1) begin
        // events set pending; a vector picked for sending clears it (§6.1.4, table.ts fire/flush)
        if ((ev0_valid && {21'd0, ev0_vector} == k) || (ev1_valid && {21'd0, ev1_vector} == k))
          pending[k] <= 1'b1;
        else if (load && pick[k])
          pending[k] <= 1'b0;
        if (drop && sendable[k]) pending[k] <= 1'b0;
        if (withdraw && loaded_vec[k]) pending[k] <= 1'b1;
        if (wr && {21'd0, entry} == k) begin
          case (field)
            2'd0: addr_lo[k*30 +: 30]  <= (addr_lo[k*30 +: 30] & ~bytemask[31:2]) | (reg_wdata[31:2] & bytemask[31:2]);
            2'd1: addr_hi[k*32 +: 32]  <= (addr_hi[k*32 +: 32] & ~bytemask) | (reg_wdata & bytemask);
            2'd2: msg_data[k*32 +: 32] <= (msg_data[k*32 +: 32] & ~bytemask) | (reg_wdata & bytemask);
            default: if (reg_be[0]) mask_bit[k] <= reg_wdata[0];
          endcase
        end
      end
    end
  end

endmodule
