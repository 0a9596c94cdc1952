# tb/player: pure SystemVerilog vector player built with Verilator (included by the top Makefile).
#
#   make player-build [PLAYER_WIDTH=64|256] [PLAYER_TRACE=1] [PLAYER_DEFINES=BROKEN_X]   -> prints PLAYER_BIN=<path>
#        (PLAYER_DEFINES builds against a broken-RTL variant, rtl/broken/README.md)
#   make player-test  [PLAYER_WIDTH=64|256] [PLAYER_SCENARIO=config] [PLAYER_SEED=1]
#        generates the vector with the model (vectors gen), then replays it with no Node involved.
PLAYER_WIDTH ?= 64
NODE_BIN ?= node_modules/.bin
PLAYER_TRACE ?=
PLAYER_SCENARIO ?= config
PLAYER_SEED ?= 1
PLAYER_DEFINES ?=
PLAYER_NAME := w$(PLAYER_WIDTH)$(if $(PLAYER_TRACE),-trace)$(if $(strip $(PLAYER_DEFINES)),-$(subst $(eval) ,-,$(strip $(PLAYER_DEFINES))))
PLAYER_DIR := tb/player/build/$(PLAYER_NAME)
PLAYER_BIN := $(PLAYER_DIR)/vector-player
# Packages first so modules can import them.
PLAYER_RTL := $(sort $(wildcard rtl/*_pkg.sv)) $(filter-out $(wildcard rtl/*_pkg.sv),$(sort $(wildcard rtl/*.sv)))
PLAYER_SRC := tb/player/vector_player.sv tb/player/player_main.cpp

$(PLAYER_BIN): $(PLAYER_RTL) $(PLAYER_SRC) tb/player/player.mk
	@mkdir -p $(PLAYER_DIR)
	verilator --cc --exe --build -O2 -j 2 -Wno-fatal -Wno-lint -Wno-style \
	  -Irtl --top-module vector_player -Mdir $(PLAYER_DIR)/obj -o ../vector-player \
	  -GTLP_DATA_WIDTH=$(PLAYER_WIDTH) $(if $(PLAYER_TRACE),--trace) $(addprefix +define+,$(PLAYER_DEFINES)) --timescale-override 1ns/1ns \
	  -CFLAGS -DVL_USER_FATAL -MAKEFLAGS 'OPT_FAST=-O1 OPT_SLOW=-O0' \
	  $(PLAYER_RTL) tb/player/vector_player.sv $(abspath tb/player/player_main.cpp) > $(PLAYER_DIR)/build.log 2>&1 \
	  || { tail -n 40 $(PLAYER_DIR)/build.log; exit 1; }

.PHONY: player-build player-test
player-build: $(PLAYER_BIN)
	@echo PLAYER_BIN=$(abspath $(PLAYER_BIN))

player-test: $(PLAYER_BIN)
	$(NODE_BIN)/tsx scripts/cli.ts vectors gen --scenario $(PLAYER_SCENARIO) --seed $(PLAYER_SEED) --width $(PLAYER_WIDTH) --out vectors/out
	$(PLAYER_BIN) +vector=vectors/out/$(PLAYER_SCENARIO)-$(PLAYER_SEED)-w$(PLAYER_WIDTH).hex
