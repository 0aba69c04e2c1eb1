"""Cases: one household's way from the invitation to the purchase and after, as a pipeline."""
