"""Everything beyond + - *: division, powers, functions, conventions, constants, tools, errors.

Derivatives are checked twice: against the formula derived by hand, and against central finite
differences of the same function written with plain floats and the math module, so that
neither check relies on the library.
"""

import collections
import contextlib
import copy
import gc
import io
import json
import decimal
import math
import os
import pickle
import random
import re
import struct
import subprocess
import sys
import tempfile
import textwrap
import threading
import unittest
import warnings
import weakref
from decimal import Decimal
from fractions import Fraction

try:
    import numpy
except ImportError:       # the NumPy test skips
    numpy = None

import autograd
from autograd import (Variable, Value, no_grad, grad, value_and_grad, jacobian, hessian,
                      gradcheck, gradients, exp, log, sqrt, sin,
                      cos, tan, asin, acos, atan, sinh, cosh, tanh, sigmoid, relu, softplus, log1p,
                      expm1)

HERE = os.path.dirname(os.path.abspath(__file__))

# What CPython does and other Pythons need not: a collector that counts what it frees (PyPy's
# gc.collect() returns None), and thresholds for it (PyPy's collector has none).
about_cpython_collector = unittest.skipUnless(hasattr(gc, 'get_threshold'),
                                              "about CPython's cycle collector (PyPy has none "
                                              "of its counts or thresholds)")


def central_difference(f, x, h=1e-6):
    """(f(x + h) - f(x - h)) / 2h for a plain-float function f."""
    return (f(x + h) - f(x - h)) / (2 * h)


def derivative_at(build, point):
    """d build(x)/dx at x = point, by backward()."""
    x = Variable(point)
    build(x).backward()
    return x.d.value


#   name       value on plain floats                derivative, derived by hand       points
FUNCTIONS = {
    'exp':      (math.exp,                           math.exp,                         (-2.0, 0.0, 0.5, 3.0)),
    'log':      (math.log,                           lambda x: 1 / x,                  (0.1, 1.0, 2.5, 10.0)),
    'sqrt':     (math.sqrt,                          lambda x: 0.5 / math.sqrt(x),     (0.01, 1.0, 4.0, 9.5)),
    'sin':      (math.sin,                           math.cos,                         (-2.0, 0.0, 0.5, 3.0)),
    'cos':      (math.cos,                           lambda x: -math.sin(x),           (-2.0, 0.0, 0.5, 3.0)),
    'tan':      (math.tan,                           lambda x: 1 / math.cos(x) ** 2,   (-1.0, 0.0, 0.5, 1.2)),
    'asin':     (math.asin,                          lambda x: 1 / math.sqrt(1 - x * x), (-0.9, 0.0, 0.3, 0.7)),
    'acos':     (math.acos,                          lambda x: -1 / math.sqrt(1 - x * x), (-0.9, 0.0, 0.3, 0.7)),
    'atan':     (math.atan,                          lambda x: 1 / (1 + x * x),        (-3.0, 0.0, 0.5, 10.0)),
    'sinh':     (math.sinh,                          math.cosh,                        (-2.0, 0.0, 0.5, 3.0)),
    'cosh':     (math.cosh,                          math.sinh,                        (-2.0, 0.0, 0.5, 3.0)),
    'tanh':     (math.tanh,                          lambda x: 1 / math.cosh(x) ** 2,  (-2.0, 0.0, 0.5, 3.0)),
    'sigmoid':  (lambda x: 1 / (1 + math.exp(-x)),   lambda x: math.exp(-x) / (1 + math.exp(-x)) ** 2, (-4.0, 0.0, 0.5, 3.0)),
    'relu':     (lambda x: max(x, 0.0),              lambda x: 1.0 if x > 0 else 0.0,  (-2.0, -0.5, 0.5, 3.0)),
    'softplus': (lambda x: math.log(1 + math.exp(x)), lambda x: 1 / (1 + math.exp(-x)), (-4.0, 0.0, 0.5, 3.0)),
    'log1p':    (math.log1p,                         lambda x: 1 / (1 + x),            (-0.5, 0.0, 1.0, 10.0)),
    'expm1':    (math.expm1,                         math.exp,                         (-2.0, 0.0, 0.5, 3.0)),
}

#   name          x op y on plain floats,           (d/dx, d/dy) by hand,                                          points (x, y)
OPERATORS = {
    'add':        (lambda x, y: x + y,  lambda x, y: (1.0, 1.0),                                   ((2.0, 3.0), (-1.5, 0.25))),
    'sub':        (lambda x, y: x - y,  lambda x, y: (1.0, -1.0),                                  ((2.0, 3.0), (-1.5, 0.25))),
    'mul':        (lambda x, y: x * y,  lambda x, y: (y, x),                                       ((2.0, 3.0), (-1.5, 0.25))),
    'truediv':    (lambda x, y: x / y,  lambda x, y: (1 / y, -x / y ** 2),                         ((2.0, 3.0), (-1.5, 0.25), (4.0, -0.5))),
    'pow':        (lambda x, y: x ** y, lambda x, y: (y * x ** (y - 1), x ** y * math.log(x)),      ((2.0, 3.0), (0.5, -1.5), (3.0, 0.5))),
}


class FunctionsFollowMathAndTheirDerivatives(unittest.TestCase):

    def test_method_values_equal_math(self):
        for name, (reference, _, points) in FUNCTIONS.items():
            for point in points:
                with self.subTest(function=name, x=point):
                    value = getattr(Variable(point), name)().value
                    if name in ('sigmoid', 'softplus'):   # stable forms, not the naive formula
                        self.assertAlmostEqual(value, reference(point), places=15)
                    else:
                        self.assertEqual(value, reference(point))

    def test_module_functions_take_variables_and_give_variables(self):
        for name, (_, _, points) in FUNCTIONS.items():
            function = getattr(autograd, name)
            with self.subTest(function=name):
                result = function(Variable(points[1]))
                self.assertIsInstance(result, Variable)
                self.assertEqual(result.value, getattr(Variable(points[1]), name)().value)

    def test_module_functions_take_plain_numbers_and_give_floats(self):
        for name, (_, _, points) in FUNCTIONS.items():
            function = getattr(autograd, name)
            for point in (points[1], int(points[2]) if points[2] > -1 else 0, Fraction(1, 4)):
                with self.subTest(function=name, x=point):
                    result = function(point)
                    self.assertIs(type(result), float)
                    self.assertEqual(result, getattr(Variable(point), name)().value)

    def test_derivatives_match_the_hand_derived_formula(self):
        for name, (_, derivative, points) in FUNCTIONS.items():
            for point in points:
                with self.subTest(function=name, x=point):
                    got = derivative_at(lambda x: getattr(x, name)(), point)
                    self.assertAlmostEqual(got, derivative(point), delta=1e-12 * max(1, abs(got)))

    def test_derivatives_match_central_differences(self):
        for name, (reference, _, points) in FUNCTIONS.items():
            for point in points:
                if name == 'relu' and point == 0:
                    continue
                with self.subTest(function=name, x=point):
                    got = derivative_at(lambda x: getattr(x, name)(), point)
                    numeric = central_difference(reference, point)
                    self.assertAlmostEqual(got, numeric, delta=1e-6 * max(1, abs(numeric)))


class OperatorsAndTheirDerivatives(unittest.TestCase):

    def test_values_and_derivatives_with_two_variables(self):
        for name, (reference, derivatives, points) in OPERATORS.items():
            for a, b in points:
                with self.subTest(operator=name, x=a, y=b):
                    x, y = Variable(a), Variable(b)
                    out = getattr(x, f'__{name}__')(y)
                    out.backward()
                    self.assertEqual(out.value, reference(a, b))
                    dx, dy = derivatives(a, b)
                    self.assertAlmostEqual(x.d.value, dx, delta=1e-12 * max(1, abs(dx)))
                    self.assertAlmostEqual(y.d.value, dy, delta=1e-12 * max(1, abs(dy)))
                    self.assertAlmostEqual(x.d.value, central_difference(lambda t: reference(t, b), a),
                                           delta=1e-6 * max(1, abs(dx)))
                    self.assertAlmostEqual(y.d.value, central_difference(lambda t: reference(a, t), b),
                                           delta=1e-6 * max(1, abs(dy)))

    def test_a_number_on_either_side_of_division_and_power(self):
        x = Variable(2.0)
        self.assertEqual(derivative_at(lambda x: x / 4, 2.0), 0.25)
        self.assertEqual(derivative_at(lambda x: 4 / x, 2.0), -1.0)          # -4/x^2
        self.assertEqual(derivative_at(lambda x: x ** 3, 2.0), 12.0)         # 3x^2
        self.assertAlmostEqual(derivative_at(lambda x: 3 ** x, 2.0), 9 * math.log(3))
        self.assertEqual((4 / x).value, 2.0)
        self.assertEqual((3 ** x).value, 9.0)

    def test_powers_of_all_kinds(self):
        self.assertAlmostEqual(derivative_at(lambda x: x ** 0.5, 4.0), 0.25)
        self.assertAlmostEqual(derivative_at(lambda x: x ** -2, 2.0), -0.25)
        self.assertEqual(derivative_at(lambda x: x ** 2, -3.0), -6.0)
        self.assertEqual(derivative_at(lambda x: x ** 3, -2.0), 12.0)
        self.assertEqual(derivative_at(lambda x: x ** 1, 0.0), 1.0)
        self.assertEqual(derivative_at(lambda x: x ** x, 1.0), 1.0)          # x^x (1 + ln x)

    def test_builtin_pow_works_through_the_operator(self):
        x = Variable(3.0)
        out = pow(x, 2)
        out.backward()
        self.assertEqual((out.value, x.d.value), (9.0, 6.0))

    def test_unary_minus_plus_and_abs(self):
        self.assertEqual((-Variable(2.0)).value, -2.0)
        self.assertEqual((+Variable(2.0)).value, 2.0)
        self.assertEqual(abs(Variable(-2.5)).value, 2.5)
        self.assertEqual(derivative_at(lambda x: -x, 2.0), -1.0)
        self.assertEqual(derivative_at(lambda x: +x, 2.0), 1.0)
        self.assertEqual(derivative_at(abs, -2.5), -1.0)
        self.assertEqual(derivative_at(abs, 2.5), 1.0)
        self.assertIsNot(+Variable(1.0), None)

    def test_fractions_stay_exact(self):
        x = Variable(Fraction(1, 3))
        out = x * 3 - Fraction(1, 2)
        out.backward(1)
        self.assertEqual(out.value, Fraction(1, 2))
        self.assertEqual(x.d.value, 3)


class ConventionsAtAwkwardPoints(unittest.TestCase):
    """Where the derivative is not defined, the conventions of PyTorch."""

    def test_relu_and_abs_have_slope_zero_at_zero(self):
        self.assertEqual(derivative_at(lambda x: x.relu(), 0.0), 0.0)
        self.assertEqual(derivative_at(abs, 0.0), 0.0)

    def test_infinite_slopes_are_infinite(self):
        self.assertEqual(derivative_at(lambda x: x.sqrt(), 0.0), math.inf)
        self.assertEqual(derivative_at(lambda x: x ** 0.5, 0.0), math.inf)
        self.assertEqual(derivative_at(lambda x: x.asin(), 1.0), math.inf)
        self.assertEqual(derivative_at(lambda x: x.asin(), -1.0), math.inf)
        self.assertEqual(derivative_at(lambda x: x.acos(), 1.0), -math.inf)

    def test_a_negative_base_has_a_value_and_a_nan_exponent_derivative(self):
        e = Variable(2)
        out = (-2) ** e
        out.backward()
        self.assertEqual(out.value, 4)
        self.assertTrue(math.isnan(e.d.value))
        b, e = Variable(-2.0), Variable(3.0)
        out = b ** e
        out.backward()
        self.assertEqual((out.value, b.d.value), (-8.0, 12.0))
        self.assertTrue(math.isnan(e.d.value))

    def test_powers_of_zero(self):
        # x^0 is the constant 1 (slope 0 even at 0); 0^y is flat in y for y >= 0
        self.assertEqual(derivative_at(lambda x: x ** 0, 0.0), 0.0)
        self.assertEqual(derivative_at(lambda x: x ** 2, 0.0), 0.0)
        self.assertEqual(derivative_at(lambda y: 0.0 ** y, 2.0), 0.0)
        self.assertEqual(derivative_at(lambda y: 0.0 ** y, 0.0), 0.0)

    def test_sigmoid_and_softplus_are_stable_far_out(self):
        self.assertEqual(sigmoid(Variable(-1000.0)).value, 0.0)
        self.assertEqual(sigmoid(Variable(1000.0)).value, 1.0)
        self.assertEqual(softplus(Variable(1000.0)).value, 1000.0)
        self.assertEqual(softplus(Variable(-1000.0)).value, 0.0)
        self.assertEqual(derivative_at(sigmoid, -1000.0), 0.0)
        self.assertEqual(derivative_at(sigmoid, 1000.0), 0.0)
        self.assertEqual(derivative_at(softplus, 1000.0), 1.0)
        self.assertEqual(derivative_at(softplus, -1000.0), 0.0)
        self.assertEqual(sigmoid(-1000), 0.0)

    def test_derivatives_never_overflow_where_the_value_does_not(self):
        self.assertEqual((Variable(1e-200) ** -1.0).value, 1e200)
        self.assertEqual(derivative_at(lambda x: x ** -1.0, 1e-200), -math.inf)


