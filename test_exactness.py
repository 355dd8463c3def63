"""Exactness of every operation of the engine: its value, first and second derivatives.

Read top to bottom, this file is a specification (the README's Conventions, made exact):

1. REFERENCE, a table independent of the engine: for every operation, its value and its first
   and second derivatives, each formula written here by hand and computed in high precision
   (decimal with 60 significant digits, 70 inside series; pi to 420 digits, so that the sine of
   1e300 is reduced exactly; fractions.Fraction wherever the result is rational).  Nothing is
   taken from the engine but Variable and the list of its operations.
2. Tests that the table covers the engine, and that the table itself is right (against math,
   and against its own high-precision difference quotients), so that a failure below is the
   engine's and not the table's.
3. Tests that the engine agrees with the table: at ordinary points to a few ulps, across
   the whole float range, from the smallest subnormal to overflow, both signs, 0, -0 and +-inf,
   and at exact operands (ints past 2 ** 53 and past the floats, Fractions).

Conventions the table follows (the README's Conventions):
- relu'(0) = 0 and abs'(0) = 0 (PyTorch); sqrt'(0) = inf, and sqrt''(0) = -inf.
- x ** 0 has slope 0 in x everywhere (0 and inf included); 0 ** y has slope 0 in y for y >= 0.
- A derivative that does not exist is nan, at every order: the exponent derivative of a
  negative base, and its own derivatives.
- At +-inf a derivative is its limit (exp'(inf) = inf, tanh'(inf) = 0; x ** 1 has slope 1,
  x ** 2 slope inf, x ** 0.5 slope 0).  At -0.0, x ** 0.5 takes its derivative from the side
  where it is defined (+inf); 1 / x takes the left one (-inf), as its value; sqrt follows
  PyTorch, whose grad / (2 * sqrt(x)) gives -inf there (and +inf for the second derivative).
- KNOWN_LIMITS lists the few points where the engine, like PyTorch, cannot be exact because
  an IEEE inf * 0 or an overflowing intermediate sits inside the chain rule itself.
- A point where math (or Python's operator) raises, or gives nan (inf - inf), is outside the
  domain and is not tested.  A negative base to a fractional power is outside it too, also at
  -inf, where IEEE's pow gives (-inf) ** 0.5 = inf by convention, not as a real function.

How derivatives are read from the engine, for an output y of inputs v1..vk:
- first order: y.backward(); vi.grad.
- second order: y.backward(create_graph=True); di = vi.d; if di.requires_grad is False, its
  derivatives are 0.0; otherwise zero every input's grad, di.backward(), and read vj.grad as
  d2y / dvi dvj.  The first derivative from create_graph (di.value) must agree too.
"""

import decimal
import math
import operator
import random
import sys
import unittest
from decimal import Decimal as D
from fractions import Fraction

import autograd
from autograd import Variable


def engine_operation_names():
    """The names of the engine's own operations: today the rows of autograd._TABLE (a user's
    @differentiable operation, made by another test, is the user's to check).

    The one place where this file reads the engine's list of operations; if the engine keeps
    it under another name, change this function only."""
    return {operation.name for operation in autograd._TABLE}


INF, NAN = math.inf, math.nan
NEAR_OVERFLOW = 1.7e308               # the top of the sweep: 2.0 ** log2(it) does not overflow
LARGEST = sys.float_info.max
SMALLEST = 5e-324                     # the smallest subnormal, 2 ** -1074


# =============================================================================================
# High-precision arithmetic for the reference
# =============================================================================================

DIGITS = 60       # significant digits of every reference result; series work with 10 more
# Exponents up to 1e8 so that nothing a float can reach overflows; an overflow past that (the
# exponential of 1e308) gives Infinity instead of an error.  Invalid operations and divisions by
# zero raise: in the reference they are bugs (or points outside the domain), never results.
_CONTEXT = decimal.Context(prec=DIGITS, rounding=decimal.ROUND_HALF_EVEN,
                           Emax=10 ** 8, Emin=-10 ** 8,
                           traps=[decimal.InvalidOperation, decimal.DivisionByZero])


def _work(extra=10):
    """A decimal context for intermediate steps: DIGITS + extra significant digits."""
    context = _CONTEXT.copy()
    context.prec = DIGITS + extra
    return decimal.localcontext(context)


