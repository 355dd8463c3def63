"""Fuzzing the text interface: gradients(expression, values) and the command line (the README's text interface).

Any text must give a result or a clear error (ValueError, TypeError, ArithmeticError) at once;
the command line must exit 0 or 2, with one line on stderr on 2 and strict JSON under --json.
Every case comes from a seeded generator, so a failure names a case that fails again on the
next run. Each test collects every failure and reports them together, grouped by kind.

Generated formulas are kept small on purpose (exponents of at most two digits, one mutation or
two): a slow generated case would be a bug of this file. The hostile inputs (huge powers, deep
nesting, code injection) are the hand-written fragments below. Before running anything in this
process, every case runs first in a subprocess with a deadline, because a single C-level
operation (one product of huge ints) cannot be interrupted by a signal: a case that hangs or is
slow there is judged there and not run again here; the rest run here under a SIGALRM watchdog.

Run: python3 test_text_fuzz.py    or    python3 -m unittest test_text_fuzz -v
"""

import ast
import concurrent.futures
import hashlib
import json
import math
import os
import queue
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import warnings
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import autograd  # noqa: E402

MODULE = os.path.splitext(os.path.basename(os.path.abspath(__file__)))[0]
SEED = 20240607
CASE_SECONDS = 2.0              # every case, in process or in the pre-screen subprocess
KILL_AFTER = CASE_SECONDS + 0.75  # the pre-screen's silence before it kills its worker
SLOW = 0.2                      # a case slower than this in the pre-screen is not run again
CLI_TIMEOUT = 10
GENERATED_CASES = 3000
CLI_GENERATED_CASES = 60       # each is a Python start (0.3 s here, compiling the module): 100 in all, 2 at a time
REPORT_LINES = 50
CLEAR_ERRORS = (ValueError, TypeError, ArithmeticError)
BANNED_IN_MESSAGES = ('_factory', '<locals>', 'Traceback')
SKIPPED = 'not run: a case with the same fragment hung'
WORKER_MEMORY = 2 << 30         # address space of the pre-screen worker: a runaway bigint fails

# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------

NAMES = ('x', 'y', 'z')
FUNCTIONS = ('exp', 'log', 'sqrt', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh',
             'tanh', 'sigmoid', 'relu', 'softplus', 'log1p', 'expm1')
NUMBERS = ('0', '1', '2', '3', '7', '12', '0.5', '2.75', '0.0', '1e308', '1e-300', '3.5e10',
           '2.5e-3', '1e3', '1_000', '0x1F', '123456789012345678901234567890',
           '1' + '0' * 60, '.5', '5.')
EXPONENTS = ('0', '1', '2', '3', '-1', '-2', '0.5', '1.5', '-0.5', '2.0', '1e308', 'x', 'y', 'z',
             '(-1)', '(+2)')
INSERTIONS = ('x', 'y', 'ｘ', '(', ')', '*', '**', '+', '-', '/', '//', '%', '@', '.', ',', ':',
              '=', ':=', ';', '#', '\n', '\t', ' ', '\0', '[', ']', '{', '}', "'", '"', '\\', 'e',
              'j', '_', '__', 'lambda', 'if', 'not', 'and', '<', '<<', '~', '&', '^', '...',
              '²', 'ﬁ', '٣', '\u200b', '\ufeff', 'exp', '.tanh()', '.__class__', 'abs(', 'pow(',
              'x.', 'None', 'True', '1j', 'b"", ')

