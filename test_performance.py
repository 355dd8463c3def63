"""Graphs that punish a poor engine: shared subexpressions, depth, size and memory.

These assert results, never speed. An engine that walks every path instead of every node, or
recurses, cannot finish them: it hits the watchdog (a failure that says what went wrong, instead
of a hang) or a RecursionError.
"""

import gc
import math
import pickle
import signal
import threading
import unittest
from contextlib import contextmanager

from autograd import Variable

try:
    import tracemalloc
except ImportError:        # PyPy has no tracemalloc
    tracemalloc = None     # type: ignore[assignment]

# Reference counting, and a collector that counts what it frees, are CPython's: PyPy frees a
# dropped graph by its own collector, and gc.collect() there returns None.
about_cpython_memory = unittest.skipIf(tracemalloc is None or gc.collect() is None,
                                       "about CPython's memory: needs tracemalloc and "
                                       "reference counting")

WATCHDOG_SECONDS = 90   # these workloads take seconds; a path-walking engine takes forever


@contextmanager
def watchdog(what):
    """Fail, naming `what`, if the block runs past WATCHDOG_SECONDS (where SIGALRM exists)."""
    if not hasattr(signal, 'SIGALRM') or threading.current_thread() is not threading.main_thread():
        yield
        return

    def give_up(signum, frame):
        raise AssertionError(f"{what} did not finish within {WATCHDOG_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, WATCHDOG_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class SharedSubexpressions(unittest.TestCase):

    def test_a_300_level_diamond_has_2_to_the_300_paths_and_one_visit_per_node(self):
        x = Variable(1.0)
        node = x
        for _ in range(300):
            left, right = node * 1.0, node * 1.0
            node = left + right             # both halves lead back to the same node
        with watchdog("backward over 2^300 paths (it walks paths, not nodes)"):
            node.backward()
        self.assertEqual(node.value, 2.0 ** 300)
        self.assertEqual(x.d.value, 2.0 ** 300)

    def test_one_node_feeding_a_hundred_thousand_consumers(self):
        x = Variable(2.0)
        total = sum(x * k for k in range(100_000))
        with watchdog("backward with one node used 100,000 times"):
            total.backward()
        self.assertEqual(x.d.value, float(sum(range(100_000))))


class Depth(unittest.TestCase):

    def test_a_million_deep_chain_builds_differentiates_and_frees(self):
        rate = 1 + 1e-6
        with watchdog("a 1,000,000-deep chain"):
            x = Variable(1.0)
            node = x
            for _ in range(1_000_000):
                node = node * rate
            node.backward()
            derivative = x.d.value
            del node                        # freeing must not recurse either
        self.assertAlmostEqual(derivative, rate ** 1_000_000, delta=1e-9)
        self.assertAlmostEqual(derivative, math.e, delta=2e-6)

    def test_a_200_thousand_deep_chain_survives_pickle(self):
        # pickle recurses into what an object refers to: a graph that let it would fail a
        # thousand nodes deep (and at any recursion limit, long before 200,000, on the C
        # stack); the copy must also keep the leaf shared (deepcopy and every protocol, at
        # 20,000 deep: test_advanced)
        for depth, copier in ((200_000, lambda o: pickle.loads(pickle.dumps(o, protocol=5))),):
            x = Variable(1.0)
            node = x
            for _ in range(depth):
                node = node * (1 + 1 / depth)
            with watchdog(f"copying a {depth:,}-deep chain"):
                copied_node, copied_x = copier((node, x))
                copied_node.backward()
            self.assertEqual(copied_node.value, node.value)
            self.assertAlmostEqual(copied_x.grad, (1 + 1 / depth) ** depth, delta=1e-9)
            del node, copied_node

    def test_a_100_thousand_deep_chain_prints_as_text_and_as_dot(self):
        x = Variable(1.0, name='x')
        node = x
        for _ in range(100_000):
            node = node + 1
        with watchdog("expression() and to_dot() of a 100,000-deep chain"):
            text = node.expression()
            dot = node.to_dot()
        self.assertEqual(text, '(' * 100_000 + 'x' + ' + 1)' * 100_000)
        self.assertEqual(dot.count(' -> '), 200_000)


class Size(unittest.TestCase):

    def test_a_wide_graph_of_300_thousand_nodes(self):
        n = 100_000
        xs = [Variable(i / n) for i in range(n)]
        layer = [x * (i % 7 - 3) for i, x in enumerate(xs)]
        while len(layer) > 1:               # a balanced sum: wide and shallow
            pairs = [layer[i] + layer[i + 1] for i in range(0, len(layer) - 1, 2)]
            layer = pairs + layer[len(pairs) * 2:]
        with watchdog("backward over a 300,000-node graph"):
            layer[0].backward()
        for i in (0, 1, 3, 12_345, n - 1):
            self.assertEqual(xs[i].d.value, i % 7 - 3)


class Memory(unittest.TestCase):

    BYTES_PER_NODE = 200   # measured: about 135 on Python 3.11

    @about_cpython_memory
    def test_a_graph_node_costs_at_most_200_bytes(self):
        x, w = Variable(0.5), Variable(-0.25)
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            node, nodes = x, 0
            for i in range(25_000):        # four nodes a round: *, +, a function, **
                node = (node * w + x).tanh() ** 2 if i % 2 else (node * w + x).sigmoid() ** 1
                nodes += 4
            held = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
        self.assertTrue(math.isfinite(node.value))
        self.assertLess(held / nodes, self.BYTES_PER_NODE,
                        f"{held / nodes:.0f} bytes per node over {nodes:,} nodes")

    @about_cpython_memory
    def test_a_dropped_graph_is_freed_by_reference_counting_alone(self):
        def build_and_differentiate():
            x, y = Variable(1.5), Variable(0.5)
            node = x
            for i in range(50_000):
                node = (node * y).tanh() if i % 2 else node + x
            node.backward()
            return x.d.value

        gc.collect()
        gc.disable()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            derivative = build_and_differentiate()
            after = tracemalloc.get_traced_memory()[0]
            unreachable = gc.collect()
        finally:
            tracemalloc.stop()
            gc.enable()
        self.assertTrue(math.isfinite(derivative))
        self.assertLess(after - before, 10_000, "the graph outlived the last reference to it")
        self.assertEqual(unreachable, 0, "backward left reference cycles for the collector")


if __name__ == '__main__':
    unittest.main()
