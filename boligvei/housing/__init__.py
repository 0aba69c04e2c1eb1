"""Housing: the municipal rental dwellings, tenancies and the waiting list."""
