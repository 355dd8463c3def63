"""How fast and how lean autograd.py is, against plain floats and its peers, in one run.

    python3 examples/benchmark.py            # the full run (about three minutes with peers)
    python3 examples/benchmark.py --quick    # a smaller version, a few seconds

Workloads:
- a 2-16-16-1 ReLU perceptron over 100 fixed random samples, squared loss, forward then
  backward: in autograd.py, in the same loop on plain floats (forward only: there is nothing to
  differentiate), and in micrograd (micrograd.engine.Value) and PyTorch (0-dim float64 tensors
  with requires_grad=True) when they can be imported;
- backward time over forward time on that graph;
- a training step as users run it: consecutive steps (forward, backward, parameter update, the
  graph dropped) with no gc.collect() between them, per engine, with Python's collector as it
  is and inside autograd.spare_collector() (the same settings for every engine), and the time
  to free a dropped graph;
- bytes per graph node under tracemalloc, on a graph of 100,000+ nodes (where the Python has
  tracemalloc: PyPy has not);
- a 1,000,000-deep chain, forward and backward, with the collector as it is and spared;
- jit(value_and_grad(loss)) on the perceptron: each call against the plain-float loop, and the
  one-time cost of tracing and compiling, per node of the traced graph; the same for a
  1,000,000-node graph.

Engines alternate round by round and each is timed several times; medians are reported, as
ratios measured in this one run (absolute times drift on a shared machine, ratios much less).
Peers are optional. To compare against them, install them outside the repository:
    python3 -m venv ../peers && ../peers/bin/pip install micrograd==0.1.0 torch==2.13.0
    ../peers/bin/python examples/benchmark.py
"""

import argparse
import contextlib
import datetime
import gc
import os
import platform
import random
import statistics
import sys
import time

try:
    import tracemalloc
except ImportError:          # PyPy has none: its memory goes unmeasured
    tracemalloc = None

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))

import autograd  # noqa: E402
from autograd import Variable  # noqa: E402

LAYERS = (2, 16, 16, 1)


# -- one perceptron, written once, run by every engine -------------------------------------------

def make_problem(samples, seed=0):
    """Fixed random weights and a two-class dataset (the sign of x*y), as plain floats."""
    rng = random.Random(seed)
    weights = [[([rng.uniform(-1, 1) for _ in range(fan_in)], 0.0) for _ in range(fan_out)]
               for fan_in, fan_out in zip(LAYERS, LAYERS[1:])]
    points = [(rng.uniform(-1, 1), rng.uniform(-1, 1)) for _ in range(samples)]
    data = [((a, b), 1.0 if a * b > 0 else -1.0) for a, b in points]
    return weights, data


def perceptron_loss(layers, data, relu):
    """Squared loss of the perceptron over data. Only + * ** and relu, so any engine runs it."""
    loss = 0.0
    for inputs, target in data:
        activations = inputs
        for depth, layer in enumerate(layers):
            outputs = []
            for weights, bias in layer:
                total = bias
                for w, a in zip(weights, activations):
                    total = total + w * a
                outputs.append(relu(total) if depth < len(layers) - 1 else total)
            activations = outputs
        loss = loss + (activations[0] - target) ** 2
    return loss


class Engine:
    """How one library makes a parameter, applies relu, runs backward and updates a parameter."""

    def __init__(self, name, parameter, relu, backward=None, update=None):
        self.name, self.parameter, self.relu, self.backward = name, parameter, relu, backward
        self.update = update

    def prepare(self, weights):
        return [[([self.parameter(w) for w in ws], self.parameter(b)) for ws, b in layer]
                for layer in weights]


def parameters_of(layers):
    return [p for layer in layers for ws, b in layer for p in ws + [b]]


LEARNING_RATE = 1e-3


def update_variable(p):
    p.value -= LEARNING_RATE * p.grad          # backward() overwrites: nothing to zero


