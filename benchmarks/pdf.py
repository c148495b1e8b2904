"""PDF documents: the programme report against WeasyPrint alone, its memory, and a 200-page document.

Run: `.venv/bin/python benchmarks/pdf.py` (a fresh test database on whatever DATABASE_URL names,
SQLite when unset). It builds a programme whose report has about 20 pages and times the whole
service path (load, context with every section's queries and charts, template, WeasyPrint, saving
the file) against WeasyPrint alone rendering the same, already built HTML with the same fetcher;
then renders a 200-page document through the worker path (the `reports.render` task function,
called synchronously). Prints last:

    report_pages=N ratio_vs_weasyprint=R peak_mb=M big_pages=P big_s=S

`ratio_vs_weasyprint` is the median service time over the median WeasyPrint-only time (target at
most 1.3); `peak_mb` is the growth of the process's peak resident memory while making the report
(target under 300 MB); `big_s` is the worker's time for the big document.
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "miaproject.settings.test")


def _peak_mb() -> float:
    # Linux reports ru_maxrss in kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _big_session(world, people: int):
    """Programme B's session with `people` approved trainees: the attendance sheet's signatories."""
    from core.models import User
    from programmes.enums import AcceptanceStatus, ApprovalStatus, EnrolmentRole
    from programmes.models import Enrolment

    side = world.b
    users = User.objects.bulk_create(
        User(email=f"big-{i}@example.org", full_name=f"Signatory {i:05d}", languages=["en"]) for i in range(people)
    )
    Enrolment.objects.bulk_create(
        (
            Enrolment(
                programme=side.programme,
                person=user,
                organisation=side.municipality,
                role=EnrolmentRole.TRAINEE,
                approval=ApprovalStatus.APPROVED,
                acceptance=AcceptanceStatus.ACCEPTED,
            )
            for user in users
        ),
        batch_size=1000,
    )
    return side.session


def _queued(document, obj):
    from django.utils import translation

    from reports.models import Report

    return Report.objects.create(
        kind=document.code,
        object_id=obj.pk,
        language=translation.get_language(),
        fingerprint=f"{document.fingerprint(obj)}-{time.perf_counter_ns()}",  # a new row every time
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=70)
    parser.add_argument("--sessions", type=int, default=45)
    parser.add_argument("--evaluations", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3, help="renders of each kind (the median counts)")
    parser.add_argument("--big-people", type=int, default=4000, help="signatories of the big attendance sheet")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction
    from django.template.loader import render_to_string
    from django.test.utils import setup_test_environment
    from django.utils import translation
    from weasyprint import HTML

    from reports import services
    from reports.documents import DOCUMENTS
    from reports.rendering import STATIC_PREFIX, make_fetcher
    from reports.tasks import render_report
    from tests.reports.programme_data import build_report_data
    from tests.world import build_world

    for name in ("weasyprint", "weasyprint.progress", "reports"):
        logging.getLogger(name).setLevel(logging.WARNING)  # progress lines cost time in both measurements
    setup_test_environment()
    media = tempfile.mkdtemp(prefix="pdf-bench-")
    settings.MEDIA_ROOT = media
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    translation.activate("en")
    try:
        with transaction.atomic():
            world = build_world()
            build_report_data(
                world, participants=args.participants, sessions=args.sessions, evaluations=args.evaluations
            )
            document = DOCUMENTS["programme"]
            baseline_mb = _peak_mb()
            programme = document.load(world.a.programme.pk)
            allowed = document.allowed_uploads(programme)
            html = render_to_string(document.template, document.context(programme))

            def weasyprint_alone() -> float:
                start = time.perf_counter()
                HTML(string=html, url_fetcher=make_fetcher(allowed), base_url=STATIC_PREFIX).write_pdf()
                return time.perf_counter() - start

            def service() -> tuple[float, int]:
                report = _queued(document, programme)
                start = time.perf_counter()
                done = services.render(report_id=report.pk)
                return time.perf_counter() - start, done.pages

            weasyprint_alone()  # warm up: fonts, style sheets, imports
            alone, full, pages = [], [], 0
            for _ in range(args.repeat):
                alone.append(weasyprint_alone())
                seconds, pages = service()
                full.append(seconds)
            peak_mb = _peak_mb() - baseline_mb
            ratio = statistics.median(full) / statistics.median(alone)
            print(
                f"programme report: {pages} pages, service {statistics.median(full):.2f} s, "
                f"WeasyPrint alone {statistics.median(alone):.2f} s (median of {args.repeat})"
            )

            big_code = "attendance" if "attendance" in DOCUMENTS else "programme"
            big_document = DOCUMENTS[big_code]
            if big_code == "attendance":
                big_object = big_document.load(_big_session(world, args.big_people).pk)
            else:  # the programme report of a very large programme
                build_report_data(world, participants=args.big_people // 4, sessions=args.big_people // 5)
                big_object = big_document.load(world.a.programme.pk)
            report = _queued(big_document, big_object)
            start = time.perf_counter()
            state = render_report(report.pk)  # the task function itself, synchronously, as a worker runs it
            big_s = time.perf_counter() - start
            report.refresh_from_db()
            print(f"{big_code}: {report.pages} pages through the worker path ({state}) in {big_s:.2f} s")
            transaction.set_rollback(True)
    finally:
        translation.deactivate()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(media, ignore_errors=True)
    print(
        f"report_pages={pages} ratio_vs_weasyprint={ratio:.2f} peak_mb={peak_mb:.0f} "
        f"big_pages={report.pages} big_s={big_s:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
