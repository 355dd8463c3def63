"""Code ported from PyTorch, JAX and micrograd runs as written there.

PyTorch's backward(inputs=, retain_graph=), retain_grad() and manual step p -= lr * p.grad
(in place inside no_grad()); micrograd's label; JAX's argnums and has_aux on every transform,
forward mode (jvp, jacfwd), vjp and jacrev; transforms that pickle when f does. Expected
numbers are derived by hand, by central differences, or by torch where it is installed.
"""

import math
import os
import pickle
import sys
import unittest
import warnings
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

try:
    import torch
    import torch.func
except ImportError:       # the comparisons with torch.func skip
    torch = None

import autograd  # noqa: E402
from autograd import (Variable, no_grad, grad, value_and_grad, jacobian, hessian,  # noqa: E402
                      jacfwd, jvp, vjp, jit, sin, cos, exp)


def central_difference(f, x, h=1e-6):
    """(f(x + h) - f(x - h)) / 2h for a plain-float function f."""
    return (f(x + h) - f(x - h)) / (2 * h)


def leaves(structure):
    """The numbers of a nested list or tuple, in order."""
    if isinstance(structure, (list, tuple)):
        return [leaf for part in structure for leaf in leaves(part)]
    return [structure]


def layout(structure):
    """The containers of a nested list or tuple, with None for each number."""
    if isinstance(structure, (list, tuple)):
        return type(structure), tuple(layout(part) for part in structure)
    return None


def backward_passes(compute):
    """(how many backward passes compute() takes, its result): _topological_order starts each."""
    with mock.patch.object(autograd, '_topological_order',
                           wraps=autograd._topological_order) as order:
        result = compute()
    return order.call_count, result


# Module-level, so that their transforms pickle.
def cube(x):
    return x ** 3


def xxy(x, y):
    return x * x * y


def pair(x, y):
    return [x * y, x + y]


def chain(*w):
    """sum w[i] * w[i+1] + sum w[i]**3: Hessian 6 w[i] on the diagonal, 1 beside it."""
    return sum(w[i] * w[i + 1] for i in range(len(w) - 1)) + sum(wi ** 3 for wi in w)


class BackwardTakesPyTorchKeywords(unittest.TestCase):

    def test_retain_graph_is_accepted_and_a_second_backward_gives_the_same_numbers(self):
        x, w = Variable(2.0), Variable(3.0)
        y = x * w
        out = y * y + x                     # d/dx = 2xw^2 + 1 = 37, d/dw = 2x^2w = 24, d/dy = 2y
        for _ in range(2):
            out.backward(retain_graph=True)
            self.assertEqual((x.grad, w.grad, y.grad), (37.0, 24.0, 12.0))

    def test_backward_inputs_sets_exactly_those_and_zero_where_unreached(self):
        x, w, unrelated = Variable(2.0), Variable(3.0), Variable(7.0)
        (x * w).backward()                  # w.grad = 2.0, from this earlier backward
        y = x * w
        y.grad = 5.0
        unrelated.grad = 9.0
        (y * y).backward(inputs=[x, unrelated])
        self.assertEqual(x.grad, 2 * 6.0 * 3.0)     # d(y^2)/dx = 2yw
        self.assertEqual(w.grad, 2.0)               # not in inputs: as it was
        self.assertEqual(y.grad, 5.0)
        self.assertEqual(unrelated.grad, 0.0)       # the output does not reach it

    def test_backward_inputs_takes_a_single_variable(self):
        x, w = Variable(2.0), Variable(3.0)
        (x ** 3 * w).backward(inputs=x)
        self.assertEqual((x.grad, w.grad), (3 * 4.0 * 3.0, 0.0))

    def test_backward_inputs_rejects_a_non_variable_and_a_constant(self):
        x = Variable(2.0)
        out = x * x
        with self.assertRaisesRegex(TypeError, r"backward\(inputs=\.\.\.\) takes Variables, not "
                                               r"float \(item 1\)"):
            out.backward(inputs=[x, 3.0])
        with self.assertRaisesRegex(RuntimeError, "item 0 does not require grad"):
            out.backward(inputs=[Variable(1.0, requires_grad=False)])

    def test_backward_inputs_with_create_graph_gives_a_differentiable_derivative(self):
        x = Variable(3.0)
        (x ** 3).backward(inputs=[x], create_graph=True)
        first = x.d                         # 3x^2
        self.assertEqual((first.value, first.requires_grad), (27.0, True))
        first.backward()
        self.assertEqual(x.grad, 18.0)      # 6x

    def test_retain_grad_returns_none_and_changes_nothing(self):
        x = Variable(3.0)
        y = x * x
        before = repr(y)
        self.assertIsNone(y.retain_grad())
        self.assertEqual(repr(y), before)
        (y * 5).backward()
        self.assertEqual((y.grad, x.grad), (5.0, 30.0))


