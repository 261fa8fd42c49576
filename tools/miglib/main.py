"""miglib.main - command line of tools/mig.

  mig [-user F] [-server F] [-header F] [-sheader F] [-o DIR] [-name BASE]
      [INPUT]

INPUT is C-preprocessed .defs text (a file, or stdin when absent or '-').
By default the outputs go to DIR (default .) as BASE.h, BASEUser.c and
BASEServer.c, BASE being the subsystem name; -sheader adds BASEServer.h.
Exit status 0 on success, 1 on an error in the input (printed as
file:line: message), 2 on a usage error.
"""
import argparse
import os
import sys

from .lexer import MigError
from .parser import parse
from .emit_user import user_c, user_h
from .emit_server import server_c, server_h


def main(argv=None):
    """Parse arguments, compile, write the outputs."""
    ap = argparse.ArgumentParser(prog='mig', description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('input', nargs='?', default='-')
    ap.add_argument('-user', metavar='FILE')
    ap.add_argument('-server', metavar='FILE')
    ap.add_argument('-header', metavar='FILE')
    ap.add_argument('-sheader', metavar='FILE')
    ap.add_argument('-o', dest='outdir', default='.', metavar='DIR')
    ap.add_argument('-name', metavar='BASE',
                    help='base of output file names (default: subsystem)')
    ap.add_argument('-source', metavar='NAME',
                    help='name of the .defs in generated comments')
    args = ap.parse_args(argv)
    try:
        if args.input == '-':
            text, fname = sys.stdin.read(), '<stdin>'
        else:
            with open(args.input) as f:
                text, fname = f.read(), args.input
        sub = parse(text, fname)
        base = args.name or sub.name
        src = args.source or os.path.basename(fname)
        outs = [
            (args.header or os.path.join(args.outdir, base + '.h'), user_h),
            (args.user or os.path.join(args.outdir, base + 'User.c'), user_c),
            (args.server or os.path.join(args.outdir, base + 'Server.c'), server_c),
        ]
        if args.sheader:
            outs.append((args.sheader, server_h))
        texts = [(path, fn(sub, src, base)) for path, fn in outs]
    except MigError as e:
        print('mig: %s' % e, file=sys.stderr)
        return 1
    except OSError as e:
        print('mig: %s' % e, file=sys.stderr)
        return 1
    for path, text in texts:
        with open(path, 'w') as f:
            f.write(text)
    return 0
