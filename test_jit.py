"""jit(f): f traced once, then run as straight-line code generated from its graph.

What it computes is bitwise what f computes; decisions f takes on values are guards, checked
on every call; errors are f's own; Variables in run f as written; any size compiles.
"""

import gc
import math
import os
import random
import struct
import subprocess
import sys
import textwrap
import unittest
import unittest.mock
import warnings
import weakref

import autograd
from fractions import Fraction

from autograd import Variable, grad, hessian, jacobian, jit, log, no_grad, sqrt, value_and_grad
import test_advanced  # noqa: E402  (its RandomGraphs, not imported by name: it would run twice)

HERE = os.path.dirname(os.path.abspath(__file__))


def bits(result):
    """result with every float as its 8 bytes, so that == means bitwise equal (-0.0 included)
    and ints stay ints. Every nan is one: the sign of a nan is the one bit IEEE leaves to the
    hardware (which of two nans a * b returns), and the promise does not cover it."""
    if isinstance(result, (list, tuple)):
        return type(result)(bits(part) for part in result)
    if isinstance(result, Variable):
        result = result.value
    if isinstance(result, float) and math.isnan(result):
        return 'nan'
    return ('float', struct.pack('<d', result)) if isinstance(result, float) else result


def on_variables(f):
    """What jit(f) computes, uncompiled: f on Variables, its results' values (f on floats is
    Python's arithmetic, whose domain errors and messages are not the engine's)."""
    return lambda *xs: bits(f(*[Variable(x) for x in xs]))


