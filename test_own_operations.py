"""Your own operations: @differentiable makes a function of one or two numbers an operation.

The decorated function gives its own result for numbers and a Variable for Variables; its
derivatives, one per argument, are functions of the arguments and the result written with the
library's functions, so they differentiate in their turn. Each test checks against a
hand-derived formula, central differences or exact Fractions.

Run: python3 test_own_operations.py    or    python3 -m unittest test_own_operations -v
"""

import copy
import math
import os
import pickle
import subprocess
import sys
import unittest
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from autograd import (Variable, differentiable, exp, gradcheck, grad, hessian, jit, jvp,  # noqa: E402
                      log, no_grad, value_and_grad)


@differentiable(lambda x, out: 2 / math.sqrt(math.pi) * exp(-x * x))
def erf(x):
    return math.erf(x)


@differentiable(lambda a, b, out: b * a ** (b - 1), lambda a, b, out: out * log(a))
def power(a, b):
    return a ** b


@differentiable(lambda x, out: 1 / x)
def natural_log(x):
    return math.log(x)


@differentiable(lambda x, out: 3 * x * x)
def cube(x):
    return x * x * x


def central_difference(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


class NumbersAndVariables(unittest.TestCase):

    def test_numbers_in_give_the_functions_own_result(self):
        self.assertEqual(erf(0.5), math.erf(0.5))
        self.assertIs(type(cube(3)), int)
        self.assertEqual(cube(Fraction(1, 3)), Fraction(1, 27))

    def test_variables_in_give_a_variable_with_the_derivative_given(self):
        x = Variable(0.5)
        y = erf(x)
        self.assertIsInstance(y, Variable)
        self.assertEqual(y.value, math.erf(0.5))
        y.backward()
        self.assertEqual(x.grad, 2 / math.sqrt(math.pi) * math.exp(-0.25))

    def test_two_argument_operations_take_a_number_on_either_side(self):
        a, b = Variable(2.0), Variable(3.0)
        power(a, b).backward()
        self.assertEqual((a.grad, b.grad), (12.0, 8.0 * math.log(2.0)))
        a2 = Variable(2.0)
        power(a2, 3.0).backward()
        self.assertEqual(a2.grad, 12.0)
        b2 = Variable(3.0)
        power(2.0, b2).backward()
        self.assertEqual(b2.grad, 8.0 * math.log(2.0))

    def test_exact_numbers_stay_exact_through_the_derivative(self):
        x = Variable(Fraction(1, 3))
        cube(x).backward()
        self.assertEqual(x.grad, float(Fraction(1, 3)))            # grad is a float ...
        self.assertEqual(x.d.value, Fraction(1, 3))                # ... d keeps 3 x^2 = 1/3

    def test_a_wrong_number_of_arguments_or_derivatives_is_refused(self):
        with self.assertRaisesRegex(TypeError, r"erf\(\) takes 1 arguments, not 2"):
            erf(Variable(1.0), 2.0)
        with self.assertRaisesRegex(TypeError, "gives 1 derivative, but .*takes 2 arguments"):
            differentiable(lambda x, out: 1)(lambda a, b: a + b)
        with self.assertRaisesRegex(TypeError, "one derivative function per argument"):
            differentiable()
        with self.assertRaisesRegex(TypeError, r"argument 0 must be a real number.*not str"):
            erf('1')


class Derivatives(unittest.TestCase):

    def test_second_derivatives_differentiate_the_derivative_formula(self):
        x = 0.5
        self.assertEqual(grad(grad(erf))(x), -2 * x * 2 / math.sqrt(math.pi) * math.exp(-x * x))
        v = Variable(0.7)
        erf(v).backward(create_graph=True)
        v.d.backward()
        self.assertAlmostEqual(v.grad, -2 * 0.7 * 2 / math.sqrt(math.pi) * math.exp(-0.49), 15)

    def test_the_hessian_of_a_two_argument_operation(self):
        h = hessian(power)(2.0, 3.0)
        ln2 = math.log(2.0)
        expected = ((3 * 2 * 2.0, 2.0 ** 2 * (1 + 3 * ln2)), (2.0 ** 2 * (1 + 3 * ln2), 8 * ln2 ** 2))
        for row, expected_row in zip(h, expected):
            for entry, want in zip(row, expected_row):
                self.assertAlmostEqual(entry, want, 12)

    def test_gradcheck_verifies_a_users_derivative_and_catches_a_wrong_one(self):
        self.assertTrue(gradcheck(lambda x: erf(x) * x, 0.3))

        @differentiable(lambda x, out: math.cos(x) * 1.01)    # one per cent wrong
        def wrong_sin(x):
            return math.sin(x)

        with self.assertRaisesRegex(AssertionError, "derivative with respect to input 0"):
            gradcheck(wrong_sin, 0.4)

    def test_every_transform_and_forward_mode(self):
        slope = 2 / math.sqrt(math.pi) * math.exp(-0.25)
        self.assertEqual(value_and_grad(erf)(0.5), (math.erf(0.5), slope))
        self.assertEqual(jvp(erf, (0.5,), (2.0,)), (math.erf(0.5), 2 * slope))
        self.assertAlmostEqual(grad(lambda t: erf(t) * t)(0.5),
                               central_difference(lambda t: math.erf(t) * t, 0.5), 8)

    def test_no_grad_records_nothing(self):
        with no_grad():
            self.assertFalse(erf(Variable(0.5)).requires_grad)


class JitAndCopies(unittest.TestCase):

    def test_jit_calls_the_function_as_one_node_bitwise_as_f(self):
        f = lambda t: erf(t) * t + cube(t)
        compiled = jit(f)
        for t in (0.3, 0.7, -1.2):
            self.assertEqual(compiled(t), f(Variable(t)).value)
        compiled_slope = jit(grad(f))
        for t in (0.3, -0.9):
            self.assertEqual(compiled_slope(t), grad(f)(t))

    def test_a_graph_pickles_and_deep_copies_by_the_functions_qualified_name(self):
        x = Variable(0.5)
        out = erf(x) * x
        for copied in (pickle.loads(pickle.dumps(out)), copy.deepcopy(out)):
            copied.backward()
            self.assertEqual(copied.value, out.value)
            self.assertEqual(copied.expression(), '(erf(0.5) * 0.5)')

    @unittest.skipIf(__name__ == '__main__', "run as a script, the operation lives in __main__, "
                                             "which another process cannot import")
    def test_a_pickled_graph_loads_in_a_process_that_has_not_imported_the_operation(self):
        x = Variable(0.5)
        saved = pickle.dumps(erf(x) * x)
        script = ("import pickle, sys; out = pickle.loads(sys.stdin.buffer.read()); "
                  "out.backward(); print(repr(out.value), out.expression())")
        run = subprocess.run([sys.executable, '-c', script], input=saved, capture_output=True,
                             cwd=HERE, timeout=60)
        self.assertEqual(run.returncode, 0, run.stderr.decode())
        self.assertEqual(run.stdout.decode().split(), [repr(math.erf(0.5) * 0.5), '(erf(0.5)', '*',
                                                       '0.5)'])


class Errors(unittest.TestCase):

    def test_a_domain_error_from_the_function_names_it(self):
        with self.assertRaisesRegex(ValueError, r"^natural_log\(-1\.0\): math domain error$"):
            natural_log(Variable(-1.0))

    def test_a_function_that_returns_no_number_is_refused(self):
        @differentiable(lambda x, out: 1.0)
        def words(x):
            return 'two'

        with self.assertRaisesRegex(TypeError, "words.* must return a real number.*not str"):
            words(Variable(1.0))


if __name__ == '__main__':
    unittest.main()