# Hand-written hostile fragments, spliced into formulas and run alone and in contexts. The
# heavy ones (each a lot of work if computed as written) are spliced into few random formulas.
LIGHT_FRAGMENTS = (
    "__import__('os')", "__import__('os').system('echo pwned')", "x.__class__",
    "().__class__.__bases__", "x.__class__.__mro__[1].__subclasses__()", "lambda: 0",
    "(lambda: 0)()", "[1]*10**9", "'a'*10**9", "9**9**9**9", "10**10**10", "x**y**z",
    "2**10000 * 2**10000", "2**-10000", "(-8)**(1/3)", "0**-1", "x / 0", "1e308 * 10",
    "1e309", "10**400", "-(10**400) ** 3", "exp(1000)", "log(0)", "sqrt(-1)", "acos(2)",
    "ｘ", "ｘ * 2", "x\0", "\0", "x\n+ 1", "x;y", "x # comment", "(y := 2)", "f'{x}'",
    "open('/etc/passwd')", "print(1)", "globals()", "x if y else z", "x < y", "x[0]",
    "{}", "...", "None", "True", "1j", "b'x'", "'s'", "x.real", "x.value", "x.data",
    "x.backward()", "x.grad", "x.tanh(1)", "x.abs()", "x.exp", "exp(x, y)", "exp()", "pow(x)",
    "pow(x, y, z)", "exp(*[x])", "exp(x=1)", "abs(x, y)", "Variable(1)", "autograd",
    "_divide(x, y)", "_power(x, y)", "__builtins__", "x @ y", "x // y", "x % y",
    "x << 100000000", "not x", "x and y", "[x for x in ()]", "*x", "x, y", "exp(x)(y)",
    "x.tanh().__class__", "relu(x).relu().relu()", "ＥＸＰ(x)", "ｅｘｐ(x)",
    "x.ｔａｎｈ()", "\u0445", "x\u200b", "\ufeffx", "  x  ", "\tx\n", "x\r\n",
    "(" * 200 + "x" + ")" * 200,
)
CONTEXTS = ('x + ({})', '({}) ** 2', 'exp({})', '({}) * y')
# (fragment, the contexts it is run in, how many random formulas it is spliced into): the
# powers of 2**10000 are a third of a second each if computed, so they run in few places,
# none of them close to the time bound (((2**10000)**10000) ** 2 takes 1 to 1.6 s today)
HEAVY_FRAGMENTS = (
    ("(2**10000)**10000", ('x + ({})',), 0),
    ("((2**10000)**10000)**10000", ('x + ({})',), 1),
    ("pow(pow(2, 10000), 10000)", (), 0),
    ("(" * 5000 + "x" + ")" * 5000, CONTEXTS, 2),
    (" + ".join(["x"] * 3000), CONTEXTS, 2),
    ("-" * 5000 + "x", CONTEXTS, 2),
    ("x" + ".tanh()" * 3000, CONTEXTS, 2),
    ("exp(" * 150 + "x" + ")" * 150, CONTEXTS, 2),
)

HUGE = 10 ** 400


def _value_dicts():
    return [
        {'x': 1.5, 'y': 2, 'z': 3},
        {'x': HUGE, 'y': HUGE, 'z': -HUGE},
        {'x': Fraction(1, 3), 'y': 7, 'z': Fraction(-2, 5)},
        {'x': 0, 'y': 0.0, 'z': -0.0},
        {'x': 1e308, 'y': float('inf'), 'z': float('nan')},
    ]


def _hostile_cases():
    """(group, expression, values, expectation): expectation None, 'ok' or an error type."""
    cases = []
    dicts = _value_dicts()
    runs = [(fragment, dicts, CONTEXTS) for fragment in LIGHT_FRAGMENTS]
    runs += [(fragment, dicts[:1], contexts) for fragment, contexts, _ in HEAVY_FRAGMENTS]
    for fragment, alone, contexts in runs:
        for values in alone:
            cases.append((fragment, fragment, values, None))
        for j, context in enumerate(contexts):
            cases.append((fragment, context.format(fragment), dicts[(j + 1) % len(dicts)], None))
    specific = [
        # the README: names are read as Python reads them (NFKC)
        ('ｘ * 2', {'ｘ': 1}, 'ok'),
        ('ｘ * 2', {'x': 1}, 'ok'),
        ('x * 2', {'ｘ': 1}, 'ok'),
        ('x * y', {'x': 1, 'ｘ': 2, 'y': 3}, ValueError),
        # the README: Fractions to huge powers, nested and repeated powers of huge integers
        ('x ** y', {'x': Fraction(1, 3), 'y': 10 ** 9}, None),
        ('x ** y', {'x': 10 ** 1000, 'y': 10000}, None),      # ten million digits
        ('(x ** y) ** z', {'x': 7, 'y': 10000, 'z': 10000}, None),
        ('x ** y ** z', {'x': HUGE, 'y': HUGE, 'z': HUGE}, None),
        ('x ** y ** z', {'x': 1.5, 'y': 10, 'z': 10}, None),
        # results and operands with more digits than Python prints
        ('x + 1', {'x': 10 ** 5000}, None),
        ('x * y', {'x': 10 ** 3000, 'y': 10 ** 3000}, None),
        ('x / 0', {'x': 10 ** 5000}, None),
        ('log(x)', {'x': -10 ** 5000}, None),
        ('exp(x)', {'x': 10 ** 5000}, None),
        ('x ** 0.5', {'x': -10 ** 5000}, None),
        ('sqrt(x)', {'x': -10 ** 5000}, None),
        ('1 / x', {'x': 0}, None),
        # values that are not numbers, names that are not names
        ('x', {'x': 'abc'}, None),
        ('x', {'x': None}, None),
        ('x', {'x': 1j}, None),
        ('x', {'x': [1]}, None),
        ('x', {'x': True}, None),
        ('x', {1: 2}, None),
        ('x', {'x y': 2}, None),
        ('x', {'__class__': 2}, None),
        ('__class__', {'__class__': 2}, None),
        ('x', [], None),
        (b'x', {'x': 1}, None),
        (None, {'x': 1}, None),
    ]
    for n, (expression, values, expectation) in enumerate(specific):
        cases.append((f"specific {n}", expression, values, expectation))
    return cases


