# tb/ fragment, included by the top Makefile.
.PHONY: scenarios tb-test bench-gc

# Model-only scenario tests (driver model + host models against the golden model).
scenarios: setup
	$(NODE_BIN)/vitest run tb/scenarios

# Every testbench unit test (host, driver, scenarios, cosim).
tb-test: setup
	$(NODE_BIN)/vitest run tb

# `make bench` with exact heap deltas (forced GC).
bench-gc: setup
	node --expose-gc --import tsx scripts/bench.ts
