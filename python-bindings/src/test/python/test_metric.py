"""A Python importance metric plugged into the (double of the) Java importance tracker.

The double scores unit l for task k on w = (l+1)·W, g = (k+1)·G with
W = [[0.5,-1,2],[1.5,0.25,-0.5]] and G = [[0.1,0.2,-0.3],[0.4,-0.5,0.6]];
a unit's importance is the sum of the element scores.
"""

import unittest

import tasl

WG = [0.05, -0.2, -0.6, 0.6, -0.125, -0.3]   # W ⊙ G, by hand


def run_with(metric):
    exp = tasl.experiment(tasl.benchmark("long-sequence", train_per_task=8), importance_metric=metric)
    return exp.run(progress=False)


class MetricTest(unittest.TestCase):

    def test_python_first_order_matches_the_java_default(self):
        java_default = run_with(None).importance(2).column("score")
        python = run_with(lambda w, g: abs(w * g)).importance(2).column("score")
        for a, b in zip(java_default, python):
            self.assertAlmostEqual(a, b, places=5)
        # layer 1, task 2: (1+1)(2+1) * sum|W⊙G| = 6 * 1.875
        self.assertAlmostEqual(python[1], 6 * 1.875, places=4)

    def test_second_order_by_hand(self):
        res = run_with(tasl.metrics.second_order)
        expected = sum(x * x for x in WG)            # 0.868125 for layer 0, task 0
        self.assertAlmostEqual(res.importance(0)[0]["score"], expected, places=5)

    def test_list_arrays_get_plain_floats_and_may_return_a_list(self):
        seen = []

        @tasl.metric(arrays="list")
        def count_positive_products(w, g):
            seen.append((type(w).__name__, len(w)))
            return [1.0 if a * b > 0 else 0.0 for a, b in zip(w, g)]

        res = run_with(count_positive_products)
        self.assertEqual(seen[0], ("list", 6))
        self.assertEqual(res.importance(0)[0]["score"], float(sum(1 for x in WG if x > 0)))

    def test_a_number_is_broadcast(self):
        res = run_with(lambda w, g: 0.5)
        self.assertAlmostEqual(res.importance(0)[0]["score"], 3.0)   # 6 elements x 0.5

    def test_tensor_api(self):
        checks = {}

        def probe(w, g):
            # the last call is layer 1, task 3: w = 2W, g = 4G, so w*g = 8 (W⊙G)
            checks.update(shape=w.shape, size=w.size, sum=(w * g).sum(), max=(w * g).max(),
                          rsub=(1 - w).tolist()[:2], pow=(g ** 2).tolist()[0],
                          clip=w.clip(-0.5, 0.5).tolist()[:3], div=(w / 2).tolist()[0],
                          neg=(-g).tolist()[0], repr=repr(w))
            return w * 0 + 1
        res = run_with(probe)
        self.assertEqual(checks["shape"], (2, 3))
        self.assertEqual(checks["size"], 6)
        self.assertAlmostEqual(checks["sum"], 8 * sum(WG), places=5)        # -4.6
        self.assertAlmostEqual(checks["max"], 8 * 0.6, places=5)
        self.assertEqual(checks["rsub"], [0.0, 3.0])                        # 1 - [1, -2]
        self.assertAlmostEqual(checks["pow"], 0.16, places=6)               # (4 * 0.1)^2
        self.assertEqual(checks["clip"], [0.5, -0.5, 0.5])                  # [1, -2, 4] clipped
        self.assertEqual(checks["div"], 0.5)
        self.assertAlmostEqual(checks["neg"], -0.4, places=6)
        self.assertEqual(checks["repr"], "Tensor(shape=(2, 3), dtype=float32)")
        self.assertEqual(res.importance(0)[0]["score"], 6.0)                # w*0+1 summed

    def test_wrong_shape_is_reported_with_the_metric_name(self):
        @tasl.metric(arrays="list", name="too_short")
        def too_short(w, g):
            return [1.0]
        with self.assertRaises(tasl.TaslError) as cm:
            run_with(too_short)
        self.assertIn("too_short returned 1 values for a parameter of 6 elements", str(cm.exception))

    def test_non_callable_is_refused_before_running(self):
        with self.assertRaises(TypeError):
            tasl.metric(42)


if __name__ == "__main__":
    unittest.main()
