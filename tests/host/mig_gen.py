#!/usr/bin/env python3
"""tests/host/mig_gen.py - preprocess a .defs with cpp and run tools/mig.

Usage: mig_gen.py --mig MIG [--cpp CPP] [-I DIR]... [-D NAME]... --outdir DIR
                  [--sheader] DEFS
Writes <base>.h, <base>User.c and <base>Server.c (and <base>Server.h with
--sheader) into DIR, base being the .defs file name without .defs.
"""
import argparse
import os
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--mig', required=True)
    ap.add_argument('--cpp', default='cpp')
    ap.add_argument('-I', dest='incs', action='append', default=[])
    ap.add_argument('-D', dest='defs', action='append', default=[])
    ap.add_argument('--outdir', required=True)
    ap.add_argument('--sheader', action='store_true')
    ap.add_argument('defs_file')
    a = ap.parse_args()
    base = os.path.basename(a.defs_file)[:-len('.defs')]
    cmd = [a.cpp, '-P', '-x', 'c'] + ['-I' + i for i in a.incs] + \
        ['-D' + d for d in a.defs] + [a.defs_file]
    pre = subprocess.run(cmd, capture_output=True, text=True)
    if pre.returncode != 0:
        sys.stderr.write(pre.stderr)
        return 1
    cmd = [sys.executable, a.mig, '-o', a.outdir, '-name', base,
           '-source', os.path.basename(a.defs_file)]
    if a.sheader:
        cmd += ['-sheader', os.path.join(a.outdir, base + 'Server.h')]
    r = subprocess.run(cmd + ['-'], input=pre.stdout, text=True)
    return r.returncode


if __name__ == '__main__':
    sys.exit(main())
