"""Core: staff users and roles, teams, the audit log, access helpers and the page frame."""