class InPlaceOperatorsFollowPyTorch(unittest.TestCase):

    def test_manual_step_inside_no_grad_updates_each_leaf_in_place(self):
        p, q = Variable(1.0), Variable(2.0)
        params = [p, q]
        ((p * q) ** 2).backward()           # d/dp = 2pq^2 = 8, d/dq = 2p^2q = 4
        with no_grad():
            for param in params:
                param -= 0.25 * param.grad
        self.assertTrue(params[0] is p and params[1] is q)
        self.assertEqual((p.value, q.value), (1.0 - 2.0, 2.0 - 1.0))

    def test_add_multiply_and_divide_in_place_inside_no_grad(self):
        p = leaf = Variable(1.0)
        with no_grad():
            p += 2.0
            p *= 5.0
            p /= 4.0
        self.assertIs(p, leaf)
        self.assertEqual(leaf.value, (1.0 + 2.0) * 5.0 / 4.0)

    def test_step_outside_no_grad_on_a_reached_leaf_warns_and_makes_a_new_variable(self):
        p = Variable(1.0)
        (p * p).backward()                  # p.grad = 2.0
        step = p
        with self.assertWarnsRegex(UserWarning, "makes a new Variable") as caught:
            step -= 0.1 * step.grad
        self.assertEqual(os.path.basename(caught.filename), os.path.basename(__file__))
        self.assertIsNot(step, p)
        self.assertEqual((p.value, step.value), (1.0, 1.0 - 0.2))

    def test_an_accumulator_is_silent_and_differentiates(self):
        xs = [Variable(float(i)) for i in range(4)]
        with warnings.catch_warnings():
            warnings.simplefilter('error')
            total = Variable(0.0)
            for x in xs:
                total += x
        total.backward()
        self.assertEqual(total.value, 6.0)
        self.assertEqual([x.grad for x in xs], [1.0] * 4)

    def test_adding_a_string_in_place_is_pythons_type_error(self):
        x = Variable(1.0)
        with self.assertRaisesRegex(TypeError, r"unsupported operand type\(s\) for \+=: "
                                               r"'Variable' and 'str'"):
            x += 'a'

    def test_a_training_loop_with_the_manual_step_learns(self):
        w, params = Variable(0.0), []
        params.append(w)
        for step in range(8):
            loss = (w * 3 - 6) ** 2         # d/dw = 18(w - 2): a step of 0.05 cuts w - 2 by 10
            loss.backward()
            self.assertAlmostEqual(loss.value, 36.0 * 0.01 ** step, delta=1e-6 * 0.01 ** step)
            with no_grad():
                for p in params:
                    p -= 0.05 * p.grad
        self.assertAlmostEqual(w.value, 2.0 - 2e-8, delta=1e-15)   # 2 - 2 / 10^8


class MicrogradLabels(unittest.TestCase):

    def test_label_is_empty_where_name_is_none(self):
        x = Variable(1.0)
        self.assertEqual((x.label, x.name), ('', None))

    def test_label_and_name_are_the_same_given_either(self):
        self.assertEqual(Variable(1.0, name='a').label, 'a')
        self.assertEqual(Variable(1.0, label='b').name, 'b')


