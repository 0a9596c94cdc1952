// vq_engine: packed-virtqueue engine and virtio-net TX / RX / control-queue logic.
// One job at a time (a TX chain, a control-queue chain or one received frame), chosen
// round-robin over the queues (see rtl/dp_tb/README.md "Arbitration"). All memory traffic goes
// through dma_rd (descriptors, TX data, control requests, driver event suppression) and dma_wr
// (RX data, used descriptors, control acks, device event suppression).
//
// Packed ring rules (virtio 1.x §2.8, checklist §4):
//  * head available when AVAIL(flags) == avail_wrap_counter && USED(flags) != avail_wrap_counter
//  * chains follow NEXT through consecutive slots (wrap at queue_size), at most queue_size;
//    INDIRECT (head only, needs VIRTIO_F_INDIRECT_DESC) tables hold len/16 entries walked in order
//    (NEXT inside ignored), buffer ID from the ring descriptor; otherwise the last descriptor's id
//  * used descriptor: id+len MWr first, then the flags MWr (AVAIL=USED=used_wrap_counter,
//    WRITE when len > 0); mergeable RX: every other entry first, the first entry's flags last
//  * after publishing: read the driver event suppression area (§2.8.10) and raise irq_valid when
//    it asks for a notification; irq_valid only after the flags MWr was accepted on tx_wr_req
//  * device event suppression: ring found empty -> write ENABLE (DESC + off_wrap with EVENT_IDX)
//    and look once more; first buffer found afterwards -> write DISABLE (model/net/device.ts)
// virtio-net (§5.1.6): 12-byte virtio_net_hdr on TX (stripped) and RX (flags 0, gso_type 0,
// num_buffers). RX uses receiveq1 only, after the filter in net_ctrl. RX first walks the
// chain(s) without writing to check that the frame fits (dry pass), then writes (wet pass);
// no room -> drop (rx_drop_count) and the buffers stay available. The dry pass keeps the first
// DCACHE descriptors it read, so the wet pass reads each descriptor only once (longer walks
// read the rest again).
// Not implemented: VIRTIO_NET_F_CSUM (NEEDS_CSUM is ignored; the feature is not offered).
// Illegal rings / failed reads -> needs_reset pulse with needs_reset_reason, then halt until
// dev_reset: 1 chain too long, 2 bad indirect len, 3 readable after writable, 4 zero-length
// element, 5..9 from dma_rd, 10 INDIRECT with NEXT / in a chain / not negotiated, 11 TX buffer
// shorter than the virtio_net_hdr, 12 TX or control buffer longer than the header + 65,535-byte frame,
// 13 descriptor addr + len past 2^64 (docs/dut-interface.md "Illegal rings and faults").
module vq_engine #(
  parameter AXIS_DATA_WIDTH = 64,
  parameter AXIS_KEEP_WIDTH = AXIS_DATA_WIDTH/8,
  parameter NUM_QUEUE_PAIRS = 1,
  parameter NUM_QUEUES      = 2*NUM_QUEUE_PAIRS+1,
  parameter RD_CHUNK        = 1024              // bytes per dma_rd request for data
)(
  input  wire                       clk,
  input  wire                       rst,
  input  wire [63:0]                driver_features,
  input  wire                       driver_ok,
  input  wire                       dev_reset,
  input  wire [NUM_QUEUES-1:0]      queue_enable,
  input  wire [NUM_QUEUES*16-1:0]   queue_size,
  input  wire [NUM_QUEUES*64-1:0]   queue_desc,
  input  wire [NUM_QUEUES*64-1:0]   queue_driver,
  input  wire [NUM_QUEUES*64-1:0]   queue_device,
  input  wire [NUM_QUEUES-1:0]      queue_reset_req,
  input  wire                       notify_valid,
  input  wire [15:0]                notify_qid,
  input  wire [47:0]                mac_addr,
  output wire [47:0]                mac_cur,        // config mac after CTRL_MAC_ADDR_SET (net_ctrl)
  output wire                       mac_change,
  output reg                        irq_valid,
  output reg  [15:0]                irq_qid,
  input  wire                       irq_ready,
  output reg                        needs_reset,
  output reg  [7:0]                 needs_reset_reason,
  // dma_rd
  output reg                        rd_req_valid,
  input  wire                       rd_req_ready,
  output reg  [63:0]                rd_req_addr,
  output reg  [15:0]                rd_req_len,
  input  wire                       rd_done,
  input  wire                       rd_err,
  input  wire [7:0]                 rd_err_reason,
  input  wire                       rd_idle,
  output reg                        rd_abort,
  output reg  [15:0]                rd_byte_idx,
  input  wire [7:0]                 rd_byte,
  // dma_wr
  output reg                        wr_req_valid,
  input  wire                       wr_req_ready,
  output reg  [63:0]                wr_req_addr,
  output reg  [15:0]                wr_req_len,
  output reg  [15:0]                wr_req_src_off,
  input  wire                       wr_done,
  input  wire                       wr_idle,
  input  wire [15:0]                wr_src_off,
  output wire [7:0]                 wr_src_byte,
  // RX frame buffer
  input  wire                       frame_valid,
  input  wire [15:0]                frame_len,
  output reg                        frame_release,
  input  wire                       fifo_drop,
  output wire [15:0]                fifo_rd_off,
  input  wire [7:0]                 fifo_rd_byte,
  // Ethernet TX
  output reg  [AXIS_DATA_WIDTH-1:0] m_axis_tx_tdata,
  output reg  [AXIS_KEEP_WIDTH-1:0] m_axis_tx_tkeep,
  output reg                        m_axis_tx_tvalid,
  input  wire                       m_axis_tx_tready,
  output reg                        m_axis_tx_tlast,
  output reg                        m_axis_tx_tuser,
  output reg  [31:0]                rx_drop_count,
  output reg  [31:0]                tx_frame_count,
  output reg  [31:0]                rx_frame_count
);
  // ---------------- constants (numbers as in virtio 1.x; feature bits match rtl/virtio_pkg.sv) ----------------
  /* verilator lint_off UNUSEDPARAM */
  // §2.8.13 packed descriptor flags
  localparam [15:0] VIRTQ_DESC_F_NEXT      = 16'h0001;
  localparam [15:0] VIRTQ_DESC_F_WRITE     = 16'h0002;
  localparam [15:0] VIRTQ_DESC_F_INDIRECT  = 16'h0004;
  localparam [15:0] VIRTQ_DESC_F_AVAIL     = 16'h0080;
  localparam [15:0] VIRTQ_DESC_F_USED      = 16'h8000;
  localparam        VIRTQ_DESC_F_AVAIL_BIT = 7;
  localparam        VIRTQ_DESC_F_USED_BIT  = 15;
  // §2.8.10 event suppression flags
  localparam [1:0]  RING_EVENT_FLAGS_ENABLE  = 2'd0;
  localparam [1:0]  RING_EVENT_FLAGS_DISABLE = 2'd1;
  localparam [1:0]  RING_EVENT_FLAGS_DESC    = 2'd2;
  // feature bits (§6, §5.1.3)
  localparam        VIRTIO_NET_F_CSUM        = 0;
  localparam        VIRTIO_NET_F_MRG_RXBUF   = 15;
  localparam        VIRTIO_F_INDIRECT_DESC   = 28;
  localparam        VIRTIO_F_RING_EVENT_IDX  = 29;
  // §5.1.6.5 control virtqueue
  localparam [7:0]  VIRTIO_NET_OK  = 8'd0;
  localparam [7:0]  VIRTIO_NET_ERR = 8'd1;
  localparam [7:0]  VIRTIO_NET_CTRL_RX = 8'd0;
  localparam [7:0]  VIRTIO_NET_CTRL_RX_PROMISC  = 8'd0;
  localparam [7:0]  VIRTIO_NET_CTRL_RX_ALLMULTI = 8'd1;
  localparam [7:0]  VIRTIO_NET_CTRL_MAC = 8'd1;
  localparam [7:0]  VIRTIO_NET_CTRL_MAC_TABLE_SET = 8'd0;
  localparam [7:0]  VIRTIO_NET_CTRL_MAC_ADDR_SET  = 8'd1;
  localparam [7:0]  VIRTIO_NET_CTRL_MQ = 8'd4;
  localparam [7:0]  VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET = 8'd0;
  /* verilator lint_on UNUSEDPARAM */

  localparam QW  = (NUM_QUEUES > 1) ? $clog2(NUM_QUEUES) : 1;
  localparam KB  = AXIS_KEEP_WIDTH;
  // most device-readable bytes in one TX buffer: virtio_net_hdr + the largest frame (model MAX_TX_FRAME)
  localparam [32:0] TX_MAX_READABLE = 33'd12 + 33'd65535;
  localparam KBW = $clog2(KB);
  localparam [QW-1:0] CTRLQ = QW'(NUM_QUEUES-1);
  localparam NET_HDR_LEN = 12;            // virtio_net_hdr with VERSION_1 (§5.1.6)

  // ---------------- per-queue ring state (flattened, queue q at [q*16 +: 16]) ----------------
  reg [NUM_QUEUES*16-1:0] avail_idx;      // next slot to consume
  reg [NUM_QUEUES-1:0]    avail_wrap_counter;
  reg [NUM_QUEUES*16-1:0] used_idx;       // next slot to write a used descriptor
  reg [NUM_QUEUES-1:0]    used_wrap_counter;
  reg [NUM_QUEUES-1:0]    kick_pending;   // notify seen, ring not yet found empty
  // Device Event Suppression bookkeeping (§2.8.10, checklist §4.7; same protocol as model/net/device.ts):
  // after finding a ring empty the device writes ENABLE (or DESC at avail_idx with EVENT_IDX) to
  // the device area and looks once more; the first buffer found after that writes DISABLE.
  // device area currently asks for kicks. 1 after any reset: the driver hands over a zeroed device
  // area and flags 0 is RING_EVENT_FLAGS_ENABLE (§2.8.10), so the first buffer found (also on the
  // receive queue, which DRIVER_OK does not poll) writes DISABLE, as model/net/device.ts does.
  reg [NUM_QUEUES-1:0]    notify_on;
  // ENABLE (or DESC at avail_idx) written since the last DISABLE: a kick that lands while the
  // re-check read is in flight then costs one more read, not another ENABLE write (same as the
  // model, which takes that read's completion before the kick)
  reg [NUM_QUEUES-1:0]    armed;
  reg [NUM_QUEUES-1:0]    rechecked;      // ring found empty after enabling kicks; wait for a kick
  /* verilator lint_off UNUSEDSIGNAL */
  reg [NUM_QUEUES-1:0]    rx_empty;       // RX ring known empty: drop frames until the next kick (q0 used)
  /* verilator lint_on UNUSEDSIGNAL */
  reg                     driver_ok_q;

  // ---------------- job state ----------------
  localparam J_RX = 2'd0, J_TX = 2'd1, J_CTRL = 2'd2;
  reg [1:0]   job;
  reg [QW-1:0] cq;
  reg [QW-1:0] rr_last;
  reg [15:0]  qsize;
  reg [63:0]  qdesc, qdrv, qdev;
  reg [2:0]   filt_i;
  reg [47:0]  dst_mac;
  // walker
  reg [15:0]  pos;        // ring slot of the current ring descriptor
  reg         wrap;       // avail wrap counter belonging to pos
  reg         first;      // next descriptor is a chain head
  reg [15:0]  ndescs;     // ring slots of this chain
  reg [15:0]  tot_slots;  // ring slots of all chains of this job
  reg         in_ind;
  reg [63:0]  tbl_addr;
  reg [27:0]  tbl_n, tbl_i;
  reg         seen_write;
  reg [15:0]  buf_id;
  reg [127:0] desc;
  reg [63:0]  el_addr;
  reg [31:0]  el_rem;
  reg         el_write, el_last;
  reg [15:0]  chunk_n;
  // used side
  reg [15:0]  upos;
  reg         uwrap;
  reg [15:0]  published;
  reg [31:0]  used_len;
  reg [15:0]  first_slot;
  reg         first_uwrap;
  // TX
  reg [31:0]  tx_cnt;
  // CTRL
  reg         ack_done;
  reg         ctl_start, ctl_commit;
  // RX
  reg         dry;
  // RX descriptor cache: walk k of the wet pass is walk k of the dry pass (same chains, same order).
  // 32 walks (ring descriptors and indirect entries) cover the frames of every tb scenario; a
  // longer walk reads the rest again, which the model does not predict (model/timing/README.md,
  // round 3). Re-reading costs a host round trip per descriptor, so the cache is sized generously.
  localparam DCACHE = 32;
  reg [127:0] dcache [0:DCACHE-1];
  reg [15:0]  dc_n;       // walks cached by the dry pass (<= DCACHE)
  reg [15:0]  dc_i;       // walks done by the wet pass
  wire        dc_hit = (job == J_RX) && !dry && (dc_i < dc_n);
  reg [39:0]  cap;
  reg [16:0]  need;
  reg [15:0]  nbufs;      // buffers needed (from the dry pass)
  reg [15:0]  buf_idx;
  reg [16:0]  src_cur;
  // immediate write data and source select
  reg [47:0]  imm;
  reg         src_rx;     // 1: header+frame stream, 0: imm
