"""PostgreSQL through psycopg alone, for what must work without SQLAlchemy or the ORM:
TAB completion of handles and names (fast start) and `doctor` (a journal the ORM cannot open).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rmlog.store.maintenance import Check

COMPLETE_SQL = (
    "SELECT handle FROM person WHERE handle LIKE %s ESCAPE '\\' "
    "AND archived_at IS NULL ORDER BY handle LIMIT 100"
)
NAMES_SQL = (
    "SELECT name FROM person WHERE archived_at IS NULL UNION "
    "SELECT alias FROM person_alias JOIN person ON person.id = person_alias.person_id "
    "WHERE person.archived_at IS NULL"
)
"""Names and aliases of active people, read by both backends (TAB filters them in Python)."""
FOREIGN_KEYS_SQL = """
SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, f.attname
FROM pg_constraint c
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
JOIN pg_attribute f ON f.attrelid = c.confrelid AND f.attnum = c.confkey[1]
WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
ORDER BY 1, 2
"""


def conninfo(url: str) -> str:
    """libpq's URI for an SQLAlchemy URL: postgresql+psycopg://... -> postgresql://..."""
    return "postgresql" + url[url.index("://"):]


def shown(url: str) -> str:
    """The URL without its password, for messages and doctor."""
    return re.sub(r"^([^:/]+://[^:@/]*):[^@/]*@", r"\1@", conninfo(url))


def handles(url: str, prefix: str) -> list[str]:
    """Handles starting with prefix; nothing when the server cannot answer within a second."""
    try:
        import psycopg

        with psycopg.connect(conninfo(url), connect_timeout=1) as conn:
            rows = conn.execute(COMPLETE_SQL, (_like_prefix(prefix),)).fetchall()
    except Exception:  # TAB must never print a traceback into the shell
        return []
    return [handle for (handle,) in rows]


def names(url: str) -> list[str]:
    """Names and aliases of active people (rmlog.completion filters them); [] as handles."""
    try:
        import psycopg

        with psycopg.connect(conninfo(url), connect_timeout=1) as conn:
            return [name for (name,) in conn.execute(NAMES_SQL).fetchall()]
    except Exception:  # TAB must never print a traceback into the shell
        return []


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def diagnose(url: str) -> list[Check]:
    """Connection, schema version and dangling references of a journal on PostgreSQL."""
    import psycopg

    from rmlog.store.maintenance import Check

    try:
        conn = psycopg.connect(conninfo(url), connect_timeout=10, autocommit=True)
    except psycopg.Error as error:
        return [Check("connection", False, _connection_problem(error, url))]
    with conn:
        version = conn.info.server_version
        checks = [Check("connection", True, f"PostgreSQL {version // 10000}.{version % 10000}")]
        checks.append(_schema(conn))
        if checks[-1].ok:
            checks.append(_foreign_keys(conn))
            checks.append(_search_index(conn))
            checks.append(_last_contact(conn))
    return checks


def _search_index(conn) -> Check:
    from rmlog.store.fulltext import check
    from rmlog.store.maintenance import derived_check

    return derived_check("search index", check(lambda sql: conn.execute(sql).fetchall(), postgres=True))


def _last_contact(conn) -> Check:
    from rmlog.store import last_contact
    from rmlog.store.maintenance import derived_check

    return derived_check("last contact", last_contact.check(lambda sql: conn.execute(sql).fetchall(), postgres=True))


def _connection_problem(error: Exception, url: str) -> str:
    from rmlog.store.postgres import problem

    return problem(error, url)


def _schema(conn) -> Check:
    from rmlog.store.maintenance import Check
    from rmlog.store.migrations import names as known_migrations

    known = known_migrations()
    if conn.execute("SELECT to_regclass('rmlog_migration')").fetchone()[0] is None:
        return Check("schema", False, "no schema version recorded: the first rmlog command sets it up")
    applied = [name for (name,) in conn.execute("SELECT name FROM rmlog_migration")]
    unknown = [name for name in applied if name not in known]
    if unknown:
        return Check("schema", False, f"version {len(applied)} is newer than this rmlog ({len(known)}): upgrade")
    return Check("schema", True, f"version {len(applied)} of {len(known)}")


def _foreign_keys(conn) -> Check:
    """Count rows whose reference points nowhere (a restore with triggers off can leave them)."""
    from psycopg import sql

    from rmlog.store.maintenance import Check

    keys = conn.execute(FOREIGN_KEYS_SQL).fetchall()
    dangling = 0
    for table, column, parent, parent_column in keys:
        query = sql.SQL(
            "SELECT count(*) FROM {t} c WHERE c.{col} IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM {p} r WHERE r.{pcol} = c.{col})"
        ).format(t=sql.SQL(table), col=sql.Identifier(column), p=sql.SQL(parent), pcol=sql.Identifier(parent_column))
        dangling += conn.execute(query).fetchone()[0]
    if not keys:
        return Check("foreign keys", False, "no foreign keys defined: not an rmlog journal")
    if dangling:
        return Check("foreign keys", False, f"{dangling} dangling references; restore a backup")
    return Check("foreign keys", True, f"{len(keys)} references checked, none dangling")