class ExactEverywhere(unittest.TestCase):
    """No silently wrong derivative: at the edges of the float range, through masked paths,
    where no derivative exists, inside no_grad, when grads nest, with big integers, for every
    number type, and after an exception."""

    def test_powers_are_exact_where_the_power_itself_underflows_or_overflows(self):
        # b * out / a was 0, inf or five digits short here; the true slope 2x is representable
        self.assertEqual(derivative_at(lambda x: x ** 2, 1e-170), 2e-170)
        self.assertEqual(derivative_at(lambda x: x ** 2, 1.3e154), 2.6e154)
        self.assertEqual(derivative_at(lambda x: x ** 2, 1e-160), float(2 * Fraction(1e-160)))
        self.assertEqual(derivative_at(lambda x: x ** -1, 1e-200), -math.inf)   # -1e400
        exact = float(3 * Fraction(1e-110) ** 2)    # two roundings: within an ulp
        self.assertLessEqual(abs(derivative_at(lambda x: x ** 3, 1e-110) - exact), math.ulp(exact))
        self.assertEqual(grad(grad(lambda x: x ** 2))(1e-170), 2.0)

    def test_powers_at_infinity_have_their_limiting_slopes(self):
        self.assertEqual(derivative_at(lambda x: x ** 1, math.inf), 1.0)
        self.assertEqual(derivative_at(lambda x: x ** 2, math.inf), math.inf)
        self.assertEqual(derivative_at(lambda x: x ** 0.5, math.inf), 0.0)
        self.assertEqual(derivative_at(lambda x: x ** 2, -math.inf), -math.inf)

    def test_functions_keep_their_tiny_slopes_far_out(self):
        # 1 - tanh^2, sigmoid (1 - sigmoid) and exp(x) = expm1(x) + 1 cancel to 0 there
        self.assertEqual(derivative_at(tanh, 20.0), 4 * math.exp(-40) / (1 + math.exp(-40)) ** 2)
        self.assertAlmostEqual(derivative_at(tanh, 360.0) / (4 * math.exp(-720)), 1.0, places=12)
        self.assertAlmostEqual(derivative_at(sigmoid, 40.0) / math.exp(-40), 1.0, places=14)
        self.assertEqual(derivative_at(expm1, -40.0), math.exp(-40.0))
        near_one = 1 - 2 ** -40       # 1 - x * x loses half the digits next to 1
        exact = 1 / math.sqrt(float((1 - Fraction(near_one)) * (1 + Fraction(near_one))))
        self.assertAlmostEqual(derivative_at(asin, near_one) / exact, 1.0, places=14)
        self.assertEqual(derivative_at(atan, 1e160), 1e-320)    # 1 / (1 + x * x) gave 0

    def test_a_masked_path_stops_an_infinite_derivative(self):
        x = Variable(-1.0)
        (x.relu().sqrt() + x).backward()        # sqrt'(0) = inf meets relu'(-1) = 0
        self.assertEqual(x.grad, 1.0)
        self.assertEqual(derivative_at(lambda x: (x ** 0).asin(), 2.0), 0.0)   # asin'(1) = inf
        self.assertEqual(derivative_at(lambda x: abs(x).sqrt(), 0.0), 0.0)
        self.assertEqual(derivative_at(lambda y: (0.0 ** y).sqrt(), 2.0), 0.0)
        x = Variable(-1.0)
        (x.relu().sqrt() + x).backward(create_graph=True)
        self.assertEqual(x.grad, 1.0)

    def test_plain_multiplication_keeps_ieee_rules(self):
        # inf * 0 is nan for an ordinary product, as in PyTorch: only masks select
        self.assertTrue(math.isnan(derivative_at(lambda x: (x * 0.0).sqrt(), 1.0)))

    def test_a_derivative_that_does_not_exist_is_nan_at_every_order(self):
        self.assertTrue(math.isnan(grad(lambda a: grad(lambda b: a ** b)(2.0))(-2.0)))
        base, exponent = Variable(-2.0), Variable(2.0)
        (base ** exponent).backward(create_graph=True)
        self.assertEqual(base.d.value, -4.0)
        self.assertTrue(math.isnan(exponent.d.value))
        exponent.d.backward()
        self.assertTrue(math.isnan(base.grad))
        self.assertTrue(math.isnan(exponent.grad))

    def test_no_grad_stops_recording_not_differentiation(self):
        x = Variable(3.0)
        y = x * x
        with no_grad():
            self.assertEqual(grad(lambda v: v * v)(3.0), 6.0)
            self.assertTrue(gradcheck(lambda v: v.sin() * v, 0.7))
            y.backward(create_graph=True)
            self.assertTrue(x.d.requires_grad)
            self.assertFalse((x * x).requires_grad)     # and still records nothing itself
        x.d.backward()
        self.assertEqual(x.grad, 2.0)

        @no_grad()
        def second_derivative(point):
            return grad(grad(lambda v: v ** 3))(point)
        self.assertEqual(second_derivative(2.0), 12.0)

    def test_nested_grads_differentiate_their_own_variables(self):
        # the "perturbation confusion" examples of the AD literature (Siskind and Pearlmutter)
        self.assertEqual(grad(lambda x: x * grad(lambda y: x + y)(1.0))(1.0), 1.0)
        self.assertEqual(grad(lambda x: grad(lambda y: x * y)(x))(3.0), 1.0)
        self.assertEqual(grad(lambda x: grad(lambda y: y * y)(x))(5.0), 2.0)
        self.assertEqual(grad(lambda x: grad(lambda y: x ** 2 * y ** 3)(2.0))(1.0), 24.0)
        v = Variable(3.0)
        self.assertEqual([d.value for d in grad(lambda a, b: a * b)(v, v)], [3.0, 3.0])
        self.assertEqual(grad(lambda a, b: a * b)(3.0, 3.0), (3.0, 3.0))
        # an inner grad given numbers, closing over an outer variable, stays differentiable
        self.assertEqual(grad(lambda x: grad(lambda y: x * y * y)(1.0))(4.0), 2.0)

    def test_big_integers_compute_where_python_does(self):
        self.assertEqual((Variable(2) ** 1100).value, 2 ** 1100)
        self.assertEqual((2 ** Variable(1100)).value, 2 ** 1100)
        self.assertEqual((Variable(10 ** 400) * Variable(10 ** 400)).value, 10 ** 800)
        self.assertEqual(gradients('x ** 400', {'x': 10})['x'], {'data': 10, 'grad': math.inf})

    def test_integer_graphs_have_exact_integer_derivatives_and_inf_as_floats(self):
        x = Variable(3)
        (x * x * x + 2 * x).backward()
        self.assertEqual((x.d.value, type(x.d.value)), (29, int))
        x = Variable(2)
        (x ** 1100).backward()
        self.assertEqual(x.d.value, 1100 * 2 ** 1099)
        self.assertEqual(x.grad, math.inf)                   # a float is asked for: it overflows
        a, b = Variable(10 ** 400), Variable(-(10 ** 400))
        (a * b).backward()
        self.assertEqual((a.d.value, a.grad, b.grad), (-(10 ** 400), -math.inf, math.inf))
        e = Variable(1100)
        (2 ** e).backward()
        self.assertEqual(e.grad, math.inf)                   # 2^1100 ln 2 needs a float
        x = Variable(10 ** 400)
        (x * x).log().backward()                             # 2 / x: a float meets a huge int
        self.assertEqual(x.grad, 0.0)

    @unittest.skipIf(numpy is None, "NumPy is not installed")
    def test_numpy_scalars_get_the_same_errors_as_floats(self):
        def error_of(compute):
            with self.assertRaises(ArithmeticError if compute is not None else None) as caught:
                compute()
            return type(caught.exception), str(caught.exception)
        cases = [lambda v: v(1.0) / 0, lambda v: v(1.0) / v(0.0), lambda v: 1 / v(0.0),
                 lambda v: v(0.0) ** -1, lambda v: v(10.0) ** 400.5]
        for case in cases:
            with self.subTest(case=case):
                self.assertEqual(error_of(lambda: case(lambda x: Variable(numpy.float64(x)))),
                                 error_of(lambda: case(Variable)))
        with self.assertRaises(ValueError) as from_numpy:
            Variable(numpy.float64(-8.0)) ** 0.5
        with self.assertRaises(ValueError) as from_float:
            Variable(-8.0) ** 0.5
        self.assertEqual(str(from_numpy.exception), str(from_float.exception))

    def test_a_slope_too_large_for_a_float_still_gives_a_finite_product(self):
        # 1 / x overflows at a subnormal x; the derivative times it may not (PyTorch divides)
        self.assertAlmostEqual(derivative_at(lambda x: x * x.log(), 5e-324),
                               math.log(5e-324) + 1, places=10)
        self.assertAlmostEqual(derivative_at(lambda x: x.log() * 1e-300, 1e-310) / 1e10, 1.0,
                               places=4)
        self.assertEqual(derivative_at(lambda x: x.log().relu(), 5e-324), 0.0)
        x, y = Variable(1.0), Variable(5e-324)
        ((x / y) * 0.0).backward()
        self.assertEqual(x.grad, 0.0)
        x = Variable(5e-324)                     # the same under create_graph
        (0.0 ** (x.log() ** 2.0)).backward(create_graph=True)
        self.assertEqual(x.d.value, 0.0)

    def test_a_negative_base_keeps_its_sign_past_two_to_the_53(self):
        # b - 1 = 2^54 - 1 is odd, but rounds to the even 2^54 as a float
        for exponent in (2 ** 54, float(2 ** 54)):
            self.assertEqual(derivative_at(lambda y: y ** exponent, -1.0), -float(2 ** 54))
        self.assertEqual(derivative_at(lambda y: y ** 3, -2.0), 12.0)

    def test_a_missing_derivative_stays_nan_through_a_masked_path(self):
        # at y = 0 the x-slope of x ** y is masked; the y-slope at x < 0 is nan, and so are its
        # derivatives
        self.assertTrue(math.isnan(grad(lambda x: grad(lambda y: x ** y)(0.0))(-2.0)))

    def test_exact_graphs_stay_exact_at_the_second_order(self):
        for start in (3, Fraction(1, 2)):
            x = Variable(start)
            (x ** 1 * x).backward(create_graph=True)      # x ** 0's masked slope on the way
            x.d.backward()
            self.assertEqual(x.d.value, 2)
            self.assertIsInstance(x.d.value, (int, Fraction))      # not a float

    @unittest.skipIf(numpy is None, "NumPy is not installed")
    def test_numpy_integers_power_as_python_integers(self):
        self.assertEqual((Variable(numpy.int64(2)) ** 100).value, 2 ** 100)   # no wrap-around
        self.assertEqual((Variable(numpy.int64(2)) ** -1).value, 0.5)
        with self.assertRaises(ZeroDivisionError) as from_numpy:
            Variable(numpy.int64(0)) ** -1
        with self.assertRaises(ZeroDivisionError) as from_int:
            Variable(0) ** -1
        self.assertEqual(str(from_numpy.exception), str(from_int.exception))

    def test_operators_name_the_call_when_an_int_is_too_large_for_a_float(self):
        with self.assertRaisesRegex(OverflowError, r"^<an int of 401 digits> \* 1\.5: int too "
                                                   r"large to convert to float$"):
            Variable(10 ** 400) * 1.5
        with self.assertRaisesRegex(OverflowError, r"^1\.5 \+ <an int of 401 digits>: "):
            1.5 + Variable(10 ** 400)
        with self.assertRaisesRegex(OverflowError, r"^2\.0 \*\* 2000: math range error$"):
            Variable(2.0) ** 2000                                # the call named once


    def test_after_an_exception_every_derivative_reads_the_old_or_the_new_number(self):
        armed = []

        class Fuse(float):
            """A number whose products raise on demand, as a KeyboardInterrupt might."""
            def __mul__(self, other):
                if armed:
                    raise KeyboardInterrupt
                return float(self) * other
            __rmul__ = __mul__

        for create_graph in (False, True):
            x = Variable(2.0)
            u = x * 2.0
            v = u * Fuse(3.0)
            w = v + 1.0
            w.backward()
            old = [n.grad for n in (x, u, v, w)]
            new = [6.0, 3.0, 1.0, 1.0]
            w.backward(gradient=2.0)   # now the derivatives are twice the ones above
            old = [2 * g for g in new]
            armed.append(True)
            with self.assertRaises(KeyboardInterrupt):
                w.backward(create_graph=create_graph)
            armed.clear()
            for node, before, after in zip((x, u, v, w), old, new):
                with self.subTest(create_graph=create_graph):
                    self.assertIsInstance(node.grad, float)
                    self.assertIn(node.grad, (before, after))
        x.grad = 5.0
        armed.append(True)
        with self.assertRaises(KeyboardInterrupt):
            grad(lambda v: v * Fuse(3.0))(x)
        armed.clear()
        self.assertEqual(x.grad, 5.0)        # grad put every derivative back


class ConstantsAndRecording(unittest.TestCase):

    def test_no_derivative_flows_into_a_constant(self):
        x, c = Variable(3.0), Variable(2.0, requires_grad=False)
        out = x * c + c
        out.backward()
        self.assertEqual(x.d.value, 2.0)
        self.assertEqual(c.d.value, 0.0)

    def test_operations_on_constants_record_no_history(self):
        c = Variable(2.0, requires_grad=False)
        out = (c * c + 1).exp()
        self.assertFalse(out.requires_grad)
        self.assertTrue(out.is_leaf)
        self.assertEqual(out.value, math.exp(5.0))

    def test_results_of_operations_are_not_leaves(self):
        x = Variable(2.0)
        self.assertTrue(x.is_leaf)
        self.assertFalse((x * 2).is_leaf)
        self.assertTrue((x * 2).requires_grad)

    def test_backward_of_a_constant_says_why_it_cannot(self):
        with self.assertRaisesRegex(RuntimeError, r"requires grad.*constant"):
            Variable(1.0, requires_grad=False).backward()

    def test_derivatives_are_constants_and_say_how_to_differentiate_them(self):
        x = Variable(2.0)
        (x * x).backward()
        self.assertFalse(x.d.requires_grad)
        with self.assertRaisesRegex(RuntimeError, r"backward\(create_graph=True\)"):
            x.d.backward()

    def test_no_grad_records_nothing_inside_and_everything_after(self):
        x = Variable(3.0)
        with no_grad():
            inside = x * x + x.exp()
        after = x * x
        self.assertFalse(inside.requires_grad)
        self.assertTrue(inside.is_leaf)
        self.assertEqual(inside.value, 9.0 + math.exp(3.0))
        self.assertTrue(after.requires_grad)

    def test_no_grad_nests_and_decorates(self):
        x = Variable(3.0)
        with no_grad():
            with no_grad():
                pass
            still_inside = x * x
        self.assertFalse(still_inside.requires_grad)

        @no_grad()
        def square(v):
            return v * v

        self.assertFalse(square(x).requires_grad)
        self.assertTrue((x * x).requires_grad)

    def test_no_grad_belongs_to_the_thread_that_entered_it(self):
        x = Variable(3.0)
        entered, checked = threading.Event(), threading.Event()
        seen = {}

        def other_thread():
            entered.wait()
            seen['other'] = (x * x).requires_grad   # main thread is inside no_grad now
            checked.set()

        worker = threading.Thread(target=other_thread)
        worker.start()
        with no_grad():
            entered.set()
            checked.wait()
            seen['main'] = (x * x).requires_grad
        worker.join()
        self.assertEqual(seen, {'other': True, 'main': False})

    def test_threads_differentiate_their_own_graphs_at_the_same_time(self):
        # Each thread differentiates a chain from its own leaf, again and again, with thread
        # switches forced every microsecond so that the backward passes interleave. Every link
        # uses h twice, so an ordering confused by another thread's pass would count it twice.
        def chain(x):
            out = x
            for _ in range(200):
                h = (out * 0.999 + x).tanh()
                out = h * h - h
            return out

        def differentiate(x, results):
            for _ in range(30):
                chain(x).backward()
                results.append(x.d.value)

        leaves = [Variable(0.1 * (i + 1)) for i in range(4)]
        expected = []
        for x in leaves:                      # one thread at a time
            chain(x).backward()
            expected.append(x.d.value)
        results = [[] for _ in leaves]
        interval = sys.getswitchinterval()
        sys.setswitchinterval(1e-6)
        try:
            workers = [threading.Thread(target=differentiate, args=(x, found))
                       for x, found in zip(leaves, results)]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
        finally:
            sys.setswitchinterval(interval)
        self.assertEqual(results, [[want] * 30 for want in expected])
        self.assertEqual(len(set(expected)), 4)

    def test_detach_makes_a_constant_leaf_with_the_same_value(self):
        x = Variable(3.0)
        y = (x * x).detach()
        self.assertEqual(y.value, 9.0)
        self.assertTrue(y.is_leaf)
        self.assertFalse(y.requires_grad)
        out = x * y      # the detached path contributes nothing: d/dx = y
        out.backward()
        self.assertEqual(x.d.value, 9.0)


