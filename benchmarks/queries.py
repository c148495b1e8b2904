"""Query counts of every list and detail page, at 1 row and at 200.

Run: `make benchmarks` (or `.venv/bin/python benchmarks/queries.py [--rows N]`). Uses a fresh
test database on whatever DATABASE_URL names (SQLite when unset). Prints one line per page,
`<page> rows=1 q=A rows=N q=B`, and last `pages=P constant=C`; exits 1 unless every page is
constant.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "miaproject.settings.test")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=0, help="rows for the large measurement (default: per page)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from tests.pages import PAGES
    from tests.querycount import measure_page
    from tests.world import build_world

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    constant = 0
    try:
        for page in PAGES:
            with transaction.atomic():
                world = build_world()
                client = Client()
                client.force_login(world.a.people()[page.viewer])
                url = reverse(page.url_name, kwargs=page.kwargs(world))
                measure = measure_page(
                    client,
                    url,
                    lambda n, page=page, world=world: page.add_rows(world, n),
                    small=page.small,
                    large=args.rows or page.large,
                )
                constant += measure.constant
                name = re.sub(r"\W+", "_", page.label).strip("_")
                small = f"rows={measure.rows_small} q={measure.queries_small}"
                print(f"{name} {small} rows={measure.rows_large} q={measure.queries_large}")
                transaction.set_rollback(True)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(f"pages={len(PAGES)} constant={constant}")
    return 0 if constant == len(PAGES) else 1


if __name__ == "__main__":
    sys.exit(main())
