"""orderguard: know before you call the Buy with Prime Order API whether it will say no."""

__version__ = "0.1.0"

__all__ = ["__version__"]
