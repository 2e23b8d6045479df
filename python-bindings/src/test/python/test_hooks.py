"""The documented run hooks: set_default_progress and add_run_hook (what the Jupyter kernel uses)."""

import contextlib
import unittest

import tasl


def tiny():
    bench = tasl.benchmark("long-sequence", order=1, train_per_task=8, eval_per_task=4, seed=1)
    return tasl.experiment(bench, method="tasl", backbone="all-minilm-l6-v2", epochs=1, seed=1)


class HooksTest(unittest.TestCase):

    def test_default_progress_is_made_once_per_run_and_sees_every_event(self):
        made = []

        def factory():
            seen = []
            made.append(seen)
            return seen.append

        previous = tasl.set_default_progress(factory)
        try:
            tiny().run()
            tiny().run(progress=False)
        finally:
            self.assertIs(tasl.set_default_progress(previous), factory)
        self.assertEqual(len(made), 1, "progress=False makes none")
        self.assertEqual(made[0][0].type, "run_started")
        self.assertEqual(made[0][-1].type, "run_finished")

    def test_none_restores_the_stdout_printer(self):
        previous = tasl.set_default_progress(None)
        try:
            self.assertIs(tasl.set_default_progress(None), tasl.ProgressPrinter)
        finally:
            tasl.set_default_progress(previous)

    def test_hooks_wrap_the_run_in_order_and_may_raise_on_exit(self):
        log = []

        def hook(name, interrupt=False):
            @contextlib.contextmanager
            def wrap(exp):
                log.append(("enter", name, exp.method))
                try:
                    yield
                finally:
                    log.append(("exit", name, exp.result is not None))
                if interrupt:
                    raise KeyboardInterrupt("stopped by " + name)
            return wrap

        first, second = hook("first"), hook("second", interrupt=True)
        tasl.add_run_hook(first)
        tasl.add_run_hook(second)
        tasl.add_run_hook(first)  # once is enough
        exp = tiny()
        try:
            with self.assertRaises(KeyboardInterrupt):
                exp.run(progress=False)
        finally:
            tasl.remove_run_hook(first)
            tasl.remove_run_hook(second)
        # entered in order, exited in reverse; the result is stored before the exits run
        self.assertEqual(log, [("enter", "first", "tasl"), ("enter", "second", "tasl"),
                               ("exit", "second", True), ("exit", "first", True)])
        self.assertIsNotNone(exp.result)
        log.clear()
        tiny().run(progress=False)
        self.assertEqual(log, [], "removed hooks wrap nothing")

    def test_a_failing_callback_reaches_the_hook_and_the_caller(self):
        seen = []

        @contextlib.contextmanager
        def wrap(exp):
            try:
                yield
            except KeyError as e:
                seen.append(e)
                raise

        tasl.add_run_hook(wrap)

        def stop(ev):
            if ev.type == "task_completed":
                raise KeyError("enough")
        try:
            with self.assertRaises(KeyError):
                tiny().run(on_event=stop, progress=False)
        finally:
            tasl.remove_run_hook(wrap)
        self.assertEqual(len(seen), 1)


if __name__ == "__main__":
    unittest.main()