class ArgnumsPicksTheArguments(unittest.TestCase):
    f = staticmethod(lambda x, y, z: x * x * y + z * y)   # d: 2xy, x^2 + z, y

    def test_an_int_gives_one_derivative_and_a_tuple_a_tuple_in_its_order(self):
        at = (1.0, 2.0, 3.0)
        self.assertEqual(grad(self.f, argnums=1)(*at), 4.0)
        self.assertEqual(grad(self.f, argnums=(1,))(*at), (4.0,))
        self.assertEqual(grad(self.f, argnums=(2, 0))(*at), (2.0, 4.0))

    def test_negative_argnums_count_from_the_end(self):
        self.assertEqual(grad(self.f, argnums=-1)(1.0, 2.0, 3.0), 2.0)
        self.assertEqual(grad(self.f, argnums=(-3, -2))(1.0, 2.0, 3.0), (4.0, 4.0))

    def test_arguments_not_differentiated_are_passed_as_given(self):
        received = []

        def f(x, scale, options):
            received.extend([scale, options])
            return x * scale * len(options)
        options = {'a': 1, 'b': 2}
        self.assertEqual(grad(f, argnums=0)(3.0, 5.0, options), 10.0)
        self.assertIs(type(received[0]), float)
        self.assertIs(received[1], options)

    def test_argnums_out_of_range_or_not_ints_raise(self):
        for bad, named in ((3, 3), (-4, -4), ((0, 3), 3)):
            with self.assertRaisesRegex(ValueError, f"argnums {named} is out of range for 3 "
                                                    f"positional arguments"):
                grad(self.f, argnums=bad)(1.0, 2.0, 3.0)
        for bad in ('0', 1.0, True, (0, 'a')):
            with self.assertRaisesRegex(TypeError, "argnums must be an int or a tuple of ints"):
                grad(self.f, argnums=bad)(1.0, 2.0, 3.0)

    def test_every_transform_takes_argnums(self):
        self.assertEqual(value_and_grad(xxy, argnums=(1, 0))(3.0, 2.0), (18.0, (9.0, 12.0)))
        self.assertEqual(jacobian(pair, argnums=1)(3.0, 4.0), [3.0, 1.0])
        self.assertEqual(jacfwd(pair, argnums=(0,))(3.0, 4.0), [(4.0,), (1.0,)])
        self.assertEqual(hessian(xxy, argnums=0)(3.0, 2.0), 4.0)    # 2y
        self.assertEqual(hessian(xxy, argnums=(1, 0))(3.0, 2.0), ((0.0, 6.0), (6.0, 4.0)))
        with self.assertRaisesRegex(ValueError, r"jacfwd\(f\): argnums 2 is out of range"):
            jacfwd(pair, argnums=(0, 2))(3.0, 4.0)

    def test_without_argnums_every_positional_argument_is_differentiated(self):
        self.assertEqual(grad(self.f)(1.0, 2.0, 3.0), (4.0, 4.0, 2.0))
        self.assertEqual(value_and_grad(xxy)(3.0, 2.0), (18.0, (12.0, 9.0)))


class HasAuxReturnsTheAuxiliaryResult(unittest.TestCase):

    def test_grad_gives_the_derivative_and_aux(self):
        self.assertEqual(grad(lambda x: (x ** 3, 'note'), has_aux=True)(2.0), (12.0, 'note'))

    def test_value_and_grad_gives_value_and_aux_then_the_derivative(self):
        self.assertEqual(value_and_grad(lambda x: (x ** 3, 'note'), has_aux=True)(2.0),
                         ((8.0, 'note'), 12.0))

    def test_aux_variables_come_back_as_numbers_when_numbers_went_in(self):
        derivative, aux = grad(lambda x: (x ** 3, [x * 2, 'k']), has_aux=True)(2.0)
        self.assertEqual((derivative, aux), (12.0, [4.0, 'k']))
        self.assertIs(type(aux[0]), float)
        _, aux = grad(lambda x: (x ** 3, x * 2), has_aux=True)(Variable(2.0))
        self.assertEqual((type(aux), aux.value), (Variable, 4.0))

    def test_f_not_returning_a_pair_raises(self):
        with self.assertRaisesRegex(TypeError, r"grad\(f\) with has_aux=True needs f to return "
                                               r"a pair \(output, aux\), not Variable"):
            grad(lambda x: x ** 3, has_aux=True)(2.0)
        with self.assertRaisesRegex(TypeError, "has_aux=True needs f to return a pair"):
            value_and_grad(lambda x: (x, x, x), has_aux=True)(2.0)


