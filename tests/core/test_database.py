from django.db import connection

from tests.conftest import require, uses_postgres


def test_postgres_connections_run_without_jit(db):
    require("PostgreSQL", uses_postgres(), "set DATABASE_URL=postgres://...")

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        setting = cursor.fetchone()[0]

    assert setting == "off"
