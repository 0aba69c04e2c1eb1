"""Printable documents made with Typst: one way to turn a layout and its data into a PDF/A.

Every PDF the housing office makes (letters, the tenant's summary, the flyer, the yearly report)
is a Typst layout filled from JSON through `sys.inputs`, so nothing from the register is ever
read as markup, and compiled to PDF/A-2b with Typst's own embedded fonts, so the same data gives
the same PDF on every machine. The compiler of each layout is kept between calls: loading fonts
and the layout is most of what a small document costs.
"""

import json
import threading
from pathlib import Path

import typst


class TypstLayout:
    def __init__(self, template: Path):
        self.template = template
        self._compiler: typst.Compiler | None = None
        self._lock = threading.Lock()

    def pdf(self, data: dict, *, timestamp: int) -> bytes:
        """The layout filled with `data`, as PDF/A-2b dated `timestamp` (seconds since 1970)."""
        with self._lock:
            if self._compiler is None:
                self._compiler = typst.Compiler(str(self.template), ignore_system_fonts=True)
            return self._compiler.compile(sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
                                          pdf_standards=["a-2b"], timestamp=timestamp)