class BitwiseTheSameAsF(unittest.TestCase):

    def test_random_functions_and_their_transforms_at_ordinary_and_awkward_points(self):
        graphs = test_advanced.RandomGraphs()
        rng = random.Random(4242)
        checked = 0
        for graph in range(150):
            point = [round(rng.uniform(-1.5, 1.5), 3) for _ in range(test_advanced.RandomGraphs.INPUTS)]
            steps = graphs.random_recipe(rng, point)
            f = lambda *xs: graphs.evaluate(steps, xs)
            for transform in (lambda g: g, grad, value_and_grad, hessian):
                compiled, plain = jit(transform(f)), transform(f)
                with warnings.catch_warnings():
                    warnings.simplefilter('error')     # no fallback to uncompiled here
                    for trial in range(3):
                        at = [p + rng.choice([0.0, 1e-3, -2e-3]) * trial for p in point]
                        try:
                            expected = plain(*at)
                        except (ValueError, ZeroDivisionError, OverflowError):
                            continue
                        with self.subTest(graph=graph, steps=steps, at=at, transform=transform):
                            self.assertEqual(bits(compiled(*at)), bits(expected))
                            checked += 1
        self.assertGreater(checked, 1000)

    def test_random_functions_give_the_same_bits_however_their_code_is_split_and_nested(self):
        # the code reuses a local name once its value is dead, writes a value read once into
        # the line that reads it, and passes values between chunks: every split must agree
        graphs = test_advanced.RandomGraphs()
        rng = random.Random(9090)
        checked = 0
        for lines_per_chunk, most_nested in ((1, 6), (2, 1), (3, 2), (7, 6), (20_000, 3)):
            with unittest.mock.patch.multiple(autograd, _LINES_PER_CHUNK=lines_per_chunk,
                                              _MOST_NESTED=most_nested):
                for graph in range(25):
                    point = [round(rng.uniform(-1.5, 1.5), 3)
                             for _ in range(test_advanced.RandomGraphs.INPUTS)]
                    steps = graphs.random_recipe(rng, point)
                    f = lambda *xs: graphs.evaluate(steps, xs)
                    for transform in (lambda g: g, value_and_grad, hessian):
                        compiled, plain = jit(transform(f)), transform(f)
                        for at in (point, [p * 0.75 for p in point]):
                            try:
                                expected = plain(*at)
                            except (ValueError, ZeroDivisionError, OverflowError):
                                continue
                            with self.subTest(split=lines_per_chunk, steps=steps, at=at):
                                self.assertEqual(bits(compiled(*at)), bits(expected))
                                checked += 1
        self.assertGreater(checked, 500)

    def test_long_random_programs_that_read_values_far_apart(self):
        # values read once and nested, others read many times and far apart: a name given
        # again too early would hand a line another value
        rng = random.Random(5150)
        unary = (autograd.sin, autograd.tanh, autograd.relu, lambda v: v * v, lambda v: -v)
        for program in range(40):
            recipe = []
            for step in range(rng.randint(20, 120)):
                count = 3 + len(recipe)
                pick = lambda: rng.choice([rng.randrange(count), count - 1, rng.randrange(3)])
                recipe.append((rng.randrange(5), pick(), pick(), rng.uniform(-1.5, 1.5)))
            outputs = rng.sample(range(3 + len(recipe)), 3)

            def f(*xs, recipe=recipe, outputs=outputs):
                values = list(xs)
                for kind, i, j, c in recipe:
                    a, b = values[i], values[j]
                    values.append([a + b, a - b * c, a * b, unary[j % 5](a), (a + c) * (b - c)][kind])
                return [values[k] for k in outputs]

            for split in (2, 20_000):
                with unittest.mock.patch.object(autograd, '_LINES_PER_CHUNK', split):
                    at = [rng.uniform(-1, 1) for _ in range(3)]
                    for compiled, expected in ((jit(f), on_variables(f)), (jit(jacobian(f)), jacobian(f))):
                        with self.subTest(program=program, split=split):
                            self.assertEqual(bits(compiled(*at)), bits(expected(*at)))

    def test_random_functions_at_every_kind_of_number_and_catching_their_errors(self):
        graphs = test_advanced.RandomGraphs()
        rng = random.Random(777)
        kinds = [lambda r: r.randint(-3, 3), lambda r: r.choice([2 ** 53 + 1, -(2 ** 54)]),
                 lambda r: Fraction(r.randint(-5, 5), r.randint(1, 4)),
                 lambda r: r.choice([-0.0, 0.0, math.inf, -math.inf, math.nan]),
                 lambda r: round(r.uniform(-2, 2), 2)]
        checked = 0
        for graph in range(60):
            point = [round(rng.uniform(-1.5, 1.5), 3) for _ in range(test_advanced.RandomGraphs.INPUTS)]
            steps = graphs.random_recipe(rng, point)
            f = lambda *xs: graphs.evaluate(steps, xs)
            # powers of exact numbers grow without bound: ints and Fractions where there are none
            usable = kinds if all(step[1] != 'pow' for step in steps) else kinds[3:]

            def catching(*xs, f=f):
                try:
                    return f(*xs) * (2 if float(xs[0]) > 0 else 3)
                except (ValueError, ZeroDivisionError, OverflowError):
                    return xs[0] * 0

            for transform in (on_variables, grad, value_and_grad):
                for function in (f, catching):
                    compiled = jit(function if transform is on_variables else transform(function))
                    plain = transform(function)
                    with warnings.catch_warnings():
                        warnings.simplefilter('ignore')    # catching may run as written
                        for trial in range(4):
                            at = [rng.choice(usable)(rng) for _ in point]
                            try:
                                expected = bits(plain(*at))
                            except (ValueError, ZeroDivisionError, OverflowError, TypeError) as e:
                                expected = type(e)
                            try:
                                got = bits(compiled(*at))
                            except (ValueError, ZeroDivisionError, OverflowError, TypeError) as e:
                                got = type(e)
                            with self.subTest(graph=graph, steps=steps, at=at):
                                self.assertEqual(got, expected)
                                checked += 1
        self.assertGreater(checked, 1000)

    def test_relu_and_abs_at_and_around_zero_need_no_guard(self):
        f = lambda x, y: (x.relu() * y + abs(y - x)) ** 2
        compiled = jit(value_and_grad(f))
        for at in [(0.0, 0.0), (0.5, 0.5), (-0.5, 2.0), (1e-300, -1e-300), (-0.0, 0.0), (2.0, -3.0)]:
            with self.subTest(at=at):
                self.assertEqual(bits(compiled(*at)), bits(value_and_grad(f)(*at)))
        self.assertIsNone(autograd._tracing.trace)               # nothing left tracing

    def test_lists_and_tuples_in_and_out(self):
        f = lambda w, b: [w[0] * w[1] + b, (w[1].exp(), b * b)]
        compiled = jit(f)
        for w, b in (([1.0, 2.0], 3.0), ([0.5, -1.0], 0.25)):
            self.assertEqual(bits(compiled(w, b)), bits([x.value if isinstance(x, Variable) else
                                                         x for x in [f([Variable(v) for v in w],
                                                                       Variable(b))[0]]]
                                                        + [tuple(v.value for v in f(
                                                            [Variable(v) for v in w],
                                                            Variable(b))[1])]))
        self.assertEqual(jit(grad(lambda p: p[0] * p[1]))([3.0, 4.0]), [4.0, 3.0])

    def test_integers_and_exact_results_stay_exact(self):
        compiled = jit(grad(lambda x: x ** 3 + 2 * x))
        self.assertEqual((compiled(3), type(compiled(3))), (29.0, float))   # as grad gives it
        cube = jit(lambda x: x ** 3)
        self.assertEqual((cube(10 ** 20), type(cube(10 ** 20))), (10 ** 60, int))


