#!/bin/sh
# tools/deps.sh - install the Debian packages Mica needs, only those missing.
# Used by `make deps` (and so by make run / check / bench / debug).
set -e

PACKAGES="make gcc binutils python3 meson ninja-build gnumach-dev
device-tree-compiler
gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu
gcc-riscv64-linux-gnu binutils-riscv64-linux-gnu
qemu-system-x86 qemu-system-arm qemu-system-misc
opensbi u-boot-qemu gdb-multiarch"

missing=""
for p in $PACKAGES; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done

if [ -z "$missing" ]; then
	exit 0
fi

echo "deps: installing:$missing"
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "deps: need root (or sudo) to install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
