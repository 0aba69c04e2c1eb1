"""Benchmark: what the fonts for every script cost a letter batch.

    .venv/bin/python -m benchmarks.letter_fonts [--letters N]

Sets the same one-page letter (`core.letters`, the layout of every letter) for N recipients whose
names cycle through Latin, Cyrillic, Arabic, Ethiopic, Thai, CJK and emoji, each compiled alone to
PDF/A-2b as the background job does, with three font set-ups:

- Typst's own fonts only (what Boligvei had before; Latin and Cyrillic names only, since the
  others cannot be set with them),
- the fixed set of 13 Noto files Boligvei uses (`core.documents.FONT_FILES`),
- every Noto font Debian's packages installed (the folders searched whole, as a font search
  over the machine's fonts would).

Prints the time to read the fonts (once per process) and the median and 95th percentile per
letter. Needs no database.
"""

import argparse
import datetime as dt
import json
import os
import statistics
import time

NAMES = ["Åse Ødegård", "Иван Петров", "محمد العلي", "ተስፋይ ገብረመድህን", "สมชาย ใจดี", "王小明", "Ana 😀👍🏽"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=210)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "boligvei.settings")
    import django

    import boligvei.testing  # noqa: F401 — the test environment: test keys, no database needed
    django.setup()
    import typst

    from boligvei.core import letters
    from boligvei.core.documents import FONT_FILES, NOTO, NOTO_CJK, document_fonts

    def data(name: str) -> str:
        letter = letters.Letter(
            lang="nb", recipient=[name, "Storgata 1", "0150 Oslo"], title="Vil du eie boligen du leier?",
            body=f"Hei {name}!\n\nVi skriver til deg fordi du leier en kommunal bolig.\n\n- Lønnsslipper\n- Avtaler",
            reference="1-2", date=dt.date(2026, 12, 1), signature=["Alice Testesen", "Saksbehandler"],
            qr_url="https://fjordvik.kommune.no/selvsjekk/", qr_caption="Regn selv")
        return json.dumps({"letters": [letters._letter_data(letter, letters._sender())], "duplex": False,
                           "title": "Brev", "author": "Fjordvik kommune"}, ensure_ascii=False)

    setups = [
        ("Typst's own fonts (Latin/Cyrillic names)", lambda: [], NAMES[:2]),
        (f"Boligvei's {len(FONT_FILES)} Noto files", document_fonts, NAMES),
        ("every Noto font installed", lambda: typst.Fonts(include_system_fonts=False,
                                                          font_paths=[str(NOTO), str(NOTO_CJK)]), NAMES),
    ]
    print(f"{args.letters} letters, each compiled alone to PDF/A-2b")
    for label, fonts, names in setups:
        start = time.perf_counter()
        font_set = fonts()
        compiler = typst.Compiler(str(letters.LAYOUT.template), font_paths=font_set, ignore_system_fonts=True)
        loaded = time.perf_counter() - start
        times = []
        for i in range(args.letters):
            start = time.perf_counter()
            compiler.compile(sys_inputs={"data": data(f"{names[i % len(names)]} {i}")}, pdf_standards=["a-2b"],
                             timestamp=i)
            times.append(time.perf_counter() - start)
        first, times = times[0], sorted(times[1:])
        print(f"{label}: fonts read in {loaded * 1000:.0f} ms, first letter {first * 1000:.0f} ms, then median "
              f"{statistics.median(times) * 1000:.1f} ms and 95th percentile "
              f"{times[int(0.95 * len(times))] * 1000:.1f} ms per letter")


if __name__ == "__main__":
    main()
