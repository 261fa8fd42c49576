"""miglib.lexer - tokens of the MIG .defs language (after cpp).

Tokens are (kind, value, line): kind is 'id', 'num', 'sym', 'file' (the
<...> or "..." operand of an import statement) or 'str' (a quoted string
elsewhere, as after rcsid).  Keywords are identifiers; the parser compares
them case-insensitively.  cpp line markers ("# 12 "file"") keep line
numbers and file names right in error messages.
"""
import re


class MigError(Exception):
    """A diagnostic about the input: printed as file:line: message."""

    def __init__(self, msg, where=None):
        super().__init__(msg)
        self.where = where

    def __str__(self):
        if self.where:
            return '%s:%d: %s' % (self.where[0], self.where[1], self.args[0])
        return self.args[0]


_TOKEN = re.compile(r'''
    (?P<ws>[ \t\r\f\v]+)
  | (?P<nl>\n)
  | (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<num>0[xX][0-9a-fA-F]+|[0-9]+)
  | (?P<id>[A-Za-z_$][A-Za-z0-9_$]*)
  | (?P<str>"[^"\n]*")
  | (?P<sym>[;:,()\[\]=|^*+\-/<>{}.])
''', re.S | re.X)

_MARKER = re.compile(r'#\s*(?:line\s+)?(\d+)(?:\s+"([^"]*)")?[^\n]*')
_FILE_OPERAND = re.compile(r'\s*(<[^>\n]*>|"[^"\n]*")')


def tokenize(text, filename='<stdin>'):
    """Split preprocessed .defs text into a list of (kind, value, where).

    where is (file, line).  Raises MigError on a character that starts no
    token.  A '#' at the start of a line is a cpp marker (or a stray
    directive, which is ignored with its line).
    """
    toks = []
    pos, line, n = 0, 1, len(text)
    fname = filename
    at_bol = True
    want_file = False
    while pos < n:
        if at_bol:
            m = re.compile(r'[ \t]*#').match(text, pos)
            if m:
                end = text.find('\n', pos)
                end = n if end < 0 else end
                mk = _MARKER.match(text[m.end() - 1:end])
                if mk:
                    line = int(mk.group(1)) - 1
                    if mk.group(2) is not None:
                        fname = mk.group(2)
                pos = end
                continue
        if want_file:
            want_file = False
            m = _FILE_OPERAND.match(text, pos)
            if m:
                toks.append(('file', m.group(1), (fname, line)))
                line += m.group(0).count('\n')
                pos = m.end()
                continue
        m = _TOKEN.match(text, pos)
        if not m:
            raise MigError('unexpected character %r' % text[pos], (fname, line))
        kind = m.lastgroup
        val = m.group(kind)
        pos = m.end()
        if kind == 'nl':
            line += 1
            at_bol = True
            continue
        if kind in ('ws', 'comment'):
            line += val.count('\n')
            continue
        at_bol = False
        if kind == 'num':
            if len(val) > 1 and val[0] == '0' and val[1] not in 'xX':
                num = int(val, 8)        # C octal, as in 0100
            else:
                num = int(val, 0)
            toks.append(('num', num, (fname, line)))
            continue
        toks.append((kind, val, (fname, line)))
        if kind == 'id' and val.lower() in ('import', 'uimport', 'simport'):
            want_file = True
    toks.append(('eof', None, (fname, line)))
    return toks