class RepeatedAndCompetingBackward(unittest.TestCase):

    def test_calling_backward_twice_gives_the_same_numbers(self):
        x, y = Variable(2.0), Variable(5.0)
        out = x * y + x
        out.backward()
        first = (x.d.value, y.d.value)
        out.backward()
        self.assertEqual((x.d.value, y.d.value), first)
        self.assertEqual(first, (6.0, 2.0))

    def test_another_outputs_backward_overwrites_the_shared_nodes(self):
        x, y = Variable(2.0), Variable(5.0)
        f = x * y
        g = x * x
        f.backward()
        self.assertEqual(x.d.value, 5.0)
        g.backward()
        self.assertEqual(x.d.value, 4.0)
        self.assertEqual(y.d.value, 2.0)    # not in g's graph: left as f's backward set it

    def test_an_unrelated_backward_leaves_derivatives_as_they_were(self):
        x, other = Variable(2.0), Variable(1.0)
        (x * 3).backward()
        (other * 7).backward()
        self.assertEqual(x.d.value, 3.0)

    def test_the_gradient_argument_scales_every_derivative(self):
        x = Variable(2.0)
        out = x * x
        out.backward(gradient=0.5)
        self.assertEqual(out.d.value, 0.5)
        self.assertEqual(x.d.value, 2.0)


class TheVariableInterface(unittest.TestCase):

    def test_value_and_data_are_one_settable_attribute(self):
        x = Variable(1.0)
        x.value = 2.5
        self.assertEqual(x.data, 2.5)
        x.data -= 0.5
        self.assertEqual(x.value, 2.0)

    def test_grad_can_be_set_and_zeroed(self):
        x = Variable(1.0)
        (x * 4).backward()
        self.assertEqual(x.grad, 4.0)
        x.grad = 0
        self.assertEqual((x.grad, x.d.value), (0.0, 0.0))
        (x * 4).backward()
        x.zero_grad()
        self.assertEqual(x.grad, 0.0)
        x.grad = None    # PyTorch's way of clearing
        self.assertEqual(x.grad, 0.0)

    def test_value_is_the_micrograd_name(self):
        self.assertIs(Value, Variable)
        a = Value(-3.0)
        out = (a * 2).relu() + a.relu()
        out.backward()
        self.assertEqual((a.data, a.grad), (-3.0, 0.0))

    def test_the_value_is_kept_as_given(self):
        self.assertIs(type(Variable(2).value), int)
        self.assertEqual(Variable(Fraction(1, 3)).value, Fraction(1, 3))
        self.assertEqual(Variable(True).value, True)

    def test_names_label_leaves(self):
        x = Variable(1.0, name='x')
        self.assertEqual(x.name, 'x')
        self.assertIsNone(Variable(1.0).name)
        self.assertIsNone((x * 2).name)

    def test_label_is_micrograds_word_for_name(self):
        a = Value(2.0, label='a')
        e = a * 3
        e.label = 'e'
        self.assertEqual((a.name, e.name, e.label), ('a', 'e', 'e'))
        self.assertEqual((e + a).expression(), '((a * 3) + a)')   # an intermediate shows its formula
        with self.assertRaisesRegex(TypeError, "a name or a label, not both"):
            Value(1.0, name='x', label='y')

    def test_ordering_compares_values_and_max_picks_a_variable(self):
        a, b = Variable(1.0), Variable(2.0)
        self.assertTrue(a < b and a <= b and b > a and b >= a)
        self.assertTrue(a < 1.5 and 3 > b and 1.0 <= a and a >= 1)
        self.assertIs(max(a, b), b)
        out = max(a, b) * 3
        out.backward()
        self.assertEqual((a.d.value, b.d.value), (0.0, 3.0))

    def test_equality_and_hashing_are_by_identity(self):
        a, b = Variable(1.0), Variable(1.0)
        self.assertNotEqual(a, b)
        self.assertEqual(a, a)
        self.assertEqual(len({a, b, a}), 2)
        self.assertFalse(a == 1.0)

    def test_conversions_use_the_value(self):
        x = Variable(2.5)
        with self.assertWarnsRegex(UserWarning, "without its derivative"):
            self.assertEqual(float(x), 2.5)
        self.assertEqual(f"{x:.3f}", "2.500")
        self.assertFalse(Variable(0.0))
        self.assertTrue(Variable(-1))
        self.assertEqual(x.item(), 2.5)

    def test_repr_shows_the_value_and_then_the_derivative(self):
        x = Variable(2.0)
        self.assertEqual(repr(x), "Variable(2.0)")
        (x * 3).backward()
        self.assertEqual(repr(x), "Variable(2.0, d=3.0)")
        self.assertEqual(repr(Variable(1, name='w')), "Variable(1, name='w')")

    def test_weak_references_work(self):
        x = Variable(1.0)
        reference = weakref.ref(x)
        table = weakref.WeakKeyDictionary({x: 'input'})
        self.assertIs(reference(), x)
        self.assertEqual(table[x], 'input')
        del x
        gc.collect()
        self.assertIsNone(reference())
        self.assertEqual(len(table), 0)

    def test_int_round_trunc_floor_and_ceil_use_the_value(self):
        v = Variable(-2.71828)
        self.assertEqual((int(v), round(v), round(v, 2), math.trunc(v)), (-2, -3, -2.72, -2))
        self.assertEqual((math.floor(v), math.ceil(v)), (-3, -2))
        self.assertEqual(int(Variable(10 ** 30)), 10 ** 30)

    def test_format_without_a_spec_is_str_and_a_spec_formats_the_value(self):
        v = Variable(2.5, name='v')
        self.assertEqual(f"{v}", str(v))
        self.assertEqual(f"{v:.3f}", '2.500')

    def test_requires_grad_and_grad_take_only_their_own_types(self):
        x = Variable(1.0)
        with self.assertRaisesRegex(TypeError, "requires_grad must be True or False, not int"):
            x.requires_grad = 1
        with self.assertRaisesRegex(TypeError, "grad must be a number or None, not bool"):
            x.grad = True
        x.requires_grad = False
        self.assertFalse((x * 2).requires_grad)
        with self.assertRaisesRegex(RuntimeError, "only be set on a leaf.*detach"):
            (Variable(1.0) * 2).requires_grad = False

    def test_no_grad_covers_a_generator_function_while_it_runs(self):
        x = Variable(2.0)

        @no_grad()
        def squares(n):
            received = yield (x * x).requires_grad
            for _ in range(n):
                received = yield (x * received).requires_grad
            return 'done'

        steps = squares(2)
        self.assertEqual(next(steps), False)
        self.assertTrue((x * x).requires_grad)          # the caller, between steps, records
        self.assertEqual(steps.send(3.0), False)
        self.assertEqual(steps.send(4.0), False)
        with self.assertRaises(StopIteration) as finished:
            steps.send(5.0)
        self.assertEqual(finished.exception.value, 'done')
        self.assertTrue((x * x).requires_grad)


    def test_a_graph_survives_pickle_and_deepcopy_and_still_differentiates(self):
        x = Variable(0.5, name='x')
        c = Variable(2.0, requires_grad=False)
        y = (x * x + c).tanh()
        for copied_y, copied_x, copied_c in (pickle.loads(pickle.dumps((y, x, c))),
                                             copy.deepcopy((y, x, c))):
            self.assertEqual(copied_y.value, y.value)
            self.assertEqual(copied_y.expression(), 'tanh(((x * x) + 2.0))')
            self.assertEqual((copied_x.name, copied_x.requires_grad), ('x', True))
            self.assertFalse(copied_c.requires_grad)
            copied_y.backward()
            self.assertAlmostEqual(copied_x.d.value, (1 - y.value ** 2) * 2 * 0.5, places=15)
            self.assertEqual(copied_c.grad, 0.0)
        self.assertEqual(x.grad, 0.0)         # the original graph was not differentiated


    def test_graphs_of_any_depth_pickle_and_deepcopy_under_every_protocol(self):
        x = Variable(0.5, name='x')
        y = x
        for i in range(20_000):          # far past Python's recursion limit
            y = (y * 1.0001).relu() if i % 2 else y + 0.25
        y.backward()
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            with self.subTest(protocol=protocol):
                copied_y, copied_x = pickle.loads(pickle.dumps([y, x], protocol=protocol))
                copied_y.backward()
                self.assertEqual((copied_y.value, copied_x.grad), (y.value, x.grad))
        copied_y, copied_x = copy.deepcopy([y, x])
        copied_y.backward()
        self.assertEqual((copied_y.value, copied_x.grad), (y.value, x.grad))

    @unittest.skipIf(sys.implementation.name == 'pypy', "PyPy frees a failed pickler, and the "
                     "state of its save with it, only at its next collection")
    def test_a_pickle_that_fails_part_way_leaves_the_graph_as_it_was(self):
        x = Variable(0.5)
        chain = x
        for _ in range(20_000):
            chain = chain * 1.0001
        top = chain * Variable(2.0)
        top._b._grad = lambda: 0                     # an unpicklable derivative, at the top
        with self.assertRaises((pickle.PicklingError, TypeError, AttributeError)):
            pickle.dumps(top)
        self.assertEqual(pickle.loads(pickle.dumps(chain)).value, chain.value)
        self.assertEqual(copy.deepcopy(chain).value, chain.value)
        chain.backward()
        self.assertAlmostEqual(x.grad, 1.0001 ** 20_000, delta=1e-9 * x.grad)

    def test_a_copy_keeps_the_sharing_of_its_nodes(self):
        w = Variable(3.0, name='w')
        h = w * w
        loss = h * h + h
        for copied_loss, copied_w, copied_h in (pickle.loads(pickle.dumps((loss, w, h))),
                                                 copy.deepcopy((loss, w, h))):
            self.assertIs(copied_loss._a._a, copied_h)          # one node, not two copies
            copied_loss.backward()
            self.assertEqual(copied_w.grad, (2 * 9 + 1) * 2 * 3)   # d(h^2 + h)/dw = (2h + 1) 2w
            self.assertEqual(copied_w.name, 'w')


@about_cpython_collector
class SparingTheCollector(unittest.TestCase):
    """spare_collector(): Python's cycle collector runs less often inside, and is as it was after."""

    def setUp(self):
        self.before = gc.get_threshold()
        self.addCleanup(gc.set_threshold, *self.before)

    def test_it_raises_the_first_threshold_inside_and_restores_every_setting_after(self):
        gc.set_threshold(700, 11, 12)
        with autograd.spare_collector():
            self.assertEqual(gc.get_threshold(), (100_000, 11, 12))
        self.assertEqual(gc.get_threshold(), (700, 11, 12))
        with autograd.spare_collector(threshold=5_000):
            self.assertEqual(gc.get_threshold(), (5_000, 11, 12))
        self.assertEqual(gc.get_threshold(), (700, 11, 12))

    def test_it_restores_the_settings_after_an_exception(self):
        gc.set_threshold(700, 10, 10)
        with self.assertRaises(KeyboardInterrupt):
            with autograd.spare_collector():
                raise KeyboardInterrupt
        self.assertEqual(gc.get_threshold(), (700, 10, 10))

    def test_nested_blocks_restore_what_each_found_and_never_lower_it(self):
        gc.set_threshold(700, 10, 10)
        with autograd.spare_collector(threshold=50_000):
            with autograd.spare_collector(threshold=1_000):      # never below the outer one
                self.assertEqual(gc.get_threshold()[0], 50_000)
            with autograd.spare_collector(threshold=200_000):
                self.assertEqual(gc.get_threshold()[0], 200_000)
            self.assertEqual(gc.get_threshold()[0], 50_000)
        self.assertEqual(gc.get_threshold(), (700, 10, 10))

    def test_it_decorates_a_function_and_training_inside_it_learns_the_same(self):
        @autograd.spare_collector()
        def fit():
            self.assertGreaterEqual(gc.get_threshold()[0], 100_000)
            w = Variable(0.0)
            for _ in range(200):
                loss = (w * 3.0 - 6.0) ** 2
                loss.backward()
                w.value -= 0.05 * w.grad
            return w.value
        self.assertAlmostEqual(fit(), 2.0, places=9)
        self.assertEqual(gc.get_threshold(), self.before)


class Training(unittest.TestCase):

    def test_gradient_descent_finds_the_weights_of_a_line(self):
        data = [(x / 10, 2 * (x / 10) - 3) for x in range(-10, 11)]   # y = 2x - 3
        w, b = Variable(0.0), Variable(0.0)
        for _ in range(500):
            loss = sum((w * x + b - y) ** 2 for x, y in data) / len(data)
            loss.backward()
            w.value -= 0.5 * w.grad
            b.value -= 0.5 * b.grad
        self.assertAlmostEqual(w.value, 2.0, places=6)
        self.assertAlmostEqual(b.value, -3.0, places=6)
        self.assertLess(loss.value, 1e-12)

    def test_a_micrograd_style_loop_that_zeroes_grads(self):
        w = [Value(0.5), Value(-0.5)]
        points = [((1.0, 2.0), 1.0), ((-1.0, 0.5), -1.0), ((2.0, -1.0), 1.0)]
        for _ in range(100):
            for p in w:
                p.grad = 0
            loss = sum(((w[0] * a + w[1] * b).tanh() - y) ** 2 for (a, b), y in points)
            loss.backward()
            for p in w:
                p.data -= 0.1 * p.grad
        self.assertLess(loss.data, 0.05)


def derivatives_up_to(order, build, point):
    """[f'(point), f''(point), ...] by repeated backward(create_graph=True)."""
    x = Variable(point)
    out, found = build(x), []
    for _ in range(order):
        out.backward(create_graph=True)
        out = x.d
        found.append(out.value)
    return found