class JvpIsTheDirectionalDerivative(unittest.TestCase):

    def test_value_and_tangent_match_the_closed_form(self):
        self.assertEqual(jvp(lambda x, y: x * y, (3.0, 4.0), (1.0, 0.5)), (12.0, 4.0 + 1.5))
        self.assertEqual(jvp(lambda x: x ** 3, (2.0,), (3.0,)), (8.0, 3 * 4.0 * 3.0))

    def test_list_outputs_give_list_tangents(self):
        value, tangent = jvp(lambda x, y: [x * y, x + y, x], (3.0, 4.0), (1.0, 0.5))
        self.assertEqual((value, tangent), ([12.0, 7.0, 3.0], [5.5, 1.5, 1.0]))

    def test_structured_primals_take_tangents_of_the_same_shape(self):
        def f(w, c):
            return w[0][0] * w[0][1] * c + w[1] * c
        value, tangent = jvp(f, ([[2.0, 5.0], 7.0], 3.0), ([[1.0, 0.0], 2.0], 0.5))
        # d/dw00 = w01 c = 15, d/dw1 = c = 3, d/dc = w00 w01 + w1 = 17
        self.assertEqual((value, tangent), (51.0, 15.0 * 1.0 + 3.0 * 2.0 + 17.0 * 0.5))

    def test_a_function_that_ignores_its_input_has_tangent_zero(self):
        self.assertEqual(jvp(lambda x: 4.0, (3.0,), (1.0,)), (4.0, 0.0))
        self.assertEqual(jvp(lambda x: [x * x, 1.0], (3.0,), (1.0,)), ([9.0, 1.0], [6.0, 0.0]))

    def test_mismatched_tangents_and_non_tuples_raise(self):
        square = lambda x: x * x    # noqa: E731
        with self.assertRaisesRegex(ValueError, "jvp: 1 primals but 2 tangents"):
            jvp(square, (3.0,), (1.0, 2.0))
        with self.assertRaisesRegex(ValueError, "the tangents hold 2 numbers, the primals 1"):
            jvp(square, (3.0,), ([1.0, 2.0],))
        with self.assertRaisesRegex(TypeError, r"jvp\(f, primals, tangents\) takes tuples of "
                                               r"arguments, not float and float"):
            jvp(square, 3.0, 1.0)

    def test_given_variables_the_results_are_differentiable(self):
        x = Variable(3.0)
        value, tangent = jvp(lambda x: x ** 3, (x,), (1.0,))
        self.assertIsInstance(value, Variable)
        self.assertEqual((value.value, tangent.value), (27.0, 27.0))    # x^3, 3x^2
        tangent.backward()
        self.assertEqual(x.grad, 18.0)                                  # 6x

    def test_tangents_match_central_differences(self):
        cases = [(lambda x, y: sin(x * y) + x ** 3 / y, (0.7, 1.9), (1.0, -0.5)),
                 (lambda x, y, z: exp(x - z) * cos(y) + x * y * z, (0.3, 1.1, -0.4),
                  (0.5, 2.0, 1.5))]
        for f, primals, tangents in cases:
            along = lambda h: f(*(p + h * t for p, t in zip(primals, tangents)))  # noqa: E731
            value, tangent = jvp(f, primals, tangents)
            self.assertEqual(value, f(*primals))
            self.assertAlmostEqual(tangent, central_difference(along, 0.0), delta=1e-7)