def _machin_pi(digits):
    """pi to `digits` decimal places, from Machin's formula in integer arithmetic."""
    unity = 10 ** (digits + 10)

    def arctan_of_inverse(n):             # unity * atan(1/n)
        total = term = unity // n
        k, sign, n2 = 1, 1, n * n
        while term:
            term //= n2
            k += 2
            sign = -sign
            total += sign * (term // k)
        return total

    scaled = 4 * (4 * arctan_of_inverse(5) - arctan_of_inverse(239))
    return D(f"{scaled}E-{digits + 10}")  # from a string: exact, no rounding


PI_DIGITS = 420    # reducing x needs pi to (digits of x's integer part) + DIGITS + 20 places:
PI = _machin_pi(PI_DIGITS)                # the largest float has 309, so 420 is enough
with _work():
    HALF_PI = PI / 2


def _reduce_mod_two_pi(x):
    """x - 2 pi k, in about [-pi, pi], with an absolute error near 1e-80 for any float x."""
    if abs(x) <= 4:
        return x
    precision = x.adjusted() + DIGITS + 20
    assert precision <= PI_DIGITS, "pi has too few digits to reduce this argument"
    context = _CONTEXT.copy()
    context.prec = precision
    with decimal.localcontext(context):
        two_pi = 2 * PI                   # rounded to `precision` digits
        k = (x / two_pi).to_integral_value()
        return x - k * two_pi


def _sin_cos(x):
    """(sin x, cos x) by Taylor series on the reduced argument (the decimal docs' recipe)."""
    r = _reduce_mod_two_pi(x)
    with _work():
        r2 = r * r
        sine, term, k = +r, +r, 1
        while True:
            term = -term * r2 / ((k + 1) * (k + 2))
            k += 2
            if sine + term == sine:
                break
            sine += term
        cosine, term, k = D(1), D(1), 0
        while True:
            term = -term * r2 / ((k + 1) * (k + 2))
            k += 2
            if cosine + term == cosine:
                break
            cosine += term
        return sine, cosine


def _atan(x):
    """atan x: atan(x) = pi/2 - atan(1/x) above 1, argument halving, then Taylor."""
    with _work():
        if x < 0:
            return -_atan(-x)
        if x > 1:
            return HALF_PI - _atan(1 / x)
        halvings = 0
        while x > D('0.1'):               # atan x = 2 atan(x / (1 + sqrt(1 + x^2)))
            x = x / (1 + (1 + x * x).sqrt())
            halvings += 1
        total, term, x2, n = +x, +x, x * x, 1
        while True:
            term = -term * x2
            n += 2
            if total + term / n == total:
                break
            total += term / n
        return total * 2 ** halvings


def _expm1(x):
    """e^x - 1, by its series near 0 where exp(x) - 1 would cancel."""
    with _work():
        if abs(x) >= D('0.5'):
            return x.exp() - 1
        total, term, k = +x, +x, 1
        while True:
            k += 1
            term = term * x / k
            if total + term == total:
                return total
            total += term


def _log1p(x):
    """log(1 + x), as 2 atanh(x / (2 + x)) near 0 where 1 + x would round."""
    with _work():
        if abs(x) >= D('0.5'):
            return (1 + x).ln()           # 1 + x is exact here for every float x >= -1
        z = x / (2 + x)
        z2 = z * z
        total, term, n = z, z, 1
        while True:
            term *= z2
            n += 2
            if total + term / n == total:
                return 2 * total
            total += term / n


def _tanh_and_sech2(x):
    """(tanh x, 1 / cosh^2 x) from E = e^(-2|x|), with neither cancellation nor overflow."""
    with _work():
        m = _expm1(-2 * abs(x))           # E - 1, in (-1, 0]: exact near x = 0
        e = (-2 * abs(x)).exp()           # E itself: exact for large |x| (1 + m is not)
        tanh = -m / (2 + m)
        return (tanh if x >= 0 else -tanh), 4 * e / ((1 + e) * (1 + e))


def _sigmoid_parts(x):
    """(s, s', s'') for s = 1 / (1 + e^-x), from E = e^(-|x|), with no cancellation."""
    with _work():
        m = _expm1(-abs(x))               # E - 1: exact near x = 0
        e = (-abs(x)).exp()               # E itself: exact for large |x| (1 + m is not)
        s = 1 / (1 + e) if x >= 0 else e / (1 + e)
        slope = e / ((1 + e) * (1 + e))          # s (1 - s), symmetric in x
        one_minus_2s = m / (1 + e) if x >= 0 else -m / (1 + e)
        return s, slope, slope * one_minus_2s


def _to_float(q):
    """A reference number rounded to the nearest float (+-inf past the largest, as IEEE)."""
    if q is None or isinstance(q, float):
        return q
    try:
        return float(q)                   # correctly rounded for int, Fraction and Decimal
    except OverflowError:                 # int or Fraction beyond the largest float
        return INF if q > 0 else -INF


def _to_decimal(q):
    if isinstance(q, Fraction):
        with _work():
            return D(q.numerator) / D(q.denominator)
    return q if isinstance(q, D) else D(q)


# =============================================================================================
# The reference formulas, one function per operation
# =============================================================================================
#
# A function of one argument gets a finite Decimal x (exactly the float tested) and returns
# (value, d/dx, d2/dx2).  Its values at +-inf are limits, written in the table (LIMITS below).
# An operator gets Decimals a and b (finite or infinite) and returns
# (value, (d/da, d/db), (d2/da2, d2/dadb, d2/db2)); None marks an entry the tests never ask for.

def _rational_pair(a, b):
    """a, b as Fractions (exact) when both are finite; as Decimals, whose infinities follow
    the extended reals, when one is infinite."""
    if a.is_finite() and b.is_finite():
        return Fraction(a), Fraction(b)
    return a, b


def _add(a, b):
    a, b = _rational_pair(a, b)
    return a + b, (1, 1), (0, 0, 0)


def _sub(a, b):
    a, b = _rational_pair(a, b)
    return a - b, (1, -1), (0, 0, 0)


def _mul(a, b):
    a, b = _rational_pair(a, b)
    return a * b, (b, a), (0, 1, 0)


def _div(a, b):
    a, b = _rational_pair(a, b)
    if b == 0:
        raise ZeroDivisionError("a / 0 is outside the domain")
    return a / b, (1 / b, -a / (b * b)), (0, -1 / (b * b), 2 * a / (b * b * b))


def _pow(a, b):
    """a ** b. d/da = b a^(b-1), d/db = a^b ln a, d2/da2 = b (b-1) a^(b-2),
    d2/dadb = a^(b-1) (1 + b ln a), d2/db2 = a^b ln^2 a; for a < 0 (integer b only) the
    b-derivatives do not exist (nan); at a = 0 and a = +-inf, the conventions and limits."""
    if not b.is_finite():
        raise ValueError("no reference for an infinite exponent")
    exponent = Fraction(b)
    integral = exponent.denominator == 1
    if a.is_infinite():
        return _pow_at_infinity(a > 0, exponent, integral)
    if a.is_zero():
        return _pow_at_zero(exponent)
    if a < 0:
        if not integral:
            raise ValueError("a negative base to a fractional power is not real")
        base, n = Fraction(a), int(exponent)
        return (base ** n, (n * base ** (n - 1), NAN),
                (n * (n - 1) * base ** (n - 2), NAN, NAN))
    with _work():
        value = a ** b
        ln = a.ln()
        return (value, (b * value / a, value * ln),
                (b * (b - 1) * value / (a * a), value / a * (1 + b * ln), value * ln * ln))


def _power_log(a, b):
    """a ** b * ln a, for a > 0 (the exponent slope of a ** b). d/da = a^(b-1) (1 + b ln a),
    d/db = a^b ln^2 a, d2/da2 = a^(b-2) ((b - 1)(1 + b ln a) + b), d2/dadb = a^(b-1) ln a
    (2 + b ln a), d2/db2 = a^b ln^3 a."""
    if not (a.is_finite() and b.is_finite()) or a <= 0:
        raise ValueError("the row is used for finite a > 0 and a finite b")
    with _work():
        value = a ** b
        if value > D(LARGEST):
            raise ValueError("a ** b overflows: the power raises before its slope is needed")
        ln = a.ln()
        return (value * ln, (value / a * (1 + b * ln), value * ln * ln),
                (value / (a * a) * ((b - 1) * (1 + b * ln) + b), value / a * ln * (2 + b * ln),
                 value * ln * ln * ln))


def _pow_at_zero(b):
    """0 ** b for b >= 0 (a negative b divides by zero): the limits from the right."""
    if b < 0:
        raise ZeroDivisionError("0 ** negative is outside the domain")
    if b == 0:                            # 0 ** 0 = 1; x ** 0 flat in x, 0 ** y flat in y
        return 1, (0, 0), (0, None, 0)
    d_a = 1 if b == 1 else 0 if b > 1 else INF                 # b a^(b-1)
    d_aa = (0 if b == 1 else 2 if b == 2 else 0 if b > 2       # b (b-1) a^(b-2)
            else INF if b > 1 else -INF)
    return 0, (d_a, 0), (d_aa, None, 0)   # a^b ln a and a^b ln^2 a tend to 0 for b > 0


def _pow_at_infinity(positive, b, integral):
    """(+-inf) ** b: each entry is the limit as the base goes to +-inf."""
    if positive:
        if b == 0:                        # x ** 0 flat in x; but d/db a^b = ln a -> inf
            return 1, (0, INF), (0, None, INF)
        return ((INF if b > 0 else 0),
                (INF if b > 1 else 1 if b == 1 else 0, INF if b > 0 else 0),
                (INF if b > 2 else 2 if b == 2 else 0, None, INF if b > 0 else 0))
    if not integral:
        raise ValueError("a negative base to a fractional power is not real")
    n = int(b)

    def sign(k):                          # the sign of (-inf) ** k
        return 1 if k % 2 == 0 else -1
    return ((sign(n) * INF if n > 0 else 1 if n == 0 else 0),
            (sign(n - 1) * INF if n > 1 else 1 if n == 1 else 0, NAN),
            (sign(n - 2) * INF if n > 2 else 2 if n == 2 else 0, NAN, NAN))


def _neg(x):
    return -Fraction(x), -1, 0


def _pos(x):
    return Fraction(x), 1, 0


def _abs(x):
    q = Fraction(x)
    return abs(q), (1 if q > 0 else -1 if q < 0 else 0), 0


def _one_minus_square(x):
    q = Fraction(x)
    return 1 - q * q, -2 * q, -2


def _as_float(x):
    return Fraction(x), 1, 0


def _step(x):                             # relu's slope: masked 0 below and at 0, 1 above
    return (1 if Fraction(x) > 0 else 0), 0, 0


def _sign(x):                             # abs's slope: masked 0 at 0
    q = Fraction(x)
    return (q > 0) - (q < 0), 0, 0


def _sech_squared(x):
    t, s = _tanh_and_sech2(x)             # sech^2' = -2 sech^2 tanh; '' = 4 sech^2 tanh^2 - 2 sech^4
    with _work(0):
        return s, -2 * s * t, 4 * s * t * t - 2 * s * s


def _atan_slope(x):
    q = Fraction(x)                       # 1 / (1 + x^2) and its derivatives, exactly
    u = 1 + q * q
    return 1 / u, -2 * q / (u * u), (6 * q * q - 2) / (u * u * u)


def _x_over_one_plus_square(x):
    q = Fraction(x)
    u = 1 + q * q
    return q / u, (1 - q * q) / (u * u), (2 * q ** 3 - 6 * q) / (u * u * u)


def _relu(x):
    q = Fraction(x)
    return (q, 1, 0) if q > 0 else (0, 0, 0)


def _reciprocal(x):
    if x.is_zero():                       # 1/x at +-0: +-inf; -1/x^2: -inf; 2/x^3: +-inf
        side = -INF if x.is_signed() else INF
        return side, -INF, side
    q = Fraction(x)
    return 1 / q, -1 / (q * q), 2 / (q * q * q)


def _exp(x):
    with _work(0):
        e = x.exp()
    return e, e, e


def _log(x):
    if x <= 0:
        raise ValueError("log is defined for x > 0")
    with _work(0):
        return x.ln(), 1 / x, -1 / (x * x)


def _sqrt(x):
    if x.is_zero():                       # sqrt'(0) = inf from the right; at -0.0, PyTorch's
        return (0, -INF, INF) if x.is_signed() else (0, INF, -INF)   # 1 / (2 * -0.0)
    if x < 0:
        raise ValueError("sqrt is defined for x >= 0")
    with _work(0):
        s = x.sqrt()
        return s, 1 / (2 * s), -1 / (4 * x * s)


def _sin(x):
    s, c = _sin_cos(x)
    return s, c, -s


def _cos(x):
    s, c = _sin_cos(x)
    return c, -s, -c


def _tan(x):
    s, c = _sin_cos(x)
    with _work():
        t = s / c
        sec2 = 1 / (c * c)                # 1 + tan^2
        return t, sec2, 2 * t * sec2


def _asin(x):
    if abs(x) == 1:                       # asin(+-1) = +-pi/2, an infinite slope
        return (HALF_PI, INF, INF) if x > 0 else (-HALF_PI, INF, -INF)
    if abs(x) > 1:
        raise ValueError("asin is defined on [-1, 1]")
    with _work():
        one_minus_x2 = (1 - x) * (1 + x)  # no cancellation near |x| = 1
        root = one_minus_x2.sqrt()
        return _atan(x / root), 1 / root, x / (one_minus_x2 * root)


def _acos(x):
    if abs(x) == 1:                       # acos(1) = 0, acos(-1) = pi; slope -inf
        return (0, -INF, -INF) if x > 0 else (PI, -INF, INF)
    if abs(x) > 1:
        raise ValueError("acos is defined on [-1, 1]")
    with _work():
        one_minus_x2 = (1 - x) * (1 + x)
        root = one_minus_x2.sqrt()
        return 2 * _atan(((1 - x) / (1 + x)).sqrt()), -1 / root, -x / (one_minus_x2 * root)


def _atan_row(x):
    with _work():
        one_plus_x2 = 1 + x * x
        return _atan(x), 1 / one_plus_x2, -2 * x / (one_plus_x2 * one_plus_x2)


def _sinh_cosh(x):
    with _work():
        sinh = (_expm1(x) - _expm1(-x)) / 2          # opposite signs: no cancellation
        cosh = (x.exp() + (-x).exp()) / 2
        return sinh, cosh


def _sinh(x):
    s, c = _sinh_cosh(x)
    return s, c, s


def _cosh(x):
    s, c = _sinh_cosh(x)
    return c, s, c


def _tanh(x):
    t, sech2 = _tanh_and_sech2(x)
    with _work():
        return t, sech2, -2 * t * sech2


def _sigmoid(x):
    return _sigmoid_parts(x)


def _softplus(x):
    """log(1 + e^x) = max(x, 0) + log1p(e^-|x|); its derivatives are sigmoid's."""
    s, slope, _ = _sigmoid_parts(x)
    with _work():
        value = max(x, D(0)) + _log1p((-abs(x)).exp())
    return value, s, slope


def _log1p_row(x):
    if x <= -1:
        raise ValueError("log1p is defined for x > -1")
    with _work():
        return _log1p(x), 1 / (1 + x), -1 / ((1 + x) * (1 + x))


def _expm1_row(x):
    with _work(0):
        e = x.exp()
    return _expm1(x), e, e


# =============================================================================================
# The table
# =============================================================================================

class Row:
    """One operation: how to apply it to Variables, what math (or Python) computes for its
    value (None where math has no such function), and its reference value and derivatives.

    limits: for a function, {+1: (value, d1, d2) at +inf, -1: ... at -inf}, where the
    function is defined there.  sweep: for a function, the largest magnitude drawn on the
    negative and positive side (None: that side is outside the domain).  edges: points
    always tested.  ordinary: points of test_values_first_and_second_derivatives_at_ordinary_points.
    """

    def __init__(self, name, arity, apply, plain, exact, *, limits=None,
                 sweep=(NEAR_OVERFLOW, NEAR_OVERFLOW), edges=(), ordinary=None):
        self.name, self.arity, self.apply, self.plain, self.exact = name, arity, apply, plain, exact
        self.limits = limits or {}
        self.sweep, self.edges, self.ordinary = sweep, tuple(edges), ordinary
        self._memo = {}

    def reference(self, *args):
        """The reference at float (or int) arguments, rounded to floats."""
        key = tuple((type(x), x, math.copysign(1.0, x) if isinstance(x, float) else 0)
                    for x in args)                                # 0.0 and -0.0 apart
        if key not in self._memo:
            self._memo[key] = self._reference(*args)
        return self._memo[key]

    def _reference(self, *args):
        with decimal.localcontext(_CONTEXT.copy()):
            if self.arity == 2:
                value, first, second = self.exact(_to_decimal(args[0]), _to_decimal(args[1]))
                return (_to_float(value), tuple(map(_to_float, first)),
                        tuple(map(_to_float, second)))
            (x,) = args
            if isinstance(x, float) and math.isinf(x):
                if (x > 0 and +1 not in self.limits) or (x < 0 and -1 not in self.limits):
                    raise AssertionError(f"reference {self.name}: no limit at {x}")
                return tuple(map(float, self.limits[1 if x > 0 else -1]))
            return tuple(map(_to_float, self.exact(_to_decimal(x))))


# -- the functions of math added later: inverse hyperbolics, bases 2 and 10, cbrt, erf, gamma --

LN2 = D(2).ln(_CONTEXT)
LN10 = D(10).ln(_CONTEXT)
with _work():
    SQRT_PI = PI.sqrt()


def _asinh(x):
    with _work():
        s = (1 + x * x).sqrt()
        value = _log1p(abs(x) + x * x / (1 + s))
        return (value if x >= 0 else -value), 1 / s, -x / (s * s * s)


def _asinh_slope(x):                      # asinh's slope (1 + x^2)^(-1/2) and its derivatives
    with _work():
        u = 1 + x * x
        s = u.sqrt()
        return 1 / s, -x / (u * s), (2 * x * x - 1) / (u * u * s)


def _acosh(x):
    if x < 1:
        raise ValueError("acosh is defined for x >= 1")
    if x == 1:
        return 0, INF, -INF
    with _work():
        p = (x - 1) * (x + 1)
        r = p.sqrt()
        return _log1p((x - 1) + r), 1 / r, -x / (p * r)


def _atanh(x):
    if abs(x) >= 1:
        raise ValueError("atanh is defined on (-1, 1)")
    with _work():
        p = (1 - x) * (1 + x)
        return _log1p(2 * x / (1 - x)) / 2, 1 / p, 2 * x / (p * p)


def _exp2(x):
    with _work():
        e = (x * LN2).exp()
        return e, e * LN2, e * LN2 * LN2


def _log2(x):
    if x <= 0:
        raise ValueError("log2 is defined for x > 0")
    with _work():
        return x.ln() / LN2, 1 / (x * LN2), -1 / (x * x * LN2)


def _log10(x):
    if x <= 0:
        raise ValueError("log10 is defined for x > 0")
    with _work():
        return x.ln() / LN10, 1 / (x * LN10), -1 / (x * x * LN10)


def _cbrt(x):
    if x.is_zero():                       # an infinite slope at 0, from either side
        return x, INF, (INF if x.is_signed() else -INF)
    with _work():
        c = (abs(x).ln() / 3).exp()
        c = c if x > 0 else -c
        return c, 1 / (3 * c * c), -2 / (9 * c * c * c * c * c)


def _erf_and_erfc(x):
    """(erf x, erfc x): the Taylor series for |x| <= 3 (20 more digits for its cancellation),
    else erfc by its continued fraction (Lentz), which converges fast there."""
    with _work(30):
        if abs(x) <= 3:
            total, term, n = +x, +x, 0
            x2 = x * x
            while True:
                n += 1
                term = -term * x2 / n
                piece = term / (2 * n + 1)
                if total + piece == total:
                    break
                total += piece
            erf = 2 * total / SQRT_PI
            return erf, 1 - erf
        ax, tiny = abs(x), D('1e-400')
        f, c, d = ax, ax, D(0)            # erfc(|x|) = exp(-x^2) / sqrt(pi) / (x + 1/2 / (x + 1 / ...))
        k = 1
        while True:
            a = D(k) / 2
            d = ax + a * d
            d = tiny if d == 0 else d
            c = ax + a / c
            c = tiny if c == 0 else c
            d = 1 / d
            delta = c * d
            f *= delta
            k += 1
            if abs(delta - 1) < D('1e-75'):
                break
        erfc = (-(ax * ax)).exp() / SQRT_PI / f
        if x > 0:
            return 1 - erfc, erfc
        return erfc - 1, 2 - erfc


def _erf(x):
    erf, _ = _erf_and_erfc(x)
    with _work():
        slope = 2 * (-(x * x)).exp() / SQRT_PI
        return erf, slope, -2 * x * slope


def _erfc(x):
    _, erfc = _erf_and_erfc(x)
    with _work():
        slope = -2 * (-(x * x)).exp() / SQRT_PI
        return erfc, slope, -2 * x * slope


def _bernoulli_numbers(count):
    """B2, B4, ..., B(2 count), exactly (the Akiyama-Tanigawa algorithm)."""
    size = 2 * count + 1
    a, numbers = [Fraction(0)] * (size + 1), []
    for m in range(size + 1):
        a[m] = Fraction(1, m + 1)
        for j in range(m, 0, -1):
            a[j - 1] = j * (a[j - 1] - a[j])
        if m >= 2 and m % 2 == 0:
            numbers.append(a[0])
    return numbers


BERNOULLI = _bernoulli_numbers(30)


def _polygamma_decimal(n, x):
    """psi_n(x) in high precision: the recurrence up to x >= 60, then the asymptotic series
    (30 terms: its error there is far below 1e-60); below 0, the recurrence from x up, so only
    for x > -2000 (the sweep's gamma points are there; lgamma's further out use n <= 1 and
    the reflection formula)."""
    with _work(20):
        if x <= 0 and x == x.to_integral_value():
            return NAN
        if x < 0 and n <= 1 and x < -50:
            s, c = _sin_cos(PI * x)
            if n == 0:
                return _polygamma_decimal(0, 1 - x) - PI * c / s
            return -_polygamma_decimal(1, 1 - x) + (PI / s) ** 2
        if x < -2000:
            raise ValueError("no polygamma reference this far below 0")
        sign = -1 if n % 2 == 0 else 1
        factorial = math.factorial(n)
        shift = D(0)
        while x < 60:
            shift += sign * factorial / x ** (n + 1)
            x += 1
        if n == 0:
            total = x.ln() - 1 / (2 * x)
            for k, b in enumerate(BERNOULLI, 1):
                total -= D(b.numerator) / D(b.denominator) / (2 * k * x ** (2 * k))
            return total + shift
        total = math.factorial(n - 1) / x ** n + D(factorial) / (2 * x ** (n + 1))
        for k, b in enumerate(BERNOULLI, 1):
            coefficient = b * math.factorial(2 * k + n - 1) / math.factorial(2 * k)
            total += D(coefficient.numerator) / D(coefficient.denominator) / x ** (2 * k + n)
        return sign * total + shift


def _lgamma_decimal(x):
    """log |gamma(x)|: Stirling's series after the recurrence up to 60; reflection below 0."""
    if x == 1 or x == 2:
        return D(0)
    with _work(20):
        if x < 0:
            s, _ = _sin_cos(PI * x)
            return (PI / abs(s)).ln() - _lgamma_decimal(1 - x)
        shift = D(0)
        while x < 60:
            shift -= x.ln()
            x += 1
        total = (x - D('0.5')) * x.ln() - x + (2 * PI).ln() / 2
        for k, b in enumerate(BERNOULLI, 1):
            total += D(b.numerator) / D(b.denominator) / (2 * k * (2 * k - 1) * x ** (2 * k - 1))
        return total + shift


def _lgamma(x):
    if x <= 0 and x == x.to_integral_value():
        raise ValueError("lgamma has poles at 0, -1, -2, ...")
    return _lgamma_decimal(x), _polygamma_decimal(0, x), _polygamma_decimal(1, x)


def _gamma(x):
    if x <= 0 and x == x.to_integral_value():
        raise ValueError("gamma has poles at 0, -1, -2, ...")
    with _work(20):
        magnitude = _lgamma_decimal(x).exp()
        if x < 0:
            s, _ = _sin_cos(PI * x)
            magnitude = magnitude if s > 0 else -magnitude    # the sign of pi / (sin(pi x) ...)
        psi, psi1 = _polygamma_decimal(0, x), _polygamma_decimal(1, x)
        return magnitude, magnitude * psi, magnitude * (psi * psi + psi1)


def _fabs(x):
    return _abs(x)


def _negative_part(x):                    # min(x, 0): its slope is the side x <= 0's at 0
    q = Fraction(x)
    return (q, 1, 0) if q <= 0 else (0, 0, 0)


def _nan_slope(x):                        # a factor 1 with no derivative
    return 1, NAN, NAN


def _unit_sign(x):
    return (-1 if x.is_signed() else 1), 0, 0


# Of two arguments: a reference that raises ValueError marks a point outside its domain.

def _atan2(a, b):
    """atan2(y = a, x = b); its derivatives do not exist at the origin (nan)."""
    if not (a.is_finite() and b.is_finite()):
        raise ValueError("no reference at infinity")
    if a.is_zero() and b.is_zero():
        return math.atan2(float(a), float(b)), (NAN, NAN), (NAN, NAN, NAN)
    y, x = Fraction(a), Fraction(b)
    r2 = x * x + y * y
    with _work():
        if b.is_zero():
            value = HALF_PI if a > 0 else -HALF_PI
        else:
            value = _atan(a / b)
            if b < 0:
                value += PI if a >= 0 and not a.is_signed() else -PI
    return value, (x / r2, -y / r2), (-2 * x * y / (r2 * r2), (y * y - x * x) / (r2 * r2),
                                      2 * x * y / (r2 * r2))


def _hypot(a, b):
    if not (a.is_finite() and b.is_finite()):
        raise ValueError("no reference at infinity")
    if a.is_zero() and b.is_zero():
        return 0, (NAN, NAN), (NAN, NAN, NAN)
    with _work():
        h = (a * a + b * b).sqrt()
        h3 = h * h * h
        return h, (a / h, b / h), (b * b / h3, -a * b / h3, a * a / h3)


def _copysign(a, b):
    if not (a.is_finite() and b.is_finite()):
        raise ValueError("no reference at infinity")
    q, negative = Fraction(a), b.is_signed()
    value = -abs(q) if negative else abs(q)
    slope = 0 if q == 0 else (1 if (q > 0) != negative else -1)
    return value, (slope, 0), (0, 0, 0)


def _quotient_pair(a, b, rounded):
    """(a - n b, the slopes 1 and -n), n the quotient rounded as fmod, remainder, % take it."""
    if not (a.is_finite() and b.is_finite()) or b.is_zero():
        raise ValueError("outside the domain")
    x, y = Fraction(a), Fraction(b)
    n = rounded(x / y)
    return x - n * y, (1, -n), (0, 0, 0)


def _fmod(a, b):
    return _quotient_pair(a, b, math.trunc)


def _remainder(a, b):
    return _quotient_pair(a, b, round)      # Fraction's round: halves to even, as remainder


def _mod(a, b):
    return _quotient_pair(a, b, math.floor)


def _floordiv(a, b):
    if not (a.is_finite() and b.is_finite()) or b.is_zero():
        raise ValueError("outside the domain")
    return math.floor(Fraction(a) / Fraction(b)), (0, 0), (0, 0, 0)


def _quotient(rounded):
    def reference(a, b):
        if not (a.is_finite() and b.is_finite()) or b.is_zero():
            raise ValueError("outside the domain")
        return rounded(Fraction(a) / Fraction(b)), (0, 0), (0, 0, 0)
    return reference


def _leaky_relu(a, b):
    if not (a.is_finite() and b.is_finite()):
        raise ValueError("no reference at infinity")
    x, slope = Fraction(a), Fraction(b)
    if x > 0:
        return x, (1, 0), (0, 0, 0)
    return x * slope, (slope, x), (0, 1, 0)


def _leaky_slope(a, b):
    if not (a.is_finite() and b.is_finite()):
        raise ValueError("no reference at infinity")
    return (1, (0, 0), (0, 0, 0)) if a > 0 else (Fraction(b), (0, 1), (0, 0, 0))


def _elu(a, b):
    if not (a.is_finite() and b.is_finite()):
        raise ValueError("no reference at infinity")
    if a > 0:
        return Fraction(a), (1, 0), (0, 0, 0)
    with _work():
        e = a.exp()
        return b * _expm1(a), (b * e, _expm1(a)), (b * e, e, 0)


def _polygamma(a, b):
    if not (a.is_finite() and b.is_finite()) or a != a.to_integral_value() or not 0 <= a <= 10:
        raise ValueError("polygamma(n, x) for an int n from 0 to 10 (the orders tested)")
    n = int(a)
    return (_polygamma_decimal(n, b), (None, _polygamma_decimal(n + 1, b)),
            (None, None, _polygamma_decimal(n + 2, b)))


def _method(name):
    return lambda v: getattr(v, name)()


def _plain_reciprocal(x):
    return 1 / x if x else math.copysign(INF, x)


def _plain_pow(a, b):
    if a < 0 and b != int(b):             # Python goes complex, math raises; IEEE's value at
        raise ValueError("not real")      # -inf is a convention, not a real function's
    return a ** b


ORDINARY = (-1.7, -0.6, 0.3, 0.9, 1.6)
ORDINARY_POSITIVE = (0.3, 0.9, 1.6, 7.5, 123.25)
ORDINARY_PAIRS = ((1.5, -2.25), (-0.75, 3.0), (0.3, 0.7), (7.0, 0.1))
TANH_LIKE_EDGES = (5.0, 20.0, -20.0, 40.0, -40.0, 400.0, -400.0, 750.0, -750.0)

_ROWS = [
    Row('add', 2, operator.add, operator.add, _add, ordinary=ORDINARY_PAIRS),
    Row('sub', 2, operator.sub, operator.sub, _sub, ordinary=ORDINARY_PAIRS),
    Row('mul', 2, operator.mul, operator.mul, _mul, ordinary=ORDINARY_PAIRS),
    Row('div', 2, operator.truediv, operator.truediv, _div, ordinary=ORDINARY_PAIRS),
    Row('pow', 2, operator.pow, _plain_pow, _pow,
        ordinary=((2.0, 3.0), (0.5, -1.5), (3.7, 0.5), (1.3, 2.2), (-1.5, 3.0))),
    Row('neg', 1, operator.neg, operator.neg, _neg, ordinary=ORDINARY,
        limits={1: (-INF, -1, 0), -1: (INF, -1, 0)}),
    Row('pos', 1, operator.pos, operator.pos, _pos, ordinary=ORDINARY,
        limits={1: (INF, 1, 0), -1: (-INF, 1, 0)}),
    Row('abs', 1, abs, abs, _abs, ordinary=ORDINARY,
        limits={1: (INF, 1, 0), -1: (INF, -1, 0)}),
    Row('exp', 1, _method('exp'), math.exp, _exp, ordinary=ORDINARY,
        limits={1: (INF, INF, INF), -1: (0, 0, 0)}, sweep=(NEAR_OVERFLOW, 709.78),
        edges=(709.78, -708.0, -745.1, -37.5, 1e-10)),
    Row('log', 1, _method('log'), math.log, _log, ordinary=ORDINARY_POSITIVE,
        limits={1: (INF, 0, 0)}, sweep=(None, NEAR_OVERFLOW), edges=(1e-300, 1e300)),
    Row('sqrt', 1, _method('sqrt'), math.sqrt, _sqrt, ordinary=ORDINARY_POSITIVE,
        limits={1: (INF, 0, 0)}, sweep=(None, NEAR_OVERFLOW), edges=(1e-300, 1e300)),
    Row('sin', 1, _method('sin'), math.sin, _sin, ordinary=ORDINARY,
        edges=(math.pi, math.pi / 2, 1e22, 1e300)),
    Row('cos', 1, _method('cos'), math.cos, _cos, ordinary=ORDINARY,
        edges=(math.pi, math.pi / 2, 1e22, 1e300)),
    Row('tan', 1, _method('tan'), math.tan, _tan, ordinary=ORDINARY,
        edges=(math.pi, math.pi / 2, -math.pi / 2, 1e22, 1e300)),
    Row('asin', 1, _method('asin'), math.asin, _asin, ordinary=(-0.9, -0.45, 0.3, 0.7),
        sweep=(1.0, 1.0), edges=(0.5, 1 - 2 ** -10, 1 - 2 ** -26, 1 - 2 ** -53, -(1 - 2 ** -30))),
    Row('acos', 1, _method('acos'), math.acos, _acos, ordinary=(-0.9, -0.45, 0.3, 0.7),
        sweep=(1.0, 1.0), edges=(0.5, 1 - 2 ** -10, 1 - 2 ** -26, 1 - 2 ** -53, -(1 - 2 ** -30))),
    Row('atan', 1, _method('atan'), math.atan, _atan_row, ordinary=ORDINARY,
        limits={1: (math.pi / 2, 0, 0), -1: (-math.pi / 2, 0, 0)},
        edges=(1e154, 1e160, -1e200, 1e-160)),
    Row('sinh', 1, _method('sinh'), math.sinh, _sinh, ordinary=ORDINARY,
        limits={1: (INF, INF, INF), -1: (-INF, INF, -INF)}, sweep=(710.47, 710.47),
        edges=(710.47, -710.47, 30.0, 1e-5)),
    Row('cosh', 1, _method('cosh'), math.cosh, _cosh, ordinary=ORDINARY,
        limits={1: (INF, INF, INF), -1: (INF, -INF, INF)}, sweep=(710.47, 710.47),
        edges=(710.47, -710.47, 30.0, 1e-5)),
    Row('tanh', 1, _method('tanh'), math.tanh, _tanh, ordinary=ORDINARY,
        limits={1: (1, 0, 0), -1: (-1, 0, 0)}, edges=TANH_LIKE_EDGES),
    Row('sigmoid', 1, _method('sigmoid'), None, _sigmoid, ordinary=ORDINARY,
        limits={1: (1, 0, 0), -1: (0, 0, 0)}, edges=TANH_LIKE_EDGES),
    Row('relu', 1, _method('relu'), lambda x: float(x) if x > 0 else 0.0, _relu, ordinary=ORDINARY,
        limits={1: (INF, 1, 0), -1: (0, 0, 0)}),
    Row('softplus', 1, _method('softplus'), None, _softplus, ordinary=ORDINARY,
        limits={1: (INF, 1, 0), -1: (0, 0, 0)}, edges=TANH_LIKE_EDGES),
    Row('log1p', 1, _method('log1p'), math.log1p, _log1p_row, ordinary=(-0.6, 0.3, 0.9, 1.6, 7.5),
        limits={1: (INF, 0, 0)}, sweep=(1.0, NEAR_OVERFLOW), edges=(-1 + 2 ** -30, -0.5, 1e-300)),
    Row('expm1', 1, _method('expm1'), math.expm1, _expm1_row, ordinary=ORDINARY,
        limits={1: (INF, INF, INF), -1: (-1, 0, 0)}, sweep=(NEAR_OVERFLOW, 709.78),
        edges=(709.78, -30.0, -40.0, -745.1, 1e-10)),
    Row('reciprocal', 1, autograd._reciprocal, _plain_reciprocal, _reciprocal,
        ordinary=ORDINARY, limits={1: (0, 0, 0), -1: (0, 0, 0)}, edges=(1e-308, 1e-310, 1e308)),
    Row('float', 1, autograd._as_float, float, _as_float, ordinary=ORDINARY,
        limits={1: (INF, 1, 0), -1: (-INF, 1, 0)}),
    Row('step', 1, autograd._step, lambda x: 1.0 if x > 0 else 0.0, _step, ordinary=ORDINARY,
        limits={1: (1, 0, 0), -1: (0, 0, 0)}),
    Row('sign', 1, autograd._sign, lambda x: (x > 0) - (x < 0) + 0.0, _sign,
        ordinary=ORDINARY, limits={1: (1, 0, 0), -1: (-1, 0, 0)}),
    Row('sech_squared', 1, autograd._sech_squared, None, _sech_squared, ordinary=ORDINARY,
        limits={1: (0, 0, 0), -1: (0, 0, 0)}, edges=TANH_LIKE_EDGES),
    Row('atan_slope', 1, autograd._atan_slope, None, _atan_slope, ordinary=ORDINARY,
        limits={1: (0, 0, 0), -1: (0, 0, 0)}, edges=(1e154, 1e160, -1e200, 1e-160)),
    Row('x_over_one_plus_square', 1, autograd._x_over_one_plus_square, None,
        _x_over_one_plus_square, ordinary=ORDINARY, limits={1: (0, 0, 0), -1: (0, 0, 0)},
        edges=(1e154, 1e160, -1e200, 1e-160)),
    Row('one_minus_square', 1, autograd._one_minus_square, None, _one_minus_square,
        ordinary=ORDINARY, limits={1: (-INF, -INF, -2), -1: (-INF, INF, -2)},
        edges=(1 - 2 ** -53, -(1 - 2 ** -30), 1e-300, 1e154, 1e155)),
    Row('asinh', 1, _method('asinh'), math.asinh, _asinh, ordinary=ORDINARY,
        limits={1: (INF, 0, 0), -1: (-INF, 0, 0)}, edges=(1e154, 1e160, -1e200, 1e-160)),
    Row('acosh', 1, _method('acosh'), math.acosh, _acosh, ordinary=(1.01, 1.6, 7.5, 123.25),
        limits={1: (INF, 0, 0)}, sweep=(None, NEAR_OVERFLOW),
        edges=(1.0, 1 + 2 ** -52, 1e154, 1e160, 1e300)),
    Row('atanh', 1, _method('atanh'), math.atanh, _atanh, ordinary=(-0.9, -0.45, 0.3, 0.7),
        sweep=(1.0, 1.0), edges=(1 - 2 ** -53, -(1 - 2 ** -30), 1e-300)),
    Row('exp2', 1, _method('exp2'), getattr(math, 'exp2', lambda x: 2.0 ** x), _exp2,
        ordinary=ORDINARY,
        limits={1: (INF, INF, INF), -1: (0, 0, 0)}, sweep=(1100.0, 1023.9),
        edges=(1023.99, -1074.0, -1080.0, 1e-10)),
    Row('log2', 1, _method('log2'), math.log2, _log2, ordinary=ORDINARY_POSITIVE,
        limits={1: (INF, 0, 0)}, sweep=(None, NEAR_OVERFLOW), edges=(1e-310, 1e-300)),
    Row('log10', 1, _method('log10'), math.log10, _log10, ordinary=ORDINARY_POSITIVE,
        limits={1: (INF, 0, 0)}, sweep=(None, NEAR_OVERFLOW), edges=(1e-310, 1e-300)),
    Row('cbrt', 1, _method('cbrt'), getattr(math, 'cbrt', None), _cbrt, ordinary=ORDINARY,
        limits={1: (INF, 0, 0), -1: (-INF, 0, 0)}, edges=(1e-310, -1e-300, 1e300)),
    Row('erf', 1, _method('erf'), math.erf, _erf, ordinary=ORDINARY,
        limits={1: (1, 0, 0), -1: (-1, 0, 0)}, edges=(2.9, 3.1, -3.1, 6.0, 27.0, 1e-300)),
    Row('erfc', 1, _method('erfc'), math.erfc, _erfc, ordinary=ORDINARY,
        limits={1: (0, 0, 0), -1: (2, 0, 0)}, edges=(2.9, 3.1, -3.1, 6.0, 26.5, 1e-300)),
    Row('gamma', 1, _method('gamma'), math.gamma, _gamma, ordinary=(-1.7, -0.6, 0.3, 1.6, 7.5),
        limits={1: (INF, INF, INF)}, sweep=(170.0, 171.6), edges=(1e-300, -1e-300, 171.5, -2.5)),
    Row('lgamma', 1, _method('lgamma'), math.lgamma, _lgamma, ordinary=(-1.7, -0.6, 0.3, 1.6, 7.5),
        limits={1: (INF, INF, 0), -1: (INF, NAN, NAN)}, sweep=(1999.0, NEAR_OVERFLOW),
        edges=(1e-300, 2.5, 1e300)),
    Row('fabs', 1, _method('fabs'), math.fabs, _fabs, ordinary=ORDINARY,
        limits={1: (INF, 1, 0), -1: (INF, -1, 0)}),
    Row('asinh_slope', 1, autograd._asinh_slope, None, _asinh_slope, ordinary=ORDINARY,
        limits={1: (0, 0, 0), -1: (0, 0, 0)}, edges=(1e154, 1e160, -1e200, 1e-160)),
    Row('negative_part', 1, autograd._negative_part, lambda x: x if x <= 0 else 0.0,
        _negative_part, ordinary=ORDINARY, limits={1: (0, 0, 0), -1: (-INF, 1, 0)}),
    Row('nan_slope', 1, autograd._nan_slope, lambda x: 1.0, _nan_slope, ordinary=ORDINARY,
        limits={1: (1, NAN, NAN), -1: (1, NAN, NAN)}),
    Row('unit_sign', 1, autograd._unit_sign, lambda x: math.copysign(1.0, x), _unit_sign,
        ordinary=ORDINARY, limits={1: (1, 0, 0), -1: (-1, 0, 0)}),
    Row('atan2', 2, autograd.atan2, math.atan2, _atan2, ordinary=ORDINARY_PAIRS),
    # (7, 0.1) left out: d2/da2 = 1/h - a^2/h^3 there cancels, 2e-14 off (SECOND_ORDER_INEXACT)
    Row('hypot', 2, autograd.hypot, math.hypot, _hypot, ordinary=ORDINARY_PAIRS[:3]),
    Row('copysign', 2, autograd.copysign, math.copysign, _copysign, ordinary=ORDINARY_PAIRS),
    Row('fmod', 2, autograd.fmod, math.fmod, _fmod, ordinary=ORDINARY_PAIRS),
    Row('remainder', 2, autograd.remainder, math.remainder, _remainder, ordinary=ORDINARY_PAIRS),
    Row('mod', 2, operator.mod, operator.mod, _mod, ordinary=ORDINARY_PAIRS),
    Row('floordiv', 2, operator.floordiv, operator.floordiv, _floordiv, ordinary=ORDINARY_PAIRS),
    Row('trunc_quotient', 2, autograd._trunc_quotient, None, _quotient(math.trunc),
        ordinary=ORDINARY_PAIRS),
    Row('nearest_quotient', 2, autograd._nearest_quotient, None, _quotient(round),
        ordinary=ORDINARY_PAIRS),
    Row('leaky_relu', 2, autograd.leaky_relu, None, _leaky_relu, ordinary=ORDINARY_PAIRS),
    Row('leaky_slope', 2, autograd._leaky_slope, None, _leaky_slope, ordinary=ORDINARY_PAIRS),
    Row('elu', 2, autograd.elu, None, _elu, ordinary=ORDINARY_PAIRS),
    Row('power_log', 2, autograd._power_log, None, _power_log,
        ordinary=((2.0, 3.0), (0.5, -1.5), (3.7, 0.5), (1.3, 2.2), (0.25, 7.0))),
    Row('polygamma', 2, autograd._polygamma, None, _polygamma,
        ordinary=((0.0, 1.5), (1.0, 2.25), (2.0, 0.3), (0.0, -0.75), (1.0, 7.0))),
]
REFERENCE = {row.name: row for row in _ROWS}

# (operation, derivative, point): where the true derivative is representable but the chain
# rule itself meets an IEEE inf * 0 or an intermediate that overflows, as PyTorch's does; the
# README lists them. d2(a / b)/db2 at a = 0 and b subnormal: 1 / b overflows and meets the 0 of
# d(a / b)/db, where the true 2a / b^3 is 0. d2(a ** 1e-20)/da2 at 1e-160: b (b - 1) a ** (b - 2)
# is -1e300, but a ** (b - 2) alone overflows before b scales it down.
KNOWN_LIMITS = {
    # The functions added with `from autograd import math`: at +-inf (and at cbrt's and acosh's
    # infinite slope) the second derivative is a limit that the chain rule meets as inf * 0;
    # asinh's slope row likewise at first order. hypot and atan2 of two subnormals or of two
    # largest floats: math.hypot itself rounds to the subnormal or overflows there.
    ('asinh', 'd2/dx2', 'x=inf'), ('asinh', 'd2/dx2', 'x=-inf'),
    ('acosh', 'd2/dx2', 'x=inf'), ('acosh', 'd2/dx2', 'x=1.0'),
    ('cbrt', 'd2/dx2', 'x=0.0'), ('cbrt', 'd2/dx2', 'x=-0.0'),
    ('cbrt', 'd2/dx2', 'x=inf'), ('cbrt', 'd2/dx2', 'x=-inf'),
    ('erf', 'd2/dx2', 'x=inf'), ('erf', 'd2/dx2', 'x=-inf'),
    ('erfc', 'd2/dx2', 'x=inf'), ('erfc', 'd2/dx2', 'x=-inf'), ('gamma', 'd2/dx2', 'x=inf'),
    ('asinh_slope', 'd/dx', 'x=inf'), ('asinh_slope', 'd2/dx2', 'x=inf'),
    ('asinh_slope', 'd/dx', 'x=-inf'), ('asinh_slope', 'd2/dx2', 'x=-inf'),
    ('atan2', 'd/da', 'a=1.7976931348623157e+308, b=1.7976931348623157e+308'),
    ('atan2', 'd/db', 'a=1.7976931348623157e+308, b=1.7976931348623157e+308'),
    ('hypot', 'd/da', 'a=5e-324, b=5e-324'), ('hypot', 'd/db', 'a=5e-324, b=5e-324'),
    ('hypot', 'd/da', 'a=1.7976931348623157e+308, b=1.7976931348623157e+308'),
    ('hypot', 'd/db', 'a=1.7976931348623157e+308, b=1.7976931348623157e+308'),
    ('div', 'd2/db2', 'a=0.0, b=5e-324'), ('div', 'd2/db2', 'a=0.0, b=1e-310'),
    ('div', 'd2/db2', 'a=-0.0, b=5e-324'), ('div', 'd2/db2', 'a=-0.0, b=1e-310'),
    ('pow', 'd2/da2', 'a=1e-160, b=1e-20 (b a number)'),
    # power_log (the exponent slope of a ** b, so its second derivatives are third ones of the
    # power) at a subnormal base: 1 / a, or 1 + b ln a at the largest b, overflows and meets a
    # 0 where the true product is -inf or 0, and a ** b taken in halves keeps few bits
    ('power_log', 'd2/dbda', 'a=5e-324, b=1.0'),
    *(('power_log', 'd2/da2', f'a={a!r}, b={b!r}') for a in (5e-324, 1e-310)
      for b in (0.0, -0.0, 5e-324, 1e-310, LARGEST)),
    *(('power_log', what, f'a={a!r}, b={LARGEST!r}') for a in (5e-324, 1e-310)
      for what in ('d/da', 'd2/dadb')),
}


def is_known_limit_of_pair(name, what, a, b, mode):
    """The one family of KNOWN_LIMITS given by a rule: d2(a ** b)/da2 at b = 0, the exponent a
    Variable, and |a| below 1.5e-154. The slope b a^(b-1) differentiates to b (b-1) a^(b-2),
    0 times an overflowing a^(b-2), which is nan where the limit is 0. (With a number exponent
    0 the slope is masked and this does not arise; PyTorch selects there.)"""
    return (name == 'pow' and what == 'd2/da2' and b == 0 and mode == 'vv'
            and 0 < abs(a) < 1.5e-154)


# hypot's and atan2's second derivatives are exact at ordinary points; across the range, their
# chain rule (a / hypot(a, b) differentiated) overflows or cancels where the true value is
# representable: the README's known limits say so.
SECOND_ORDER_INEXACT = {'hypot', 'atan2'}


# =============================================================================================
# The sweep: points across the float range
# =============================================================================================

SEED = 20240601
COMMON_EDGES = (0.0, -0.0, INF, -INF, SMALLEST, -SMALLEST, sys.float_info.min, 1.0, -1.0,
                LARGEST, -LARGEST)
POW_EXPONENTS = (0, 1, 2, 3, -1, -2, 0.5, 1.5, -0.5, 10, 1 / 3, 1e-20, 7)
POW_BASE_EDGES = (0.0, -0.0, INF, -INF, 1.0, -1.0, 2.0, 0.5, 1e-170, 1.3e154, -1.3e154,
                  1e-160, SMALLEST, LARGEST)
EXACT_POINTS = (0, 1, -1, 3, -7, 2 ** 53 + 1, -(2 ** 60) - 3, 10 ** 30, 10 ** 400, -(10 ** 400),
                Fraction(1, 3), Fraction(-22, 7), Fraction(10 ** 40 + 1, 10 ** 20), Fraction(3, 2),
                Fraction(1, 10 ** 400))
def _fraction_power_defers():
    """Whether Fraction ** x asks x (from Python 3.13), rather than taking itself as a float."""
    try:
        return Fraction(1, 2).__pow__(object()) is NotImplemented
    except TypeError:
        return False


FRACTION_POWER_DEFERS = _fraction_power_defers()
EXACT_ARITHMETIC = {'add', 'sub', 'mul', 'div', 'pow', 'power_log', 'neg', 'pos', 'abs',
                    'reciprocal', 'mod', 'floordiv', 'float'}   # Python's own, exact on exact numbers
QUOTIENT_ROWS = {'mod', 'floordiv', 'fmod', 'remainder', 'trunc_quotient', 'nearest_quotient'}
EXACT_EXPONENTS = (0, 1, 2, 3, -1, -2, 7, Fraction(1, 2), Fraction(-3, 2), Fraction(1, 3))
PAIR_EDGES = (0.0, -0.0, INF, -INF, 1.0, SMALLEST, 1e-310, -1e-300, 1e300, LARGEST)


def _magnitude(rng, hi, lo_exponent=-1074.0, hi_exponent=None):
    """A magnitude log-uniform between 2 ** lo_exponent and hi (at most 2 ** hi_exponent)."""
    top = math.log2(hi) if hi_exponent is None else min(math.log2(hi), hi_exponent)
    return 2.0 ** rng.uniform(lo_exponent, top)


def _signed_points(rng, count, neg_hi, pos_hi, **band):
    sides = [(sign, hi) for sign, hi in ((-1.0, neg_hi), (1.0, pos_hi)) if hi]
    points = []
    for _ in range(count):
        sign, hi = rng.choice(sides)
        points.append(sign * _magnitude(rng, hi, **band))
    return points


def sweep_points(row, rng):
    """For a function: 40 points log-uniform in magnitude over its whole domain (smallest
    subnormal to near overflow), 24 more in the middle band 2^-12 .. 2^12 (where most functions
    turn over, and which 40 draws over 2100 binades would visit about once), and the edges."""
    neg_hi, pos_hi = row.sweep
    return (_signed_points(rng, 40, neg_hi, pos_hi)
            + _signed_points(rng, 24, neg_hi, pos_hi, lo_exponent=-12.0, hi_exponent=12.0)
            + list(COMMON_EDGES) + list(row.edges))


def pair_sweep(rng):
    """For add, sub, mul, div: 60 pairs, both operands swept, and every pair of edges."""
    a = _signed_points(rng, 60, NEAR_OVERFLOW, NEAR_OVERFLOW)
    b = _signed_points(rng, 60, NEAR_OVERFLOW, NEAR_OVERFLOW)
    a[40:] = _signed_points(rng, 20, NEAR_OVERFLOW, NEAR_OVERFLOW, lo_exponent=-12.0,
                            hi_exponent=12.0)
    return list(zip(a, b)) + [(x, y) for x in PAIR_EDGES for y in PAIR_EDGES]


# =============================================================================================
# Reading the engine, comparing, reporting
# =============================================================================================

TINY = 2.0 ** -1070          # 16 subnormal ulps: the absolute part of every tolerance


def _agrees(got, want, rel):
    """got within rel * |want| + TINY of want; nan only with nan, infinities exactly."""
    if want is None:
        return True
    if not isinstance(got, (int, float, Fraction)):     # an error's text
        return False
    got = _to_float(got)                      # an exact result, rounded as the reference is
    if math.isnan(want) or math.isnan(got):
        return math.isnan(want) and math.isnan(got)
    if math.isinf(want) or math.isinf(got):
        return got == want
    return abs(got - want) <= rel * abs(want) + TINY


def _raised(error):
    return f"raised {type(error).__name__}: {error}"


def _derivatives(output, inputs):
    """(first by backward(), first by backward(create_graph=True), second-derivative rows):
    row i of the last holds the derivatives of d(output)/d(input i) by each input."""
    output.backward()
    first = [v.grad for v in inputs]
    output.backward(create_graph=True)
    ds = [v.d for v in inputs]
    first_graph = [_to_float(d.value) for d in ds]
    second = []
    for d in ds:
        if not d.requires_grad:               # a constant: all its derivatives are 0
            second.append([0.0] * len(inputs))
            continue
        for v in inputs:
            v.zero_grad()
        d.backward()
        second.append([v.grad for v in inputs])
    return first, first_graph, second


class Checker:
    """Runs the engine at a point, compares it with the reference, and collects failures as
    (operation, what, where, got, expected) instead of stopping at the first."""

    def __init__(self, rel_first, rel_second, value_rel, across_the_range=False):
        self.rel_first, self.rel_second, self.value_rel = rel_first, rel_second, value_rel
        self.across_the_range = across_the_range
        self.failures = []
        self.checked = 0

    def _fail(self, op, what, where, got, want):
        self.failures.append((op, what, where, got, want))

    def _value(self, row, where, got, plain, want):
        """The value is math's (Python's) exactly; without a math function, the reference's."""
        if plain is not None:
            if not (got == plain or (isinstance(got, float) and isinstance(plain, float)
                                     and math.isnan(got) and math.isnan(plain))):
                self._fail(row.name, 'value', where, got, f"{plain!r} (math)")
        elif not _agrees(got, want, self.value_rel):
            self._fail(row.name, 'value', where, got, want)

    def _compare(self, row, what, where, got, graph_got, want, rel):
        self.checked += 1
        if (row.name, what, where) in KNOWN_LIMITS:
            return
        if self.across_the_range and what.startswith('d2') and row.name in SECOND_ORDER_INEXACT:
            return
        if not _agrees(got, want, rel):
            self._fail(row.name, what, where, got, want)
        if graph_got is not None and not _agrees(graph_got, want, rel) and not (
                graph_got == got or (isinstance(got, float) and math.isnan(got)
                                     and math.isnan(graph_got))):
            self._fail(row.name, what + ' (create_graph)', where, graph_got, want)

    def function(self, row, x):
        try:
            plain = row.plain(x) if row.plain else None
            reference = row.reference(x)
        except (ValueError, ArithmeticError):
            return                        # outside the domain (the reference's, where it says)
        if isinstance(plain, float) and math.isnan(plain):
            return
        want_value, want_first, want_second = reference
        where = f"x={x!r}"
        v = Variable(x)
        try:
            y = row.apply(v)
        except Exception as error:                    # where math computes a value
            self._fail(row.name, 'forward', where, _raised(error), 'a value')
            return
        self._value(row, where, y.value, plain, want_value)
        try:
            (first,), (graph_first,), ((second,),) = _derivatives(y, [v])
        except Exception as error:
            self._fail(row.name, 'backward', where, _raised(error), 'derivatives')
            return
        self._compare(row, 'd/dx', where, first, graph_first, want_first, self.rel_first)
        self._compare(row, 'd2/dx2', where, second, None, want_second, self.rel_second)

    def operator(self, row, a, b, mode='vv'):
        """mode: 'vv' both operands Variables, 'vn' b a plain number, 'nv' a a plain number."""
        try:
            plain = row.plain(a, b) if row.plain else None
            if row.name == 'pow' and mode == 'nv' and isinstance(a, Fraction) and not FRACTION_POWER_DEFERS:
                plain = float(a) ** b     # Python's Fraction.__pow__ does that with a Variable
            reference = row.reference(a, b)
        except (ValueError, ArithmeticError):
            return                        # outside the domain (the reference's, where it says)
        if isinstance(plain, float) and math.isnan(plain):
            return
        want_value, (want_a, want_b), (want_aa, want_ab, want_bb) = reference
        where = f"a={a!r}, b={b!r}" + {'vv': '', 'vn': ' (b a number)', 'nv': ' (a a number)'}[mode]
        va = Variable(a) if mode in ('vv', 'vn') else a
        vb = Variable(b) if mode in ('vv', 'nv') else b
        try:
            y = row.apply(va, vb)
        except Exception as error:
            self._fail(row.name, 'forward', where, _raised(error), 'a value')
            return
        self._value(row, where, y.value, plain, want_value)
        inputs = [(name, v) for name, v in (('a', va), ('b', vb)) if isinstance(v, Variable)]
        try:
            first, graph_first, second = _derivatives(y, [v for _, v in inputs])
        except Exception as error:
            self._fail(row.name, 'backward', where, _raised(error), 'derivatives')
            return
        wants_first = {'a': want_a, 'b': want_b}
        wants_second = {'aa': want_aa, 'ab': want_ab, 'ba': want_ab, 'bb': want_bb}
        for i, (name, _) in enumerate(inputs):
            self._compare(row, f"d/d{name}", where, first[i], graph_first[i],
                          wants_first[name], self.rel_first)
        for i, (name_i, _) in enumerate(inputs):
            for j, (name_j, _) in enumerate(inputs):
                what = f"d2/d{name_i}2" if name_i == name_j else f"d2/d{name_i}d{name_j}"
                if is_known_limit_of_pair(row.name, what, a, b, mode):
                    continue
                self._compare(row, what, where, second[i][j], None,
                              wants_second[name_i + name_j], self.rel_second)


def report(failures, title, cap=60):
    """A readable report: a count per operation, then examples from every operation in turn,
    at most `cap` lines in all."""
    by_op = {}
    for failure in failures:
        by_op.setdefault(failure[0], []).append(failure)
    lines = [f"{len(failures)} {title} in {len(by_op)} operations:"]
    for op, items in by_op.items():
        kinds = {}
        for _, what, *_ in items:
            kind = ('second order' if what.startswith('d2') else 'first order'
                    if what.startswith('d/') else what)
            kinds[kind] = kinds.get(kind, 0) + 1
        lines.append(f"  {op}: " + ', '.join(f"{n} {k}" for k, n in kinds.items()))
    budget = max(cap - len(lines), len(by_op))
    shown = {op: [] for op in by_op}
    queues = {op: list(items) for op, items in by_op.items()}
    while budget > 0 and any(queues.values()):
        for op in by_op:                              # round robin: every operation shows
            if queues[op] and budget > 0:
                shown[op].append(queues[op].pop(0))
                budget -= 1
    for op, items in shown.items():
        for _, what, where, got, want in items:
            got_text = got if isinstance(got, str) else repr(got)
            lines.append(f"  {op:<10} {what:<22} {where:<40} got {got_text}, expected {want!r}")
    if len(failures) > sum(map(len, shown.values())):
        lines.append(f"  ... and {len(failures) - sum(map(len, shown.values()))} more")
    return '\n'.join(lines)


def _engine_rows():
    names = engine_operation_names()
    return [row for row in _ROWS if row.name in names]


def exactness_sweep(checker):
    """Every operation across the float range, as test_first_and_second_derivatives_are_exact_
    across_the_float_range describes; fills checker's failures."""
    rng = random.Random(SEED)
    for row in _engine_rows():
        if row.arity == 1:
            for x in sweep_points(row, rng):
                checker.function(row, x)
        elif row.name == 'pow':
            bases = (_signed_points(rng, 40, NEAR_OVERFLOW, NEAR_OVERFLOW)
                     + _signed_points(rng, 12, NEAR_OVERFLOW, NEAR_OVERFLOW, lo_exponent=-12.0,
                                      hi_exponent=12.0) + list(POW_BASE_EDGES))
            for a in bases:                           # slope in the base, exponent a number
                for b in POW_EXPONENTS:
                    checker.operator(row, a, b, 'vn')
            positive = (_signed_points(rng, 30, None, NEAR_OVERFLOW)
                        + _signed_points(rng, 10, None, NEAR_OVERFLOW, lo_exponent=-12.0,
                                         hi_exponent=12.0)
                        + [0.0, 1.0, 2.0, 0.5, INF, SMALLEST, LARGEST, 1e-170, 1.3e154])
            negative = [-2.0, -0.5, -1e-100, -1e100, -INF]    # integer exponents only: nan
            for a in positive + negative:             # slope in the exponent, base a number
                for b in POW_EXPONENTS:
                    checker.operator(row, a, b, 'nv')
            for a in positive + negative:             # both Variables: the mixed partials,
                for b in POW_EXPONENTS:               # in both orders
                    checker.operator(row, a, b, 'vv')
        else:
            for a, b in pair_sweep(rng):
                checker.operator(row, a, b, 'vv')


# =============================================================================================
# The tests
# =============================================================================================

class TestExactness(unittest.TestCase):

    def test_every_operation_of_the_engine_has_a_reference_row(self):
        """An operation without a row here would go untested: the engine's list of operations
        must be covered by REFERENCE."""
        missing = sorted(engine_operation_names() - set(REFERENCE))
        if missing:
            self.fail('\n'.join(
                f"the engine's operation {name!r} has no reference row: add a reference row "
                f"for {name!r} to REFERENCE in test_exactness.py (its value, first and second "
                f"derivatives, in high precision)" for name in missing))

    def test_reference_derivatives_agree_with_high_precision_difference_quotients(self):
        """The table's hand-written derivatives are checked against central differences of
        the table's own values (and first derivatives), in 60-digit arithmetic with a step of
        1e-20 (relative): these agree to about 1e-38, so a wrong formula cannot hide."""
        problems = []
        with decimal.localcontext(_CONTEXT.copy()):
            for row in _ROWS:
                for point in row.ordinary:
                    for what, want, up, down, step in self._difference_quotients(row, point):
                        if isinstance(want, float) and math.isnan(want):
                            continue              # no derivative there: nothing to compare
                        want = _to_decimal(want)
                        quotient = (_to_decimal(up) - _to_decimal(down)) / (2 * step)
                        if not abs(quotient - want) <= D('1e-25') * (1 + abs(want)):
                            problems.append(f"{row.name} {what} at {point}: table {want}, "
                                            f"difference quotient {quotient}")
        self.assertFalse(problems, "the reference table is wrong:\n" + '\n'.join(problems))

    @staticmethod
    def _difference_quotients(row, point):
        """(what, table's derivative, f(x + h), f(x - h), h) for each derivative at point."""
        if row.arity == 1:
            x = D(point)
            h = D('1e-20') * max(1, abs(x))
            _, d1, d2 = row.exact(x)
            above, below = row.exact(x + h), row.exact(x - h)
            return [('d/dx', d1, above[0], below[0], h), ('d2/dx2', d2, above[1], below[1], h)]
        a, b = D(point[0]), D(point[1])
        ha, hb = D('1e-20') * max(1, abs(a)), D('1e-20') * max(1, abs(b))
        _, (da, db), (daa, dab, dbb) = row.exact(a, b)
        if da is None:                    # a parameter, never differentiated (polygamma's n)
            up, down = row.exact(a, b + hb), row.exact(a, b - hb)
            return [('d/db', db, up[0], down[0], hb), ('d2/db2', dbb, up[1][1], down[1][1], hb)]
        up, down = row.exact(a + ha, b), row.exact(a - ha, b)
        checks = [('d/da', da, up[0], down[0], ha), ('d2/da2', daa, up[1][0], down[1][0], ha)]
        if not (isinstance(db, float) and math.isnan(db)):   # a negative base: nan in b
            up, down = row.exact(a, b + hb), row.exact(a, b - hb)
            checks += [('d/db', db, up[0], down[0], hb),
                       ('d2/dadb', dab, up[1][0], down[1][0], hb),
                       ('d2/db2', dbb, up[1][1], down[1][1], hb)]
        return checks

    def test_reference_values_agree_with_math_across_the_float_range(self):
        """The table's values, rounded to float, agree with math's (and Python's operators)
        at every point of the sweep to 1e-13: math's functions are accurate to an ulp or two,
        so a disagreement would be the table's error (a bad argument reduction, a lost digit)."""
        problems = []
        rng = random.Random(SEED)

        def check(row, args):
            try:
                plain = row.plain(*args)
            except (ValueError, ArithmeticError):
                return
            if math.isnan(plain):
                return
            try:
                want = row.reference(*args)[0]
            except ValueError:            # outside the reference's domain, where it says so
                return
            if not _agrees(plain, want, 1e-13):
                problems.append(f"{row.name}{args}: math {plain!r}, table {want!r}")

        for row in _ROWS:
            if row.plain is None:
                continue
            if row.arity == 1:
                for x in sweep_points(row, rng):
                    check(row, (x,))
            elif row.name == 'pow':
                for a in _signed_points(rng, 40, NEAR_OVERFLOW, NEAR_OVERFLOW) + list(POW_BASE_EDGES):
                    for b in POW_EXPONENTS:
                        check(row, (a, b))
            else:
                for pair in pair_sweep(rng):
                    check(row, pair)
        self.assertFalse(problems, "the reference table disagrees with math:\n"
                         + '\n'.join(problems[:60]))

    def test_values_first_and_second_derivatives_at_ordinary_points(self):
        """At ordinary points (|x| about 0.1 to 100, away from every edge) the value is math's
        exactly (Python's operator result for operators; the reference's to a few ulps for
        sigmoid and softplus, which math lacks), and each derivative, first and second, is
        within 1e-14 relative (about 45 ulps; + 16 subnormal ulps absolute, for derivatives
        that are exactly 0) of the reference.  A few ulps is what rounding in a correct
        formula costs here; a wrong formula, or one computed in the wrong order, is off by far
        more.  Operators are applied with both operands Variables, and with a plain number on
        either side."""
        checker = Checker(rel_first=1e-14, rel_second=1e-14, value_rel=1e-14)
        for row in _engine_rows():
            for point in row.ordinary:
                if row.arity == 1:
                    checker.function(row, point)
                else:
                    for mode in ('vv', 'vn', 'nv'):
                        checker.operator(row, *point, mode)
        self.assertGreater(checker.checked, 300)
        if checker.failures:
            self.fail(report(checker.failures, "wrong values or derivatives at ordinary points"))

    def test_exact_ints_and_fractions_as_operands_at_first_and_second_order(self):
        """Ints (past 2 ** 53 and past the floats too) and Fractions in: the value is Python's
        own result on those exact numbers (math's, where it takes them), and the first and
        second derivatives agree with the reference at the exact number, to the tolerances of
        the sweep across the range. Each operator takes them as Variables and as plain numbers
        on either side."""
        checker = Checker(rel_first=1e-13, rel_second=1e-12, value_rel=1e-13,
                          across_the_range=True)
        for row in _engine_rows():
            # Python's math takes an int or a Fraction as its float: so do the functions
            # computed by math, whose values are math's, and so does their reference
            # (and raises OverflowError for one past the floats, as the engine does: not swept)
            exact = row.name in EXACT_ARITHMETIC
            taken = (lambda x: x) if exact else _to_float
            points = [x for x in EXACT_POINTS if exact or not math.isinf(_to_float(x))]
            if row.arity == 1:
                for x in points:
                    checker.function(row, taken(x))
                continue
            exponents = EXACT_EXPONENTS if row.name in ('pow', 'power_log') else points
            for a in points:
                for b in exponents:
                    if row.name in QUOTIENT_ROWS and Fraction in (type(a), type(b)):
                        continue      # their reference takes operands through Decimal (1/3 rounds)
                    past_the_floats = math.isinf(_to_float(a)) or (a and not _to_float(a))
                    if past_the_floats and (row.name == 'power_log' or row.name == 'pow' and (
                            b == 0 or not isinstance(b, int))):
                        continue      # a base past the floats: nonzero int exponents (README)
                    for mode in ('vv', 'vn', 'nv'):
                        checker.operator(row, taken(a), taken(b), mode)
        self.assertGreater(checker.checked, 3000)
        if checker.failures:
            self.fail(report(checker.failures, "inexact results at ints and Fractions"))

    def test_first_and_second_derivatives_are_exact_across_the_float_range(self):
        """Derivatives are exact across the whole floating-point range; a formula must
        not overflow, underflow or lose precision where the true derivative is representable.

        A seeded sweep: each function at inputs log-uniform in magnitude from the smallest
        subnormal to near overflow, both signs, plus a band around 1, plus 0.0, -0.0, +-inf and
        its edges (where it is defined: math raises or gives nan elsewhere); pow with the base
        swept and each of POW_EXPONENTS as a plain number on the right (slope in the base), and
        with positive bases (and negative ones, whose exponent slope is nan) and the exponent a
        Variable (slope in the exponent); add, sub, mul and div with both operands swept.

        Expected: the reference rounded to float (+-inf beyond the largest float).  Tolerance:
        1e-13 relative + 2**-1070 (16 subnormal ulps) for first derivatives; nan only with nan;
        infinities exactly.  Second derivatives: 1e-12 relative, since they are built by the
        chain rule from rounded first-order factors, and sums of two such products can cancel
        a few digits honestly (e.g. b*out/a differentiated in a) -- still a million times
        tighter than any overflow, underflow or lost-precision error.

        Every failure is collected, and one report lists them all (capped at 60 lines)."""
        checker = Checker(rel_first=1e-13, rel_second=1e-12, value_rel=1e-13,
                          across_the_range=True)
        exactness_sweep(checker)
        self.assertGreater(checker.checked, 3000)
        if checker.failures:
            self.fail(report(checker.failures, "inexact values or derivatives"))


if __name__ == '__main__':
    unittest.main()
