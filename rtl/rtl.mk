# rtl/rtl.mk — reference RTL targets (included by the top Makefile).
#   make rtl-lint    verilator -Wall lint of the top at TLP_DATA_WIDTH=64 and 256
#   make rtl-stats   yosys synth, prints cell and flip-flop counts
#   make rtl-smoke   builds and runs rtl/smoke/smoke_tb.cpp (Verilator, C++ only)
#   make rtl-msix-test  builds and runs rtl/msix_tb/msix_tb.cpp (msix_table alone)
#   make rtl-diff    replays the golden model's vectors on the RTL (both widths), bit-exact compare
#   make rtl-gen     regenerates rtl/pci_cfg_table.svh and rtl/virtio_features.svh from model/
#   make rtl-gen-check  fails if a generated table (pci_cfg_table.svh, virtio_features.svh) is stale
# RTL_DEFINES="VARIANT_ADDR_CUT ..." lints / builds the smoke bench with those defines (legal variants
# rtl/variants/, broken variants rtl/broken/); smoke builds go to build/rtl/smoke<w>-<defines>.

RTL_DIR      := rtl
RTL_TOP      := virtio_net_pcie
# package first, then one module per file
RTL_SRCS     := $(RTL_DIR)/virtio_pkg.sv \
                $(RTL_DIR)/pci_config_space.sv \
                $(RTL_DIR)/pcie_req_rx.sv \
                $(RTL_DIR)/pcie_cpl_tx.sv \
                $(RTL_DIR)/virtio_common_cfg.sv \
                $(RTL_DIR)/virtio_isr.sv \
                $(RTL_DIR)/virtio_notify.sv \
                $(RTL_DIR)/virtio_net_cfg.sv \
                $(RTL_DIR)/virtio_irq.sv \
                $(RTL_DIR)/msix_table.sv \
                $(filter-out $(RTL_DIR)/virtio_pkg.sv $(RTL_DIR)/virtio_net_pcie.sv $(RTL_DIR)/pci_config_space.sv \
                  $(RTL_DIR)/pcie_req_rx.sv $(RTL_DIR)/pcie_cpl_tx.sv $(RTL_DIR)/virtio_common_cfg.sv \
                  $(RTL_DIR)/virtio_isr.sv $(RTL_DIR)/virtio_notify.sv $(RTL_DIR)/virtio_net_cfg.sv \
                  $(RTL_DIR)/virtio_irq.sv $(RTL_DIR)/msix_table.sv, $(wildcard $(RTL_DIR)/*.sv)) \
                $(RTL_DIR)/virtio_net_pcie.sv
RTL_BUILD    := build/rtl
VERILATOR    ?= verilator
RTL_DEFINES  ?=
rtl_empty    :=
RTL_DEFFLAGS := $(addprefix +define+,$(RTL_DEFINES))
RTL_DEFTAG   := $(if $(strip $(RTL_DEFINES)),-$(subst $(rtl_empty) $(rtl_empty),-,$(strip $(RTL_DEFINES))))
YOSYS        ?= yosys

.PHONY: rtl-lint rtl-stats rtl-smoke rtl-diff rtl-gen rtl-gen-check

rtl-lint:
	@if [ -x $(NODE_BIN)/tsx ]; then $(NODE_BIN)/tsx $(RTL_DIR)/gen/gen-tables.ts --check || exit 1; \
	 else echo "rtl-lint: node_modules missing, generated-table check skipped (make setup)"; fi
	@for w in 64 256; do \
	  echo "== verilator --lint-only -Wall $(RTL_TOP) TLP_DATA_WIDTH=$$w $(RTL_DEFINES)"; \
	  $(VERILATOR) --lint-only -Wall -I$(RTL_DIR) $(RTL_DEFFLAGS) $(RTL_DIR)/lint.vlt $(RTL_SRCS) \
	    --top-module $(RTL_TOP) -GTLP_DATA_WIDTH=$$w || exit 1; \
	done
	@echo "rtl-lint: clean"

rtl-stats:
	@mkdir -p $(RTL_BUILD)
	$(YOSYS) -q -l $(RTL_BUILD)/yosys.log -p 'read_verilog -sv -I$(RTL_DIR) $(RTL_SRCS); synth -top $(RTL_TOP); tee -o $(RTL_BUILD)/stat.txt stat' >/dev/null
	@awk -f $(RTL_DIR)/stats.awk $(RTL_BUILD)/stat.txt

# smoke bench at both tested bus widths (docs/dut-interface.md); artefacts in build/rtl/smoke<w>
RTL_SMOKE_WIDTHS ?= 64 256
rtl-smoke:
	@for w in $(RTL_SMOKE_WIDTHS); do \
	  d=$(RTL_BUILD)/smoke$$w$(RTL_DEFTAG); mkdir -p $$d; \
	  echo "== build smoke_tb TLP_DATA_WIDTH=$$w ($$d/build.log)"; \
	  $(VERILATOR) --cc --exe --build -O3 -CFLAGS -O2 -CFLAGS -DTLP_DW=$$((w / 32)) -j 2 -Wno-fatal -I$(RTL_DIR) $(RTL_DEFFLAGS) \
	    --top-module $(RTL_TOP) -GTLP_DATA_WIDTH=$$w -Mdir $$d -o smoke_tb \
	    $(abspath $(RTL_SRCS)) $(abspath $(RTL_DIR)/smoke/smoke_tb.cpp) >$$d/build.log 2>&1 \
	    || { tail -30 $$d/build.log; exit 1; }; \
	  $$d/smoke_tb || exit 1; \
	done

# Differential replay: the golden model's bring-up + seeded random register walk, replayed on the
# RTL with every completion compared bit for bit (rtl/gen/gen-vectors.ts, smoke_tb <vectors>).
RTL_DIFF_SEED  ?= 1
RTL_DIFF_COUNT ?= 400
rtl-diff: rtl-smoke
	@for w in $(RTL_SMOKE_WIDTHS); do \
	  $(NODE_BIN)/tsx $(RTL_DIR)/gen/gen-vectors.ts $(RTL_BUILD)/vectors-$(RTL_DIFF_SEED).txt $(RTL_DIFF_SEED) $(RTL_DIFF_COUNT) 2>&1 | grep -v 'npm warn' || true; \
	  $(RTL_BUILD)/smoke$$w$(RTL_DEFTAG)/smoke_tb $(RTL_BUILD)/vectors-$(RTL_DIFF_SEED).txt | tail -3 || exit 1; \
	done

rtl-gen:
	$(NODE_BIN)/tsx $(RTL_DIR)/gen/gen-tables.ts

rtl-gen-check:
	$(NODE_BIN)/tsx $(RTL_DIR)/gen/gen-tables.ts --check

# RTL helper B's datapath unit bench (dp-test, dp-lint, dp-yosys)
-include $(RTL_DIR)/dp.mk

# msix_table unit bench (rtl/msix_tb): loaded message withdrawn on a mask, Pending Bit, unmask
.PHONY: rtl-msix-test
rtl-msix-test:
	@d=$(RTL_BUILD)/msix_tb$(RTL_DEFTAG); mkdir -p $$d; \
	$(VERILATOR) --cc --exe --build -O1 -j 2 -Wno-fatal -I$(RTL_DIR) $(RTL_DEFFLAGS) --top-module msix_table \
	  -Mdir $$d -o msix_tb $(abspath $(RTL_DIR)/msix_table.sv) $(abspath $(RTL_DIR)/msix_tb/msix_tb.cpp) >$$d/build.log 2>&1 \
	  || { tail -30 $$d/build.log; exit 1; }; \
	$$d/msix_tb
