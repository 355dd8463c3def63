"""Train a small multilayer perceptron, built from Variables only, on the two-moons dataset.

    python3 examples/train_mlp.py

It generates 100 points in two interleaved half-moons (fixed seed), trains a 2-16-16-1 tanh
network by full-batch gradient descent on a max-margin loss with L2 regularisation, prints the
loss as it falls, and finishes with an ASCII picture of the decision regions with the points on
it. It stops at 100% training accuracy or after STEPS steps.

The loop runs inside autograd.spare_collector(), which keeps Python's cycle collector from
scanning every graph the loop builds and drops (they hold no cycles; reference counting frees
them). At the end it times a few steps of a fresh model with and without it, and prints both.

    python3 examples/train_mlp.py --jit

trains the same network through jit(value_and_grad(loss)), with the loss written as a function
of the parameters, and then as above, and prints both wall times and final accuracies.
--quick uses 40 points instead of 100 (the tests run it so).
"""

import contextlib
import math
import os
import random
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))

from autograd import Variable, jit, no_grad, spare_collector, value_and_grad  # noqa: E402

STEPS = 100


def two_moons(count, noise=0.1, seed=1):
    """count points (x, y) with labels +1 (upper moon) and -1 (lower moon)."""
    rng = random.Random(seed)
    points = []
    for i in range(count):
        angle = math.pi * (i // 2) / (count // 2 - 1)
        if i % 2:
            x, y, label = math.cos(angle), math.sin(angle), 1
        else:
            x, y, label = 1 - math.cos(angle), 0.5 - math.sin(angle), -1
        points.append(((x + rng.gauss(0, noise), y + rng.gauss(0, noise)), label))
    return points


class Neuron:
    def __init__(self, inputs, rng, activation):
        # Weights uniform in [-1, 1], as micrograd's demo: smaller ones (1/sqrt(inputs)) start
        # the tanh units so linear that 100 steps reach only 90% here.
        self.weights = [Variable(rng.uniform(-1, 1)) for _ in range(inputs)]
        self.bias = Variable(0.0)
        self.activation = activation

    def __call__(self, inputs):
        total = self.bias
        for w, x in zip(self.weights, inputs):
            total = total + w * x
        return total.tanh() if self.activation else total

    def parameters(self):
        return self.weights + [self.bias]


class MLP:
    def __init__(self, sizes, seed=0):
        rng = random.Random(seed)
        self.layers = [[Neuron(fan_in, rng, activation=depth < len(sizes) - 2)
                        for _ in range(fan_out)]
                       for depth, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:]))]

    def __call__(self, inputs):
        for layer in self.layers:
            inputs = [neuron(inputs) for neuron in layer]
        return inputs[0]

    def parameters(self):
        return [p for layer in self.layers for neuron in layer for p in neuron.parameters()]


def loss_and_accuracy(model, data, regularisation=1e-4):
    """Mean hinge loss max(0, 1 - y * score) plus an L2 penalty; and the share classified right."""
    scores = [model(point) for point, _ in data]
    hinge = sum((1 - label * score).relu() for score, (_, label) in zip(scores, data)) / len(data)
    penalty = regularisation * sum(p * p for p in model.parameters())
    correct = sum((score.value > 0) == (label > 0) for score, (_, label) in zip(scores, data))
    return hinge + penalty, correct / len(data)


def decision_map(model, data, width=64, height=24):
    """The plane as text: '.' where the model says +1, ' ' where -1, and the points on it as
    'o' (+1) and 'x' (-1); a capital letter marks a point the model gets wrong."""
    xs = [p[0] for p, _ in data]
    ys = [p[1] for p, _ in data]
    left, right = min(xs) - 0.25, max(xs) + 0.25
    bottom, top = min(ys) - 0.25, max(ys) + 0.25
    column = lambda x: min(width - 1, int((x - left) / (right - left) * width))
    row = lambda y: min(height - 1, int((top - y) / (top - bottom) * height))
    with no_grad():
        grid = [['.' if model(((left + (c + 0.5) * (right - left) / width),
                               (top - (r + 0.5) * (top - bottom) / height))).value > 0 else ' '
                 for c in range(width)] for r in range(height)]
        for (x, y), label in data:
            right_side = (model((x, y)).value > 0) == (label > 0)
            mark = 'o' if label > 0 else 'x'
            grid[row(y)][column(x)] = mark if right_side else mark.upper()
    border = '+' + '-' * width + '+'
    return '\n'.join([border] + ['|' + ''.join(line) + '|' for line in grid] + [border])