def update_micrograd(p):
    p.data -= LEARNING_RATE * p.grad
    p.grad = 0.0                               # micrograd accumulates


def update_torch(p):
    import torch
    with torch.no_grad():
        p -= LEARNING_RATE * p.grad
    p.grad = None


def engines():
    """autograd.py and plain floats always; micrograd and PyTorch if importable."""
    found = [Engine('plain floats (forward only)', float, lambda v: v if v > 0 else 0.0),
             Engine('autograd.py', Variable, Variable.relu, Variable.backward, update_variable)]
    skipped = []
    try:
        from micrograd.engine import Value as MicrogradValue
        found.append(Engine('micrograd ' + _version('micrograd'), MicrogradValue,
                            MicrogradValue.relu, MicrogradValue.backward, update_micrograd))
    except ImportError:
        skipped.append('micrograd (not importable)')
    try:
        import torch
        torch.set_num_threads(1)
        found.append(Engine('PyTorch ' + torch.__version__.split('+')[0],
                            lambda v: torch.tensor(v, dtype=torch.float64, requires_grad=True),
                            torch.relu, lambda loss: loss.backward(), update_torch))
    except ImportError:
        skipped.append('PyTorch (not importable)')
    return found, skipped


def _version(package):
    try:
        from importlib.metadata import version
        return version(package)
    except Exception:
        return ''


def time_perceptron(engine, layers, data):
    """(forward seconds, backward seconds) for one pass; starts from a collected heap."""
    gc.collect()
    start = time.perf_counter()
    loss = perceptron_loss(layers, data, engine.relu)
    middle = time.perf_counter()
    if engine.backward:
        engine.backward(loss)
    end = time.perf_counter()
    del loss
    return middle - start, end - middle


def time_training_steps(engine, layers, data, steps):
    """Seconds per step of steps consecutive training steps, as a training loop runs them:
    forward, backward, update, the graph dropped, and no gc.collect() in between."""
    parameters = parameters_of(layers)
    seconds = []
    for _ in range(steps):
        start = time.perf_counter()
        loss = perceptron_loss(layers, data, engine.relu)
        if engine.backward:
            engine.backward(loss)
            for p in parameters:
                engine.update(p)
        del loss
        seconds.append(time.perf_counter() - start)
    return seconds


def time_freeing(engine, layers, data):
    """(seconds to drop a differentiated graph, seconds of the gc.collect() after it): what
    reference counting frees at once, and what waits for the cycle collector."""
    gc.collect()
    loss = perceptron_loss(layers, data, engine.relu)
    engine.backward(loss)
    start = time.perf_counter()
    del loss
    middle = time.perf_counter()
    gc.collect()
    return middle - start, time.perf_counter() - middle


# -- jit -------------------------------------------------------------------------------------------

def flat_loss(weights, data):
    """The perceptron's loss as a function of one flat list of its parameters, for jit."""
    def loss(parameters):
        numbers = iter(parameters)
        layers = [[([next(numbers) for _ in ws], next(numbers)) for ws, _ in layer]
                  for layer in weights]
        return perceptron_loss(layers, data, Variable.relu)
    return loss, [p for layer in weights for ws, b in layer for p in ws + [b]]


def time_jit(weights, data, rounds):
    """(first call s, traced nodes, median call s, bitwise equal to value_and_grad)."""
    loss, parameters = flat_loss(weights, data)
    compiled = autograd.jit(autograd.value_and_grad(loss))
    gc.collect()
    start = time.perf_counter()
    first = compiled(parameters)
    first_seconds = time.perf_counter() - start
    calls = []
    for _ in range(rounds):
        start = time.perf_counter()
        result = compiled(parameters)
        calls.append(time.perf_counter() - start)
    expected = autograd.value_and_grad(loss)(parameters)
    return first_seconds, traced_nodes(loss, parameters), statistics.median(calls), \
        result == expected == first


