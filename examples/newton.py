"""Newton's method for a minimum, with the library's own first and second derivatives.

One variable: f(x) = x^4 - 3x^3 + 2, whose minimum is at x = 9/4.
Two variables: Rosenbrock's banana valley, f(x, y) = (1 - x)^2 + 100 (y - x^2)^2, minimum (1, 1),
from the classic start (-1.2, 1).

    python3 examples/newton.py
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))

from autograd import Variable, grad  # noqa: E402


def newton_1d(f, x, steps=50, tolerance=1e-12):
    """x <- x - f'(x) / f''(x), with f' and f'' from grad and grad(grad)."""
    slope, curvature = grad(f), grad(grad(f))
    print("step                       x                    f(x)         f'(x)")
    for step in range(steps):
        g = slope(x)
        print(f"{step:4d}  {x:22.16f}  {f(Variable(x)).value:22.16f}  {g:12.3e}")
        if abs(g) < tolerance:
            break
        x -= g / curvature(x)
    return x


def newton_2d(f, point, steps=50, tolerance=1e-12):
    """point <- point - H^-1 g, with g from backward() and the Hessian H from
    backward(create_graph=True) followed by a backward() of each first derivative."""
    x, y = point
    print(f"{'step':>4}  {'x':>20}  {'y':>20}  {'f(x, y)':>12}  {'|gradient|':>10}")
    for step in range(steps):
        vx, vy = Variable(x), Variable(y)
        value = f(vx, vy)
        value.backward(create_graph=True)
        gx, gy = vx.d, vy.d                 # differentiable first derivatives
        hessian = []
        for first in (gx, gy):
            vx.zero_grad()
            vy.zero_grad()
            first.backward()                # vx.d, vy.d now hold a row of the Hessian
            hessian.append((vx.grad, vy.grad))
        (hxx, hxy), (hyx, hyy) = hessian
        norm = (gx.value ** 2 + gy.value ** 2) ** 0.5
        print(f"{step:4d}  {x:20.16f}  {y:20.16f}  {value.value:12.4e}  {norm:10.3e}")
        if norm < tolerance:
            break
        determinant = hxx * hyy - hxy * hyx
        x -= (hyy * gx.value - hxy * gy.value) / determinant
        y -= (hxx * gy.value - hyx * gx.value) / determinant
    return x, y


def main():
    print("Minimising f(x) = x^4 - 3x^3 + 2 from x = 4:")
    x = newton_1d(lambda x: x ** 4 - 3 * x ** 3 + 2, 4.0)
    print(f"minimum at x = {x!r} (exact: 9/4 = 2.25)\n")

    print("Minimising Rosenbrock's f(x, y) = (1 - x)^2 + 100 (y - x^2)^2 from (-1.2, 1):")
    x, y = newton_2d(lambda x, y: (1 - x) ** 2 + 100 * (y - x * x) ** 2, (-1.2, 1.0))
    print(f"minimum at (x, y) = ({x!r}, {y!r}) (exact: (1, 1))")


if __name__ == '__main__':
    main()
