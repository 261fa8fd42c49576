#!/usr/bin/env python3
"""tests/host/fdt_boot_oracle.py - check kern/fdt_boot.c on DTB files.

For each DTB, fdt_boot_test's output is compared with
 - the hand-written expectation tests/dts/<name>.boot if there is one
   (exact, line for line; @DTB_END@ stands for 0x4c000000 + totalsize), and
 - unless the .boot file expects an error, what fdtget says the tree holds:
   RAM from enabled root children with device_type "memory", reservations
   from /memreserve/ (via dtc) and /reserved-memory, the initrd, the
   multiboot,module children of /chosen, and bootargs (RAM and reservations
   compared as sets, modules in order; no RAM means rc -6, NOTFOUND).

Usage: fdt_boot_oracle.py --boot FDT_BOOT_TEST --fdtget FDTGET --dtc DTC
                          --expect-dir DIR DTB...
"""
import argparse
import os
import re
import subprocess
import sys

DTB_PHYS = 0x4c000000


def run(cmd, check=True):
    r = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
    if check and r.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (" ".join(cmd), r.returncode,
                                                 r.stderr.strip()))
    return r


class Get:
    """fdtget on one file; missing nodes and properties read as None."""

    def __init__(self, fdtget, path):
        self.fdtget, self.path = fdtget, path

    def children(self, node):
        r = run([self.fdtget, "-l", self.path, node], check=False)
        return [c for c in r.stdout.split("\n") if c] if r.returncode == 0 else []

    def prop(self, node, name):
        r = run([self.fdtget, "-t", "bx", self.path, node, name], check=False)
        if r.returncode != 0:
            return None
        return bytes(int(b, 16) for b in r.stdout.split())

    def string(self, node, name):
        v = self.prop(node, name)
        if v is None or b"\0" not in v:
            return None
        return v.split(b"\0")[0].decode("latin-1")

    def cells(self, node):
        def one(name, default):
            v = self.prop(node, name)
            return default if v is None else int.from_bytes(v, "big")
        return one("#address-cells", 2), one("#size-cells", 1)

    def regs(self, node, parent):
        ac, sc = self.cells(parent)
        v = self.prop(node, "reg") or b""
        step = (ac + sc) * 4
        out = []
        for i in range(0, len(v) - step + 1, step):
            a = int.from_bytes(v[i:i + ac * 4], "big")
            s = int.from_bytes(v[i + ac * 4:i + step], "big")
            out.append((a, a + s))
        return out

    def enabled(self, node):
        s = self.prop(node, "status")
        return s is None or self.string(node, "status") in ("okay", "ok")


def join(parent, child):
    return parent.rstrip("/") + "/" + child


def expected(g, dtc, path, totalsize):
    ram, reserved, modules = [], [("dtb", DTB_PHYS, DTB_PHYS + totalsize)], []
    for c in g.children("/"):
        n = join("/", c)
        if g.string(n, "device_type") == "memory" and g.enabled(n):
            ram += [(a, e) for a, e in g.regs(n, "/") if e > a]
    dts = run([dtc, "-q", "-I", "dtb", "-O", "dts", path]).stdout
    for m in re.finditer(r"^/memreserve/\s+0x([0-9a-f]+)\s+0x([0-9a-f]+);",
                         dts, re.M):
        a, s = int(m.group(1), 16), int(m.group(2), 16)
        reserved.append(("memreserve", a, a + s))
    for c in g.children("/reserved-memory"):
        n = join("/reserved-memory", c)
        if g.enabled(n):
            reserved += [(c, a, e) for a, e in g.regs(n, "/reserved-memory")
                         if e > a]
    cmdline = g.string("/chosen", "bootargs")
    start = g.prop("/chosen", "linux,initrd-start")
    end = g.prop("/chosen", "linux,initrd-end")
    if start is not None and end is not None:
        s, e = int.from_bytes(start, "big"), int.from_bytes(end, "big")
        if e > s:
            modules.append((s, e, "initrd"))
            reserved.append(("initrd", s, e))
    for c in g.children("/chosen"):
        n = join("/chosen", c)
        compat = (g.prop(n, "compatible") or b"").split(b"\0")[:-1]
        if b"multiboot,module" in compat and g.enabled(n):
            a, e = g.regs(n, "/chosen")[0]
            modules.append((a, e, g.string(n, "bootargs") or ""))
            reserved.append(("module", a, e))
    return ram, reserved, modules, cmdline


def parse(lines):
    ram, reserved, modules, cmdline, rc = [], [], [], None, None
    for line in lines:
        kind, _, rest = line.partition(" ")
        if kind == "rc":
            rc = int(rest)
        elif kind == "cmdline":
            cmdline = rest[1:-1]
        elif kind == "ram":
            a, e = rest.split()
            ram.append((int(a, 16), int(e, 16)))
        elif kind == "reserved":
            a, e, what = rest.split(" ", 2)
            reserved.append((what, int(a, 16), int(e, 16)))
        elif kind == "module":
            a, e, args = rest.split(" ", 2)
            modules.append((int(a, 16), int(e, 16), args[1:-1]))
    return ram, reserved, modules, cmdline, rc


def check(args, dtb):
    """Returns a list of complaints for one DTB."""
    with open(dtb, "rb") as f:
        totalsize = int.from_bytes(f.read(8)[4:8], "big")
    r = run([args.boot, dtb], check=False)
    if r.returncode != 0:
        return ["fdt_boot_test exit %d: %s" % (r.returncode, r.stderr.strip())]
    got = r.stdout.rstrip("\n").split("\n")
    bad = []
    base = os.path.basename(dtb)[:-len(".dtb")]
    exp_file = os.path.join(args.expect_dir, base + ".boot")
    rc_expected = 0
    if os.path.exists(exp_file):
        with open(exp_file) as f:
            want = f.read().replace("@DTB_END@", "%x" % (DTB_PHYS + totalsize))
        want = want.rstrip("\n").split("\n")
        rc_expected = parse(want)[4]
        for i, (gl, wl) in enumerate(zip(got + [""] * len(want),
                                         want + [""] * len(got))):
            if gl != wl:
                bad.append("%s line %d: got %r, want %r" % (exp_file, i + 1, gl, wl))
                break
    if rc_expected == 0:
        ram, reserved, modules, cmdline = expected(
            Get(args.fdtget, dtb), args.dtc, dtb, totalsize)
        g_ram, g_res, g_mod, g_cmd, g_rc = parse(got)
        for what, w, gv in (("ram", sorted(ram), sorted(g_ram)),
                            ("reserved", sorted(reserved), sorted(g_res)),
                            ("modules", modules, g_mod),
                            ("cmdline", cmdline, g_cmd),
                            ("rc", 0 if ram else -6, g_rc)):
            if w != gv:
                bad.append("fdtget: %s: got %r, want %r" % (what, gv, w))
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--boot", required=True)
    ap.add_argument("--fdtget", required=True)
    ap.add_argument("--dtc", required=True)
    ap.add_argument("--expect-dir", required=True)
    ap.add_argument("dtbs", nargs="+")
    args = ap.parse_args()
    failed = 0
    for dtb in args.dtbs:
        bad = check(args, dtb)
        print("%s %s" % ("FAIL" if bad else "ok  ", dtb))
        for b in bad:
            print("  " + b)
        failed += bool(bad)
    print("%d of %d trees failed" % (failed, len(args.dtbs)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
