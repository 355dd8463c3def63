"""Write the hot methods of autograd.py's operation table out as code, in its appendix.

    python3 tools/regenerate.py            # rewrite the generated regions of autograd.py
    python3 tools/regenerate.py --check    # change nothing; exit 1, saying what differs, if the
                                           # file does not hold what the table makes

Why written out: an operator method runs once per node, and on CPython 3.11 a call costs about as
much as building the node. With each row's formulas inlined, the benchmark perceptron's forward
pass takes 222.8 M instructions (callgrind), against 311.3 M with the formulas called as shared
functions. Nothing else pays: the module functions (exp(x) beside x.exp()) and the internal rows
are made at import by shared code in the module, at the same cost.

What is written: for every operator row, its method and reflected method (__mul__, __rmul__), and
for every public function row, its method (exp); and, for jit, each row's value as a format
(`'math.exp({x})'`). The module never writes its own file; this script does, from two sources:

- the table, read from autograd.py with ast: each row is `_NAME = _Operation('name', 'method',
  'shows', value=..., local_a=..., local_b=..., ...)`. A formula written as a lambda is inlined
  as its body, so its parameters must be the template's operands (a, b or x, then out); one
  written as a function (math.exp, _divide) is inlined as a call of it on those operands;
- the templates below, which are valid Python: their capitalised words (the template's own
  name, _VALUE(...), _LOCAL_A(...), _LOCAL_B(...), _LOCAL_X(...), _OPERATION, SYMBOL, NAME) are
  replaced, as whole words, by the row's; a formula replaces the whole call. A template given
  other words than it uses is refused.
"""

import argparse
import ast
import difflib
import inspect
import io
import os
import re
import sys
import textwrap
import tokenize
from typing import Any, Union

MODULE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'autograd.py')

# Names the templates use, so that this file is valid Python that linters read.
Variable = Number = _PLAIN_NUMBERS = numbers = _constant = _new_node = _shown = None
_domain_error = _threads_without_grad = _grad_mode = None


def _VALUE(*operands: Any) -> Any:
    """Template word: the row's value, in its operands (a, b or x)."""


def _LOCAL_A(a: Any, b: Any, out: Any) -> Any:
    """Template word: the row's d(out)/da, stored at forward time."""


def _LOCAL_B(a: Any, b: Any, out: Any) -> Any:
    """Template word: the row's d(out)/db, stored at forward time."""


def _LOCAL_X(x: Any, out: Any) -> Any:
    """Template word: the row's d(out)/dx, stored at forward time."""


_OPERATION: Any = None    # template word: the row itself (_MUL, _EXP, ...)
SYMBOL = NAME = None      # template words: the operator's symbol, the function's name


# The test of no_grad comes first in each: while no thread is inside no_grad(), it settles it,
# so the switch costs nothing when unused.

def _BINARY(self, other: Union[Variable, Number]) -> Variable:
    """self SYMBOL other"""
    b: Any          # the other operand's value: any real number
    if isinstance(other, Variable):
        b, b_flows = other.value, other._requires_grad
    elif type(other) in _PLAIN_NUMBERS or isinstance(other, numbers.Real):
        b, b_flows = other, False
    else:
        return NotImplemented
    a, a_flows = self.value, self._requires_grad
    try:
        out: Any = _VALUE(a, b)
    except OverflowError as error:      # an int too large for a float met a float
        raise _domain_error(error, f"{_shown(a)} SYMBOL {_shown(b)}") from None
    if not ((a_flows or b_flows) and not (_threads_without_grad and _grad_mode.depth)):
        return _constant(out, a_flows or b_flows)
    node = _new_node()
    node.value = out
    node._requires_grad = True
    node._operation = _OPERATION
    node._a = self
    node._local_a = (_LOCAL_A(a, b, out)) if a_flows else None
    node._b = other
    node._local_b = (_LOCAL_B(a, b, out)) if b_flows else None
    node._grad = node._scratch = None
    return node


