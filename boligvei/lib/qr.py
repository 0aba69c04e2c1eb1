"""QR codes as SVG (segno), to print beside an address in letters and on the flyer."""

import functools
import io

import segno


@functools.lru_cache(maxsize=64)
def qr_svg(text: str) -> str:
    """The QR code for `text` as a standalone SVG document (error correction M, quiet zone 4).

    Kept per text: a campaign's letters all carry the same link, and segno encodes in pure
    Python (about half the time of a letter when made anew for each one)."""
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", xmldecl=False, border=4, scale=4)
    return out.getvalue().decode("ascii")
