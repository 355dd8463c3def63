"""Reverse-mode automatic differentiation for scalars, in one pure-Python module.

Build expressions from Variables with ordinary Python arithmetic, call backward(), read
derivatives:

>>> x = Variable(7.0); y = Variable(10.0); z = Variable(1.0)
>>> q = x * y
>>> a = q + 3 * z + x
>>> a.value
80.0
>>> a.backward()
>>> x.d.value, y.d.value, z.d.value, q.d.value
(11.0, 7.0, 3.0, 1.0)

backward() visits each node once, without recursion, so shared subexpressions and graphs a
million nodes deep cost time in proportion to their size. backward(create_graph=True) makes
the derivatives differentiable Variables, for derivatives of any order; grad(f) does the same
for functions, JAX-style.

The map of this file, one section per concern, in this order:

    The operation table       every operation's value and derivatives, once (_Operation rows)
    Recording switch          no_grad
    Training loops            spare_collector
    Numbers                   the helpers of the table's formulas; how messages show numbers
    The Variable node         the class's state and hand-written behaviour (_VariableCore)
    Functions                 exp(x) beside x.exp(), made from the rows; _apply, the shared path
    A drop-in for math        from autograd import math: every name of Python's math
    Your own operations       @differentiable: a row of the table made at run time
    backward                  the special slopes, the walk, and the two sweeps
    Functional tools          grad, value_and_grad, jacobian, hessian, jvp, vjp, gradcheck
    jit                       trace once, then run straight-line code
    Seeing the graph          expression(), to_dot()
    Copies                    pickle and deepcopy, at any depth
    Text and command line     gradients("x * y", ...), python3 autograd.py "x*y" x=1 y=2
    Appendix                  class Variable: the operators and functions of the table, written
                              out by tools/regenerate.py (do not edit there)
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import functools
import gc
import importlib
import inspect
import json
import keyword
import math as _math        # this module's own math (the name math is the drop-in, below)
import numbers
import operator
import re
import sys
import textwrap
import threading
import types
import unicodedata
import warnings
import weakref
from fractions import Fraction
from typing import (TYPE_CHECKING, Any, Callable, Dict, Iterable, Iterator, List,
                    NamedTuple, Optional, Protocol, Sequence, TypeVar, Union, overload)

__all__ = [
    'Variable', 'Value', 'no_grad', 'spare_collector', 'grad', 'value_and_grad', 'jacobian',
    'hessian', 'jacfwd', 'jacrev', 'jvp', 'vjp', 'differentiable', 'gradcheck', 'jit', 'gradients',
    'exp', 'log', 'sqrt', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan',
    'sinh', 'cosh', 'tanh', 'sigmoid', 'relu', 'softplus', 'log1p', 'expm1',
    'asinh', 'acosh', 'atanh', 'exp2', 'log2', 'log10', 'cbrt', 'erf', 'erfc', 'gamma', 'lgamma',
    'fabs', 'atan2', 'hypot', 'copysign', 'fmod', 'remainder', 'leaky_relu', 'elu', 'silu',
    'gelu',
]

Number = Union[float, numbers.Real]    # what a Variable holds: int, float, Fraction, NumPy's
_Function = TypeVar('_Function', bound=Callable[..., Any])


# ---------------------------------------------------------------------------------------------
# The operation table: every value and every derivative, once
# ---------------------------------------------------------------------------------------------
#
# Each row is an operation: its value, and its local derivatives as functions of the operands
# (a and b for an operator, x for a function) and the result, out. local_a and local_b give the
# number stored on the node at forward time, the slope that backward() multiplies by. They are
# written with this module's own functions, which take Variables as well as numbers, so the
# same formula, run on the node's Variables under backward(create_graph=True), builds the
# derivative graph that gives derivatives of any order. Where a slope chooses by the value
# (relu's mask, abs's sign, tanh's and atan's two exact forms), rule_a says what create_graph
# runs instead: the slope as a row of its own (below), so the choice is a node of the derivative
# graph, made anew wherever that graph is computed again (jit's code computes it on every call),
# never decided once where it was built. This is the table PyTorch keeps in derivatives.yaml.
#
# The operators and public functions are written out from these rows, formulas inlined, in the
# appendix at the end of the module (tools/regenerate.py writes them). Everything else reads the
# rows: the module functions, the internal rows, backward under create_graph, and jit.

class _Operation:
    """One row of the table.

    name        what to_dot() and pickle call it
    method      the Variable method that computes it (a module function of the same name, too,
                unless it is an operator); a leading _ marks an internal row
    shows       how expression() writes it, with {a} {b} or {x} for the operands
    value       the value: a function of the operands' numbers
    local_a     d(out)/da (or d(out)/dx): a function of the operands and out
    local_b     d(out)/db, for an operator
    rule_a      what backward(create_graph=True) runs for local_a, where that differs
    micrograd   how micrograd's _op names it ('+', '*', 'ReLU'; a power adds its exponent)
    numpy       the method's name to NumPy, where it differs (arcsin), for arrays of Variables
    """
    __slots__ = ('name', 'method', 'shows', 'parts', 'value', 'local_a', 'local_b', 'rule_a',
                 'rule_b', 'micrograd', 'numpy')

    def __init__(self, name: str, method: str, shows: str, *, value: Callable[..., Any],
                 local_a: Callable[..., Any], local_b: Optional[Callable[..., Any]] = None,
                 rule_a: Optional[Callable[..., Any]] = None, micrograd: Optional[str] = None,
                 numpy: Optional[str] = None):
        self.name, self.method, self.shows, self.value = name, method, shows, value
        self.parts = re.split(r'{(\w)}', shows)   # '({a} + {b})': ['(', 'a', ' + ', 'b', ')']
        self.local_a, self.local_b = local_a, local_b
        self.rule_a, self.rule_b = rule_a or local_a, local_b
        self.micrograd = name if micrograd is None else micrograd
        self.numpy = numpy

    @property
    def is_operator(self):
        return self.method.startswith('__') and self.local_b is not None

    @property
    def reflected(self):
        """The reflected method of an operator: __rmul__ for __mul__."""
        return '__r' + self.method[2:]

    def __repr__(self):
        return f"<operation {self.name}>"

    def __reduce__(self):     # pickled by name: its rules are lambdas, which pickle cannot save
        return _operation_named, (self.name,)


_ADD = _Operation('add', '__add__', '({a} + {b})', micrograd='+',
                  value=lambda a, b: a + b,
                  local_a=lambda a, b, out: 1,
                  local_b=lambda a, b, out: 1)
_SUB = _Operation('sub', '__sub__', '({a} - {b})', micrograd='-',
                  value=lambda a, b: a - b,
                  local_a=lambda a, b, out: 1,
                  local_b=lambda a, b, out: -1)
_MUL = _Operation('mul', '__mul__', '({a} * {b})', micrograd='*',
                  value=lambda a, b: a * b,
                  local_a=lambda a, b, out: b,
                  local_b=lambda a, b, out: a)
_DIV = _Operation('div', '__truediv__', '({a} / {b})', micrograd='/',
                  value=lambda a, b: _divide(a, b),
                  local_a=lambda a, b, out: _inverse(b),
                  local_b=lambda a, b, out: -out / b if type(out) is type(b) is float
                  and _SMALLEST_NORMAL <= abs(out) < _math.inf else _d_quotient_in_b(a, b, out))
_POW = _Operation('pow', '__pow__', '({a} ** {b})', micrograd='**',
                  value=lambda a, b: _power(a, b),
                  local_a=lambda a, b, out: _d_pow_base(a, b, out),
                  local_b=lambda a, b, out: _d_pow_exponent(a, b, out))

_NEG = _Operation('neg', '__neg__', '(-{x})', value=lambda x: -x, local_a=lambda x, out: -1)
_POS = _Operation('pos', '__pos__', '(+{x})', value=lambda x: +x, local_a=lambda x, out: 1)
_ABS = _Operation('abs', '__abs__', 'abs({x})', value=abs,
                  local_a=lambda x, out: _sign_or_masked(x),
                  rule_a=lambda x, out: _sign(x))
_EXP = _Operation('exp', 'exp', 'exp({x})', value=_math.exp, local_a=lambda x, out: out)
_LOG = _Operation('log', 'log', 'log({x})', value=lambda x: _log_value(x),
                  local_a=lambda x, out: _inverse(x))
_SQRT = _Operation('sqrt', 'sqrt', 'sqrt({x})', value=_math.sqrt,
                   local_a=lambda x, out: 0.5 * _reciprocal(out))
_SIN = _Operation('sin', 'sin', 'sin({x})', value=_math.sin, local_a=lambda x, out: cos(x))
_COS = _Operation('cos', 'cos', 'cos({x})', value=_math.cos, local_a=lambda x, out: -sin(x))
_TAN = _Operation('tan', 'tan', 'tan({x})', value=_math.tan,
                  local_a=lambda x, out: 1 + out * out)
_ASIN = _Operation('asin', 'asin', 'asin({x})', value=_math.asin, numpy='arcsin',
                   local_a=lambda x, out: _reciprocal(sqrt(_one_minus_square(x))))
_ACOS = _Operation('acos', 'acos', 'acos({x})', value=_math.acos, numpy='arccos',
                   local_a=lambda x, out: -_reciprocal(sqrt(_one_minus_square(x))))
_ATAN = _Operation('atan', 'atan', 'atan({x})', value=_math.atan, numpy='arctan',
                   local_a=lambda x, out: _d_atan(x),
                   rule_a=lambda x, out: _atan_slope(x))
_SINH = _Operation('sinh', 'sinh', 'sinh({x})', value=_math.sinh, local_a=lambda x, out: cosh(x))
_COSH = _Operation('cosh', 'cosh', 'cosh({x})', value=_math.cosh, local_a=lambda x, out: sinh(x))
_TANH = _Operation('tanh', 'tanh', 'tanh({x})', value=_math.tanh,
                   local_a=lambda x, out: _sech_squared_value(x, out),
                   rule_a=lambda x, out: _sech_squared(x))
_SIGMOID = _Operation('sigmoid', 'sigmoid', 'sigmoid({x})', value=lambda x: _sigmoid(x),
                      local_a=lambda x, out: 0.25 * _sech_squared_value(0.5 * x),
                      rule_a=lambda x, out: 0.25 * _sech_squared(0.5 * x))
_RELU = _Operation('relu', 'relu', 'relu({x})', micrograd='ReLU',
                   value=lambda x: 0.0 if x <= 0 else float(x),
                   local_a=lambda x, out: _MASKED if x <= 0 else 1.0,
                   rule_a=lambda x, out: _step(x))
_SOFTPLUS = _Operation('softplus', 'softplus', 'softplus({x})', value=lambda x: _softplus(x),
                       local_a=lambda x, out: sigmoid(x))
_LOG1P = _Operation('log1p', 'log1p', 'log1p({x})', value=_math.log1p,
                    local_a=lambda x, out: 1 / (1 + x))
_EXPM1 = _Operation('expm1', 'expm1', 'expm1({x})', value=_math.expm1,
                    local_a=lambda x, out: exp(x))

# relu keeps nan as nan, and relu and abs have slope 0 at 0: PyTorch's conventions.

_ASINH = _Operation('asinh', 'asinh', 'asinh({x})', value=_math.asinh, numpy='arcsinh',
                    local_a=lambda x, out: _d_asinh(x),
                    rule_a=lambda x, out: _asinh_slope(x))
_ACOSH = _Operation('acosh', 'acosh', 'acosh({x})', value=_math.acosh, numpy='arccosh',
                    local_a=lambda x, out: _reciprocal(sqrt(x - 1) * sqrt(x + 1)))
_ATANH = _Operation('atanh', 'atanh', 'atanh({x})', value=_math.atanh, numpy='arctanh',
                    local_a=lambda x, out: _reciprocal(_one_minus_square(x)))
_EXP2 = _Operation('exp2', 'exp2', 'exp2({x})', value=lambda x: _exp2(x),
                   local_a=lambda x, out: out * _LN2)
_LOG2 = _Operation('log2', 'log2', 'log2({x})', value=_math.log2,
                   local_a=lambda x, out: _LOG2_E * _inverse(x))
_LOG10 = _Operation('log10', 'log10', 'log10({x})', value=_math.log10,
                    local_a=lambda x, out: _LOG10_E * _inverse(x))
_CBRT = _Operation('cbrt', 'cbrt', 'cbrt({x})', value=lambda x: _cbrt(x),
                   local_a=lambda x, out: _inverse(3 * out * out))
_ERF = _Operation('erf', 'erf', 'erf({x})', value=_math.erf,
                  local_a=lambda x, out: _TWO_OVER_SQRT_PI * exp(-x * x))
_ERFC = _Operation('erfc', 'erfc', 'erfc({x})', value=_math.erfc,
                   local_a=lambda x, out: -_TWO_OVER_SQRT_PI * exp(-x * x))
_GAMMA = _Operation('gamma', 'gamma', 'gamma({x})', value=_math.gamma,
                    local_a=lambda x, out: out * _polygamma(0, x))
_LGAMMA = _Operation('lgamma', 'lgamma', 'lgamma({x})', value=_math.lgamma,
                     local_a=lambda x, out: _polygamma(0, x))
_FABS = _Operation('fabs', 'fabs', 'fabs({x})', value=_math.fabs,
                   local_a=lambda x, out: _sign_or_masked(x),
                   rule_a=lambda x, out: _sign(x))

# Python's % and // (a % b takes b's sign): the slope of a % b in b is -(a // b), PyTorch's, and
# // is flat. Functions of two numbers, beside math's:
_MOD = _Operation('mod', '__mod__', '({a} % {b})', micrograd='%',
                  value=lambda a, b: _modulo(a, b),
                  local_a=lambda a, b, out: 1,
                  local_b=lambda a, b, out: -(a // b))
_FLOORDIV = _Operation('floordiv', '__floordiv__', '({a} // {b})', micrograd='//',
                       value=lambda a, b: _floor_divide(a, b),
                       local_a=lambda a, b, out: _MASKED,
                       local_b=lambda a, b, out: _MASKED)
_ATAN2 = _Operation('atan2', 'atan2', 'atan2({a}, {b})', value=_math.atan2, numpy='arctan2',
                    local_a=lambda a, b, out: b * _inverse(hypot(a, b)) * _inverse(hypot(a, b)),
                    local_b=lambda a, b, out: -a * _inverse(hypot(a, b)) * _inverse(hypot(a, b)))
_HYPOT = _Operation('hypot', 'hypot', 'hypot({a}, {b})', value=_math.hypot,
                    local_a=lambda a, b, out: _ratio(a, out),
                    local_b=lambda a, b, out: _ratio(b, out))
_COPYSIGN = _Operation('copysign', 'copysign', 'copysign({a}, {b})', value=_math.copysign,
                       local_a=lambda a, b, out: _sign_or_masked(a) * _unit_sign(b),
                       rule_a=lambda a, b, out: _sign(a) * _unit_sign(b),
                       local_b=lambda a, b, out: _MASKED)
_FMOD = _Operation('fmod', 'fmod', 'fmod({a}, {b})', value=_math.fmod,
                   local_a=lambda a, b, out: 1,
                   local_b=lambda a, b, out: -_trunc_quotient(a, b))
_REMAINDER = _Operation('remainder', 'remainder', 'remainder({a}, {b})', value=_math.remainder,
                        local_a=lambda a, b, out: 1,
                        local_b=lambda a, b, out: -_nearest_quotient(a, b))

# The activations PyTorch users reach for, with PyTorch's slopes at 0 (leaky_relu's and elu's
# are those of the side x <= 0). The second operand is the parameter: negative_slope, alpha.
_LEAKY_RELU = _Operation('leaky_relu', 'leaky_relu', 'leaky_relu({a}, {b})',
                         value=lambda a, b: _leaky_relu_value(a, b),
                         local_a=lambda a, b, out: _leaky_slope(a, b),
                         local_b=lambda a, b, out: _negative_part(a))
_ELU = _Operation('elu', 'elu', 'elu({a}, {b})', value=lambda a, b: _elu_value(a, b),
                  local_a=lambda a, b, out: _leaky_slope(a, b * exp(_negative_part(a))),
                  local_b=lambda a, b, out: expm1(_negative_part(a)))


# Internal rows, for derivative formulas. reciprocal: 1 / x, but ±inf at ±0, for the
# derivatives that are infinite there. one_minus_square: 1 - x * x without cancelling near ±1,
# and with the slope -2x (the product (1 - x)(1 + x) differentiates to a sum that cancels near
# 0). float: what a transform given numbers does to its results (float(), but inf for an int
# too large), as an operation, so that jit can trace it.
_RECIPROCAL = _Operation('reciprocal', '_reciprocal', '(1 / {x})', value=lambda x: _reciprocal_or_inf(x),
                         local_a=lambda x, out: -out * out)
_ONE_MINUS_SQUARE = _Operation('one_minus_square', '_one_minus_square', '(1 - {x} * {x})',
                               value=lambda x: _one_minus_square_value(x),
                               local_a=lambda x, out: -2 * x)
_FLOAT = _Operation('float', '_as_float', 'float({x})', value=lambda x: _float_or_inf(x),
                    local_a=lambda x, out: 1)

# The slopes that choose by the value, as rows: each is the local_a of the row named, and its
# own slope is exact where it is representable (atan_slope's, -2x / (1 + x^2)^2, takes
# x / (1 + x^2) as a row too, exact at 0 and at infinity alike).
_STEP = _Operation('step', '_step', 'step({x})', value=lambda x: _RELU.local_a(x, None),
                   local_a=lambda x, out: _MASKED)
_SIGN = _Operation('sign', '_sign', 'sign({x})', value=lambda x: _sign_or_masked(x),
                   local_a=lambda x, out: _MASKED)
_SECH_SQUARED = _Operation('sech_squared', '_sech_squared', 'sech_squared({x})',
                           value=lambda x: _sech_squared_value(x),
                           local_a=lambda x, out: -2 * out * tanh(x))
_ATAN_SLOPE = _Operation('atan_slope', '_atan_slope', 'atan_slope({x})', value=lambda x: _d_atan(x),
                         local_a=lambda x, out: -2 * out * _x_over_one_plus_square(x))
_X_OVER_ONE_PLUS_SQUARE = _Operation('x_over_one_plus_square', '_x_over_one_plus_square',
                                     '({x} / (1 + {x} * {x}))',
                                     value=lambda x: _x_over_one_plus_square_value(x),
                                     local_a=lambda x, out: _atan_slope(x) - 2 * out * out)

_ASINH_SLOPE = _Operation('asinh_slope', '_asinh_slope', 'asinh_slope({x})',
                          value=lambda x: _d_asinh(x),
                          local_a=lambda x, out: -x * out * out * out)
_NEGATIVE_PART = _Operation('negative_part', '_negative_part', 'min({x}, 0)',
                            value=lambda x: x if x <= 0 else 0.0,
                            local_a=lambda x, out: 1.0 if x <= 0 else _MASKED,
                            rule_a=lambda x, out: 1 - _step(x))
# A factor 1 whose slope is nan: the exponent derivative of a negative base, which does not
# exist, carried through a power computed in halves (see _times_power).
_NAN_SLOPE = _Operation('nan_slope', '_nan_slope', 'nan_slope({x})', value=lambda x: 1,
                        local_a=lambda x, out: x * _math.nan)
# a ** b * log(a), the exponent slope of a ** b for a > 0, as a row: its own slopes are then
# formulas of a and b, exact where a ** b under- or overflows but they do not (the Hessian of
# a ** b at a = 1e-200, b = 2: the product rule through the halves of a ** b would underflow).
_POWER_LOG = _Operation('power_log', '_power_log', '({a} ** {b} * log({a}))',
                        value=lambda a, b: _times_power(log(a), a, b),
                        local_a=lambda a, b, out: _times_power(1 + b * log(a), a, b - 1),
                        local_b=lambda a, b, out: _times_power(log(a) * log(a), a, b))
_UNIT_SIGN = _Operation('unit_sign', '_unit_sign', 'copysign(1, {x})',
                        value=lambda x: _math.copysign(1.0, x),
                        local_a=lambda x, out: _MASKED)
_LEAKY_SLOPE = _Operation('leaky_slope', '_leaky_slope', 'leaky_slope({a}, {b})',
                          value=lambda a, b: 1.0 if a > 0 else b,
                          local_a=lambda a, b, out: _MASKED,
                          local_b=lambda a, b, out: 1 - _step(a))
_TRUNC_QUOTIENT = _Operation('trunc_quotient', '_trunc_quotient', 'trunc({a} / {b})',
                             value=lambda a, b: (a - _math.fmod(a, b)) / b,
                             local_a=lambda a, b, out: _MASKED,
                             local_b=lambda a, b, out: _MASKED)
_NEAREST_QUOTIENT = _Operation('nearest_quotient', '_nearest_quotient', 'round({a} / {b})',
                               value=lambda a, b: (a - _math.remainder(a, b)) / b,
                               local_a=lambda a, b, out: _MASKED,
                               local_b=lambda a, b, out: _MASKED)
# polygamma(n, x): the (n + 1)th derivative of lgamma (digamma for n = 0), for gamma's and
# lgamma's slopes; its slope in x is polygamma(n + 1, x), so every order is there. n is a number.
_POLYGAMMA = _Operation('polygamma', '_polygamma', 'polygamma({a}, {b})',
                        value=lambda a, b: _polygamma_value(a, b),
                        local_a=lambda a, b, out: _math.nan,
                        local_b=lambda a, b, out: _polygamma(a + 1, b))

_TABLE = (_ADD, _SUB, _MUL, _DIV, _POW, _NEG, _POS, _ABS, _EXP, _LOG, _SQRT, _SIN, _COS, _TAN,
          _ASIN, _ACOS, _ATAN, _SINH, _COSH, _TANH, _SIGMOID, _RELU, _SOFTPLUS, _LOG1P, _EXPM1,
          _ASINH, _ACOSH, _ATANH, _EXP2, _LOG2, _LOG10, _CBRT, _ERF, _ERFC, _GAMMA, _LGAMMA,
          _FABS, _MOD, _FLOORDIV, _ATAN2, _HYPOT, _COPYSIGN, _FMOD, _REMAINDER, _LEAKY_RELU, _ELU,
          _RECIPROCAL, _ONE_MINUS_SQUARE, _FLOAT, _STEP, _SIGN, _SECH_SQUARED, _ATAN_SLOPE,
          _X_OVER_ONE_PLUS_SQUARE, _ASINH_SLOPE, _NEGATIVE_PART, _NAN_SLOPE, _POWER_LOG, _UNIT_SIGN, _LEAKY_SLOPE, _TRUNC_QUOTIENT,
          _NEAREST_QUOTIENT, _POLYGAMMA)
_OPERATIONS = {operation.name: operation for operation in _TABLE}
_PUBLIC_FUNCTIONS = tuple(op.method for op in _TABLE   # of one argument: exp(x), x.exp()
                          if op.local_b is None and not op.method.startswith('_'))


def _operation_named(name):
    """The row called name: one of the table's, or one made by @differentiable (whose module is
    imported, and so its operations made, where it is not yet: an unpickled graph names it)."""
    if name not in _OPERATIONS and ':' in name:
        module, _, _ = name.partition(':')
        importlib.import_module(module)
    return _OPERATIONS[name]



# ---------------------------------------------------------------------------------------------
# Recording switch: no_grad
# ---------------------------------------------------------------------------------------------

class _GradMode(threading.local):
    depth = 0                       # how many no_grad blocks this thread is inside


_grad_mode = _GradMode()
_threads_without_grad = 0           # threads inside no_grad now; while 0, operations skip the
_threads_lock = threading.Lock()    # per-thread lookup, so the switch costs nothing unused


def _set_no_grad_depth(depth):
    """Set this thread's no_grad depth, keeping the count of threads inside no_grad true."""
    global _threads_without_grad
    was_inside, inside = _grad_mode.depth > 0, depth > 0
    _grad_mode.depth = depth
    if inside != was_inside:
        with _threads_lock:
            _threads_without_grad += 1 if inside else -1


