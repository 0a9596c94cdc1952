# virtio-cosim top-level Makefile. Folder-specific targets live in */*.mk fragments.
SHELL := /bin/bash
NODE_BIN := node_modules/.bin

.PHONY: all setup build typecheck test sim-prebuild demo bringup-trace bench mutate rtl-lint rtl-stats rtl-smoke clean

all: build

setup:
	@bash scripts/install-deps.sh

build: setup
	$(NODE_BIN)/tsc -p tsconfig.json --noEmit

typecheck: build

# The README's test command (what CI runs): typecheck, RTL lint + synthesis + smoke benches, then
# every vitest suite (model, testbench, bridge and co-simulation against real Verilator builds).
test: setup
	$(NODE_BIN)/tsc -p tsconfig.json --noEmit
	$(MAKE) --no-print-directory rtl-lint
	$(MAKE) --no-print-directory rtl-smoke
	$(MAKE) --no-print-directory dp-test
	$(MAKE) --no-print-directory rtl-msix-test
	$(MAKE) --no-print-directory rtl-stats
	$(MAKE) --no-print-directory sim-prebuild
	$(NODE_BIN)/vitest run

# Every Verilator server the tests start, built up front (cached by rtl-bridge/bridge.mk), so no
# test waits for a cold build inside its own time limit. Each entry: top:width:defines:trace.
SIM_VARIANTS := rtl:64::: rtl:256::: rtl:64::vcd: test:64::: test:64::vcd: test:64::fst: \
  rtl:64:BROKEN_WRAP_COUNTER:: rtl:64:BROKEN_MSIX_WHILE_MASKED:: rtl:64:BROKEN_MRRS_IGNORED:: \
  rtl:64:BROKEN_RO_CONFIG_WRITABLE:: rtl:64:BROKEN_USED_FLAGS_FIRST:: rtl:64:BROKEN_RO_CONFIG_WRITABLE:vcd: rtl:64:BROKEN_MSIX_WHILE_MASKED:vcd: \
  rtl:64:VARIANT_DESC_BATCH:: rtl:64:VARIANT_ADDR_CUT:: rtl:64:VARIANT_USED_BATCH:: rtl:64:VARIANT_IRQ_COALESCE:: \
  rtl:64:VARIANT_EXTRA_LATENCY:: \
  test:64:TEST_DUT_BEAT_PER_DW:: test:64:TEST_DUT_NO_SOP:: test:64:TEST_DUT_UNSTABLE:: slowrd:64:::
sim-prebuild:
	@$(MAKE) --no-print-directory bridge-native >/dev/null
	@for v in $(SIM_VARIANTS); do \
	  IFS=: read -r top width defs trace _ <<< "$$v"; \
	  echo "== sim-prebuild $$top w$$width $$defs $$trace"; \
	  $(MAKE) --no-print-directory bridge-server BRIDGE_TOP=$$top BRIDGE_WIDTH=$$width BRIDGE_DEFINES="$$defs" BRIDGE_TRACE="$$trace" >/dev/null || exit 1; \
	done

# The main job (README.md): co-simulation of the reference RTL against the golden model, with a
# summary. The Verilator server is built on first use (cached by rtl-bridge/bridge.mk).
demo: setup
	$(NODE_BIN)/tsx scripts/main-job.ts

# Register-level view: the decoded config space and a bring-up trace from the model alone.
bringup-trace: setup
	$(NODE_BIN)/tsx scripts/cli.ts demo

bench: setup
	$(NODE_BIN)/tsx scripts/bench.ts

# Mutation testing of the reference RTL (tb/mutate/README.md): MUTANTS sampled, JOBS in parallel.
MUTANTS ?= 20
JOBS ?= 2
mutate: setup
	$(NODE_BIN)/tsx scripts/cli.ts mutate --count $(MUTANTS) --jobs $(JOBS) --out out/mutate

clean:
	rm -rf dist build rtl/obj_* rtl-bridge/build waves/out vectors/out

-include rtl/rtl.mk
-include rtl/dp.mk
-include rtl-bridge/bridge.mk
-include tb/tb.mk
-include tb/player/player.mk
-include tb/regress/regress.mk
-include tb/fuzz/fuzz.mk
-include tb/vhost-user/vhost.mk