def traced_nodes(loss, parameters):
    """How many nodes the graph of value_and_grad(loss) has: what jit compiles."""
    inputs = [Variable(p) for p in parameters]
    value, slopes = autograd.value_and_grad(loss)(inputs)
    return len(autograd._topological_order([value] + slopes, every_operand=True))


def time_jit_chain(depth):
    """(first call s, call s) of jit on a depth-node chain."""
    def chain(x):
        node = x
        for i in range(depth):
            node = node * 1.0000001 if i % 2 else node + x
        return node
    compiled = autograd.jit(chain)
    start = time.perf_counter()
    compiled(0.5)
    middle = time.perf_counter()
    compiled(0.25)
    return middle - start, time.perf_counter() - middle


# -- memory and depth ------------------------------------------------------------------------------

def bytes_per_node(samples):
    """tracemalloc's count of the bytes a perceptron graph holds, per node of it."""
    weights, data = make_problem(samples, seed=1)
    layers = Engine('', Variable, Variable.relu).prepare(weights)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    loss = perceptron_loss(layers, data, Variable.relu)
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    nodes = len(autograd._topological_order((loss,))) - sum(len(ws) + 1 for l in layers for ws, _ in l)
    return held / nodes, nodes


def deep_chain(depth, spared=False):
    """(forward seconds, backward seconds, d out/d x) for out = x * r * r * ... (depth times)."""
    gc.collect()
    with autograd.spare_collector() if spared else contextlib.nullcontext():
        return _deep_chain(depth)


def _deep_chain(depth):
    rate = 1 + 1e-6
    start = time.perf_counter()
    x = Variable(1.0)
    node = x
    for _ in range(depth):
        node = node * rate
    middle = time.perf_counter()
    node.backward()
    end = time.perf_counter()
    return middle - start, end - middle, x.grad


