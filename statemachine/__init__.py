"""orderguard.statemachine."""
