"""Java errors arrive as TaslError subclasses with the Java exception attached."""

import os
import tempfile
import unittest

import tasl


class ErrorsTest(unittest.TestCase):

    def test_unknown_method_is_a_value_error_naming_the_value(self):
        with self.assertRaises(tasl.TaslValueError) as cm:
            tasl.experiment("long-sequence", method="magic")
        e = cm.exception
        self.assertIsInstance(e, ValueError)
        self.assertIn("unknown method 'magic'", str(e))
        self.assertEqual(e.java_class, "java.lang.IllegalArgumentException")
        self.assertIs(e.__cause__, e.java_exception)

    def test_unknown_option_names_the_option(self):
        with self.assertRaises(tasl.TaslValueError) as cm:
            tasl.experiment("long-sequence", warp_speed=9)
        self.assertIn("warp_speed", str(cm.exception))

    def test_missing_run_directory_is_an_io_error(self):
        with tempfile.TemporaryDirectory() as d:
            with self.assertRaises(tasl.TaslIOError) as cm:
                tasl.load_run(os.path.join(d, "nothing-here"))
        self.assertIsInstance(cm.exception, OSError)
        self.assertIn("results.json", str(cm.exception))

    def test_dashboard_without_the_module_is_not_available(self):
        with self.assertRaises(tasl.NotAvailable) as cm:
            tasl.dashboard()
        self.assertIn("./tasl dashboard", str(cm.exception))

    def test_host_classes_outside_the_policy_are_refused(self):
        import java
        with self.assertRaises(KeyError):
            java.type("java.lang.Runtime")
        with self.assertRaises(KeyError):
            java.type("org.tasl.polyglot.TaslPolyglot")
        # the facade's own types are reachable
        self.assertEqual(str(java.type("org.tasl.fake.FakeTasl").backbones()[0].name()), "all-minilm-l6-v2")


if __name__ == "__main__":
    unittest.main()
