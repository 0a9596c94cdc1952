// virtio_net_cfg: struct virtio_net_config (virtio §5.1.4) at BAR0 0x2000, read-only.
// A field whose feature is not offered does not exist and reads 0 (model/virtio/net-config.ts):
// mac always; status (LINK_UP) with VIRTIO_NET_F_STATUS; max_virtqueue_pairs with MQ or RSS;
// mtu with VIRTIO_NET_F_MTU; speed/duplex/RSS fields are never offered here and read 0.
// Bytes outside the read's byte enables read 0.
module virtio_net_cfg #(
  parameter [63:0] OFFERED         = 64'd0,
  parameter        NUM_QUEUE_PAIRS = 1
)(
  input  wire [11:2] reg_addr,
  input  wire [3:0]  reg_be,
  input  wire [47:0] mac_addr,        // first octet in [47:40]
  output wire [31:0] reg_rdata
);
  localparam [15:0] PAIRS    = NUM_QUEUE_PAIRS;
  localparam [15:0] STATUS_V = OFFERED[virtio_pkg::VIRTIO_NET_F_STATUS] ? virtio_pkg::NET_S_LINK_UP : 16'd0;
  localparam [15:0] MAXQP_V  = (OFFERED[virtio_pkg::VIRTIO_NET_F_MQ] || OFFERED[virtio_pkg::VIRTIO_NET_F_RSS]) ? PAIRS : 16'd0;
  localparam [15:0] MTU_V    = OFFERED[virtio_pkg::VIRTIO_NET_F_MTU] ? virtio_pkg::NET_MTU : 16'd0;

  reg [31:0] dw;
  always @* begin
    case (reg_addr)
      10'd0:   dw = {mac_addr[23:16], mac_addr[31:24], mac_addr[39:32], mac_addr[47:40]};  // mac[3..0]
      10'd1:   dw = {STATUS_V, mac_addr[7:0], mac_addr[15:8]};                             // status, mac[5..4]
      10'd2:   dw = {MTU_V, MAXQP_V};                                                      // mtu, max_virtqueue_pairs
      default: dw = 32'd0;
    endcase
  end
  assign reg_rdata = dw & {{8{reg_be[3]}}, {8{reg_be[2]}}, {8{reg_be[1]}}, {8{reg_be[0]}}};

endmodule
