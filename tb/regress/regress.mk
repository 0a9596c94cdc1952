# tb/regress fragment: include from the top Makefile (-include tb/regress/regress.mk).
# Override on the command line, e.g.
#   make regress REGRESS_SEEDS=1..200 REGRESS_SHARD=1/4 REGRESS_ARGS=--fail-fast
.PHONY: regress regress-test

REGRESS_SCENARIOS ?= all
REGRESS_SEEDS ?= 1..50
REGRESS_JOBS ?= 2
REGRESS_SHARD ?=
REGRESS_ARGS ?=

# Every model-only scenario over the seeds; JUnit, summary and coverage under .regress/; fails on
# a failing seed or an unhit coverage bin.
regress: setup
	$(NODE_BIN)/tsx scripts/cli.ts regress --scenarios $(REGRESS_SCENARIOS) --seeds $(REGRESS_SEEDS) --jobs $(REGRESS_JOBS) \
		$(if $(REGRESS_SHARD),--shard $(REGRESS_SHARD)) --require-coverage $(REGRESS_ARGS)

# The regression's own tests (shards, JUnit validity, the 50-seed run, reproduce commands).
regress-test: setup
	$(NODE_BIN)/vitest run tb/regress