`ifdef VARIANT_USED_BATCH
  // LEGAL variant (rtl/variants/README.md): bytes 6..7 of an immediate write (the used flags of an
  // 8-byte len/id/flags MWr)
  reg [15:0]  imm_hi;
`endif
  /* verilator lint_off UNUSEDSIGNAL */
  reg [31:0]  evt;        // driver event suppression (off_wrap, flags; bits 31:18 reserved)
  /* verilator lint_on UNUSEDSIGNAL */
  // state machine
  reg [5:0]   st, ret;

  wire f_mrg  = driver_features[VIRTIO_NET_F_MRG_RXBUF];
  wire f_evix = driver_features[VIRTIO_F_RING_EVENT_IDX];
  wire f_indirect = driver_features[VIRTIO_F_INDIRECT_DESC];

  // ---------------- write source mux ----------------
  /* verilator lint_off UNUSEDSIGNAL */
  wire [16:0] hdr_off = {1'b0, wr_src_off} - 17'd12;
  /* verilator lint_on UNUSEDSIGNAL */
  assign fifo_rd_off = (st == S_RX_FILT) ? {13'd0, filt_i} : hdr_off[15:0];
  reg [7:0] src_b;
  always @* begin
    if (!src_rx)
`ifdef VARIANT_USED_BATCH
      src_b = (wr_src_off < 16'd6) ? imm[8*wr_src_off[2:0] +: 8] :
              (wr_src_off < 16'd8) ? imm_hi[8*wr_src_off[0] +: 8] : 8'd0;
`else
      src_b = (wr_src_off < 16'd6) ? imm[8*wr_src_off[2:0] +: 8] : 8'd0;
`endif
    else if (wr_src_off < 16'(NET_HDR_LEN))
      // virtio_net_hdr: all zero except num_buffers (offset 10, le16)
      src_b = (wr_src_off == 16'd10) ? nbufs[7:0] : (wr_src_off == 16'd11) ? nbufs[15:8] : 8'd0;
    else
      src_b = fifo_rd_byte;
  end
  assign wr_src_byte = src_b;

  // ---------------- round-robin pick ----------------
  reg          cand_any;
  reg [QW-1:0] cand_q;
  integer ci;
  reg [QW:0]  cidx;
  always @* begin
    cand_any = 1'b0;
    cand_q   = {QW{1'b0}};
    for (ci = NUM_QUEUES; ci >= 1; ci = ci - 1) begin
      cidx = {1'b0, rr_last} + ci[QW:0];
      if (cidx >= NUM_QUEUES[QW:0]) cidx = cidx - NUM_QUEUES[QW:0];
      if (cidx == {(QW+1){1'b0}} ? frame_valid :
          ((cidx[0] || cidx[QW-1:0] == CTRLQ) && kick_pending[cidx[QW-1:0]] && queue_enable[cidx[QW-1:0]])) begin
        cand_any = 1'b1;
        cand_q   = cidx[QW-1:0];
      end
    end
  end

  // ---------------- helpers ----------------
  wire [15:0] d_flags = desc[127:112];
  wire [15:0] d_id    = desc[111:96];
  wire [31:0] d_len   = desc[95:64];
  wire [63:0] d_addr  = desc[63:0];
  wire        d_avail = (d_flags[VIRTQ_DESC_F_AVAIL_BIT] == wrap) && (d_flags[VIRTQ_DESC_F_USED_BIT] != wrap);
  wire [15:0] pos_nx  = (pos + 16'd1 >= qsize) ? 16'd0 : pos + 16'd1;
  wire        pos_wr  = (pos + 16'd1 >= qsize);
  wire [31:0] rd_chunk = (el_rem < RD_CHUNK) ? el_rem : RD_CHUNK;
  wire [16:0] rx_left = need - src_cur;
  wire [31:0] rx_n    = ({15'd0, rx_left} < el_rem) ? {15'd0, rx_left} : el_rem;
  wire [15:0] used_flags = (uwrap ? (VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED) : 16'd0) |
                           ((used_len != 32'd0) ? VIRTQ_DESC_F_WRITE : 16'd0);
  // a buffer (or indirect table) may end exactly at 2^64, not pass it
  wire [64:0] d_end   = {1'b0, d_addr} + {33'd0, d_len};
  wire        d_past_2_64 = d_end > 65'h1_0000_0000_0000_0000;
  // used slot advance by ndescs (<= qsize)
  wire [16:0] upos_sum = {1'b0, upos} + {1'b0, ndescs};
  wire        upos_wr  = (upos_sum >= {1'b0, qsize});
  wire [15:0] upos_nx  = upos_wr ? upos_sum[15:0] - qsize : upos_sum[15:0];
  // control commands and RX filter (net_ctrl)
  wire        ctl_ack_ok, rx_runt, rx_accept;
  wire [31:0] ctl_len;
  net_ctrl #(.NUM_QUEUE_PAIRS(NUM_QUEUE_PAIRS)) u_ctrl (
    .clk(clk), .rst(rst), .dev_reset(dev_reset), .driver_features(driver_features), .mac_addr(mac_addr),
    .cmd_start(ctl_start), .byte_valid(st == S_CT_BYTES), .byte_data(rd_byte), .cmd_len(ctl_len),
    .ack_ok(ctl_ack_ok), .cmd_commit(ctl_commit),
    .dst_mac(dst_mac), .frame_len(frame_len), .rx_runt(rx_runt), .rx_accept(rx_accept),
    .mac_cur(mac_cur), .mac_change(mac_change));
  // event suppression decision (§2.8.10, checklist §4.7)
  wire [1:0]  ev_flags = evt[17:16];
  wire [14:0] ev_off   = evt[14:0];
  wire        ev_w     = evt[15];
  wire [15:0] ev_event = (ev_w != uwrap) ? {1'b0, ev_off} - qsize : {1'b0, ev_off};
  wire        ev_hit   = (upos - ev_event - 16'd1) < published;
  // a whole lap or more since the last check: the 16-bit formula is ambiguous, notify (model/ring/event.ts)
  wire        ev_notify = (ev_flags == RING_EVENT_FLAGS_DISABLE) ? 1'b0 :
                          (ev_flags == RING_EVENT_FLAGS_DESC && f_evix && published < qsize) ? ev_hit : 1'b1;

`ifdef VARIANT_USED_BATCH
  // every entry of a multi-buffer (MRG_RXBUF) batch except the first: len, id and flags in one
  // 8-byte MWr (the first entry's flags still go last and publish the batch, virtio §2.8.9)
  /* verilator lint_off UNUSEDSIGNAL */              // unused when BROKEN_USED_FLAGS_FIRST sets the order
  wire        ub_rest = (job == J_RX) && f_mrg && (nbufs != 16'd1) && (buf_idx != 16'd0);
  /* verilator lint_on UNUSEDSIGNAL */
`endif
`ifdef VARIANT_DESC_BATCH
  // LEGAL variant (rtl/variants/README.md): a chain head is fetched together with the ring
  // descriptors after it, up to the end of its naturally aligned 64-byte block and of the ring
  // (one MRd of up to 4 x 16 bytes); the rest of that chain is taken from this copy. Once the
  // head's flags are seen available, the device may read the descriptors that follow it
  // (virtio §2.8.21.1); heads are always fetched afresh, never from the copy.
  reg [127:0] bcache [0:3];
  reg [15:0]  bc_pos;                                  // ring slot of bcache[0]
  reg [2:0]   bc_n;                                    // descriptors held
  wire [15:0] bc_d    = pos - bc_pos;
  wire        bc_hit  = !in_ind && !first && (bc_d < {13'd0, bc_n});
  wire [1:0]  bc_off  = qdesc[5:4] + pos[1:0];          // 16-byte slot of pos in its 64-byte block
  wire [2:0]  bc_blk  = 3'd4 - {1'b0, bc_off};          // slots to the end of that block
  wire [15:0] bc_room = qsize - pos;                   // slots to the end of the ring (>= 1)
  wire [2:0]  bc_k    = (bc_room < {13'd0, bc_blk}) ? bc_room[2:0] : bc_blk;
`endif
`ifdef VARIANT_IRQ_COALESCE
  // LEGAL variant (rtl/variants/README.md): after a TX chain the driver event suppression area is
  // read (and a notification possibly sent) only once COAL_MAX used slots are unannounced or the
  // ring is found empty; the EVENT_IDX decision then covers every slot published since the last
  // check (virtio §2.8.10, §2.8.22), so a requested notification is late, never lost.
  localparam [15:0] COAL_MAX = 16'd4;
  reg [NUM_QUEUES*16-1:0] coal_pub;                    // used slots published since the last check
`endif

  // ---------------- TX byte packer ----------------
  reg [AXIS_DATA_WIDTH-1:0] pk_word;
  reg [KBW:0] pk_cnt;
  wire ax_free = !m_axis_tx_tvalid || m_axis_tx_tready;

  // ---------------- states ----------------
  localparam S_IDLE = 6'd0,  S_RD_WAIT = 6'd1, S_WR_WAIT = 6'd2, S_CHAIN = 6'd3, S_WALK = 6'd4,
             S_DCOPY = 6'd5, S_DCHECK = 6'd6, S_ELEM = 6'd7, S_EDONE = 6'd8, S_CEND = 6'd9,
             S_TX_CHUNK = 6'd10, S_TX_BYTES = 6'd11, S_TX_FLUSH = 6'd12, S_TX_WAIT = 6'd13,
             S_CT_BYTES = 6'd14, S_USED = 6'd15, S_UFLAGS = 6'd16, S_UADV = 6'd17,
             S_FFLAGS = 6'd18, S_COMMIT = 6'd19, S_EVT = 6'd20, S_EVCOPY = 6'd21, S_EVDEC = 6'd22,
             S_IRQ = 6'd23, S_RX_DROP = 6'd24, S_RX_WET = 6'd25, S_ERR = 6'd26, S_HALT = 6'd27,
             S_DRAIN = 6'd28, S_NOTAVAIL = 6'd29, S_CEND2 = 6'd30, S_NOTIF_DESC = 6'd31,
             S_RX_FILT = 6'd32, S_RX_FILT2 = 6'd33;

  integer qi;
  always @(posedge clk) begin
    needs_reset   <= 1'b0;
    frame_release <= 1'b0;
    rd_abort      <= 1'b0;
    ctl_start     <= 1'b0;
    ctl_commit    <= 1'b0;
    driver_ok_q   <= driver_ok;
    if (rd_req_valid && rd_req_ready) rd_req_valid <= 1'b0;
    if (wr_req_valid && wr_req_ready) wr_req_valid <= 1'b0;
    if (m_axis_tx_tvalid && m_axis_tx_tready) begin
      m_axis_tx_tvalid <= 1'b0;
      if (m_axis_tx_tlast && !m_axis_tx_tuser) tx_frame_count <= tx_frame_count + 32'd1;
    end
`ifdef BROKEN_TDATA_WHILE_STALLED
    // BROKEN variant (rtl/broken/README.md): the beat waiting for m_axis_tx_tready moves on (AXI4-Stream: TDATA must hold until TREADY)
    if (m_axis_tx_tvalid && !m_axis_tx_tready) m_axis_tx_tdata <= {m_axis_tx_tdata[AXIS_DATA_WIDTH-9:0], m_axis_tx_tdata[AXIS_DATA_WIDTH-1 -: 8]};
`endif
    if (fifo_drop) rx_drop_count <= rx_drop_count + 32'd1;

    case (st)
      S_IDLE: begin
        if (frame_valid && (!driver_ok || !queue_enable[0] || rx_empty[0])) begin
          st <= S_RX_DROP;                          // not before DRIVER_OK (§5.1.6.4); ring known empty
        end else if (driver_ok && cand_any) begin
          rr_last <= cand_q;
          if (cand_q != {QW{1'b0}}) kick_pending[cand_q] <= 1'b0;  // re-set on success or new kick
          cq      <= cand_q;
          job     <= (cand_q == {QW{1'b0}}) ? J_RX : (cand_q == CTRLQ) ? J_CTRL : J_TX;
          qsize   <= queue_size[cand_q*16 +: 16];
          qdesc   <= queue_desc[cand_q*64 +: 64];
          qdrv    <= queue_driver[cand_q*64 +: 64];
          qdev    <= queue_device[cand_q*64 +: 64];
          pos     <= avail_idx[cand_q*16 +: 16];
          wrap    <= avail_wrap_counter[cand_q];
          upos    <= used_idx[cand_q*16 +: 16];
          uwrap   <= used_wrap_counter[cand_q];
          tot_slots <= 16'd0;
          published <= 16'd0;
`ifdef VARIANT_IRQ_COALESCE
          if (cand_q != {QW{1'b0}} && cand_q != CTRLQ) published <= coal_pub[cand_q*16 +: 16];
`endif
          tx_cnt  <= 32'd0;
          ctl_start <= 1'b1;
          filt_i  <= 3'd0;
          ack_done <= 1'b0;
          dry     <= 1'b1;
          dc_n    <= 16'd0;
          cap     <= 40'd0;
          need    <= {1'b0, frame_len} + 17'(NET_HDR_LEN);
          nbufs   <= 16'd0;
          buf_idx <= 16'd0;
          src_cur <= 17'd0;
          st      <= (cand_q == {QW{1'b0}}) ? S_RX_FILT : S_CHAIN;
        end
      end

      // ---- subroutines: one dma_rd / dma_wr request, then continue at ret
      S_RD_WAIT: if (rd_done) begin
        if (rd_err) begin needs_reset_reason <= rd_err_reason; st <= S_ERR; end
        else st <= ret;
        rd_byte_idx <= 16'd0;
      end
      S_WR_WAIT: if (wr_done) st <= ret;

      // ---- chain walk
      S_CHAIN: begin                                // start a new chain (buffer) at pos
        first <= 1'b1; in_ind <= 1'b0; ndescs <= 16'd0; seen_write <= 1'b0;
        used_len <= 32'd0;
        st <= (qsize == 16'd0) ? S_NOTAVAIL : S_WALK;
      end
      S_WALK: begin
        if (in_ind) tbl_i <= tbl_i + 28'd1;
        if (job == J_RX && !dry) dc_i <= dc_i + 16'd1;
        if (dc_hit) begin                            // wet pass: descriptor from the dry pass
          desc <= dcache[dc_i[$clog2(DCACHE)-1:0]];
          st   <= S_DCHECK;
`ifdef VARIANT_DESC_BATCH
        end else if (bc_hit) begin                   // rest of the chain: from the head's MRd
          desc <= bcache[bc_d[1:0]];
          st   <= S_DCHECK;
`endif
        end else begin
          rd_req_addr  <= in_ind ? tbl_addr + {32'd0, tbl_i, 4'd0} : qdesc + {44'd0, pos, 4'd0};
`ifdef VARIANT_DESC_BATCH
          rd_req_len   <= in_ind ? 16'd16 : {9'd0, bc_k, 4'd0};
          bc_pos       <= pos;
          bc_n         <= in_ind ? 3'd0 : bc_k;
`else
          rd_req_len   <= 16'd16;
`endif
          rd_req_valid <= 1'b1;
          ret <= S_DCOPY;
          st  <= S_RD_WAIT;
        end
      end
      S_DCOPY: begin
`ifdef VARIANT_DESC_BATCH
        if (rd_byte_idx < 16'd16) desc[8*rd_byte_idx[3:0] +: 8] <= rd_byte;
        if (!in_ind) bcache[rd_byte_idx[5:4]][8*rd_byte_idx[3:0] +: 8] <= rd_byte;
        rd_byte_idx <= rd_byte_idx + 16'd1;
        if (rd_byte_idx + 16'd1 == rd_req_len) st <= S_DCHECK;
`else
        desc[8*rd_byte_idx[3:0] +: 8] <= rd_byte;
        rd_byte_idx <= rd_byte_idx + 16'd1;
        if (rd_byte_idx == 16'd15) st <= S_DCHECK;
`endif
      end
      S_DCHECK: begin
        // cache only descriptors of chains found: a head seen not available before the re-check
        // is not walked by the wet pass (it would replay a stale, empty descriptor)
        if (job == J_RX && dry && dc_n < DCACHE && !(!in_ind && first && (!d_avail || tot_slots >= qsize))) begin
          dcache[dc_n[$clog2(DCACHE)-1:0]] <= desc;
          dc_n <= dc_n + 16'd1;
        end
        el_addr  <= d_addr;
        el_rem   <= d_len;
        el_write <= (d_flags & VIRTQ_DESC_F_WRITE) != 16'd0;
        if (in_ind) begin
          el_last <= (tbl_i == tbl_n);                 // table walked by len/16, NEXT ignored
        end else begin
          el_last <= (d_flags & VIRTQ_DESC_F_NEXT) == 16'd0;
          buf_id  <= d_id;                             // id of the last descriptor wins
          ndescs  <= ndescs + 16'd1;
          first   <= 1'b0;
        end
        if (!in_ind && first && (!d_avail || tot_slots >= qsize))
          st <= S_NOTAVAIL;
        else if (d_past_2_64) begin
          needs_reset_reason <= 8'd13; st <= S_ERR;    // addr + len wraps past 2^64: no such guest range (§2.8.13 le64 addr)
        end else if (!in_ind && (d_flags & VIRTQ_DESC_F_NEXT) != 16'd0 && ndescs + 16'd1 >= qsize) begin
          needs_reset_reason <= 8'd1; st <= S_ERR;   // chain longer than queue_size (§2.8.5)
        end else if (!in_ind && (d_flags & VIRTQ_DESC_F_INDIRECT) != 16'd0) begin
          if (!first || !f_indirect) begin
            needs_reset_reason <= 8'd10; st <= S_ERR;  // INDIRECT inside a chain / not negotiated (§2.8.19)
          end else if ((d_flags & VIRTQ_DESC_F_NEXT) != 16'd0) begin
            needs_reset_reason <= 8'd10; st <= S_ERR;  // packed: INDIRECT stands alone
          end else if (d_len == 32'd0 || d_len[3:0] != 4'd0) begin
            needs_reset_reason <= 8'd2; st <= S_ERR;
          end else if (d_len[31:4] > {12'd0, qsize}) begin
            needs_reset_reason <= 8'd1; st <= S_ERR;
          end else begin
            in_ind <= 1'b1; tbl_addr <= d_addr; tbl_n <= d_len[31:4]; tbl_i <= 28'd0;
            st <= S_WALK;
          end
        end else if (d_len == 32'd0) begin
          needs_reset_reason <= 8'd4; st <= S_ERR;
        end else if ((d_flags & VIRTQ_DESC_F_WRITE) == 16'd0 && seen_write) begin
          needs_reset_reason <= 8'd3; st <= S_ERR;     // readable after writable (§2.8.4)
        end else if (job != J_RX && (d_flags & VIRTQ_DESC_F_WRITE) == 16'd0 &&
                     {1'b0, tx_cnt} + {1'b0, d_len} > TX_MAX_READABLE) begin
          needs_reset_reason <= 8'd12; st <= S_ERR;    // TX/control buffer over header + largest frame (§5.1.6.2)
        end else begin
          seen_write <= seen_write | ((d_flags & VIRTQ_DESC_F_WRITE) != 16'd0);
          st <= S_ELEM;
        end
      end
      S_ELEM: begin
        st <= S_EDONE;
        case (job)
          J_TX: if (!el_write) st <= S_TX_CHUNK;       // device-writable parts are not read
          J_CTRL: begin
            if (!el_write) st <= S_TX_CHUNK;             // the whole request goes to net_ctrl
            else if (!ack_done) begin
              ack_done <= 1'b1;
              if (ctl_len >= 32'd2) begin                // shorter requests get no ack (len 0)
                ctl_commit <= 1'b1;                      // effect before the buffer is used (§5.1.6.5)
                imm <= {40'd0, ctl_ack_ok ? VIRTIO_NET_OK : VIRTIO_NET_ERR};
                src_rx <= 1'b0;
                used_len <= 32'd1;
                wr_req_addr <= el_addr; wr_req_len <= 16'd1; wr_req_src_off <= 16'd0;
                wr_req_valid <= 1'b1;
                ret <= S_EDONE; st <= S_WR_WAIT;
              end
            end
          end
          default: if (el_write) begin                   // J_RX
            if (dry) cap <= cap + {8'd0, el_rem};
            else if (rx_n != 32'd0) begin
              src_rx <= 1'b1;
              wr_req_addr <= el_addr; wr_req_len <= rx_n[15:0]; wr_req_src_off <= src_cur[15:0];
              wr_req_valid <= 1'b1;
              src_cur  <= src_cur + rx_n[16:0];
              used_len <= used_len + rx_n;
              ret <= S_EDONE; st <= S_WR_WAIT;
            end
          end
        endcase
      end
      S_EDONE: begin
        if (el_last) st <= S_CEND;
        else begin
          if (!in_ind) begin pos <= pos_nx; if (pos_wr) wrap <= !wrap; end
          st <= S_WALK;
        end
      end

      // ---- TX data: read in chunks, strip the header, pack bytes into AXI-Stream beats
      S_TX_CHUNK: begin
        if (el_rem == 32'd0) st <= S_EDONE;
        else begin
          rd_req_addr <= el_addr; rd_req_len <= rd_chunk[15:0]; chunk_n <= rd_chunk[15:0];
          rd_req_valid <= 1'b1;
          el_addr <= el_addr + {32'd0, rd_chunk};
          el_rem  <= el_rem - rd_chunk;
          ret <= (job == J_TX) ? S_TX_BYTES : S_CT_BYTES; st <= S_RD_WAIT;
        end
      end
      S_TX_BYTES: begin
        if (tx_cnt < NET_HDR_LEN) begin                 // virtio_net_hdr: not forwarded
          tx_cnt <= tx_cnt + 32'd1;
          rd_byte_idx <= rd_byte_idx + 16'd1;
          if (rd_byte_idx + 16'd1 == chunk_n) st <= S_TX_CHUNK;
        end else if (pk_cnt != KB[KBW:0] || ax_free) begin
          if (pk_cnt == KB[KBW:0]) begin                 // previous beat is full and not last
            m_axis_tx_tdata  <= pk_word;
            m_axis_tx_tkeep  <= {KB{1'b1}};
            m_axis_tx_tlast  <= 1'b0;
            m_axis_tx_tuser  <= 1'b0;
            m_axis_tx_tvalid <= 1'b1;
            pk_word <= {{(AXIS_DATA_WIDTH-8){1'b0}}, rd_byte};
            pk_cnt  <= 1;
          end else begin
            pk_word[8*pk_cnt[KBW-1:0] +: 8] <= rd_byte;
            pk_cnt <= pk_cnt + 1'b1;
          end
          tx_cnt <= tx_cnt + 32'd1;
          rd_byte_idx <= rd_byte_idx + 16'd1;
          if (rd_byte_idx + 16'd1 == chunk_n) st <= S_TX_CHUNK;
        end
      end
      S_TX_FLUSH: begin
        if (pk_cnt == 0) st <= S_TX_WAIT;
        else if (ax_free) begin
          m_axis_tx_tdata  <= pk_word;
          m_axis_tx_tkeep  <= ~({KB{1'b1}} << pk_cnt);
          m_axis_tx_tlast  <= 1'b1;
          m_axis_tx_tuser  <= 1'b0;
          m_axis_tx_tvalid <= 1'b1;
          pk_cnt <= 0;
          st <= S_TX_WAIT;
        end
      end
      S_TX_WAIT: if (!m_axis_tx_tvalid) st <= S_USED;   // mark used only after the frame left (§5.1.6.2)

      S_CT_BYTES: begin                                  // one request byte per cycle into net_ctrl
        rd_byte_idx <= rd_byte_idx + 16'd1;
        tx_cnt <= tx_cnt + 32'd1;                        // request bytes so far (bound: TX_MAX_READABLE)
        if (rd_byte_idx + 16'd1 == chunk_n) st <= S_TX_CHUNK;
      end

      // ---- end of a chain
      S_CEND: begin
        pos <= pos_nx; if (pos_wr) wrap <= !wrap;       // avail side moves past the chain
        tot_slots <= tot_slots + ndescs;
        st <= S_CEND2;
        if (job != J_RX || dry) begin                   // a buffer was found
          rechecked[cq] <= 1'b0;
          if (notify_on[cq]) begin                      // polling now: no kicks wanted
            notify_on[cq] <= 1'b0;
            armed[cq]     <= 1'b0;
            imm <= {32'd0, 14'd0, RING_EVENT_FLAGS_DISABLE};
            src_rx <= 1'b0;
            wr_req_addr <= qdev + 64'd2; wr_req_len <= 16'd2; wr_req_src_off <= 16'd0;
            wr_req_valid <= 1'b1;
            ret <= S_CEND2; st <= S_WR_WAIT;
          end
        end
      end
      S_CEND2: begin
        case (job)
          J_TX: if (tx_cnt < NET_HDR_LEN) begin needs_reset_reason <= 8'd11; st <= S_ERR; end
                else st <= S_TX_FLUSH;
          J_CTRL: st <= S_USED;
          default: begin
            if (dry) begin
              nbufs <= nbufs + 16'd1;
              if (f_mrg && nbufs == 16'd0 && cap < 40'(NET_HDR_LEN))
                st <= S_RX_DROP;                         // the header must fit in the first buffer
              else if (cap >= {23'd0, need}) st <= S_RX_WET;
              else if (f_mrg) st <= S_CHAIN;               // mergeable: continue in the next buffer
              else st <= S_RX_DROP;
            end else begin
              st <= S_USED;
            end
          end
        endcase
      end
      S_RX_WET: begin                                    // rewind and write for real
        dry   <= 1'b0;
        dc_i  <= 16'd0;
        pos   <= avail_idx[cq*16 +: 16];
        wrap  <= avail_wrap_counter[cq];
        tot_slots <= 16'd0;
`ifdef VARIANT_DESC_BATCH
        bc_n  <= 3'd0;                                  // the wet pass fetches its own copies
`endif
        st <= S_CHAIN;
      end

      // ---- used descriptor: id + len, then flags (§2.8.6, checklist §4.5)
      S_USED: begin
`ifdef VARIANT_USED_BATCH
        imm_hi <= used_flags;                           // bytes 6..7 of an 8-byte len/id/flags MWr
`endif
`ifdef BROKEN_USED_FLAGS_FIRST
        // BROKEN variant (rtl/broken/README.md): the flags that publish the used descriptor
        // go out first, its id/len second (swapped with S_UFLAGS)
        imm <= {32'd0, used_flags};
        src_rx <= 1'b0;
        wr_req_addr <= qdesc + {44'd0, upos, 4'd0} + 64'd14;
        wr_req_len <= 16'd2; wr_req_src_off <= 16'd0; wr_req_valid <= 1'b1;
`else
        imm <= {buf_id, used_len};
        src_rx <= 1'b0;
        wr_req_addr <= qdesc + {44'd0, upos, 4'd0} + 64'd8;
        wr_req_len <= 16'd6; wr_req_src_off <= 16'd0; wr_req_valid <= 1'b1;
`ifdef VARIANT_USED_BATCH
        if (ub_rest) wr_req_len <= 16'd8;               // len, id, flags at once
`endif
`endif
        ret <= S_UFLAGS; st <= S_WR_WAIT;
      end
      S_UFLAGS: begin
        if (job == J_RX && f_mrg && buf_idx == 16'd0 && nbufs != 16'd1) begin
          first_slot <= upos; first_uwrap <= uwrap;     // first entry's flags go last
          st <= S_UADV;
`ifdef VARIANT_USED_BATCH
`ifndef BROKEN_USED_FLAGS_FIRST
        end else if (ub_rest) begin
          st <= S_UADV;                                 // flags went out with id/len
`endif
`endif
        end else begin
`ifdef BROKEN_USED_FLAGS_FIRST
          imm <= {buf_id, used_len};
          wr_req_addr <= qdesc + {44'd0, upos, 4'd0} + 64'd8;
          wr_req_len <= 16'd6; wr_req_src_off <= 16'd0; wr_req_valid <= 1'b1;
`else
          imm <= {32'd0, used_flags};
          wr_req_addr <= qdesc + {44'd0, upos, 4'd0} + 64'd14;
          wr_req_len <= 16'd2; wr_req_src_off <= 16'd0; wr_req_valid <= 1'b1;
`endif
          ret <= S_UADV; st <= S_WR_WAIT;
        end
      end
      S_UADV: begin
`ifdef BROKEN_WRAP_COUNTER
        upos <= upos_nx;                                // BROKEN variant (rtl/broken/README.md): used wrap counter never flips
`else
        upos <= upos_nx; if (upos_wr) uwrap <= !uwrap;
`endif
        published <= published + ndescs;
        buf_idx <= buf_idx + 16'd1;
        if (job == J_RX && src_cur < need) st <= S_CHAIN;
        else if (job == J_RX && f_mrg && nbufs != 16'd1) st <= S_FFLAGS;
        else st <= S_COMMIT;
      end
      S_FFLAGS: begin
        imm <= {32'd0, (first_uwrap ? (VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED) : 16'd0) | VIRTQ_DESC_F_WRITE};
        wr_req_addr <= qdesc + {44'd0, first_slot, 4'd0} + 64'd14;
        wr_req_len <= 16'd2; wr_req_src_off <= 16'd0; wr_req_valid <= 1'b1;
        ret <= S_COMMIT; st <= S_WR_WAIT;
      end
      S_COMMIT: begin
        avail_idx[cq*16 +: 16] <= pos;
        avail_wrap_counter[cq] <= wrap;
        used_idx[cq*16 +: 16]  <= upos;
        used_wrap_counter[cq]  <= uwrap;
        if (job != J_RX) kick_pending[cq] <= 1'b1;     // look for the next chain
        if (job == J_RX) begin
          frame_release  <= 1'b1;
          rx_frame_count <= rx_frame_count + 32'd1;
        end
        // driver event suppression: read after publishing (§2.8.10)
`ifdef VARIANT_IRQ_COALESCE
        if (job == J_TX && published < COAL_MAX) begin  // hold the check back (rtl/variants/README.md)
          coal_pub[cq*16 +: 16] <= published;
          st <= S_IDLE;
        end else begin
          coal_pub[cq*16 +: 16] <= 16'd0;
`endif
        rd_req_addr <= qdrv; rd_req_len <= 16'd4; rd_req_valid <= 1'b1;
        ret <= S_EVCOPY; st <= S_RD_WAIT;
`ifdef VARIANT_IRQ_COALESCE
        end
`endif
      end
      S_EVCOPY: begin
        evt[8*rd_byte_idx[1:0] +: 8] <= rd_byte;
        rd_byte_idx <= rd_byte_idx + 16'd1;
        if (rd_byte_idx == 16'd3) st <= S_EVDEC;
      end
      S_EVDEC: begin
        if (ev_notify) begin
          irq_valid <= 1'b1;
          irq_qid   <= {{(16-QW){1'b0}}, cq};
          st <= S_IRQ;
        end else st <= S_IDLE;
      end
      S_IRQ: if (irq_ready) begin irq_valid <= 1'b0; st <= S_IDLE; end

      S_NOTAVAIL: begin
        if (!rechecked[cq] && armed[cq]) begin          // kicks already asked for: look once more
          rechecked[cq] <= 1'b1;
          st <= S_CHAIN;
        end else if (!rechecked[cq]) begin              // ask for kicks, then look once more
          rechecked[cq] <= 1'b1;
          notify_on[cq] <= 1'b1;
          armed[cq]     <= 1'b1;
          src_rx <= 1'b0;
          wr_req_src_off <= 16'd0; wr_req_len <= 16'd2; wr_req_valid <= 1'b1;
          st <= S_WR_WAIT;
          if (f_evix) begin                             // off_wrap = next slot we expect
            imm <= {32'd0, wrap, pos[14:0]};
            wr_req_addr <= qdev; ret <= S_NOTIF_DESC;
          end else begin
            imm <= {32'd0, 14'd0, RING_EVENT_FLAGS_ENABLE};
            wr_req_addr <= qdev + 64'd2; ret <= S_CHAIN;
          end
        end else if (job == J_RX) begin
          // no (more) buffer: drop the frame. The ring is known empty (later frames dropped
          // without a look until the next kick) only when this walk found no buffer at all;
          // buffers found but too small stay available for a smaller frame (dut-interface.md)
          rx_empty[cq] <= (nbufs == 16'd0);
          st <= S_RX_DROP;
`ifdef VARIANT_IRQ_COALESCE
        end else if (job == J_TX && published != 16'd0) begin   // ring empty: check the held slots now
          coal_pub[cq*16 +: 16] <= 16'd0;
          rd_req_addr <= qdrv; rd_req_len <= 16'd4; rd_req_valid <= 1'b1;
          ret <= S_EVCOPY; st <= S_RD_WAIT;
`endif
        end else st <= S_IDLE;                          // ring empty: wait for a kick
      end
      S_NOTIF_DESC: begin
        imm <= {32'd0, 14'd0, RING_EVENT_FLAGS_DESC};
        wr_req_addr <= qdev + 64'd2; wr_req_len <= 16'd2; wr_req_src_off <= 16'd0; wr_req_valid <= 1'b1;
        ret <= S_CHAIN; st <= S_WR_WAIT;
      end
      S_RX_FILT: begin                                  // destination MAC for the RX filter
        dst_mac[47 - 8*filt_i -: 8] <= fifo_rd_byte;
        filt_i <= filt_i + 3'd1;
        if (filt_i == 3'd5) st <= S_RX_FILT2;
      end
      S_RX_FILT2: st <= (rx_runt || !rx_accept) ? S_RX_DROP : S_CHAIN;
      S_RX_DROP: begin
        frame_release <= 1'b1;
        rx_drop_count <= rx_drop_count + 32'd1;
        st <= S_EVT;                                    // one idle cycle for frame_valid to fall
      end
      S_EVT: st <= S_IDLE;

      S_ERR: begin
        needs_reset <= 1'b1;
        st <= S_HALT;
      end
      S_HALT: begin
        if (m_axis_tx_tvalid == 1'b0 && pk_cnt != 0) begin   // end a half-sent frame as bad
          m_axis_tx_tdata <= pk_word; m_axis_tx_tkeep <= {KB{1'b1}};
          m_axis_tx_tlast <= 1'b1; m_axis_tx_tuser <= 1'b1; m_axis_tx_tvalid <= 1'b1;
          pk_cnt <= 0;
        end
        if (frame_valid && !frame_release) begin
          frame_release <= 1'b1;
          rx_drop_count <= rx_drop_count + 32'd1;
        end
      end
      S_DRAIN: begin
        if (m_axis_tx_tvalid == 1'b0 && pk_cnt != 0) begin
          m_axis_tx_tdata <= pk_word; m_axis_tx_tkeep <= {KB{1'b1}};
          m_axis_tx_tlast <= 1'b1; m_axis_tx_tuser <= 1'b1; m_axis_tx_tvalid <= 1'b1;
          pk_cnt <= 0;
        end else if (rd_idle && wr_idle && !rd_req_valid && !wr_req_valid && !m_axis_tx_tvalid)
          st <= S_IDLE;
      end
      default: st <= S_IDLE;
    endcase

    // ---- notifications (§4.1.5.2): remember kicks for TX and control queues
    // (only while DRIVER_OK, like the model; DRIVER_OK itself kicks every enabled TX/control queue)
    if (driver_ok && !driver_ok_q)
      for (qi = 1; qi < NUM_QUEUES; qi = qi + 1)
        if ((qi % 2 == 1 || qi == NUM_QUEUES-1) && queue_enable[qi]) begin
          kick_pending[qi] <= 1'b1;
          rechecked[qi]    <= 1'b0;
        end
    if (notify_valid && notify_qid < 16'(NUM_QUEUES) && driver_ok) begin
      if (notify_qid != 16'd0) kick_pending[notify_qid[QW-1:0]] <= 1'b1;
      rechecked[notify_qid[QW-1:0]] <= 1'b0;
      rx_empty[notify_qid[QW-1:0]]  <= 1'b0;
    end

    // ---- queue reset (§2.6.1) and device reset: queue state back to defaults (wrap counters 1)
    for (qi = 0; qi < NUM_QUEUES; qi = qi + 1) begin
      if (dev_reset || queue_reset_req[qi]) begin
        avail_idx[qi*16 +: 16] <= 16'd0;
        used_idx[qi*16 +: 16]  <= 16'd0;
        avail_wrap_counter[qi] <= 1'b1;
        used_wrap_counter[qi]  <= 1'b1;
        kick_pending[qi]       <= 1'b0;
        notify_on[qi]          <= 1'b1;
        armed[qi]              <= 1'b0;
        rechecked[qi]          <= 1'b0;
        rx_empty[qi]           <= 1'b0;
`ifdef VARIANT_IRQ_COALESCE
        coal_pub[qi*16 +: 16]  <= 16'd0;
`endif
        if (st != S_IDLE && st != S_HALT && st != S_DRAIN && cq == qi[QW-1:0]) begin
          st <= S_DRAIN; rd_abort <= 1'b1; rd_req_valid <= 1'b0; wr_req_valid <= 1'b0; irq_valid <= 1'b0;
        end
      end
    end
    if (dev_reset) begin
      st <= S_DRAIN; rd_abort <= 1'b1; rd_req_valid <= 1'b0; wr_req_valid <= 1'b0; irq_valid <= 1'b0;
      rr_last <= CTRLQ;   // round-robin afresh, as at power-on (receiveq1 first): a reset forgets the order
    end

    if (rst) begin
      st <= S_IDLE; rr_last <= CTRLQ;
      avail_idx <= {NUM_QUEUES*16{1'b0}}; used_idx <= {NUM_QUEUES*16{1'b0}};
      avail_wrap_counter <= {NUM_QUEUES{1'b1}}; used_wrap_counter <= {NUM_QUEUES{1'b1}};
      kick_pending <= {NUM_QUEUES{1'b0}}; notify_on <= {NUM_QUEUES{1'b1}}; armed <= {NUM_QUEUES{1'b0}};
      rechecked <= {NUM_QUEUES{1'b0}}; rx_empty <= {NUM_QUEUES{1'b0}}; driver_ok_q <= 1'b0;
`ifdef VARIANT_IRQ_COALESCE
      coal_pub <= {NUM_QUEUES*16{1'b0}};
`endif
      ctl_start <= 1'b0; ctl_commit <= 1'b0;
      rd_req_valid <= 1'b0; wr_req_valid <= 1'b0; irq_valid <= 1'b0; irq_qid <= 16'd0;
      needs_reset <= 1'b0; needs_reset_reason <= 8'd0; frame_release <= 1'b0; rd_abort <= 1'b0;
      m_axis_tx_tvalid <= 1'b0; m_axis_tx_tlast <= 1'b0; m_axis_tx_tuser <= 1'b0;
      m_axis_tx_tdata <= {AXIS_DATA_WIDTH{1'b0}}; m_axis_tx_tkeep <= {KB{1'b0}};
      pk_cnt <= 0; rd_byte_idx <= 16'd0;
      rx_drop_count <= 32'd0; tx_frame_count <= 32'd0; rx_frame_count <= 32'd0;
    end
  end
endmodule