class no_grad:
    """Context manager (or decorator) inside which operations record no graph, in this thread.

    >>> x = Variable(3.0)
    >>> with no_grad():
    ...     y = x * x
    >>> y.requires_grad
    False

    It stops recording, never differentiation: backward(create_graph=True) and grad() record
    the graphs they need inside it too, as PyTorch's backward and torch.func.grad do. As a
    decorator of a generator function, it covers the generator's body each time it runs, and
    not the caller's code between its yields.
    """

    def __enter__(self) -> no_grad:
        _set_no_grad_depth(_grad_mode.depth + 1)
        return self

    def __exit__(self, *exc_info: object) -> None:
        _set_no_grad_depth(_grad_mode.depth - 1)

    def __call__(self, function: _Function) -> _Function:
        if inspect.isgeneratorfunction(function):
            @functools.wraps(function)
            def generator_without_grad(*args, **kwargs):
                return (yield from _each_step_without_grad(function(*args, **kwargs)))
            return generator_without_grad  # type: ignore[return-value]

        @functools.wraps(function)
        def without_grad(*args, **kwargs):
            with no_grad():
                return function(*args, **kwargs)
        return without_grad  # type: ignore[return-value]


def _each_step_without_grad(generator):
    """Drive generator, each of its steps inside no_grad(), passing sent values, thrown
    exceptions and close() through (as PyTorch's decorator does)."""
    try:
        with no_grad():
            response = generator.send(None)
        while True:
            try:
                request = yield response
            except GeneratorExit:
                with no_grad():
                    generator.close()
                raise
            except BaseException as error:
                with no_grad():
                    response = generator.throw(error)
            else:
                with no_grad():
                    response = generator.send(request)
    except StopIteration as finished:
        return finished.value


@contextlib.contextmanager
def _recording():
    """Record graphs in this thread even inside no_grad(), for the differentiation that asks."""
    depth = _grad_mode.depth
    _set_no_grad_depth(0)
    try:
        yield
    finally:
        _set_no_grad_depth(depth)


# ---------------------------------------------------------------------------------------------
# Training loops: spare_collector
# ---------------------------------------------------------------------------------------------

@contextlib.contextmanager
def spare_collector(threshold: int = 100_000) -> Iterator[None]:
    """Context manager (or decorator): Python's cycle collector runs less often inside it.

    A training loop builds and drops a graph per step. This engine's graphs hold no reference
    cycles, so reference counting frees them, but CPython's collector still counts every node
    made and scans the young ones every 700 allocations (2,000 on 3.13): about a third of a
    forward pass, and a full collection every step or two. Inside the block its first threshold
    is at least threshold (100,000 allocations by default); on leaving, even by an exception,
    the settings are as they were. Nested blocks work; the setting is the process's, not the
    thread's. Cycles (those of backward(create_graph=True), say) are still collected, only
    later. On PyPy, whose collector has no thresholds, the block changes nothing.

    >>> w = Variable(0.0)
    >>> with spare_collector():
    ...     for step in range(100):
    ...         loss = (w * 3.0 - 6.0) ** 2
    ...         loss.backward()
    ...         w.value -= 0.05 * w.grad
    >>> round(w.value, 9)
    2.0
    """
    if not hasattr(gc, 'get_threshold'):
        yield
        return
    previous = gc.get_threshold()
    gc.set_threshold(max(threshold, previous[0]), *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


# ---------------------------------------------------------------------------------------------
# Numbers: the helpers of the table's formulas, and how messages show numbers
# ---------------------------------------------------------------------------------------------

def _domain_error(error, call):
    """The error math raised, again, with the call that caused it in the message (once: a
    helper such as _power may have named it already)."""
    if getattr(error, 'names_its_call', False):
        return error
    message = str(error)
    if _traces_running and _tracing.trace is not None and _tracing.trace.hidden is None:
        _tracing.trace.hidden = (f"an error was raised while it was traced ({call}), which f "
                                 f"may catch, and jit cannot check for that on later calls")
    named = type(error)(message if message.startswith(f"{call}: ") else f"{call}: {message}")
    named.names_its_call = True
    return named


_LONGEST_SHOWN_INT = 50      # digits: a message shows a longer int by its size


def _shown(x):
    """x as an error message shows it: as Python writes it, but a NumPy float as the float it is
    (1.0, not np.float64(1.0), so every number type gets the same message), and an int of more
    than 50 digits by its size (Python refuses to print one of more than 4,300 at all), and a
    Fraction with such a part likewise."""
    if isinstance(x, numbers.Integral):
        x = int(x)
        digits = _digit_count(x)
        if digits > _LONGEST_SHOWN_INT:
            return f"<an int of {digits:,} digits>"
    elif isinstance(x, Fraction):
        digits = max(_digit_count(x.numerator), _digit_count(x.denominator))
        if digits > _LONGEST_SHOWN_INT:
            return (f"<a Fraction of {_digit_count(x.numerator):,} / "
                    f"{_digit_count(x.denominator):,} digits>")
    elif isinstance(x, numbers.Real) and not isinstance(x, numbers.Rational):
        x = float(x)
    return repr(x)


def _digit_count(n):
    if n.bit_length() < 14_000:        # below Python's 4,300-digit limit for str()
        return len(str(abs(n)))
    return len(_full_text(abs(n)))


def _full_text(x):
    """repr(x), also for an int (or a Fraction's part) past the 4,300 digits Python refuses to
    print."""
    if isinstance(x, int) and x.bit_length() >= 14_000:
        return ('-' if x < 0 else '') + _decimal_digits(abs(x))
    if isinstance(x, Fraction) and max(x.numerator.bit_length(), x.denominator.bit_length()) >= 14_000:
        return f"Fraction({_full_text(x.numerator)}, {_full_text(x.denominator)})"
    return repr(x)


def _decimal_digits(n):
    """The decimal digits of the int n >= 0, in pieces short enough for str() on any Python
    (its limit is 4,300 digits, and decimal.Decimal meets it too where it is pure Python)."""
    if n.bit_length() < 14_000:
        return str(n)
    half = int(n.bit_length() * 0.30103) // 2           # about half of n's digits
    high, low = divmod(n, 10 ** half)
    return _decimal_digits(high) + _decimal_digits(low).zfill(half)


def _power_call(a, b):
    """'a ** b' for a message, a negative base in parentheses (-2 ** 2 reads as -(2 ** 2))."""
    base = _shown(a)
    return f"{'(' + base + ')' if base.startswith('-') else base} ** {_shown(b)}"


def _divide(a, b):
    if not b:   # tested first: NumPy's scalars answer inf or nan with a warning where Python raises
        raise _domain_error(ZeroDivisionError("division by zero"), f"{_shown(a)} / {_shown(b)}")
    try:
        return a / b
    except OverflowError as error:    # an int quotient too large for a float
        raise _domain_error(error, f"{_shown(a)} / {_shown(b)}") from None


def _power(a, b):
    if type(a) not in _PLAIN_NUMBERS or type(b) not in _PLAIN_NUMBERS:
        a, b = _python_number(a), _python_number(b)
    try:
        value = a ** b
    except ZeroDivisionError as error:
        raise _domain_error(error, _power_call(a, b)) from None
    except OverflowError:   # Python says "(34, 'Numerical result out of range')"; math says:
        raise _domain_error(OverflowError("math range error"), _power_call(a, b)) from None
    if type(value) is complex:   # Python's ** goes complex where math.pow refuses
        raise _domain_error(ValueError("math domain error (a negative number to a fractional "
                                       "power is not real)"), _power_call(a, b))
    return value


def _python_number(x):
    """x as Python's own int or float, if it is another kind (NumPy's): their powers wrap
    around silently, or answer nan and inf with a warning, where Python computes or raises.
    Fractions stay Fractions."""
    if type(x) in _PLAIN_NUMBERS or isinstance(x, Fraction):
        return x
    return int(x) if isinstance(x, numbers.Integral) else float(x)


def _log_value(x):
    """math.log(x); also for a Fraction past the floats, which math takes as a float of 0 or
    inf (log(1 / 10 ** 400) is -921.03..., as log(10 ** 400) is 921.03... to math)."""
    try:
        return _math.log(x)
    except (ValueError, OverflowError):
        if isinstance(x, Fraction) and x > 0:
            return _math.log(x.numerator) - _math.log(x.denominator)
        raise


def _inverse(x):
    """1 / x as a slope: a _Divisor where it overflows; on Variables, the reciprocal row, whose
    value is that too, so that the derivative graph divides as the numbers do."""
    return _reciprocal(x) if isinstance(x, Variable) else _reciprocal_or_inf(x)


_INFINITIES = (_math.inf, -_math.inf)


def _reciprocal_or_inf(x: Any) -> float:
    """1 / x; ±inf at ±0; a _Divisor where 1 / x is not a normal float, for a finite x."""
    if not x:
        return _math.copysign(_math.inf, x)
    slope = 1 / x
    if _SMALLEST_NORMAL <= abs(slope) < _math.inf or x in _INFINITIES:
        return slope
    return _Divisor(x)


def _one_minus_square_value(x):
    return 1 - x * x if -0.5 < x < 0.5 else (1 - x) * (1 + x)


def _sigmoid(x):
    if x >= 0:
        return 1.0 / (1.0 + _math.exp(-x))
    z = _math.exp(x)                  # x < 0: exp(-x) could overflow, exp(x) cannot
    return z / (1.0 + z)


def _softplus(x):
    return max(x, 0.0) + _math.log1p(_math.exp(-abs(x)))   # log(1 + e^x), without overflow


# -- derivative formulas that need care ----------------------------------------------------------
#
# Each is exact wherever the true derivative is a representable float: no intermediate may
# overflow, underflow or cancel where the result would not. They take and give Variables as
# well as numbers, so under create_graph they are differentiated like any other formula.

def _sign_or_masked(x):
    """abs's slope: the sign of x, masked at 0 (PyTorch's abs'(0) = 0), nan at nan."""
    return 1.0 if x > 0 else -1.0 if x < 0 else _MASKED if x == 0 else _math.nan


# Formulas that choose between two forms by the value take each form where it is exact (their
# derivatives are rows of the table, below it). sigmoid's slope is sech(x / 2) ** 2 / 4.

def _sech_squared_value(x, tanh_of_x=None):
    """1 / cosh(x) ** 2 = 1 - tanh(x) ** 2 (tanh's slope), in the form that is exact: the second
    near 0; beyond, the first, from exp(-|x|), which cannot overflow (1 - tanh(x) ** 2 cancels
    to 0 from |x| = 19 on, where the true slope is still 1e-16)."""
    if -0.5 < x < 0.5:
        t = _math.tanh(x) if tanh_of_x is None else tanh_of_x
        return 1 - t * t
    e = _math.exp(-x) if x >= 0 else _math.exp(x)
    sech = 2 * e / (1 + e * e)
    return sech * sech


def _d_atan(x):
    """1 / (1 + x ** 2), without x ** 2 overflowing where the result is still representable."""
    if abs(x) <= 1:
        return 1 / (1 + x * x)
    r = 1 / x
    return r * r / (1 + r * r)


def _x_over_one_plus_square_value(x: Any) -> float:
    """x / (1 + x ** 2), likewise (0 at infinity, where x * atan's slope would be inf * 0)."""
    if abs(x) <= 1:
        return x / (1 + x * x)
    r = 1 / x
    return r / (1 + r * r)


_SMALLEST_NORMAL: float = sys.float_info.min


def _times_power(c, a, e, power=None, negative=False):
    """c * a ** e, negated if negative (power: a ** e, when already known), exact wherever the
    product is representable.

    a ** e alone can overflow or underflow where the product does not (x ** 2 at 1e-170 has the
    slope 2e-170, but 2 * out / x gives 0); the power is then taken in two halves."""
    c, a, e = (x if isinstance(x, Variable) else _python_number(x) for x in (c, a, e))
    if _decided(_is_zero_to_negative, a, e):
        # an infinite slope at 0, as for sqrt; +inf at -0.0 too, where b - 1 may have rounded
        if _decided(_has_minus_sign, a):         # to odd
            a = a + 0.0                          # -0.0 + 0.0 is 0.0, with slope 1
        product = c * _reciprocal(a ** -e)
        return -product if negative else product
    if power is None and not _decided(_power_overflows, a, e):
        power = a ** e
    if power is not None and _decided(_power_is_direct, power, a, e):
        product = _exactly(operator.mul, c, power)
    else:
        negative_base = _decided(_is_negative, a)
        half = (-a if negative_base else a) ** (e / 2)   # a negative base: an integer exponent
        product = (c * half) * half
        if negative_base and _decided(_is_odd, e):
            product = -product
        if negative_base and isinstance(e, Variable):
            product = product * _nan_slope(e)      # (-a) ** (e / 2) has a slope in e; a ** e not
    return -product if negative else product


# The decisions the power's slopes take on values. Each is watched (see jit): a trace keeps it
# as a guard, and the compiled code calls the same function on every call.

def _is_zero(x):
    return x == 0


def _is_negative(x):
    return x < 0


def _is_positive(x):
    return x > 0


def _is_odd(n):
    return n % 2 == 1


def _has_minus_sign(x):
    return _math.copysign(1, x) < 0


def _has_plus_sign(x):
    return x > 0 or x == 0 and _math.copysign(1, x) > 0


def _is_nonzero_below_inf(x):
    return x != 0 and x < _math.inf


def _is_zero_to_negative(base, exponent):
    return base == 0 and exponent < 0


def _is_flat_in_exponent(base, exponent):
    return base == 0 or base == _math.inf and exponent < 0


def _has_lost_parity(base, exponent):
    return base < 0 and abs(exponent) >= _LARGEST_EXACT_PARITY


def _is_better_from_out(power, base, exponent):
    """Whether b * a ** (b - 1) is better as b * (out / a): where b - 1 rounds (0.1 - 1), a
    power of it is off by many ulps far out (146 at 1e300), out / a is a normal float, and
    out / a ** 2, which its derivative divides by, does not overflow."""
    return (type(power) is float and type(exponent) is float and (exponent - 1) + 1 != exponent
            and base != 0 and _SMALLEST_NORMAL <= abs(power) < _math.inf
            and _SMALLEST_NORMAL <= abs(power / base) < _math.inf
            and abs(power / base / base) < _math.inf)


def _power_overflows(base, exponent):
    """Whether base ** exponent raises OverflowError (a float power past the largest float)."""
    try:
        _ = base ** exponent
    except OverflowError:
        return True
    return False


def _power_is_direct(p, base, exponent):
    """Whether c * a ** e is exact as it stands (a ** e = p neither overflowed nor underflowed)."""
    return (type(p) is not float or _SMALLEST_NORMAL <= abs(p) < _math.inf or base == 0
            or not _math.isfinite(base) or not _math.isfinite(exponent))


_LARGEST_EXACT_PARITY = 2 ** 53     # past it, every float is even


def _d_pow_base(a, b, out):
    """b * a ** (b - 1). Past 2 ** 53, a float exponent or a float power of an int exponent has
    lost its parity (b - 1 rounds to b), so a negative base's sign is taken from out = a ** b."""
    if _decided(_is_zero, b) and not (isinstance(b, Variable) and _decided(_is_nonzero_below_inf, a)):
        # x ** 0 is the constant 1, even at 0 (PyTorch). Of an exponent that varies, the slope
        # b a^(b-1) still has the slope 1 / a in b (nan below 0), but at a = 0 and inf, where
        # it is masked
        return _MASKED
    if _decided(_has_lost_parity, a, b):
        return _times_power(b, -a, b - 1, negative=_decided(_has_plus_sign, out))
    if _decided(_is_better_from_out, out, a, b):
        return b * (out / a)
    return _times_power(b, a, b - 1)


def _d_pow_exponent(a, b, out):
    if _decided(_is_flat_in_exponent, a, b):
        return _MASKED      # 0 ** y (y < 0 raised already) and inf ** y (y < 0) are flat in y
    if _decided(_is_positive, a):
        if isinstance(a, Variable) or isinstance(b, Variable):
            return _power_log(a, b)        # under create_graph: the row, for exact slopes
        return _times_power(log(a), a, b, out)
    if isinstance(a, Variable) or isinstance(b, Variable):    # nan in a and b at any order,
        return (_as_float(a) + _as_float(b)) * _math.nan     # whatever their size
    return _math.nan                                         # a negative base has no log


def _modulo(a, b):
    if not b:
        raise _domain_error(ZeroDivisionError("modulo by zero"), f"{_shown(a)} % {_shown(b)}")
    return a % b


def _floor_divide(a, b):
    if not b:
        raise _domain_error(ZeroDivisionError("division by zero"), f"{_shown(a)} // {_shown(b)}")
    return a // b


_exp2: Callable[[Any], float] = getattr(_math, 'exp2', lambda x: 2.0 ** x)   # 3.11: exp2, cbrt


def _cbrt_of(x):
    """The cube root where math has no cbrt: x ** (1/3) with one Newton step."""
    if not x or not _math.isfinite(x):
        return float(x)
    y = _math.copysign(abs(x) ** (1 / 3), x)
    return y - (y * y * y - x) / (3 * y * y)


_cbrt: Callable[[Any], float] = getattr(_math, 'cbrt', _cbrt_of)
_LN2 = 0.6931471805599453                 # ln 2, log2(e), log10(e) and 2 / sqrt(pi), each the
_LOG2_E = 1.4426950408889634              # float nearest the true number
_LOG10_E = 0.4342944819032518
_TWO_OVER_SQRT_PI = 1.1283791670955126


def _d_asinh(x):
    """1 / sqrt(1 + x ** 2), without x ** 2 overflowing where the result is representable."""
    if abs(x) <= 1:
        return 1 / _math.sqrt(1 + x * x)
    r = 1 / x
    return abs(r) / _math.sqrt(1 + r * r)


def _d_quotient_in_b(a, b, out):
    """d(a / b)/db = -a / b ** 2 where out is not a normal float (the table takes -out / b
    where it is): -out / b exactly, for ints past the floats, but -a / (b * b) where out is
    subnormal, whose lost digits -out / b would keep."""
    if isinstance(out, Variable) or isinstance(b, Variable):
        subnormal = _decided(_is_subnormal_quotient, out, b)
    else:
        subnormal = _is_subnormal_quotient(out, b)
    if subnormal:
        return -a / (b * b)
    return _exactly(operator.truediv, -out, b)


def _is_subnormal_quotient(out, b):
    return 0 < abs(out) < _SMALLEST_NORMAL and _SMALLEST_NORMAL <= abs(b * b) < _math.inf


def _ratio(a, b):
    """a / b, correctly rounded; nan at 0 / 0 (hypot's slope at the origin, which does not
    exist), and a times the reciprocal slope where b alone is 0."""
    if _decided(_is_zero, b):
        return a * _inverse(b)
    return a / b


def _leaky_relu_value(x, negative_slope):
    return float(x) if x > 0 else x * negative_slope


def _elu_value(x, alpha):
    return float(x) if x > 0 else alpha * _math.expm1(x)


_BERNOULLI = (Fraction(1, 6), Fraction(-1, 30), Fraction(1, 42), Fraction(-1, 30),
              Fraction(5, 66), Fraction(-691, 2730), Fraction(7, 6), Fraction(-3617, 510),
              Fraction(43867, 798), Fraction(-174611, 330))      # B2, B4, ..., B20
_MOST_POLYGAMMA_STEPS = 100_000
_MOST_POLYGAMMA_ORDER = 200


def _polygamma_value(n, x):
    """polygamma(n, x), the (n + 1)th derivative of log(gamma(x)), for an int n >= 0: nan at
    the poles (0, -1, -2, ...), where no derivative exists. The recurrence
    psi_n(x) = psi_n(x + 1) + (-1)^(n+1) n! / x^(n+1) takes x to 12 or more, where the asymptotic
    series in 1 / x is exact to a float; below 0, the reflection formula for n <= 1."""
    if not (0 <= n <= _MOST_POLYGAMMA_ORDER) or n != int(n):
        return _math.nan                  # only the orders lgamma's derivatives reach
    n, x = int(n), float(x)
    if x != x or x == -_math.inf or (x <= 0 and x == _math.floor(x)):
        return _math.nan
    if x == _math.inf:
        return _math.inf if n == 0 else (0.0 if n % 2 else -0.0)
    if x < 0 and n <= 1:        # tan and sin of pi x from x's distance to an int: exact
        fraction = x - round(x)  # (pi * x itself would round away the digits that matter)
        if n == 0:
            return _polygamma_value(0, 1 - x) - _math.pi / _math.tan(_math.pi * fraction)
        cosecant = _math.pi / _math.sin(_math.pi * fraction)
        return -_polygamma_value(1, 1 - x) + cosecant * cosecant
    if x < -_MOST_POLYGAMMA_STEPS:
        return _math.nan                  # too far below 0 for the recurrence (see README)
    sign, factorial = (-1) ** (n + 1), _math.factorial(n)
    terms = []                            # summed exactly at the end: one rounding, not twenty
    while x < 12:
        terms.append(sign * factorial * _inverse_power(x, n + 1))
        x += 1
    r = 1 / x
    if n == 0:
        terms += [_math.log(x), -0.5 * r]
        terms += [-float(b) / (2 * k) * r ** (2 * k) for k, b in enumerate(_BERNOULLI, 1)]
    else:
        terms += [sign * _math.factorial(n - 1) * r ** n, sign * factorial / 2 * r ** (n + 1)]
        terms += [sign * float(b * _math.factorial(2 * k + n - 1) / _math.factorial(2 * k))
                  * r ** (2 * k + n) for k, b in enumerate(_BERNOULLI, 1)]
    return _math.fsum(terms)


def _inverse_power(x, k):
    """1 / x ** k, ±inf where it overflows."""
    try:
        return (1 / x) ** k
    except OverflowError:
        return -_math.inf if x < 0 and k % 2 else _math.inf


def _float_or_inf(x):
    """float(x), or inf with x's sign where x is an int or Fraction too large for a float."""
    try:
        return float(x)
    except OverflowError:
        return _math.inf if x > 0 else -_math.inf


def _exactly(operation, x, y):
    """operation(x, y) (add, mul or truediv), also where Python refuses to mix a float with an int too
    large for one: computed exactly then, and rounded (±inf where the result overflows)."""
    try:
        return operation(x, y)
    except OverflowError:
        if isinstance(x, Variable) or isinstance(y, Variable):
            # of Variables (a derivative formula under create_graph): where the exact result
            # overflows a float anyway, the operation of the operands as floats gives its ±inf
            exact = operation(Fraction(_value_of(x)), Fraction(_value_of(y)))
            if _float_or_inf(exact) in _INFINITIES:
                return operation(_as_float(x), _as_float(y))
            if operation is operator.truediv:
                return x * _reciprocal(y)   # its value a _Divisor: the product divides exactly
            raise                           # a Variable's operation has named the call
        if any(isinstance(v, float) and not _math.isfinite(v) for v in (x, y)):
            return operation(_float_or_inf(x), _float_or_inf(y))
        return _float_or_inf(operation(Fraction(x), Fraction(y)))


# ---------------------------------------------------------------------------------------------
# The Variable node
# ---------------------------------------------------------------------------------------------

_PLAIN_NUMBERS = frozenset({float, int})   # tested before numbers.Real, which costs ~1 us


def _real_or_type_error(value, what):
    if type(value) in _PLAIN_NUMBERS or isinstance(value, numbers.Real):
        return value
    hint = '; use .detach() for a new leaf with its value' if isinstance(value, Variable) else ''
    raise TypeError(f"{what} must be a real number (int, float, Fraction, ...), "
                    f"not {type(value).__name__}{hint}")


def _variable_arguments(value, /, *, name=None, requires_grad=True, label=None):
    """The arguments of Variable(...), checked. (It is renamed Variable, below, so that Python's
    own messages about missing or extra arguments name the call the user wrote.)"""
    _real_or_type_error(value, 'Variable value')
    if label is not None:          # micrograd's lecture code says Value(2.0, label='a')
        if name is not None:
            raise TypeError("give a Variable a name or a label, not both")
        name = label
    if name is not None and not isinstance(name, str):
        raise TypeError(f"Variable name must be a str or None, not {type(name).__name__}")
    _check_flag(requires_grad)
    return value, name, requires_grad


_variable_arguments.__name__ = _variable_arguments.__qualname__ = 'Variable'


def _check_flag(requires_grad):
    if not isinstance(requires_grad, bool):
        raise TypeError(f"requires_grad must be True or False, not {type(requires_grad).__name__}")


if TYPE_CHECKING:          # static tools see a plain class, with the __init__ declared in it
    _VariableType = type
else:
    class _VariableType(type):
        """Checks the arguments of the Variables a user creates.

        Operations build their result nodes with type.__call__, which does not come through
        here: creating a node is the hottest line of the engine, and a class with no Python
        __init__ is instantiated entirely in C (measured on Python 3.11: about 100 ns, against
        200 ns through object.__new__ and 300 ns through an __init__).
        """

        def __call__(cls, *args, **kwargs):
            value, name, requires_grad = _variable_arguments(*args, **kwargs)
            leaf = type.__call__(cls)
            _init_leaf(leaf, value, requires_grad)
            if name is not None:
                _names[leaf] = name
            if _traces_running and _tracing.trace is not None:
                _tracing.trace.made.add(id(leaf))     # f's own constant, not a closed-over one
            return leaf


def _init_leaf(leaf, value, requires_grad):
    leaf.value = value
    leaf._requires_grad = requires_grad
    leaf._operation = leaf._a = leaf._b = leaf._local_a = leaf._local_b = None
    leaf._grad = leaf._scratch = None


# Names label a few nodes, for display: they live here rather than in a slot that every node
# would fill (a store per operation: 1 ms of the benchmark's 33 ms forward pass).
_names: weakref.WeakKeyDictionary[_VariableCore, str] = weakref.WeakKeyDictionary()


class _VariableCore(metaclass=_VariableType):
    """A real number that remembers how it was computed, so derivatives can flow back to it.

    Variable(value, *, name=None, requires_grad=True)

    >>> x = Variable(2.0, name='x')
    >>> y = x * x + 3 * x
    >>> y.backward()
    >>> y.value, x.d.value
    (10.0, 7.0)

    value / data    the number (settable: optimisers do ``w.value -= lr * w.grad``)
    d               d(out)/d(self) from the latest backward() that reached this node, as a
                    Variable (0.0 until then)
    grad            the same derivative as a float (settable: ``p.grad = 0`` zeroes it)
    requires_grad   False marks a constant: no derivative flows into or through it
    """

    # value: the number. _requires_grad: see requires_grad. _operation: the row of the table
    # that made this node (None for a leaf). _a, _b: its operands, Variables or plain numbers
    # (_b is None for a function). _local_a, _local_b: d(self)/d(_a) and d(self)/d(_b) at the
    # forward values, or None where no derivative flows (a constant operand). _grad: the latest
    # derivative, a number, or a Variable after backward(create_graph=True); None until a
    # backward reaches the node. _scratch: backward's working space:
    # the token of the walk that ordered the node, then the derivative being summed (see
    # _topological_order and _propagate). Every slot is set where a node is made: in
    # _init_leaf for a leaf, in the generated methods (the appendix) and _apply for the others.
    __slots__ = ('value', '_requires_grad', '_operation', '_a', '_b', '_local_a', '_local_b',
                 '_grad', '_scratch', '__weakref__')

    value: float       # any real number the constructor accepts; float, for static tools
    _requires_grad: bool
    _operation: Optional[_Operation]
    _a: Any
    _b: Any
    _local_a: Any
    _local_b: Any
    _grad: Any
    _scratch: Any

    if TYPE_CHECKING:
        def __init__(self, value: Number, *, name: Optional[str] = None,
                     requires_grad: bool = True, label: Optional[str] = None) -> None: ...

    # -- the derivative --------------------------------------------------------------------

    @property
    def grad(self) -> float:
        """d(out)/d(self) from the latest backward() that reached this node, as a float."""
        if _traces_running:
            _hidden_from_trace(None, '.grad')
        derivative = self._grad
        return 0.0 if derivative is None else _float_or_inf(_value_of(derivative))

    @grad.setter
    def grad(self, derivative: Optional[Number]) -> None:
        if isinstance(derivative, bool):
            raise TypeError("grad must be a number or None, not bool")
        self._grad = 0.0 if derivative is None else _real_or_type_error(derivative, 'grad')

    @property
    def d(self) -> Variable:
        """d(out)/d(self) from the latest backward() that reached this node, as a Variable.

        A constant after backward(); a differentiable Variable after
        backward(create_graph=True).
        """
        if _traces_running:
            _hidden_from_trace(None, '.d')
        derivative = self._grad
        if derivative is None:
            return _constant(0.0)
        return derivative if isinstance(derivative, Variable) else _constant(derivative)

    def backward(self, gradient: Union[Number, Variable] = 1.0, *,
                 create_graph: bool = False, retain_graph: Optional[bool] = None,
                 inputs: Optional[Iterable[Variable]] = None) -> None:
        """Set n.d to d(self)/d(n) for every node n of self's graph, and self.d to gradient.

        Derivatives are overwritten, never accumulated: calling it twice gives the same
        numbers, and another output's backward gives that output's derivatives. Each node is
        visited once however many paths lead to it, with no recursion.

        With create_graph=True every d is itself a differentiable Variable, so x.d.backward()
        gives second derivatives, and so on to any order. (Each node then refers to its
        derivative, which refers back to the node: the cycle collector frees such a graph.)

        inputs=[...] sets the derivatives of exactly those Variables (0.0 for one self does
        not depend on) and leaves every other node's as it was, as PyTorch's does.
        retain_graph is accepted for PyTorch's code and changes nothing: the graph is always
        kept, so backward() can run again.
        """
        if not self._requires_grad:
            raise RuntimeError(
                "backward() needs a Variable that requires grad, and this one is a constant "
                "(requires_grad=False: made from constants only, inside no_grad(), or by "
                "detach()), so no derivative can flow from it. If it is a derivative: those are "
                "constants unless you call backward(create_graph=True); one that is constant even "
                "then does not depend on any input, so its own derivatives are all zero.")
        if isinstance(gradient, Variable):
            if not create_graph:
                gradient = gradient.value
        else:
            _real_or_type_error(gradient, 'backward() gradient')
            if gradient == 1:
                gradient = _one_like(self.value)   # an int graph keeps exact derivatives
        wanted = None if inputs is None else _backward_inputs(inputs)
        order = _topological_order((self,))
        kept = [] if wanted is None else [(node, node._grad) for node in order
                                          if id(node) not in wanted]
        try:
            if create_graph:
                with _recording():     # differentiable derivatives, even inside no_grad()
                    _propagate_graph(order, gradient)
            else:
                _propagate(order, gradient)
        finally:
            for node, derivative in kept:
                node._grad, node._scratch = derivative, None
        if wanted is not None:
            reached = {id(node) for node in order}
            for node in wanted.values():
                if id(node) not in reached:
                    node._grad = 0.0

    def retain_grad(self) -> None:
        """Accepted for PyTorch's code: every node keeps its derivative here already."""

    def zero_grad(self) -> None:
        """Reset the derivative to 0.0 (the same as ``self.grad = 0``)."""
        self._grad = 0.0

    @property
    def requires_grad(self) -> bool:
        """False marks a constant: no derivative flows into it or through what it computes.
        Settable on a leaf; a computed Variable has it from its operands (use detach())."""
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, requires_grad: bool) -> None:
        _check_flag(requires_grad)
        if _traces_running:
            _hidden_from_trace(None, 'requires_grad = ...')
        if self._operation is not None:
            raise RuntimeError("requires_grad can only be set on a leaf (a Variable no operation "
                               "made); for a constant copy of a computed one, use detach()")
        self._requires_grad = requires_grad

    # -- identity and names ----------------------------------------------------------------

    @property
    def data(self) -> float:
        """The value, under micrograd's name."""
        if _traces_running:
            _hidden_from_trace(self, '.data')
        return self.value

    @data.setter
    def data(self, value: float) -> None:
        self.value = value

    @property
    def name(self) -> Optional[str]:
        """The label given to a leaf (None if none), used by expression() and to_dot()."""
        return _names.get(self)

    @name.setter
    def name(self, name: Optional[str]) -> None:
        if name is not None and not isinstance(name, str):
            raise TypeError(f"Variable name must be a str or None, not {type(name).__name__}")
        if name is None:
            _names.pop(self, None)
        else:
            _names[self] = name

    @property
    def label(self) -> str:
        """micrograd's name for name: '' where the Variable has none (name stays None)."""
        return _names.get(self, '')

    @label.setter
    def label(self, label: Optional[str]) -> None:
        self.name = label or None

    @property
    def is_leaf(self) -> bool:
        """True for a Variable no operation made: an input, a constant, or a detached copy."""
        return self._operation is None

    def detach(self) -> Variable:
        """A new constant leaf with this value: derivatives do not flow through it."""
        if _traces_running:
            _hidden_from_trace(self, 'detach()')
        return _constant(self.value)

    def item(self) -> float:
        """The value, as PyTorch spells it."""
        if _traces_running:
            _hidden_from_trace(self, '.item()')
        return self.value

    # -- seeing the graph (section "Seeing the graph" below) ---------------------------------

    def expression(self) -> str:
        """The formula that computed this Variable, as infix text with leaf names (or values).

        >>> a, x = Variable(2.0, name='a'), Variable(3.0, name='x')
        >>> y, c = Variable(0.5, name='y'), Variable(1.0, name='c')
        >>> ((c - a * x * y) ** 2).expression()
        '((c - ((a * x) * y)) ** 2)'
        """
        return _expression(self)

    def to_dot(self) -> str:
        """Graphviz DOT source of the graph: operation or name, value and derivative per node."""
        return _to_dot(self)

    # -- in-place operators: PyTorch's manual step -----------------------------------------
    # Inside no_grad(), p -= lr * p.grad updates the leaf p itself, as in PyTorch (a for loop
    # over the parameters rebinds only its loop variable). Elsewhere x op= y is x = x op y; on
    # a leaf that a backward has reached (a parameter, most likely) it warns, since the leaf
    # keeps its value and the loop's update is lost.

    def __iadd__(self, other: Union[Variable, Number]) -> Variable:
        if self._operation is None and (_threads_without_grad or self._grad is not None):
            return _in_place(self, other, operator.add, '+=')
        return self.__add__(other)  # type: ignore[operator]   # in the appendix

    def __isub__(self, other: Union[Variable, Number]) -> Variable:
        if self._operation is None and (_threads_without_grad or self._grad is not None):
            return _in_place(self, other, operator.sub, '-=')
        return self.__sub__(other)  # type: ignore[operator]   # in the appendix

    def __imul__(self, other: Union[Variable, Number]) -> Variable:
        if self._operation is None and (_threads_without_grad or self._grad is not None):
            return _in_place(self, other, operator.mul, '*=')
        return self.__mul__(other)  # type: ignore[operator]   # in the appendix

    def __itruediv__(self, other: Union[Variable, Number]) -> Variable:
        if self._operation is None and (_threads_without_grad or self._grad is not None):
            return _in_place(self, other, operator.truediv, '/=')
        return self.__truediv__(other)  # type: ignore[operator]   # in the appendix

    def __divmod__(self, other: Union[Variable, Number]) -> tuple:
        return self // other, self % other  # type: ignore[operator]   # in the appendix

    def __rdivmod__(self, other: Number) -> tuple:
        return other // self, other % self  # type: ignore[operator]

    # NumPy's names for functions of two arguments, which its ufuncs call on arrays of Variables

    def arctan2(self, other: Union[Variable, Number]) -> Variable:
        return _apply(_ATAN2, (self, other))

    def hypot(self, other: Union[Variable, Number]) -> Variable:
        return _apply(_HYPOT, (self, other))

    def fmod(self, other: Union[Variable, Number]) -> Variable:
        return _apply(_FMOD, (self, other))

    def deg2rad(self) -> Variable:
        return _apply(_MUL, (self, _DEG_TO_RAD))

    def rad2deg(self) -> Variable:
        return _apply(_MUL, (self, _RAD_TO_DEG))

    # -- conversions and comparisons: by value -----------------------------------------------

    def __repr__(self) -> str:
        label = f", name={self.name!r}" if self.name else ''
        derivative = self._grad
        shown = '' if derivative is None else f", d={_shown(_value_of(derivative))}"
        return f"Variable({_full_text(self.value)}{label}{shown})"

    def __format__(self, spec: str) -> str:
        return format(self.value, spec) if spec else str(self)

    # Each decision taken on the value is watched, so that jit can check it on every call.

    def __float__(self) -> float:
        if self._requires_grad:
            _converted_to_a_number(self)
        return _watched(float, (self,), self.value)

    def __int__(self) -> int:
        return _watched(int, (self,), self.value)

    def __bool__(self) -> bool:
        return _watched(bool, (self,), self.value)

    def __round__(self, ndigits: Optional[int] = None) -> Any:
        return _watched(round, (self, ndigits), self.value, ndigits)

    def __trunc__(self) -> int:
        return _watched(_math.trunc, (self,), self.value)

    def __floor__(self) -> int:
        return _watched(_math.floor, (self,), self.value)

    def __ceil__(self) -> int:
        return _watched(_math.ceil, (self,), self.value)

    def __lt__(self, other: Union[Variable, Number]) -> bool:
        return _watched(operator.lt, (self, other), self.value, _value_of(other))

    def __le__(self, other: Union[Variable, Number]) -> bool:
        return _watched(operator.le, (self, other), self.value, _value_of(other))

    def __gt__(self, other: Union[Variable, Number]) -> bool:
        return _watched(operator.gt, (self, other), self.value, _value_of(other))

    def __ge__(self, other: Union[Variable, Number]) -> bool:
        return _watched(operator.ge, (self, other), self.value, _value_of(other))

    # == and hash stay those of object: a Variable is a node of a graph, not a number.

    # -- micrograd's internals, which its lecture notebooks, draw_dot and graders read ---------

    @property
    def _prev(self) -> set:
        """The Variables this one was computed from (micrograd's name): empty for a leaf."""
        return {operand for operand in (self._a, self._b) if isinstance(operand, Variable)}

    @property
    def _op(self) -> str:
        """The operation that made this Variable, as micrograd names it: '+', '*', '**2',
        'ReLU', 'tanh', 'exp', ... ('' for a leaf)."""
        operation = self._operation
        if operation is None:
            return ''
        if operation is _POW and not isinstance(self._b, Variable):
            return f"**{self._b}"             # micrograd puts a number exponent in the name
        return operation.micrograd

    def _backward(self) -> None:
        """micrograd's step of backpropagation: add self.grad times each local derivative into
        the operands' grad. It accumulates, as micrograd's does; backward() overwrites."""
        g = self.grad
        for operand, local in ((self._a, self._local_a), (self._b, self._local_b)):
            if local is not None:
                operand._grad = operand.grad + g * _value_of(local)

    # -- copies: pickle and deepcopy (section "Copies" below) --------------------------------

    def __reduce_ex__(self, protocol: Any) -> Any:
        return _reduce(self)

    def __setstate__(self, state: Any) -> None:
        _restore(self, state)



