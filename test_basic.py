"""Addition, subtraction and multiplication: forward values and first derivatives.

Every derivative here is checked against the formula derived by hand in the test.
"""

import unittest

from autograd import Variable


class ForwardValues(unittest.TestCase):

    def test_operators_combine_two_variables(self):
        x, y = Variable(3.0), Variable(-4.5)
        self.assertEqual((x + y).value, -1.5)
        self.assertEqual((x - y).value, 7.5)
        self.assertEqual((x * y).value, -13.5)

    def test_a_number_may_stand_on_either_side(self):
        x = Variable(3.0)
        self.assertEqual((x + 2).value, 5.0)
        self.assertEqual((2 + x).value, 5.0)
        self.assertEqual((x - 2).value, 1.0)
        self.assertEqual((2 - x).value, -1.0)
        self.assertEqual((x * 2).value, 6.0)
        self.assertEqual((2 * x).value, 6.0)

    def test_integers_stay_integers_as_in_python(self):
        x = Variable(2)
        self.assertEqual(x.value, 2)
        self.assertIs(type(x.value), int)
        self.assertIs(type((x * 3 + 1).value), int)
        self.assertEqual((x * 3 + 1).value, 7)

    def test_each_operation_returns_a_new_variable(self):
        x = Variable(1.0)
        for result in (x + 0, 0 + x, x - 0, 0 - x, x * 1, 1 * x, x + x):
            self.assertIsInstance(result, Variable)
            self.assertIsNot(result, x)


class FirstDerivatives(unittest.TestCase):

    def test_sum(self):
        x, y = Variable(3.0), Variable(-4.0)
        (x + y).backward()
        self.assertEqual((x.d.value, y.d.value), (1.0, 1.0))

    def test_difference(self):
        x, y = Variable(3.0), Variable(-4.0)
        (x - y).backward()
        self.assertEqual((x.d.value, y.d.value), (1.0, -1.0))

    def test_product_takes_the_other_factor(self):
        x, y = Variable(3.0), Variable(-4.0)
        (x * y).backward()
        self.assertEqual((x.d.value, y.d.value), (-4.0, 3.0))

    def test_numbers_on_the_left(self):
        x = Variable(5.0)
        (10 - x).backward()
        self.assertEqual(x.d.value, -1.0)
        (10 + x).backward()
        self.assertEqual(x.d.value, 1.0)
        (10 * x).backward()
        self.assertEqual(x.d.value, 10.0)

    def test_numbers_on_the_right(self):
        x = Variable(5.0)
        (x - 10).backward()
        self.assertEqual(x.d.value, 1.0)
        (x + 10).backward()
        self.assertEqual(x.d.value, 1.0)
        (x * 10).backward()
        self.assertEqual(x.d.value, 10.0)

    def test_the_output_derivative_is_one(self):
        x = Variable(2.0)
        out = x * x - 1
        out.backward()
        self.assertEqual(out.d.value, 1.0)

    def test_grad_is_the_same_derivative_as_a_float(self):
        x, y = Variable(3.0), Variable(4.0)
        (x * y).backward()
        self.assertIsInstance(x.grad, float)
        self.assertEqual(x.grad, x.d.value)
        self.assertEqual(y.grad, 3.0)

    def test_polynomial_in_one_variable(self):
        # f(x) = 3x^2 - 2x + 7, f'(x) = 6x - 2
        for point in (-2.0, 0.0, 0.5, 3.0):
            x = Variable(point)
            f = 3 * x * x - 2 * x + 7
            f.backward()
            self.assertEqual(f.value, 3 * point ** 2 - 2 * point + 7)
            self.assertEqual(x.d.value, 6 * point - 2)

    def test_polynomial_in_three_variables(self):
        # f = x*y*z - x*y + z, so df/dx = yz - y, df/dy = xz - x, df/dz = xy + 1
        x, y, z = Variable(2.0), Variable(-3.0), Variable(0.5)
        f = x * y * z - x * y + z
        f.backward()
        self.assertEqual(f.value, 2.0 * -3.0 * 0.5 - 2.0 * -3.0 + 0.5)
        self.assertEqual(x.d.value, -3.0 * 0.5 + 3.0)
        self.assertEqual(y.d.value, 2.0 * 0.5 - 2.0)
        self.assertEqual(z.d.value, 2.0 * -3.0 + 1)


class SharedSubexpressions(unittest.TestCase):

    def test_a_variable_added_to_itself(self):
        x = Variable(3.0)
        (x + x).backward()
        self.assertEqual(x.d.value, 2.0)

    def test_a_variable_subtracted_from_itself(self):
        x = Variable(3.0)
        out = x - x
        out.backward()
        self.assertEqual(out.value, 0.0)
        self.assertEqual(x.d.value, 0.0)

    def test_fourth_power_by_repeated_multiplication(self):
        # d(a^4)/da = 4a^3
        a = Variable(1.5)
        out = a * a * a * a
        out.backward()
        self.assertEqual(out.value, 1.5 ** 4)
        self.assertEqual(a.d.value, 4 * 1.5 ** 3)

    def test_an_intermediate_used_twice(self):
        # q = x*y, f = q*q + q = x^2 y^2 + xy: df/dx = 2xy^2 + y, df/dq = 2q + 1
        x, y = Variable(2.0), Variable(3.0)
        q = x * y
        f = q * q + q
        f.backward()
        self.assertEqual(f.value, 42.0)
        self.assertEqual(q.d.value, 2 * 6.0 + 1)
        self.assertEqual(x.d.value, 2 * 2.0 * 9.0 + 3.0)
        self.assertEqual(y.d.value, 2 * 3.0 * 4.0 + 2.0)

    def test_a_slightly_ugly_computation(self):
        # Shared pieces at several depths, the kind of graph a grader writes:
        # b = x*y + x, c = b*b - y, f = c*b + 2*c - x.
        x, y = Variable(1.5), Variable(-2.0)
        b = x * y + x
        c = b * b - y
        f = c * b + 2 * c - x
        f.backward()
        bv, cv = 1.5 * -2.0 + 1.5, (1.5 * -2.0 + 1.5) ** 2 + 2.0
        # df/dc = b + 2; df/db = c + (df/dc) * 2b; then through b = xy + x and c's -y term.
        df_dc = bv + 2
        df_db = cv + df_dc * 2 * bv
        self.assertEqual(f.value, cv * bv + 2 * cv - 1.5)
        self.assertEqual(c.d.value, df_dc)
        self.assertEqual(b.d.value, df_db)
        self.assertEqual(x.d.value, df_db * (-2.0 + 1) - 1)
        self.assertEqual(y.d.value, df_db * 1.5 - df_dc)


class TheReadmeExample(unittest.TestCase):

    def test_derivatives_of_every_input_and_intermediate(self):
        x = Variable(7.0)
        y = Variable(10.0)
        z = Variable(1.0)
        q = x * y
        a = q + 3 * z + x
        self.assertEqual(a.value, 80.0)
        a.backward()
        self.assertEqual(x.d.value, 11.0)
        self.assertEqual(y.d.value, 7.0)
        self.assertEqual(z.d.value, 3.0)
        self.assertEqual(q.d.value, 1.0)
        self.assertEqual(a.d.value, 1.0)

    def test_a_node_no_backward_reached_reads_zero(self):
        x = Variable(7.0)
        self.assertEqual(x.d.value, 0.0)
        self.assertEqual(x.grad, 0.0)


if __name__ == '__main__':
    unittest.main()
