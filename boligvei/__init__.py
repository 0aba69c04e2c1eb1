"""Boligvei: software for a municipality's "leie til eie" (rent to own) programme."""
