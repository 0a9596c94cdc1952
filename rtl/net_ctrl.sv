// net_ctrl: virtio-net control-queue command decoder and the RX filter state it controls
// (virtio 1.x §5.1.6.5 / checklist §5.8; the same rules as model/net/ctrl.ts and filter.ts).
// The engine streams the device-readable part of one request (class, command, data) byte by
// byte, then asks for the verdict (ack_ok) and pulses cmd_commit to apply the command's effect
// before the buffer is marked used. Commands:
//   RX PROMISC/ALLMULTI (CTRL_RX, data 1 B)      MAC ADDR_SET (CTRL_MAC_ADDR, data 6 B)
//   MAC TABLE_SET (CTRL_RX, le32 n + 6n B + le32 m + 6m B, nothing after)
//   MQ VQ_PAIRS_SET (MQ, data le16 in 1..NUM_QUEUE_PAIRS)   ANNOUNCE ACK (GUEST_ANNOUNCE)
// anything else, or a wrong data length -> VIRTIO_NET_ERR.
// RX filter (best effort, §5.1.6.5.1): promisc and allmulti are on after reset; a frame is
// accepted when promisc, broadcast, multicast with allmulti or in the multicast table, or
// unicast to the device MAC or in the unicast table. Tables keep MAC_TABLE_ENTRIES entries each;
// a longer table accepts every address of that kind. Frames under 14 bytes are runts.
module net_ctrl #(
  parameter NUM_QUEUE_PAIRS   = 1,
  parameter MAC_TABLE_ENTRIES = 4
)(
  input  wire        clk,
  input  wire        rst,
  input  wire        dev_reset,
  /* verilator lint_off UNUSEDSIGNAL */
  input  wire [63:0] driver_features,
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire [47:0] mac_addr,          // virtio_net_config.mac, first octet in [47:40]
  // command stream
  input  wire        cmd_start,         // pulse: a new request begins
  input  wire        byte_valid,
  input  wire [7:0]  byte_data,
  output wire [31:0] cmd_len,           // readable bytes seen so far
  output wire        ack_ok,            // verdict once the readable part is complete
  input  wire        cmd_commit,        // pulse: apply the effect (only when ack_ok)
  // RX filter
  input  wire [47:0] dst_mac,           // first octet in [47:40]
  input  wire [15:0] frame_len,
  output wire        rx_runt,
  output wire        rx_accept,
  // virtio_net_config.mac as ADDR_SET left it (§5.1.6.5.2: reflected in config space) and a
  // pulse when a committed ADDR_SET changed it (config_generation + config notification, §2.5)
  output wire [47:0] mac_cur,
  output reg         mac_change
);
  localparam VIRTIO_NET_F_CTRL_RX        = 18;
  localparam VIRTIO_NET_F_GUEST_ANNOUNCE = 21;
  localparam VIRTIO_NET_F_MQ             = 22;
  localparam VIRTIO_NET_F_CTRL_MAC_ADDR  = 23;
  localparam [7:0] CTRL_RX = 8'd0, CTRL_MAC = 8'd1, CTRL_ANNOUNCE = 8'd3, CTRL_MQ = 8'd4;
  localparam [7:0] RX_PROMISC = 8'd0, RX_ALLMULTI = 8'd1;
  localparam [7:0] MAC_TABLE_SET = 8'd0, MAC_ADDR_SET = 8'd1, MQ_VQ_PAIRS_SET = 8'd0, ANNOUNCE_ACK = 8'd0;
  localparam NE = MAC_TABLE_ENTRIES;

  // ---------------- request capture ----------------
  reg [31:0] len;
  reg [63:0] req;                         // first 8 bytes: class, command, data[0..5]
  // TABLE_SET parser: 0 class/cmd, 1 n, 2 unicast entries, 3 m, 4 multicast entries, 5 done
  reg [2:0]  tp_phase;
  reg [1:0]  tp_cnt;
  reg [31:0] tp_n, tp_m, tp_i;
  reg [2:0]  tp_k;
  reg        tp_bad;
  reg [NE*48-1:0] st_uni, st_multi;
  wire [31:0] cnt_full = {byte_data, (tp_phase == 3'd1) ? tp_n[23:0] : tp_m[23:0]};  // at tp_cnt == 3

  wire [7:0]  c_class = req[7:0];
  wire [7:0]  c_cmd   = req[15:8];
  wire [15:0] c_pairs = req[31:16];
  wire        f_rx    = driver_features[VIRTIO_NET_F_CTRL_RX];
  wire        f_mac   = driver_features[VIRTIO_NET_F_CTRL_MAC_ADDR];
  wire        f_mq    = driver_features[VIRTIO_NET_F_MQ];
  wire        f_ann   = driver_features[VIRTIO_NET_F_GUEST_ANNOUNCE];

  assign cmd_len = len;
  assign ack_ok =
      (len >= 32'd2) && (
      (c_class == CTRL_RX && f_rx && (c_cmd == RX_PROMISC || c_cmd == RX_ALLMULTI) && len == 32'd3) ||
      (c_class == CTRL_MAC && c_cmd == MAC_ADDR_SET && f_mac && len == 32'd8) ||
      (c_class == CTRL_MAC && c_cmd == MAC_TABLE_SET && f_rx && tp_phase == 3'd5 && !tp_bad) ||
      (c_class == CTRL_MQ && c_cmd == MQ_VQ_PAIRS_SET && f_mq && len == 32'd4 &&
       c_pairs >= 16'd1 && c_pairs <= NUM_QUEUE_PAIRS[15:0]) ||
      (c_class == CTRL_ANNOUNCE && c_cmd == ANNOUNCE_ACK && f_ann));

  // ---------------- filter state ----------------
  reg        promisc, allmulti, mac_set;
  reg [47:0] mac_ovr;
  reg [NE*48-1:0] uni_tbl, multi_tbl;
  reg [31:0] uni_n, multi_n;

  wire [47:0] my_mac = mac_set ? mac_ovr : mac_addr;
  assign mac_cur = my_mac;
  wire [47:0] req_mac = {req[23:16], req[31:24], req[39:32], req[47:40], req[55:48], req[63:56]};
  reg in_uni, in_multi;
  integer e;
  always @* begin
    in_uni = (uni_n > NE);
    in_multi = (multi_n > NE);
    for (e = 0; e < NE; e = e + 1) begin
      if (e < uni_n && uni_tbl[e*48 +: 48] == dst_mac) in_uni = 1'b1;
      if (e < multi_n && multi_tbl[e*48 +: 48] == dst_mac) in_multi = 1'b1;
    end
  end
  assign rx_runt   = (frame_len < 16'd14);
  assign rx_accept = promisc || (dst_mac == 48'hFFFF_FFFF_FFFF) ||
                     (dst_mac[40] ? (allmulti || in_multi) : (dst_mac == my_mac || in_uni));

  always @(posedge clk) begin
    if (cmd_start) begin
      len <= 32'd0; req <= 64'd0; tp_phase <= 3'd0; tp_cnt <= 2'd0; tp_bad <= 1'b0;
      tp_n <= 32'd0; tp_m <= 32'd0; tp_i <= 32'd0; tp_k <= 3'd0;
    end else if (byte_valid) begin
      len <= len + 32'd1;
      if (len < 32'd8) req[8*len[2:0] +: 8] <= byte_data;
      case (tp_phase)
        3'd0: if (len == 32'd1) tp_phase <= 3'd1;
        3'd1, 3'd3: begin                                  // le32 entry count
          if (tp_phase == 3'd1) tp_n[8*tp_cnt +: 8] <= byte_data; else tp_m[8*tp_cnt +: 8] <= byte_data;
          tp_cnt <= tp_cnt + 2'd1;
          tp_i <= 32'd0; tp_k <= 3'd0;
          if (tp_cnt == 2'd3)
            tp_phase <= (cnt_full == 32'd0) ? ((tp_phase == 3'd1) ? 3'd3 : 3'd5) : tp_phase + 3'd1;
        end
        3'd2, 3'd4: begin                                  // 6-byte entries
          if (tp_i < NE) begin
            if (tp_phase == 3'd2) st_uni[tp_i*48 + 40 - 8*tp_k +: 8] <= byte_data;
            else                  st_multi[tp_i*48 + 40 - 8*tp_k +: 8] <= byte_data;
          end
          if (tp_k == 3'd5) begin
            tp_k <= 3'd0;
            tp_i <= tp_i + 32'd1;
            if (tp_i + 32'd1 == ((tp_phase == 3'd2) ? tp_n : tp_m)) begin
              tp_phase <= tp_phase + 3'd1;
              tp_cnt <= 2'd0;
            end
          end else tp_k <= tp_k + 3'd1;
        end
        default: tp_bad <= 1'b1;                            // bytes after the tables
      endcase
    end
    mac_change <= 1'b0;
    if (cmd_commit && ack_ok) begin
      if (c_class == CTRL_RX && c_cmd == RX_PROMISC)  promisc  <= (req[23:16] != 8'd0);
      if (c_class == CTRL_RX && c_cmd == RX_ALLMULTI) allmulti <= (req[23:16] != 8'd0);
      if (c_class == CTRL_MAC && c_cmd == MAC_ADDR_SET) begin
        mac_set    <= 1'b1;
        mac_ovr    <= req_mac;
        mac_change <= (req_mac != my_mac);
      end
      if (c_class == CTRL_MAC && c_cmd == MAC_TABLE_SET) begin
        uni_tbl <= st_uni; multi_tbl <= st_multi; uni_n <= tp_n; multi_n <= tp_m;
      end
    end
    if (rst || dev_reset) begin                            // reset values (§5.1.6.5.1)
      promisc <= 1'b1; allmulti <= 1'b1; mac_set <= 1'b0; uni_n <= 32'd0; multi_n <= 32'd0;
      mac_change <= 1'b0;
      len <= 32'd0; tp_phase <= 3'd0; tp_bad <= 1'b0;
    end
  end
endmodule
