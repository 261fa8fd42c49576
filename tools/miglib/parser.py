"""miglib.parser - statements of the .defs language into a Subsystem.

Grammar (keywords case-insensitive; input is already C-preprocessed):

  subsystem [KernelUser] [KernelServer] NAME BASE ;
  userprefix NAME ;  serverprefix NAME ;  serverdemux NAME ;
  waittime EXPR ;  nowaittime ;  msgoption NAME ;  rcsid "..." ;
  import FILE ;  uimport FILE ;  simport FILE ;
  type NAME = TYPESPEC ;
  routine NAME ( ARG ; ... ) ;  simpleroutine NAME ( ... ) ;  skip ;

  TYPESPEC = BASE {ctype|cusertype|cservertype : CNAME
                   | intran : CTYPE FUNC ( CTYPE ) | intranpayload : CTYPE FUNC
                   | outtran : CTYPE FUNC ( CTYPE ) | destructor : FUNC ( CTYPE )}
  BASE = TYPENAME | MSGNAME [| MSGNAME] | polymorphic
       | ( MSGNAME [| MSGNAME] , EXPR [, IsLong|IsNotLong|Dealloc...] )
       | array [ ] of BASE | array [ * ] of BASE
       | array [ * : EXPR ] of BASE | array [ EXPR ] of BASE
       | struct [ EXPR ] of BASE | struct { TYPENAME FIELD ; ... }
       | c_string [ EXPR ] | c_string [ * : EXPR ] | ^ BASE
  ARG = [in|out|inout|requestport|replyport|sreplyport|ureplyport
         |waittime|msgoption|msgseqno] NAME : TYPENAME [= TYPESPEC]
        {, IsLong|IsNotLong|Dealloc|NotDealloc|Dealloc[]|ServerCopy|CountInOut}
"""
from .lexer import MigError, tokenize
from . import types as T

ARG_KINDS = ('in', 'out', 'inout', 'requestport', 'replyport', 'sreplyport',
             'ureplyport', 'waittime', 'msgoption', 'msgseqno')
ARG_FLAGS = ('islong', 'isnotlong', 'dealloc', 'notdealloc', 'servercopy',
             'countinout')


class Arg:
    """A routine argument as written: name, kind, type and flags."""

    def __init__(self, name, kind, mtype, flags, where):
        self.name, self.kind, self.type = name, kind, mtype
        self.flags, self.where = flags, where


class Routine:
    """A routine or simpleroutine with its message id offset."""

    def __init__(self, name, simple, number, args, waittime, msgoption, where):
        self.name, self.simple, self.number = name, simple, number
        self.args, self.waittime, self.msgoption = args, waittime, msgoption
        self.where = where


class Subsystem:
    """Everything a .defs file declares."""

    def __init__(self):
        self.name = None
        self.base = 0
        self.kernel_user = self.kernel_server = False
        self.user_prefix = self.server_prefix = ''
        self.demux = None
        self.imports = []          # (kind, file) kind: import|uimport|simport
        self.rcsid = None
        self.routines = []
        self.count = 0             # routines and skips: ids used
        self.types = {}


