/*
 * tests/host/ipc_user_model/mach_interface.h - the host build generates
 * the mach.defs stubs under the base name "mach"; libmach calls them
 * mach_interface (user/mig/meson.build).
 */
#include "mach.h"
