"""Printable documents made with Typst: one way to turn a layout and its data into a PDF/A.

Every PDF the housing office makes (letters, the tenant's summary, the flyer, the yearly report,
the data export) is a Typst layout filled from JSON through `sys.inputs`, so nothing from the
register is ever read as markup, and compiled to PDF/A-2b. The compiler of each layout is kept
between calls: loading fonts and the layout is most of what a small document costs.

Tenants write their names in their own scripts, so the text falls back from the layout's font
(Typst's own Libertinus Serif) to a fixed set of Noto fonts from Debian's packages
(`make fonts`, part of `make setup`): Latin, Cyrillic and Greek, Arabic, Ethiopic, Thai, Chinese,
Japanese and Korean, and colour emoji. The set is named file by file (`FONT_FILES`), not every
font on the machine, so the same data gives the same PDF on every machine that has them, and
the fonts are read once per process (about 0.1 s), not per document. A text that no font can
show makes Typst refuse the PDF/A (`DocumentError`), never a PDF with empty boxes.
"""

import atexit
import json
import shutil
import tempfile
import threading
from pathlib import Path

import typst
from django.core import checks

# Debian's fonts-noto-core, fonts-noto-cjk and fonts-noto-color-emoji (`make fonts`).
NOTO = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")
FONT_FILES = [
    *(NOTO / f"NotoSans-{style}.ttf" for style in ("Regular", "Bold", "Italic", "BoldItalic")),
    *(NOTO / f"NotoSans{script}-{weight}.ttf" for script in ("Arabic", "Ethiopic", "Thai")
      for weight in ("Regular", "Bold")),
    NOTO_CJK / "NotoSansCJK-Regular.ttc",
    NOTO_CJK / "NotoSansCJK-Bold.ttc",
    NOTO / "NotoColorEmoji.ttf",
]
FONTS_MISSING = ("Fonter for navn på andre skriftsystemer mangler ({files}). Installer dem med «make fonts» "
                 "(Debians fonts-noto-core, fonts-noto-cjk og fonts-noto-color-emoji).")


class DocumentError(Exception):
    """Typst could not make the PDF/A of this data (most often: a character no font has)."""


_fonts: typst.Fonts | None = None
_fonts_lock = threading.Lock()


def missing_fonts() -> list[Path]:
    return [path for path in FONT_FILES if not path.is_file()]


def document_fonts() -> typst.Fonts:
    """Typst's own fonts and the fonts of `FONT_FILES` that are installed, read once per process.
    Typst reads fonts from folders only, so the files are linked into a folder of the process's own."""
    global _fonts
    with _fonts_lock:
        if _fonts is None:
            folder = Path(tempfile.mkdtemp(prefix="boligvei-fonts-"))
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            for path in FONT_FILES:
                if path.is_file():
                    (folder / path.name).symlink_to(path)
            _fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(folder)])
        return _fonts


@checks.register()
def check_fonts(app_configs, **kwargs):
    missing = missing_fonts()
    if not missing:
        return []
    return [checks.Warning(FONTS_MISSING.format(files=", ".join(path.name for path in missing)),
                           id="boligvei.W010")]


class TypstLayout:
    """One layout, compiled on demand. Each thread gets a compiler of its own, so two threads (the
    letter job's, `outreach.generation`) can set documents at once on two cores: Typst lets go of
    Python's lock while it compiles, and its memo of what it has laid out is shared by the process.
    The same data gives the same bytes whichever compiler sets it."""

    def __init__(self, template: Path):
        self.template = template
        self._local = threading.local()

    def _compiler(self) -> typst.Compiler:
        compiler = getattr(self._local, "compiler", None)
        if compiler is None:
            compiler = self._local.compiler = typst.Compiler(str(self.template), font_paths=document_fonts(),
                                                             ignore_system_fonts=True)
        return compiler

    def pdf(self, data: dict, *, timestamp: int) -> bytes:
        """The layout filled with `data`, as PDF/A-2b dated `timestamp` (seconds since 1970).
        Raises `DocumentError` when Typst cannot make it."""
        try:
            return self._compiler().compile(sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
                                            pdf_standards=["a-2b"], timestamp=timestamp)
        except typst.TypstError as exc:
            raise DocumentError(exc.message) from exc
