# tb/regress fragment: include from the top Makefile (-include tb/regress/regress.mk).
# Override on the command line, e.g.
#   make regress REGRESS_SEEDS=1..200 REGRESS_SHARD=1/4 REGRESS_ARGS=--fail-fast
.PHONY: regress regress-test soak

REGRESS_SCENARIOS ?= model
REGRESS_SEEDS ?= 1..50
REGRESS_JOBS ?= 2
REGRESS_SHARD ?=
REGRESS_ARGS ?=

# Every model-only scenario over the seeds (REGRESS_SCENARIOS=all adds every co-simulation scenario on
# the reference RTL: docs/ci.md); JUnit, summary and coverage under .regress/; fails on
# a failing seed or an unhit coverage bin.
regress: setup
	$(NODE_BIN)/tsx scripts/cli.ts regress --scenarios $(REGRESS_SCENARIOS) --seeds $(REGRESS_SEEDS) --jobs $(REGRESS_JOBS) \
		$(if $(REGRESS_SHARD),--shard $(REGRESS_SHARD)) --require-coverage $(REGRESS_ARGS)

# The regression's own tests (shards, JUnit validity, the 50-seed run, reproduce commands).
regress-test: setup
	$(NODE_BIN)/vitest run tb/regress

# Soak: every co-simulation scenario over many seeds at both widths and both comparison levels
# (issue 11: at least 200 seeds per scenario at width 64 and 50 at 256): 17,000 runs (34 scenarios), ~0.1 s
# each on the co-sim workers of tb/regress/pool.ts (~30 min of wall);
# each pass writes its own JUnit under .regress/soak-*. Override SOAK_SEEDS64 / SOAK_SEEDS256 / REGRESS_JOBS.
SOAK_SEEDS64 ?= 1..200
SOAK_SEEDS256 ?= 1..50
SOAK_SCENARIOS = $(shell $(NODE_BIN)/tsx -e "import('./tb/cosim/scenarios.ts').then(m => console.log(m.SCENARIOS.map(s => 'cosim:' + s.name).join(',')))")
# Every pass runs (a failing one does not stop the rest); the target fails if any pass did.
soak: setup
	@rc=0; for pass in 256:exact 256:spec 64:exact 64:spec; do \
	  width=$${pass%%:*}; level=$${pass##*:}; seeds=$$([ $$width = 64 ] && echo $(SOAK_SEEDS64) || echo $(SOAK_SEEDS256)); \
	  $(NODE_BIN)/tsx scripts/cli.ts regress --scenarios $(SOAK_SCENARIOS) --seeds $$seeds --width $$width --compare $$level \
	    --jobs $(REGRESS_JOBS) --timeout 600 --out .regress/soak-w$$width-$$level $(REGRESS_ARGS) || rc=1; \
	done; exit $$rc