class Guards(unittest.TestCase):

    def test_a_branch_taken_the_other_way_is_traced_again(self):
        calls = []

        def f(x):
            calls.append(x)                              # a side effect: at tracing only
            return x * 2 if x > 0 else -x * x

        compiled = jit(f)
        self.assertEqual([compiled(3.0), compiled(5.0), compiled(-2.0), compiled(-3.0)],
                         [6.0, 10.0, -4.0, -9.0])
        self.assertEqual(len(calls), 2)                  # one trace per branch
        self.assertEqual(compiled(7.0), 14.0)
        self.assertEqual(len(calls), 2)

    def test_max_of_variables_is_a_guard(self):
        compiled = jit(grad(lambda x, y: max(x, y) * 3))
        self.assertEqual(compiled(1.0, 2.0), (0.0, 3.0))
        self.assertEqual(compiled(5.0, 2.0), (3.0, 0.0))
        self.assertEqual(compiled(0.0, 9.0), (0.0, 3.0))

    def test_float_int_round_and_bool_are_guards(self):
        compiled = jit(lambda x: x * round(x) + int(x) + (1.0 if x else 2.0) + float(x))
        for at in (2.2, 2.4, 3.7, 0.0):
            self.assertEqual(compiled(at), at * round(at) + int(at) + (1.0 if at else 2.0) + at)

    def test_more_than_eight_traces_run_uncompiled_with_one_warning(self):
        compiled = jit(lambda x: x * float(x))           # every new value is a new path
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            results = [compiled(float(i)) for i in range(12)]
        self.assertEqual(results, [float(i) * i for i in range(12)])
        messages = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
        self.assertEqual(len(messages), 1, messages)
        self.assertIn("runs uncompiled from now on: its decisions on values took more than 8 "
                      "paths", messages[0])