def _converted_to_a_number(x):
    """float() of a Variable that requires grad, which Python's math, NumPy's float64() and
    complex() call too: the number has no derivative. Inside a transform that differentiates
    with respect to something x depends on, that would be a silently wrong derivative: refused.
    Elsewhere a warning, once per line (Python's rule for warnings), as PyTorch's; under jit
    alone, a guard, silent."""
    inputs = _running_transforms.inputs
    if inputs and any(id(node) in inputs for node in _topological_order((x,))):
        raise TypeError(
            "float() of a Variable inside a transform that differentiates it (grad, jacobian, "
            "hessian, ...) would drop its derivative: use this module's functions instead of "
            "Python's math (from autograd import math, or autograd.sin and the rest), which "
            "take Variables; .value gives the number where dropping it is meant")
    if not _traces_running or _tracing.trace is None:
        warnings.warn("float() of a Variable that requires grad gives a number without its "
                      "derivative (Python's math functions call float()): use autograd's "
                      "functions (from autograd import math) to keep it, or .value or .item() "
                      "to say that the number is meant", UserWarning, stacklevel=3)


def _in_place(leaf, other, operation, symbol):
    """leaf symbol other for a leaf: in place inside no_grad(), else a new Variable, with a
    warning where a backward has reached the leaf (see the in-place operators)."""
    if not (isinstance(other, Variable) or type(other) in _PLAIN_NUMBERS
            or isinstance(other, numbers.Real)):
        return NotImplemented               # Python's own TypeError, naming symbol
    if _grad_mode.depth:
        with no_grad():
            leaf.value = operation(leaf, other).value
        return leaf
    if leaf._grad is not None:        # reached by a backward (not just another thread's no_grad)
        warnings.warn(f"x {symbol} y on a leaf Variable that a backward() has reached makes a "
                      f"new Variable and leaves the leaf as it was (a loop over parameters "
                      f"rebinds only its loop variable): update it with x.value {symbol} ..., "
                      f"or inside no_grad()", UserWarning, stacklevel=3)
    return operation(leaf, other)


def _constant(value, of_variables=False):
    """A leaf that requires no grad: what operations on constants, and no_grad, produce (of
    Variables that would record, but for no_grad)."""
    leaf = _new_node()
    _init_leaf(leaf, value, False)
    if _traces_running and _tracing.trace is not None:
        if of_variables:
            _hidden_from_trace(None, 'no_grad()')
        _tracing.trace.made.add(id(leaf))     # made while traced: not a closed-over constant
    return leaf


def _value_of(x: Any) -> Any:
    return x.value if isinstance(x, Variable) else x


# ---------------------------------------------------------------------------------------------
# Functions: exp(x) beside x.exp()
# ---------------------------------------------------------------------------------------------
#
# Each takes a Variable (and gives one) or a plain number (and gives the float math gives), so
# they can stand in for math.*. They are made from the rows by one function; the internal rows'
# (_reciprocal, _one_minus_square, ...) stay private, and compute Variables by the shared code
# of _apply rather than by a written-out method.

def _apply(row, operands):
    """row's operation on operands, one a Variable at least: a new Variable (or a constant, where
    none requires grad). The shared code of the rows not written out: the internal ones, and
    the user's (see "Your own operations")."""
    values = [_value_of(operand) for operand in operands]
    try:
        out = row.value(*values)
    except (ValueError, ArithmeticError) as error:
        call = f"{row.method.lstrip('_')}({', '.join(map(_shown, values))})"
        raise _domain_error(error, call) from error
    flows = [isinstance(operand, Variable) and operand._requires_grad for operand in operands]
    if not (any(flows) and not (_threads_without_grad and _grad_mode.depth)):
        return _constant(out, any(flows))
    node = _new_node()
    node.value = out
    node._requires_grad = True
    node._operation = row
    node._a = operands[0]
    node._local_a = _value_of(row.local_a(*values, out)) if flows[0] else None
    node._b = operands[1] if len(operands) == 2 else None
    node._local_b = _value_of(row.local_b(*values, out)) if len(operands) == 2 and flows[1] \
        else None
    node._grad = node._scratch = None
    return node


class _Elementary(Protocol):
    """The type of exp, log, ...: a Variable for a Variable, a float for a number."""
    @overload
    def __call__(self, x: Variable, /) -> Variable: ...
    @overload
    def __call__(self, x: Number, /) -> float: ...


def _elementary(row: _Operation) -> Any:
    """The module function of a row: the method for a Variable, the row's value for a number."""
    name = row.method.lstrip('_')
    value = row.value
    on_variable = (operator.methodcaller(row.method) if not row.method.startswith('_')
                   else lambda x: _apply(row, (x,)))

    def function(x: Union[Variable, Number]) -> Union[Variable, float]:
        if isinstance(x, Variable):
            return on_variable(x)
        if not (type(x) in _PLAIN_NUMBERS or isinstance(x, numbers.Real)):
            _real_or_type_error(x, f"{name}() argument")
        try:
            return float(value(x))
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"{name}({_shown(x)})") from None

    function.__name__ = function.__qualname__ = row.method
    function.__doc__ = (f"{name}(x): a new Variable for a Variable x; for a plain number, the "
                        f"float math gives.")
    return function


