// Datapath constants shared by the vq_* / net_* modules (included inside a module body).
// virtio 1.x §2.8.13 packed descriptor flags
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
