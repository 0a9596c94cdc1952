# Summarises yosys `stat` output: cells and flip-flops per module, then the whole design.
# A flip-flop is any $_*DFF*_ / $_*DLATCH*_ cell (a latch would be a bug: reported separately).
/^=== / {
  mod = $2; sub(/^\$paramod\$[0-9a-f]+\\/, "", mod); sub(/^\$paramod\\/, "", mod); sub(/\\.*/, "", mod)
  if ($0 ~ /design hierarchy/) mod = "TOTAL"
}
/Number of cells:/ { cells[mod] = $4; order[++n] = mod }
/\$_[A-Z]*DFF[A-Z]*_/ { ff[mod] += $2 }
/\$_[A-Z]*DLATCH[A-Z]*_/ { latch[mod] += $2 }
END {
  printf "%-24s %10s %12s\n", "module", "cells", "flip-flops"
  for (i = 1; i <= n; i++) {
    m = order[i]; if (m == "TOTAL") continue
    printf "%-24s %10d %12d\n", m, cells[m], ff[m]
  }
  printf "rtl-stats: %d cells, %d flip-flops, %d latches (yosys synth -top virtio_net_pcie)\n", cells["TOTAL"], ff["TOTAL"], latch["TOTAL"]
}
