# Datapath (virtio_net_datapath) unit bench, owned by RTL helper B.
# Included from the top Makefile and rtl/rtl.mk (guarded against double inclusion).
# `make dp-test` builds the bench for TLP_DATA_WIDTH 64 and 256 and runs both; `make dp-lint` lints.
ifndef DP_MK_INCLUDED
DP_MK_INCLUDED := 1
DP_RTL := rtl/dma_rd.sv rtl/dma_wr.sv rtl/net_rx_fifo.sv rtl/net_ctrl.sv rtl/vq_engine.sv rtl/virtio_net_datapath.sv
DP_VFLAGS := -Wall --top-module virtio_net_datapath -GCPL_TIMEOUT=4000

.PHONY: dp-test dp-lint dp-yosys
dp-lint:
	@for w in 64 256; do verilator --lint-only $(DP_VFLAGS) -GTLP_DATA_WIDTH=$$w $(DP_RTL) || exit 1; done; echo "dp-lint: clean (64, 256)"

dp-yosys:
	yosys -q -p "read_verilog -sv $(DP_RTL); hierarchy -top virtio_net_datapath; proc" && echo "dp-yosys: read OK"

rtl/obj_dp%/Vvirtio_net_datapath: $(DP_RTL) rtl/dp_tb/dp_tb.cpp
	verilator --cc --exe --build -j 2 -O2 $(DP_VFLAGS) -GTLP_DATA_WIDTH=$* -CFLAGS "-O1 -DTLP_W=$*" \
	  --Mdir rtl/obj_dp$* $(DP_RTL) $(CURDIR)/rtl/dp_tb/dp_tb.cpp >/dev/null

dp-test: rtl/obj_dp64/Vvirtio_net_datapath rtl/obj_dp256/Vvirtio_net_datapath
	rtl/obj_dp64/Vvirtio_net_datapath
	rtl/obj_dp256/Vvirtio_net_datapath
endif
