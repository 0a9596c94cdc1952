// virtio_notify: the notification region at BAR0 0x3000 (virtio §4.1.4.4, §4.1.5.2).
// queue_notify_off(q) = q and notify_off_multiplier = 4, so queue q's slot is 0x3000 + 4*q.
// A write of 2 or 4 bytes at a slot start (byte enables 0011b or 1111b cover bytes 0-1) is an
// available-buffer notification; the queue comes from the address (model/virtio/notify.ts).
// Data: le16 vq index, or the full le32 with VIRTIO_F_NOTIFICATION_DATA and a 4-byte write.
// Reads return 0.
module virtio_notify #(
  parameter NUM_QUEUES = 3
)(
  input  wire        clk,
  input  wire        rst,

  input  wire        reg_valid,      // access decoded to the notify region
  input  wire        reg_wr,
  input  wire [11:2] reg_addr,
  input  wire [3:0]  reg_be,
  input  wire [31:0] reg_wdata,

  input  wire        notification_data,   // VIRTIO_F_NOTIFICATION_DATA negotiated

  output reg         notify_valid,
  output reg  [15:0] notify_qid,
  output reg  [31:0] notify_data
);
  always @(posedge clk) begin
    notify_valid <= 1'b0;
    if (rst) begin
      notify_qid  <= 16'd0;
      notify_data <= 32'd0;
    end else if (reg_valid && reg_wr && reg_be[1:0] == 2'b11 && {22'd0, reg_addr} < NUM_QUEUES) begin
      notify_valid <= 1'b1;
      notify_qid   <= {6'd0, reg_addr};
      notify_data  <= (notification_data && reg_be == 4'hF) ? reg_wdata : {16'd0, reg_wdata[15:0]};
    end
  end

endmodule