def train(model, data, steps, report=print):
    """Full-batch gradient descent until 100% accuracy or steps steps: (loss, accuracy)."""
    parameters = model.parameters()
    for step in range(steps + 1):
        loss, accuracy = loss_and_accuracy(model, data)
        if step % 5 == 0 or accuracy == 1.0:
            report(f"step {step:3d}  loss {loss.value:.4f}  accuracy {accuracy:.0%}")
        if accuracy == 1.0 or step == steps:
            break
        loss.backward()
        rate = 1.0 - 0.9 * step / STEPS      # a learning rate that decays as micrograd's demo
        for p in parameters:
            p.value -= rate * p.grad
    return loss, accuracy


def seconds_per_step(data, steps, spared):
    """Time steps training steps of a fresh model, the collector spared or as it is."""
    start = time.perf_counter()
    with spare_collector() if spared else contextlib.nullcontext():
        train(MLP([2, 16, 16, 1]), data, steps, report=lambda line: None)
    return (time.perf_counter() - start) / steps


def functional_loss(sizes, data, regularisation=1e-4):
    """The same loss, and the scores, as functions of the parameters (in MLP.parameters()'s
    order) rather than of a model's Variables: what jit compiles. Same operations, same order,
    so the same numbers."""
    def scores(parameters):
        numbers, result = iter(parameters), []
        layers = [[([next(numbers) for _ in range(fan_in)], next(numbers)) for _ in range(fan_out)]
                  for fan_in, fan_out in zip(sizes, sizes[1:])]
        for point, _ in data:
            inputs = point
            for depth, layer in enumerate(layers):
                outputs = []
                for weights, bias in layer:
                    total = bias
                    for w, x in zip(weights, inputs):
                        total = total + w * x
                    outputs.append(total.tanh() if depth < len(layers) - 1 else total)
                inputs = outputs
            result.append(inputs[0])
        return result

    def loss(parameters):
        hinge = sum((1 - label * score).relu()
                    for score, (_, label) in zip(scores(parameters), data)) / len(data)
        return hinge + regularisation * sum(p * p for p in parameters)

    return loss, scores


def train_compiled(sizes, data, parameters, steps):
    """Gradient descent as train() does it, through jit(value_and_grad(loss)) (and the scores,
    for the accuracy, from the same compiled call): (loss, accuracy, parameters, seconds of the
    first step, seconds per later step)."""
    loss, scores = functional_loss(sizes, data)
    step = jit(lambda p: (value_and_grad(loss)(p), scores(p)))
    seconds = []
    for number in range(steps + 1):
        start = time.perf_counter()
        (value, slopes), found = step(parameters)
        seconds.append(time.perf_counter() - start)
        accuracy = sum((s > 0) == (label > 0) for s, (_, label) in zip(found, data)) / len(data)
        if number % 5 == 0 or accuracy == 1.0:
            print(f"step {number:3d}  loss {value:.4f}  accuracy {accuracy:.0%}")
        if accuracy == 1.0 or number == steps:
            break
        rate = 1.0 - 0.9 * number / STEPS
        parameters = [p - rate * g for p, g in zip(parameters, slopes)]
    return value, accuracy, parameters, seconds[0], sum(seconds[1:]) / max(1, len(seconds) - 1)


def main():
    data = two_moons(40 if '--quick' in sys.argv[1:] else 100)
    if '--jit' in sys.argv[1:]:
        model = MLP([2, 16, 16, 1])
        start = time.perf_counter()
        value, accuracy, _, first, later = train_compiled(
            [2, 16, 16, 1], data, [p.value for p in model.parameters()], STEPS)
        compiled_seconds = time.perf_counter() - start
        print(f"through jit: loss {value:.4f}, training accuracy {accuracy:.0%}, "
              f"{compiled_seconds:.1f} s: the first step {first:.1f} s (trace and compile), "
              f"then {later * 1e3:.0f} ms a step\n")

    model = MLP([2, 16, 16, 1])
    print(f"two moons, {len(data)} points; a 2-16-16-1 tanh MLP with "
          f"{len(model.parameters())} parameters, full-batch gradient descent")
    start = time.perf_counter()
    with spare_collector():
        loss, accuracy = train(model, data, STEPS)
    print(f"final: loss {loss.value:.4f}, training accuracy {accuracy:.0%}, "
          f"{time.perf_counter() - start:.1f} s")
    if '--jit' in sys.argv[1:]:
        print(f"wall time: {compiled_seconds:.1f} s through jit, "
              f"{time.perf_counter() - start:.1f} s building a graph each step")
    print(decision_map(model, data))
    as_is, spared = seconds_per_step(data, 5, False), seconds_per_step(data, 5, True)
    print(f"a training step: {as_is * 1e3:.0f} ms with the collector as it is, "
          f"{spared * 1e3:.0f} ms inside spare_collector() ({spared / as_is:.2f}x)")


if __name__ == '__main__':
    main()