def _atom(rng):
    if rng.random() < 0.6:
        return rng.choice(NAMES)
    return rng.choice(NUMBERS)


def _formula(rng, depth):
    """A random well-formed formula: small, so that computing it is quick whatever the values."""
    if depth <= 0 or rng.random() < 0.2:
        return _atom(rng)
    sub = _formula(rng, depth - 1)
    kind = rng.random()
    if kind < 0.38:
        return f"({sub} {rng.choice('+-*/')} {_formula(rng, depth - 1)})"
    if kind < 0.48:
        return f"({sub}) ** {rng.choice(EXPONENTS)}"
    if kind < 0.53:
        return f"pow({sub}, {rng.choice(EXPONENTS)})"
    if kind < 0.60:
        return f"-({sub})" if rng.random() < 0.8 else f"+{sub}"
    if kind < 0.85:
        return f"{rng.choice(FUNCTIONS + ('abs',))}({sub})"
    method = rng.choice(FUNCTIONS)
    return f"{rng.choice(NAMES)}.{method}()" if rng.random() < 0.4 else f"({sub}).{method}()"


def _exponents_small(text):
    """Whether every power in text has a small, simple exponent (or text does not parse).

    A mutation can turn a * into ** with any right operand: (10**400) ** 9000 is 3.6 million
    digits, seconds of work by the size of its own result. Such mutants are dropped; the
    hostile fragments test huge powers on purpose."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            tree = ast.parse(text.strip(), mode='eval')
    except BaseException:      # noqa: B036 -- SyntaxError, ValueError, RecursionError, MemoryError
        return True

    def simple(node):
        if isinstance(node, ast.UnaryOp):
            node = node.operand
        if isinstance(node, ast.Constant):
            return not isinstance(node.value, int) or abs(node.value) <= 99
        return isinstance(node, ast.Name) or (
            isinstance(node, ast.Call) and not (isinstance(node.func, ast.Name)
                                                and node.func.id in ('abs', 'pow')))

    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow) and not simple(node.right):
            return False
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == 'pow' and len(node.args) == 2 and not simple(node.args[1])):
            return False
    return True


def _mutate(rng, text, fragments):
    for _ in range(rng.choice((1, 1, 2))):
        position = rng.randrange(len(text) + 1)
        kind = rng.random()
        if kind < 0.25 and text:
            text = text[:position] + text[position + rng.randint(1, 3):]
        elif kind < 0.50:
            text = text[:position] + rng.choice(INSERTIONS) + text[position:]
        elif kind < 0.70 and text:
            piece = text[position:position + rng.randint(1, 4)]
            text = text[:position] + piece + text[position:]
        elif kind < 0.85:
            text = text[:position] + rng.choice(fragments) + text[position:]
        else:
            end = min(len(text), position + rng.randint(1, 8))
            text = text[:position] + f"({rng.choice(fragments)})" + text[end:]
    return text


def _random_values(rng):
    """Mostly x, y and z; floats, ints, huge ints, Fractions, negative and zero."""
    roll = rng.random()
    if roll < 0.3:
        pool = (0, 1, -1, 2, 3, -3, 0.5, -0.25, 1.5, 0.0, -0.0, 1e-300, 1e308, -1e308,
                float('inf'), float('nan'))
    elif roll < 0.55:
        pool = (0, 1, -2, 3, HUGE, -HUGE, 2.5, 1e308)
    elif roll < 0.8:
        pool = (0, 1, -1, 2, 3, Fraction(1, 3), Fraction(-7, 2), Fraction(0), 0.5, -1.5)
    else:
        pool = (0.1, 0.7, -0.3, 1.2, 2.0, -2.5)
    names = [name for name in NAMES if rng.random() < 0.93]
    values = {name: rng.choice(pool) for name in names}
    odd = rng.random()
    if odd < 0.03:
        values['ｘ'] = 1.0
    elif odd < 0.05:
        values['w'] = rng.choice(('abc', None, 1j, [1], True))
    elif odd < 0.06:
        values['not a name'] = 1
    return values


def _generated_cases():
    rng = random.Random(SEED)
    cases = []
    heavy_splices = [fragment for fragment, _, n in HEAVY_FRAGMENTS for _ in range(n)]
    for fragment in heavy_splices:
        text = _formula(rng, 2)
        position = rng.randrange(len(text) + 1)
        text = text[:position] + f"({fragment})" + text[position:]
        cases.append((fragment, text, _random_values(rng), None))
    while len(cases) < GENERATED_CASES:
        text = _formula(rng, rng.randint(1, 4))
        if rng.random() < 0.6:
            for _ in range(5):
                mutant = _mutate(rng, text, LIGHT_FRAGMENTS)
                if _exponents_small(mutant):
                    text = mutant
                    break
        cases.append((f'generated {len(cases)}', text, _random_values(rng), None))
    return cases


def _all_cases():
    return _hostile_cases() + _generated_cases()


def _digest(cases):
    h = hashlib.sha256()
    for group, expression, values, _ in cases:
        h.update(repr((group, _show(expression), _show(values))).encode('utf-8', 'replace'))
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# Showing cases and errors safely (Python refuses to print ints of more than 4300 digits)
# ---------------------------------------------------------------------------------------------

def _show(obj, limit=90):
    if isinstance(obj, int) and not isinstance(obj, bool) and obj.bit_length() > 300:
        return f"{'-' if obj < 0 else ''}<int of {math.floor(math.log10(abs(obj))) + 1} digits>"
    if isinstance(obj, dict):
        return '{' + ', '.join(f"{_show(k)}: {_show(v)}" for k, v in obj.items()) + '}'
    text = repr(obj)
    if len(text) > limit:
        text = f"{text[:limit - 30]}...{text[-12:]} ({len(text)} chars)"
    return text


def _case_name(expression, values):
    return f"gradients({_show(expression)}, {_show(values)})"


def _message_problem(error):
    """Why error's message is not a clear one, or None."""
    try:
        message = str(error)
    except Exception as failure:   # noqa: BLE001 -- what matters is that it failed
        return f"str() of the {type(error).__name__} fails: {type(failure).__name__}"
    if not message.strip():
        return f"{type(error).__name__} with an empty message"
    for banned in BANNED_IN_MESSAGES:
        if banned in message:
            return f"{type(error).__name__} message contains {banned!r}"
    return None


