"""Service-desk assistant."""
