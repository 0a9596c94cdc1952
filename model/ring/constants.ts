// Packed virtqueue constants (virtio 1.x §2.8; numbers as in the checklist §4 and §8).

/** struct pvirtq_desc is 16 bytes: addr le64 @0, len le32 @8, id le16 @12, flags le16 @14 (§2.8.13). */
export const DESC_SIZE = 16;
export const DESC_OFF_ADDR = 0;
export const DESC_OFF_LEN = 8;
export const DESC_OFF_ID = 12;
export const DESC_OFF_FLAGS = 14;

/** Descriptor flags (§2.8.13, §2.8.1). */
export const VIRTQ_DESC_F_NEXT = 0x0001;
export const VIRTQ_DESC_F_WRITE = 0x0002;
export const VIRTQ_DESC_F_INDIRECT = 0x0004;
export const VIRTQ_DESC_F_AVAIL = 0x0080; // bit 7
export const VIRTQ_DESC_F_USED = 0x8000; // bit 15

/** struct pvirtq_event_suppress (§2.8.14): desc (off:15, wrap:1) @0, flags (2 bits) @2. */
export const EVENT_OFF_DESC = 0;
export const EVENT_OFF_FLAGS = 2;
export const RING_EVENT_FLAGS_ENABLE = 0x0;
export const RING_EVENT_FLAGS_DISABLE = 0x1;
export const RING_EVENT_FLAGS_DESC = 0x2; // only with VIRTIO_F_EVENT_IDX

/** Feature bits the ring reacts to (§6). */
export const VIRTIO_F_INDIRECT_DESC = 28;
export const VIRTIO_F_EVENT_IDX = 29;
export const VIRTIO_F_RING_PACKED = 34;
export const VIRTIO_F_IN_ORDER = 35;
export const VIRTIO_F_NOTIFICATION_DATA = 38;

/** Packed rings hold at most 2^15 descriptors (§2.8). */
export const MAX_QUEUE_SIZE = 32768;