class Parser:
    """Recursive descent over the token list; one instance per file."""

    def __init__(self, text, filename):
        self.toks = tokenize(text, filename)
        self.i = 0
        self.sub = Subsystem()
        self.sub.types.update(T.builtin_types())
        self.waittime = None
        self.msgoption = None

    # -- token helpers --------------------------------------------------
    def peek(self, k=0):
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def where(self):
        return self.peek()[2]

    def error(self, msg):
        raise MigError(msg, self.where())

    def next(self):
        t = self.toks[self.i]
        if t[0] != 'eof':
            self.i += 1
        return t

    def is_kw(self, word, k=0):
        t = self.peek(k)
        return t[0] == 'id' and t[1].lower() == word

    def is_sym(self, s, k=0):
        t = self.peek(k)
        return t[0] == 'sym' and t[1] == s

    def expect_sym(self, s):
        if not self.is_sym(s):
            self.error('expected %r, found %r' % (s, self.peek()[1]))
        self.next()

    def expect_kw(self, word):
        if not self.is_kw(word):
            self.error('expected %s, found %r' % (word, self.peek()[1]))
        self.next()

    def ident(self):
        t = self.next()
        if t[0] != 'id':
            self.i -= 1
            self.error('expected a name, found %r' % (t[1],))
        return t[1]

    # -- expressions ------------------------------------------------------
    def expr(self):
        """Integer expression: + - * / and parentheses."""
        v = self.term()
        while self.is_sym('+') or self.is_sym('-'):
            op = self.next()[1]
            r = self.term()
            v = v + r if op == '+' else v - r
        return v

    def term(self):
        v = self.factor()
        while self.is_sym('*') or self.is_sym('/'):
            op = self.next()[1]
            r = self.factor()
            v = v * r if op == '*' else v // r
        return v

    def factor(self):
        t = self.peek()
        if t[0] == 'num':
            self.next()
            return t[1]
        if self.is_sym('('):
            self.next()
            v = self.expr()
            self.expect_sym(')')
            return v
        if self.is_sym('-'):
            self.next()
            return -self.factor()
        self.error('expected a number, found %r' % (t[1],))

    # -- statements -------------------------------------------------------
    def parse(self):
        """Parse the whole file; returns the Subsystem."""
        while self.peek()[0] != 'eof':
            self.statement()
        if self.sub.name is None:
            raise MigError('no subsystem statement')
        for r in self.sub.routines:
            from .routine import analyse
            analyse(self.sub, r)
        return self.sub

    def statement(self):
        """One statement, dispatched to st_<keyword>."""
        t = self.peek()
        if self.is_sym(';'):
            self.next()
            return
        if t[0] != 'id':
            self.error('expected a statement, found %r' % (t[1],))
        kw = t[1].lower()
        self.next()
        fn = getattr(self, 'st_' + kw, None)
        if fn is None:
            self.i -= 1
            self.error('unknown statement %r' % t[1])
        fn()

    def end(self):
        self.expect_sym(';')

    def st_subsystem(self):
        while self.is_kw('kerneluser') or self.is_kw('kernelserver'):
            if self.next()[1].lower() == 'kerneluser':
                self.sub.kernel_user = True
            else:
                self.sub.kernel_server = True
        self.sub.name = self.ident()
        self.sub.base = self.expr()
        self.end()

    def st_userprefix(self):
        self.sub.user_prefix = self.ident()
        self.end()

    def st_serverprefix(self):
        self.sub.server_prefix = self.ident()
        self.end()

    def st_serverdemux(self):
        self.sub.demux = self.ident()
        self.end()

    def st_rcsid(self):
        self.sub.rcsid = self.next()[1]
        self.end()

    def st_waittime(self):
        self.waittime = self.c_text()
        self.end()

    def st_nowaittime(self):
        self.waittime = None
        self.end()

    def st_msgoption(self):
        self.msgoption = self.c_text()
        self.end()

    def c_text(self):
        """A C operand (name or number) copied into the generated code."""
        t = self.next()
        if t[0] not in ('id', 'num'):
            self.i -= 1
            self.error('expected a name or number')
        return str(t[1])

    def st_import(self, kind='import'):
        t = self.next()
        if t[0] != 'file':
            self.i -= 1
            self.error('expected <file> or "file" after %s' % kind)
        self.sub.imports.append((kind, t[1]))
        self.end()

    def st_uimport(self):
        self.st_import('uimport')

    def st_simport(self):
        self.st_import('simport')

    def st_skip(self):
        self.sub.count += 1
        if self.peek()[0] == 'id':     # "skip name;" is accepted too
            self.next()
        self.end()

    def st_type(self):
        where = self.where()
        name = self.ident()
        self.expect_sym('=')
        t = self.type_spec(name)
        self.end()
        t.where = where                 # a redeclaration replaces the type
        self.sub.types[name] = t

    def st_routine(self, simple=False):
        """routine NAME ( ARG ; ... ) ;  -- takes the next message id."""
        where = self.where()
        name = self.ident()
        self.expect_sym('(')
        args = []
        while not self.is_sym(')'):
            args.append(self.argument())
            if self.is_sym(';'):
                self.next()
            elif not self.is_sym(')'):
                self.error('expected ; or ) after argument %s' % args[-1].name)
        self.expect_sym(')')
        self.end()
        self.sub.routines.append(Routine(name, simple, self.sub.count, args,
                                         self.waittime, self.msgoption, where))
        self.sub.count += 1

    def st_simpleroutine(self):
        self.st_routine(True)

    # -- arguments and types ----------------------------------------------
    def argument(self):
        """[KIND] NAME : TYPE [= TYPESPEC] {, FLAG}: one routine argument."""
        where = self.where()
        kind = 'in'
        if self.peek()[0] == 'id' and self.peek()[1].lower() in ARG_KINDS \
                and self.peek(1)[0] == 'id':
            kind = self.next()[1].lower()
        name = self.ident()
        self.expect_sym(':')
        tname = self.ident()
        if self.is_sym('='):
            self.next()
            mtype = self.type_spec(tname)
        else:
            mtype = self.lookup(tname)
        flags = set()
        while self.is_sym(','):
            self.next()
            f = self.ident().lower()
            if f == 'dealloc' and self.is_sym('['):
                self.next()
                self.expect_sym(']')
                f = 'dealloc[]'
            elif f not in ARG_FLAGS:
                self.i -= 1
                self.error('unknown argument flag %r' % self.peek()[1])
            flags.add(f)
        return Arg(name, kind, mtype, flags, where)

    def lookup(self, name):
        """A declared type by name (a msgt_name alone is a type too)."""
        t = self.sub.types.get(name)
        if t is not None:
            return t
        if name.upper() in T.MSG_NAMES or name.lower() == 'polymorphic':
            self.i -= 1
            return self.type_spec(name)
        self.i -= 1
        self.error('type %r not declared' % name)

    def type_spec(self, name):
        """BASE plus C annotations; returns a finished MigType."""
        t = self.base_type()
        if t.name is not None:
            t = t.clone()           # a named type: derive, C names reset
        t.name = name
        while self.peek()[0] == 'id':
            kw = self.peek()[1].lower()
            if kw in ('ctype', 'cusertype', 'cservertype'):
                self.next()
                self.expect_sym(':')
                c = self.c_type()
                if kw in ('ctype', 'cusertype'):
                    t.user_type = c
                if kw in ('ctype', 'cservertype'):
                    t.server_type = c
            elif kw == 'intran':
                self.next()
                self.expect_sym(':')
                tt = self.c_type()
                fn = self.ident()
                self.expect_sym('(')
                st = self.c_type()
                self.expect_sym(')')
                t.intran = (tt, fn, st)
                t.trans_type = tt
            elif kw == 'intranpayload':
                self.next()
                self.expect_sym(':')
                tt = self.c_type()
                fn = self.ident()
                t.intran_payload = (tt, fn)
                t.trans_type = tt
            elif kw == 'outtran':
                self.next()
                self.expect_sym(':')
                st = self.c_type()
                fn = self.ident()
                self.expect_sym('(')
                tt = self.c_type()
                self.expect_sym(')')
                t.outtran = (st, fn, tt)
                t.trans_type = tt
            elif kw == 'destructor':
                self.next()
                self.expect_sym(':')
                fn = self.ident()
                self.expect_sym('(')
                tt = self.c_type()
                self.expect_sym(')')
                t.destructor = (fn, tt)
            else:
                break
        if t.var and (t.intran or t.outtran or t.destructor):
            self.error('%s: variable arrays cannot be translated' % name)
        t.finish(name)
        return t

    def c_type(self):
        """A C type name, possibly several words or with '*'."""
        words = [self.ident()]
        while self.peek()[0] == 'id' and \
                self.peek()[1].lower() in ('int', 'long', 'char', 'short'):
            words.append(self.next()[1])
        while self.is_sym('*'):
            self.next()
            words.append('*')
        return ' '.join(words)

    def msg_name(self):
        """One msgt_name: MACH_MSG_TYPE_* or polymorphic or a number."""
        t = self.next()
        if t[0] == 'num':
            return t[1], None
        if t[0] == 'id':
            if t[1].lower() == 'polymorphic':
                return T.POLY, T.PORT_SLOT_BITS
            k = t[1].upper()
            if k in T.MSG_NAMES:
                return T.MSG_NAMES[k]
        self.i -= 1
        self.error('expected a MACH_MSG_TYPE_ name, found %r' % (t[1],))

    def ipc_names(self):
        """MSGNAME [| MSGNAME]: the sent and the received msgt_name."""
        n_in, size = self.msg_name()
        n_out = T.RECEIVED.get(n_in, n_in)
        if self.is_sym('|'):
            self.next()
            n_out, size2 = self.msg_name()
            if size is None:
                size = size2
        return n_in, n_out, size

    def base_type(self):
        """The BASE of a type spec (see the module docstring)."""
        t = self.peek()
        if self.is_sym('^'):
            self.next()
            return T.pointer_to(self.base_type())
        if self.is_sym('('):
            self.next()
            n_in, n_out, _ = self.ipc_names()
            self.expect_sym(',')
            size = self.expr()
            mt = T.short_type(n_in, n_out, size)
            while self.is_sym(','):
                self.next()
                f = self.ident().lower()
                if f == 'dealloc' and self.is_sym('['):
                    self.next()
                    self.expect_sym(']')
                    f = 'dealloc[]'
                mt.flags.add(f)
            self.expect_sym(')')
            return mt
        if t[0] != 'id':
            self.error('expected a type, found %r' % (t[1],))
        kw = t[1].lower()
        if kw == 'array' and self.is_sym('[', 1):
            self.next()
            self.expect_sym('[')
            if self.is_sym(']'):
                n, var = 0, True
            elif self.is_sym('*'):
                self.next()
                if self.is_sym(':'):
                    self.next()
                    n, var = self.expr(), True
                else:
                    n, var = 0, True        # [*]: the same as []
            else:
                n, var = self.expr(), False
            self.expect_sym(']')
            self.expect_kw('of')
            return T.array_of(self.base_type(), n, var)
        if kw == 'struct' and self.is_sym('[', 1):
            self.next()
            self.expect_sym('[')
            n = self.expr()
            self.expect_sym(']')
            self.expect_kw('of')
            return T.struct_array_of(self.base_type(), n)
        if kw == 'struct' and self.is_sym('{', 1):
            self.next()
            self.expect_sym('{')
            fields = []
            while not self.is_sym('}'):
                fields.append(self.lookup(self.ident()))
                self.ident()
                if self.is_sym('['):        # C array field: NAME[N]
                    self.next()
                    n = self.expr()
                    self.expect_sym(']')
                    fields[-1] = T.array_of(fields[-1], n, False)
                self.expect_sym(';')
            self.expect_sym('}')
            return T.struct_decl(fields)
        if kw == 'c_string' and self.is_sym('[', 1):
            self.next()
            self.expect_sym('[')
            var = False
            if self.is_sym('*'):
                self.next()
                self.expect_sym(':')
                var = True
            n = self.expr()
            self.expect_sym(']')
            return T.cstring(n, var)
        if kw == 'polymorphic' or t[1].upper() in T.MSG_NAMES:
            n_in, n_out, size = self.ipc_names()
            if size is None:
                self.error('%s needs an explicit size' % t[1])
            return T.short_type(n_in, n_out, size)
        self.next()
        old = self.sub.types.get(t[1])
        if old is None:
            self.i -= 1
            self.error('type %r not declared' % t[1])
        return old


def parse(text, filename='<stdin>'):
    """Parse preprocessed .defs text; returns the analysed Subsystem."""
    return Parser(text, filename).parse()