def falling_factorial(k, n):
    """k (k - 1) ... (k - n + 1): the n-th derivative of x^k is this times x^(k - n)."""
    return math.prod(k - i for i in range(n))


def sigmoid_derivatives(x):
    s = 1 / (1 + math.exp(-x))
    return [s * (1 - s), s * (1 - s) * (1 - 2 * s), s * (1 - s) * (1 - 6 * s + 6 * s * s),
            s * (1 - s) * (1 - 2 * s) * (1 - 12 * s + 12 * s * s)]


def tanh_derivatives(x):
    t = math.tanh(x)
    u = 1 - t * t
    return [u, -2 * t * u, u * (6 * t * t - 2), 8 * t * u * (2 - 3 * t * t)]


#   name        builds f                 first four derivatives, derived by hand         points
NTH_DERIVATIVES = {
    'exp':      (lambda x: x.exp(),      lambda x: [math.exp(x)] * 4,                       (-1.0, 0.0, 1.5)),
    'log':      (lambda x: x.log(),      lambda x: [(-1) ** (n - 1) * math.factorial(n - 1) / x ** n for n in range(1, 5)], (0.3, 1.0, 4.0)),
    'sin':      (lambda x: x.sin(),      lambda x: [math.sin(x + n * math.pi / 2) for n in range(1, 5)], (-1.0, 0.0, 2.0)),
    'cos':      (lambda x: x.cos(),      lambda x: [math.cos(x + n * math.pi / 2) for n in range(1, 5)], (-1.0, 0.0, 2.0)),
    'tanh':     (lambda x: x.tanh(),     tanh_derivatives,                                  (-1.0, 0.0, 0.7)),
    'sigmoid':  (lambda x: x.sigmoid(),  sigmoid_derivatives,                               (-2.0, 0.0, 0.7)),
    'sqrt':     (lambda x: x.sqrt(),     lambda x: [falling_factorial(0.5, n) * x ** (0.5 - n) for n in range(1, 5)], (0.25, 1.0, 3.0)),
    'x ** 5':   (lambda x: x ** 5,       lambda x: [falling_factorial(5, n) * x ** (5 - n) for n in range(1, 5)], (-1.5, 0.5, 2.0)),
    'x ** -2':  (lambda x: x ** -2,      lambda x: [falling_factorial(-2, n) * x ** (-2 - n) for n in range(1, 5)], (-1.5, 0.5, 2.0)),
    'x ** 2.5': (lambda x: x ** 2.5,     lambda x: [falling_factorial(2.5, n) * x ** (2.5 - n) for n in range(1, 5)], (0.5, 2.0)),
}


class HigherOrderDerivatives(unittest.TestCase):

    def test_derivatives_up_to_order_four_match_closed_forms(self):
        for name, (build, closed_form, points) in NTH_DERIVATIVES.items():
            for point in points:
                with self.subTest(function=name, x=point):
                    for order, (got, expected) in enumerate(
                            zip(derivatives_up_to(4, build, point), closed_form(point)), 1):
                        self.assertTrue(math.isclose(got, expected, rel_tol=1e-12, abs_tol=1e-12),
                                        f"order {order}: {got} != {expected}")

    def test_mixed_partials(self):
        cases = [   # f, d2f/dxdy by hand
            (lambda x, y: x * x * y ** 3, lambda x, y: 6 * x * y * y),
            (lambda x, y: (x * y).sin(), lambda x, y: math.cos(x * y) - x * y * math.sin(x * y)),
            (lambda x, y: x.exp() * y.log(), lambda x, y: math.exp(x) / y),
            (lambda x, y: x / y, lambda x, y: -1 / y ** 2),
            (lambda x, y: x ** y, lambda x, y: x ** (y - 1) * (1 + y * math.log(x))),
        ]
        for f, expected in cases:
            for a, b in ((0.5, 2.0), (1.5, 0.75)):
                with self.subTest(x=a, y=b):
                    x, y = Variable(a), Variable(b)
                    f(x, y).backward(create_graph=True)
                    x.d.backward()
                    self.assertAlmostEqual(y.d.value, expected(a, b), places=12)

    def test_derivatives_under_create_graph_are_differentiable_variables(self):
        x = Variable(2.0)
        (x * x * x).backward(create_graph=True)
        self.assertTrue(x.d.requires_grad)
        self.assertFalse(x.d.is_leaf)
        self.assertEqual(x.d.value, 12.0)

    def test_a_derivative_that_is_constant_even_under_create_graph_says_so(self):
        x = Variable(2.0)
        (3 * x).backward(create_graph=True)
        self.assertEqual(x.d.value, 3.0)
        with self.assertRaisesRegex(RuntimeError, "does not depend on any input"):
            x.d.backward()

    def test_both_paths_agree_on_first_derivatives_of_every_operation(self):
        # The fast path stores rules evaluated on floats; create_graph re-runs them on
        # Variables. They are one formula, so they must give the same numbers everywhere.
        cases = [(name, lambda x, name=name: getattr(x, name)(), point)
                 for name, (_, _, points) in FUNCTIONS.items() for point in points]
        cases += [(name, lambda x, name=name, b=b: getattr(x, f'__{name}__')(b), a)
                  for name, (_, _, points) in OPERATORS.items() for a, b in points]
        cases += [(name, lambda x, name=name, a=a: getattr(x, f'__r{name}__')(a), b)
                  for name, (_, _, points) in OPERATORS.items() for a, b in points]
        cases += [('neg', lambda x: -x, 2.0), ('pos', lambda x: +x, 2.0), ('abs', abs, -2.0)]
        for name, build, point in cases:
            with self.subTest(operation=name, x=point):
                fast = derivative_at(build, point)
                self.assertEqual(derivatives_up_to(1, build, point), [fast])

    def test_infinite_slopes_stay_infinite_at_higher_order(self):
        self.assertEqual(derivatives_up_to(2, lambda x: x.sqrt(), 0.0)[0], math.inf)
        second = derivatives_up_to(2, lambda x: x.sqrt(), 0.0)[1]
        self.assertTrue(math.isinf(second) or math.isnan(second))


class TheGradTool(unittest.TestCase):

    def test_numbers_in_floats_out(self):
        slope = grad(lambda x: x ** 3)(2.0)
        self.assertIs(type(slope), float)
        self.assertEqual(slope, 12.0)

    def test_several_arguments_give_a_tuple(self):
        self.assertEqual(grad(lambda x, y: x * y + y)(3.0, 4.0), (4.0, 4.0))

    def test_variables_in_differentiable_variables_out(self):
        slope = grad(lambda x: x ** 3)(Variable(2.0))
        self.assertIsInstance(slope, Variable)
        self.assertTrue(slope.requires_grad)
        self.assertEqual(slope.value, 12.0)

    def test_grads_nest_to_any_order(self):
        f = lambda x: x ** 4 + x.sin()
        self.assertAlmostEqual(grad(f)(1.0), 4 + math.cos(1.0), places=14)
        self.assertAlmostEqual(grad(grad(f))(1.0), 12 - math.sin(1.0), places=14)
        self.assertAlmostEqual(grad(grad(grad(f)))(1.0), 24 - math.cos(1.0), places=14)
        self.assertAlmostEqual(grad(grad(grad(grad(f))))(1.0), 24 + math.sin(1.0), places=14)

    def test_an_argument_f_ignores_has_derivative_zero(self):
        self.assertEqual(grad(lambda x, y: x * 2)(1.0, 5.0), (2.0, 0.0))
        self.assertEqual(grad(grad(lambda x: 3 * x))(1.0), 0.0)
        self.assertEqual(grad(lambda x: 7.0)(1.0), 0.0)

    def test_mixed_partial_by_nesting(self):
        d_dx = lambda x, y: grad(lambda x, y: x * x * y ** 3)(x, y)[0]
        self.assertEqual(grad(d_dx)(2.0, 3.0), (54.0, 108.0))    # (2 y^3, 6 x y^2)

    def test_grad_leaves_the_callers_derivatives_alone(self):
        x = Variable(2.0)
        (x * 5).backward()
        grad(lambda t: t * t)(x)
        self.assertEqual(x.d.value, 5.0)

    @about_cpython_collector
    def test_grad_leaves_no_reference_cycles(self):
        f = lambda x, y: (x * y).tanh() * x.exp() + y ** 3
        gc.collect()
        gc.disable()
        try:
            second = grad(grad(lambda x: f(x, 0.5)))(0.3)
            slopes = grad(lambda x, y: grad(f)(x, y)[0])(0.3, 0.5)
            unreachable = gc.collect()
        finally:
            gc.enable()
        self.assertTrue(math.isfinite(second))
        self.assertEqual(len(slopes), 2)
        self.assertEqual(unreachable, 0)

    def test_bad_arguments_and_results(self):
        with self.assertRaisesRegex(TypeError, "argument 0 of grad.*not str"):
            grad(lambda x: x)('a')
        with self.assertRaisesRegex(TypeError, "result of f in grad.*not list"):
            grad(lambda x: [x])(1.0)


class Transforms(unittest.TestCase):
    """value_and_grad, jacobian and hessian, with JAX's names and semantics for scalars, and
    structured arguments for them and for grad."""

    def test_value_and_grad_gives_the_value_and_what_grad_gives(self):
        f = lambda x, y: x * x * y + y.sin()
        value, slopes = value_and_grad(f)(3.0, 2.0)
        self.assertEqual(value, 9.0 * 2.0 + math.sin(2.0))
        self.assertEqual(slopes, (12.0, 9.0 + math.cos(2.0)))
        self.assertEqual(slopes, grad(f)(3.0, 2.0))
        self.assertEqual(value_and_grad(lambda x: x ** 3)(2.0), (8.0, 12.0))

    def test_jacobian_has_one_row_per_output(self):
        rows = jacobian(lambda x, y: [x * y, x + y, x.exp()])(3.0, 4.0)
        self.assertEqual(rows, [(4.0, 3.0), (1.0, 1.0), (math.exp(3.0), 0.0)])
        self.assertEqual(jacobian(lambda x: (x * x, 2 * x))(3.0), (6.0, 2.0))
        self.assertEqual(jacobian(lambda x: x * x)(3.0), 6.0)             # a number: grad's row
        self.assertEqual(jacobian(lambda w: [w[0] * w[1]])([2.0, 5.0]), [[5.0, 2.0]])

    def test_hessian_matches_the_closed_form(self):
        self.assertEqual(hessian(lambda x: x ** 3)(2.0), 12.0)
        x, y = 3.0, 2.0
        found = hessian(lambda x, y: x * x * y ** 3 + x.sin())(x, y)
        expected = ((2 * y ** 3 - math.sin(x), 6 * x * y ** 2), (6 * x * y ** 2, 6 * x * x * y))
        for found_row, expected_row in zip(found, expected):
            for a, b in zip(found_row, expected_row):
                self.assertAlmostEqual(a, b, places=12)
        self.assertEqual(hessian(lambda x, y: x * y)(1.0, 1.0), ((0.0, 1.0), (1.0, 0.0)))

    def test_hessian_takes_one_backward_pass_per_input_number_after_the_first(self):
        passes = []
        original = autograd._derivatives_leaving_no_trace

        def counted(*arguments):
            passes.append(1)
            return original(*arguments)
        autograd._derivatives_leaving_no_trace = counted
        try:
            hessian(lambda a, b, c: a * b * c + a.exp())(1.0, 2.0, 3.0)
        finally:
            autograd._derivatives_leaving_no_trace = original
        self.assertEqual(len(passes), 1 + 3)

    def test_structured_arguments_get_derivatives_of_the_same_shape(self):
        rng = random.Random(5)
        weights = [rng.uniform(-1, 1) for _ in range(337)]
        loss = lambda w: sum((wi * wi * (i + 1) for i, wi in enumerate(w)), Variable(0.0))
        slopes = grad(loss)(weights)
        self.assertIsInstance(slopes, list)
        self.assertEqual(len(slopes), 337)
        self.assertEqual(slopes, [2 * w * (i + 1) for i, w in enumerate(weights)])
        found = grad(lambda p, b: p[0][0] * p[1] * b + p[0][1])([(2.0, 5.0), 3.0], 4.0)
        self.assertEqual(found, ([(12.0, 1.0), 8.0], 6.0))
        value, (slope,) = value_and_grad(lambda p: p[0] ** 2)((3.0,))
        self.assertEqual((value, slope), (9.0, 6.0))
        Point = collections.namedtuple('Point', 'x y')
        self.assertEqual(grad(lambda p: p.x * p.y)(Point(2.0, 3.0)), Point(3.0, 2.0))
        # hessian blocks: [i][j] has argument i's shape, each number holding argument j's
        h = hessian(lambda w, b: w[0] * w[1] * b)([3.0, 2.0], 5.0)
        self.assertEqual(h, (([[0.0, 5.0], [5.0, 0.0]], [2.0, 3.0]), ([2.0, 3.0], 0.0)))

    def test_variables_in_give_differentiable_variables_out_so_transforms_nest(self):
        v = Variable(2.0)
        h = hessian(lambda x: x ** 4)(v)
        self.assertIsInstance(h, Variable)
        self.assertEqual(h.value, 48.0)
        self.assertEqual(grad(lambda x: hessian(lambda y: y ** 4)(x))(2.0), 48.0)        # 24x
        self.assertEqual(grad(lambda x: value_and_grad(lambda y: y ** 3)(x)[1])(2.0), 12.0)
        self.assertEqual(hessian(lambda x: grad(lambda y: y ** 4)(x))(1.0), 24.0)       # 24x
        self.assertEqual(grad(lambda x: jacobian(lambda y: [y * x, y])(x)[0])(3.0), 1.0)  # d x/dx
        self.assertEqual(grad(lambda x: hessian(lambda y: x * y ** 3)(x))(2.0), 24.0)

    @about_cpython_collector
    def test_transforms_leave_no_reference_cycles(self):
        gc.collect()
        gc.disable()
        try:
            hessian(lambda x, y: (x * y).tanh() * x)(0.5, 0.25)
            jacobian(lambda x: [x.exp(), x * x])(0.5)
            value_and_grad(lambda w: w[0] * w[1])([1.0, 2.0])
            hessian(lambda x: x ** 3)(Variable(2.0))
            self.assertEqual(gc.collect(), 0)
        finally:
            gc.enable()

    def test_random_functions_hessian_and_jacobian_match_differences_of_grad(self):
        graphs = RandomGraphs()
        rng, h = random.Random(808), 1e-5
        for graph in range(40):
            point = [round(rng.uniform(-1.5, 1.5), 3) for _ in range(RandomGraphs.INPUTS)]
            steps = graphs.random_recipe(rng, point)
            f = lambda *xs: graphs.evaluate(steps, xs)
            gradient = lambda *xs: grad(f)(*xs)
            second = hessian(f)(*point)
            rows = jacobian(lambda *xs: [f(*xs), xs[0] * f(*xs)])(*point)
            for j in range(RandomGraphs.INPUTS):
                above = [p + h * (i == j) for i, p in enumerate(point)]
                below = [p - h * (i == j) for i, p in enumerate(point)]
                numeric = [(a - b) / (2 * h) for a, b in zip(gradient(*above), gradient(*below))]
                with self.subTest(graph=graph, j=j, steps=steps, point=point):
                    for i in range(RandomGraphs.INPUTS):
                        self.assertTrue(math.isclose(second[i][j], numeric[i], rel_tol=1e-4,
                                                     abs_tol=1e-4), f"{second[i][j]} vs {numeric[i]}")
                    difference = (f(*above) - f(*below)) / (2 * h)
                    self.assertTrue(math.isclose(rows[0][j], difference, rel_tol=1e-5, abs_tol=1e-5))
            self.assertEqual(list(rows[0]), list(gradient(*point)))

    def test_the_command_line_prints_the_hessian(self):
        run = subprocess.run([sys.executable, os.path.join(HERE, 'autograd.py'), '--hessian',
                              'x*x*y', 'x=3', 'y=2.0'], capture_output=True, text=True, timeout=60)
        self.assertEqual(run.stdout, "value = 18.0\nd/dx = 12.0\nd/dy = 9.0\n"
                                     "hessian (rows and columns: x, y):\n"
                                     "  x: [4.0, 6.0]\n  y: [6.0, 0.0]\n")
        run = subprocess.run([sys.executable, os.path.join(HERE, 'autograd.py'), '--hessian',
                              '--json', 'x * y', 'x=inf', 'y=2'], capture_output=True, text=True,
                             timeout=60)
        self.assertEqual(json.loads(run.stdout, parse_constant=lambda c: self.fail(c)),
                         {'value': 'inf', 'gradient': {'x': 2.0, 'y': 'inf'},
                          'hessian': {'x': {'x': 0.0, 'y': 1.0}, 'y': {'x': 1.0, 'y': 0.0}}})
        run = subprocess.run([sys.executable, os.path.join(HERE, 'autograd.py'), '--hessian',
                              '--dot', 'x', 'x=1'], capture_output=True, text=True, timeout=60)
        self.assertEqual((run.returncode, run.stdout), (2, ''))
        self.assertIn("--hessian prints numbers; --dot prints the graph", run.stderr)


