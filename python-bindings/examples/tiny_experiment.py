"""A tiny continual-learning run from Python: TaSL on the built-in 4-task stream, then tables.

    ./tasl script python-bindings/examples/tiny_experiment.py [RUN_DIR]
"""
import sys

import tasl

bench = tasl.benchmark("builtin", train_per_task=16, eval_per_task=8, seed=1)   # no data needed
exp = tasl.experiment(bench, method="tasl", backbone="all-minilm-l6-v2", epochs=1, seed=1,
                      out=sys.argv[1] if len(sys.argv) > 1 else None)
res = exp.run()                                    # trains task after task; progress on stdout

print(res)                                         # AP, BWT, FWT
print(res.matrix_table())                          # score on every task after each task
print(res.importance(task=0).sort_by("score", reverse=True).head(5))   # top skill units of task 0
res.plot_importance(task=0).save("importance-task0.png")