def _outcome_problem(result, error, expectation):
    """Why the outcome of one gradients() call breaks the README's promises, or None. Returns (kind, detail)."""
    if error is not None:
        if not isinstance(error, CLEAR_ERRORS):
            return f"raises {type(error).__name__}", _short_message(error)
        problem = _message_problem(error)
        if problem:
            return problem, _short_message(error)
        if expectation == 'ok':
            return "refuses what the README accepts", _short_message(error)
        if isinstance(expectation, type) and not isinstance(error, expectation):
            return (f"raises {type(error).__name__}, not {expectation.__name__}",
                    _short_message(error))
        return None
    if not isinstance(result, dict):
        return f"returns a {type(result).__name__}, not a dict", ''
    if isinstance(expectation, type):
        return f"returns where the README says {expectation.__name__}", _show(result)
    return None


def _short_message(error):
    try:
        message = str(error)
    except Exception:   # noqa: BLE001
        return f"<{type(error).__name__} that cannot be shown>"
    message = message.replace('\n', '\\n')
    return f"{type(error).__name__}: {message[:100]}{'...' if len(message) > 100 else ''}"


# ---------------------------------------------------------------------------------------------
# Running one case: SIGALRM raises in this process; a C-level hang is left to the pre-screen
# ---------------------------------------------------------------------------------------------

