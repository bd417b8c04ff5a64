"""orderguard.policies."""
