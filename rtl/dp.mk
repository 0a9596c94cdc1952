# Datapath (virtio_net_datapath) unit bench, owned by RTL helper B.
# Included from the top Makefile and rtl/rtl.mk (guarded against double inclusion).
# `make dp-test` builds the bench for TLP_DATA_WIDTH 64 and 256 and runs both; `make dp-lint` lints.
# DP_DEFINES="VARIANT_ADDR_CUT ..." builds both with those defines (rtl/variants/, rtl/broken/),
# each define set in its own directory (rtl/obj_dp64-VARIANT_ADDR_CUT).
ifndef DP_MK_INCLUDED
DP_MK_INCLUDED := 1
DP_RTL := rtl/dma_rd.sv rtl/dma_wr.sv rtl/net_rx_fifo.sv rtl/net_ctrl.sv rtl/vq_engine.sv rtl/virtio_net_datapath.sv
DP_VFLAGS := -Wall --top-module virtio_net_datapath -GCPL_TIMEOUT=4000
DP_DEFINES ?=
dp_empty :=
DP_TAG := $(subst $(dp_empty) $(dp_empty),-,$(strip $(DP_DEFINES)))
DP_SUFFIX := $(if $(DP_TAG),-$(DP_TAG))
DP_DEFFLAGS := $(addprefix +define+,$(DP_DEFINES))
DP_WIDTHS := 64 256

.PHONY: dp-test dp-lint dp-yosys
dp-lint:
	@for w in $(DP_WIDTHS); do verilator --lint-only $(DP_VFLAGS) $(DP_DEFFLAGS) -GTLP_DATA_WIDTH=$$w $(DP_RTL) || exit 1; done; echo "dp-lint: clean (64, 256) $(DP_DEFINES)"

dp-yosys:
	yosys -q -p "read_verilog -sv $(DP_RTL); hierarchy -top virtio_net_datapath; proc" && echo "dp-yosys: read OK"

define DP_BUILD
rtl/obj_dp$(1)$(DP_SUFFIX)/Vvirtio_net_datapath: $(DP_RTL) rtl/dp_tb/dp_tb.cpp
	verilator --cc --exe --build -j 2 -O2 $(DP_VFLAGS) $(DP_DEFFLAGS) -GTLP_DATA_WIDTH=$(1) -CFLAGS "-O1 -DTLP_W=$(1)" \
	  --Mdir rtl/obj_dp$(1)$(DP_SUFFIX) $(DP_RTL) $(CURDIR)/rtl/dp_tb/dp_tb.cpp >/dev/null
endef
$(foreach w,$(DP_WIDTHS),$(eval $(call DP_BUILD,$(w))))

dp-test: $(foreach w,$(DP_WIDTHS),rtl/obj_dp$(w)$(DP_SUFFIX)/Vvirtio_net_datapath)
	@for w in $(DP_WIDTHS); do rtl/obj_dp$$w$(DP_SUFFIX)/Vvirtio_net_datapath || exit 1; done
endif
