#!/usr/bin/env python3
"""tests/host/mig_golden.py - tools/mig output against checked-in files.

For every tests/mig/<name>.defs: preprocess with cpp (-I include, -I
tests/mig), run tools/mig with -sheader, and compare <name>.h,
<name>User.c, <name>Server.c and <name>Server.h with
tests/mig/golden/<name>/ line for line (a unified diff is printed on a
difference).  The generated C must also compile warning-free with
$CC -Wall -Wextra -Wshadow -Werror against include/mach.

To accept a deliberate change of the generator, regenerate the golden
files and review the diff before committing:

    python3 tests/host/mig_golden.py --regen

Exit status 0 when every file matches and compiles, else 1.
"""
import argparse
import difflib
import glob
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLES = os.path.join(ROOT, 'tests', 'mig')
GOLDEN = os.path.join(SAMPLES, 'golden')
MIG = os.path.join(ROOT, 'tools', 'mig')
INCLUDE = os.path.join(ROOT, 'include')


def generate(defs, outdir, cpp):
    """Run cpp and tools/mig on one sample; returns the output names."""
    base = os.path.basename(defs)[:-len('.defs')]
    pre = subprocess.run([cpp, '-P', '-x', 'c', '-I' + INCLUDE, '-I' + SAMPLES, defs],
                         capture_output=True, text=True, check=True).stdout
    r = subprocess.run([sys.executable, MIG, '-o', outdir, '-name', base,
                        '-source', os.path.basename(defs),
                        '-sheader', os.path.join(outdir, base + 'Server.h'), '-'],
                       input=pre, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError('mig failed on %s: %s' % (defs, r.stderr.strip()))
    return [base + s for s in ('.h', 'User.c', 'Server.c', 'Server.h')]


def compile_c(path, cc):
    """Compile one generated file; returns the compiler's complaint or ''."""
    r = subprocess.run([cc, '-std=gnu11', '-Wall', '-Wextra', '-Wshadow', '-Werror',
                        '-O2', '-c', '-o', os.devnull, '-I' + INCLUDE,
                        '-I' + SAMPLES, '-I' + os.path.join(SAMPLES, 'kstub'),
                        '-I' + os.path.dirname(path), path],
                       capture_output=True, text=True)
    return r.stderr if r.returncode else ''


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--regen', action='store_true', help='rewrite the golden files')
    ap.add_argument('--cpp', default=os.environ.get('CPP', 'cpp'))
    ap.add_argument('--cc', default=os.environ.get('CC', 'cc'))
    a = ap.parse_args()
    samples = sorted(glob.glob(os.path.join(SAMPLES, '*.defs')))
    if not samples:
        print('mig_golden: no samples in %s' % SAMPLES)
        return 1
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for defs in samples:
            base = os.path.basename(defs)[:-len('.defs')]
            names = generate(defs, tmp, a.cpp)
            gdir = os.path.join(GOLDEN, base)
            if a.regen:
                os.makedirs(gdir, exist_ok=True)
                for n in names:
                    shutil.copy(os.path.join(tmp, n), os.path.join(gdir, n))
                print('mig_golden: wrote %s' % os.path.relpath(gdir, ROOT))
                continue
            for n in names:
                got = open(os.path.join(tmp, n)).read().splitlines(True)
                gpath = os.path.join(gdir, n)
                if not os.path.exists(gpath):
                    print('FAIL %s: no golden file %s' % (base, gpath))
                    bad += 1
                    continue
                want = open(gpath).read().splitlines(True)
                if got != want:
                    bad += 1
                    print('FAIL %s/%s differs from the golden file:' % (base, n))
                    sys.stdout.writelines(list(difflib.unified_diff(
                        want, got, 'golden/' + n, 'generated/' + n))[:80])
            for n in names:
                if n.endswith('.c'):
                    err = compile_c(os.path.join(tmp, n), a.cc)
                    if err:
                        bad += 1
                        print('FAIL %s does not compile cleanly:\n%s' % (n, err))
            print('mig_golden: %s: %d files checked' % (base, len(names)))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