class ComingFromMicrograd(unittest.TestCase):
    """micrograd's internals, as its lecture notebooks, its draw_dot and course graders read them."""

    def lecture_graph(self):
        a = Value(2.0, label='a')
        b = Value(-3.0, label='b')
        c = Value(10.0, label='c')
        e = a * b; e.label = 'e'
        d = e + c; d.label = 'd'
        f = Value(-2.0, label='f')
        L = d * f; L.label = 'L'
        return a, b, c, d, e, f, L

    def test_draw_dot_walks_the_graph_through_prev_and_labels_it_with_op(self):
        *_, L = self.lecture_graph()
        nodes, edges = set(), set()
        stack = [L]
        while stack:                       # draw_dot's trace(), as the lecture writes it
            v = stack.pop()
            if v not in nodes:
                nodes.add(v)
                for child in v._prev:
                    edges.add((child, v))
                    stack.append(child)
        self.assertEqual(sorted(n.label for n in nodes), ['L', 'a', 'b', 'c', 'd', 'e', 'f'])
        self.assertEqual(len(edges), 6)
        ops = {n.label: n._op for n in nodes}
        self.assertEqual(ops, {'a': '', 'b': '', 'c': '', 'f': '', 'e': '*', 'd': '+', 'L': '*'})
        op_nodes = {str(id(n)) + n._op for n in nodes if n._op}
        self.assertEqual(len(op_nodes), 3)
        x = Value(0.5)
        self.assertEqual([(x ** 2)._op, x.relu()._op, x.tanh()._op, x.exp()._op, (x + 1)._op],
                         ['**2', 'ReLU', 'tanh', 'exp', '+'])
        self.assertEqual(x._prev, set())

    def test_the_lectures_manual_backpropagation_step_by_step(self):
        a, b, c, d, e, f, L = self.lecture_graph()
        L.grad = 1.0
        L._backward()
        self.assertEqual((d.grad, f.grad), (-2.0, 4.0))
        d._backward()
        self.assertEqual((e.grad, c.grad), (-2.0, -2.0))
        e._backward()
        self.assertEqual((a.grad, b.grad), (6.0, -4.0))
        e._backward()                      # micrograd's step accumulates
        self.assertEqual((a.grad, b.grad), (12.0, -8.0))
        L.backward()                       # backward() overwrites
        self.assertEqual((a.grad, b.grad), (6.0, -4.0))

    def test_micrograds_engine_expectations(self):
        # micrograd's test_engine.py, its numbers (which it takes from PyTorch)
        x = Value(-4.0)
        z = 2 * x + 2 + x
        q = z.relu() + z * x
        h = (z * z).relu()
        y = h + q + q * x
        y.backward()
        self.assertEqual((y.data, x.grad), (-20.0, 46.0))
        a = Value(-4.0)
        b = Value(2.0)
        c = a + b
        d = a * b + b ** 3
        c += c + 1
        c += 1 + c + (-a)
        d += d * 2 + (b + a).relu()
        d += 3 * d + (b - a).relu()
        e = c - d
        f = e ** 2
        g = f / 2.0
        g += 10.0 / f
        g.backward()
        self.assertAlmostEqual(g.data, 24.70408163265306, delta=1e-12)
        self.assertAlmostEqual(a.grad, 138.83381924198252, delta=1e-9)
        self.assertAlmostEqual(b.grad, 645.5772594752186, delta=1e-9)


class TheGradcheckTool(unittest.TestCase):

    def test_it_passes_correct_derivatives(self):
        self.assertIs(gradcheck(lambda x, y: (x * y).sin() + x / y, 0.5, 2.0), True)
        self.assertIs(gradcheck(lambda x: x.sigmoid() * x.log1p(), 0.3), True)
        self.assertIs(gradcheck(lambda x, y: x ** y, Variable(1.5), 2), True)

    def test_it_names_the_input_both_numbers_and_the_difference(self):
        with self.assertRaises(AssertionError) as caught:
            gradcheck(lambda x, y: x * y.detach(), 3.0, 2.0)   # detach hides y's path
        message = str(caught.exception)
        self.assertIn("input 1 (y) at 2.0", message)
        self.assertIn("backward() gives 0.0", message)
        self.assertRegex(message, r"central differences give 2\.99999\d+")
        self.assertRegex(message, r"differ by 2\.99999\d+")

    def test_it_fails_a_nan_derivative(self):
        # sqrt(x * x) at 0: backward() gives sqrt'(0) * 2x = inf * 0 = nan (an IEEE product, not
        # a masked path), central differences give 0
        with self.assertRaisesRegex(AssertionError, r"input 0 \(x\) at 0\.0.*gives nan"):
            gradcheck(lambda x: (x * x).sqrt(), 0.0)


class RandomGraphs(unittest.TestCase):
    """A few hundred random graphs over every operation, with shared subexpressions and
    numbers on both sides, checked to the second order against finite differences."""

    GRAPHS, STEPS, INPUTS = 300, 12, 3
    UNARY = {   # name: (how to apply it, where it is smooth and moderate)
        'exp': (exp, lambda v: abs(v) < 5), 'log': (log, lambda v: v > 0.1),
        'sqrt': (sqrt, lambda v: v > 0.1), 'sin': (sin, None), 'cos': (cos, None),
        'tan': (tan, lambda v: abs(math.cos(v)) > 0.2), 'asin': (asin, lambda v: abs(v) < 0.9),
        'acos': (acos, lambda v: abs(v) < 0.9), 'atan': (atan, None),
        'sinh': (sinh, lambda v: abs(v) < 5), 'cosh': (cosh, lambda v: abs(v) < 5),
        'tanh': (tanh, None), 'sigmoid': (sigmoid, None), 'relu': (relu, lambda v: abs(v) > 0.05),
        'softplus': (softplus, None), 'log1p': (log1p, lambda v: v > -0.9),
        'expm1': (expm1, lambda v: abs(v) < 5), 'neg': (lambda v: -v, None),
        'pos': (lambda v: +v, None), 'abs': (abs, lambda v: abs(v) > 0.05),
    }
    BINARY = {
        'add': (lambda a, b: a + b, None), 'sub': (lambda a, b: a - b, None),
        'mul': (lambda a, b: a * b, None), 'div': (lambda a, b: a / b, lambda a, b: abs(b) > 0.1),
        'pow': (lambda a, b: a ** b, lambda a, b: a > 0.1 and abs(b) < 3),
    }

    def random_recipe(self, rng, point):
        """Steps ('unary', name, i) or ('binary', name, left, right), where an operand is the
        index of an earlier node or ('number', c); all smooth and moderate at point."""
        values, steps = list(point), []
        while len(steps) < self.STEPS:
            if rng.random() < 0.4:
                name = rng.choice(sorted(self.UNARY))
                apply, safe = self.UNARY[name]
                i = rng.randrange(len(values))
                if safe and not safe(values[i]):
                    continue
                step, value = ('unary', name, i), apply(values[i])
            else:
                name = rng.choice(sorted(self.BINARY))
                apply, safe = self.BINARY[name]
                operands = [rng.randrange(len(values)), rng.randrange(len(values))]
                if rng.random() < 0.3:   # a plain number on one side
                    operands[rng.randrange(2)] = ('number', round(rng.uniform(-2, 2), 2))
                a, b = (values[o] if isinstance(o, int) else o[1] for o in operands)
                if safe and not safe(a, b):
                    continue
                step, value = ('binary', name, *operands), apply(a, b)
            if math.isfinite(value) and abs(value) < 1e3:
                steps.append(step)
                values.append(value)
        return steps

    def evaluate(self, steps, inputs):
        """Run the recipe on plain floats or on Variables alike; the last node is the output."""
        nodes = list(inputs)
        for step in steps:
            nodes.append(self.apply(step, nodes))
        return nodes[-1]

    def apply(self, step, nodes):
        """One step of a recipe, on the nodes computed so far."""
        kind, name, *operands = step
        table = self.UNARY if kind == 'unary' else self.BINARY
        return table[name][0](*(nodes[o] if isinstance(o, int) else o[1] for o in operands))

    def first_derivatives(self, steps, point):
        inputs = [Variable(p) for p in point]
        out = self.evaluate(steps, inputs)
        if isinstance(out, Variable) and out.requires_grad:
            out.backward()
        return [x.grad for x in inputs]

    def test_first_and_second_derivatives_match_finite_differences(self):
        rng, h = random.Random(20261122), 1e-5
        for graph in range(self.GRAPHS):
            point = [round(rng.uniform(-1.5, 1.5), 3) for _ in range(self.INPUTS)]
            steps = self.random_recipe(rng, point)
            shifted = lambda j, delta: [p + delta * (i == j) for i, p in enumerate(point)]
            first = self.first_derivatives(steps, point)
            # second derivatives: differentiate each first derivative with create_graph
            inputs = [Variable(p) for p in point]
            out = self.evaluate(steps, inputs)
            if not out.requires_grad:
                continue
            out.backward(create_graph=True)
            derivatives = [x.d for x in inputs]
            for i, d_i in enumerate(derivatives):
                for x in inputs:
                    x.zero_grad()       # inputs d_i does not reach must read 0, not stale values
                if d_i.requires_grad:
                    d_i.backward()
                second_row = [x.grad for x in inputs]
                for j in range(self.INPUTS):
                    with self.subTest(graph=graph, i=i, j=j, steps=steps, point=point):
                        if i == 0:
                            numeric = (self.evaluate(steps, shifted(j, h))
                                       - self.evaluate(steps, shifted(j, -h))) / (2 * h)
                            self.assertTrue(math.isclose(first[j], numeric, rel_tol=1e-5, abs_tol=1e-5),
                                            f"first derivative {j}: {first[j]} vs {numeric}")
                        numeric = (self.first_derivatives(steps, shifted(j, h))[i]
                                   - self.first_derivatives(steps, shifted(j, -h))[i]) / (2 * h)
                        self.assertTrue(math.isclose(second_row[j], numeric, rel_tol=1e-4, abs_tol=1e-4),
                                        f"second derivative {i},{j}: {second_row[j]} vs {numeric}")