exp: _Elementary = _elementary(_EXP)
_natural_log: _Elementary = _elementary(_LOG)
sqrt: _Elementary = _elementary(_SQRT)
sin: _Elementary = _elementary(_SIN)
cos: _Elementary = _elementary(_COS)
tan: _Elementary = _elementary(_TAN)
asin: _Elementary = _elementary(_ASIN)
acos: _Elementary = _elementary(_ACOS)
atan: _Elementary = _elementary(_ATAN)
sinh: _Elementary = _elementary(_SINH)
cosh: _Elementary = _elementary(_COSH)
tanh: _Elementary = _elementary(_TANH)
sigmoid: _Elementary = _elementary(_SIGMOID)
relu: _Elementary = _elementary(_RELU)
softplus: _Elementary = _elementary(_SOFTPLUS)
log1p: _Elementary = _elementary(_LOG1P)
expm1: _Elementary = _elementary(_EXPM1)
_reciprocal: _Elementary = _elementary(_RECIPROCAL)
_one_minus_square: _Elementary = _elementary(_ONE_MINUS_SQUARE)
_as_float: _Elementary = _elementary(_FLOAT)
_step: _Elementary = _elementary(_STEP)
_sign: _Elementary = _elementary(_SIGN)
_sech_squared: _Elementary = _elementary(_SECH_SQUARED)
_atan_slope: _Elementary = _elementary(_ATAN_SLOPE)
_x_over_one_plus_square: _Elementary = _elementary(_X_OVER_ONE_PLUS_SQUARE)
asinh: _Elementary = _elementary(_ASINH)
acosh: _Elementary = _elementary(_ACOSH)
atanh: _Elementary = _elementary(_ATANH)
exp2: _Elementary = _elementary(_EXP2)
log2: _Elementary = _elementary(_LOG2)
log10: _Elementary = _elementary(_LOG10)
cbrt: _Elementary = _elementary(_CBRT)
erf: _Elementary = _elementary(_ERF)
erfc: _Elementary = _elementary(_ERFC)
gamma: _Elementary = _elementary(_GAMMA)
lgamma: _Elementary = _elementary(_LGAMMA)
fabs: _Elementary = _elementary(_FABS)
_asinh_slope: _Elementary = _elementary(_ASINH_SLOPE)
_unit_sign: _Elementary = _elementary(_UNIT_SIGN)
_negative_part: _Elementary = _elementary(_NEGATIVE_PART)
_nan_slope: _Elementary = _elementary(_NAN_SLOPE)


class _Binary(Protocol):
    """The type of atan2, hypot, ...: a float for two numbers, else a Variable."""
    @overload
    def __call__(self, x: Variable, y: Union[Variable, Number], /) -> Variable: ...
    @overload
    def __call__(self, x: Number, y: Variable, /) -> Variable: ...
    @overload
    def __call__(self, x: Number, y: Number, /) -> float: ...


def _binary(row: _Operation) -> Any:
    """The module function of a row of two operands: _apply where one is a Variable, else the
    row's value, as a float."""
    name = row.method.lstrip('_')
    value = row.value

    def function(x: Union[Variable, Number], y: Union[Variable, Number]) -> Union[Variable, float]:
        for i, operand in enumerate((x, y), 1):
            if not isinstance(operand, Variable) and type(operand) not in _PLAIN_NUMBERS:
                _real_or_type_error(operand, f"{name}() argument {i}")
        if isinstance(x, Variable) or isinstance(y, Variable):
            return _apply(row, (x, y))
        try:
            return float(value(x, y))
        except (ValueError, ArithmeticError) as error:
            raise _domain_error(error, f"{name}({_shown(x)}, {_shown(y)})") from None

    function.__name__ = function.__qualname__ = row.method
    function.__doc__ = (f"{name}(x, y) as math gives it for numbers; a Variable where x or y is "
                        f"one.")
    return function


atan2: _Binary = _binary(_ATAN2)
copysign: _Binary = _binary(_COPYSIGN)
fmod: _Binary = _binary(_FMOD)
remainder: _Binary = _binary(_REMAINDER)
_hypot2: _Binary = _binary(_HYPOT)
_leaky_relu: _Binary = _binary(_LEAKY_RELU)
_elu: _Binary = _binary(_ELU)
_leaky_slope: _Binary = _binary(_LEAKY_SLOPE)
_trunc_quotient: _Binary = _binary(_TRUNC_QUOTIENT)
_nearest_quotient: _Binary = _binary(_NEAREST_QUOTIENT)
_polygamma: _Binary = _binary(_POLYGAMMA)
_power_log: _Binary = _binary(_POWER_LOG)


# Functions made of the rows above: what they compute is what the rows compute, and so are
# their derivatives.

@overload
def log(x: Variable, base: Optional[Union[Variable, Number]] = None) -> Variable: ...
@overload
def log(x: Number, base: Variable) -> Variable: ...
@overload
def log(x: Number, base: Optional[Number] = None) -> float: ...
def log(x: Any, base: Any = None) -> Any:
    """log(x), or log(x, base) = log(x) / log(base), as math.log computes it."""
    if base is None:
        return _natural_log(x)
    if not isinstance(x, Variable) and not isinstance(base, Variable):
        for i, operand in enumerate((x, base), 1):
            _real_or_type_error(operand, f"log() argument {i}")
        try:
            return _math.log(x, base)
        except (ValueError, ArithmeticError) as error:
            raise _domain_error(error, f"log({_shown(x)}, {_shown(base)})") from None
    return _natural_log(x) / _natural_log(base)


@overload
def hypot(*coordinates: Number) -> float: ...  # type: ignore[overload-overlap]  # pyright: ignore
@overload
def hypot(*coordinates: Union[Variable, Number]) -> Variable: ...
def hypot(*coordinates: Any) -> Any:
    """The Euclidean norm, as math.hypot: of Variables, hypot of two at a time."""
    if not any(isinstance(c, Variable) for c in coordinates):
        for i, c in enumerate(coordinates, 1):
            _real_or_type_error(c, f"hypot() argument {i}")
        return _math.hypot(*coordinates)
    if len(coordinates) == 1:
        return abs(coordinates[0]) + 0.0
    total = coordinates[0]
    for c in coordinates[1:]:
        total = _hypot2(total, c)
    return total


@overload
def leaky_relu(x: Variable, negative_slope: Union[Variable, Number] = 0.01) -> Variable: ...
@overload
def leaky_relu(x: Number, negative_slope: Number = 0.01) -> float: ...
def leaky_relu(x: Any, negative_slope: Any = 0.01) -> Any:
    """x for x > 0, else negative_slope * x (PyTorch's: its slope at 0 is negative_slope)."""
    return _leaky_relu(x, negative_slope)


@overload
def elu(x: Variable, alpha: Union[Variable, Number] = 1.0) -> Variable: ...
@overload
def elu(x: Number, alpha: Number = 1.0) -> float: ...
def elu(x: Any, alpha: Any = 1.0) -> Any:
    """x for x > 0, else alpha * (exp(x) - 1) (PyTorch's: its slope at 0 is alpha)."""
    return _elu(x, alpha)


@overload
def silu(x: Variable) -> Variable: ...
@overload
def silu(x: Number) -> float: ...
def silu(x: Any) -> Any:
    """x * sigmoid(x) (also called swish)."""
    return x * sigmoid(x) if isinstance(x, Variable) else float(x * sigmoid(x))


_SQRT_HALF = 0.7071067811865476       # the float nearest 1 / sqrt(2)


@overload
def gelu(x: Variable) -> Variable: ...
@overload
def gelu(x: Number) -> float: ...
def gelu(x: Any) -> Any:
    """x * Phi(x), Phi the normal distribution (PyTorch's exact gelu), written as
    x * erfc(-x / sqrt(2)) / 2, which does not cancel for x far below 0 as 1 + erf(...) does."""
    return 0.5 * x * erfc(-x * _SQRT_HALF)


# ---------------------------------------------------------------------------------------------
# A drop-in for math: from autograd import math
# ---------------------------------------------------------------------------------------------
#
# Every public name of the running Python's math: its differentiable functions are this
# module's (a Variable for Variables, exactly math's float for numbers), the others take a
# Variable's value (isfinite, floor, comb, ...), and the constants are math's. Code written with
# import math differentiates once that line says from autograd import math.

_RAD_TO_DEG = 180.0 / _math.pi          # the constants math.degrees and math.radians multiply by
_DEG_TO_RAD = _math.pi / 180.0


def _math_pow(x: Any, y: Any) -> Any:
    """math.pow: x ** y as a float (of Variables: of their values as floats)."""
    if isinstance(x, Variable) or isinstance(y, Variable):
        return _as_float(x) ** _as_float(y)
    return _math.pow(_real_or_type_error(x, "pow() argument 1"),
                     _real_or_type_error(y, "pow() argument 2"))


def _degrees(x: Any) -> Any:
    return x * _RAD_TO_DEG if isinstance(x, Variable) else _math.degrees(x)


def _radians(x: Any) -> Any:
    return x * _DEG_TO_RAD if isinstance(x, Variable) else _math.radians(x)


def _dist(p: Any, q: Any) -> Any:
    p, q = list(p), list(q)
    if not any(isinstance(v, Variable) for v in p + q):
        return _math.dist(p, q)
    if len(p) != len(q):
        raise ValueError("both points must have the same number of dimensions")
    return hypot(*(a - b for a, b in zip(p, q)))


def _fsum(values: Iterable[Any]) -> Any:
    """math.fsum; of Variables, their sum (rounded at each step, so within an ulp or so of
    fsum's exact sum, where the values do not cancel)."""
    values = list(values)
    if not any(isinstance(v, Variable) for v in values):
        return _math.fsum(values)
    return _as_float(functools.reduce(operator.add, values))


def _prod(values: Iterable[Any], *, start: Any = 1) -> Any:
    values = list(values)
    if not any(isinstance(v, Variable) for v in values + [start]):
        return _math.prod(values, start=start)
    return functools.reduce(operator.mul, values, start)


def _sumprod(p: Iterable[Any], q: Iterable[Any]) -> Any:
    p, q = list(p), list(q)
    if not any(isinstance(v, Variable) for v in p + q):
        return _math.sumprod(p, q)          # type: ignore[attr-defined]   # Python 3.12
    if len(p) != len(q):
        raise ValueError("Inputs are not the same length")
    return functools.reduce(operator.add, map(operator.mul, p, q))


def _by_value(function: Callable[..., Any]) -> Callable[..., Any]:
    """math's function of the same name, given each Variable's value."""
    @functools.wraps(function)
    def on_values(*args: Any, **keywords: Any) -> Any:
        return function(*map(_value_of, args), **keywords)
    return on_values


class _MathModule(types.ModuleType):
    """from autograd import math: Python's math module, differentiable.

    >>> from autograd import math, grad
    >>> grad(lambda t: t * t + math.sin(t))(1.0) == 2 + math.cos(1.0)
    True
    """
    # The differentiable functions, typed for static tools (the rest: __getattr__, below).
    exp: _Elementary
    sqrt: _Elementary
    sin: _Elementary
    cos: _Elementary
    tan: _Elementary
    asin: _Elementary
    acos: _Elementary
    atan: _Elementary
    sinh: _Elementary
    cosh: _Elementary
    tanh: _Elementary
    asinh: _Elementary
    acosh: _Elementary
    atanh: _Elementary
    log1p: _Elementary
    expm1: _Elementary
    exp2: _Elementary
    log2: _Elementary
    log10: _Elementary
    cbrt: _Elementary
    erf: _Elementary
    erfc: _Elementary
    gamma: _Elementary
    lgamma: _Elementary
    fabs: _Elementary
    atan2: _Binary
    copysign: _Binary
    fmod: _Binary
    remainder: _Binary
    pi: float
    e: float
    tau: float
    inf: float
    nan: float

    log: Callable[..., Any]       # (x, base=None), hypot(*coordinates), pow(x, y): as math's
    hypot: Callable[..., Any]
    pow: Callable[..., Any]

    if TYPE_CHECKING:
        def __getattr__(self, name: str) -> Any: ...

    def __dir__(self) -> List[str]:
        return sorted(self.__dict__)


_DIFFERENTIABLE_MATH = {
    'exp': exp, 'log': log, 'sqrt': sqrt, 'sin': sin, 'cos': cos, 'tan': tan, 'asin': asin,
    'acos': acos, 'atan': atan, 'sinh': sinh, 'cosh': cosh, 'tanh': tanh, 'asinh': asinh,
    'acosh': acosh, 'atanh': atanh, 'log1p': log1p, 'expm1': expm1, 'exp2': exp2, 'log2': log2,
    'log10': log10, 'cbrt': cbrt, 'erf': erf, 'erfc': erfc, 'gamma': gamma, 'lgamma': lgamma,
    'fabs': fabs, 'atan2': atan2, 'hypot': hypot, 'copysign': copysign, 'fmod': fmod,
    'remainder': remainder, 'pow': _math_pow, 'degrees': _degrees, 'radians': _radians,
    'dist': _dist, 'fsum': _fsum, 'prod': _prod, 'sumprod': _sumprod,
}


def _math_namespace() -> _MathModule:
    namespace = _MathModule('autograd.math', _MathModule.__doc__)
    for name in dir(_math):
        if name.startswith('_'):
            continue
        original = getattr(_math, name)
        if name in _DIFFERENTIABLE_MATH:
            setattr(namespace, name, _DIFFERENTIABLE_MATH[name])
        elif callable(original):
            setattr(namespace, name, _by_value(original))
        else:
            setattr(namespace, name, original)
    return namespace


math = _math_namespace()


# ---------------------------------------------------------------------------------------------
# Your own operations: @differentiable
# ---------------------------------------------------------------------------------------------
#
# An operation of the user's becomes a row of the table like the built-in ones: its value is
# the user's function, its local derivatives the user's formulas, run on numbers at forward
# time and on Variables under create_graph, so it differentiates to any order. jit writes it
# as one call of the function. Its row is named by module and qualified name, so a pickled
# graph finds it again.

_OWN_FUNCTIONS: Dict[str, Callable[..., Any]] = {}   # row name: the user's function


def differentiable(*derivatives: Callable[..., Any]) -> Callable[[_Function], _Function]:
    """Make a function of one or two numbers an operation, with one derivative per argument.

    Each derivative is a function of the arguments and the result, out, written with this
    module's functions so that it differentiates in its turn:

    >>> @differentiable(lambda x, out: 1 - out * out)
    ... def my_tanh(x):
    ...     return _math.tanh(x)
    >>> x = Variable(0.5)
    >>> my_tanh(x).backward()
    >>> x.grad == 1 - math.tanh(0.5) ** 2
    True
    >>> my_tanh(0.5) == math.tanh(0.5)      # numbers in: the function's own result
    True

    Variables in give a Variable, which works with backward at any order, every transform,
    jit, no_grad, pickle and deepcopy (the function must be importable by its qualified name).
    """
    if len(derivatives) not in (1, 2) or not all(callable(d) for d in derivatives):
        raise TypeError("differentiable(...) takes one derivative function per argument of the "
                        "operation (one or two): @differentiable(lambda x, out: ...)")

    def make_operation(function: _Function) -> _Function:
        arity = len(derivatives)
        try:
            count = sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
                        for p in inspect.signature(function).parameters.values())
        except (TypeError, ValueError):     # a builtin without a signature: take it as it is
            count = arity
        if count != arity:
            raise TypeError(f"@differentiable gives {arity} derivative{'s' * (arity > 1)}, but "
                            f"{function.__qualname__}() takes {count} arguments: give "
                            f"one derivative per argument")
        row = _own_row(function, derivatives)

        @functools.wraps(function)
        def operation(*args: Any) -> Any:
            return _apply_own(row, args)

        return operation  # type: ignore[return-value]

    return make_operation


def _own_row(function, derivatives):
    """The table row of a user's function, registered under its module and qualified name."""
    name = f"{function.__module__}:{function.__qualname__}"
    short = function.__name__
    operands = '{x}' if len(derivatives) == 1 else '{a}, {b}'
    row = _Operation(name, short, f"{short}({operands})", micrograd=short,
                     value=functools.partial(_call_own, name),
                     local_a=derivatives[0],
                     local_b=derivatives[1] if len(derivatives) == 2 else None)
    _OPERATIONS[name], _OWN_FUNCTIONS[name] = row, function
    _VALUE_FORMATS[name] = f"_call_own({name!r}, {operands})"
    return row


def _call_own(name, *values):
    """The user's function on numbers, refused unless it gives a real number. (What jit's code
    calls; _apply names the call in its domain errors.)"""
    function = _OWN_FUNCTIONS[name]
    out = function(*values)
    if not (type(out) in _PLAIN_NUMBERS or isinstance(out, numbers.Real)) or isinstance(out, Variable):
        raise TypeError(f"{function.__qualname__}() must return a real number for numbers, "
                        f"not {type(out).__name__}")
    return out


def _apply_own(row, args):
    """row's operation on args: the function's own result for numbers, else a new Variable."""
    function = _OWN_FUNCTIONS[row.name]
    arity = 1 if row.local_b is None else 2
    if len(args) != arity:
        raise TypeError(f"{function.__qualname__}() takes {arity} arguments, not {len(args)}")
    for i, arg in enumerate(args):
        if not isinstance(arg, Variable):
            _real_or_type_error(arg, f"{function.__qualname__}() argument {i}")
    if not any(isinstance(arg, Variable) for arg in args):
        return function(*args)
    return _apply(row, args)


# ---------------------------------------------------------------------------------------------
# backward
# ---------------------------------------------------------------------------------------------

class _Masked(float):
    """The local derivative 0 of an operation that masks its input (relu below 0, x ** 0, abs
    at 0, 0 ** y in y): nothing flows through it, so even an infinite or nan derivative from
    above times it is 0, where IEEE's inf * 0 is nan. PyTorch selects rather than multiplies
    there, to the same effect. Plain multiplication keeps IEEE's rules."""
    __slots__ = ()

    def __mul__(self, other):
        return 0          # an int: 0 + x is x for every x, and an int graph stays exact

    __rmul__ = __mul__

    def __repr__(self):
        return '0.0'

    def __reduce__(self):
        return '_MASKED'        # pickle and deepcopy keep the one instance


_MASKED: float = _Masked(0.0)


class _Divisor(float):
    """The slope 1 / x of log at x, or of a / x in a, where 1 / x is not a normal float: so
    small an x that it overflows to inf, or so large (an int or Fraction past the floats, or a
    float past 4.5e307) that it underflows. Multiplied by a derivative g, it gives g / x, which
    may well be representable (1e-300 times 1 / 1e-310 is 1e10, and 0 times it is 0, where
    inf * 0 is nan; 3e300 / 10 ** 450 is 3e-150). PyTorch divides there too."""
    __slots__ = ('divisor',)
    divisor: Any           # the number 1 / x divides by: x

    def __new__(cls, divisor):
        try:
            rounded = 1 / divisor
        except ZeroDivisionError:
            rounded = _math.copysign(_math.inf, divisor)
        slope = float.__new__(cls, rounded)
        slope.divisor = divisor
        return slope

    def __mul__(self, g: Any) -> Any:
        quotient = _exactly(operator.truediv, g, self.divisor)
        if (type(quotient) is float and abs(quotient) < _SMALLEST_NORMAL and g
                and type(self.divisor) is not float and _is_finite_number(g)):
            return _ExactShare(Fraction(g) / self.divisor)    # of an exact divisor: exact
        return quotient

    __rmul__ = __mul__

    def __reduce__(self):
        return _Divisor, (self.divisor,)


def _is_finite_number(g):
    return isinstance(g, (int, Fraction)) or isinstance(g, float) and _math.isfinite(g)


class _ExactShare(Fraction):
    """A share of a derivative below the floats that a _Divisor of an exact number made: kept
    exact, so that the exact factors still to come can bring it back into the floats (1 / 10 **
    450 times 3 * 10 ** 300 is 3e-150, where the float 1 / 10 ** 450 is 0.0). Added to the 0 a
    sum starts from, or multiplied into another share below the floats, it stays one."""
    __slots__ = ()

    def __radd__(self, other: Any) -> Any:
        return self if other == 0 else Fraction.__radd__(self, other)

    def __mul__(self, other: Any) -> Any:
        product: Any = Fraction.__mul__(self, other)
        if type(product) is Fraction and abs(product) < _SMALLEST_NORMAL:
            return _ExactShare(product)
        return product

    __rmul__ = __mul__  # type: ignore[assignment]  # (Fraction declares overloads)

    def __repr__(self):
        return repr(Fraction(self))


def _backward_inputs(inputs):
    """backward(inputs=...) as {id: Variable}: one Variable, or an iterable of them."""
    given = [inputs] if isinstance(inputs, Variable) else list(inputs)
    if not given:
        raise ValueError("backward(inputs=...) needs at least one Variable (inputs=None sets "
                         "the derivatives of the whole graph)")
    for i, x in enumerate(given):
        if not isinstance(x, Variable):
            raise TypeError(f"backward(inputs=...) takes Variables, not {type(x).__name__} "
                            f"(item {i})")
        if not x._requires_grad:
            raise RuntimeError(f"backward(inputs=...): item {i} does not require grad, so no "
                               f"derivative can be set on it")
    return {id(x): x for x in given}


def _topological_order(roots, every_operand=False):
    """The nodes the roots depend on, and the roots, each after its operands: through the
    operands a derivative flows to (backward's walk), or through every Variable operand
    (every_operand: what jit compiles and pickle saves).

    A depth-first post-order, iterative so that a graph a million nodes deep never touches the
    call stack. A node is expanded once, however many paths reach it. One whose operands are
    all placed already is placed at once; otherwise it goes back on the stack under a None, and
    is placed when that None comes off, after its operands.

    An expanded node is marked with this walk's own token, in its _scratch slot: the mark sits
    in the node the walk reads anyway, where a set of the nodes is a table of megabytes read at
    random (backward 47 -> 39 ms on the benchmark perceptron, for 8 bytes a node). Two threads
    must not walk shared nodes at once (run backward(), pickle, or trace for jit), which
    backward could not anyway: both would write the same derivatives.
    """
    order, this_walk = [], object()
    stack = list(reversed(roots))
    push, pop, place = stack.append, stack.pop, order.append
    while stack:
        # The continues are deliberate: Python 3.11 specialises a function's bytecode once a
        # loop in it jumps back unconditionally, or else only from its 8th call. A loop that
        # ends on its own test never does, and ran 1.7x slower for every process's first
        # 7 backward() calls (48 ms against 28 on the benchmark's perceptron).
        node = pop()
        if node is None:
            place(pop())
            continue
        if node._scratch is this_walk:
            continue
        node._scratch = this_walk
        # every_operand is tested only where no derivative flows, so backward's walk pays
        # nothing for it (tested on every node, it cost backward 2%: callgrind)
        a = node._a if (node._local_a is not None or every_operand and isinstance(node._a, Variable)
                        ) and node._a._scratch is not this_walk else None
        b = node._b if (node._local_b is not None or every_operand and isinstance(node._b, Variable)
                        ) and node._b._scratch is not this_walk else None
        if a is None and b is None:
            place(node)
        else:
            push(node)
            push(None)
            if a is not None:
                push(a)
            if b is not None:
                push(b)
    return order


def _propagate(order, gradient):
    """Set every node's _grad from the stored local derivatives (numbers).

    Walking the order backwards, a node is reached only after every node that uses it has added
    its share, so its sum (in _scratch) is complete when it hands it on, and only then is it
    written to _grad: a backward interrupted by an exception leaves each node's derivative as it
    was or as it should be, never a partial sum. An exact seed (an int, for an int or Fraction
    output) starts the sums from the int 0, so such a graph keeps exact derivatives."""
    # -0.0 + x is x for every float x (0.0 + -0.0 would lose a sign the graph path keeps),
    # and a float sum stays on Python 3.11's fast path; an exact seed sums from the int 0
    zero = 0 if type(gradient) is int else -0.0
    for node in order:
        node._scratch = zero
    order[-1]._scratch = gradient
    for node in reversed(order):
        g = node._scratch
        node._grad = g
        local = node._local_a
        if local is not None:
            try:
                node._a._scratch += g * local
            except OverflowError:        # a float met an int too large for one
                _add_share_exactly(node._a, g, local)
        local = node._local_b
        if local is not None:
            try:
                node._b._scratch += g * local
            except OverflowError:
                _add_share_exactly(node._b, g, local)


