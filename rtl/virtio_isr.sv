// virtio_isr: the ISR status byte at BAR0 0x1000 (virtio §4.1.4.5). Bit 0 queue interrupt,
// bit 1 device configuration change. A driver read of byte 0 returns the bits and clears them
// (§4.1.4.5.1); writes are ignored; a device reset clears it (model/virtio/isr.ts).
// The INTx decision (pending while ISR != 0 and MSI-X is disabled) is made by the caller.
module virtio_isr (
  input  wire        clk,
  input  wire        rst,

  input  wire        reg_valid,      // access decoded to the ISR region
  input  wire        reg_wr,
  input  wire [11:2] reg_addr,       // DW offset inside the ISR region
  /* verilator lint_off UNUSEDSIGNAL */ // only byte 0 holds a register
  input  wire [3:0]  reg_be,
  /* verilator lint_on UNUSEDSIGNAL */
  output wire [31:0] reg_rdata,

  input  wire        dev_reset,
  input  wire        set_queue,      // ISR_QUEUE (0x1)
  input  wire        set_config,     // ISR_CONFIG (0x2)
  output reg  [1:0]  isr
);
  wire at_isr = (reg_addr == 10'd0);
  // the read returns byte 0 only when that byte is read (model: a piece at offset 0)
  assign reg_rdata = (at_isr && reg_be[0]) ? {30'd0, isr} : 32'd0;
  wire read_clear = reg_valid && !reg_wr && at_isr && reg_be[0];

  always @(posedge clk) begin
    if (rst || dev_reset) begin
      isr <= 2'b00;
    end else begin
      // a setter in the same cycle as the clearing read survives it (exchange-with-0 semantics)
      isr <= (read_clear ? 2'b00 : isr) | {set_config, set_queue};
    end
  end

endmodule
