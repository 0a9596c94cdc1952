# virtio-cosim top-level Makefile. Folder-specific targets live in */*.mk fragments.
SHELL := /bin/bash
NODE_BIN := node_modules/.bin

.PHONY: all setup build typecheck test demo bringup-trace bench rtl-lint rtl-stats rtl-smoke clean

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
	$(MAKE) --no-print-directory rtl-stats
	$(NODE_BIN)/vitest run

# The main job (README.md): co-simulation of the reference RTL against the golden model, with a
# summary. The Verilator server is built on first use (cached by rtl-bridge/bridge.mk).
demo: setup
	$(NODE_BIN)/tsx scripts/main-job.ts

# Register-level view: the decoded config space and a bring-up trace from the model alone.
bringup-trace: setup
	$(NODE_BIN)/tsx scripts/cli.ts demo

bench: setup
	$(NODE_BIN)/tsx scripts/bench.ts

clean:
	rm -rf dist build rtl/obj_* rtl-bridge/build waves/out vectors/out

-include rtl/rtl.mk
-include rtl/dp.mk
-include rtl-bridge/bridge.mk
-include tb/tb.mk
-include tb/player/player.mk
-include tb/regress/regress.mk
-include tb/vhost-user/vhost.mk