class FoundByAnAdversarialPass(unittest.TestCase):
    """Each case once gave a wrong answer or an error that f does not give."""

    def test_a_guard_tells_minus_zero_from_zero_and_nan_from_nan(self):
        compiled = jit(lambda x: math.copysign(1.0, x) * x)       # copysign calls float(x)
        self.assertEqual(bits([compiled(0.0), compiled(-0.0)]), bits([0.0, 0.0]))
        f = lambda x: x * round(x, 1)
        compiled = jit(f)
        self.assertEqual(bits([compiled(-0.04), compiled(0.04)]),
                         bits([f(Variable(-0.04)), f(Variable(0.04))]))
        with warnings.catch_warnings():
            warnings.simplefilter('error')                       # one path: no retracing
            compiled = jit(lambda x: x * 2 if float(x) == float(x) else x)
            self.assertTrue(all(math.isnan(compiled(math.nan)) for _ in range(10)))

    def test_a_path_whose_code_would_raise_is_traced_anew(self):
        slope = grad(lambda x: sqrt(x) if x > 0 else x * x)
        compiled = jit(slope)
        self.assertEqual(compiled(1.0), 0.5)
        self.assertEqual(bits(compiled(-1)), bits(slope(-1)))    # -2.0, a float, as grad gives

    def test_a_power_that_overflowed_when_traced_is_a_guard(self):
        slope = grad(lambda x: x ** -0.5)
        compiled = jit(slope)
        for x in (1e-310, 1.4302060167127721, 2.5, 1e-310):
            self.assertEqual(bits(compiled(x)), bits(slope(x)))

    def test_a_slope_too_large_for_a_float_divides_in_the_compiled_code_too(self):
        slope = grad(lambda x: x.log() * 1e-300)
        self.assertEqual(bits(jit(slope)(1e-310)), bits(slope(1e-310)))     # 1e10, not inf

    def test_empty_results(self):
        self.assertEqual((jit(lambda x: [])(1.0), jit(lambda: ())(), jit(lambda x: [[], ()])(1.0)),
                         ([], (), [[], ()]))

    def test_a_transforms_value_is_computed_so_its_domain_error_is_raised(self):
        compiled = jit(grad(lambda x: x * x + 0 * x.log()))
        self.assertEqual(compiled(2.0), 4.0)
        with self.assertRaisesRegex(ValueError, r"^log\(-1\.0\): math domain error$"):
            compiled(-1.0)


class WhatJitDoesNotCompile(unittest.TestCase):

    def test_variables_in_run_f_as_written_and_stay_differentiable(self):
        compiled = jit(lambda x: x * x * x)
        x = Variable(2.0)
        y = compiled(x)
        self.assertIsInstance(y, Variable)
        y.backward()
        self.assertEqual(x.grad, 12.0)

    def test_a_domain_error_on_new_inputs_is_fs_own(self):
        compiled = jit(lambda x, y: (x - y).log() + x / y)
        self.assertEqual(compiled(3.0, 1.0), math.log(2.0) + 3.0)
        for at, error, message in (((1.0, 3.0), ValueError, "log(-2.0): math domain error"),
                                   ((1.0, 0.0), ZeroDivisionError, None)):
            with self.subTest(at=at):
                with self.assertRaises(error) as compiled_error:
                    compiled(*at)
                with self.assertRaises(error) as plain_error:
                    (Variable(at[0]) - Variable(at[1])).log() + Variable(at[0]) / Variable(at[1])
                self.assertEqual(str(compiled_error.exception), str(plain_error.exception))
                if message:
                    self.assertEqual(str(compiled_error.exception), message)

    def test_values_taken_out_of_the_graph_run_uncompiled_with_a_warning(self):
        def with_detach(x):
            return x * x.detach()

        def with_no_grad(x):
            with no_grad():
                scale = x * 2
            return x * scale

        for f in (with_detach, with_no_grad):
            compiled = jit(f)
            with self.subTest(f=f.__name__):
                with self.assertWarnsRegex(RuntimeWarning, "takes a value out of the graph"):
                    self.assertEqual(compiled(3.0), f(Variable(3.0)).value)
                self.assertEqual(compiled(4.0), f(Variable(4.0)).value)   # right, uncompiled

    def test_variables_f_makes_itself_compile(self):
        data = [(1.0, 2.0), (2.0, 3.0)]
        loss = lambda p: sum(((p[0] * x + p[1] - y) ** 2 for x, y in data), Variable(0.0))
        with warnings.catch_warnings():
            warnings.simplefilter('error')
            compiled = jit(value_and_grad(loss))
            for params in ([0.5, 0.1], [0.6, 0.0]):
                self.assertEqual(bits(compiled(params)), bits(value_and_grad(loss)(params)))

    def test_variables_that_are_not_arguments_run_uncompiled_with_a_warning(self):
        w = Variable(2.0)
        compiled = jit(lambda x: x * w)
        with self.assertWarnsRegex(RuntimeWarning, "uses Variables that are not its arguments"):
            self.assertEqual(compiled(3.0), 6.0)
        w.value = 5.0
        self.assertEqual(compiled(3.0), 15.0)