class _CaseTimeout(AssertionError):
    pass


def _watchdog_available():
    return hasattr(signal, 'SIGALRM') and hasattr(signal, 'setitimer') \
        and threading.current_thread() is threading.main_thread()


def _run_one(expression, values, watchdog):
    """(result, error, seconds) of gradients(expression, values), bounded by the watchdog."""
    def on_alarm(signum, frame):
        raise _CaseTimeout(f"over {CASE_SECONDS} s: {_case_name(expression, values)}")

    result = error = None
    start = time.perf_counter()
    previous = signal.signal(signal.SIGALRM, on_alarm) if watchdog else None
    try:
        try:
            if watchdog:
                signal.setitimer(signal.ITIMER_REAL, CASE_SECONDS)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter('ignore')      # SyntaxWarning from parsing '1if'
                    result = autograd.gradients(expression, values)
            finally:
                if watchdog:
                    signal.setitimer(signal.ITIMER_REAL, 0)
        except BaseException as caught:   # noqa: B036 -- every kind of failure is recorded
            if isinstance(caught, KeyboardInterrupt):
                raise
            error = caught
    finally:
        if watchdog:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    return result, error, time.perf_counter() - start


def _verdict(expression, values, expectation, watchdog):
    """(kind, detail) if the case breaks the README's promises, else None; and the seconds it took."""
    result, error, seconds = _run_one(expression, values, watchdog)
    if isinstance(error, _CaseTimeout):
        return (f"takes over {CASE_SECONDS} s", ''), seconds
    if isinstance(error, MemoryError):
        return ("raises MemoryError", ''), seconds
    if seconds > CASE_SECONDS:
        return (f"takes over {CASE_SECONDS} s", f"{seconds:.1f} s"), seconds
    return _outcome_problem(result, error, expectation), seconds


# ---------------------------------------------------------------------------------------------
# The pre-screen: every case first in a subprocess with a deadline, so a hang kills only that
# ---------------------------------------------------------------------------------------------

def _prescreen_worker():
    """Run in a subprocess: reads the indices to run on stdin, writes one JSON line per case.
    A group (a fragment) that took too long once is not run again: it would in every context."""
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY, WORKER_MEMORY))
    except (ImportError, ValueError, OSError):
        pass
    indices = json.loads(sys.stdin.read())
    cases = _all_cases()
    print(json.dumps({'cases': len(cases), 'digest': _digest(cases)}), flush=True)
    watchdog = _watchdog_available()
    too_slow = set()
    for index in indices:
        group, expression, values, expectation = cases[index]
        if group in too_slow:
            report = {'i': index, 'problem': [SKIPPED, ''], 'seconds': 0}
        else:
            problem, seconds = _verdict(expression, values, expectation, watchdog)
            if problem and problem[0].startswith(('takes over', 'raises MemoryError')):
                too_slow.add(group)
            report = {'i': index, 'problem': problem, 'seconds': round(seconds, 3)}
        print(json.dumps(report), flush=True)