def _add_share_exactly(operand, g, local):
    operand._scratch = _exactly(operator.add, operand._scratch, _exactly(operator.mul, g, local))


def _local_derivatives(node):
    """node's derivative rules run on its operands themselves: Variables in, Variables out."""
    op, a, b = node._operation, node._a, node._b
    if op.rule_b is None:
        return op.rule_a(a, node), None
    return (None if node._local_a is None else op.rule_a(a, b, node),
            None if node._local_b is None else op.rule_b(a, b, node))


def _propagate_graph(order, gradient):
    """As _propagate, but with each rule run again on the Variables, so that every derivative
    is a Variable built from the graph and can itself be differentiated. The caller records
    (see _recording)."""
    # The same numbers as _propagate's, whose sums start from -0.0 (0 for an exact seed) and
    # add every share: -0.0 + s is s for every float s, so a sum here starts from its first
    # share, but for an int share in a float graph (a masked slope times g gives the int 0):
    # -0.0 + 0 is 0.0, and an int 0 would carry no sign where it multiplies on.
    exact = type(gradient) is int
    masked_share = 0 if exact else 0.0
    for node in order:
        node._scratch = None
    order[-1]._scratch = gradient
    for node in reversed(order):
        g = node._scratch
        node._grad, node._scratch = g, None      # no second reference to the derivative graph
        if node._operation is None:
            continue
        for operand, local in zip((node._a, node._b), _local_derivatives(node)):
            if local is not None:
                if local is _MASKED:
                    share = masked_share
                elif type(local) is int and local == 1:
                    share = g                 # g * 1, without a node for it
                else:
                    share = g * local
                if operand._scratch is None:
                    if not exact and type(_value_of(share)) is int:
                        share = _as_float(share)
                    operand._scratch = share
                else:
                    operand._scratch = operand._scratch + share


# ---------------------------------------------------------------------------------------------
# Functional tools: grad and gradcheck
# ---------------------------------------------------------------------------------------------

def grad(f: Callable[..., Any], argnums: Optional[Union[int, Sequence[int]]] = None,
         has_aux: bool = False) -> Callable[..., Any]:
    """The function computing the derivatives of f with respect to each positional argument.

    A single derivative for a one-argument f, a tuple otherwise; an argument that is a list or
    tuple (nested) of numbers gets derivatives of the same shape. Given numbers it returns
    floats; given Variables it returns differentiable Variables, so grads nest:

    >>> grad(lambda x: x ** 3)(2.0)
    12.0
    >>> grad(grad(lambda x: x ** 3))(2.0)
    12.0
    >>> grad(lambda x, y: x * y)(3.0, 4.0)
    (4.0, 3.0)
    >>> grad(lambda w: w[0] * w[1] + w[2])([3.0, 4.0, 5.0])
    [4.0, 3.0, 1.0]

    JAX's keywords: argnums picks the arguments (an int gives one derivative, a tuple a tuple);
    has_aux=True takes f returning (output, aux) and gives (derivatives, aux).

    >>> grad(lambda x, y: x * y, argnums=1)(3.0, 4.0)
    3.0
    >>> grad(lambda x: (x * x, 'aux'), has_aux=True)(3.0)
    (6.0, 'aux')

    Each call differentiates with respect to fresh copies of its arguments, so nested grads
    never confuse their variables (the "perturbation confusion" of the AD literature):

    >>> grad(lambda x: grad(lambda y: x * y)(x))(3.0)
    1.0

    It leaves the derivatives (d) of the graph it builds as they were before the call, even when
    f or the differentiation raises, so it creates no reference cycles, even for higher
    derivatives, and it works inside no_grad(). Like every transform here, it pickles when f
    does (a module-level function), as functools.partial does.
    """
    return _Transformed(grad, f, argnums, has_aux)


def value_and_grad(f: Callable[..., Any], argnums: Optional[Union[int, Sequence[int]]] = None,
                   has_aux: bool = False) -> Callable[..., Any]:
    """The function giving (f(*args), grad(f)(*args)), from one forward and one backward pass;
    with has_aux=True, ((output, aux), derivatives), as JAX gives them.

    >>> value_and_grad(lambda x, y: x * y)(3.0, 4.0)
    (12.0, (4.0, 3.0))
    """
    return _Transformed(value_and_grad, f, argnums, has_aux)


def jacobian(f: Callable[..., Any],
             argnums: Optional[Union[int, Sequence[int]]] = None) -> Callable[..., Any]:
    """The function giving the derivatives of each output of f: for f returning a number, what
    grad gives; for f returning a list or tuple of numbers, one row per output, in the same
    kind of container, each row what grad would give for that output. (jacrev is its JAX
    name; jacfwd gives the same by forward mode.)

    >>> jacobian(lambda x, y: [x * y, x + y])(3.0, 4.0)
    [(4.0, 3.0), (1.0, 1.0)]
    """
    return _Transformed(jacobian, f, argnums)


jacrev = jacobian


def hessian(f: Callable[..., Any],
            argnums: Optional[Union[int, Sequence[int]]] = None) -> Callable[..., Any]:
    """The function giving the second derivatives of a scalar f: one value for a one-argument f,
    a k-by-k tuple of tuples for k arguments (symmetric up to rounding). Where arguments are
    lists or tuples, entry [i][j] has the shape of argument i, each of its numbers holding the
    shape of argument j, as JAX's hessian does.

    It takes one backward pass for the first derivatives (with create_graph) and one more per
    input number, over them: not finite differences, and not one pass per entry.

    >>> hessian(lambda x, y: x * x * y)(3.0, 2.0)
    ((4.0, 6.0), (6.0, 0.0))
    """
    return _Transformed(hessian, f, argnums)


def jacfwd(f: Callable[..., Any],
           argnums: Optional[Union[int, Sequence[int]]] = None) -> Callable[..., Any]:
    """jacobian(f) by forward mode, in the same layout: one forward pass, then one directional
    derivative (see jvp) per input number, where jacobian takes one backward pass per output.

    >>> jacfwd(lambda x, y: [x * y, x + y])(3.0, 4.0)
    [(4.0, 3.0), (1.0, 1.0)]
    """
    return _Transformed(jacfwd, f, argnums)


def jvp(f: Callable[..., Any], primals: Sequence[Any], tangents: Sequence[Any]) -> Any:
    """(f(*primals), the derivative of f at primals in the direction tangents), with JAX's
    signature: primals and tangents are tuples of the same shape (numbers, Variables, or nested
    lists and tuples of them), and the directional derivative has the shape of f's result.

    >>> jvp(lambda x, y: x * y, (3.0, 4.0), (1.0, 0.5))
    (12.0, 5.5)

    It is computed in reverse mode twice (the derivative of a backward pass with respect to its
    seed), so it costs a few passes whatever the number of inputs: jvp(grad(f), (x,), (v,)) is
    a Hessian-vector product for three backward passes.
    """
    if not (isinstance(primals, (tuple, list)) and isinstance(tangents, (tuple, list))):
        raise TypeError(f"jvp(f, primals, tangents) takes tuples of arguments, not "
                        f"{type(primals).__name__} and {type(tangents).__name__}")
    if len(primals) != len(tangents):
        raise ValueError(f"jvp: {len(primals)} primals but {len(tangents)} tangents")
    with _recording():
        call = _call_on_fresh_copies(f, tuple(primals), {}, 'jvp(f)')
        directions = _leaves(tuple(tangents), 'a tangent of jvp(f)')
        if len(directions) != len(call.inputs):
            raise ValueError(f"jvp: the tangents hold {len(directions)} numbers, the primals "
                             f"{len(call.inputs)}: give them the same shape")
        differentiable = call.differentiable or any(isinstance(t, Variable) for t in directions)
        seeds, vjps = _linearized(call, 'jvp(f)')
        derivatives, differentiable = _directional(seeds, vjps, directions, differentiable)
        tangent_out = _converted(derivatives, differentiable, call.as_numbers)
    value = call.out if differentiable else _values_in(call.out)
    return value, _rebuilt(call.out, iter(tangent_out))


def vjp(f: Callable[..., Any], *primals: Any) -> Any:
    """(f(*primals), vjp_fn), as JAX gives them: vjp_fn(cotangent), with cotangent in the shape
    of f's result, gives the tuple of cotangent-weighted derivatives, one per primal.

    >>> value, vjp_fn = vjp(lambda x, y: [x * y, x + y], 3.0, 4.0)
    >>> value, vjp_fn([1.0, 0.0]), vjp_fn([0.0, 2.0])
    ([12.0, 7.0], (4.0, 3.0), (2.0, 2.0))
    """
    with _recording():
        call = _call_on_fresh_copies(f, primals, {}, 'vjp(f)')
    outputs = _leaves(call.out, 'an output of f in vjp(f)')

    def vjp_fn(cotangent: Any) -> tuple:
        weights = _leaves(cotangent, 'the cotangent of vjp_fn')
        if len(weights) != len(outputs):
            raise ValueError(f"vjp_fn: the cotangent holds {len(weights)} numbers, f's result "
                             f"{len(outputs)}: give it the shape of f's result")
        with _recording():
            weighted = _weighted_sum(weights, outputs)
            derivatives, differentiable = _derivatives(
                weighted, call.inputs,
                call.differentiable or any(isinstance(w, Variable) for w in weights), 'vjp(f)')
        return tuple(_shaped(call._replace(single=False), derivatives, differentiable))

    differentiable = call.differentiable
    return (call.out if differentiable else _values_in(call.out)), vjp_fn


def _weighted_sum(weights, outputs):
    """sum of weight * output over the outputs that depend on the inputs (0.0 if none do)."""
    total: Any = None
    for weight, output in zip(weights, outputs):
        if isinstance(output, Variable) and output._requires_grad:
            total = weight * output if total is None else total + weight * output
    return 0.0 if total is None else total


def _linearized(call, caller):
    """(seeds, vjps) for the outputs of call: a Variable seed per output, and the derivatives,
    differentiable in the seeds, of sum(seed * output) with respect to each input. Each vjp is
    linear in the seeds, so its derivative with respect to them, in any direction of the
    inputs, is the directional derivative of the outputs (forward mode from reverse mode)."""
    outputs = _leaves(call.out, f"an output of f in {caller}")
    seeds = [Variable(1.0) for _ in outputs]
    vjps, _ = _derivatives(_weighted_sum(seeds, outputs), call.inputs, True, caller)
    return seeds, vjps


def _directional(seeds, vjps, directions, differentiable):
    """(d outputs in the directions given, one per seed; whether they are differentiable)."""
    return _derivatives(_weighted_sum(directions, vjps), seeds, differentiable, 'jvp(f)')


def _jacfwd_of(f, args, keywords, argnums=None):
    with _recording():
        call = _call_on_fresh_copies(f, args, keywords, 'jacfwd(f)', argnums)
        seeds, vjps = _linearized(call, 'jacfwd(f)')
        columns, differentiable = [], call.differentiable
        for i in range(len(call.inputs)):
            unit = [1.0 if j == i else 0.0 for j in range(len(call.inputs))]
            column, column_differentiable = _directional(seeds, vjps, unit, differentiable)
            columns.append((column, column_differentiable))
        rows = [_shaped(call, [column[k] for column, _ in columns],
                        any(d for _, d in columns) or differentiable)
                for k in range(len(seeds))]
    return _rebuilt(call.out, iter(rows))


class _Transformed:
    """What a transform of f returns: a function of f's arguments. It pickles as the transform
    applied to f (and its options) when f pickles, as functools.partial does."""

    def __init__(self, transform, f, *options):
        if not callable(f):
            raise TypeError(f"{transform.__name__}(f) needs a function, not {type(f).__name__}")
        self.transform, self.f, self.options = transform, f, options
        self.__name__ = f"{transform.__name__}_{getattr(f, '__name__', 'f')}"
        self.__qualname__ = self.__name__
        self.__doc__ = f"{transform.__name__}({getattr(f, '__qualname__', 'f')})"

    def __call__(self, *args, **keywords):
        return _TRANSFORMS[self.transform](self.f, args, keywords, *self.options)

    def __reduce__(self):
        return self.transform, (self.f, *self.options)

    def __repr__(self):
        return f"<{self.__doc__}>"


def _selected(args, argnums, caller):
    """(the positions argnums picks from args, whether the result is one derivative)."""
    if argnums is None:
        return tuple(range(len(args))), len(args) == 1
    single = isinstance(argnums, int) and not isinstance(argnums, bool)
    picked = (argnums,) if single else argnums
    if not isinstance(picked, (tuple, list)) or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in picked):
        raise TypeError(f"{caller}: argnums must be an int or a tuple of ints, not {argnums!r}")
    positions = []
    for i in picked:
        if not -len(args) <= i < len(args):
            raise ValueError(f"{caller}: argnums {i} is out of range for {len(args)} "
                             f"positional argument{'s' * (len(args) != 1)}")
        positions.append(i % len(args))
    return tuple(positions), single


def _grad_of(f, args, keywords, argnums=None, has_aux=False):
    value, derivatives = _value_and_grad_of(f, args, keywords, argnums, has_aux, 'grad(f)')
    return (derivatives, value[1]) if has_aux else derivatives    # value: (output, aux)


def _value_and_grad_of(f, args, keywords, argnums=None, has_aux=False,
                       caller='value_and_grad(f)') -> Any:
    """(f(*args), its derivatives shaped as grad gives them): grad's and value_and_grad's work."""
    with _recording():
        call = _call_on_fresh_copies(f, args, keywords, caller, argnums, has_aux)
        derivatives, differentiable = _derivatives(call.out, call.inputs, call.differentiable,
                                                   caller)
    value = call.out if differentiable or not isinstance(call.out, Variable) else call.out.value
    if has_aux:
        value = (value, call.aux)
    return value, _shaped(call, derivatives, differentiable)


def _jacobian_of(f, args, keywords, argnums=None):
    with _recording():
        call = _call_on_fresh_copies(f, args, keywords, 'jacobian(f)', argnums)
        outputs = _leaves(call.out, 'an output of f in jacobian(f)')
        rows = []
        for output in outputs:
            derivatives, row_differentiable = _derivatives(output, call.inputs,
                                                           call.differentiable, 'jacobian(f)')
            rows.append(_shaped(call, derivatives, row_differentiable))
    return _rebuilt(call.out, iter(rows))


def _hessian_of(f, args, keywords, argnums=None):
    with _recording():
        call = _call_on_fresh_copies(f, args, keywords, 'hessian(f)', argnums)
        firsts, _ = _derivatives(call.out, call.inputs, True, 'hessian(f)')
        matrix = []
        for first in firsts:
            row, row_differentiable = _derivatives(first, call.inputs, call.differentiable,
                                                   'hessian(f)')
            matrix.append(_converted_by_leaf(call, row, row_differentiable))
    return _hessian_shaped(call, matrix)


_TRANSFORMS = {grad: _grad_of, value_and_grad: _value_and_grad_of, jacobian: _jacobian_of,
               hessian: _hessian_of, jacfwd: _jacfwd_of}


class _RunningTransforms(threading.local):
    inputs: frozenset = frozenset()   # ids of the fresh inputs of the transforms running here


_running_transforms = _RunningTransforms()


class _Call(NamedTuple):
    """One call of f by a transform (see _call_on_fresh_copies)."""
    out: Any                  # f's result (its output, where f has aux)
    inputs: List[Variable]    # the fresh leaves, in order, of the differentiated arguments
    differentiable: bool      # whether any of those arguments was a Variable
    as_numbers: bool          # whether all stand for numbers: are numbers, or jit's stand-ins
    numbers: tuple            # for each input, whether it stands for a number
    aux: Any                  # f's auxiliary result, with has_aux
    selected: tuple           # the differentiated arguments, as given
    single: bool              # whether the derivatives are one value, not a tuple


def _call_on_fresh_copies(f, args, keywords, caller, argnums=None, has_aux=False):
    """f called with fresh copies of the numbers and Variables in the arguments argnums picks
    (every positional argument by default); the others are passed as they are. While f runs,
    the copies are among the running transforms' inputs, which a transform inside f may
    reach."""
    if keywords:
        raise TypeError(f"{caller} differentiates with respect to positional arguments: call "
                        f"it as {caller}({', '.join(map(str, keywords.values()))}), without "
                        f"the names {', '.join(keywords)}")
    positions, single = _selected(args, argnums, caller)
    selected = tuple(args[i] for i in positions)
    given = [leaf for i, arg in zip(positions, selected)
             for leaf in _leaves(arg, f"argument {i} of {caller}")]
    inputs = [_fresh_copy(leaf) for leaf in given]
    copies = iter(inputs)
    arguments = list(args)
    for i, arg in zip(positions, selected):
        arguments[i] = _rebuilt(arg, copies)
    enclosing = _running_transforms.inputs
    _running_transforms.inputs = enclosing | {id(x) for x in inputs}
    try:
        out = f(*arguments)
    finally:
        _running_transforms.inputs = enclosing
    aux = None
    if has_aux:
        if not (isinstance(out, (tuple, list)) and len(out) == 2):
            raise TypeError(f"{caller} with has_aux=True needs f to return a pair (output, "
                            f"aux), not {type(out).__name__}")
        out, aux = out
    numbers = tuple(not isinstance(leaf, Variable) or _stands_for_a_number(leaf)
                    for leaf in given)
    as_numbers = all(numbers)
    if has_aux and as_numbers and not any(isinstance(leaf, Variable) for leaf in given):
        aux = _values_in(aux)
    return _Call(out, inputs, any(isinstance(leaf, Variable) for leaf in given), as_numbers,
                 numbers, aux, selected, single)


def _stands_for_a_number(x):
    """Whether the Variable x is, under a jit trace, a number in f as written: computed from
    the Variables standing for jit's numbers and nothing else."""
    trace = _tracing.trace
    return trace is not None and x._requires_grad and all(
        id(node) in trace.inputs for node in _topological_order((x,)) if node._operation is None)


def _values_in(structure):
    """structure with each Variable in it (in nested lists, tuples, dicts) as its value."""
    if isinstance(structure, Variable):
        return structure.value
    if isinstance(structure, (list, tuple)) and not hasattr(structure, '_fields'):
        return type(structure)(_values_in(part) for part in structure)
    if isinstance(structure, dict):
        return {key: _values_in(part) for key, part in structure.items()}
    return structure


def _leaves(structure, what):
    """The numbers and Variables of a number, a Variable, or a (nested) list, tuple or NumPy
    array of them, in order."""
    if isinstance(structure, (list, tuple)):
        return [leaf for part in structure for leaf in _leaves(part, what)]
    if _is_array(structure):
        return [leaf for part in structure.ravel().tolist() for leaf in _leaves(part, what)]
    if not isinstance(structure, Variable) and not (
            type(structure) in _PLAIN_NUMBERS or isinstance(structure, numbers.Real)):
        raise TypeError(f"{what} must be a real number (int, float, Fraction, ...), a Variable, "
                        f"or a list, tuple or NumPy array of them, not {type(structure).__name__}")
    return [structure]


def _rebuilt(structure, leaves):
    """structure with its numbers and Variables replaced, in order, by the next of leaves. An
    array comes back an array of its shape: of floats (float64) where they are numbers, of
    Variables (dtype object) where they are Variables, and stacked where they are arrays."""
    if isinstance(structure, (list, tuple)):
        parts = [_rebuilt(part, leaves) for part in structure]
        return type(structure)(*parts) if hasattr(structure, '_fields') else type(structure)(parts)
    if _is_array(structure):
        numpy = sys.modules[type(structure).__module__.partition('.')[0]]
        items = [next(leaves) for _ in range(structure.size)]
        if items and all(_is_array(item) for item in items):
            return numpy.array(items, dtype=float).reshape(structure.shape + items[0].shape)
        if all(type(item) in _PLAIN_NUMBERS or isinstance(item, numbers.Real) for item in items):
            return numpy.array(items, dtype=float).reshape(structure.shape)
        array = numpy.empty(structure.shape, dtype=object)
        for i, item in enumerate(items):
            array.flat[i] = item
        return array
    return next(leaves)


def _is_array(x):
    """Whether x is a NumPy array (told by its type alone: NumPy is never imported here)."""
    return type(x).__name__ == 'ndarray' and type(x).__module__.startswith('numpy')


def _derivatives(out, inputs, differentiable, caller):
    """(d out / d input for each of inputs, whether those are differentiable Variables)."""
    if not isinstance(out, Variable):
        _real_or_type_error(out, f"the result of f in {caller}")
        return [0.0] * len(inputs), differentiable   # f does not depend on its arguments
    if not out._requires_grad:
        return [0.0] * len(inputs), differentiable
    order = _topological_order((out,))
    # f may use the inputs of a transform around this one (grad(lambda a: grad(lambda b: a * b)
    # (2.0))): the derivatives then depend on them, and must stay differentiable for it
    # and so may f of numbers inside jit(...) use the values jit traces (the Variables standing
    # for its numbers): their derivatives must then be computed in the graph jit compiles
    enclosing = _running_transforms.inputs
    if _tracing.trace is not None:
        enclosing = enclosing | _tracing.trace.inputs
    differentiable = differentiable or any(id(node) in enclosing for node in order)
    return _derivatives_leaving_no_trace(order, inputs, differentiable), differentiable


def _converted(derivatives, differentiable, as_numbers):
    """Floats for numbers in (under a jit trace, floats computed in the graph, which the code
    jit writes computes too); differentiable Variables for Variables in."""
    if not differentiable:
        return [_float_or_inf(_value_of(d)) for d in derivatives]
    if as_numbers:
        return [_as_float(d) if isinstance(d, Variable) else _float_or_inf(d)
                for d in derivatives]
    return [d if isinstance(d, Variable) else _constant(d) for d in derivatives]


def _shaped(call, derivatives, differentiable):
    """derivatives (one per input leaf of call) as grad gives them: in the shape of the
    differentiated arguments, a single value for one argument, a tuple otherwise."""
    shaped = _rebuilt(call.selected, iter(_converted_by_leaf(call, derivatives, differentiable)))
    return shaped[0] if call.single else shaped


def _converted_by_leaf(call, derivatives, differentiable):
    """derivatives (one per input leaf of call), converted: a float for each number, even
    beside Variables, and a differentiable Variable for each Variable."""
    converted = _converted(derivatives, differentiable, call.as_numbers)
    if differentiable and not call.as_numbers:
        outer = _running_transforms.inputs or _tracing.trace is not None
        converted = [(_as_float(d) if outer else _float_or_inf(_value_of(d))) if number else d
                     for d, number in zip(converted, call.numbers)]
    return converted