class JvpOfGradIsAHessianVectorProduct(unittest.TestCase):
    cases = [(lambda x, y: x * x * y + sin(y), (3.0, 2.0), (1.0, -2.0)),
             (lambda x, y, z: x * x * y + sin(y * z) + z ** 3, (1.0, 2.0, 0.5), (1.0, -1.0, 2.0)),
             (lambda x, y, z: exp(x * y) / z, (0.2, -0.7, 1.3), (0.5, 0.25, -1.0))]

    def test_it_equals_the_hessian_times_the_vector(self):
        for f, at, v in self.cases:
            gradient, product = jvp(grad(f), at, v)
            expected = [sum(h * vj for h, vj in zip(row, v)) for row in hessian(f)(*at)]
            self.assertEqual((gradient, len(product)), (grad(f)(*at), len(expected)))
            for got, want in zip(product, expected):
                self.assertAlmostEqual(got, want, delta=1e-12 * max(1.0, abs(want)))

    def test_it_takes_the_same_few_passes_for_2_or_20_inputs_where_hessian_takes_k_plus_1(self):
        passes = {}
        for k in (2, 20):
            w = tuple(float(i + 1) for i in range(k))
            v = tuple(float((-1) ** i) for i in range(k))
            passes[k], (_, product) = backward_passes(lambda: jvp(grad(chain), w, v))
            expected = tuple(6 * w[i] * v[i] + (v[i - 1] if i > 0 else 0.0)
                             + (v[i + 1] if i < k - 1 else 0.0) for i in range(k))
            self.assertEqual(product, expected)
            hessian_passes, _ = backward_passes(lambda: hessian(chain)(*w))
            self.assertEqual(hessian_passes, k + 1)
        self.assertEqual(passes[2], passes[20])
        self.assertLessEqual(passes[20], 4)


class JacfwdEqualsJacobian(unittest.TestCase):

    def test_jacfwd_equals_jacobian_to_one_ulp(self):
        cases = [(lambda x, y: [x * y, sin(x) * exp(y), x / y], (1.3, 0.7)),
                 (lambda x, y, z: (x ** 2 * z, autograd.tanh(y * z), x - y), (0.5, 1.5, -2.0)),
                 (lambda w, c: [w[0] * w[1] * c, w[0] + c], ([3.0, 4.0], 0.5)),
                 (pair, (3.0, 4.0))]
        for f, at in cases:
            forward, reverse = jacfwd(f)(*at), jacobian(f)(*at)
            self.assertEqual(layout(forward), layout(reverse))
            for a, b in zip(leaves(forward), leaves(reverse)):
                self.assertLessEqual(abs(a - b), math.ulp(max(abs(a), abs(b))))

    def test_jacrev_is_jacobian(self):
        self.assertIs(autograd.jacrev, autograd.jacobian)


class VjpWeightsTheJacobianRows(unittest.TestCase):

    def test_vjp_fn_gives_one_cotangent_weighted_derivative_per_primal(self):
        value, vjp_fn = vjp(lambda x, y: [x * y, x + y, sin(x)], 3.0, 4.0)
        self.assertEqual(value, [12.0, 7.0, math.sin(3.0)])
        dx, dy = vjp_fn([1.0, 2.0, 3.0])     # rows (y, x), (1, 1), (cos x, 0)
        self.assertAlmostEqual(dx, 4.0 + 2.0 + 3.0 * math.cos(3.0), delta=1e-15)
        self.assertEqual(dy, 3.0 + 2.0)

    def test_a_single_primal_gives_a_one_tuple(self):
        value, vjp_fn = vjp(lambda x: x ** 3, 2.0)
        self.assertEqual((value, vjp_fn(1.0), vjp_fn(2.0)), (8.0, (12.0,), (24.0,)))
        self.assertEqual(vjp(lambda w: w[0] * w[1], [3.0, 4.0])[1](2.0), ([8.0, 6.0],))

    def test_a_cotangent_of_the_wrong_size_raises(self):
        _, vjp_fn = vjp(lambda x: [x ** 3, x], 2.0)
        for wrong in ([1.0], [1.0, 2.0, 3.0], 1.0):
            with self.assertRaisesRegex(ValueError, f"the cotangent holds {len(leaves(wrong))} "
                                                    f"numbers, f's result 2"):
                vjp_fn(wrong)