def _prescreen(cases, indices):
    """{index: (problem or None, seconds)} for cases run in a subprocess. A case that gives no
    answer in KILL_AFTER seconds kills the worker; another goes on after it, and the rest of
    the hung case's group is not run."""
    verdicts = {}
    remaining = list(indices)
    while remaining:
        with tempfile.TemporaryFile() as errors:
            worker = subprocess.Popen(
                [sys.executable, '-c', f'import {MODULE} as m; m._prescreen_worker()'],
                cwd=HERE, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors,
                text=True, encoding='utf-8')
            lines = queue.Queue()

            def read(stream=worker.stdout, lines=lines):
                for line in stream:
                    lines.put(line)
                lines.put(None)

            threading.Thread(target=read, daemon=True).start()
            worker.stdin.write(json.dumps(remaining))
            worker.stdin.close()
            try:
                header = lines.get(timeout=60)
                if header is None or json.loads(header) != {'cases': len(cases),
                                                            'digest': _digest(cases)}:
                    raise RuntimeError("the pre-screen worker did not generate the same cases: "
                                       f"{header!r}")
                while remaining:
                    try:
                        line = lines.get(timeout=KILL_AFTER)
                    except queue.Empty:
                        line = 'hang'
                    if line is None or line == 'hang':
                        index = remaining.pop(0)
                        if line is None:
                            worker.wait()
                            errors.seek(0)
                            tail = errors.read().decode('utf-8', 'replace').strip().splitlines()
                            problem = (f"kills the process (status {worker.returncode})",
                                       tail[-1][:120] if tail else '')
                        else:
                            problem = (f"hangs: no answer in {KILL_AFTER} s (killed, in a "
                                       f"subprocess)", '')
                        verdicts[index] = (problem, KILL_AFTER)
                        for other in [i for i in remaining if cases[i][0] == cases[index][0]]:
                            remaining.remove(other)
                            verdicts[other] = ((SKIPPED, ''), 0)
                        break
                    report = json.loads(line)
                    index = remaining.pop(0)
                    if report['i'] != index:
                        raise RuntimeError(f"the pre-screen worker answered {report['i']} "
                                           f"for {index}")
                    verdicts[index] = (report['problem'] and tuple(report['problem']),
                                       report['seconds'])
            finally:
                if worker.poll() is None:
                    worker.kill()
                worker.wait()
                worker.stdout.close()
    return verdicts


def _prescreen_in_parallel(cases, workers=2):
    """Cases dealt out to workers round-robin by group, so that each group stays together."""
    groups = {}
    for index, case in enumerate(cases):
        groups.setdefault(case[0], []).append(index)
    shares = [[] for _ in range(workers)]
    for n, members in enumerate(groups.values()):
        shares[n % workers].extend(members)
    verdicts = {}
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        for found in pool.map(lambda share: _prescreen(cases, sorted(share)), shares):
            verdicts.update(found)
    return verdicts


# ---------------------------------------------------------------------------------------------
# Reporting: every failure, grouped by kind, in at most REPORT_LINES lines
# ---------------------------------------------------------------------------------------------

