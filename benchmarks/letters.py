"""Benchmark: the invitation letters of the demo municipality, one PDF/A each plus the batch PDF,
against the usual alternative, a Word-style mail merge (one .docx per letter, converted to PDF by
`libreoffice --headless`), on the same letters.

    .venv/bin/python -m benchmarks.letters [--limit N] [--keep]

Loads the demo register (no cases, so every active tenancy is invited) into the PostgreSQL
database BENCH_DATABASE (default `boligvei_bench`), makes one invitation campaign through the
real service, then times
`campaign_generate` (the background job's work: every letter's PDF saved in the database, then
the print batch). The mail merge writes the same merged text, address block and QR code into one
.docx per letter with python-docx and converts them all with one LibreOffice call (its fastest
use). Needs LibreOffice Writer (`apt-get install libreoffice-writer-nogui`).
"""

import argparse
import io
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.harness import close, database_create, setup_django


def _mail_merge(letters, campaign, out: Path) -> tuple[float, float, int]:
    """Write one .docx per letter, then convert them all; returns (docx seconds, convert seconds, pdfs)."""
    import segno
    from docx import Document
    from docx.shared import Cm, Pt

    from boligvei.core.letters import body_blocks
    from boligvei.outreach.generation import letter_document

    start = time.perf_counter()
    for letter in letters:
        doc_letter = letter_document(letter, campaign)
        document = Document()
        document.styles["Normal"].font.size = Pt(10.5)
        document.add_paragraph(f"{campaign.contact} – {doc_letter.date:%d.%m.%Y} – Vår ref. {doc_letter.reference}")
        document.add_paragraph("\n".join(doc_letter.recipient))
        document.add_heading(doc_letter.title, level=1)
        for block in body_blocks(doc_letter.body):
            if block["kind"] == "h":
                document.add_heading(block["text"], level=2)
            elif block["kind"] == "list":
                for item in block["items"]:
                    document.add_paragraph(item, style="List Bullet")
            else:
                document.add_paragraph(block["text"])
        if doc_letter.qr_url:
            png = io.BytesIO()
            segno.make(doc_letter.qr_url, error="m").save(png, kind="png", scale=6)
            png.seek(0)
            document.add_picture(png, width=Cm(2.4))
            document.add_paragraph(doc_letter.qr_caption)
        document.add_paragraph("\n".join(["Vennlig hilsen", *doc_letter.signature]))
        document.save(out / f"brev-{letter.pk}.docx")
    docx_seconds = time.perf_counter() - start
    start = time.perf_counter()
    profile = out / "lo-profile"
    files = sorted(str(p) for p in out.glob("*.docx"))
    for i in range(0, len(files), 100):  # one call per 100 files: a single call with 1 100 stops part-way
        subprocess.run(["libreoffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out / "pdf"), *files[i:i + 100]], check=True, capture_output=True)
    convert_seconds = time.perf_counter() - start
    return docx_seconds, convert_seconds, len(list((out / "pdf").glob("*.pdf")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="Only the first N letters (a quick run).")
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    parser.add_argument("--one-thread", action="store_true",
                        help="Also make the same letters again with one thread, saved one at a time (as before "
                             "issue 18), in the same run, for comparison.")
    args = parser.parse_args()
    if not shutil.which("libreoffice"):
        raise SystemExit("LibreOffice is needed for the comparison: apt-get install libreoffice-writer-nogui")

    database_create()
    setup_django()
    from django.core.management import call_command
    from django.utils import timezone

    from boligvei.core.models import Team, User
    from boligvei.demo.generator import DEMO_DWELLINGS, DEMO_HOUSEHOLDS, generate_register
    from boligvei.demo.services import MAIN_TEAM, NORTH_TEAM, demo_staff_create
    from boligvei.outreach.generation import campaign_generate
    from boligvei.outreach.models import Campaign, Letter
    from boligvei.outreach.selection import Criteria
    from boligvei.outreach.services import campaign_create

    try:
        call_command("migrate", verbosity=0)
        demo_staff_create()
        teams = {"main": Team.objects.get(name=MAIN_TEAM), "north": Team.objects.get(name=NORTH_TEAM)}
        generate_register(households=DEMO_HOUSEHOLDS, dwellings=DEMO_DWELLINGS, seed=2012,
                          today=timezone.localdate(), teams=teams)
        contact = User.objects.get(username="saksbehandler")
        start = time.perf_counter()
        campaign = campaign_create(actor=contact, name="Benchmark", contact=contact, criteria=Criteria(),
                                   letter_date=timezone.localdate())
        create_seconds = time.perf_counter() - start
        if args.limit:
            Letter.objects.filter(campaign=campaign).exclude(
                pk__in=list(campaign.letters.order_by("id").values_list("pk", flat=True)[: args.limit])).delete()
            Campaign.objects.filter(pk=campaign.pk).update(letters_total=campaign.letters.count())
        count = campaign.letters.count()

        start = time.perf_counter()
        campaign_generate(campaign.pk)
        generate_seconds = time.perf_counter() - start
        campaign.refresh_from_db()
        single_bytes = sum(len(bytes(p)) for p in campaign.letters.values_list("pdf", flat=True))

        one_thread_seconds = None
        if args.one_thread:
            from boligvei.outreach import generation
            from boligvei.outreach.models import CampaignStatus, LetterStatus

            threads, save_every = generation.GENERATION_THREADS, generation.SAVE_EVERY
            generation.GENERATION_THREADS, generation.SAVE_EVERY = 1, 1
            first_batch = bytes(campaign.batch_pdf)
            campaign.letters.update(status=LetterStatus.PENDING, pdf=None, generated_at=None)
            Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.GENERATING, batch_pdf=None)
            start = time.perf_counter()
            campaign_generate(campaign.pk)
            one_thread_seconds = time.perf_counter() - start
            generation.GENERATION_THREADS, generation.SAVE_EVERY = threads, save_every
            campaign.refresh_from_db()
            assert bytes(campaign.batch_pdf) == first_batch, "the batch differs between the two ways of making it"

        letters = list(campaign.letters.order_by("id"))
        with tempfile.TemporaryDirectory() as tmp:
            docx_seconds, convert_seconds, pdfs = _mail_merge(letters, campaign, Path(tmp))
        merge_seconds = docx_seconds + convert_seconds
        assert pdfs == count, f"LibreOffice made {pdfs} PDFs of {count}"

        print(f"Letters: {count} (campaign with selection and merged texts made in {create_seconds:.2f} s)")
        print(f"Boligvei (Typst, PDF/A-2b): {generate_seconds:.1f} s for {count} letter PDFs + the batch PDF "
              f"= {count / generate_seconds:.0f} letters/s; {single_bytes / count / 1024:.0f} KiB per letter, "
              f"batch {len(bytes(campaign.batch_pdf)) / 1024 / 1024:.1f} MiB")
        print(f"Mail merge (python-docx + libreoffice --headless): {merge_seconds:.1f} s "
              f"({docx_seconds:.1f} s writing .docx, {convert_seconds:.1f} s converting, no batch PDF) "
              f"= {count / merge_seconds:.1f} letters/s")
        print(f"Ratio: Boligvei is {merge_seconds / generate_seconds:.1f}x faster")
        if one_thread_seconds:
            print(f"Boligvei with one thread, each letter saved alone: {one_thread_seconds:.1f} s "
                  f"({one_thread_seconds / generate_seconds:.2f}x the two threads); ratio to the mail merge "
                  f"{merge_seconds / one_thread_seconds:.1f}x")
    finally:
        close(keep=args.keep)


if __name__ == "__main__":
    main()
