# tb/vhost-user fragment (the lead includes it from the top Makefile).
# The N-API addon: one C file, compiled directly against the headers of the Node that runs it.
.PHONY: vhost-native vhost-test

VHOST_NATIVE_SRC := tb/vhost-user/native/vhost_native.c
VHOST_NATIVE_OUT := tb/vhost-user/native/build/vhost_native.node
NODE_INCLUDE ?= $(shell node -p "require('path').resolve(process.execPath, '../../include/node')")

$(VHOST_NATIVE_OUT): $(VHOST_NATIVE_SRC)
	mkdir -p $(dir $@)
	cc -shared -fPIC -O2 -Wall -Wextra -DNODE_GYP_MODULE_NAME=vhost_native -I$(NODE_INCLUDE) -o $@ $<

vhost-native: $(VHOST_NATIVE_OUT)

# DPDK virtio-user against the model's rings (the Linux guest runs from tb/linux-guest/).
vhost-test: setup vhost-native
	$(NODE_BIN)/vitest run tb/vhost-user
