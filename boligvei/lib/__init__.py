"""Single-purpose helpers with no models of their own (identity numbers, encryption, search)."""
