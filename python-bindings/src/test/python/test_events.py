"""Experiment.events(): the run trains on a Java thread while Python iterates."""

import threading
import unittest

import tasl


def exp(**kw):
    return tasl.experiment(tasl.benchmark("long-sequence", train_per_task=8), **kw)


class EventsTest(unittest.TestCase):

    def test_iterating_yields_all_events_then_the_result(self):
        e = exp()
        stream = e.events()
        types = [ev.type for ev in stream]
        self.assertEqual(types[0], "run_started")
        self.assertEqual(types[-1], "run_finished")
        self.assertEqual(types.count("step"), 16)       # 4 tasks x 4 steps
        self.assertIsNotNone(stream.result)
        self.assertIs(e.result, stream.result)
        self.assertAlmostEqual(stream.result.ap, 0.75)

    def test_training_runs_on_another_thread(self):
        me = threading.get_ident()
        threads = set()
        def metric(w, g):
            threads.add(threading.get_ident())
            return abs(w * g)
        for _ in exp(importance_metric=metric).events():
            pass
        self.assertTrue(threads)
        self.assertNotIn(me, threads)

    def test_breaking_out_cancels_the_run(self):
        e = exp(step_ms=20)
        with e.events() as stream:
            for ev in stream:
                if ev.type == "task_completed":
                    break
        self.assertTrue(stream.finished)
        self.assertIsNone(stream.result)

    def test_a_failing_run_raises_run_error_with_the_java_cause(self):
        with self.assertRaises(tasl.RunError) as cm:
            for _ in exp(fail_at_task=1).events():
                pass
        self.assertIn("training diverged at task 1 (amazon)", str(cm.exception))
        self.assertEqual(cm.exception.java_class, "java.lang.IllegalStateException")
        self.assertIsNotNone(cm.exception.__cause__)


if __name__ == "__main__":
    unittest.main()
