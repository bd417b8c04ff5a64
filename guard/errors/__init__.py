"""The error catalog and orderguard's exceptions."""

from orderguard.errors._catalog import CATALOG, Catalog, ErrorSpec, RetryPolicy

__all__ = ["CATALOG", "Catalog", "ErrorSpec", "RetryPolicy"]
