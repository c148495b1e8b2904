"""Scratch PostgreSQL databases for the benchmarks that make their own: created, then dropped."""

from __future__ import annotations


def admin_connection(server: str):
    import psycopg2

    connection = psycopg2.connect(server, connect_timeout=5)
    connection.autocommit = True  # CREATE/DROP DATABASE cannot run in a transaction block
    return connection


def create_database(server: str, name: str) -> None:
    from psycopg2 import sql

    connection = admin_connection(server)  # not `with connection`: that would open a transaction block
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def drop_database(server: str, name: str) -> None:
    """Drop the database, ending the sessions still connected to it (gunicorn, workers)."""
    from psycopg2 import sql

    connection = admin_connection(server)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
    finally:
        connection.close()
