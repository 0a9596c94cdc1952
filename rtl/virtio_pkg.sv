// virtio_pkg: the function's fixed layout and the virtio constants the RTL shares.
// Every number here mirrors model/pci/layout.ts, model/pci/regs.ts and model/virtio/*.ts;
// docs/dut-interface.md summarises the layout. Config-space reset values and attribute masks
// are generated from model/pci/regs.ts into pci_cfg_table.svh; the offered features, the
// dependency table and the MAC from model/virtio into virtio_features.svh (included below).
//
// Kept to the SystemVerilog subset yosys 0.23 reads: localparams and functions only.
package virtio_pkg;

  // ---------------------------------------------------------------- TLP (PCIe Base r6.0 §2.2.1)
  localparam [2:0] FMT_3DW_NO_DATA = 3'b000;
  localparam [2:0] FMT_4DW_NO_DATA = 3'b001;
  localparam [2:0] FMT_3DW_DATA    = 3'b010;
  localparam [2:0] FMT_4DW_DATA    = 3'b011;
  localparam [4:0] TYPE_MEM        = 5'b00000;
  localparam [4:0] TYPE_CFG0       = 5'b00100;
  localparam [4:0] TYPE_CPL        = 5'b01010;
  // Completion Status (§2.2.9)
  localparam [2:0] CPL_STATUS_SC   = 3'b000;
  localparam [2:0] CPL_STATUS_UR   = 3'b001;
  localparam [2:0] CPL_STATUS_CA   = 3'b100;

  // ---------------------------------------------------------------- IDs (virtio §4.1.2.1)
  localparam [15:0] PCI_VENDOR_ID  = 16'h1AF4;
  localparam [15:0] PCI_DEVICE_ID  = 16'h1041;  // 0x1040 + virtio device ID 1 (net)

  // ---------------------------------------------------------------- BARs (layout.ts BARS)
  localparam integer BAR0_SIZE_LOG2 = 14;       // 16 KiB, 64-bit, non-prefetchable
  localparam integer BAR2_SIZE_LOG2 = 13;       //  8 KiB, 64-bit, non-prefetchable

  // Register-bus address spaces (internal)
  localparam [1:0] SPACE_CFG  = 2'd0;
  localparam [1:0] SPACE_BAR0 = 2'd1;
  localparam [1:0] SPACE_BAR2 = 2'd2;

  // Config space offsets the logic needs (layout.ts CAP_OFFSETS; registers per regs.ts)
  localparam [11:0] CFG_COMMAND       = 12'h004;   // Command / Status
  localparam [11:0] CFG_BAR0          = 12'h010;
  localparam [11:0] CFG_BAR1          = 12'h014;
  localparam [11:0] CFG_BAR2          = 12'h018;
  localparam [11:0] CFG_BAR3          = 12'h01C;
  localparam [11:0] CAP_PCIE          = 12'h040;
  localparam [11:0] CAP_PM            = 12'h07C;
  localparam [11:0] CAP_MSIX          = 12'h084;
  localparam [11:0] CAP_VIRTIO_COMMON = 12'h090;
  localparam [11:0] CAP_VIRTIO_NOTIFY = 12'h0A0;
  localparam [11:0] CAP_VIRTIO_ISR    = 12'h0B4;
  localparam [11:0] CAP_VIRTIO_DEVICE = 12'h0C4;
  localparam [11:0] CAP_VIRTIO_PCICFG = 12'h0D4;
  localparam [11:0] CFG_DEVCTL        = CAP_PCIE + 12'h008;          // Device Control / Status
  localparam [11:0] CFG_PMCSR         = CAP_PM + 12'h004;
  localparam [11:0] CFG_PCICFG_BAR    = CAP_VIRTIO_PCICFG + 12'h004; // bar byte
  localparam [11:0] CFG_PCICFG_OFFSET = CAP_VIRTIO_PCICFG + 12'h008;
  localparam [11:0] CFG_PCICFG_LENGTH = CAP_VIRTIO_PCICFG + 12'h00C;
  localparam [11:0] CFG_PCICFG_DATA   = CAP_VIRTIO_PCICFG + 12'h010; // pci_cfg_data (§4.1.4.9)
  localparam integer CFG_TABLE_DWORDS = 64;                          // 0x000..0x0FF; above reads 0

  // Command / Status bits (PCIe r6.0 §7.5.1.1.3, §7.5.1.1.4), bit positions in the DW at 0x04
  localparam integer CMD_MEM_SPACE_EN   = 1;
  localparam integer CMD_BUS_MASTER_EN  = 2;
  localparam integer CMD_INTX_DISABLE   = 10;
  localparam integer STS_INTERRUPT      = 16 + 3;
  // Device Control fields (§7.5.3.4), positions in the DW at CAP_PCIE+8
  localparam integer DEVCTL_MPS_LSB     = 5;
  localparam integer DEVCTL_MRRS_LSB    = 12;
  localparam [2:0]   MPS_SUPPORTED      = 3'd2;   // 512 B (regs.ts MPS_SUPPORTED_ENCODING)
  // MSI-X Message Control (§7.7.2.2), positions in the DW at CAP_MSIX
  localparam integer MSIX_FUNCTION_MASK = 16 + 14;
  localparam integer MSIX_ENABLE        = 16 + 15;
  localparam integer MSIX_TABLE_SIZE_LSB = 16;

  // ---------------------------------------------------------------- BAR0 regions (layout.ts VIRTIO_REGIONS)
  localparam [1:0] REGION_COMMON = 2'd0;          // 0x0000
  localparam [1:0] REGION_ISR    = 2'd1;          // 0x1000
  localparam [1:0] REGION_DEVICE = 2'd2;          // 0x2000
  localparam [1:0] REGION_NOTIFY = 2'd3;          // 0x3000; BAR0 offset[13:12] selects the region
  localparam integer NOTIFY_OFF_MULTIPLIER = 4;   // §4.1.4.4
  // BAR2 (layout.ts MSIX_REGIONS): table @0x0000, PBA @0x1000; offset[12] selects

  // ---------------------------------------------------------------- device_status (virtio §2.1)
  localparam [7:0] STATUS_ACKNOWLEDGE        = 8'h01;
  localparam [7:0] STATUS_DRIVER             = 8'h02;
  localparam [7:0] STATUS_DRIVER_OK          = 8'h04;
  localparam [7:0] STATUS_FEATURES_OK        = 8'h08;
  localparam [7:0] STATUS_SUSPEND            = 8'h10;
  localparam [7:0] STATUS_DEVICE_NEEDS_RESET = 8'h40;
  localparam [7:0] STATUS_FAILED             = 8'h80;
  // Bits a driver may not set (model/virtio/status.ts DRIVER_FORBIDDEN): SUSPEND (not offered),
  // reserved bit 5, DEVICE_NEEDS_RESET (device-owned, §2.1.2).
  localparam [7:0] STATUS_DRIVER_FORBIDDEN   = 8'h70;

  localparam [15:0] VIRTIO_MSI_NO_VECTOR = 16'hFFFF;  // §4.1.5.1.2

  // ---------------------------------------------------------------- feature bits (virtio §6, §5.1.3)
  localparam integer VIRTIO_F_INDIRECT_DESC   = 28;
  localparam integer VIRTIO_F_EVENT_IDX       = 29;
  localparam integer VIRTIO_F_VERSION_1       = 32;
  localparam integer VIRTIO_F_ACCESS_PLATFORM = 33;
  localparam integer VIRTIO_F_RING_PACKED     = 34;
  localparam integer VIRTIO_F_IN_ORDER        = 35;
  localparam integer VIRTIO_F_ORDER_PLATFORM  = 36;
  localparam integer VIRTIO_F_NOTIFICATION_DATA = 38;
  localparam integer VIRTIO_F_RING_RESET      = 40;
  localparam integer VIRTIO_NET_F_CSUM        = 0;
  localparam integer VIRTIO_NET_F_GUEST_CSUM  = 1;
  localparam integer VIRTIO_NET_F_MTU         = 3;
  localparam integer VIRTIO_NET_F_MAC         = 5;
  localparam integer VIRTIO_NET_F_GUEST_TSO4  = 7;
  localparam integer VIRTIO_NET_F_GUEST_TSO6  = 8;
  localparam integer VIRTIO_NET_F_GUEST_ECN   = 9;
  localparam integer VIRTIO_NET_F_GUEST_UFO   = 10;
  localparam integer VIRTIO_NET_F_HOST_TSO4   = 11;
  localparam integer VIRTIO_NET_F_HOST_TSO6   = 12;
  localparam integer VIRTIO_NET_F_HOST_ECN    = 13;
  localparam integer VIRTIO_NET_F_HOST_UFO    = 14;
  localparam integer VIRTIO_NET_F_MRG_RXBUF   = 15;
  localparam integer VIRTIO_NET_F_STATUS      = 16;
  localparam integer VIRTIO_NET_F_CTRL_VQ     = 17;
  localparam integer VIRTIO_NET_F_CTRL_RX     = 18;
  localparam integer VIRTIO_NET_F_CTRL_VLAN   = 19;
  localparam integer VIRTIO_NET_F_CTRL_RX_EXTRA = 20;
  localparam integer VIRTIO_NET_F_GUEST_ANNOUNCE = 21;
  localparam integer VIRTIO_NET_F_MQ          = 22;
  localparam integer VIRTIO_NET_F_CTRL_MAC_ADDR = 23;
  localparam integer VIRTIO_NET_F_HASH_TUNNEL = 51;
  localparam integer VIRTIO_NET_F_VQ_NOTF_COAL = 52;
  localparam integer VIRTIO_NET_F_NOTF_COAL   = 53;
  localparam integer VIRTIO_NET_F_GUEST_USO4  = 54;
  localparam integer VIRTIO_NET_F_GUEST_USO6  = 55;
  localparam integer VIRTIO_NET_F_HOST_USO    = 56;
  localparam integer VIRTIO_NET_F_HASH_REPORT = 57;
  localparam integer VIRTIO_NET_F_RSS         = 60;
  localparam integer VIRTIO_NET_F_RSC_EXT     = 61;

  // Offered set, mandatory set, feature dependency table (net §5.1.3.1) and the default MAC:
  // generated from model/virtio/features.ts and net-config.ts (make rtl-gen).
  `include "virtio_features.svh"

  // ---------------------------------------------------------------- virtio-net device config (§5.1.4)
  // NET_MAC_ADDR (virtio_features.svh): first octet (offset 0 of struct virtio_net_config) in [47:40].
  localparam [15:0] NET_S_LINK_UP  = 16'h0001;
  localparam [15:0] NET_MTU        = 16'd1500;

endpackage
