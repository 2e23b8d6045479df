"""tasl: continual learning of language models with TaSL, from Python (GraalPy)."""
__version__ = "0.1.0"
