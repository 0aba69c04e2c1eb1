"""The synthetic demo municipality: realistic, deterministic, and never real people."""