class TheContract(unittest.TestCase):
    """A jitted call gives bitwise what f gives, or f runs as written with one RuntimeWarning
    naming why: everything a trace depends on is an input, a constant that cannot change, or a
    guard."""

    def calls(self, f, *points, warns=None, expected=None):
        """jit(f) at each point against f itself (or expected, for an f that needs Variables),
        bitwise; warns: a regex the warning matches (and then exactly one RuntimeWarning), or
        None for none."""
        compiled = jit(f)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            for point in points:
                with self.subTest(point=point):
                    self.assertEqual(bits(compiled(*point)), bits((expected or f)(*point)))
        runtime = [w for w in caught if issubclass(w.category, RuntimeWarning)]
        if warns is None:
            self.assertEqual(runtime, [])
        else:
            self.assertEqual(len(runtime), 1, [str(w.message) for w in runtime])
            self.assertRegex(str(runtime[0].message), warns)
        return compiled

    def test_a_transform_of_numbers_inside_f_follows_jits_own_values(self):
        self.calls(lambda x: grad(lambda y: x * y * y)(1.0), (4.0,), (5.0,), (-0.5,))
        self.calls(lambda x: value_and_grad(lambda y: x * y * y.sin())(1.5), (4.0,), (5.0,))
        self.calls(lambda x: hessian(lambda y, z: x * y * z * z)(1.0, 2.0), (3.0,), (-2.0,))
        self.calls(lambda x, w: grad(lambda y: (w * y).tanh() + x)(x), (0.5, 2.0), (1.5, -1.0))

    def test_derivatives_read_inside_f_run_it_as_written(self):
        def read_grad(x):
            (x * x).backward()
            return x.grad + x

        def read_d(x):
            (x * x * x).backward()
            return x.d * 2

        self.calls(read_grad, (3.0,), (4.0,), warns=r"\.grad", expected=lambda x: 2 * x + x)
        self.calls(read_d, (3.0,), (4.0,), warns=r"\.d\b", expected=lambda x: 3 * x * x * 2)

    def test_switching_requires_grad_inside_f_runs_it_as_written(self):
        def constant_copy(x):
            x.requires_grad = False
            return x * 2 + 1

        self.calls(constant_copy, (3.0,), (4.0,), warns="requires_grad",
                   expected=lambda x: x * 2 + 1)

    def test_a_closed_over_constant_is_not_baked_in(self):
        scale = Variable(2.0, requires_grad=False)
        compiled = jit(lambda x: x * scale)
        with warnings.catch_warnings(record=True):
            warnings.simplefilter('always')
            compiled(1.0)
            scale.value = 5.0
            self.assertEqual(compiled(1.0), 5.0)

    def test_constants_f_makes_itself_still_compile(self):
        def f(x):
            c = Variable(3.0, requires_grad=False) * 2     # a constant made from constants
            return x * c
        compiled = self.calls(f, (1.0,), (2.5,))
        self.assertEqual(len(compiled.programs), 1)

    def test_a_nested_jit_over_the_outer_value_follows_it(self):
        self.calls(lambda x: jit(lambda y: x * y)(2.0), (3.0,), (4.0,), (-1.5,))

    def test_an_error_f_catches_runs_it_as_written(self):
        def guarded_log(x):
            try:
                return log(x)
            except ValueError:
                return x * 0

        self.calls(guarded_log, (2.0,), (-1.0,), (2.0,), (3.0,), warns="log\\(-1.0\\)")

        def guarded_division(x, y):
            try:
                return x / y
            except ZeroDivisionError:
                return x
        self.calls(guarded_division, (1.0, 0.0), (1.0, 2.0), warns="division|/")

    def test_the_outputs_of_a_transform_inside_f_are_computed_and_raise_their_errors(self):
        outputs = lambda x: [log(x) * 0 + x, x]
        compiled = jit(jacobian(outputs))
        self.assertEqual(compiled(1.0), jacobian(outputs)(1.0))
        with self.assertRaisesRegex(ValueError, "log"):
            jacobian(outputs)(-1.0)
        with self.assertRaisesRegex(ValueError, "log"):
            compiled(-1.0)

    def test_each_kind_of_number_gets_its_own_program(self):
        f = grad(lambda x, y: x * y - y)
        self.calls(f, (2.5, 1.5), (2 ** 53 + 1, 0), (3, 4), (Fraction(1, 3), Fraction(2)),
                   (2.5, 1.5))
        self.calls(lambda x: grad(lambda y: y * 3)(x * 2), (3,), (2.5,), (Fraction(1, 2),))
        self.calls(lambda x: x * x + 1, (2 ** 60,), (2.0 ** 60,), (3,), (True,))

    def test_a_masked_slope_gives_the_same_zero_compiled_and_not(self):
        for f in (hessian(lambda x, z: x.relu() / z), hessian(lambda x, z: abs(x) * z * z),
                  hessian(lambda x, z: (x ** 0) * z * x)):
            self.calls(f, (-1.0, 2.0), (0.0, -3.0), (-0.0, 2.0), (2.0, -2.0))

    def test_paths_that_raise_on_each_others_inputs_need_one_program_each(self):
        f = lambda x: log(x) if x > 0 else sqrt(-x)
        compiled = self.calls(f, *[(1.0 + i,) if i % 2 else (-1.0 - i,) for i in range(12)])
        self.assertEqual(len(compiled.programs), 2)

    def test_lists_of_many_lengths_are_told_apart_from_many_paths(self):
        compiled = jit(lambda xs: sum(xs, Variable(0.0)))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            for n in range(1, 40):
                self.assertEqual(compiled([1.5] * n), 1.5 * n)
        self.assertEqual(len(caught), 1)
        self.assertIn("kinds of arguments", str(caught[0].message))
        self.assertNotIn("paths", str(caught[0].message))


class AnySize(unittest.TestCase):

    def test_a_compiled_function_does_not_keep_its_trace_alive(self):
        made = []

        def f(x):
            y = x * 2 + 1
            made.append(weakref.ref(y))
            return y
        compiled = jit(f)
        self.assertEqual((compiled(1.0), compiled(2.0)), (3.0, 5.0))
        gc.collect()
        self.assertIsNone(made[0]())

    def test_a_100_thousand_node_graph_compiles_and_runs_in_chunks(self):
        script = textwrap.dedent('''
            import sys; sys.path.insert(0, sys.argv[1])
            from autograd import jit, Variable
            def chain(x):
                y = x
                for i in range(100_000):      # five chunks of code
                    y = y * 1.000001 if i % 2 else y + x
                return y
            compiled = jit(chain)
            first, second = compiled(0.5), compiled(0.25)
            print(first == chain(Variable(0.5)).value, second == chain(Variable(0.25)).value)
        ''')
        run = subprocess.run([sys.executable, '-c', script, HERE], capture_output=True, text=True,
                             timeout=120)
        self.assertEqual((run.returncode, run.stdout), (0, "True True\n"), run.stderr)


if __name__ == '__main__':
    unittest.main()
