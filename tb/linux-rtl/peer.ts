// The wire's other end for the Linux-on-RTL runs: tb/linux-guest's Peer (ARP and ICMP echo
// replies) plus stray frames that test the device's receive filter (virtio §5.1.6.5.1: with
// VIRTIO_NET_F_CTRL_RX, promiscuous mode, all-multicast and the MAC tables the driver sets
// through the control queue). Strays carry the local experimental EtherType 0x88B5, so the
// guest's stack drops what the driver counts. The guest asks for a stray by the size of its echo request, so
// the stream stays a function of the device's output alone:
//   payload 200: a copy of the reply to a foreign unicast MAC      (guest has promisc on: delivered)
//   payload 201: the same                                           (promisc off: dropped)
//   payload 202: a copy to the all-hosts group 224.0.0.1, which the guest's IPv4 stack joins
//                (RFC 1112; its MAC 01:00:5e:00:00:01 is in the driver's multicast table) (delivered)
//   payload 203: a copy to a group it did not join                  (dropped, all-multicast off)
//   payload 205: the same with all-multicast on                      (delivered)
//   payload 204: a copy to the guest's previous MAC after a change  (dropped)

import { Peer, parseMac, type Classified } from '../linux-guest/responder.js';

export const FOREIGN_MAC = '02:00:00:00:00:99';
export const JOINED_GROUP = '01:00:5e:00:00:01';
export const OTHER_GROUP = '01:00:5e:09:09:09';
/** The guest's MAC after the control workload changes it (tb/linux-guest's GUEST_MAC before). */
export const NEW_GUEST_MAC = '52:54:00:12:34:57';

const STRAY: Record<number, { to: () => Uint8Array; delivered: boolean }> = {
  200: { to: () => parseMac(FOREIGN_MAC), delivered: true },
  201: { to: () => parseMac(FOREIGN_MAC), delivered: false },
  202: { to: () => parseMac(JOINED_GROUP), delivered: true },
  203: { to: () => parseMac(OTHER_GROUP), delivered: false },
  204: { to: () => parseMac('52:54:00:12:34:56'), delivered: false },
  205: { to: () => parseMac(OTHER_GROUP), delivered: true },
};

/** ICMP payload bytes of an echo request frame (IPv4 header length from IHL). */
function icmpPayload(f: Uint8Array): number {
  const total = (f[16] << 8) | f[17];
  return total - (f[14] & 0xf) * 4 - 8;
}

export class FilterPeer {
  readonly peer: Peer;
  /** Strays sent that the filter must deliver / drop. */
  straysDelivered = 0;
  straysDropped = 0;
  /** Bytes of the strays the filter must drop. */
  straysDroppedBytes = 0;

  constructor(mac: string, ip: string) {
    this.peer = new Peer(mac, ip);
  }

  /** The peer's classification and every frame it puts on the wire in answer. */
  answer(f: Uint8Array): { c: Classified; frames: Uint8Array[] } {
    const c = this.peer.classify(f);
    if (!c.reply) return { c, frames: [] };
    const frames = [c.reply];
    const s = c.kind === 'icmp-echo-request' ? STRAY[icmpPayload(f)] : undefined;
    if (s) {
      const stray = c.reply.slice();
      stray.set(s.to(), 0);
      // IEEE 802 local experimental EtherType: the driver counts it, the guest's stack ignores it.
      stray[12] = 0x88;
      stray[13] = 0xb5;
      frames.push(stray);
      if (s.delivered) this.straysDelivered++;
      else {
        this.straysDropped++;
        this.straysDroppedBytes += stray.length;
      }
    }
    return { c, frames };
  }
}

/**
 * Shell run by the guest's /init between the pings and "stats after" (tb/linux-guest/init.sh
 * defines say, pingsum, NET, PEER_IP): control-queue commands with pings that check each.
 */
export const CONTROL_STEPS = `
ctl() { say ctl "$@"; "$@" || say error "$*"; }
ctl ip link set eth0 promisc on
say ping promisc count=5 size=200 $(pingsum -c 5 -s 200)
ctl ip link set eth0 promisc off
say ping nopromisc count=5 size=201 $(pingsum -c 5 -s 201)
say ping mcast-joined count=5 size=202 $(pingsum -c 5 -s 202)
say ping mcast-other count=5 size=203 $(pingsum -c 5 -s 203)
ctl ifconfig eth0 allmulti
say ping allmulti count=5 size=205 $(pingsum -c 5 -s 205)
ctl ifconfig eth0 -allmulti
ctl ip link set eth0 address ${NEW_GUEST_MAC}
say mac $(cat $NET/address)
say ping newmac count=5 size=204 $(pingsum -c 5 -s 204)
ctl ip link set eth0 mtu 1000
say ping mtu1000 count=5 size=900 $(pingsum -c 5 -s 900)
ctl ip link set eth0 mtu 1500
ctl ip link set eth0 down
ctl ip link set eth0 up
say ping relinked count=5 size=56 $(pingsum -c 5)
`;

/**
 * Shell for the `burst` workload: FLOWS pings at once (adaptive, so FLOWS echo requests are in
 * flight), sizes spread over 56..1456 bytes, each reported as "ping burstN ...".
 */
export function burstSteps(flows: number, count: number): string {
  return `
i=0
while [ $i -lt ${flows} ]; do
  ping -A -q -w "$DEADLINE" -c ${count} -s $((56 + 200 * i)) "$PEER_IP" >/tmp/burst.$i 2>&1 &
  i=$((i + 1))
done
wait
i=0
while [ $i -lt ${flows} ]; do
  say ping burst$i count=${count} size=$((56 + 200 * i)) $(grep 'packets transmitted' /tmp/burst.$i || echo "no summary")
  i=$((i + 1))
done
`;
}