def _BINARY_REFLECTED(self, other: Number) -> Variable:
    """other SYMBOL self (Python calls it only when other is not a Variable)"""
    if not (type(other) in _PLAIN_NUMBERS or isinstance(other, numbers.Real)):
        return NotImplemented
    a: Any = other
    b = self.value
    try:
        out: Any = _VALUE(a, b)
    except OverflowError as error:
        raise _domain_error(error, f"{_shown(a)} SYMBOL {_shown(b)}") from None
    if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
        return _constant(out, self._requires_grad)
    node = _new_node()
    node.value = out
    node._requires_grad = True
    node._operation = _OPERATION
    node._a = other
    node._local_a = None
    node._b = self
    node._local_b = _LOCAL_B(a, b, out)
    node._grad = node._scratch = None
    return node


def _FUNCTION_METHOD(self) -> Variable:
    """NAME(self) as a new Variable."""
    x = self.value
    try:
        out: Any = _VALUE(x)
    except (ValueError, OverflowError, ZeroDivisionError) as error:
        raise _domain_error(error, f"NAME({_shown(x)})") from None
    if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
        return _constant(out, self._requires_grad)
    node = _new_node()
    node.value = out
    node._requires_grad = True
    node._operation = _OPERATION
    node._a = self
    node._local_a = _LOCAL_X(x, out)
    node._b = node._local_b = node._grad = node._scratch = None
    return node


FORMULA_WORDS = ('_VALUE', '_LOCAL_A', '_LOCAL_B', '_LOCAL_X')
TEMPLATE_WORDS = ('_BINARY_REFLECTED', '_BINARY', '_FUNCTION_METHOD', '_OPERATION', 'SYMBOL',
                  'NAME') + FORMULA_WORDS
TEMPLATES = {'_BINARY': _BINARY, '_BINARY_REFLECTED': _BINARY_REFLECTED,
             '_FUNCTION_METHOD': _FUNCTION_METHOD}

REGIONS = {'methods': ('    # GENERATED METHODS BEGIN', '    # GENERATED METHODS END'),
           'formats': ('# GENERATED FORMATS BEGIN', '# GENERATED FORMATS END')}


def from_template(template, words):
    """The template's source with its words put in: words maps a word to its text (a formula
    replaces the whole call _VALUE(a, b)); refused unless the words given are exactly the
    template words it uses."""
    source = inspect.getsource(TEMPLATES[template])
    used = {word for word in TEMPLATE_WORDS if re.search(rf'\b{word}\b', source)}
    if used != set(words):
        raise ValueError(f"the template {template} uses the words {sorted(used)}, "
                         f"but was given {sorted(words)}")
    formulas = [word for word in words if word in FORMULA_WORDS]
    names = [word for word in words if word not in FORMULA_WORDS]
    pattern = (r'\b(?:(' + '|'.join(formulas or ['(?!)']) + r')\([\w, ]*\)|('
               + '|'.join(names) + r')\b)')
    return re.sub(pattern, lambda m: words[m.group(1) or m.group(2)], source)


class Row:
    """A row of the table as the generator reads it: its constant, its words, and its formulas
    as source text in the template's operands."""

    def __init__(self, constant, call, lines):
        self.constant = constant
        self.name, self.method, self.shows = (ast.literal_eval(arg) for arg in call.args[:3])
        keywords = {k.arg: k.value for k in call.keywords}
        self.arity = 2 if 'local_b' in keywords else 1
        self.is_operator = self.method.startswith('__') and self.arity == 2
        self.numpy = ast.literal_eval(keywords['numpy']) if 'numpy' in keywords else None
        operands = ('a', 'b') if self.arity == 2 else ('x',)
        self.value = formula(lines, keywords['value'], operands, self.constant)
        self.local_a = formula(lines, keywords['local_a'], operands + ('out',), self.constant)
        self.local_b = (formula(lines, keywords['local_b'], operands + ('out',), self.constant)
                        if self.arity == 2 else None)

    @property
    def written_out(self):
        """Operators and public functions of one argument get methods; the other rows (of two
        arguments, or internal) use the module's shared code."""
        return self.method.startswith('__') or (self.arity == 1 and not self.method.startswith('_'))


def formula(lines, node, operands, constant):
    """The text of a formula in the operands: a lambda's body, or a call of a function."""
    if isinstance(node, ast.Lambda):
        parameters = tuple(a.arg for a in node.args.args)
        if parameters != operands:
            raise ValueError(f"{constant}: a formula's parameters must be {', '.join(operands)}, "
                             f"not {', '.join(parameters)}")
        text = segment(lines, node.body)
        return f"({text})" if '\n' in text else text     # a formula of several lines: one
    return f"{segment(lines, node)}({', '.join(operands)})"


