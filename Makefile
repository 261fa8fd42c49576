# Mica: a thin wrapper over Meson and Ninja.
#
#   make run   [ARCH=x86_64|arm64|riscv64] [BOARD=...]   build and boot under QEMU
#              [APPEND="kernel command line"] [MODULES="file args;file args"]
#   make check                                           every port, every suite
#   make bench                                           benchmarks, BENCH lines
#   make debug [ARCH=...]                                boot waiting for gdb
#   make deps                                            install what is missing
#   make build [ARCH=...]  /  make clean

ARCH ?= x86_64
ifeq ($(ARCH),x86_64)
BOARD ?= pc
else
BOARD ?= virt
endif
BUILD := build/$(ARCH)-$(BOARD)
PYTHON ?= python3

.PHONY: all deps build run debug check bench clean

all: build

deps:
	@./tools/deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) --cross-file cross/$(ARCH).ini -Dboard=$(BOARD)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

QEMU_RUN = ./tools/qemu-run --arch $(ARCH) --board $(BOARD) --build $(BUILD) \
	$(if $(APPEND),--append "$(APPEND)") $(if $(MODULES),--modules "$(MODULES)")

run: build
	$(QEMU_RUN) --interactive

debug: build
	$(QEMU_RUN) --interactive --gdb

check: deps
	$(PYTHON) tools/check

bench: deps
	$(PYTHON) tools/check --bench

clean:
	rm -rf build