class RandomGraphsAtTheEdges(unittest.TestCase):
    """Random graphs in the regimes where formulas break: values near the float range's edges,
    masked paths, nested grad. Each is checked against an oracle that needs no tolerance."""

    def random_homogeneous_recipe(self, rng, inputs=2, steps=8):
        """Steps of *, /, ** (small int), unary -, abs and 1 / x, and + - between nodes of the
        same degree, so that the graph's value scales as s ** degree when every input is scaled
        by s. Returns the steps and each node's degree."""
        degrees, recipe = [1] * inputs, []
        while len(recipe) < steps:
            i, j = rng.randrange(len(degrees)), rng.randrange(len(degrees))
            kind = rng.choice(['mul', 'div', 'pow', 'neg', 'abs', 'reciprocal', 'add'])
            if kind == 'mul':
                degree = degrees[i] + degrees[j]
            elif kind == 'div':
                degree = degrees[i] - degrees[j]
            elif kind == 'pow':
                j = rng.choice([2, 3, -1, -2])
                degree = degrees[i] * j
            elif kind == 'add':
                same = [k for k, d in enumerate(degrees) if d == degrees[i]]
                j = rng.choice(same)
                degree = degrees[i]
            else:
                degree = -degrees[i] if kind == 'reciprocal' else degrees[i]
            if abs(degree) <= 6:
                recipe.append((kind, i, j))
                degrees.append(degree)
        return recipe, degrees

    @staticmethod
    def run_recipe(recipe, inputs):
        nodes = list(inputs)
        for kind, i, j in recipe:
            a = nodes[i]
            nodes.append({'mul': lambda: a * nodes[j], 'div': lambda: a / nodes[j],
                          'pow': lambda: a ** j, 'neg': lambda: -a, 'abs': lambda: abs(a),
                          'reciprocal': lambda: 1 / a, 'add': lambda: a + nodes[j]}[kind]())
        return nodes

    def test_scaling_by_powers_of_two_scales_derivatives_exactly_to_the_range_edges(self):
        # f of degree k: f(2^m x) = 2^(mk) f(x), and every node, its derivative d f / d node and
        # each local derivative scale the same way, by a power of two, which is exact in
        # floating point. Wherever all of those stay normal floats at the scaled point, however
        # far out (values near 1e+-300, slopes near overflow), the engine must give the
        # derivatives exactly scaled. (Where one of them leaves the float range the chain rule
        # itself meets a rounded-away number, and no engine can be exact.)
        rng, checked = random.Random(907), 0
        for graph in range(300):
            recipe, degrees = self.random_homogeneous_recipe(rng)
            point = [rng.choice([-1, 1]) * rng.uniform(0.5, 2.0) for _ in range(2)]
            try:
                nodes = self.run_recipe(recipe, [Variable(p) for p in point])
            except ZeroDivisionError:
                continue
            if any(n.value == 0 for n in nodes):
                continue
            nodes[-1].backward()
            k = degrees[-1]
            edges = [(len(point) + s, o) for s, (kind, i, j) in enumerate(recipe)
                     for o in ([i, j] if kind in ('mul', 'div', 'add') else [i])]
            for m in rng.sample(range(-1000, 1001), 12):
                def scaled(value, degree):
                    try:
                        return math.ldexp(value, m * degree)
                    except OverflowError:
                        return math.inf

                def fits(value, degree):      # 0 stays 0; anything else must stay normal
                    return value == 0 or sys.float_info.min <= abs(scaled(value, degree)) < math.inf
                if not all(fits(n.value, d) and fits(n.grad, k - d) for n, d in zip(nodes, degrees)):
                    continue
                if not all(fits(nodes[n].value / nodes[o].value, degrees[n] - degrees[o])
                           for n, o in edges):
                    continue
                inputs = [Variable(math.ldexp(p, m)) for p in point]
                self.run_recipe(recipe, inputs)[-1].backward()
                for x, original in zip(inputs, nodes):
                    checked += 1
                    with self.subTest(graph=graph, recipe=recipe, point=point, m=m):
                        expected = scaled(original.grad, k - 1)   # to rounding: a power
                        self.assertTrue(math.isclose(x.grad, expected, rel_tol=1e-14),  # may
                                        f"{x.grad!r} != {expected!r}")  # split at the edges
        self.assertGreater(checked, 1000)

    def test_a_masked_branch_contributes_exactly_what_a_detached_one_does(self):
        # relu(-(u * u)) is 0 with a masked slope; sqrt of it has an infinite slope. Added into
        # a random graph, it must change no derivative: the oracle is the same graph with the
        # branch's input detached, which no derivative can flow through at all.
        rng = random.Random(3)
        graphs = RandomGraphs()
        for graph in range(100):
            point = [round(rng.uniform(-1.5, 1.5), 3) for _ in range(RandomGraphs.INPUTS)]
            steps = graphs.random_recipe(rng, point)
            where = rng.randrange(len(steps))
            slopes = []
            for cut in (False, True):
                inputs = [Variable(p) for p in point]
                nodes = list(inputs)
                for index, step in enumerate(steps):
                    nodes.append(graphs.apply(step, nodes))
                    if index == where:
                        u = nodes[-1]
                        u = u.detach() if cut and isinstance(u, Variable) else u
                        masked = relu(-(u * u) - 1.0).sqrt()          # value 0, slope inf
                        nodes[-1] = nodes[-1] + masked * masked.exp() + abs(masked) ** 0.5
                out = nodes[-1]
                if isinstance(out, Variable) and out.requires_grad:
                    out.backward()
                slopes.append([x.grad for x in inputs])
            with self.subTest(graph=graph, steps=steps, point=point):
                self.assertEqual(slopes[0], slopes[1])

    def test_nested_grad_gives_the_second_derivatives_of_create_graph(self):
        rng = random.Random(11)
        graphs = RandomGraphs()
        for graph in range(40):
            point = [round(rng.uniform(-1.5, 1.5), 3) for _ in range(RandomGraphs.INPUTS)]
            steps = graphs.random_recipe(rng, point)
            f = lambda *xs: graphs.evaluate(steps, xs)
            inputs = [Variable(p) for p in point]
            out = f(*inputs)
            if not (isinstance(out, Variable) and out.requires_grad):
                continue
            out.backward(create_graph=True)
            firsts = [x.d for x in inputs]
            for i, first in enumerate(firsts):
                for x in inputs:
                    x.zero_grad()
                if first.requires_grad:
                    first.backward()
                by_graph = [x.grad for x in inputs]
                by_grad = grad(lambda *xs: grad(f)(*xs)[i])(*point)
                with self.subTest(graph=graph, i=i, steps=steps, point=point):
                    for a, b in zip(by_graph, by_grad):
                        self.assertTrue(math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12),
                                        f"{by_graph} != {by_grad}")

    def test_numbers_and_variables_mixed_as_arguments_of_every_transform(self):
        # each argument as a number or as a Variable, at random: a number's results are floats,
        # a Variable's are Variables, and every value is bitwise the all-numbers call's
        rng = random.Random(23)
        graphs = RandomGraphs()
        checked = 0
        for graph in range(60):
            point = [round(rng.uniform(-1.5, 1.5), 3) for _ in range(RandomGraphs.INPUTS)]
            steps = graphs.random_recipe(rng, point)
            f = lambda *xs: graphs.evaluate(steps, xs)
            as_variable = [rng.random() < 0.5 for _ in point]
            if not any(as_variable) or all(as_variable):
                as_variable[rng.randrange(len(point))] ^= True
            mixed = [Variable(p) if v else p for p, v in zip(point, as_variable)]
            for name, transform in (('grad', grad), ('value_and_grad', autograd.value_and_grad),
                                    ('jacobian', autograd.jacobian), ('hessian', autograd.hessian)):
                try:
                    expected = transform(f)(*point)
                except (ValueError, ZeroDivisionError, OverflowError):
                    continue
                got = transform(f)(*mixed)
                with self.subTest(graph=graph, transform=name, steps=steps, mixed=as_variable):
                    self.assertEqual(self._values(got), self._values(expected))
                    for i, v in enumerate(as_variable):
                        part = self._of_argument(name, got, i)
                        for leaf in part:
                            self.assertIsInstance(leaf, Variable if v else float)
                    checked += 1
        self.assertGreater(checked, 150)

    @classmethod
    def _values(cls, result):
        if isinstance(result, (list, tuple)):
            return [cls._values(part) for part in result]
        value = result.value if isinstance(result, Variable) else result
        return struct.pack('<d', value) if isinstance(value, float) and not math.isnan(value) else value

    @staticmethod
    def _of_argument(name, result, i):
        """The derivatives result holds with respect to argument i (a Hessian's column i, as
        the Hessian is the jacobian of grad)."""
        if name == 'grad':
            return [result[i]]
        if name == 'value_and_grad':
            return [result[1][i]]
        if name == 'jacobian':
            return [result[i]]
        return [row[i] for row in result]       # column i: the derivatives by argument i


class TheReadmeRuns(unittest.TestCase):
    """Every Python block of README.md runs alone, with its own imports, as a reader pastes it."""

    def test_every_python_block_of_the_readme_runs_by_itself(self):
        with open(os.path.join(HERE, 'README.md'), encoding='utf-8') as readme:
            blocks = re.findall(r"^```python\n(.*?)^```", readme.read(), re.S | re.M)
        self.assertGreaterEqual(len(blocks), 5)
        for number, block in enumerate(blocks, 1):
            with self.subTest(block=number, starts=block.split('\n')[0]):
                with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
                    warnings.simplefilter('ignore')
                    exec(compile(block, f"README.md, Python block {number}", 'exec'),
                         {'__name__': '__readme__'})


class TheExamplesDoTheirWork(unittest.TestCase):

    def run_example(self, name, *arguments):
        script = os.path.join(HERE, 'examples', name)
        run = subprocess.run([sys.executable, script, *arguments], capture_output=True,
                             text=True, timeout=120)
        self.assertEqual(run.returncode, 0, run.stderr)
        return run.stdout

    def test_newton_finds_both_minima(self):
        output = self.run_example('newton.py')
        found = float(re.search(r"minimum at x = (\S+) ", output).group(1))
        self.assertLessEqual(abs(found - 2.25), 2 * math.ulp(2.25))   # 9/4, to rounding
        self.assertIn("minimum at (x, y) = (1.0, 1.0) ", output)

    def test_the_mlp_learns_the_two_moons_through_jit_and_without_alike(self):
        output = self.run_example('train_mlp.py', '--jit', '--quick')
        compiled = re.search(r"through jit: loss (\S+), training accuracy (\d+)%", output)
        built = re.search(r"final: loss (\S+), training accuracy (\d+)%", output)
        self.assertGreaterEqual(int(built.group(2)), 95)
        self.assertEqual(compiled.groups(), built.groups())   # the same numbers, step by step
        self.assertRegex(output, r"\|[ .ox]{64}\|")        # the decision map
        self.assertRegex(output, r"inside spare_collector\(\)")

    def test_the_quick_benchmark_runs_without_peers(self):
        output = self.run_example('benchmark.py', '--quick')
        self.assertRegex(output, r"autograd\.py takes [\d.]+x the plain-float forward loop")
        try:
            import tracemalloc  # noqa: F401
            self.assertRegex(output, r"Memory: \d+ bytes per node")
        except ImportError:
            self.assertRegex(output, r"Memory: not measured \(PyPy has no tracemalloc\)")
        self.assertRegex(output, r"Depth: a 100,000-deep chain")


class SeeingTheGraph(unittest.TestCase):

    def test_expression_is_infix_text_with_leaf_names(self):
        a, x, y, c = (Variable(v, name=n) for v, n in [(2.0, 'a'), (3.0, 'x'), (0.5, 'y'), (1.0, 'c')])
        self.assertEqual(((c - a * x * y) ** 2).expression(), '((c - ((a * x) * y)) ** 2)')
        self.assertEqual(x.expression(), 'x')

    def test_unnamed_leaves_and_constants_show_their_values(self):
        x = Variable(2.0, name='x')
        self.assertEqual((3 * x - Variable(1.5)).expression(), '((3 * x) - 1.5)')
        self.assertEqual((x ** -2).expression(), '(x ** (-2))')
        self.assertEqual((-x).expression(), '(-x)')

    def test_functions_show_as_calls(self):
        x = Variable(0.5, name='x')
        self.assertEqual((x.tanh() + abs(x) * exp(x)).expression(), '(tanh(x) + (abs(x) * exp(x)))')

    def test_the_text_evaluates_back_to_the_value(self):
        x, y = Variable(-1.25, name='x'), Variable(0.75, name='y')
        out = (3 - x) * -1.5 / y.exp() + abs(-x) + (+y) + x ** -2 + 2 ** y + (x * y).tanh() \
            + sigmoid(x) - Variable(-2.0) + x.relu() * softplus(y) / (1 + y.sqrt())
        namespace = dict(vars(autograd), x=-1.25, y=0.75)
        self.assertEqual(eval(out.expression(), namespace), out.value)

    def test_heavily_shared_graphs_are_refused_as_text(self):
        node = Variable(1.0, name='x')
        for _ in range(40):                 # the text would repeat x 2^40 times
            node = node * 1.0 + node
        with self.assertRaisesRegex(ValueError, r"would pass the limit of 10,000,000 characters, "
                                                r"because .* subexpression it shares.*to_dot\(\)"):
            node.expression()

    def test_to_dot_has_a_node_per_variable_and_an_edge_per_operand(self):
        x, y = Variable(2.0, name='x'), Variable(3.0, name='y')
        q = x * y
        out = q + x
        dot = out.to_dot()
        self.assertTrue(dot.startswith('digraph autograd {'))
        self.assertTrue(dot.rstrip().endswith('}'))
        self.assertEqual(len(re.findall(r'^  n\d+ \[label=', dot, re.M)), 4)    # out, q, x, y
        self.assertEqual(len(re.findall(r' -> ', dot)), 4)                      # x, y -> q; q, x -> out
        self.assertIn('label="x\\nvalue 2.0"', dot)
        self.assertIn('label="mul\\nvalue 6.0"', dot)

    def test_to_dot_shows_derivatives_once_computed(self):
        x = Variable(2.0, name='x')
        out = x * 3
        self.assertNotIn('\\nd ', out.to_dot())
        out.backward()
        dot = out.to_dot()
        self.assertIn('label="x\\nvalue 2.0\\nd 3.0"', dot)
        self.assertIn('label="3", shape=plaintext', dot)     # a number operand

    def test_to_dot_escapes_names(self):
        self.assertIn(r'label="say \"hi\"\nvalue 1.0"', Variable(1.0, name='say "hi"').to_dot())


