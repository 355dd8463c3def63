"""What editors, type checkers, debuggers and readers see: the operators and public functions of
the operation table are written out in autograd.py, typed, and always exactly what the table
makes; the rest of the API is typed as well.

The table (the _Operation rows near the top of autograd.py) is the one source of every operation.
tools/regenerate.py writes the hot methods it makes into the module's appendix, between the
GENERATED lines, from templates that are themselves Python. These tests check that the file holds
exactly that, that every row has its method, reflected operator or function, typed, that the
generated code reads like any other code, and (where mypy, pyright or jedi are installed) that
static tools see the whole API. The values and derivatives of every row are checked in
test_exactness.py.
"""

import importlib.util
import inspect
import linecache
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import traceback
import unittest

import autograd
from autograd import Variable

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = os.path.join(HERE, 'tools', 'regenerate.py')
REGENERATE = "python3 tools/regenerate.py"


def _generator():
    spec = importlib.util.spec_from_file_location('regenerate', GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TheGeneratedCode(unittest.TestCase):

    def test_the_file_holds_exactly_what_the_table_generates(self):
        run = subprocess.run([sys.executable, GENERATOR, '--check'], capture_output=True,
                             text=True, timeout=60)
        self.assertEqual(run.returncode, 0,
                         f"autograd.py's generated methods differ from what the table makes: "
                         f"after changing a row or a template, run {REGENERATE}\n{run.stdout}")

    def test_the_check_fails_on_a_file_that_differs_from_its_table(self):
        with open(autograd.__file__, encoding='utf-8') as file:
            source = file.read()
        stale = source.replace("value=lambda a, b: a * b", "value=lambda a, b: b * a", 1)
        self.assertNotEqual(stale, source)
        self.assertNotEqual(_generator().regenerated(stale), stale)
        self.assertEqual(_generator().regenerated(source), source)

    def test_operators_and_public_functions_have_methods_and_internal_rows_have_functions(self):
        for operation in autograd._TABLE:
            with self.subTest(operation=operation.name):
                method = operation.method
                if method.startswith('__'):                    # an operator
                    self.assertEqual(getattr(Variable, method).__qualname__, f"Variable.{method}",
                                     f"run {REGENERATE}")
                    self.assertEqual(list(inspect.signature(getattr(Variable, method)).parameters),
                                     ['self'] if operation.local_b is None else ['self', 'other'])
                    if operation.is_operator:
                        reflected = getattr(Variable, operation.reflected)
                        self.assertEqual(reflected.__qualname__, f"Variable.{operation.reflected}")
                    continue
                function = getattr(autograd, method)
                arity = 1 if operation.local_b is None else 2
                point = 1.25 if operation.name == 'acosh' else 0.75
                self.assertIsInstance(function(*[Variable(point)] * arity), Variable)
                if method.startswith('_'):                     # internal: no method
                    self.assertFalse(hasattr(Variable, method))
                elif arity == 1:                               # x.exp() beside exp(x)
                    self.assertEqual(getattr(Variable, method).__qualname__, f"Variable.{method}",
                                     f"run {REGENERATE}")
                    self.assertEqual(list(inspect.signature(getattr(Variable, method)).parameters),
                                     ['self'])
                    self.assertEqual(inspect.signature(getattr(Variable, method)).return_annotation,
                                     'Variable')
                if not method.startswith('_'):
                    self.assertIn(method, autograd.__all__, f"add {method!r} to __all__")

    def test_every_public_function_is_a_typed_module_function(self):
        signatures = {
            1: "(x: 'Union[Variable, Number]') -> 'Union[Variable, float]'",
            2: "(x: 'Union[Variable, Number]', y: 'Union[Variable, Number]') -> "
               "'Union[Variable, float]'"}
        own_signatures = {'log': "(x: 'Any', base: 'Any' = None) -> 'Any'",
                          'hypot': "(*coordinates: 'Any') -> 'Any'",
                          'leaky_relu': "(x: 'Any', negative_slope: 'Any' = 0.01) -> 'Any'",
                          'elu': "(x: 'Any', alpha: 'Any' = 1.0) -> 'Any'"}
        public = [op for op in autograd._TABLE if not op.method.startswith('_')]
        for operation in public:
            name = operation.method
            with self.subTest(function=name):
                function = getattr(autograd, name)
                self.assertEqual(function.__qualname__, name)
                self.assertEqual(str(inspect.signature(function)), own_signatures.get(
                    name, signatures[1 if operation.local_b is None else 2]))
        declared = set(autograd.__all__) - {'Variable', 'Value', 'no_grad', 'spare_collector', 'grad',
                                            'value_and_grad', 'jacobian', 'hessian', 'gradcheck', 'jit',
                                            'gradients', 'jacfwd', 'jacrev', 'jvp', 'vjp',
                                            'differentiable', 'silu', 'gelu'}
        self.assertEqual(declared, {op.method for op in public},
                         "__all__ names a function the table does not make")

    def test_the_constructor_shows_its_signature_at_run_time_too(self):
        self.assertEqual(str(inspect.signature(Variable)),
                         '(value, /, *, name=None, requires_grad=True, label=None)')

    def test_a_template_refuses_words_that_do_not_match_it(self):
        generator = _generator()
        with self.assertRaisesRegex(ValueError, r"the template _FUNCTION_METHOD uses the words "
                                                r"\[.*'_LOCAL_X'.*\], but was given"):
            generator.from_template('_FUNCTION_METHOD', {
                '_FUNCTION_METHOD': 'exp', 'NAME': 'exp', '_VALUE': 'math.exp(x)',
                '_OPERATION': '_EXP'})
        with self.assertRaisesRegex(ValueError, "but was given .*'_LOCAL_B'"):
            generator.from_template('_FUNCTION_METHOD', {
                '_FUNCTION_METHOD': 'exp', 'NAME': 'exp', '_VALUE': 'math.exp(x)',
                '_LOCAL_X': 'out', '_LOCAL_B': 'out', '_OPERATION': '_EXP'})

    def test_a_row_whose_formula_names_other_operands_is_refused(self):
        with open(autograd.__file__, encoding='utf-8') as file:
            source = file.read()
        wrong = source.replace("local_a=lambda a, b, out: b,", "local_a=lambda p, q, out: q,", 1)
        with self.assertRaisesRegex(ValueError, "_MUL: a formula's parameters must be a, b, out, "
                                                "not p, q, out"):
            _generator().regenerated(wrong)

    def test_the_generated_code_shows_in_tracebacks_and_getsource_from_the_file(self):
        linecache.clearcache()
        self.assertIn("out: Any = a * b", inspect.getsource(Variable.__mul__))
        self.assertEqual(inspect.getsourcefile(Variable.tanh), autograd.__file__)
        linecache.clearcache()
        try:
            Variable(0.0).log()
        except ValueError:
            shown = traceback.format_exc()
        self.assertIn(f'File "{autograd.__file__}", line', shown)
        self.assertIn(', in log\n    raise _domain_error(error, f"log({_shown(x)})") from None',
                      shown)


class StaticTools(unittest.TestCase):
    """Run where the tools are installed (a virtual environment outside the project); skipped
    otherwise: the project itself needs none of them."""

    SCRIPT = textwrap.dedent('''\
        from autograd import (Variable, Value, no_grad, grad, gradcheck, gradients, exp, log,
                              sqrt, sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, sigmoid,
                              relu, softplus, log1p, expm1)

        x = Variable(7.0); y = Variable(10.0, name='y'); z = Value(1.0, label='z')
        q = x * y
        a = q + 3 * z + x - 1 / y + y ** 2 + 2 ** x - (-x) + (+x) + abs(x) + pow(x, 2)
        a.backward()
        print(x.d.value, y.d.value, z.grad, q.grad, a.value, a.data)
        functions = [f(x) for f in (exp, log, sqrt, sin, cos, tan, atan, sinh, cosh, tanh,
                                    sigmoid, relu, softplus, log1p, expm1)]
        small = Variable(0.5)
        methods = [small.asin(), small.acos(), small.exp(), small.tanh(), small.relu()]
        plain: float = exp(1.0) + asin(0.5) + acos(0.5) + 1.0
        total = sum(functions + methods, Variable(0.0))
        total.backward(create_graph=True)
        x.d.backward()
        x.zero_grad()
        x.grad = 0
        x.requires_grad = True
        print(x.is_leaf, x.name, x.label, x.item(), x.detach().value, x < y, max(x, y).value)
        print(float(x), int(x), round(x, 2), f"{x:.3f}", x.expression(), len(x.to_dot()))
        with no_grad():
            constant = x * x

        @no_grad()
        def predict(inp: float) -> Variable:
            return x * inp
        slope: float = grad(lambda s: s * s)(3.0)
        print(slope, gradcheck(lambda s: s.sin(), 0.3), gradients("x * y", {'x': 1, 'y': 2}))
        w, b = Variable(0.0, name='w'), Variable(0.0)
        data = [(i / 10, 2 * i / 10 - 3) for i in range(-10, 11)]
        for step in range(20):
            loss = sum(((w * xi + b - yi) ** 2 for xi, yi in data), Variable(0.0)) / len(data)
            loss.backward()
            w.value -= 0.5 * w.grad
            b.data -= 0.5 * b.grad
        print(w.value, b.value, constant.requires_grad, predict(2.0).value, plain)

        from autograd import math, atan2, hypot, leaky_relu, elu, gelu, silu, erf, lgamma, log2
        angle: Variable = atan2(x, y) + hypot(x, y, 1.0) + leaky_relu(x) + elu(x) + gelu(x)
        number: float = atan2(1.0, 2.0) + hypot(3.0, 4.0) + erf(0.5) + lgamma(2.5) + log2(8.0)
        steps = math.sin(x) * math.exp(x) + math.log(x, 2) + math.hypot(x, y) + math.pi
        print(angle.value, number, steps.value, math.floor(2.5), math.isfinite(x), silu(x).value)
    ''')

    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.folder)
        self.script = os.path.join(self.folder, 'readme_api.py')
        with open(self.script, 'w', encoding='utf-8') as file:
            file.write(self.SCRIPT)

    def test_the_script_itself_runs(self):
        run = subprocess.run([sys.executable, self.script], capture_output=True, text=True,
                             env={**os.environ, 'PYTHONPATH': HERE}, timeout=60)
        self.assertEqual(run.returncode, 0, run.stderr)

    @unittest.skipIf(importlib.util.find_spec('mypy') is None, "mypy is not installed")
    def test_mypy_finds_no_error_in_a_script_of_the_readme_api_nor_in_autograd(self):
        for target in (self.script, os.path.join(HERE, 'autograd.py')):
            run = subprocess.run([sys.executable, '-m', 'mypy', '--cache-dir',
                                  os.path.join(self.folder, 'cache'), target],
                                 capture_output=True, text=True, timeout=300,
                                 env={**os.environ, 'MYPYPATH': HERE})
            self.assertEqual(run.returncode, 0, run.stdout)

    @unittest.skipIf(shutil.which('pyright') is None, "pyright is not installed")
    def test_pyright_finds_no_error_in_a_script_of_the_readme_api_nor_in_autograd(self):
        with open(os.path.join(self.folder, 'pyrightconfig.json'), 'w') as file:
            file.write('{"extraPaths": ["%s"]}' % HERE.replace('\\', '\\\\'))
        for target in (self.script, os.path.join(HERE, 'autograd.py')):
            run = subprocess.run(['pyright', '--project', self.folder, target],
                                 capture_output=True, text=True, timeout=300)
            self.assertIn('0 errors', run.stdout, run.stdout)

    @unittest.skipIf(importlib.util.find_spec('jedi') is None, "jedi is not installed")
    def test_an_editor_completes_the_methods_and_shows_the_constructor(self):
        import jedi
        project = jedi.Project(HERE, added_sys_path=[HERE])
        code = "from autograd import Variable\nx = Variable(1.0)\nx."
        offered = {c.name for c in jedi.Script(code, project=project).complete(3, 2)}
        self.assertLessEqual({'exp', 'tanh', 'relu', 'backward', 'grad', 'd'}, offered)
        code = "from autograd import Variable\nVariable("
        signatures = jedi.Script(code, project=project).get_signatures(2, 9)
        self.assertIn('value', [p.name for p in signatures[0].params])


if __name__ == '__main__':
    unittest.main()
