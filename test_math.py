"""Python's math, differentiable: every function of math as a Variable method and a module
function, `from autograd import math` as a drop-in, no derivative lost silently through float(),
and NumPy arrays and SciPy's optimisers (where they are installed).

Values for numbers are exactly math's; derivatives are checked against closed forms computed
here (fractions where the result is rational), central differences, and known constants; the
high-precision sweep of every row across the float range is in test_exactness.py.
"""

import cmath
import importlib.util
import math as python_math
import statistics
import unittest
import warnings
from fractions import Fraction

import autograd
from autograd import (Variable, acosh, asinh, atan2, atanh, cbrt, copysign, elu, erf, erfc,
                      exp2, fabs, fmod, gamma, gelu, grad, hessian, hypot, jit, leaky_relu,
                      lgamma, log, log2, log10, remainder, silu, value_and_grad)
from autograd import math as differentiable_math

numpy = None if importlib.util.find_spec('numpy') is None else __import__('numpy')
scipy_optimize = None
if importlib.util.find_spec('scipy') is not None:
    import scipy.optimize as scipy_optimize

EULER_GAMMA = 0.5772156649015329


def central_difference(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


class EveryNameOfMath(unittest.TestCase):

    def test_the_namespace_has_every_public_name_of_the_running_pythons_math(self):
        wanted = {name for name in dir(python_math) if not name.startswith('_')}
        self.assertLessEqual(wanted, set(dir(differentiable_math)))

    def test_its_constants_are_maths(self):
        for name in ('pi', 'e', 'tau', 'inf'):
            self.assertEqual(getattr(differentiable_math, name), getattr(python_math, name))
        self.assertTrue(python_math.isnan(differentiable_math.nan))

    def test_differentiable_functions_give_exactly_maths_float_for_numbers(self):
        points = {'acosh': (1.5, 7), 'atanh': (0.5, -0.25), 'asin': (0.5,), 'acos': (0.5,),
                  'log': (2.5, 10 ** 30), 'log2': (3.0, 1024), 'log10': (7.0, 1000),
                  'sqrt': (2.0, 9), 'lgamma': (0.5, 7.25), 'gamma': (0.5, 5),
                  'log1p': (0.75, -0.5, 3)}
        for name in ('exp', 'log', 'sqrt', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh',
                     'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'log1p', 'expm1', 'log2', 'log10',
                     'erf', 'erfc', 'gamma', 'lgamma', 'fabs', 'degrees', 'radians'):
            for x in points.get(name, (0.75, -1.25, 3)):
                with self.subTest(function=name, x=x):
                    got = getattr(differentiable_math, name)(x)
                    self.assertEqual(type(got), float)
                    self.assertEqual(got, getattr(python_math, name)(x))
        for name in ('exp2', 'cbrt'):
            if hasattr(python_math, name):
                self.assertEqual(getattr(differentiable_math, name)(2.5), getattr(python_math, name)(2.5))
        for name, args in (('atan2', (1.5, -2.0)), ('hypot', (3, 4, 12)), ('copysign', (2.0, -0.0)),
                           ('fmod', (7.5, 2.0)), ('remainder', (7.5, 2.0)), ('pow', (2, 0.5)),
                           ('dist', ((1, 2), (4, 6))), ('fsum', ([0.1] * 10,)),
                           ('prod', ([1.5, 2, 3],)), ('log', (8, 2))):
            with self.subTest(function=name):
                self.assertEqual(getattr(differentiable_math, name)(*args),
                                 getattr(python_math, name)(*args))

    def test_the_other_functions_take_a_variables_value(self):
        x = Variable(2.5)
        self.assertEqual(differentiable_math.floor(x), 2)
        self.assertEqual(differentiable_math.ceil(x), 3)
        self.assertTrue(differentiable_math.isfinite(x))
        self.assertEqual(differentiable_math.comb(Variable(5), 2), 10)
        self.assertTrue(differentiable_math.isclose(x, 2.5))

    def test_code_written_for_math_differentiates_by_changing_the_import(self):
        math = differentiable_math
        f = lambda t: t * t + math.sin(t) + math.exp(t) * math.log(t, 2) + math.hypot(t, 3.0)
        t = 1.25
        expected = (2 * t + python_math.cos(t) + python_math.exp(t) * python_math.log(t, 2)
                    + python_math.exp(t) / (t * python_math.log(2)) + t / python_math.hypot(t, 3))
        self.assertAlmostEqual(grad(f)(t), expected, delta=1e-15 * abs(expected))
        self.assertEqual(grad(lambda s: s * s + math.sin(s))(1.0), 2 + python_math.cos(1.0))


class TheNewFunctionsDifferentiate(unittest.TestCase):

    def check(self, f, x, slope, second=None):
        self.assertAlmostEqual(grad(f)(x), slope, delta=1e-14 * max(1, abs(slope)))
        self.assertAlmostEqual(grad(f)(x), central_difference(f, x), delta=1e-7 * max(1, abs(slope)))
        if second is not None:
            self.assertAlmostEqual(grad(grad(f))(x), second, delta=1e-13 * max(1, abs(second)))

    def test_inverse_hyperbolics(self):
        self.check(asinh, 0.75, 1 / python_math.sqrt(1 + 0.75 ** 2), -0.75 / (1 + 0.75 ** 2) ** 1.5)
        self.check(acosh, 2.0, 1 / python_math.sqrt(3), -2 / 3 ** 1.5)
        self.check(atanh, 0.5, 1 / 0.75, 2 * 0.5 / 0.75 ** 2)
        self.assertAlmostEqual(grad(asinh)(1e200), 1e-200, delta=1e-214)   # no x ** 2 overflow

    def test_bases_two_and_ten_and_the_cube_root(self):
        ln2, ln10 = python_math.log(2), python_math.log(10)
        self.check(exp2, 3.0, 8 * ln2, 8 * ln2 * ln2)
        self.check(log2, 5.0, 1 / (5 * ln2), -1 / (25 * ln2))
        self.check(log10, 5.0, 1 / (5 * ln10), -1 / (25 * ln10))
        self.check(cbrt, 8.0, 1 / 12, -2 / (9 * 32))
        self.assertEqual(grad(cbrt)(0.0), python_math.inf)

    def test_log_with_a_base_is_maths_and_differentiates_in_both(self):
        self.assertEqual(log(8, 2), python_math.log(8, 2))
        self.assertEqual(log(Variable(8.0), 2).value, python_math.log(8, 2))
        dx, db = grad(log)(5.0, 3.0)
        self.assertAlmostEqual(dx, 1 / (5 * python_math.log(3)), delta=1e-16)
        self.assertAlmostEqual(db, -python_math.log(5) / (3 * python_math.log(3) ** 2), delta=1e-15)
        try:
            expected = python_math.log(2, 1)        # CPython raises; PyPy gives inf
        except ZeroDivisionError:
            with self.assertRaisesRegex(ZeroDivisionError, "log\\(2, 1\\)"):
                log(2, 1)
        else:
            self.assertEqual(log(2, 1), expected)
        with self.assertRaisesRegex(ValueError, "log\\(-1.0\\)"):
            log(Variable(-1.0), 2)

    def test_erf_erfc_gamma_and_lgamma(self):
        two_over_root_pi = 2 / python_math.sqrt(python_math.pi)
        self.check(erf, 0.5, two_over_root_pi * python_math.exp(-0.25),
                   -2 * 0.5 * two_over_root_pi * python_math.exp(-0.25))
        self.check(erfc, 0.5, -two_over_root_pi * python_math.exp(-0.25))
        self.check(lgamma, 1.0, -EULER_GAMMA, python_math.pi ** 2 / 6)
        self.check(gamma, 1.0, -EULER_GAMMA, EULER_GAMMA ** 2 + python_math.pi ** 2 / 6)
        self.check(lgamma, 0.5, -EULER_GAMMA - 2 * python_math.log(2), python_math.pi ** 2 / 2)
        self.check(lgamma, -0.5, 2 - EULER_GAMMA - 2 * python_math.log(2))   # psi(x + 1) - 1/x

    def test_functions_of_two_numbers(self):
        y, x = 1.5, -2.0
        for got, want in zip(grad(atan2)(y, x), (x / (x * x + y * y), -y / (x * x + y * y))):
            self.assertAlmostEqual(got, want, delta=1e-16)
        dx, dy = grad(hypot)(3.0, 4.0)
        self.assertEqual((dx, dy), (0.6, 0.8))
        for got, want in zip(grad(lambda a, b, c: hypot(a, b, c))(2.0, 3.0, 6.0), (2 / 7, 3 / 7, 6 / 7)):
            self.assertAlmostEqual(got, want, delta=1e-16)
        self.assertEqual(grad(copysign)(2.0, -1.0), (-1.0, 0.0))
        self.assertEqual(grad(fmod)(7.5, 2.0), (1.0, -3.0))
        self.assertEqual(grad(remainder)(7.5, 2.0), (1.0, -4.0))
        self.assertEqual(grad(fabs)(-3.0), -1.0)
        self.assertTrue(all(python_math.isnan(d) for d in grad(atan2)(0.0, 0.0)))

    def test_modulo_floor_division_and_divmod_are_pythons(self):
        for a, b in ((7.5, 2), (-7.5, 2), (7, -3), (Fraction(7, 2), Fraction(1, 3))):
            with self.subTest(a=a, b=b):
                self.assertEqual((Variable(a) % b).value, a % b)
                self.assertEqual((a % Variable(b)).value, a % b)
                self.assertEqual((Variable(a) // b).value, a // b)
                q, r = divmod(Variable(a), b)
                self.assertEqual((q.value, r.value), divmod(a, b))
        self.assertEqual(grad(lambda a, b: a % b)(7.5, 2.0), (1.0, -3.0))
        self.assertEqual(grad(lambda a, b: a // b)(7.5, 2.0), (0.0, 0.0))
        self.assertEqual(grad(lambda a, b: a % b)(Fraction(7, 2), Fraction(1, 3)), (1.0, -10.0))
        with self.assertRaisesRegex(ZeroDivisionError, "7.5 % 0"):
            Variable(7.5) % 0
        with self.assertRaisesRegex(ZeroDivisionError, "7.5 // 0"):
            Variable(7.5) // 0

    def test_floor_ceil_and_trunc_keep_giving_ints(self):
        x = Variable(-2.5)
        self.assertEqual([python_math.floor(x), python_math.ceil(x), python_math.trunc(x)],
                         [-3, -2, -2])

    def test_activations_take_pytorchs_slopes_at_zero(self):
        self.assertEqual(leaky_relu(-2.0), -0.02)
        self.assertEqual(leaky_relu(3.0, 0.2), 3.0)
        self.assertEqual(grad(leaky_relu)(0.0), 0.01)         # the side x <= 0's, as PyTorch
        self.assertEqual(grad(lambda x: leaky_relu(x, 0.2))(-1.0), 0.2)
        self.assertEqual(grad(leaky_relu)(-3.0, 0.1), (0.1, -3.0))
        self.assertEqual(grad(elu)(0.0), 1.0)
        self.assertEqual(elu(-1.0), python_math.expm1(-1.0))
        self.assertEqual(grad(elu)(-1.0, 2.0), (2 * python_math.exp(-1.0), python_math.expm1(-1.0)))
        self.assertEqual(grad(grad(elu))(-1.0), python_math.exp(-1.0))
        s = 1 / (1 + python_math.exp(0.5))
        self.check(silu, -0.5, s + -0.5 * s * (1 - s))
        phi = lambda t: 0.5 * python_math.erfc(-t / python_math.sqrt(2))
        density = python_math.exp(-0.25 / 2) / python_math.sqrt(2 * python_math.pi)
        self.assertAlmostEqual(gelu(-0.5), -0.5 * phi(-0.5), delta=1e-16)
        self.check(gelu, -0.5, phi(-0.5) - 0.5 * density)
        self.assertGreater(abs(gelu(-30.0)), 0)               # erfc's form: no 1 + erf cancelling


class NoDerivativeLostThroughFloat(unittest.TestCase):

    def test_pythons_math_inside_a_transform_is_refused_with_the_fix_named(self):
        for f in (lambda t: t * t + python_math.sin(t), lambda t: python_math.exp(t),
                  lambda t: python_math.fsum([t, t]), lambda t: python_math.hypot(t, 1.0),
                  lambda t: statistics.fmean([t, t]), lambda t: float(t) * t):
            for transform in (grad, value_and_grad, hessian):
                with self.subTest(f=f, transform=transform):
                    with self.assertRaisesRegex(TypeError, "from autograd import math"):
                        transform(f)(1.0)
        for f in (lambda t: complex(t).real * t, lambda t: cmath.sqrt(t).real):
            with self.assertRaises(TypeError):      # float()'s refusal (PyPy's complex() calls
                grad(f)(1.0)                        # no float(), and refuses the Variable itself)

    @unittest.skipIf(numpy is None, "NumPy is not installed")
    def test_numpys_float64_inside_a_transform_is_refused(self):
        with self.assertRaisesRegex(TypeError, "would drop its derivative"):
            grad(lambda a: numpy.float64(a) * a)(1.0)

    def test_a_constant_inside_a_transform_converts_silently(self):
        c = Variable(2.0, requires_grad=False)
        self.assertEqual(grad(lambda t: t * float(c))(1.0), 2.0)

    def test_outside_transforms_float_warns_once_per_line(self):
        x = Variable(1.5)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('default')
            for _ in range(3):
                float(x)
            python_math.sin(x)
        self.assertEqual(len(caught), 2)
        self.assertTrue(all(issubclass(w.category, UserWarning) for w in caught))
        self.assertIn("from autograd import math", str(caught[0].message))
        self.assertEqual(caught[0].filename, __file__)

    def test_value_item_format_round_int_and_comparisons_stay_silent(self):
        x = Variable(1.5)
        with warnings.catch_warnings():
            warnings.simplefilter('error')
            self.assertEqual((x.value, x.item(), f"{x:.2f}", round(x), int(x), x < 2, x >= 1),
                             (1.5, 1.5, '1.50', 2, 1, True, True))
            self.assertEqual(float(Variable(1.5, requires_grad=False)), 1.5)

    def test_under_jit_alone_float_is_a_guard(self):
        f = jit(lambda x: x * (2.0 if float(x) > 0 else 3.0))
        with warnings.catch_warnings():
            warnings.simplefilter('error')
            self.assertEqual((f(1.5), f(-1.5), f(2.5)), (3.0, -4.5, 5.0))


@unittest.skipIf(numpy is None, "NumPy is not installed")
class NumPyArrays(unittest.TestCase):

    def test_transforms_take_arrays_and_give_float64_arrays_of_their_shape(self):
        f = lambda p: numpy.sum(p * p * p)
        x = numpy.array([[1.0, 2.0], [3.0, -1.0]])
        slope = grad(f)(x)
        self.assertEqual((slope.shape, slope.dtype), ((2, 2), numpy.float64))
        self.assertEqual(slope.tolist(), [[3.0, 12.0], [27.0, 3.0]])
        h = hessian(lambda p: p[0] * p[0] * p[1])(numpy.array([2.0, 3.0]))
        self.assertEqual((h.shape, h.tolist()), ((2, 2), [[6.0, 4.0], [4.0, 0.0]]))
        jac = autograd.jacobian(lambda p: numpy.array([p[0] * p[1], p[0] + p[1], p[1]]))(
            numpy.array([2.0, 5.0]))
        self.assertEqual((jac.shape, jac.tolist()), ((3, 2), [[5.0, 2.0], [1.0, 1.0], [0.0, 1.0]]))

    def test_object_arrays_take_numpys_ufuncs_by_numpys_names(self):
        x = numpy.array([Variable(0.3), Variable(0.6)], dtype=object)
        for ufunc, plain in ((numpy.arcsin, python_math.asin), (numpy.arccos, python_math.acos),
                             (numpy.arctan, python_math.atan), (numpy.arcsinh, python_math.asinh),
                             (numpy.arctanh, python_math.atanh), (numpy.log2, python_math.log2),
                             (numpy.log10, python_math.log10), (numpy.exp2, lambda v: 2.0 ** v),
                             (numpy.square, lambda v: v * v), (numpy.deg2rad, python_math.radians)):
            with self.subTest(ufunc=ufunc.__name__):
                result = ufunc(x)
                self.assertIsInstance(result[0], Variable)
                self.assertAlmostEqual(result[1].value, plain(0.6), delta=1e-15)
        self.assertIsInstance(numpy.arccosh(x + 1)[0], Variable)
        self.assertAlmostEqual(numpy.arctan2(x, x)[0].value, python_math.pi / 4, delta=1e-15)
        self.assertAlmostEqual(numpy.hypot(x, x)[0].value, 0.3 * python_math.sqrt(2), delta=1e-15)

    def test_a_layer_as_a_matrix_of_variables_differentiates(self):
        W = numpy.array([[Variable(0.1), Variable(0.2)], [Variable(0.3), Variable(0.4)]])
        b = numpy.array([Variable(0.0), Variable(0.5)])
        x = numpy.array([1.0, 2.0])
        y = numpy.tanh(W @ x + b)
        loss = numpy.sum(y * y)
        loss.backward()
        pre = 0.1 * 1 + 0.2 * 2
        expected = 2 * python_math.tanh(pre) * (1 - python_math.tanh(pre) ** 2) * 1.0
        self.assertAlmostEqual(W[0, 0].grad, expected, delta=1e-15)

    def test_other_arguments_are_refused_naming_what_is_accepted(self):
        with self.assertRaisesRegex(TypeError, "a list, tuple or NumPy array of them, not str"):
            grad(lambda p: p)('1.0')


@unittest.skipIf(scipy_optimize is None, "SciPy is not installed")
class SciPy(unittest.TestCase):

    def test_minimize_reaches_rosenbrocks_minimum_with_jac_and_hess(self):
        rosen = scipy_optimize.rosen
        x0 = numpy.array([-1.2, 1.0])
        for method in ('BFGS', 'L-BFGS-B', 'Newton-CG', 'trust-exact', 'trust-ncg'):
            with self.subTest(method=method):
                extra = {} if method in ('BFGS', 'L-BFGS-B') else {'hess': hessian(rosen)}
                result = scipy_optimize.minimize(rosen, x0, jac=grad(rosen), method=method, **extra)
                self.assertTrue(numpy.allclose(result.x, [1.0, 1.0], atol=1e-4), result.x)

    def test_least_squares_takes_the_jacobian(self):
        residuals = lambda p: numpy.array([10 * (p[1] - p[0] ** 2), 1 - p[0]])
        result = scipy_optimize.least_squares(residuals, numpy.array([-1.2, 1.0]),
                                              jac=autograd.jacobian(residuals))
        self.assertTrue(numpy.allclose(result.x, [1.0, 1.0]))


if __name__ == '__main__':
    unittest.main()