class TextExpressions(unittest.TestCase):

    def test_the_design_example(self):
        self.assertEqual(gradients("(a + b * c).relu()", {'a': 2, 'b': -3, 'c': 10}),
                         {'a': {'data': 2, 'grad': 0.0}, 'b': {'data': -3, 'grad': 0.0},
                          'c': {'data': 10, 'grad': 0.0}})

    def test_derivatives_of_a_formula(self):
        found = gradients("x*y + x.tanh()", {'x': 0.5, 'y': 2})
        self.assertEqual(found['x'], {'data': 0.5, 'grad': 2 + 1 - math.tanh(0.5) ** 2})
        self.assertEqual(found['y'], {'data': 2, 'grad': 0.5})

    def test_every_allowed_form(self):
        found = gradients("pow(x, 2) + abs(-x) / (+x) - exp(x).log() + sqrt(x) ** 2 - 2.5e0 * 3",
                          {'x': 1.5})
        # x^2 + 1 - x + x - 7.5: derivative 2x
        self.assertAlmostEqual(found['x']['grad'], 3.0, places=12)

    def test_a_constant_formula_has_zero_derivatives(self):
        self.assertEqual(gradients("2 + 3", {'x': 1.0}), {'x': {'data': 1.0, 'grad': 0.0}})

    def test_refused_forms_are_named(self):
        refused = {
            'x.value': 'attribute access .value', 'x.__class__': 'attribute access .__class__',
            'x[0]': 'subscripts', 'lambda: x': 'lambda', '[t for t in (x,)]': 'comprehensions',
            'x if x else 1': 'conditionals', 'exp(x=1)': 'keyword arguments',
            '"text"': 'the str constant', 'x < 1': 'comparisons', 'x // 2': 'operator FloorDiv',
            'x.tanh(1)': r'method call \.tanh\(\)', 'x.detach()': r'method call \.detach\(\)',
            'exp': "unknown name 'exp'", 'open(x)': "a call of 'open'", '(x := 2)': 'assignment',
            'True * x': 'the bool constant', '1j * x': 'the complex constant', 'x and x': 'and/or',
            'abs(x, x)': r'abs\(\) with 2 arguments', 'y + x': "unknown name 'y'",
            'exp()': r'exp\(\) with 0 arguments', '(x, x)': 'tuples', '()': 'tuples',
            '[x, x]': 'lists', '{x: 1}': 'dicts', '{x}': 'sets', "b'x'": 'the bytes constant',
            "f'{x}'": 'f-strings', 'not x': 'the operator Not', '~x': 'the operator Invert',
            'x @ x': r'the operator MatMult \(@\)', 'x += 1': 'assignment', '(x)(1)': 'computed',
            '__import__': "the name '__import__'", 'exp(*x)': r'\*arguments',
            'x is x': 'comparisons', 'None': 'the constant None', 'yield x': "the keyword 'yield'",
        }
        for text, reason in refused.items():
            with self.subTest(text=text):
                with self.assertRaisesRegex(ValueError, reason):
                    gradients(text, {'x': 2.0})

    def test_escape_attempts_are_refused_and_nothing_runs(self):
        with tempfile.TemporaryDirectory() as folder:
            marker = os.path.join(folder, 'ran')
            attempts = [
                f"__import__('os').system('touch {marker}')",
                "().__class__.__bases__[0].__subclasses__()",
                f"open({marker!r}, 'w')",
                f"x.__class__.__init__.__globals__['os'].system('touch {marker}')",
                f"exp(open({marker!r}, 'w'))",
                "__builtins__",
                f"(lambda: open({marker!r}, 'w'))()",
            ]
            for text in attempts:
                with self.subTest(text=text):
                    with self.assertRaisesRegex(ValueError, "not allowed|unknown name"):
                        gradients(text, {'x': 1.0})
            self.assertFalse(os.path.exists(marker))

    def test_names_are_every_identifier_python_reads(self):
        # PEP 3131: combining marks and U+00B7 continue a name; Other_ID_Start begins one
        for name in ('x\u0301', 'क्ष', '℘', 'x·y', 'ｘ_1', 'match', '_'):
            with self.subTest(name=name):
                self.assertEqual(gradients(f"{name} * 2 + 1", {name: 3}), {name: {'data': 3, 'grad': 2.0}})

    def test_a_call_may_end_with_a_comma_as_in_python(self):
        self.assertEqual(gradients("exp(x,) + pow(x, 2,)", {'x': 0}), {'x': {'data': 0, 'grad': 1.0}})
        with self.assertRaisesRegex(ValueError, r"pow\(\) with 1 arguments"):
            gradients("pow(x,)", {'x': 1})
        with self.assertRaisesRegex(ValueError, "invalid syntax"):
            gradients("exp(x,,)", {'x': 1})

    def test_unparsable_text_says_why(self):
        unparsable = {'x +': 'invalid syntax', '(x': r"'\(' was never closed", 'x)': r"unmatched '\)'",
                      "'x": 'unterminated string literal', 'x $ 1': r"invalid character '\$' \(U\+0024\)",
                      '012': '012 is not a number Python reads', 'x\n+ 1': 'a formula is one line',
                      'x x': 'invalid syntax'}
        for text, why in unparsable.items():
            with self.subTest(text=text):
                with self.assertRaisesRegex(ValueError, f"^cannot parse the expression {re.escape(repr(text))}: {why}"):
                    gradients(text, {'x': 1.0})

    def test_a_refusal_names_the_column_of_what_was_refused(self):
        with self.assertRaisesRegex(ValueError, r"^not allowed in an expression: attribute access \.value \(column 11\)$"):
            gradients("exp(x) + x.value", {'x': 1.0})

    def test_the_syntax_is_checked_before_the_names(self):
        # as Python reports a SyntaxError before a NameError: the text is wrong whatever is given
        with self.assertRaisesRegex(ValueError, "cannot parse the expression 'y \\*': invalid syntax"):
            gradients("y *", {'x': 1.0})

    def test_what_is_refused_is_named_at_any_length_or_depth(self):
        # one parse, with its own stacks: Python's ast gives up on these long before the refusal
        deep = '(' * 5000 + 'x.value' + ')' * 5000
        long = ' + '.join(['x'] * 3000) + ' + x[0]'
        for text, what in ((deep, 'attribute access .value'), (long, 'subscripts')):
            with self.assertRaisesRegex(ValueError, f"not allowed in an expression: {re.escape(what)}"):
                gradients(text, {'x': 1.0})

    def test_domain_errors_name_the_call(self):
        with self.assertRaisesRegex(ValueError, r"log\(0\): math domain error"):
            gradients("log(x - 1)", {'x': 1})
        with self.assertRaisesRegex(ZeroDivisionError, r"1 / 0"):
            gradients("1 / (x - x)", {'x': 1})

    def test_enormous_powers_fail_fast_instead_of_hanging(self):
        with self.assertRaisesRegex(OverflowError, r"9 \*\* 387420489: the exact result would "
                                    r"have about 369,693,099 digits, more than the 20,000"):
            gradients("9 ** 9 ** 9", {})

    def test_any_text_finishes_at_once_or_fails_at_once(self):
        # each would otherwise compute for minutes or exhaust memory: a fresh process with a
        # time limit, so that a hang fails this test instead of stalling the suite
        script = textwrap.dedent('''
            import sys, time; sys.path.insert(0, sys.argv[1])
            from fractions import Fraction
            from autograd import gradients
            cases = [("((2**10000)**10000)**10000", {}), ("x ** y", {'x': Fraction(3, 2), 'y': 10**8}),
                     ("(x ** y) ** z", {'x': 7, 'y': 10000, 'z': 10000}), ("x ** 10000", {'x': 10**1000}),
                     ("9 ** 9 ** 9 ** 9", {}), ("x" + " * x" * 60, {'x': 2 ** 5000}),
                     ("exp(x)", {'x': 10 ** 5000}), ("2 ** 10000 * 2 ** 10000", {})]
            for text, values in cases:
                start = time.perf_counter()
                try:
                    gradients(text, values)
                    outcome = 'ok'
                except (OverflowError, ValueError) as error:
                    outcome = type(error).__name__ + ': ' + str(error)[:60]
                print(f"{time.perf_counter() - start:.3f} {outcome}")
        ''')
        run = subprocess.run([sys.executable, '-c', script, HERE], capture_output=True, text=True,
                             timeout=60)
        self.assertEqual(run.returncode, 0, run.stderr)
        outcomes = run.stdout.splitlines()
        self.assertEqual(len(outcomes), 8, run.stdout)
        for line in outcomes:
            seconds, outcome = line.split(' ', 1)
            self.assertLess(float(seconds), 1.0, line)
        self.assertRegex(outcomes[0], r"OverflowError: <an int of 3,011 digits> \*\* 10000: the exact")
        self.assertRegex(outcomes[1], r"OverflowError: Fraction\(3, 2\) \*\* 100000000: the exact")
        self.assertRegex(outcomes[6], r"OverflowError: exp\(<an int of 5,001 digits>\): int too large")
        self.assertTrue(outcomes[7].endswith(' ok'), outcomes[7])

    def test_long_and_deeply_nested_formulas_parse(self):
        self.assertEqual(gradients(' + '.join(['x'] * 3000), {'x': 1})['x']['grad'], 3000.0)
        self.assertEqual(gradients('(' * 5000 + 'x' + ')' * 5000, {'x': 2})['x']['grad'], 1.0)
        self.assertEqual(gradients('-' * 5001 + 'x', {'x': 2})['x']['grad'], -1.0)
        found = gradients('x' + '.tanh()' * 3000, {'x': 0.5})['x']['grad']
        self.assertTrue(0 < found < 1)
        self.assertEqual(gradients('-x ** 2 + 2 ** 3 ** 2 - x / x / 2', {'x': 3.0})['x']['grad'], -6.0)

    def test_names_are_read_as_python_reads_them(self):
        self.assertEqual(gradients('ｘ * 2', {'x': 5}), {'x': {'data': 5, 'grad': 2.0}})
        self.assertEqual(gradients('x * 2', {'ｘ': 5}), {'ｘ': {'data': 5, 'grad': 2.0}})
        with self.assertRaisesRegex(ValueError, "the names 'x' and 'ｘ' are one name to Python"):
            gradients('ｘ * 2', {'x': 1, 'ｘ': 5})
        self.assertEqual(gradients('e\u0301 * 2', {'é': 1}), {'é': {'data': 1, 'grad': 2.0}})
        with self.assertRaisesRegex(ValueError, "cannot parse the expression 'x²'"):
            gradients('x²', {'x2': 1})

    def test_messages_show_numbers_of_any_size(self):
        with self.assertRaisesRegex(OverflowError, r"^exp\(<an int of 5,001 digits>\): int too large"):
            exp(10 ** 5000)
        with self.assertRaisesRegex(ValueError, r"^log\(<an int of 5,001 digits>\): math domain error"):
            log(Variable(-10 ** 5000))
        self.assertIn('<an int of 5,001 digits>', Variable(10 ** 5000).to_dot())
        self.assertEqual(len(repr(Variable(10 ** 5000))), len('Variable()') + 5001)


    def test_keywords_and_dunder_names_are_not_names(self):
        for name in ('True', 'None', 'lambda', 'if', '__class__'):
            with self.subTest(name=name):
                with self.assertRaisesRegex(ValueError, f"'{name}' is not a name an expression can use"):
                    gradients(f'{name} + x', {name: 1, 'x': 2})


    def test_bad_values(self):
        with self.assertRaisesRegex(TypeError, r"value of 'x' must be a real number.*not str"):
            gradients("x", {'x': '1'})
        with self.assertRaisesRegex(ValueError, "'1x' is not a name"):
            gradients("x", {'1x': 1})
        with self.assertRaisesRegex(TypeError, "expression must be a str"):
            gradients(3, {})


class TheCommandLine(unittest.TestCase):

    def run_cli(self, *arguments):
        return subprocess.run([sys.executable, os.path.join(HERE, 'autograd.py'), *arguments],
                              capture_output=True, text=True, timeout=60)

    def test_it_prints_the_value_and_each_partial_derivative(self):
        run = self.run_cli("x*y + x.tanh()", "x=0.5", "y=2")
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(run.stdout.splitlines(), [
            f"value = {0.5 * 2 + math.tanh(0.5)!r}",
            f"d/dx = {2 + 1 - math.tanh(0.5) ** 2!r}",
            "d/dy = 0.5",
        ])

    def test_json_prints_the_gradients_dictionary_with_ints_kept(self):
        run = self.run_cli("--json", "(a + b * c).relu()", "a=2", "b=-3", "c=10.5")
        self.assertEqual(json.loads(run.stdout), {'a': {'data': 2, 'grad': 0.0},
                                                  'b': {'data': -3, 'grad': 0.0},
                                                  'c': {'data': 10.5, 'grad': 0.0}})

    def test_dot_prints_the_graph(self):
        run = self.run_cli("x * 3", "x=2", "--dot")
        self.assertTrue(run.stdout.startswith("digraph autograd {"))
        self.assertIn('label="x\\nvalue 2\\nd 3"', run.stdout)   # an int graph: exact

    def test_a_formula_may_start_with_a_minus(self):
        run = self.run_cli("-x + 1", "x=2")
        self.assertEqual(run.stdout.splitlines(), ["value = -1", "d/dx = -1.0"])

    def test_help_explains_with_an_example(self):
        run = self.run_cli("--help")
        self.assertEqual(run.returncode, 0)
        self.assertIn('python3 autograd.py "x*y + x.tanh()" x=0.5 y=2', run.stdout)

    def test_bad_input_exits_2_with_one_line_and_no_traceback(self):
        cases = {
            ("x*",): "cannot parse",
            ("x.value", "x=1"): "attribute access",
            ("x*y", "x=1"): "unknown name 'y'",
            ("zz(x)", "x=1"): "a call of 'zz'",
            ("x", "x=abc"): "not a number",
            ("x", "x"): "expected NAME=VALUE",
            ("x", "x=1", "x=2"): "given twice",
            ("log(x)", "x=0"): r"log\(0\): math domain error",
            ("1/x", "x=0"): "division by zero",
            ("exp(x)", "x=1e6"): "math range error",
            ("x", "--bogus"): "unknown option --bogus",
            (): "required: expression",
        }
        for arguments, message in cases.items():
            with self.subTest(arguments=arguments):
                run = self.run_cli(*arguments)
                self.assertEqual(run.returncode, 2)
                self.assertEqual(run.stdout, '')
                self.assertEqual(len(run.stderr.splitlines()), 1, run.stderr)
                self.assertNotIn('Traceback', run.stderr)
                self.assertRegex(run.stderr, message)

    def test_results_too_long_for_python_to_print_print_all_the_same(self):
        run = self.run_cli("2**10000 * 2**10000")
        self.assertEqual((run.returncode, run.stderr), (0, ''))
        digits = run.stdout.removeprefix('value = ').removesuffix('\n')
        read = 0                                # 1,000 digits at a time: within any limit
        for start in range(0, len(digits), 1000):
            read = read * 10 ** len(digits[start:start + 1000]) + int(digits[start:start + 1000])
        self.assertEqual(read, 2 ** 20000)
        for flag in ('--dot', '--json'):
            self.assertEqual(self.run_cli(flag, "2**10000 * 2**10000").returncode, 0)

    def test_json_is_strict_with_non_finite_numbers_as_strings(self):
        run = self.run_cli('--json', 'x * y', 'x=inf', 'y=nan')
        found = json.loads(run.stdout, parse_constant=lambda name: self.fail(f"not JSON: {name}"))
        self.assertEqual(found, {'x': {'data': 'inf', 'grad': 'nan'}, 'y': {'data': 'nan', 'grad': 'inf'}})
        self.assertEqual(float(found['x']['data']), math.inf)

    def test_an_int_value_stays_an_int_or_is_refused(self):
        run = self.run_cli('x + 1', 'x=' + '7' * 5000)
        self.assertEqual(run.returncode, 2)
        self.assertEqual(run.stderr, "autograd.py: error: the value of x has 5,000 digits, more "
                                     "than the 4,300 Python reads as an int\n")
        self.assertEqual(self.run_cli('x + 1', 'x=' + '7' * 4000).stdout.split('\n')[0],
                         f"value = {int('7' * 4000) + 1}")

    def test_everything_after_a_double_dash_is_the_formula_and_values(self):
        run = self.run_cli('--', '-h', 'h=2')
        self.assertEqual(run.stdout, "value = -2\nd/dh = -1.0\n")

    def test_names_are_read_as_python_reads_them(self):
        self.assertEqual(self.run_cli('ｘ*2', 'ｘ=1').stdout, "value = 2\nd/dｘ = 2.0\n")
        run = self.run_cli('x*y', 'x=1', 'ｘ=2', 'y=3')
        self.assertEqual((run.returncode, run.stdout), (2, ''))
        self.assertIn("are one name to Python", run.stderr)