def _report(failures, total, what):
    """failures: list of (kind, case, detail)."""
    kinds = {}
    for kind, case, detail in failures:
        kinds.setdefault(kind, []).append((case, detail))
    lines = [f"{len(failures)} of {total} {what} break the README's promises, in {len(kinds)} kinds:"]
    examples = max(1, (REPORT_LINES - 1) // max(1, len(kinds)) - 1)
    for kind, found in sorted(kinds.items(), key=lambda item: -len(item[1])):
        lines.append(f"- {kind} ({len(found)} cases), e.g.:")
        for case, detail in found[:examples]:
            detail = detail.replace('\n', '\\n')
            lines.append(f"    {case}" + (f"  ->  {detail}" if detail else ''))
    if len(lines) > REPORT_LINES:
        lines = lines[:REPORT_LINES] + [f"... ({len(lines) - REPORT_LINES} more lines)"]
    return '\n'.join(lines)


# ---------------------------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------------------------

CLI_VALUES = ('0.5', '2', '-3', '0', '1', '1e308', '-1e308', '1e-300', 'inf', '-inf', 'nan',
              '-0.0', '3', '1' + '0' * 400, '1.5', '7', '0.25')
DIGITS_5000 = '7' * 5000


def _not_help(output):
    if output.startswith('usage') or 'usage:' in output:
        return "printed the help, not the formula's value"
    if '-2' not in output:
        return "did not print the value -2"
    return None


def _json_check(expected):
    def check(output):
        data = json.loads(output, parse_constant=_no_constant)
        return None if data == expected else f"printed {output.strip()[:100]}, not {expected}"
    return check


def _no_inf(output):
    return "read a 5000-digit integer as infinity" if 'inf' in output else None


def _cli_hostile_cases():
    """(argv, mode, expected status or None, check of stdout on success or None)."""
    cases = []
    cases = [(['((2**10000)**10000)**10000'], '', None, None)]   # first: it may time out
    for mode in ('', '--json', '--dot'):
        cases.append((['2**10000 * 2**10000'], mode, None, None))
    cases += [
        (['1if x else 2', 'x=1'], '', 2, None),             # Python warns, then refuses
        (['1and x', 'x=1'], '--json', 2, None),
        (['x ** y', 'x=1.5', 'y=100000000'], '', None, None),
        (['x ** y', 'x=1.5', 'y=100000000'], '--json', None, None),
        (['exp(x)', 'x=' + DIGITS_5000], '', None, _no_inf),
        (['exp(x)', 'x=' + DIGITS_5000], '--json', None, _no_inf),
        (['x + 1', 'x=' + DIGITS_5000], '', None, _no_inf),
        (['x + 1', 'x=' + DIGITS_5000], '--json', None, _no_inf),
        (['x + 1', 'x=' + DIGITS_5000], '--dot', None, _no_inf),
        (['x * y', 'x=' + '9' * 3000, 'y=' + '9' * 3000], '', None, None),
        (['--', '-h', 'h=2'], '', 0, _not_help),           # after --, -h is the formula
        (['--', '-h'], '', 2, None),                        # ... with no value for h
        (['-x + 1', 'x=3'], '', 0, None),
        (['ｘ*2', 'ｘ=1'], '', 0, None),                    # the README: NFKC, ｘ is x
        (['ｘ*2', 'ｘ=1'], '--json', 0, None),
        (['x*2', 'ｘ=1'], '', 0, None),
        (['x*y', 'x=1', 'ｘ=2', 'y=3'], '', 2, None),       # two names Python reads as one
        (['x', 'x=inf'], '--json', 0, _json_check({'x': {'data': 'inf', 'grad': 1.0}})),
        (['x', 'x=-inf'], '--json', 0, _json_check({'x': {'data': '-inf', 'grad': 1.0}})),
        (['x', 'x=nan'], '--json', 0, _json_check({'x': {'data': 'nan', 'grad': 1.0}})),
        (['log(x)', 'x=0'], '--json', None, None),
        (['x / y', 'x=1', 'y=0'], '--json', None, None),
        (['exp(x)', 'x=1000'], '--json', None, None),
        (['x ** y', 'x=10', 'y=400'], '--json', None, None),
        (["__import__('os').system('echo pwned')"], '', 2, None),
        (['x.__class__', 'x=1'], '', 2, None),
        (['(' * 5000 + 'x' + ')' * 5000, 'x=1'], '', 0, None),   # any nesting parses
        ([' + '.join(['x'] * 3000), 'x=1'], '--dot', None, None),
        (['x' + '.tanh()' * 3000, 'x=1'], '--json', None, None),
        (['x', 'x=1', 'x=2'], '', 2, None),
        (['x', 'x'], '', 2, None),
        (['x', 'x=abc'], '', 2, None),
        (['x', '1x=2'], '', 2, None),
        (['x', 'x=1', '--bogus'], '', 2, None),
        (['x', 'x=1'], '--json --dot', 2, None),
        ([], '', 2, None),
    ]
    return cases


def _cli_generated_cases():
    rng = random.Random(SEED + 1)
    cases = []
    while len(cases) < CLI_GENERATED_CASES:
        text = _formula(rng, rng.randint(1, 3))
        if rng.random() < 0.5:
            mutant = _mutate(rng, text, LIGHT_FRAGMENTS)
            if _exponents_small(mutant):
                text = mutant
        text = text.replace('\0', '\\0')     # no argument can hold a null byte
        argv = [text]
        for name in NAMES:
            if rng.random() < 0.93:
                argv.append(f"{name}={rng.choice(CLI_VALUES)}")
        odd = rng.random()
        if odd < 0.04:
            argv.append(rng.choice(('x', 'x=', 'w=abc', '1x=2', 'x=1=2', 'ｙ=2', 'x=0x10',
                                    ' x = 2 ', 'x=1_000', 'x=1e5000')))
        mode = rng.choice(('', '--json', '--dot'))
        cases.append((argv, mode, None, None))
    return cases


def _no_constant(name):
    raise ValueError(f"{name} is not strict JSON (the README: non-finite numbers as strings)")


def _json_problem(output):
    try:
        data = json.loads(output, parse_constant=_no_constant)
    except ValueError as error:
        return "--json printed no strict JSON", f"{error}: {output.strip()[:80]}"
    if not isinstance(data, dict):
        return f"--json printed a {type(data).__name__}, not an object"
    for name, entry in data.items():
        if not isinstance(entry, dict) or set(entry) != {'data', 'grad'}:
            return f"--json entry is not {{'data', 'grad'}}", f"{name!r}: {str(entry)[:60]}"
        for key, number in entry.items():
            if isinstance(number, str) and number not in ('inf', '-inf', 'nan'):
                return "--json gives a string that is not inf, -inf or nan", number[:40]
            if not isinstance(number, (int, float, str)) or isinstance(number, bool):
                return "--json gives a value that is not a number", f"{type(number).__name__}"
    return None


def _cli_argv(argv, mode):
    # -S: without site's start-up (.pth files of installed packages, 65 ms here), which the
    # command line does not use: the module and the standard library are all it imports
    return [sys.executable, '-S', 'autograd.py'] + mode.split() + argv


def _cli_name(argv, mode):
    shown = ' '.join(_show(a, 60) if len(a) < 200 else f"<{len(a)} chars: {a[:20]!r}...>"
                     for a in mode.split() + argv)
    return f"autograd.py {shown}"


def _cli_problem(argv, mode, expected_status, check):
    """(kind, detail) if the command line breaks the README's promises, else None."""
    try:
        done = subprocess.run(_cli_argv(argv, mode), cwd=HERE, capture_output=True,
                              timeout=CLI_TIMEOUT, encoding='utf-8', errors='replace')
    except subprocess.TimeoutExpired:
        return f"hangs: no exit in {CLI_TIMEOUT} s", ''
    status, out, err = done.returncode, done.stdout, done.stderr
    err_lines = err.splitlines()
    last = err_lines[-1][:110] if err_lines else ''
    if status not in (0, 2):
        return f"exits with status {status}", last
    if status == 2:
        if len(err_lines) != 1:
            return f"exits 2 with {len(err_lines)} lines on stderr", last
        if 'Traceback' in err:
            return "exits 2 with a traceback", last
    else:
        if err:
            return "exits 0 with output on stderr", last
        if not out.strip():
            return "exits 0 and prints nothing", ''
        if '--json' in mode:
            problem = _json_problem(out)
            if problem:
                return problem
    if expected_status is not None and status != expected_status:
        return f"exits {status} where the README says {expected_status}", (last or out.strip()[:100])
    if check is not None and status == 0:
        problem = check(out)
        if problem:
            return problem, out.strip()[:100]
    return None


# ---------------------------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------------------------

class TextFuzz(unittest.TestCase):

    def test_thousands_of_random_and_mutated_expressions_fail_only_with_clear_errors(self):
        cases = _all_cases()
        verdicts = _prescreen_in_parallel(cases)   # in a subprocess first: hangs kill only it
        watchdog = _watchdog_available()
        failures, skipped = [], 0
        for index, (group, expression, values, expectation) in enumerate(cases):
            problem, seconds = verdicts[index]
            if problem is None and seconds <= SLOW:    # fast there: checked again, here
                problem, seconds = _verdict(expression, values, expectation, watchdog)
            if problem and problem[0] == SKIPPED:
                skipped += 1
            elif problem:
                failures.append((problem[0], _case_name(expression, values), problem[1]))
        if failures:
            self.fail('\n' + _report(failures, len(cases), 'expressions')
                      + (f"\n({skipped} more not run: their fragment hung in another context)"
                         if skipped else ''))

    def test_hundreds_of_expressions_through_the_command_line_exit_0_or_2_with_one_line(self):
        cases = _cli_hostile_cases() + _cli_generated_cases()   # hostile first: their
        with concurrent.futures.ThreadPoolExecutor(2) as pool:  # timeouts overlap the rest
            problems = list(pool.map(lambda case: _cli_problem(*case), cases))
        failures = [(problem[0], _cli_name(case[0], case[1]), problem[1])
                    for case, problem in zip(cases, problems) if problem]
        if failures:
            self.fail('\n' + _report(failures, len(cases), 'command lines'))


if __name__ == '__main__':
    unittest.main()