def _hessian_shaped(call, matrix):
    """matrix (leaf by leaf) as hessian gives it: block [i][j] has argument i's shape, each of
    its numbers holding argument j's shape; a single block for one argument."""
    args, starts, count = call.selected, [], 0
    for arg in args:
        starts.append(count)
        count += len(_leaves(arg, ''))

    def block(i, j):
        rows = iter(matrix[starts[i]:starts[i] + len(_leaves(args[i], ''))])
        return _rebuilt(args[i], (_rebuilt(args[j], iter(row[starts[j]:])) for row in rows))

    blocks = tuple(tuple(block(i, j) for j in range(len(args))) for i in range(len(args)))
    return blocks[0][0] if call.single else blocks


def _fresh_copy(arg):
    """A new node standing for arg: a leaf for a number, +arg for a Variable (so derivatives of
    the results still flow back to arg), a leaf of its value for a constant."""
    if isinstance(arg, Variable):
        return +arg if arg._requires_grad else Variable(arg.value)
    return Variable(arg)


def _derivatives_leaving_no_trace(order, inputs, differentiable):
    """d out / d input (out: the last of order) for each of inputs (fresh nodes), with every
    node's derivative put back as it was afterwards, whatever happens: the derivatives the
    caller read before stay true, and under create_graph no node is left referring to a
    derivative graph (a cycle)."""
    saved = [(node, node._grad) for node in order]
    try:
        (_propagate_graph if differentiable else _propagate)(order, _one_like(order[-1].value))
        return [0.0 if x._grad is None else x._grad for x in inputs]
    finally:
        for node, derivative in saved:
            node._grad, node._scratch = derivative, None


def _one_like(value):
    """The seed of a backward pass: an exact 1 for an int or Fraction output, else 1.0."""
    return 1 if isinstance(value, numbers.Rational) else 1.0


def gradcheck(f: Callable[..., Any], *inputs: Union[Variable, Number], eps: float = 1e-6,
              rtol: float = 1e-5, atol: float = 1e-8) -> bool:
    """Check backward() against central finite differences at the given inputs.

    Returns True, or raises AssertionError naming the input whose derivatives disagree, both
    numbers and their difference.

    >>> gradcheck(lambda x, y: x * y.sin(), 0.5, 2.0)
    True
    """
    points = [float(_real_or_type_error(_value_of(x), f"gradcheck input {i}"))
              for i, x in enumerate(inputs)]
    variables = [Variable(p) for p in points]
    with _recording():
        out = f(*variables)
    if isinstance(out, Variable) and out.requires_grad:
        out.backward()
    analytic = [v.grad for v in variables]

    def f_at(values):
        with no_grad():
            return float(_value_of(f(*[Variable(v) for v in values])))

    names = _parameter_names(f, len(points))
    for i, point in enumerate(points):
        above = points[:i] + [point + eps] + points[i + 1:]
        below = points[:i] + [point - eps] + points[i + 1:]
        numeric = (f_at(above) - f_at(below)) / (2 * eps)
        difference = abs(analytic[i] - numeric)
        allowed = atol + rtol * abs(numeric)
        if not difference <= allowed:     # written so that a nan fails
            raise AssertionError(
                f"gradcheck: the derivative with respect to {names[i]} at {point!r} is wrong: "
                f"backward() gives {analytic[i]!r}, central differences give {numeric!r} "
                f"(eps={eps}); they differ by {difference!r}, more than "
                f"atol + rtol * |numeric| = {allowed!r}")
    return True


def _parameter_names(f, count):
    """'input 0 (x)', 'input 1 (y)', ...: f's positional parameters, by name where f says."""
    try:
        parameters = list(inspect.signature(f).parameters.values())
    except (TypeError, ValueError):     # a builtin without a signature
        parameters = []
    names = [p.name for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return [f"input {i} ({names[i]})" if i < len(names) else f"input {i}" for i in range(count)]


# ---------------------------------------------------------------------------------------------
# jit: trace once, then run straight-line code
# ---------------------------------------------------------------------------------------------
#
# jit(f) calls f once on Variables, which record the graph of everything f computes: with grad,
# value_and_grad or hessian inside, that graph holds the derivatives too, built by the same
# rules. From the graph it writes straight-line Python, each node the value formula of its
# row of the table (a value read once nested in the line that reads it, see _chunk_body), and
# compiles it: a call then costs what the arithmetic costs, without building a node per
# operation. Decisions f takes on values
# (comparisons, bool(), float(), int(), round()) are recorded as guards, checked on every call.

_MOST_TRACES = 8          # paths for one kind of arguments: then f runs uncompiled, warning once
_MOST_PROGRAMS = 32       # programs for all kinds of arguments together, likewise
_COMPARISONS = {operator.lt: '<', operator.le: '<=', operator.gt: '>', operator.ge: '>='}
_MOST_NESTED = 6           # lines written into one expression, at most (see _chunk_body)
_LINES_PER_CHUNK = 20_000  # the code is compiled in functions of this many lines, so that a graph
                          # of any size compiles in time and memory linear in its nodes


class _Trace:
    """What one call of f did beyond its graph: the decisions it took on values, and the first
    way it hid a value from the trace, if it did."""

    def __init__(self, inputs):
        self.inputs = frozenset(map(id, inputs))   # the Variables standing for f's numbers
        self.guards = []          # (decision, operands, result): operator.lt, (x, 0.5), True
        self.hidden: Optional[str] = None   # why f must run as written, if it must
        self.computed = []        # every node made while f ran: the code computes them all,
                                  # so that their errors arise where f's would
        self.made: set = set()    # ids of the Variables f made while traced


class _Tracing(threading.local):
    trace: Optional[_Trace] = None


_tracing = _Tracing()
_traces_running = 0           # in any thread: while 0, untraced code pays one test of it
_traces_lock = threading.Lock()


def _watched(decision: Callable[..., Any], operands: tuple, *values: Any) -> Any:
    """decision(*values), where values are the operands' values, recorded as a guard if this
    thread is tracing: the compiled code calls decision on every call, and runs only while it
    gives the same. (The caller passes the values: computing them here cost a comparison of a
    Variable 1.1 us, against 0.57.)"""
    result = decision(*values)
    if _traces_running:
        trace = _tracing.trace
        if trace is not None:
            trace.guards.append((decision, operands, result))
    return result


def _decided(decision: Callable[..., Any], *operands: Any) -> Any:
    """decision on the operands' values, watched: the shorter form, for the numeric helpers."""
    values = [x.value if isinstance(x, Variable) else x for x in operands]
    if _traces_running:
        return _watched(decision, operands, *values)
    return decision(*values)


def _hidden_from_trace(node, how):
    """Note that f took a value out of the graph (detach(), .item(), no_grad()): jit cannot
    follow a value through that, and runs f as written instead."""
    trace = _tracing.trace
    if trace is not None and trace.hidden is None and (node is None or node._requires_grad):
        trace.hidden = f"it takes a value out of the graph with {how}, which jit cannot follow"


def jit(f: Callable[..., Any]) -> Callable[..., Any]:
    """f, compiled: what f gives for numbers (or lists and tuples of them) in, computed by
    straight-line code generated from the graph f records on its first call.

    >>> slope = jit(grad(lambda x: x ** 3 + x.sin()))
    >>> slope(2.0) == grad(lambda x: x ** 3 + x.sin())(2.0)
    True

    The results are bitwise those of f. Each decision f takes on a value (a comparison, bool(),
    float(), int(), round(), max of Variables) is a guard, checked on every call; where one goes
    the other way, f is traced again for the new path, and after 8 traces it runs as written,
    with one RuntimeWarning. Given Variables, jit(f) runs f as written, so it stays
    differentiable. An error on new inputs is f's own: f runs as written to raise it. Side
    effects in f (printing, appending) happen when it is traced, not on every call.
    """
    return _Jitted(f)


class _Jitted:
    """What jit(f) returns. It pickles as jit(f) when f pickles: its programs are traced anew."""

    def __init__(self, f):
        self.f = f
        self.programs: List[_Program] = []   # the compiled traces, newest last
        self.state = {'as_written': None}     # why f now runs uncompiled, once it must
        functools.update_wrapper(self, f, updated=())   # (f.__dict__ would overwrite self.f)

    def __reduce__(self):
        return jit, (self.f,)

    def __call__(self, *args, **keywords):
        f, programs, state = self.f, self.programs, self.state
        if keywords:
            raise TypeError(f"jit(f) takes positional arguments: call it as "
                            f"jit(f)({', '.join(map(str, keywords.values()))})")
        leaves = [leaf for i, arg in enumerate(args)
                  for leaf in _leaves(arg, f"argument {i} of jit(f)")]
        if any(isinstance(leaf, Variable) for leaf in leaves) or _tracing.trace is not None:
            return f(*args)       # Variables in, or inside another jit's trace: f as written
        if state['as_written']:
            return _uncompiled(f, args, leaves)
        shape = (_shape_of(args), tuple(map(_number_kind, leaves)))
        for program in reversed(programs):
            if program.shape == shape:
                try:
                    results = program.run(leaves)
                except Exception:   # a domain error: this program's, or another path's that
                    continue        # its guards would refuse: the other programs, then f
                if results is not None:
                    return _rebuilt(program.output_shape, iter(results))
        if len(programs) == _MOST_PROGRAMS:
            return _run_as_written(f, args, leaves, state, f"it was called with more than "
                                                           f"{_MOST_PROGRAMS} kinds of arguments "
                                                           f"(shapes of lists, number types)")
        if sum(program.shape == shape for program in programs) == _MOST_TRACES:
            return _run_as_written(f, args, leaves, state, f"its decisions on values took more "
                                                           f"than {_MOST_TRACES} paths")
        inputs, out, trace = _trace(f, args, leaves)
        outputs = _leaves(out, "the result of f in jit(f)")
        if trace.hidden is not None:
            return _run_as_written(f, args, leaves, state, trace.hidden)
        graph = _graph_of(outputs, trace)
        if _outer_leaves(graph, trace, inputs):
            return _run_as_written(f, args, leaves, state, "it uses Variables that are not its "
                                                           "arguments: pass them as arguments")
        programs.append(_Program(shape, out, inputs, outputs, trace.guards, graph))
        return _rebuilt(out, iter([_value_of(o) for o in outputs]))


def _run_as_written(f, args, leaves, state, why):
    state['as_written'] = why
    warnings.warn(f"jit({getattr(f, '__name__', 'f')}) runs uncompiled from now on: {why}",
                  RuntimeWarning, stacklevel=3)
    return _uncompiled(f, args, leaves)


def _uncompiled(f, args, leaves):
    """What jit(f) gives, without compiling: f traced (on stand-ins for the numbers, as jit
    traces it), its results' values."""
    _, out, _ = _trace(f, args, leaves)
    return _rebuilt(out, iter([_value_of(o) for o in _leaves(out, "the result of f in jit(f)")]))


def _number_kind(x):
    """What a program traced on x assumes of the numbers it is called on: their type, and for
    an int, whether a float holds it exactly (past 2 ** 53, mixing it with floats rounds)."""
    if type(x) is int:
        return int, -_LARGEST_EXACT_PARITY <= x <= _LARGEST_EXACT_PARITY
    return type(x)


def _shape_of(structure):
    """The containers of a (nested) list, tuple or array, with None for each number."""
    if isinstance(structure, (list, tuple)):
        return type(structure), tuple(_shape_of(part) for part in structure)
    if _is_array(structure):
        return type(structure), structure.shape
    return None


def _trace(f, args, leaves):
    """f called on fresh Variables for the numbers of args, recording: (those Variables, f's
    result, the _Trace)."""
    global _traces_running, _new_node
    inputs = [Variable(leaf) for leaf in leaves]
    trace, enclosing = _Trace(inputs), _tracing.trace
    with _traces_lock:
        _traces_running += 1
        _new_node = _new_node_recorded
    _tracing.trace = trace
    try:
        with _recording():
            out = f(*_rebuilt(args, iter(inputs)))
    finally:
        _tracing.trace = enclosing
        with _traces_lock:
            _traces_running -= 1
            if not _traces_running:
                _new_node = _new_bare_node
    return inputs, out, trace


def _new_node_recorded():
    """_new_node while a trace runs: every operation makes its node here (the methods look
    the name up on each call), so the trace sees what f computes and drops, too."""
    node = _new_bare_node()
    trace = _tracing.trace
    if trace is not None:
        trace.computed.append(node)
    return node


def _graph_of(outputs, trace):
    """Every node the code must compute, in an order where operands come first: the results',
    the guards' operands and the nodes f computed and dropped, with what they depend on."""
    roots = [o for o in outputs if isinstance(o, Variable)] + [
        operand for _, operands, _ in trace.guards for operand in operands
        if isinstance(operand, Variable)] + trace.computed
    return _topological_order(roots, every_operand=True)


def _outer_leaves(graph, trace, inputs):
    """The Variables of the graph that jit would have to bake in: leaves that are neither f's
    arguments nor made by f itself (a closed-over constant too: its value may change)."""
    own = {id(x) for x in inputs} | trace.made
    return [node for node in graph if node._operation is None and id(node) not in own]


class _Program:
    """One trace of f, compiled: run(numbers) gives f's results, or None where a guard fails."""

    def __init__(self, shape, out, inputs, outputs, guards, graph):
        # the shape of f's result, without its Variables: a program must not keep its trace alive
        self.shape, self.output_shape = shape, _rebuilt(out, iter([None] * len(outputs)))
        index = {id(x): i for i, x in enumerate(inputs)}
        nodes = [node for node in graph if id(node) not in index]
        for node in nodes:
            index[id(node)] = len(index)
        constants: Dict[str, Any] = {}

        def arguments(operands):
            """How a line names its operands: a Variable (all are in the graph) by its index,
            named later; a number as itself, baked in."""
            return tuple([index[id(o)] if isinstance(o, Variable) else _literal(o, constants)
                          for o in operands])

        # Lines are (index defined or None, template, arguments): the template's {0}, {1}...
        # stand for the arguments. Each guard is checked as soon as its operands are computed,
        # so that the code of a path stops at the first decision that differs, before it meets
        # another path's errors.
        checks: Dict[int, list] = {}                # the last index a guard uses: its lines
        for decision, operands, result in guards:
            if decision in _COMPARISONS and type(result) is bool:    # x < 0.5, written out
                condition = f"{'not ' * result}{{0}} {_COMPARISONS[decision]} {{1}}"
            else:
                condition = (f"not _same({_literal(decision, constants)}("
                             f"{', '.join(f'{{{i}}}' for i in range(len(operands)))}), "
                             f"{_literal(result, constants)})")
            check = (None, f"if {condition}: return False", arguments(operands))
            last = max((a for a in check[2] if type(a) is int), default=-1)
            checks.setdefault(last, []).append(check)
        lines = checks.get(-1, []) + [check for i in range(len(inputs))
                                      for check in checks.get(i, [])]
        for node in nodes:
            if node._operation is None:
                lines.append((index[id(node)], '{0}', arguments([node.value])))
            else:
                lines.append((index[id(node)], _positional_format(node._operation.name),
                              arguments([node._a] if node._b is None else [node._a, node._b])))
            lines += checks.get(index[id(node)], [])
        finish = (None, f"return ({''.join(f'{{{i}}}, ' for i in range(len(outputs)))})",
                  arguments(outputs))
        self.parts, self.finish, self.size = _compile_chunks(len(inputs), lines, finish, constants)

    def run(self, numbers):
        registers = list(numbers)
        registers += [None] * (self.size - len(registers))
        for part in self.parts:
            if part(registers) is False:            # a guard failed: another path
                return None
        return self.finish(registers)


def _same(result, recorded):
    """Whether a guard holds: the same result as when traced, -0.0 not 0.0, nan as nan."""
    if type(result) is float and type(recorded) is float:
        return result == recorded and _math.copysign(1, result) == _math.copysign(1, recorded) \
            or result != result and recorded != recorded
    return result == recorded


def _literal(number, constants):
    """A number as the code writes it: Python's own text where that reads back exactly, else a
    name bound to it (inf, nan, a NumPy scalar, an int too long to print, a guard's decision)."""
    if type(number) in (int, float, bool) and (type(number) is not float or _math.isfinite(number)):
        if type(number) is not int or number.bit_length() < 14_000:
            text = repr(number)
            return f"({text})" if text.startswith('-') else text
    name = f"k{len(constants)}"
    constants[name] = number
    return name


@functools.lru_cache(maxsize=None)
def _positional_format(name):
    """The row's value formula for jit's code, its operands as {0} and {1}."""
    return _VALUE_FORMATS[name].format(x='{0}', a='{0}', b='{1}')


def _compile_chunks(inputs, lines, finish, constants):
    """The lines as functions of at most _LINES_PER_CHUNK lines each, run in turn on a list
    (registers) holding the inputs, then the values that pass from one function to another:
    each reads the values it needs from earlier chunks, writes the ones later chunks need, and
    returns False where a guard fails. And the finishing line's function, which gives the
    results. Returns them, and the registers' length."""
    chunk_of = {target: i // _LINES_PER_CHUNK for i, (target, _, _) in enumerate(lines)
                if target is not None}
    needed_later = {a for a in finish[2] if type(a) is int}
    for i, (_, _, arguments) in enumerate(lines):
        for a in arguments:
            if type(a) is int and chunk_of.get(a, -1) != i // _LINES_PER_CHUNK:
                needed_later.add(a)
    slot = {u: u for u in range(inputs)}       # the inputs first, where run() puts them
    for u in sorted(needed_later - slot.keys()):
        slot[u] = len(slot)
    namespace = {**globals(), **constants}
    parts = [_compiled_function(f"_part{start // _LINES_PER_CHUNK}",
                                _chunk_body(lines[start:start + _LINES_PER_CHUNK], slot,
                                            needed_later), namespace)
             for start in range(0, len(lines), _LINES_PER_CHUNK)]
    return parts, _compiled_function('_finish', _chunk_body([finish], slot, ()), namespace), \
        len(slot)


def _chunk_body(lines, slot, needed_later):
    """The body of one chunk's function (see _compile_chunks), in two ways lean:

    - A value read once, by a later line of its chunk, is written into the line that reads it,
      (v1 * v2) + v3, up to _MOST_NESTED deep: fewer statements to compile and to run, and
      Python computes the nested expression in the same order, with the same roundings, as
      the separate lines. Never into a branch of a conditional, which might skip it.
    - A local name is given again once its value is dead, so each float is freed as soon as
      no later line reads it, and the next one reuses its memory: the working set is the
      values alive at once, not the whole graph, and it stays in the processor's caches."""
    reader_of, reads = {}, collections.Counter()    # value: (line, place) of its one reader
    for i, (_, _, arguments) in enumerate(lines):
        for place, a in enumerate(arguments):
            if type(a) is int:
                reader_of[a] = (i, place)
                reads[a] += 1
    places = {}                       # template: the places a value may be written into
    nested_in, depth, nested_reads, reads_of_line, last_use = {}, {}, {}, {}, {}
    for i, (target, template, arguments) in enumerate(lines):
        names_read, deepest = [], 0   # the named values the line reads, nested ones' included
        for a in arguments:
            if a in nested_in:
                names_read += nested_reads[a]
                if depth[a] > deepest:
                    deepest = depth[a]
            elif type(a) is int:
                names_read.append(a)
        if (target is not None and reads[target] == 1 and target not in needed_later
                and deepest + 1 < _MOST_NESTED):
            reader, place = reader_of[target]
            template_of_reader = lines[reader][1]
            if template_of_reader not in places:
                places[template_of_reader] = () if ' if ' in template_of_reader else [
                    p for p in range(len(lines[reader][2]))
                    if template_of_reader.count(f"{{{p}}}") == 1]
            if place in places[template_of_reader]:
                nested_in[target], depth[target], nested_reads[target] = reader, deepest + 1, names_read
                continue
        reads_of_line[i] = names_read
        for u in names_read:
            last_use[u] = i
    defined = {target for target, _, _ in lines}

    name, free, body, nested_text = {}, [], [], {}

    def give_name(u):
        name[u] = free.pop() if free else f"v{len(name) + len(free)}"
        return name[u]

    for u in sorted(last_use.keys() - defined):   # values from earlier chunks
        body.append(f"    {give_name(u)} = r[{slot[u]}]")
    for i, (target, template, arguments) in enumerate(lines):
        text = template.format(*[a if type(a) is str else
                                 f"({nested_text.pop(a)})" if a in nested_in else name[a]
                                 for a in arguments])
        if target in nested_in:
            nested_text[target] = text
            continue
        for u in set(reads_of_line[i]):
            if last_use[u] == i:
                free.append(name.pop(u))
        if target is None:
            body.append(f"    {text}")
            continue
        body.append(f"    {give_name(target)} = {text}")
        if target in needed_later:
            body.append(f"    r[{slot[target]}] = {name[target]}")
        if target not in last_use:                       # computed for its errors only
            free.append(name.pop(target))
    return body


def _compiled_function(name, body, namespace):
    source = f"def {name}(r):\n" + '\n'.join(body or ['    pass']) + '\n'
    exec(compile(source, f"<jit {name}>", 'exec'), namespace)
    return namespace.pop(name)


# ---------------------------------------------------------------------------------------------
# Seeing the graph: expression() and to_dot()
# ---------------------------------------------------------------------------------------------

_EXPRESSION_LIMIT = 10_000_000   # characters: shared subexpressions repeat in text, and a graph
                                 # of a few hundred nodes can stand for a formula of 2^300 terms


def _number_text(x):
    """x written so that Python reads it back as the same number, even beside an operator."""
    if isinstance(x, float) and not _math.isfinite(x):
        return f"float('{x}')"
    text = _full_text(x)
    return f"({text})" if text.startswith('-') or not text.replace('.', '').isalnum() else text


def _expression(root):
    """Infix text of root's formula, written out token by token from an explicit stack, so the
    time is linear in the length of the text and depth never touches the call stack."""
    pieces, length = [], 0
    stack = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            text = item
        elif not isinstance(item, Variable):
            text = _number_text(item)
        elif item._operation is None:
            text = item.name or _number_text(item.value)
        else:
            parts = item._operation.parts     # text at even places, operand letters at odd places
            for i in range(len(parts) - 1, -1, -1):
                if i % 2 == 0:
                    stack.append(parts[i])
                else:
                    stack.append(item._b if parts[i] == 'b' else item._a)
            continue
        pieces.append(text)
        length += len(text)
        if length > _EXPRESSION_LIMIT:
            raise ValueError(f"expression(): the text would pass the limit of "
                             f"{_EXPRESSION_LIMIT:,} characters, because the graph is that large "
                             f"or because text must repeat each subexpression it shares (use "
                             f"to_dot(), which shows every node once)")
    return ''.join(pieces)


_DOT_NEWLINE = '\\n'      # the two characters backslash and n: a line break inside a DOT label


def _dot_text(text):
    return text.replace('\\', '\\\\').replace('"', '\\"')


def _to_dot(root):
    """One DOT node per Variable (and per number operand), edges from operands to results."""
    ids, lines = {root: 'n0'}, []
    stack = [root]
    while stack:
        node = stack.pop()
        name = ids[node]
        if node._operation is not None:
            title = node._operation.name
        else:
            title = node.name or ('input' if node.requires_grad else 'constant')
        label = [title, f"value {_shown(node.value)}"]
        derivative = node._grad
        if derivative is not None:
            label.append(f"d {_shown(_value_of(derivative))}")
        lines.append(f'  {name} [label="{_DOT_NEWLINE.join(map(_dot_text, label))}"];')
        if node._operation is None:
            continue
        for operand in (node._a, node._b):
            if operand is None:
                continue
            if isinstance(operand, Variable):
                if operand not in ids:
                    ids[operand] = f'n{len(ids)}'
                    stack.append(operand)
                source = ids[operand]
            else:
                source = f'c{len(lines)}'
                lines.append(f'  {source} [label="{_dot_text(_shown(operand))}", shape=plaintext];')
            lines.append(f'  {source} -> {name};')
    return '\n'.join(['digraph autograd {', '  rankdir=LR;',
                      '  node [shape=box, fontname="Helvetica"];', *lines, '}']) + '\n'


# ---------------------------------------------------------------------------------------------
# Copies: pickle and deepcopy, at any depth
# ---------------------------------------------------------------------------------------------
#
# pickle and deepcopy save an object's state as they meet it, recursing into what it refers
# to, so a chain of Variables would take them a thousand calls deep and fail. Instead, the
# first Variable of a graph they meet hands them the graph's other nodes first, as one list in
# an order where operands come before the nodes that use them: when each node's state is
# saved, its operands are saved already, and the depth stays the same however deep the graph.
# Sharing is kept: a node met twice, by two paths or in two objects of one pickle, is one node
# again after loading. A derivative is saved as its number.

class _Saving(threading.local):
    graph: Optional[Callable[[], Any]] = None   # a weak reference to the end of the graph
    members: frozenset = frozenset()             # being saved, and the ids of its nodes


_saving = _Saving()


def _reduce(node):
    derivative = node._grad
    state = (node.value, node._requires_grad,
             None if node._operation is None else node._operation.name, node._a, node._b,
             node._local_a, node._local_b, _value_of(derivative), node.name)
    if node._operation is None or (_saving.graph is not None and _saving.graph() is not None
                                   and id(node) in _saving.members):
        return _bare_node, (), state
    # The first node of its graph met: the rest first. The pickler (or deepcopy's memo) holds
    # the end marker until it is done, so a save that fails part way leaves no state behind.
    graph = _topological_order((node,), every_operand=True)[:-1]
    end = _EndOfGraph()
    _saving.graph, _saving.members = weakref.ref(end), frozenset(map(id, graph))
    return _node_after, (graph, end), state


class _EndOfGraph:
    """Saved after a graph's nodes: reaching it ends that graph's saving in this thread."""

    def __reduce_ex__(self, protocol):
        _saving.graph, _saving.members = None, frozenset()
        return _EndOfGraph, ()


def _bare_node():
    return _new_node()


def _node_after(graph, end_of_graph):
    """The last node of a graph, made after the others (which pickle has made by now)."""
    return _new_node()


def _restore(node, state):
    (node.value, node._requires_grad, operation, node._a, node._b, node._local_a,
     node._local_b, node._grad, name) = state
    node._operation = None if operation is None else _operation_named(operation)
    node._scratch = None
    node.name = name


# ---------------------------------------------------------------------------------------------
# Expressions as text, and the command line
# ---------------------------------------------------------------------------------------------

# Text is parsed once, by a small operator-precedence parser over the tokens below, with
# explicit stacks, so a formula of any length or nesting parses in time linear in its length
# (Python's ast refuses a flat sum of 3,000 terms: it builds its tree recursively). The first
# token outside the grammar ends the parse with a ValueError that names it in Python's terms
# (attribute access, subscripts, lambda, comparisons, ...). Nothing is ever run.

_TEXT_FUNCTIONS = frozenset(_PUBLIC_FUNCTIONS)
_TEXT_CALLS = {name: 1 for name in _TEXT_FUNCTIONS} | {'abs': 1, 'pow': 2}   # name: arguments
_TEXT_BINARY = {'+': 1, '-': 1, '*': 2, '/': 2, '**': 4}      # precedence; unary - + is 3
_UNARY_PRECEDENCE = 3
_MOST_DIGITS = 20_000     # the largest exact result (an int or a Fraction) a text may ask for:
_MOST_BITS = int(_MOST_DIGITS / _math.log10(2))   # it multiplies in microseconds, where a short
                                                 # text could otherwise ask for hours
# Python's own tokens, so that what is refused can be named: number literals (PEP 515
# underscores, hex, octal, binary, complex), strings, names as the tokenizer reads them (a run
# of word characters, checked with str.isidentifier() after) and every operator. The text is
# read here rather than by the tokenize module: since Python 3.12 that module wraps the C
# tokenizer, which stops at 200 nested parentheses.
_DIGITS = r'[0-9](?:_?[0-9])*'
_TOKEN = re.compile(r"""
    (?P<space>[ \t\f]+|\\\r?\n|\#[^\r\n]*)
  | (?P<newline>\r?\n|\r)
  | (?P<string>[rRbBuUfF]{{0,2}}(?:'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*"))
  | (?P<number>(?:0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+
               |(?:{d}\.(?:{d})?|\.{d}|{d})(?:[eE][-+]?{d})?)[jJ]?)
  | (?P<name>\w+)
  | (?P<operator>\*\*=?|//=?|<<=?|>>=?|->|:=|\.\.\.|[-+*/%@&|^<>=!]=|[-+*/%@&|^~<>()\[\]{{}},.:;=])
""".format(d=_DIGITS), re.VERBOSE)
_OTHER_OPERATORS = {'//': 'FloorDiv', '%': 'Mod', '@': 'MatMult', '<<': 'LShift',
                    '>>': 'RShift', '&': 'BitAnd', '|': 'BitOr', '^': 'BitXor'}
_REFUSED_WORDS = {'and': 'and/or', 'or': 'and/or', 'not': 'the operator Not', 'if': 'conditionals',
                  'else': 'conditionals', 'for': 'comprehensions', 'lambda': 'lambda',
                  'in': 'comparisons', 'is': 'comparisons', 'True': 'the bool constant True',
                  'False': 'the bool constant False', 'None': 'the constant None'}


def _name_as_python_reads_it(name):
    return unicodedata.normalize('NFKC', name)


def _parse_text(expression, known_names):
    """expression as steps in postfix order ('number', n), ('name', x), ('unary', '-'),
    ('binary', '*'), ('call', 'exp', 1), ('method', 'tanh'). The grammar: numbers, the known
    names, + - * / ** and unary - +, parentheses, calls of the functions and of abs and pow, and
    the functions as methods (x.tanh()). Anything else raises ValueError naming it."""
    # é written as e and a combining accent is one letter to Python; the tokenizer sees two
    expression = unicodedata.normalize('NFC', expression)
    shown = expression if len(expression) <= 60 else expression[:57] + '...'

    def unparsable(why):
        return ValueError(f"cannot parse the expression {shown!r}: {why}")

    def refused(what, column):
        return ValueError(f"not allowed in an expression: {what} (column {column + 1})")

    tokens = _tokens(expression, unparsable)
    steps, pending = [], []      # pending: operators, '(' and calls still open, innermost last
    expect_operand, i = True, 0
    texts = [text for _, text, _ in tokens] + ['', '', '']
    while i < len(tokens):
        kind, text, column = tokens[i]
        if kind == 'name' and not text.isidentifier():     # x² is a name to the tokenizer
            bad = next(c for j, c in enumerate(text) if not text[:j + 1].isidentifier())
            raise unparsable(f"invalid character {bad!r} (U+{ord(bad):04X})")
        name = _name_as_python_reads_it(text) if kind == 'name' else None
        if name in _REFUSED_WORDS or keyword.iskeyword(name or ''):
            raise refused(_REFUSED_WORDS.get(name or '', f"the keyword {name!r}"), column)
        if text in _OTHER_OPERATORS:
            raise refused(f"the operator {_OTHER_OPERATORS[text]} ({text})", column)
        if text in ('<', '>', '==', '!=', '<=', '>='):
            raise refused('comparisons', column)
        if text.endswith('=') and text != '=':             # := += **= and the like
            raise refused('assignment (:=)' if text == ':=' else 'assignment', column)
        if expect_operand:
            if kind == 'number':
                value = _number_literal(text)
                if value is None:
                    raise unparsable(f"{text} is not a number Python reads")
                if type(value) is complex:
                    raise refused(f"the complex constant {text}", column)
                steps.append(('number', value))
                expect_operand = False
            elif kind == 'string':
                prefix = text[:len(text) - len(text.lstrip('rRbBuUfF'))].lower()
                raise refused('f-strings' if 'f' in prefix else
                              f"the {'bytes' if 'b' in prefix else 'str'} constant {text}", column)
            elif name is not None and name.startswith('__'):
                raise refused(f"the name {name!r}", column)
            elif name is not None and texts[i + 1] == '(':
                if name not in _TEXT_CALLS:
                    raise refused(f"a call of {name!r}", column)
                pending.append(('call', name, 1, column))
                i += 1
            elif name is not None:
                steps.append(('name', name))
                expect_operand = False
            elif text == '(':
                pending.append(('(',))
            elif text in ('-', '+'):
                pending.append(('unary', text))
            elif text in ('*', '**'):
                raise refused('*arguments', column)
            elif text == '~':
                raise refused('the operator Invert (~)', column)
            elif text == '...':
                raise refused('the constant Ellipsis', column)
            elif text in ('[', '{'):
                raise refused(_bracket_kind(texts, i), column)
            elif text == ')' and pending and pending[-1][0] == '(':
                raise refused('tuples', column)
            elif text == ')' and pending and pending[-1][0] == 'call' and texts[i - 1] == ',':
                _, function, count, at = pending.pop()     # exp(x,): Python's trailing comma
                if count - 1 != _TEXT_CALLS[function]:
                    raise refused(f"{function}() with {count - 1} arguments", at)
                steps.append(('call', function, count - 1))
                expect_operand = False
            elif text == ')' and pending and pending[-1][0] == 'call':
                raise refused(f"{pending[-1][1]}() with 0 arguments", pending[-1][3])
            else:
                raise unparsable('invalid syntax')
        elif text in _TEXT_BINARY:
            precedence = _TEXT_BINARY[text]
            while pending and pending[-1][0] in ('unary', 'binary'):
                above = pending[-1]
                above_precedence = (_UNARY_PRECEDENCE if above[0] == 'unary'
                                    else _TEXT_BINARY[above[1]])
                if above_precedence < precedence or above_precedence == precedence == 4:
                    break                          # ** groups to the right: 2 ** 3 ** 2
                steps.append(pending.pop())
            pending.append(('binary', text))
            expect_operand = True
        elif text == '.' and tokens[i + 1:i + 2] and tokens[i + 1][0] == 'name':
            method = _name_as_python_reads_it(texts[i + 1])
            if texts[i + 2] != '(':
                raise refused(f"attribute access .{method}", column)
            if texts[i + 3] != ')' or method not in _TEXT_FUNCTIONS:
                raise refused(f"the method call .{method}()", column)
            steps.append(('method', method))
            i += 3
        elif text in (')', ','):
            while pending and pending[-1][0] in ('unary', 'binary'):
                steps.append(pending.pop())
            if not pending:
                raise refused('tuples', column) if text == ',' else unparsable("unmatched ')'")
            opened = pending.pop()
            if text == ',':
                if opened[0] != 'call':
                    raise refused('tuples', column)
                pending.append(('call', opened[1], opened[2] + 1, opened[3]))
                expect_operand = True
            elif opened[0] == 'call':
                if opened[2] != _TEXT_CALLS[opened[1]]:
                    raise refused(f"{opened[1]}() with {opened[2]} arguments", opened[3])
                steps.append(opened[:3])
        elif text == '=':
            calls = [entry for entry in pending if entry[0] in ('(', 'call')]
            raise refused('keyword arguments' if calls and calls[-1][0] == 'call'
                          else 'assignment', column)
        elif text == '[':
            raise refused('subscripts', column)
        elif text == '(':
            raise refused('a call of a computed function', column)
        else:
            raise unparsable('invalid syntax')
        i += 1
    if expect_operand:
        raise unparsable('invalid syntax')
    while pending:
        if pending[-1][0] not in ('unary', 'binary'):
            raise unparsable("'(' was never closed")
        steps.append(pending.pop())
    unknown = [step[1] for step in steps if step[0] == 'name' and step[1] not in known_names]
    if unknown:                        # after the syntax, as Python reports a NameError after it
        raise ValueError(f"unknown name {unknown[0]!r} in the expression: give it a value "
                         f"(known: {', '.join(sorted(known_names)) or 'none'})")
    return steps


def _tokens(expression, unparsable):
    """The tokens of expression as (kind, text, column) triples. A line break inside
    parentheses is a space, as Python reads it; elsewhere it ends the formula, and nothing may
    follow it. Text that is no Python token raises unparsable(why)."""
    tokens, depth, position = [], 0, 0
    while position < len(expression):
        match = _TOKEN.match(expression, position)
        character = expression[position]
        if character.isidentifier() and (match is None or match.lastgroup == 'name'):
            # a name as PEP 3131 reads it: \w leaves out the combining marks (क्ष, x\u0301),
            # U+00B7 and the like, which may continue a name, so it is read by isidentifier()
            end = position + 1
            while end < len(expression) and ('a' + expression[end]).isidentifier():
                end += 1
            kind, text, column, position = 'name', expression[position:end], position, end
        elif match is None:
            raise unparsable('unterminated string literal' if character in '\'"' else
                             f"invalid character {character!r} (U+{ord(character):04X})")
        else:
            kind, text, column, position = match.lastgroup, match.group(), position, match.end()
        if kind == 'newline' and depth == 0 and expression[position:].strip():
            raise unparsable('a formula is one line')
        if kind in ('space', 'newline'):
            continue
        depth += (text in '([{') - (text in ')]}')
        tokens.append((kind, text, column))
    return tokens


def _bracket_kind(texts, start):
    """What the brackets opening at texts[start] hold: a comprehension, a list, a dict or a set."""
    depth = 0
    for text in texts[start:]:
        depth += (text in '([{') - (text in ')]}')
        if depth == 0:
            break
        if depth == 1 and text == 'for':
            return 'comprehensions'
    if texts[start] == '[':
        return 'lists'
    return 'dicts' if ':' in texts[start:] else 'sets'


def _number_literal(text):
    """The number the literal text stands for, or None where Python would not read it (012)."""
    try:
        if text[-1] in 'jJ':
            return complex(text)
        if text[:2].lower() in ('0x', '0o', '0b') or not any(c in text for c in '.eE'):
            return int(text, 0)
        return float(text)
    except ValueError:
        if len(text.replace('_', '')) > 4300 and text.replace('_', '').isdigit():
            raise ValueError(f"the number {text[:20]}... has {len(text):,} digits, more than "
                             f"the 4,300 Python reads in an expression") from None
        return None


def _exact_bits(x) -> Optional[float]:
    """The size of an exact number (int or Fraction) in bits; None for a float."""
    if isinstance(x, numbers.Integral):
        return _math.log2(abs(int(x))) if x else 0.0
    if isinstance(x, Fraction):
        return (_math.log2(abs(x.numerator)) if x else 0.0) + _math.log2(x.denominator)
    return None


def _exact_result_bits(symbol, x, y):
    """About how many bits the exact result of x symbol y takes (0 where it is a float)."""
    x_bits, y_bits = _exact_bits(x), _exact_bits(y)
    if x_bits is None:
        return 0.0
    if symbol == '**':
        if not isinstance(y, numbers.Integral) or x in (-1, 0, 1):
            return 0.0
        if y < 0 and isinstance(x, numbers.Integral):
            return 0.0                                 # an int to a negative power is a float
        return x_bits * _float_or_inf(abs(int(y)))      # inf for an exponent past floats
    if y_bits is None:
        return 0.0
    if symbol == '*' or Fraction in (type(x), type(y)):    # a product; with a Fraction, a sum or
        return x_bits + y_bits                              # quotient over both denominators
    return max(x_bits, y_bits) + 1


def _text_binary(symbol, a, b):
    """a symbol b, refused at once where the exact result would be too large to compute."""
    bits = _exact_result_bits(symbol, a.value, b.value)
    if bits > _MOST_BITS:
        call = _power_call(a.value, b.value) if symbol == '**' else \
            f"{_shown(a.value)} {symbol} {_shown(b.value)}"
        digits = (f"about {int(bits * _math.log10(2)):,} digits" if bits < _math.inf
                  else "too many digits to count")
        raise OverflowError(f"{call}: the exact result would have {digits}, more than the "
                            f"{_MOST_DIGITS:,} an expression may compute (write a float, "
                            f"2.0 rather than 2, for an approximate value)")
    return _BINARY_OPERATIONS[symbol](a, b)


_BINARY_OPERATIONS = {'+': operator.add, '-': operator.sub, '*': operator.mul,
                      '/': operator.truediv, '**': operator.pow}


def _evaluate_text(expression, values):
    """(result, {given name: Variable}) for expression evaluated at values; see gradients()."""
    formula, leaves = _text_formula(expression, values)
    return formula(*leaves.values()), leaves


def _text_formula(expression, values):
    """(formula, {given name: Variable leaf}): the text as a function of the Variables of its
    names, in the order values gives them, and those Variables at values."""
    if not isinstance(expression, str):
        raise TypeError(f"expression must be a str, not {type(expression).__name__}")
    if not isinstance(values, dict):
        raise TypeError(f"values must be a dict of names to numbers, not {type(values).__name__}")
    leaves, given_as = {}, {}           # by the name Python reads; the name as given
    for name, value in values.items():
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"{name!r} is not a name an expression can use")
        read = _name_as_python_reads_it(name)
        if keyword.iskeyword(read) or read.startswith('__'):
            raise ValueError(f"{name!r} is not a name an expression can use "
                             f"({'a Python keyword' if keyword.iskeyword(read) else 'a dunder name'})")
        if read in leaves:
            raise ValueError(f"the names {given_as[read]!r} and {name!r} are one name to Python "
                             f"(it reads identifiers in NFKC form): give only one of them")
        leaves[read] = Variable(_real_or_type_error(value, f"the value of {name!r}"), name=name)
        given_as[read] = name
    steps = _parse_text(expression.strip(), leaves)
    reads = list(leaves)

    def formula(*variables):
        return _run_text(steps, dict(zip(reads, variables)))

    return formula, {given_as[read]: leaf for read, leaf in leaves.items()}