# -- the report ------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--quick', action='store_true', help='a smaller run, in a few seconds')
    parser.add_argument('--rounds', type=int, help='timed rounds per engine (default 7, quick 3)')
    args = parser.parse_args()
    rounds = args.rounds or (3 if args.quick else 7)
    steps = 4 if args.quick else 10
    samples = 20 if args.quick else 100
    chain = 100_000 if args.quick else 1_000_000

    found, skipped = engines()
    weights, data = make_problem(samples)
    prepared = {engine.name: engine.prepare(weights) for engine in found}
    times = {engine.name: [] for engine in found}
    for _ in range(rounds):
        for engine in found:            # alternate, so drift hits every engine alike
            times[engine.name].append(time_perceptron(engine, prepared[engine.name], data))

    print(f"autograd.py benchmark, {datetime.date.today()}, "
          f"{platform.python_implementation()} {platform.python_version()}, "
          f"{platform.machine()} ({os.cpu_count()} cores), {rounds} rounds, medians")
    print(f"\nPerceptron {'-'.join(map(str, LAYERS))} (ReLU), {samples} samples, "
          f"squared loss, forward + backward:")
    print(f"  {'engine':<30} {'forward ms':>11} {'backward ms':>12} {'total ms':>10} "
          f"{'vs autograd.py':>15}")
    total = {}
    for engine in found:
        forward = statistics.median(f for f, _ in times[engine.name])
        backward = statistics.median(b for _, b in times[engine.name])
        total[engine.name] = statistics.median(f + b for f, b in times[engine.name])
        total_ours = statistics.median(f + b for f, b in times['autograd.py'])
        print(f"  {engine.name:<30} {forward * 1e3:11.1f} {backward * 1e3:12.1f} "
              f"{total[engine.name] * 1e3:10.1f} {total[engine.name] / total_ours:14.2f}x")
    for name in skipped:
        print(f"  skipped: {name}")

    ours = total['autograd.py']
    ours_forward = statistics.median(f for f, _ in times['autograd.py'])
    ours_backward = statistics.median(b for _, b in times['autograd.py'])
    print("\nRatios:")
    for engine in found:
        if engine.name.startswith(('micrograd', 'PyTorch')):
            print(f"  autograd.py is {total[engine.name] / ours:.1f}x faster than {engine.name}")
    print(f"  autograd.py takes {ours / total['plain floats (forward only)']:.1f}x the "
          f"plain-float forward loop")
    print(f"  backward / forward on that graph: {ours_backward / ours_forward:.2f}")

    learners = [engine for engine in found if engine.backward]
    loop = {(engine.name, spared): [] for engine in learners for spared in (False, True)}
    freeing = {engine.name: [] for engine in learners}
    for _ in range(2):
        for engine in learners:            # the same settings for every engine, alternating
            for spared in (False, True):
                gc.collect()
                with autograd.spare_collector() if spared else contextlib.nullcontext():
                    loop[engine.name, spared] += time_training_steps(
                        engine, prepared[engine.name], data, steps)
            freeing[engine.name].append(time_freeing(engine, prepared[engine.name], data))
    print(f"\nA training step as a loop runs it ({steps} consecutive steps x 2 rounds, no "
          f"gc.collect() between them; medians):")
    print(f"  {'engine':<30} {'step ms':>9} {'spared ms':>10} {'spared/as is':>13} "
          f"{'vs autograd.py':>15} {'free ms':>8} {'+collect ms':>12}")
    ours_loop = statistics.median(loop['autograd.py', False])
    ours_spared = statistics.median(loop['autograd.py', True])
    for engine in learners:
        as_is = statistics.median(loop[engine.name, False])
        spared = statistics.median(loop[engine.name, True])
        drop = statistics.median(d for d, _ in freeing[engine.name])
        collect = statistics.median(c for _, c in freeing[engine.name])
        print(f"  {engine.name:<30} {as_is * 1e3:9.1f} {spared * 1e3:10.1f} "
              f"{spared / as_is:12.2f}x {as_is / ours_loop:6.1f}x /{spared / ours_spared:5.1f}x "
              f"{drop * 1e3:8.1f} {collect * 1e3:12.1f}")
    print(f"  (vs autograd.py: as is / both spared. The isolated step above: "
          f"{statistics.median(f + b for f, b in times['autograd.py']) * 1e3:.1f} ms; a loop "
          f"step as is takes {ours_loop / statistics.median(f + b for f, b in times['autograd.py']):.2f}x that)")

    first, traced, call, equal = time_jit(weights, data, rounds)
    plain = statistics.median(f for f, _ in times['plain floats (forward only)'])
    print(f"\njit(value_and_grad(loss)) on the perceptron ({traced:,} nodes traced: forward and "
          f"backward):")
    print(f"  a call: {call * 1e3:.1f} ms, {call / plain:.1f}x the plain-float forward loop, "
          f"{ours / call:.0f}x faster than autograd.py's forward + backward; bitwise equal: "
          f"{equal}")
    print(f"  first call (trace, generate, compile): {first:.2f} s, "
          f"{first / traced * 1e6:.0f} us per node")
    depth = 20_000 if args.quick else 1_000_000
    chain_first, chain_call = time_jit_chain(depth)
    print(f"  a {depth:,}-node chain: first call {chain_first:.1f} s "
          f"({chain_first / depth * 1e6:.0f} us per node), then {chain_call * 1e3:.0f} ms a call")

    if tracemalloc is None:
        print(f"\nMemory: not measured ({platform.python_implementation()} has no tracemalloc)")
    else:
        per_node, nodes = bytes_per_node(160 if not args.quick else 40)
        print(f"\nMemory: {per_node:.0f} bytes per node (tracemalloc, a {nodes:,}-node "
              f"perceptron graph)")

    for spared in (False, True):
        forward, backward, derivative = deep_chain(chain, spared)
        print(f"Depth: a {chain:,}-deep chain, forward {forward:.2f} s, backward {backward:.2f} s "
              f"(d out/d x = {derivative:.6f}){', collector spared' if spared else ''}")


if __name__ == '__main__':
    main()
