# rtl-bridge: Verilator server builds (included by the top Makefile; paths are repo-relative).
#
#   make bridge-server [BRIDGE_TOP=rtl|test|slowrd] [BRIDGE_WIDTH=64|256] [BRIDGE_DEFINES="A B=1"]
#                      [BRIDGE_TRACE=vcd|fst]
# builds (only when the content of a source, an included file or the server changed) and prints
# `BRIDGE_BIN=<path>` last. It runs `virtio-cosim build` (scripts/build-dut.ts), the same path a
# user's design takes (`--top NAME --rtl PATH ...`); each build lands in
# rtl-bridge/build/<top>-w<width>[-trace]-<content key>/.

BRIDGE_TOP ?= rtl
BRIDGE_WIDTH ?= 64
BRIDGE_DEFINES ?=
BRIDGE_TRACE ?=

.PHONY: bridge-server bridge-test
bridge-server:
	@$(NODE_BIN)/tsx scripts/build-dut.ts --quiet --width $(BRIDGE_WIDTH) $(if $(filter test slowrd,$(BRIDGE_TOP)),--fixture $(BRIDGE_TOP)) \
	  $(addprefix --define ,$(BRIDGE_DEFINES)) $(if $(BRIDGE_TRACE),--trace $(BRIDGE_TRACE))

bridge-test: setup
	$(NODE_BIN)/vitest run rtl-bridge

# Raw Verilator vs co-sim speed on the same traffic (for the top-level `make bench`).
.PHONY: bridge-bench
bridge-bench: setup
	$(NODE_BIN)/tsx rtl-bridge/bench.ts

# The native ZeroMQ client of the lockstep runner (rtl-bridge/client/native, N-API against the
# system libzmq): built on first use by rtl-bridge/client/zmq-sync.ts, cached by content under
# rtl-bridge/build/zmq-sync-<key>/; this target builds it ahead and prints `ZMQ_SYNC=<path>`.
.PHONY: bridge-native
bridge-native:
	@$(NODE_BIN)/tsx -e "import('./rtl-bridge/client/zmq-sync.ts').then((m) => console.log('ZMQ_SYNC=' + m.buildZmqSync()))"
