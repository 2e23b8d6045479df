"""The surface of issue 4, against the facade double (org.tasl.fake.FakeTasl)."""

import json
import os
import tempfile
import unittest

import tasl


def tiny(**kw):
    bench = tasl.benchmark("long-sequence", order=1, train_per_task=8, eval_per_task=4, seed=1)
    return tasl.experiment(bench, method="tasl", backbone="all-minilm-l6-v2", epochs=1, seed=1, **kw)


class SurfaceTest(unittest.TestCase):

    def test_version_is_the_java_version(self):
        import java
        self.assertEqual(tasl.__version__, str(java.type("org.tasl.Version").VERSION))

    def test_backbones_table_has_names_sizes_and_cache_state(self):
        b = tasl.backbones()
        self.assertEqual(b.column("name"), ["all-minilm-l6-v2", "t5-small"])
        self.assertEqual(b[0]["parameters"], 22700000)
        self.assertIs(b[0]["cached"], True)
        self.assertIs(b[1]["cached"], False)
        self.assertIn("all-minilm-l6-v2", str(b))

    def test_benchmark_knows_its_tasks_in_order(self):
        self.assertEqual(tasl.benchmark("long-sequence").tasks, ["dbpedia", "amazon", "yahoo", "agnews"])
        self.assertEqual(tasl.benchmark("long-sequence", order=2).tasks, ["agnews", "yahoo", "amazon", "dbpedia"])
        self.assertEqual(tasl.benchmark("long-sequence", tasks="yahoo, amazon").tasks, ["yahoo", "amazon"])
        self.assertIn("long-sequence", repr(tasl.benchmark("long-sequence")))

    def test_localize_returns_the_json_as_a_dict(self):
        res = tasl.localize("long-sequence", task="agnews", backbone="bert-base-uncased", fractions=[0.2, 0.4],
                            seeds=2, eval_per_task=200)
        self.assertEqual(list(res), ["task", "backbone", "zero_shot", "trained", "fractions", "curves", "spread"])
        self.assertEqual(res["task"], "agnews")
        self.assertEqual(res["backbone"], "bert-base-uncased")
        self.assertEqual(res["fractions"], [0.2, 0.4])
        self.assertEqual(res["curves"]["keep_top"], [0.5, 0.5])
        self.assertEqual(res["spread"], {"seeds": 2})
        with self.assertRaises(tasl.TaslValueError):
            tasl.localize("long-sequence")

    def test_demo_settings_are_a_dict_with_the_methods(self):
        s = tasl.demo_settings()
        self.assertEqual(s["methods"], ["tasl", "seqlora", "olora"])
        self.assertEqual(s["benchmark"], "long-sequence")
        self.assertEqual(tasl.demo_settings(data_dir="/nowhere")["benchmark"], "builtin")
        self.assertEqual(tasl.demo_settings(data_dir="/nowhere", benchmark="long-sequence")["benchmark"], "long-sequence")

    def test_run_returns_floats_and_lists_of_lists(self):
        res = tiny().run(progress=False)
        self.assertEqual(res.tasks, ["dbpedia", "amazon", "yahoo", "agnews"])
        m = res.accuracy_matrix
        self.assertEqual(len(m), 4)
        self.assertTrue(all(isinstance(x, float) for row in m for x in row))
        self.assertAlmostEqual(m[3][0], 0.6)   # 0.9 - 0.1 * 3
        self.assertAlmostEqual(m[0][1], 0.5)   # not yet seen
        self.assertAlmostEqual(res.ap, (0.6 + 0.7 + 0.8 + 0.9) / 4)
        self.assertAlmostEqual(res.bwt, ((0.6 - 0.9) + (0.7 - 0.9) + (0.8 - 0.9)) / 3)
        self.assertNotEqual(res.fwt, res.fwt)  # NaN crosses as NaN
        self.assertAlmostEqual(res.fwt_raw, 0.25)
        self.assertEqual(res.method, "tasl")
        self.assertIn("AP=0.7500", repr(res))

    def test_run_prints_progress_to_stdout(self):
        import io, contextlib
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            tiny().run()
        text = buf.getvalue()
        self.assertIn("task 1/4 dbpedia", text)
        self.assertIn("done: AP 0.7500", text)

    def test_on_event_sees_every_event_type_in_order(self):
        seen = []
        tiny().run(on_event=seen.append, progress=False)
        types = [e.type for e in seen]
        self.assertEqual(types[0], "run_started")
        self.assertEqual(types[-1], "run_finished")
        self.assertEqual(types.count("task_evaluated"), 4)
        step = next(e for e in seen if e.type == "step")
        self.assertEqual((step.task, step.step, step.loss), (0, 1, 1.0))
        self.assertEqual(step["task_name"], "dbpedia")
        with self.assertRaises(AttributeError):
            step.nonexistent

    def test_exception_in_callback_cancels_the_run_and_propagates(self):
        seen = []
        def stop(ev):
            seen.append(ev.type)
            if ev.type == "task_completed":
                raise KeyError("enough")
        with self.assertRaises(KeyError):
            tiny().run(on_event=stop, progress=False)
        self.assertEqual(seen.count("task_completed"), 1)

    def test_importance_rows_have_the_units_csv_columns(self):
        res = tiny().run(progress=False)
        rows = res.importance(task=0)
        self.assertEqual(len(rows), 2)
        r0 = rows[0]
        self.assertEqual(set(tasl.result.UNIT_COLUMNS) <= set(r0), True)
        self.assertEqual(r0["layer"], 0)
        self.assertEqual(r0["module"], "attention.self.query")
        self.assertAlmostEqual(r0["score"], 1.875, places=5)   # sum |w*g| of the double's tensors
        self.assertEqual(res.importance("amazon")[1]["score"], res.importance(1)[1]["score"])
        cons = res.consolidation(task=1)
        self.assertEqual(cons.column("category"), ["current", "previous"])
        self.assertEqual(cons.column("weight"), [1.0, 0.0])
        with self.assertRaises(ValueError):
            res.importance("nope")

    def test_plot_importance_is_png_bytes_with_a_notebook_repr(self):
        png = tiny().run(progress=False).plot_importance(task=0)
        self.assertIsInstance(png, bytes)
        self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
        self.assertEqual(png._repr_png_(), bytes(png))

    def test_load_run_and_compare(self):
        with tempfile.TemporaryDirectory() as d:
            for name, ap_row in (("a", [0.8, 0.6]), ("b", [0.9, 0.9])):
                os.makedirs(os.path.join(d, name))
                with open(os.path.join(d, name, "results.json"), "w") as f:
                    json.dump({"method": "tasl" if name == "a" else "seqft", "backbone": "t5-small",
                               "benchmark": "long-sequence", "tasks": ["x", "y"],
                               "accuracy_matrix": [[0.9, 0.5], ap_row]}, f)
            a = tasl.load_run(os.path.join(d, "a"))
            self.assertEqual(a.accuracy_matrix, [[0.9, 0.5], [0.8, 0.6]])
            self.assertAlmostEqual(a.bwt, 0.8 - 0.9)
            table = tasl.compare([a, os.path.join(d, "b")])
            self.assertEqual(table.column("run"), ["a", "b"])
            self.assertEqual(table.column("method"), ["tasl", "seqft"])
            self.assertAlmostEqual(table[1]["ap"], 0.9)
            self.assertIn("<table", table._repr_html_())

    def test_experiment_repr_and_config(self):
        exp = tiny(lr=0.01)
        self.assertEqual(exp.config["lr"], 0.01)
        self.assertIn("method='tasl'", repr(exp))

    def test_every_public_name_has_a_docstring(self):
        for name in tasl.__all__:
            obj = getattr(tasl, name)
            if callable(obj):
                self.assertTrue(obj.__doc__, "%s has no docstring" % name)


if __name__ == "__main__":
    unittest.main()
