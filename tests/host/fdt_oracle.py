#!/usr/bin/env python3
"""tests/host/fdt_oracle.py - compare kern/fdt.c with fdtget on DTB files.

For each DTB, the expected listing (see fdt_dump.c for the format) is built
from fdtget (-l node lists, -p property lists, -t bx values), from
`dtc -I dtb -O dts` for /memreserve/ entries, and from decoding "reg" and
"compatible" here in Python; it must equal fdt_dump's output line for line.

Usage: fdt_oracle.py --dump FDT_DUMP --fdtget FDTGET --dtc DTC
                     [--unit FDT_UNIT] [--unit-only DTB]... DTB...
The unit test gets every DTB; --unit-only ones are not compared with
fdtget (trees where libfdt's path lookup differs on purpose).
Exit status 0 if every DTB matches (and the unit test passes), else 1.
"""
import argparse
import re
import subprocess
import sys


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
    if r.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (" ".join(cmd), r.returncode,
                                                 r.stderr.strip()))
    return r.stdout


class Tree:
    """A DTB as fdtget sees it: nodes in document order with their
    properties (name, bytes) in order."""

    def __init__(self, fdtget, path):
        self.fdtget, self.path = fdtget, path
        self.nodes = []          # [(path, [(name, bytes)])]
        self._walk("/")
        self._values()

    def _walk(self, node):
        props = run([self.fdtget, "-p", self.path, node]).split("\n")
        self.nodes.append((node, [p for p in props if p]))
        for child in run([self.fdtget, "-l", self.path, node]).split("\n"):
            if child:
                self._walk(node.rstrip("/") + "/" + child)

    def _values(self):
        pairs = [(n, p) for n, props in self.nodes for p in props]
        values = []
        for i in range(0, len(pairs), 100):
            args = [x for pair in pairs[i:i + 100] for x in pair]
            out = run([self.fdtget, "-t", "bx", self.path] + args)
            lines = out.split("\n")
            values += lines[:len(pairs[i:i + 100])]
        it = iter(values)
        self.nodes = [(n, [(p, bytes(int(b, 16) for b in next(it).split()))
                           for p in props]) for n, props in self.nodes]
        self.props = {n: dict(props) for n, props in self.nodes}


def cells(props, name, default):
    v = props.get(name)
    if v is None:
        return default
    return int.from_bytes(v, "big") if len(v) == 4 else None


def reg_lines(tree, path, props):
    """Expected 'reg' lines for a node, decoding with the parent's cells."""
    if "reg" not in props:
        return []
    parent = path.rsplit("/", 1)[0] or "/"
    pprops = tree.props[parent] if path != "/" else {}
    ac = cells(pprops, "#address-cells", 2)
    sc = cells(pprops, "#size-cells", 1)
    reg = props["reg"]
    if ac is None or sc is None or not 1 <= ac <= 2 or not 0 <= sc <= 2 \
            or len(reg) % ((ac + sc) * 4) != 0:
        return ["reg %s error -7" % path]
    stride = (ac + sc) * 4
    if not reg:
        return ["reg %s error -6" % path]
    out = []
    for i in range(len(reg) // stride):
        e = reg[i * stride:(i + 1) * stride]
        a = int.from_bytes(e[:ac * 4], "big")
        s = int.from_bytes(e[ac * 4:], "big")
        out.append("reg %s %d %x %x" % (path, i, a, s))
    return out


def compat_list(v):
    """Strings of a compatible list; an unterminated tail does not count."""
    parts = v.split(b"\0")
    return [p.decode("latin-1") for p in parts[:-1]]


def expected(tree, dtc, path):
    out = []
    for node, props in tree.nodes:
        out.append("node " + node)
        for name, v in props:
            out.append(("prop %s %s " % (node, name) +
                        " ".join("%02x" % b for b in v)).rstrip())
        out += reg_lines(tree, node, dict(props))
    compats = {}
    for node, props in tree.nodes:
        for c in compat_list(dict(props).get("compatible", b"")):
            compats.setdefault(c, [])
            if node not in compats[c]:
                compats[c].append(node)
    for c in sorted(compats, key=lambda s: s.encode("latin-1")):
        out += ["compat %s %s" % (c, n) for n in compats[c]]
    paths = {n for n, _ in tree.nodes}
    for name, v in tree.props.get("/aliases", {}).items():
        target = v.split(b"\0")[0].decode("latin-1")
        target = "/" + "/".join(x for x in target.split("/") if x)
        out.append("alias %s %s" % (name, target if target in paths else "none"))
    dts = run([dtc, "-q", "-I", "dtb", "-O", "dts", path])
    for m in re.finditer(r"^/memreserve/\s+0x([0-9a-f]+)\s+0x([0-9a-f]+);",
                         dts, re.M):
        out.append("rsv %x %x" % (int(m.group(1), 16), int(m.group(2), 16)))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump", required=True)
    ap.add_argument("--fdtget", required=True)
    ap.add_argument("--dtc", required=True)
    ap.add_argument("--unit")
    ap.add_argument("--unit-only", action="append", default=[])
    ap.add_argument("dtbs", nargs="+")
    args = ap.parse_args()

    failed = 0
    for dtb in args.dtbs:
        want = expected(Tree(args.fdtget, dtb), args.dtc, dtb)
        r = subprocess.run([args.dump, dtb], capture_output=True, text=True,
                           errors="replace")
        got = r.stdout.rstrip("\n").split("\n")
        ok = r.returncode == 0 and got == want
        if not ok:
            failed += 1
            sys.stderr.write(r.stderr)
            for i, (g, w) in enumerate(zip(got + [""] * len(want),
                                           want + [""] * len(got))):
                if g != w:
                    print("  line %d: got  %r\n           want %r" % (i + 1, g, w))
                    break
        print("%s %s (%d lines)" % ("ok  " if ok else "FAIL", dtb, len(want)))

    if args.unit:
        r = subprocess.run([args.unit] + args.dtbs + args.unit_only)
        print("%s fdt_unit" % ("ok  " if r.returncode == 0 else "FAIL"))
        failed += r.returncode != 0

    print("%d of %d checks failed" % (failed, len(args.dtbs) + bool(args.unit)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
