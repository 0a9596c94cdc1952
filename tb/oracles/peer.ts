// The network peer on the model side: a stand-in for the one thing QEMU's user netdev (slirp,
// restrict=on) answers without a real network, the ARP request for its gateway 10.0.2.2. slirp
// replies from 52:55:0a:00:02:02 with a frame padded to 64 bytes (no FCS); so does this.

const GATEWAY_IP = [10, 0, 2, 2];
const GATEWAY_MAC = [0x52, 0x55, 0x0a, 0x00, 0x02, 0x02];
const ETH_P_ARP = 0x0806;
const ARP_REQUEST = 1;
const ARP_REPLY = 2;
const MIN_FRAME = 64;

/** The reply a slirp gateway sends to `frame`, or null if it would not answer. */
export function slirpArpReply(frame: Uint8Array): Uint8Array | null {
  if (frame.length < 42) return null;
  const v = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  if (v.getUint16(12) !== ETH_P_ARP || v.getUint16(20) !== ARP_REQUEST) return null;
  for (let i = 0; i < 4; i++) if (frame[38 + i] !== GATEWAY_IP[i]) return null; // target protocol address
  const r = new Uint8Array(MIN_FRAME);
  const rv = new DataView(r.buffer);
  r.set(frame.subarray(22, 28), 0); // to the sender's hardware address
  r.set(GATEWAY_MAC, 6);
  rv.setUint16(12, ETH_P_ARP);
  r.set(frame.subarray(14, 20), 14); // htype, ptype, hlen, plen as asked
  rv.setUint16(20, ARP_REPLY);
  r.set(GATEWAY_MAC, 22);
  r.set(GATEWAY_IP, 28);
  r.set(frame.subarray(22, 32), 32); // target = the requester's MAC and IP
  return r;
}
