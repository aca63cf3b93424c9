"""selector: which AWS service, which ML algorithm, which setting, with reasons."""

__version__ = "0.1.0"
