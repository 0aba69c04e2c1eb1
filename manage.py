#!/usr/bin/env python
"""Django's manage.py for developers; operators use the `boligvei` console script."""

from boligvei.cli import main

if __name__ == "__main__":
    main()
