"""Assessments: the web and command-line face of the affordability engine (boligvei.finance)."""
