# tb/fuzz fragment, included by the top Makefile. `make fuzz FUZZ_SECONDS=60 FUZZ_SEED=7`
# runs every target for FUZZ_SECONDS (tb/fuzz/README.md); a short run is part of `make test`
# (tb/fuzz/fuzz.test.ts).
.PHONY: fuzz

FUZZ_SECONDS ?= 10
FUZZ_SEED ?= 1
FUZZ_ARGS ?=

fuzz: setup
	$(NODE_BIN)/tsx tb/fuzz/cli.ts --seconds $(FUZZ_SECONDS) --seed $(FUZZ_SEED) $(FUZZ_ARGS)
