// virtio_common_cfg: struct virtio_pci_common_cfg (virtio §4.1.4.3) at BAR0 0x0000..0x003F,
// the device_status state machine (§2.1, §3.1.1) with FEATURES_OK validation (§2.2.2), feature
// selects, and the per-queue registers. Behaviour mirrors model/virtio/common-cfg.ts and
// status.ts:
//  - a field is written only when the access enables all of its bytes (reg-table.ts); fields of
//    one DW are applied in ascending offset order (device_status before queue_select);
//  - driver_feature is ignored once FEATURES_OK is set; the negotiated set is driver_feature
//    while FEATURES_OK is set, empty otherwise;
//  - queue_size accepts 1..MAX_QUEUE_SIZE; queue_size and the ring addresses are frozen while
//    the queue is enabled; queue_enable accepts only 1;
//  - *_msix_vector read back 0xFFFF when the vector is outside the table (§4.1.5.1.2.1);
//  - queue_reset (only with VIRTIO_F_RING_RESET negotiated) resets the queue at once (§2.6.1);
//  - queue_select naming no queue: per-queue fields read 0 (queue_msix_vector 0xFFFF), writes ignored.
// Register bus: `reg_valid` strobes an access that the top already decoded to this structure.
module virtio_common_cfg #(
  parameter NUM_QUEUE_PAIRS = 1,
  parameter NUM_QUEUES      = 2*NUM_QUEUE_PAIRS+1,
  parameter MAX_QUEUE_SIZE  = 256,
  parameter MSIX_VECTORS    = 4
)(
  input  wire                       clk,
  input  wire                       rst,

  input  wire                       reg_valid,
  input  wire                       reg_wr,
  input  wire [5:2]                 reg_addr,
  input  wire [3:0]                 reg_be,
  input  wire [31:0]                reg_wdata,
  output reg  [31:0]                reg_rdata,

  input  wire                       needs_reset,       // datapath: fatal error
  input  wire                       config_change,     // datapath: device config changed (CTRL_MAC_ADDR_SET)
  output reg                        config_irq,        // 1-cycle: configuration change notification due
  output reg                        dev_reset,         // 1-cycle: device_status written 0

  output wire [7:0]                 device_status,
  output wire [127:0]               negotiated_features,
  output wire                       driver_ok,
  output wire [15:0]                config_msix_vector,
  output wire [NUM_QUEUES-1:0]      queue_enable,
  output wire [NUM_QUEUES*16-1:0]   queue_size,
  output wire [NUM_QUEUES*16-1:0]   queue_msix_vector,
  output wire [NUM_QUEUES*64-1:0]   queue_desc,
  output wire [NUM_QUEUES*64-1:0]   queue_driver,
  output wire [NUM_QUEUES*64-1:0]   queue_device,
  output reg  [NUM_QUEUES-1:0]      queue_reset_req
);
  localparam [63:0] OFFERED = virtio_pkg::OFFERED_FEATURES_BASE |
                              ((NUM_QUEUE_PAIRS > 1) ? (64'd1 << virtio_pkg::VIRTIO_NET_F_MQ) : 64'd0);
  localparam [15:0] NUMQ = NUM_QUEUES[15:0];
  localparam [15:0] QSIZE_RESET = MAX_QUEUE_SIZE;
  localparam [7:0]  FOK  = virtio_pkg::STATUS_FEATURES_OK;
  localparam [7:0]  DOK  = virtio_pkg::STATUS_DRIVER_OK;
  localparam [7:0]  NRST = virtio_pkg::STATUS_DEVICE_NEEDS_RESET;

  // --------------------------------------------------------------- state
  reg [31:0]  device_feature_select;
  reg [31:0]  driver_feature_select;
  reg [127:0] driver_feature;                 // four 32-bit windows as written
  reg [15:0]  cfg_vec;
  reg [7:0]   status;
  reg [15:0]  queue_select;
  reg [NUM_QUEUES-1:0]    q_en;
  reg [NUM_QUEUES*16-1:0] q_size;
  reg [NUM_QUEUES*16-1:0] q_vec;
  reg [NUM_QUEUES*64-1:0] q_desc, q_drv, q_dev;

  assign device_status       = status;
  assign negotiated_features = (status & FOK) != 8'd0 ? driver_feature : 128'd0;
  assign driver_ok           = status[2] && !status[6];
  assign config_msix_vector  = cfg_vec;
  assign queue_enable        = q_en;
  assign queue_size          = q_size;
  assign queue_msix_vector   = q_vec;
  assign queue_desc          = q_desc;
  assign queue_driver        = q_drv;
  assign queue_device        = q_dev;

  // --------------------------------------------------------------- FEATURES_OK validation (§2.2.2)
  // subset of offered, mandatory bits present, every dependency row satisfied (features.ts)
  function deps_ok(input [63:0] f);
    integer r;
    /* verilator lint_off UNUSEDSIGNAL */ // rows only name features below bit 64
    reg [7:0]  feat;
    /* verilator lint_on UNUSEDSIGNAL */
    reg [63:0] all_of, any_of;
    begin
      deps_ok = 1'b1;
      for (r = 0; r < virtio_pkg::FEAT_DEP_ROWS; r = r + 1) begin
        feat   = virtio_pkg::FEAT_DEP_FEATURE[r*8 +: 8];
        all_of = virtio_pkg::FEAT_DEP_ALL[r*64 +: 64];
        any_of = virtio_pkg::FEAT_DEP_ANY[r*64 +: 64];
        if (f[feat[5:0]] && (((f & all_of) != all_of) || (any_of != 64'd0 && (f & any_of) == 64'd0)))
          deps_ok = 1'b0;
      end
    end
  endfunction
  wire features_acceptable = (driver_feature[127:64] == 64'd0) &&
                             ((driver_feature[63:0] & ~OFFERED) == 64'd0) &&
                             ((driver_feature[63:0] & virtio_pkg::MANDATORY_FEATURES) == virtio_pkg::MANDATORY_FEATURES) &&
                             deps_ok(driver_feature[63:0]);

  // --------------------------------------------------------------- selected queue
  wire        q_present = (queue_select < NUMQ);
  reg  [15:0] sel_size, sel_vec;
  reg         sel_en;
  reg  [63:0] sel_desc, sel_drv, sel_dev;
  integer k;
  reg [7:0] config_generation;   // see the always block below (§2.5.1)
  always @* begin
    sel_size = 16'd0;
    sel_vec  = virtio_pkg::VIRTIO_MSI_NO_VECTOR;
    sel_en   = 1'b0;
    sel_desc = 64'd0;
    sel_drv  = 64'd0;
    sel_dev  = 64'd0;
    for (k = 0; k < NUM_QUEUES; k = k + 1) begin
      if ({16'd0, queue_select} == k) begin
        sel_size = q_size[k*16 +: 16];
        sel_vec  = q_vec[k*16 +: 16];
        sel_en   = q_en[k];
        sel_desc = q_desc[k*64 +: 64];
        sel_drv  = q_drv[k*64 +: 64];
        sel_dev  = q_dev[k*64 +: 64];
      end
    end
  end

  // --------------------------------------------------------------- reads (no side effects)
  wire [31:0] drv_window = (driver_feature_select < 32'd4) ? driver_feature[driver_feature_select[1:0]*32 +: 32] : 32'd0;
  wire [31:0] dev_window = (device_feature_select == 32'd0) ? OFFERED[31:0] :
                           (device_feature_select == 32'd1) ? OFFERED[63:32] : 32'd0;
  always @* begin
    case (reg_addr)
      4'h0: reg_rdata = device_feature_select;
      4'h1: reg_rdata = dev_window;
      4'h2: reg_rdata = driver_feature_select;
      4'h3: reg_rdata = drv_window;
      4'h4: reg_rdata = {NUMQ, cfg_vec};
      4'h5: reg_rdata = {queue_select, config_generation, status};
      4'h6: reg_rdata = {sel_vec, sel_size};
      4'h7: reg_rdata = {q_present ? queue_select : 16'd0, 15'd0, sel_en};
      4'h8: reg_rdata = sel_desc[31:0];
      4'h9: reg_rdata = sel_desc[63:32];
      4'hA: reg_rdata = sel_drv[31:0];
      4'hB: reg_rdata = sel_drv[63:32];
      4'hC: reg_rdata = sel_dev[31:0];
      4'hD: reg_rdata = sel_dev[63:32];
      default: reg_rdata = 32'd0;   // queue_notif_config_data, queue_reset, admin_queue_* read 0
    endcase
  end

  // --------------------------------------------------------------- writes
  wire        wr      = reg_valid && reg_wr;
  wire        wr_dw   = wr && (reg_be == 4'hF);                 // whole 32-bit field
  wire        wr_lo16 = wr && (reg_be[1:0] == 2'b11);
  wire        wr_hi16 = wr && (reg_be[3:2] == 2'b11);
  wire [15:0] w_lo16  = reg_wdata[15:0];
  wire [15:0] w_hi16  = reg_wdata[31:16];
  wire [15:0] w_vec_lo = (w_lo16 < MSIX_VECTORS) ? w_lo16 : virtio_pkg::VIRTIO_MSI_NO_VECTOR;
  wire [15:0] w_vec_hi = (w_hi16 < MSIX_VECTORS) ? w_hi16 : virtio_pkg::VIRTIO_MSI_NO_VECTOR;

  // device_status write (status.ts applyStatusWrite)
  wire        st_wr     = wr && reg_be[0] && (reg_addr == 4'h5);
  wire [7:0]  st_w      = reg_wdata[7:0];
  wire [7:0]  st_v0     = (st_w & ~virtio_pkg::STATUS_DRIVER_FORBIDDEN) | (status & NRST);
  wire [7:0]  st_new    = st_v0 & ~status;
  wire        st_refuse = (st_new & FOK) != 8'd0 && !features_acceptable;
  wire [7:0]  st_v1     = st_refuse ? (st_v0 & ~(FOK | (st_new & DOK))) : st_v0;
  wire [7:0]  st_v2     = ((st_v1 & ~status & DOK) != 8'd0 && (st_v1 & FOK) == 8'd0) ? (st_v1 & ~DOK) : st_v1;
  wire        st_reset  = st_wr && (st_w == 8'd0);

  // config_generation (§2.5.1, §4.1.4.3): moves on every device config change; kept across a
  // device reset (model/virtio/common-cfg.ts), 0 after a conventional reset.
  always @(posedge clk) begin
    if (rst) config_generation <= 8'd0;
    else if (config_change) config_generation <= config_generation + 8'd1;
  end

  integer q;
  always @(posedge clk) begin
    dev_reset       <= 1'b0;
    config_irq      <= 1'b0;
    queue_reset_req <= {NUM_QUEUES{1'b0}};
    if (rst || st_reset) begin
      // conventional reset, or device reset (§2.4, common-cfg.ts reset())
      device_feature_select <= 32'd0;
      driver_feature_select <= 32'd0;
      driver_feature        <= 128'd0;
      cfg_vec               <= virtio_pkg::VIRTIO_MSI_NO_VECTOR;
      status                <= 8'd0;
      queue_select          <= 16'd0;
      q_en                  <= {NUM_QUEUES{1'b0}};
      for (q = 0; q < NUM_QUEUES; q = q + 1) begin
        q_size[q*16 +: 16] <= QSIZE_RESET;
        q_vec[q*16 +: 16]  <= virtio_pkg::VIRTIO_MSI_NO_VECTOR;
      end
      q_desc <= {NUM_QUEUES*64{1'b0}};
      q_drv  <= {NUM_QUEUES*64{1'b0}};
      q_dev  <= {NUM_QUEUES*64{1'b0}};
      if (!rst) begin
        dev_reset <= 1'b1;
        // queue_select is the field after device_status in the same DW
        if (wr_hi16) queue_select <= w_hi16;
      end
    end else begin
      // DEVICE_NEEDS_RESET (§2.1.2): set once; a config notification is due if DRIVER_OK is set
      if (needs_reset && !status[6]) begin
        status[6]  <= 1'b1;
        config_irq <= status[2];
      end
      // a device config change: notification due if DRIVER_OK is set (model raiseConfigInterrupt)
      if (config_change) config_irq <= status[2];
      if (wr) begin
        case (reg_addr)
          4'h0: if (wr_dw) device_feature_select <= reg_wdata;
          4'h2: if (wr_dw) driver_feature_select <= reg_wdata;
          4'h3: if (wr_dw && !status[3] && driver_feature_select < 32'd4)
                  driver_feature[driver_feature_select[1:0]*32 +: 32] <= reg_wdata;
          4'h4: if (wr_lo16) cfg_vec <= w_vec_lo;
          4'h5: begin
            if (st_wr) status <= st_v2 | ((needs_reset && !status[6]) ? NRST : 8'd0);
            if (wr_hi16) queue_select <= w_hi16;
          end
          default: ;
        endcase
        for (q = 0; q < NUM_QUEUES; q = q + 1) begin
          if ({16'd0, queue_select} == q) begin
            case (reg_addr)
              4'h6: begin
                if (wr_lo16 && !q_en[q] && w_lo16 != 16'd0 && w_lo16 <= QSIZE_RESET) q_size[q*16 +: 16] <= w_lo16;
                if (wr_hi16) q_vec[q*16 +: 16] <= w_vec_hi;
              end
              4'h7: if (wr_lo16 && w_lo16 == 16'd1) q_en[q] <= 1'b1;
              4'h8: if (wr_dw && !q_en[q]) q_desc[q*64 +: 32]      <= reg_wdata;
              4'h9: if (wr_dw && !q_en[q]) q_desc[q*64 + 32 +: 32] <= reg_wdata;
              4'hA: if (wr_dw && !q_en[q]) q_drv[q*64 +: 32]       <= reg_wdata;
              4'hB: if (wr_dw && !q_en[q]) q_drv[q*64 + 32 +: 32]  <= reg_wdata;
              4'hC: if (wr_dw && !q_en[q]) q_dev[q*64 +: 32]       <= reg_wdata;
              4'hD: if (wr_dw && !q_en[q]) q_dev[q*64 + 32 +: 32]  <= reg_wdata;
              4'hE: if (wr_hi16 && w_hi16 == 16'd1 && negotiated_features[virtio_pkg::VIRTIO_F_RING_RESET]) begin
                // queue reset (§2.6.1): back to reset values at once; tell the datapath
                q_en[q]            <= 1'b0;
                q_size[q*16 +: 16] <= QSIZE_RESET;
                q_vec[q*16 +: 16]  <= virtio_pkg::VIRTIO_MSI_NO_VECTOR;
                q_desc[q*64 +: 64] <= 64'd0;
                q_drv[q*64 +: 64]  <= 64'd0;
                q_dev[q*64 +: 64]  <= 64'd0;
                queue_reset_req[q] <= 1'b1;
              end
              default: ;
            endcase
          end
        end
      end
    end
  end

endmodule