@unittest.skipIf(torch is None, "torch is not installed")
class AgreesWithTorch(unittest.TestCase):
    # Written with methods, so that the same function runs on Variables and on tensors.
    cases = [(lambda x, y: (x * y).sin() + x.exp() * y, (0.7, -1.3), (1.0, 0.5)),
             (lambda x: x.tanh() * x.exp(), (0.4,), (2.0,)),
             (lambda x, y, z: [x * y * z, (x - z).tanh(), y.sin().exp()], (1.1, 0.6, -0.8),
              (0.3, -1.0, 2.0))]

    def assert_close(self, ours, theirs):
        theirs = [t.item() for t in leaves(theirs)]
        self.assertEqual(len(leaves(ours)), len(theirs))
        for a, b in zip(leaves(ours), theirs):
            self.assertTrue(math.isclose(a, b, rel_tol=1e-12), (a, b))

    @staticmethod
    def tensors(numbers, requires_grad=False):
        return [torch.tensor(n, dtype=torch.float64, requires_grad=requires_grad)
                for n in numbers]

    def test_jvp_matches_torch_func_jvp(self):
        for f, primals, tangents in self.cases:
            with warnings.catch_warnings():     # torch.func's first call: torch.jit's notice
                warnings.simplefilter('ignore', DeprecationWarning)
                theirs = torch.func.jvp(f, tuple(self.tensors(primals)),
                                        tuple(self.tensors(tangents)))
            self.assert_close(jvp(f, primals, tangents), theirs)

    def test_vjp_matches_torch_reverse_mode(self):
        # torch.autograd.grad with grad_outputs is torch.func.vjp's vjp_fn, without the
        # seconds torch.func.vjp takes to import torch._dynamo on its first call
        for f, primals, weights in self.cases:
            value, vjp_fn = vjp(f, *primals)
            inputs = self.tensors(primals, requires_grad=True)
            their_value = f(*inputs)
            self.assert_close(value, their_value)
            cotangent = list(weights) if isinstance(value, list) else weights[0]
            their_vjp = torch.autograd.grad(leaves(their_value), inputs,
                                            self.tensors(leaves(cotangent)))
            self.assert_close(vjp_fn(cotangent), their_vjp)


class TransformsPickle(unittest.TestCase):

    def test_transforms_of_module_level_functions_round_trip(self):
        cases = [(grad(cube), (2.0,), 12.0),
                 (value_and_grad(xxy, argnums=(1,)), (3.0, 2.0), (18.0, (9.0,))),
                 (value_and_grad(xxy, argnums=0), (3.0, 2.0), (18.0, 12.0)),
                 (jacobian(pair), (3.0, 4.0), [(4.0, 3.0), (1.0, 1.0)]),
                 (hessian(xxy), (3.0, 2.0), ((4.0, 6.0), (6.0, 0.0))),
                 (jacfwd(pair, argnums=0), (3.0, 4.0), [4.0, 1.0]),
                 (jit(xxy), (3.0, 2.0), 18.0),
                 (jit(grad(cube)), (2.0,), 12.0)]
        for transformed, args, expected in cases:
            restored = pickle.loads(pickle.dumps(transformed))
            self.assertIs(type(restored), type(transformed))
            self.assertEqual(restored(*args), expected)
            self.assertEqual(transformed(*args), expected)

    def test_a_lambdas_transform_fails_with_pickles_own_error(self):
        for transformed in (grad(lambda x: x), jit(lambda x: x * x)):
            with self.assertRaises((pickle.PicklingError, AttributeError)):
                pickle.dumps(transformed)


if __name__ == '__main__':
    unittest.main()
