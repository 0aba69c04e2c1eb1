"""People: households and their members, with identity numbers kept encrypted."""