class BadInput(unittest.TestCase):

    def test_a_variable_holds_only_a_real_number(self):
        for bad, type_name in (('1.5', 'str'), (None, 'NoneType'), (1j, 'complex'),
                               ([1.0], 'list'), (Variable(1.0), 'Variable')):
            with self.subTest(value=bad):
                with self.assertRaisesRegex(TypeError, rf"real number.*not {type_name}"):
                    Variable(bad)

    def test_errors_name_the_call_the_user_wrote(self):
        v = Variable(2.0)
        with self.assertRaisesRegex(TypeError, r"^Variable\(\) takes 1 positional argument but 2 were given$"):
            Variable(1, 2)
        with self.assertRaisesRegex(TypeError, r"^Variable\(\) got an unexpected keyword argument 'nmae'$"):
            Variable(1, nmae='x')
        with self.assertRaisesRegex(TypeError, r"^Variable\(\) missing 1 required positional argument: 'value'$"):
            Variable()
        # PyPy names a method without its class: __pow__() takes 2 ...
        with self.assertRaisesRegex(TypeError, r"^(Variable\.)?__pow__\(\) takes 2 positional arguments"):
            pow(v, 2, 5)
        with self.assertRaisesRegex(TypeError, r"^grad\(f\) differentiates with respect to positional arguments: call it as grad\(f\)\(1\.0\), without the names x$"):
            grad(lambda x: x * x)(x=1.0)
        for call in (lambda: Variable(1, 2), lambda: pow(v, 2, 5), lambda: grad(abs)(x=1.0),
                     lambda: v.exp(1), lambda: exp()):
            with self.assertRaises(TypeError) as caught:
                call()
            self.assertNotRegex(str(caught.exception), "_factory|<locals>|_VariableType|derivatives_of")


    def test_keyword_arguments_are_checked(self):
        with self.assertRaisesRegex(TypeError, "name must be a str or None, not int"):
            Variable(1.0, name=3)
        with self.assertRaisesRegex(TypeError, "requires_grad must be True or False, not str"):
            Variable(1.0, requires_grad='yes')
        with self.assertRaises(TypeError):
            Variable(1.0, 'x')    # name is keyword-only

    def test_unsupported_operands_get_pythons_own_type_error(self):
        class Variable:        # what Python says of a class whose operators give NotImplemented
            __add__ = __mul__ = __rmul__ = __pow__ = __rsub__ = __truediv__ = \
                lambda *_: NotImplemented
        for attempt in (lambda x: x + 'a', lambda x: x * None, lambda x: x ** [2],
                        lambda x: 1j - x, lambda x: x / {}, lambda x: 'a' * x):
            with self.assertRaises(TypeError) as pythons:
                attempt(Variable())
            with self.assertRaisesRegex(TypeError, f"^{re.escape(str(pythons.exception))}$"):
                attempt(autograd.Variable(1.0))

    def test_functions_name_the_type_they_refused(self):
        with self.assertRaisesRegex(TypeError, r"exp\(\) argument must be a real number.*not str"):
            exp('1')
        with self.assertRaisesRegex(TypeError, r"grad must be a real number.*not str"):
            Variable(1.0).grad = 'a'
        with self.assertRaisesRegex(TypeError, r"gradient must be a real number.*not list"):
            (Variable(1.0) * 2).backward([1.0])

    def test_domain_errors_are_maths_own_and_name_the_call(self):
        cases = [
            (lambda: log(Variable(0)), ValueError, r"log\(0\): math domain error"),
            (lambda: Variable(-1.0).log(), ValueError, r"log\(-1\.0\)"),
            (lambda: sqrt(Variable(-1)), ValueError, r"sqrt\(-1\)"),
            (lambda: sqrt(-4.0), ValueError, r"sqrt\(-4\.0\)"),
            (lambda: asin(Variable(2)), ValueError, r"asin\(2\)"),
            (lambda: acos(Variable(-1.5)), ValueError, r"acos\(-1\.5\)"),
            (lambda: log1p(Variable(-1.0)), ValueError, r"log1p\(-1\.0\)"),
            (lambda: exp(Variable(1e6)), OverflowError, r"exp\(1000000\.0\): math range error"),
            (lambda: cosh(Variable(1e3)), OverflowError, r"cosh\(1000\.0\)"),
            (lambda: expm1(Variable(1e3)), OverflowError, r"expm1\(1000\.0\)"),
            (lambda: 1 / Variable(0), ZeroDivisionError, r"1 / 0: division by zero"),
            (lambda: Variable(2.5) / 0.0, ZeroDivisionError, r"2\.5 / 0\.0"),
            (lambda: Variable(0.0) ** -1, ZeroDivisionError, r"0\.0 \*\* -1"),
            (lambda: Variable(-8.0) ** (1 / 3), ValueError, r"\(-8\.0\) \*\* 0\.333"),
            (lambda: Variable(10.0) ** 1000, OverflowError, r"10\.0 \*\* 1000"),
        ]
        for attempt, error, message in cases:
            with self.subTest(message=message):
                with self.assertRaisesRegex(error, message):
                    attempt()

    def test_ordering_against_a_non_number_is_a_type_error(self):
        with self.assertRaises(TypeError):
            Variable(1.0) < 'a'


def load_tests(loader, tests, pattern):
    """The examples in autograd.py's docstrings are tests too."""
    import doctest
    tests.addTests(doctest.DocTestSuite(autograd))
    return tests


if __name__ == '__main__':
    unittest.main()


class TheLastCorners(unittest.TestCase):
    """Each a promise some input broke once: numbers in give floats out argument by argument,
    exact ints of any size, and a clean message where Python's own limits would raise."""

    def test_a_number_argument_beside_a_variable_gets_a_float(self):
        da, db = autograd.grad(lambda a, b: a * b)(2.0, Variable(3.0))
        self.assertEqual((type(da), da), (float, 3.0))
        self.assertIsInstance(db, Variable)
        self.assertEqual(db.value, 2.0)
        nested = autograd.grad(lambda v: autograd.grad(lambda a, b: a * b * v)(2.0, Variable(3.0))[0])
        self.assertEqual(nested(5.0), 3.0)             # still differentiable where a transform needs it

    def test_the_hessian_of_a_power_is_symmetric_where_the_power_underflows(self):
        # d2(a ** b)/da db = a^(b-1) (1 + b ln a), in both orders, where a ** b itself is
        # below the floats: the exponent slope a ** b ln a is a row of its own, whose slope in
        # a is that formula, not the product rule through the halves of an underflowing power
        for a, b in ((1e-200, 2.0), (1e-120, 3.0), (3e-170, 2.5), (1e-300, 1.25), (2.0, 0.0)):
            with self.subTest(a=a, b=b):
                h = autograd.hessian(lambda a, b: a ** b)(a, b)
                with decimal.localcontext() as context:
                    context.prec = 40
                    exact = float(Decimal(a) ** (Decimal(b) - 1) * (1 + Decimal(b) * Decimal(a).ln()))
                self.assertAlmostEqual(h[0][1] / exact, 1.0, places=13)
                self.assertAlmostEqual(h[1][0] / exact, 1.0, places=13)

    def test_the_mixed_partial_at_exponent_zero_is_one_over_the_base(self):
        # x ** 0 is flat in x, but its slope b x^(b-1) still moves with b: d/db at b = 0 is 1 / x
        self.assertEqual(autograd.hessian(lambda a, b: a ** b)(4.0, 0.0), ((0.0, 0.25), (0.25, math.log(4.0) ** 2)))
        self.assertTrue(math.isnan(autograd.hessian(lambda a, b: a ** b)(-2.0, 0.0)[0][1]))
        self.assertEqual(autograd.hessian(lambda a, b: a ** b)(0.0, 0.0)[0], (0.0, 0.0))

    def test_an_exact_slope_below_the_floats_stays_exact_until_it_is_back_in_them(self):
        # 1 / 10 ** 450 is 0.0 as a float; times the exact 3 * 10 ** 300 it is 3e-150
        for x, power, exact in ((10 ** 150, 3, Fraction(3, 10 ** 150)), (10 ** 200, 2, Fraction(2, 10 ** 200)),
                                (7 * 10 ** 120, 4, Fraction(4, 7 * 10 ** 120))):
            with self.subTest(x=x, power=power):
                f = lambda v: (v ** power).log()
                self.assertEqual(autograd.grad(f)(x), float(exact))
                self.assertEqual(autograd.jit(autograd.grad(f))(x), float(exact))
                v = Variable(x)
                f(v).backward()
                self.assertEqual(v.grad, float(exact))
        self.assertEqual(autograd.grad(lambda v: v.log())(10 ** 400), 0.0)   # 1e-400 is below them

    def test_second_derivatives_of_a_quotient_by_an_int_past_the_floats(self):
        # the rule d(a / b)/db = -out / b divides a float by the int, which Python refuses
        for a0, b0 in ((0, 10 ** 400), (1, 10 ** 400), (10 ** 400, 10 ** 400), (3, -(10 ** 400)),
                       (10 ** 700, 10 ** 400)):
            with self.subTest(a=a0, b=b0):
                a, b = Variable(a0), Variable(b0)
                (a / b).backward(create_graph=True)
                da, db = a.d, b.d
                self.assertEqual(float(da.value), float(Fraction(1, b0)))
                self.assertEqual(float(db.value), float(-Fraction(a0, b0 * b0)))
                db.backward()
                self.assertEqual(a.grad, float(-Fraction(1, b0 * b0)))          # d2/da db
                self.assertEqual(b.grad, float(2 * Fraction(a0, b0 ** 3)))      # d2/db2

    def test_a_power_of_a_base_past_the_floats_to_a_varying_int_exponent(self):
        # the exponent slope: nan for a negative base of any size, a^b ln a for a Fraction
        # below the floats (whose log math refuses)
        for base in (-(10 ** 400), Fraction(1, 10 ** 400), 10 ** 400, Fraction(-1, 10 ** 400)):
            with self.subTest(base=base):
                a, b = Variable(base), Variable(3)
                y = a ** b
                self.assertEqual(y.value, base ** 3)
                y.backward()
                self.assertEqual(a.grad, float(3 * Fraction(base) ** 2) if abs(base) < 1 else math.inf)
                if base < 0:
                    self.assertTrue(math.isnan(b.grad))
                else:
                    self.assertEqual(b.grad, 0.0 if abs(base) < 1 else math.inf)   # a^3 ln a
        self.assertAlmostEqual(autograd.log(Fraction(1, 10 ** 400)), -400 * math.log(10), places=10)

    def test_ints_too_large_for_a_float_divide_as_python_does(self):
        for a, b, quotient in ((10 ** 400, 10 ** 400, 1.0), (1, 10 ** 400, 0.0),
                               (-(10 ** 400), 3 * 10 ** 400, -1 / 3)):
            with self.subTest(a=a, b=b):
                y = Variable(a) / Variable(b)
                y.backward()
                self.assertEqual(y.value, a / b)
                self.assertEqual(y.value, quotient)
                self.assertEqual(y._b.grad, float(-Fraction(a, b) / b))

    def test_a_tower_of_powers_is_refused_by_its_size(self):
        with self.assertRaisesRegex(OverflowError, "too many digits to count, more than the 20,000"):
            autograd.gradients("x**x**x**x**x**x", {'x': 2})

    def test_the_command_line_prints_any_int_in_json(self):
        run = subprocess.run([sys.executable, autograd.__file__, '--json', '--hessian', 'x**1000',
                              'x=1000000'], capture_output=True, text=True, timeout=60)
        self.assertEqual(run.returncode, 0, run.stderr)
        printed = json.loads(run.stdout)
        self.assertEqual(printed['value'], '1' + '0' * 6000)      # the digits, as a string
        self.assertEqual(printed['gradient']['x'], 'inf')      # .grad: a float, too large
        self.assertEqual(printed['hessian']['x']['x'], 'inf')

    def test_a_formula_that_starts_with_two_minus_signs_is_a_formula(self):
        run = subprocess.run([sys.executable, autograd.__file__, '--x', 'x=1'],
                             capture_output=True, text=True, timeout=60)
        self.assertEqual((run.returncode, run.stdout), (0, "value = 1\nd/dx = 1.0\n"))
        run = subprocess.run([sys.executable, autograd.__file__, '--jsn', 'x', 'x=1'],
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(run.returncode, 2)
        self.assertIn("unknown option --jsn", run.stderr)

    def test_a_fractional_power_far_out_keeps_every_digit(self):
        from decimal import Decimal, localcontext
        with localcontext() as context:
            context.prec = 50
            exact = Decimal('0.1000000000000000055511151231257827021181583404541015625') * (
                Decimal(1e300) ** (Decimal('0.1000000000000000055511151231257827021181583404541015625') - 1))
        got = grad(lambda x: x ** 0.1)(1e300)
        self.assertLessEqual(abs(got - float(exact)), math.ulp(float(exact)))

    def test_the_exponent_slope_of_a_negative_base_is_nan_where_the_power_underflows(self):
        for base in (-6.48e-244, -1e-200, -3e100):
            with self.subTest(base=base):
                h = hessian(lambda a, b: a ** b)(base, 3.0)
                self.assertTrue(math.isnan(h[0][1]) and math.isnan(h[1][0]) and math.isnan(h[1][1]))
                self.assertFalse(math.isnan(h[0][0]))

    def test_fractions_with_parts_past_4300_digits_are_shown_by_size(self):
        v = Variable(Fraction(1, 10 ** 5000))
        with self.assertRaisesRegex(ZeroDivisionError, "<a Fraction of 1 / 5,001 digits> / 0"):
            v / 0
        self.assertTrue(repr(v).startswith("Variable(Fraction(1, 1000"))
        self.assertGreater(len(v.expression()), 5000)
        self.assertIn("Fraction of 1 / 5,001 digits", v.to_dot())

    def test_a_slope_that_would_be_subnormal_divides_instead(self):
        self.assertEqual(grad(lambda x: autograd.log(x) * 1e300)(1e308), 1e300 / 1e308)

    def test_the_slope_of_a_quotient_in_its_divisor_keeps_a_subnormal_numerators_digits(self):
        from decimal import Decimal, localcontext
        a, b = 5e-324, 3e-10
        with localcontext() as context:
            context.prec = 40
            exact = float(-Decimal(a) / (Decimal(b) * Decimal(b)))
        self.assertLessEqual(abs(grad(lambda x, y: x / y)(a, b)[1] - exact), math.ulp(exact))

    def test_second_derivatives_of_exact_powers_past_the_floats_are_inf(self):
        self.assertEqual(grad(grad(lambda x: 2 ** x))(1100), math.inf)
        self.assertEqual(hessian(lambda x, y: x ** y)(10, 400), ((math.inf,) * 2,) * 2)
        x = Variable(10)
        (x ** 400).backward(create_graph=True)
        x.d.backward()
        self.assertEqual(x.grad, math.inf)
