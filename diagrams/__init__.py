"""orderguard.diagrams."""