def _run_text(steps, leaves):
    """The Variable the parsed steps compute, the names standing for leaves."""
    results = []
    for step in steps:
        kind = step[0]
        if kind == 'number':     # as a constant Variable: its arithmetic then names the call
            results.append(_constant(step[1]))     # in any domain error
        elif kind == 'name':
            results.append(leaves[step[1]])
        elif kind == 'unary':
            results.append(-results.pop() if step[1] == '-' else +results.pop())
        elif kind == 'binary':
            b, a = results.pop(), results.pop()
            results.append(_text_binary(step[1], a, b))
        elif kind == 'method':
            results.append(getattr(results.pop(), step[1])())
        elif step[1] == 'pow':
            b, a = results.pop(), results.pop()
            results.append(_text_binary('**', a, b))
        else:
            x = results.pop()
            results.append(abs(x) if step[1] == 'abs' else getattr(x, step[1])())
    return results[0]


def gradients(expression: str, values: Dict[str, Number]) -> Dict[str, Dict[str, Any]]:
    """Evaluate the text expression at values and return each name's value and derivative.

    >>> gradients("(a + b * c).relu()", {'a': 2, 'b': -3, 'c': 10})
    {'a': {'data': 2, 'grad': 0.0}, 'b': {'data': -3, 'grad': 0.0}, 'c': {'data': 10, 'grad': 0.0}}

    The text is parsed, never run: numbers, the given names, + - * / **, unary - and +, calls of
    the functions of this module and of abs and pow, and method calls of the functions
    (x.tanh()). Anything else raises ValueError naming what was refused.
    """
    result, leaves = _evaluate_text(expression, values)
    if isinstance(result, Variable) and result.requires_grad:
        result.backward()
    return {name: {'data': leaf.value, 'grad': leaf.grad + 0.0}      # a zero as 0.0, not -0.0
            for name, leaf in leaves.items()}


