// net_rx_fifo: one-frame receive buffer in front of the virtio-net RX path.
// Accepts one frame from s_axis_rx_* (tready low while a complete frame waits), then presents
// frame_valid/frame_len and an asynchronous byte read port until frame_release.
// A frame with tuser=1 on its last beat, or longer than FRAME_BYTES, is dropped here and
// reported with a 1-cycle drop pulse.
module net_rx_fifo #(
  parameter AXIS_DATA_WIDTH = 64,
  parameter AXIS_KEEP_WIDTH = AXIS_DATA_WIDTH/8,
  parameter FRAME_BYTES     = 2048             // power of two, >= one MTU-size frame (1514 B)
)(
  input  wire                       clk,
  input  wire                       rst,
  input  wire [AXIS_DATA_WIDTH-1:0] s_axis_rx_tdata,
  input  wire [AXIS_KEEP_WIDTH-1:0] s_axis_rx_tkeep,
  input  wire                       s_axis_rx_tvalid,
  output wire                       s_axis_rx_tready,
  input  wire                       s_axis_rx_tlast,
  input  wire                       s_axis_rx_tuser,
  output reg                        frame_valid,
  output reg  [15:0]                frame_len,
  input  wire                       frame_release,     // 1-cycle pulse: frame consumed
  output reg                        drop,              // 1-cycle pulse
  input  wire [15:0]                rd_off,
  output wire [7:0]                 rd_byte
);
  localparam DEPTH = FRAME_BYTES/AXIS_KEEP_WIDTH;
  localparam AW    = $clog2(DEPTH);
  localparam KW    = $clog2(AXIS_KEEP_WIDTH);

  reg [AXIS_DATA_WIDTH-1:0] mem [0:DEPTH-1];
  reg [15:0] wr_len;       // bytes stored so far
  reg        overflow;

  assign s_axis_rx_tready = !frame_valid;

  /* verilator lint_off UNUSEDSIGNAL */
  wire [15:0] rd_o = rd_off;
  /* verilator lint_on UNUSEDSIGNAL */
  wire [AXIS_DATA_WIDTH-1:0] rd_word = mem[rd_o[AW+KW-1:KW]];
  assign rd_byte = rd_word[8*rd_o[KW-1:0] +: 8];

  // number of valid bytes in this beat (tkeep is contiguous from bit 0)
  reg [15:0] nkeep;
  integer i;
  always @* begin
    nkeep = 16'd0;
    for (i = 0; i < AXIS_KEEP_WIDTH; i = i + 1)
      if (s_axis_rx_tkeep[i]) nkeep = nkeep + 16'd1;
  end

  /* verilator lint_off UNUSEDSIGNAL */
  wire [15:0] beat_idx = wr_len >> KW;   // beats before the last are full (AXI-Stream)
  /* verilator lint_on UNUSEDSIGNAL */

  always @(posedge clk) begin
    drop <= 1'b0;
    if (s_axis_rx_tvalid && s_axis_rx_tready) begin
      if (wr_len + nkeep > 16'(FRAME_BYTES))
        overflow <= 1'b1;
      else
        mem[beat_idx[AW-1:0]] <= s_axis_rx_tdata;
      if (s_axis_rx_tlast) begin
        if (overflow || s_axis_rx_tuser || wr_len + nkeep > 16'(FRAME_BYTES) || wr_len + nkeep == 16'd0) begin
          drop <= 1'b1;
        end else begin
          frame_valid <= 1'b1;
          frame_len   <= wr_len + nkeep;
        end
        wr_len   <= 16'd0;
        overflow <= 1'b0;
      end else begin
        wr_len <= wr_len + nkeep;
      end
    end
    if (frame_release) frame_valid <= 1'b0;
    if (rst) begin
      frame_valid <= 1'b0; frame_len <= 16'd0; wr_len <= 16'd0; overflow <= 1'b0; drop <= 1'b0;
    end
  end
endmodule
