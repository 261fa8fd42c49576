#!/usr/bin/env python3
"""tests/host/mig_gnumach.py - every .defs of GNU Mach goes through tools/mig.

The .defs files of Debian's gnumach-dev (mach/, device/, mach_debug/ and
the machine directory) are preprocessed as GNU Mach's build does it, in
three configurations: user (no define), kernel server (-DKERNEL
-DKERNEL_SERVER=1) and kernel user (-DKERNEL -DKERNEL_USER=1).  Each must
compile through tools/mig with exit status 0.

Files that only declare types (std_types.defs, mach_types.defs,
device_types.defs, ...) have no subsystem of their own: they are checked
by compiling them inside a one-line wrapper subsystem after std_types.defs
and mach_types.defs, so that every declaration in them is still parsed.

SKIP below lists files left out, each with its reason; it is empty.

Then our own include/mach/{mach,mach_port,mach_host,notify,exc}.defs are
compared with GNU Mach's: the same routines, in the same order, with the
same message ids, kinds (routine or simpleroutine) and arguments (name,
direction, msgt_name sent and received, size, count, inline or not).

Usage: mig_gnumach.py [--root DIR] [--cpp CPP]; exit status 0 on success.
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MIG = os.path.join(ROOT, 'tools', 'mig')
SKIP = {}          # relative path -> reason
# Arguments where our .defs follow current GNU Mach (its LP64 ABI, 2023
# onwards) and Debian bookworm's gnumach-dev, the reference here, is older:
# (defs, routine, argument) -> ((msgt_name in, out, size) of ours, reason).
# Anything else that differs still fails.
NEWER_THAN_BOOKWORM = {
    ('exc', 'exception_raise', 'subcode'):
        ((11, 11, 64), 'rpc_long_integer_t (INTEGER_64) since the LP64 ABI; '
                       'bookworm says integer_t'),
}
CONFIGS = [('user', []),
           ('kernel-server', ['-DKERNEL', '-DKERNEL_SERVER=1']),
           ('kernel-user', ['-DKERNEL', '-DKERNEL_USER=1'])]


def find_root():
    """The include directory of gnumach-dev (multiarch or plain)."""
    for d in ('/usr/include/x86_64-linux-gnu', '/usr/include/i386-linux-gnu',
              '/usr/include'):
        if os.path.exists(os.path.join(d, 'mach', 'mach.defs')):
            return d
    return None


def signature(path, root, cpp='cpp'):
    """(name, id, simple, args) of every routine of a .defs file."""
    sys.path.insert(0, os.path.join(ROOT, 'tools'))
    from miglib.parser import parse
    pre = subprocess.run([cpp, '-P', '-x', 'c', '-I' + root, '-D__x86_64__', path],
                         capture_output=True, text=True, check=True).stdout
    sub = parse(pre, path)
    out = []
    for r in sub.routines:
        args = [(a.name, a.kind, a.type.in_name, a.type.out_name, a.type.size,
                 a.type.number, a.type.inline, a.type.var, sorted(a.flags))
                for a in r.args]
        out.append((r.name, r.id, r.simple, args))
    return sub.name, sub.base, out


def known_newer(defs, routine, theirs):
    """routine of ours, with each NEWER_THAN_BOOKWORM argument that has
    exactly the newer form replaced by GNU Mach's (bookworm's) one."""
    rname, rid, simple, args = routine
    other = next((r for r in theirs if r[0] == rname), None)
    if other is None:
        return routine
    out = []
    for a in args:
        known = NEWER_THAN_BOOKWORM.get((defs, rname, a[0]))
        b = next((x for x in other[3] if x[0] == a[0]), None)
        if known and b and (a[2], a[3], a[4]) == known[0] and \
                a[:2] + a[5:] == b[:2] + b[5:]:
            print('note %s.defs: %s %s: %s' % (defs, rname, a[0], known[1]))
            a = b
        out.append(a)
    return (rname, rid, simple, out)


def compare_own(root, cpp):
    """Our .defs against GNU Mach's; returns the number of differences."""
    bad = 0
    for name in ('mach', 'mach_port', 'mach_host', 'notify', 'exc'):
        ours = signature(os.path.join(ROOT, 'include', 'mach', name + '.defs'),
                         os.path.join(ROOT, 'include'), cpp)
        theirs = signature(os.path.join(root, 'mach', name + '.defs'), root, cpp)
        if ours[:2] != theirs[:2]:
            print('FAIL %s.defs: subsystem %s %d, GNU Mach %s %d'
                  % (name, ours[0], ours[1], theirs[0], theirs[1]))
            bad += 1
            continue
        o, t = ours[2], theirs[2]
        o = [known_newer(name, r, t) for r in o]
        for i in range(max(len(o), len(t))):
            a = o[i] if i < len(o) else None
            b = t[i] if i < len(t) else None
            if a != b:
                print('FAIL %s.defs: routine %d differs:\n  ours: %s\n  GNU:  %s'
                      % (name, i, a, b))
                bad += 1
                break
        else:
            print('ok %s.defs: %d routines as in GNU Mach' % (name, len(o)))
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--root')
    ap.add_argument('--cpp', default=os.environ.get('CPP', 'cpp'))
    a = ap.parse_args()
    root = a.root or find_root()
    if root is None:
        print('mig_gnumach: gnumach-dev is not installed (tools/deps.sh installs it)')
        return 1
    files = []
    for sub in ('mach', 'mach/machine', 'device', 'mach_debug'):
        files += sorted(glob.glob(os.path.join(root, sub, '*.defs')))
    if len(files) < 20:
        print('mig_gnumach: only %d .defs under %s' % (len(files), root))
        return 1
    bad = ran = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            rel = os.path.relpath(path, root)
            if rel in SKIP:
                print('SKIP %s: %s' % (rel, SKIP[rel]))
                continue
            text = open(path, errors='replace').read()
            wrap = 'subsystem' not in text
            src = path
            if wrap:
                src = os.path.join(tmp, 'wrap.defs')
                with open(src, 'w') as f:
                    f.write('subsystem types_only 0;\n'
                            '#include <mach/std_types.defs>\n'
                            '#include <mach/mach_types.defs>\n'
                            '#include <%s>\n' % rel)
            for cname, defines in CONFIGS:
                pre = subprocess.run([a.cpp, '-P', '-x', 'c', '-I' + root,
                                      '-D__x86_64__'] + defines + [src],
                                     capture_output=True, text=True)
                if pre.returncode != 0:
                    print('FAIL %s (%s): cpp: %s' % (rel, cname, pre.stderr.strip()))
                    bad += 1
                    continue
                r = subprocess.run([sys.executable, MIG, '-o', tmp, '-name', 'out',
                                    '-sheader', os.path.join(tmp, 'outServer.h'), '-'],
                                   input=pre.stdout, capture_output=True, text=True)
                ran += 1
                out = os.path.join(tmp, 'outServer.c')
                if r.returncode != 0 or not os.path.exists(out) or \
                        '_routine(const mach_msg_header_t *InHeadP)' \
                        not in open(out).read():
                    print('FAIL %s (%s): %s' % (rel, cname, r.stderr.strip()))
                    bad += 1
                else:
                    print('ok %s (%s)%s' % (rel, cname, ' [types only]' if wrap else ''))
                if os.path.exists(os.path.join(tmp, 'outServer.c')):
                    os.remove(os.path.join(tmp, 'outServer.c'))
    bad += compare_own(root, a.cpp)
    print('mig_gnumach: %d runs over %d files, %d failed' % (ran, len(files), bad))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
