"""kvtui: a keyboard-driven terminal reader for Dutch Kamervragen."""

__version__ = "0.1.0"