class _OneLineParser(argparse.ArgumentParser):
    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def _command_line_parser():
    parser = _OneLineParser(
        prog='autograd.py',
        description="Evaluate a formula and print its value and its partial derivatives.",
        epilog='example:\n  python3 autograd.py "x*y + x.tanh()" x=0.5 y=2\n\n' + textwrap.fill(
            'The formula may use numbers, the names given, + - * / **, and the functions '
            + ', '.join(sorted(_TEXT_FUNCTIONS)) + ', abs and pow, as calls (tanh(x)) or '
            'methods (x.tanh()); nothing else, and it is never run as Python code. Values that '
            'look like integers are ints, others floats. Bad input exits with status 2.', 78),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('expression', help='the formula, quoted: "x*y + x.tanh()"')
    parser.add_argument('values', nargs='*', default=[], metavar='NAME=VALUE',
                        help='a value for each name')
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument('--json', action='store_true',
                       help="print {name: {'data': value, 'grad': derivative}} as JSON")
    shown.add_argument('--dot', action='store_true', help='print the graph as Graphviz DOT')
    parser.add_argument('--hessian', action='store_true',
                        help='also print the second derivatives, one row of the matrix per line '
                             '(with --json: {"value", "gradient", "hessian"})')
    return parser


def _is_formula(text, names):
    try:
        return bool(_parse_text(text, names))
    except ValueError:
        return False


def _parse_value(name, text):
    try:
        return int(text)
    except ValueError:
        if text.lstrip('+-').isdigit():     # an int past Python's 4,300 digits: not a float
            raise ValueError(f"the value of {name} has {len(text.lstrip('+-')):,} digits, more "
                             f"than the 4,300 Python reads as an int") from None
    try:
        return float(text)
    except ValueError:
        shown = text if len(text) <= 40 else text[:37] + '...'
        raise ValueError(f"the value of {name} is not a number: {shown!r}") from None


def _as_row(row):
    return row if isinstance(row, tuple) else (row,)


def _json_number(x):
    """x for strict JSON: the non-finite floats, which JSON lacks, as "inf", "-inf", "nan",
    and an int past the 4,300 digits Python's json writes as a string of its digits."""
    if isinstance(x, int) and x.bit_length() >= 14_000:
        return _full_text(x)
    return x if not isinstance(x, float) or _math.isfinite(x) else str(x)


def main(argv: Optional[List[str]] = None) -> int:
    """The command line; returns the exit status (0, or 2 for bad input)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _command_line_parser()
    ending = argv.index('--') if '--' in argv else len(argv)   # after --, nothing is an option
    head, tail = argv[:ending], argv[ending + 1:]
    flags = [a for a in head if a in ('-h', '--help', '--json', '--dot', '--hessian')]
    rest = [a for a in head if a not in flags] + tail
    names = {a.partition('=')[0].strip() for a in head if '=' in a}
    for i, argument in enumerate(rest):
        # --x is a formula, -(-x), where it reads as one in the names given, and comes first
        if argument.startswith('--') and argument in head and not (
                i == 0 and _is_formula(argument, names)):
            parser.error(f"unknown option {argument}")
    options = parser.parse_args(flags + (['--'] + rest if rest else []))   # '-x + 1' is a formula
    if options.dot and options.hessian:
        parser.error("--hessian prints numbers; --dot prints the graph: give one of them")
    try:
        values = {}
        for pair in options.values:
            name, equals, text = pair.partition('=')
            name = name.strip()
            if not equals or not name.isidentifier():
                raise ValueError(f"expected NAME=VALUE, got {pair!r}")
            if name in values:
                raise ValueError(f"{name} is given twice")
            values[name] = _parse_value(name, text.strip())
        formula, leaves = _text_formula(options.expression, values)
        result = formula(*leaves.values())
        if result.requires_grad:
            result.backward()
        rows: Any = ()
        if options.hessian and values:
            second = hessian(formula)(*values.values())
            rows = [second] if len(values) == 1 else second
    except (ValueError, TypeError, ArithmeticError, RecursionError, MemoryError) as error:
        print(f"autograd.py: error: {error}", file=sys.stderr)
        return 2
    if options.dot:
        print(result.to_dot(), end='')
    elif options.json and options.hessian:
        print(json.dumps({'value': _json_number(result.value),
                          'gradient': {name: _json_number(leaf.grad) for name, leaf in leaves.items()},
                          'hessian': {name: {other: _json_number(entry)
                                             for other, entry in zip(leaves, _as_row(row))}
                                      for name, row in zip(leaves, rows)}}, allow_nan=False))
    elif options.json:
        print(json.dumps({name: {'data': _json_number(leaf.value),
                                 'grad': _json_number(leaf.grad + 0.0)}
                          for name, leaf in leaves.items()}, allow_nan=False))
    else:
        print(f"value = {_full_text(result.value)}")
        for name, leaf in leaves.items():
            print(f"d/d{name} = {leaf.grad + 0.0!r}")
        if options.hessian:
            print(f"hessian (rows and columns: {', '.join(leaves)}):")
            for name, row in zip(leaves, rows):
                print(f"  {name}: [{', '.join(repr(entry) for entry in _as_row(row))}]")
    return 0


# ---------------------------------------------------------------------------------------------
# Appendix: the operators and public functions of the table, written out
# ---------------------------------------------------------------------------------------------
#
# Made by tools/regenerate.py from the table (a test checks that they are current): the
# methods that run once per node, with their rows' formulas inlined.

class Variable(_VariableCore):
    __doc__ = _VariableCore.__doc__
    __slots__ = ()

    # GENERATED METHODS BEGIN: made from the operation table by tools/regenerate.py; do not edit here
    def __add__(self, other: Union[Variable, Number]) -> Variable:
        """self + other"""
        b: Any          # the other operand's value: any real number
        if isinstance(other, Variable):
            b, b_flows = other.value, other._requires_grad
        elif type(other) in _PLAIN_NUMBERS or isinstance(other, numbers.Real):
            b, b_flows = other, False
        else:
            return NotImplemented
        a, a_flows = self.value, self._requires_grad
        try:
            out: Any = a + b
        except OverflowError as error:      # an int too large for a float met a float
            raise _domain_error(error, f"{_shown(a)} + {_shown(b)}") from None
        if not ((a_flows or b_flows) and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, a_flows or b_flows)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _ADD
        node._a = self
        node._local_a = (1) if a_flows else None
        node._b = other
        node._local_b = (1) if b_flows else None
        node._grad = node._scratch = None
        return node

    def __radd__(self, other: Number) -> Variable:
        """other + self (Python calls it only when other is not a Variable)"""
        if not (type(other) in _PLAIN_NUMBERS or isinstance(other, numbers.Real)):
            return NotImplemented
        a: Any = other
        b = self.value
        try:
            out: Any = a + b
        except OverflowError as error:
            raise _domain_error(error, f"{_shown(a)} + {_shown(b)}") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _ADD
        node._a = other
        node._local_a = None
        node._b = self
        node._local_b = 1
        node._grad = node._scratch = None
        return node

    def __sub__(self, other: Union[Variable, Number]) -> Variable:
        """self - other"""
        b: Any          # the other operand's value: any real number
        if isinstance(other, Variable):
            b, b_flows = other.value, other._requires_grad
        elif type(other) in _PLAIN_NUMBERS or isinstance(other, numbers.Real):
            b, b_flows = other, False
        else:
            return NotImplemented
        a, a_flows = self.value, self._requires_grad
        try:
            out: Any = a - b
        except OverflowError as error:      # an int too large for a float met a float
            raise _domain_error(error, f"{_shown(a)} - {_shown(b)}") from None
        if not ((a_flows or b_flows) and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, a_flows or b_flows)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _SUB
        node._a = self
        node._local_a = (1) if a_flows else None
        node._b = other
        node._local_b = (-1) if b_flows else None
        node._grad = node._scratch = None
        return node

    def __rsub__(self, other: Number) -> Variable:
        """other - self (Python calls it only when other is not a Variable)"""
        if not (type(other) in _PLAIN_NUMBERS or isinstance(other, numbers.Real)):
            return NotImplemented
        a: Any = other
        b = self.value
        try:
            out: Any = a - b
        except OverflowError as error:
            raise _domain_error(error, f"{_shown(a)} - {_shown(b)}") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _SUB
        node._a = other
        node._local_a = None
        node._b = self
        node._local_b = -1
        node._grad = node._scratch = None
        return node

    def __mul__(self, other: Union[Variable, Number]) -> Variable:
        """self * other"""
        b: Any          # the other operand's value: any real number
        if isinstance(other, Variable):
            b, b_flows = other.value, other._requires_grad
        elif type(other) in _PLAIN_NUMBERS or isinstance(other, numbers.Real):
            b, b_flows = other, False
        else:
            return NotImplemented
        a, a_flows = self.value, self._requires_grad
        try:
            out: Any = a * b
        except OverflowError as error:      # an int too large for a float met a float
            raise _domain_error(error, f"{_shown(a)} * {_shown(b)}") from None
        if not ((a_flows or b_flows) and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, a_flows or b_flows)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _MUL
        node._a = self
        node._local_a = (b) if a_flows else None
        node._b = other
        node._local_b = (a) if b_flows else None
        node._grad = node._scratch = None
        return node

    def __rmul__(self, other: Number) -> Variable:
        """other * self (Python calls it only when other is not a Variable)"""
        if not (type(other) in _PLAIN_NUMBERS or isinstance(other, numbers.Real)):
            return NotImplemented
        a: Any = other
        b = self.value
        try:
            out: Any = a * b
        except OverflowError as error:
            raise _domain_error(error, f"{_shown(a)} * {_shown(b)}") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _MUL
        node._a = other
        node._local_a = None
        node._b = self
        node._local_b = a
        node._grad = node._scratch = None
        return node

    def __truediv__(self, other: Union[Variable, Number]) -> Variable:
        """self / other"""
        b: Any          # the other operand's value: any real number
        if isinstance(other, Variable):
            b, b_flows = other.value, other._requires_grad
        elif type(other) in _PLAIN_NUMBERS or isinstance(other, numbers.Real):
            b, b_flows = other, False
        else:
            return NotImplemented
        a, a_flows = self.value, self._requires_grad
        try:
            out: Any = _divide(a, b)
        except OverflowError as error:      # an int too large for a float met a float
            raise _domain_error(error, f"{_shown(a)} / {_shown(b)}") from None
        if not ((a_flows or b_flows) and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, a_flows or b_flows)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _DIV
        node._a = self
        node._local_a = (_inverse(b)) if a_flows else None
        node._b = other
        node._local_b = ((-out / b if type(out) is type(b) is float
                      and _SMALLEST_NORMAL <= abs(out) < _math.inf else _d_quotient_in_b(a, b, out))) if b_flows else None
        node._grad = node._scratch = None
        return node

    def __rtruediv__(self, other: Number) -> Variable:
        """other / self (Python calls it only when other is not a Variable)"""
        if not (type(other) in _PLAIN_NUMBERS or isinstance(other, numbers.Real)):
            return NotImplemented
        a: Any = other
        b = self.value
        try:
            out: Any = _divide(a, b)
        except OverflowError as error:
            raise _domain_error(error, f"{_shown(a)} / {_shown(b)}") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _DIV
        node._a = other
        node._local_a = None
        node._b = self
        node._local_b = (-out / b if type(out) is type(b) is float
                      and _SMALLEST_NORMAL <= abs(out) < _math.inf else _d_quotient_in_b(a, b, out))
        node._grad = node._scratch = None
        return node

    def __pow__(self, other: Union[Variable, Number]) -> Variable:
        """self ** other"""
        b: Any          # the other operand's value: any real number
        if isinstance(other, Variable):
            b, b_flows = other.value, other._requires_grad
        elif type(other) in _PLAIN_NUMBERS or isinstance(other, numbers.Real):
            b, b_flows = other, False
        else:
            return NotImplemented
        a, a_flows = self.value, self._requires_grad
        try:
            out: Any = _power(a, b)
        except OverflowError as error:      # an int too large for a float met a float
            raise _domain_error(error, f"{_shown(a)} ** {_shown(b)}") from None
        if not ((a_flows or b_flows) and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, a_flows or b_flows)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _POW
        node._a = self
        node._local_a = (_d_pow_base(a, b, out)) if a_flows else None
        node._b = other
        node._local_b = (_d_pow_exponent(a, b, out)) if b_flows else None
        node._grad = node._scratch = None
        return node

    def __rpow__(self, other: Number) -> Variable:
        """other ** self (Python calls it only when other is not a Variable)"""
        if not (type(other) in _PLAIN_NUMBERS or isinstance(other, numbers.Real)):
            return NotImplemented
        a: Any = other
        b = self.value
        try:
            out: Any = _power(a, b)
        except OverflowError as error:
            raise _domain_error(error, f"{_shown(a)} ** {_shown(b)}") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _POW
        node._a = other
        node._local_a = None
        node._b = self
        node._local_b = _d_pow_exponent(a, b, out)
        node._grad = node._scratch = None
        return node

    def __neg__(self) -> Variable:
        """neg(self) as a new Variable."""
        x = self.value
        try:
            out: Any = -x
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"neg({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _NEG
        node._a = self
        node._local_a = -1
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def __pos__(self) -> Variable:
        """pos(self) as a new Variable."""
        x = self.value
        try:
            out: Any = +x
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"pos({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _POS
        node._a = self
        node._local_a = 1
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def __abs__(self) -> Variable:
        """abs(self) as a new Variable."""
        x = self.value
        try:
            out: Any = abs(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"abs({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _ABS
        node._a = self
        node._local_a = _sign_or_masked(x)
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def exp(self) -> Variable:
        """exp(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _math.exp(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"exp({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _EXP
        node._a = self
        node._local_a = out
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def log(self) -> Variable:
        """log(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _log_value(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"log({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _LOG
        node._a = self
        node._local_a = _inverse(x)
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def sqrt(self) -> Variable:
        """sqrt(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _math.sqrt(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"sqrt({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _SQRT
        node._a = self
        node._local_a = 0.5 * _reciprocal(out)
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def sin(self) -> Variable:
        """sin(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _math.sin(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"sin({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _SIN
        node._a = self
        node._local_a = cos(x)
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def cos(self) -> Variable:
        """cos(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _math.cos(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"cos({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _COS
        node._a = self
        node._local_a = -sin(x)
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def tan(self) -> Variable:
        """tan(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _math.tan(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"tan({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _TAN
        node._a = self
        node._local_a = 1 + out * out
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def asin(self) -> Variable:
        """asin(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _math.asin(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"asin({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _ASIN
        node._a = self
        node._local_a = _reciprocal(sqrt(_one_minus_square(x)))
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def acos(self) -> Variable:
        """acos(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _math.acos(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"acos({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _ACOS
        node._a = self
        node._local_a = -_reciprocal(sqrt(_one_minus_square(x)))
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def atan(self) -> Variable:
        """atan(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _math.atan(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"atan({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _ATAN
        node._a = self
        node._local_a = _d_atan(x)
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def sinh(self) -> Variable:
        """sinh(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _math.sinh(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"sinh({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _SINH
        node._a = self
        node._local_a = cosh(x)
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def cosh(self) -> Variable:
        """cosh(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _math.cosh(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"cosh({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _COSH
        node._a = self
        node._local_a = sinh(x)
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def tanh(self) -> Variable:
        """tanh(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _math.tanh(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"tanh({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _TANH
        node._a = self
        node._local_a = _sech_squared_value(x, out)
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def sigmoid(self) -> Variable:
        """sigmoid(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _sigmoid(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"sigmoid({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _SIGMOID
        node._a = self
        node._local_a = 0.25 * _sech_squared_value(0.5 * x)
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def relu(self) -> Variable:
        """relu(self) as a new Variable."""
        x = self.value
        try:
            out: Any = 0.0 if x <= 0 else float(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"relu({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _RELU
        node._a = self
        node._local_a = _MASKED if x <= 0 else 1.0
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def softplus(self) -> Variable:
        """softplus(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _softplus(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"softplus({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _SOFTPLUS
        node._a = self
        node._local_a = sigmoid(x)
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def log1p(self) -> Variable:
        """log1p(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _math.log1p(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"log1p({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _LOG1P
        node._a = self
        node._local_a = 1 / (1 + x)
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def expm1(self) -> Variable:
        """expm1(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _math.expm1(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"expm1({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _EXPM1
        node._a = self
        node._local_a = exp(x)
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def asinh(self) -> Variable:
        """asinh(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _math.asinh(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"asinh({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _ASINH
        node._a = self
        node._local_a = _d_asinh(x)
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def acosh(self) -> Variable:
        """acosh(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _math.acosh(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"acosh({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _ACOSH
        node._a = self
        node._local_a = _reciprocal(sqrt(x - 1) * sqrt(x + 1))
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def atanh(self) -> Variable:
        """atanh(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _math.atanh(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"atanh({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _ATANH
        node._a = self
        node._local_a = _reciprocal(_one_minus_square(x))
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def exp2(self) -> Variable:
        """exp2(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _exp2(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"exp2({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _EXP2
        node._a = self
        node._local_a = out * _LN2
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def log2(self) -> Variable:
        """log2(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _math.log2(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"log2({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _LOG2
        node._a = self
        node._local_a = _LOG2_E * _inverse(x)
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def log10(self) -> Variable:
        """log10(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _math.log10(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"log10({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _LOG10
        node._a = self
        node._local_a = _LOG10_E * _inverse(x)
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def cbrt(self) -> Variable:
        """cbrt(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _cbrt(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"cbrt({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _CBRT
        node._a = self
        node._local_a = _inverse(3 * out * out)
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def erf(self) -> Variable:
        """erf(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _math.erf(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"erf({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _ERF
        node._a = self
        node._local_a = _TWO_OVER_SQRT_PI * exp(-x * x)
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def erfc(self) -> Variable:
        """erfc(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _math.erfc(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"erfc({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _ERFC
        node._a = self
        node._local_a = -_TWO_OVER_SQRT_PI * exp(-x * x)
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def gamma(self) -> Variable:
        """gamma(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _math.gamma(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"gamma({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _GAMMA
        node._a = self
        node._local_a = out * _polygamma(0, x)
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def lgamma(self) -> Variable:
        """lgamma(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _math.lgamma(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"lgamma({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _LGAMMA
        node._a = self
        node._local_a = _polygamma(0, x)
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def fabs(self) -> Variable:
        """fabs(self) as a new Variable."""
        x = self.value
        try:
            out: Any = _math.fabs(x)
        except (ValueError, OverflowError, ZeroDivisionError) as error:
            raise _domain_error(error, f"fabs({_shown(x)})") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _FABS
        node._a = self
        node._local_a = _sign_or_masked(x)
        node._b = node._local_b = node._grad = node._scratch = None
        return node

    def __mod__(self, other: Union[Variable, Number]) -> Variable:
        """self % other"""
        b: Any          # the other operand's value: any real number
        if isinstance(other, Variable):
            b, b_flows = other.value, other._requires_grad
        elif type(other) in _PLAIN_NUMBERS or isinstance(other, numbers.Real):
            b, b_flows = other, False
        else:
            return NotImplemented
        a, a_flows = self.value, self._requires_grad
        try:
            out: Any = _modulo(a, b)
        except OverflowError as error:      # an int too large for a float met a float
            raise _domain_error(error, f"{_shown(a)} % {_shown(b)}") from None
        if not ((a_flows or b_flows) and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, a_flows or b_flows)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _MOD
        node._a = self
        node._local_a = (1) if a_flows else None
        node._b = other
        node._local_b = (-(a // b)) if b_flows else None
        node._grad = node._scratch = None
        return node

    def __rmod__(self, other: Number) -> Variable:
        """other % self (Python calls it only when other is not a Variable)"""
        if not (type(other) in _PLAIN_NUMBERS or isinstance(other, numbers.Real)):
            return NotImplemented
        a: Any = other
        b = self.value
        try:
            out: Any = _modulo(a, b)
        except OverflowError as error:
            raise _domain_error(error, f"{_shown(a)} % {_shown(b)}") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _MOD
        node._a = other
        node._local_a = None
        node._b = self
        node._local_b = -(a // b)
        node._grad = node._scratch = None
        return node

    def __floordiv__(self, other: Union[Variable, Number]) -> Variable:
        """self // other"""
        b: Any          # the other operand's value: any real number
        if isinstance(other, Variable):
            b, b_flows = other.value, other._requires_grad
        elif type(other) in _PLAIN_NUMBERS or isinstance(other, numbers.Real):
            b, b_flows = other, False
        else:
            return NotImplemented
        a, a_flows = self.value, self._requires_grad
        try:
            out: Any = _floor_divide(a, b)
        except OverflowError as error:      # an int too large for a float met a float
            raise _domain_error(error, f"{_shown(a)} // {_shown(b)}") from None
        if not ((a_flows or b_flows) and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, a_flows or b_flows)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _FLOORDIV
        node._a = self
        node._local_a = (_MASKED) if a_flows else None
        node._b = other
        node._local_b = (_MASKED) if b_flows else None
        node._grad = node._scratch = None
        return node

    def __rfloordiv__(self, other: Number) -> Variable:
        """other // self (Python calls it only when other is not a Variable)"""
        if not (type(other) in _PLAIN_NUMBERS or isinstance(other, numbers.Real)):
            return NotImplemented
        a: Any = other
        b = self.value
        try:
            out: Any = _floor_divide(a, b)
        except OverflowError as error:
            raise _domain_error(error, f"{_shown(a)} // {_shown(b)}") from None
        if not (self._requires_grad and not (_threads_without_grad and _grad_mode.depth)):
            return _constant(out, self._requires_grad)
        node = _new_node()
        node.value = out
        node._requires_grad = True
        node._operation = _FLOORDIV
        node._a = other
        node._local_a = None
        node._b = self
        node._local_b = _MASKED
        node._grad = node._scratch = None
        return node

    # NumPy's names, which its ufuncs call on arrays of Variables
    arcsin = asin
    arccos = acos
    arctan = atan
    arcsinh = asinh
    arccosh = acosh
    arctanh = atanh
    # GENERATED METHODS END


Value = Variable
_new_bare_node = type.__call__.__get__(Variable)   # a bare node, built in C (see _VariableType)
_new_node = _new_bare_node                  # (jit's trace puts a recording one in its place)
Variable.__signature__ = inspect.signature(_variable_arguments)  # type: ignore[attr-defined]


# GENERATED FORMATS BEGIN: made from the operation table by tools/regenerate.py; do not edit here
_VALUE_FORMATS = {     # row name: its value, for jit's code
    'add': '{a} + {b}',
    'sub': '{a} - {b}',
    'mul': '{a} * {b}',
    'div': '_divide({a}, {b})',
    'pow': '_power({a}, {b})',
    'neg': '-{x}',
    'pos': '+{x}',
    'abs': 'abs({x})',
    'exp': '_math.exp({x})',
    'log': '_log_value({x})',
    'sqrt': '_math.sqrt({x})',
    'sin': '_math.sin({x})',
    'cos': '_math.cos({x})',
    'tan': '_math.tan({x})',
    'asin': '_math.asin({x})',
    'acos': '_math.acos({x})',
    'atan': '_math.atan({x})',
    'sinh': '_math.sinh({x})',
    'cosh': '_math.cosh({x})',
    'tanh': '_math.tanh({x})',
    'sigmoid': '_sigmoid({x})',
    'relu': '0.0 if {x} <= 0 else float({x})',
    'softplus': '_softplus({x})',
    'log1p': '_math.log1p({x})',
    'expm1': '_math.expm1({x})',
    'asinh': '_math.asinh({x})',
    'acosh': '_math.acosh({x})',
    'atanh': '_math.atanh({x})',
    'exp2': '_exp2({x})',
    'log2': '_math.log2({x})',
    'log10': '_math.log10({x})',
    'cbrt': '_cbrt({x})',
    'erf': '_math.erf({x})',
    'erfc': '_math.erfc({x})',
    'gamma': '_math.gamma({x})',
    'lgamma': '_math.lgamma({x})',
    'fabs': '_math.fabs({x})',
    'mod': '_modulo({a}, {b})',
    'floordiv': '_floor_divide({a}, {b})',
    'atan2': '_math.atan2({a}, {b})',
    'hypot': '_math.hypot({a}, {b})',
    'copysign': '_math.copysign({a}, {b})',
    'fmod': '_math.fmod({a}, {b})',
    'remainder': '_math.remainder({a}, {b})',
    'leaky_relu': '_leaky_relu_value({a}, {b})',
    'elu': '_elu_value({a}, {b})',
    'reciprocal': '_reciprocal_or_inf({x})',
    'one_minus_square': '_one_minus_square_value({x})',
    'float': '_float_or_inf({x})',
    'step': '_RELU.local_a({x}, None)',
    'sign': '_sign_or_masked({x})',
    'sech_squared': '_sech_squared_value({x})',
    'atan_slope': '_d_atan({x})',
    'x_over_one_plus_square': '_x_over_one_plus_square_value({x})',
    'asinh_slope': '_d_asinh({x})',
    'negative_part': '{x} if {x} <= 0 else 0.0',
    'nan_slope': '1',
    'power_log': '_times_power(log({a}), {a}, {b})',
    'unit_sign': '_math.copysign(1.0, {x})',
    'leaky_slope': '1.0 if {a} > 0 else {b}',
    'trunc_quotient': '({a} - _math.fmod({a}, {b})) / {b}',
    'nearest_quotient': '({a} - _math.remainder({a}, {b})) / {b}',
    'polygamma': '_polygamma_value({a}, {b})',
}
# GENERATED FORMATS END


if __name__ == '__main__':
    sys.exit(main())
