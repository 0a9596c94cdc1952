#!/bin/busybox sh
# /init of the linux-guest initramfs (busybox sh, PID 1). Loads the virtio-net modules, brings
# eth0 up with a static address, pings the peer the test harness answers for, and reports on
# the serial console in lines "LGUEST <key> <values>", then powers off. Settings come from
# /etc/lg.conf (written by initramfs.ts): GUEST_IP, PEER_IP, PREFIX, SMALL_COUNT, BIG_COUNT,
# BIG_SIZE, DEADLINE. Every wait is bounded; PID 1 must never exit (the kernel would panic).

/bin/busybox mkdir -p /proc /sys /dev /tmp
/bin/busybox mount -t proc proc /proc
/bin/busybox --install -s /bin
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null

say() { echo "LGUEST $*"; }
finish() { say done "$@"; sync; poweroff -f; sleep 5; }

. /etc/lg.conf
say boot uptime=$(cut -d' ' -f1 /proc/uptime) kernel=$(uname -r)

for m in $(cat /etc/modules.order); do
  insmod "/lib/modules/$m.ko" || say error insmod "$m"
done

NET=/sys/class/net/eth0
i=0
while [ ! -e "$NET" ] && [ $i -lt 100 ]; do usleep 100000; i=$((i + 1)); done
[ -e "$NET" ] || { say error no eth0 after 10 s; finish fail; }

# One '0'/'1' per feature bit, bit 0 first (drivers/virtio/virtio.c features_show): what the
# driver accepted, i.e. the negotiated set. Bit 34 is VIRTIO_F_RING_PACKED.
say features "$(cat $NET/device/features)"
say driver "$(basename "$(readlink $NET/device/driver)")" mac=$(cat $NET/address)

ip link set lo up
ip addr add "$GUEST_IP/$PREFIX" dev eth0
ip link set eth0 up

stats() {
  say stats "$1" rx_packets=$(cat $NET/statistics/rx_packets) tx_packets=$(cat $NET/statistics/tx_packets) \
    rx_bytes=$(cat $NET/statistics/rx_bytes) tx_bytes=$(cat $NET/statistics/tx_bytes)
}
stats before

# -A: the next echo request as soon as the reply is in (adaptive), so the run takes as long as
# the round trips; -w bounds it when replies stop coming.
pingsum() {
  ping -A -q -w "$DEADLINE" "$@" "$PEER_IP" >/tmp/ping.out 2>&1
  grep 'packets transmitted' /tmp/ping.out || echo "no summary: $(tr '\n' ' ' </tmp/ping.out)"
}
say ping small count=$SMALL_COUNT size=56 $(pingsum -c "$SMALL_COUNT")
say ping big count=$BIG_COUNT size=$BIG_SIZE $(pingsum -c "$BIG_COUNT" -s "$BIG_SIZE")

stats after
say uptime $(cut -d' ' -f1 /proc/uptime)
finish ok