def segment(lines, node):
    """The source text of node (as ast.get_source_segment, which splits the file anew on each
    call: 13 s for the table)."""
    encoded = [line.encode() for line in lines[node.lineno - 1:node.end_lineno]]  # offsets:
    if len(encoded) == 1:                                                          # in bytes
        return encoded[0][node.col_offset:node.end_col_offset].decode()
    pieces = [encoded[0][node.col_offset:], *encoded[1:-1], encoded[-1][:node.end_col_offset]]
    return b''.join(pieces).decode()


def table(source):
    """The rows of the module's table, in order."""
    rows, lines = [], source.splitlines(keepends=True)
    for statement in ast.parse(source).body:
        if (isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call)
                and isinstance(statement.value.func, ast.Name)
                and statement.value.func.id == '_Operation'):
            rows.append(Row(statement.targets[0].id, statement.value, lines))
    return rows


def methods(rows):
    """The text of the methods the table makes, as it stands in the class Variable."""
    pieces = []
    for row in rows:
        if not row.written_out:
            continue
        if row.is_operator:
            symbol = re.split(r'{\w}', row.shows)[1].strip()
            words = {'_VALUE': row.value, '_LOCAL_A': row.local_a, '_LOCAL_B': row.local_b,
                     '_OPERATION': row.constant, 'SYMBOL': symbol}
            pieces.append(from_template('_BINARY', {**words, '_BINARY': row.method}))
            del words['_LOCAL_A']
            pieces.append(from_template('_BINARY_REFLECTED',
                                        {**words, '_BINARY_REFLECTED': '__r' + row.method[2:]}))
        else:
            pieces.append(from_template('_FUNCTION_METHOD', {
                '_FUNCTION_METHOD': row.method, 'NAME': row.name, '_VALUE': row.value,
                '_LOCAL_X': row.local_a, '_OPERATION': row.constant}))
    aliases = [f"{row.numpy} = {row.method}\n" for row in rows if row.written_out and row.numpy]
    pieces.append("# NumPy's names, which its ufuncs call on arrays of Variables\n" + ''.join(aliases))
    return textwrap.indent('\n'.join(pieces), '    ')


def as_format(text, operands):
    """A formula as a str.format template: its operand names as {a}, {b} or {x}."""
    out = []
    previous = None
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.NAME and token.string in operands and previous != '.':
            out.append((token.start, token.end, '{' + token.string + '}'))
        previous = token.string
    for start, end, replacement in reversed(out):    # one line: columns index the text
        text = text[:start[1]] + replacement + text[end[1]:]
    return text


def formats(rows):
    """jit's view of each row's value: the line of code it writes for the row."""
    entries = [f"    {row.name!r}: {as_format(row.value, ('a', 'b', 'x'))!r},\n" for row in rows]
    return "_VALUE_FORMATS = {     # row name: its value, for jit's code\n" + ''.join(entries) + "}\n"


def regenerated(source):
    """source (autograd.py's text) with its generated regions made anew from its table."""
    rows = table(source)
    for region, generate in (('methods', methods), ('formats', formats)):
        begin, end = REGIONS[region]
        start = source.index('\n', source.index(begin)) + 1
        stop = source.index(end)
        source = source[:start] + generate(rows) + source[stop:]
    return source


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--check', action='store_true',
                        help="change nothing; exit 1 if autograd.py is not what the table makes")
    arguments = parser.parse_args(argv)
    with open(MODULE, encoding='utf-8') as file:
        source = file.read()
    made = regenerated(source)
    if arguments.check:
        if made != source:
            sys.stdout.writelines(difflib.unified_diff(
                source.splitlines(True), made.splitlines(True), 'autograd.py', 'regenerated', n=1))
            print("autograd.py's generated code differs from what its table makes: "
                  "run python3 tools/regenerate.py", file=sys.stderr)
            return 1
        return 0
    if made != source:
        with open(MODULE, 'w', encoding='utf-8') as file:
            file.write(made)
    return 0


if __name__ == '__main__':
    sys.exit(main())
