"""``OnPostgreSQL(condition)``: a condition only PostgreSQL's planner is given, and
``SameTypeAs(value, field)``: a value it is given in the column's own type.

Some of a town's lists are best asked in different words on different databases, with the
same rows as the answer. A town's section page lists the stories of every town's section
of its slug that the town shows; among 200 towns PostgreSQL then reads the index entries of
all 200 sections, unless it is also told the equivalent "in this town's section, or shared
to it", which it reads from two indexes at once (a BitmapOr). SQLite does the opposite: told
both, it walks every published story instead of its section index (0.5 ms → 100 ms for a
section count on the 10,000-story bench). So the extra words are added when the query is
compiled, and only for PostgreSQL: elsewhere the condition compiles to nothing.

The condition must change no result, only the plan: it may only restate what the rest of
the query already implies.
"""

from datetime import UTC, datetime

from django.core.exceptions import FullResultSet
from django.db.models import (
    BooleanField,
    DateTimeField,
    Expression,
    Field,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

# A time before any story's: what a missing newest story compares as.
BEFORE_ANY_STORY = Value(datetime(1, 1, 1, tzinfo=UTC), output_field=DateTimeField())


class OnPostgreSQL(Expression):
    """A condition in WHERE on PostgreSQL; left out on every other database."""

    output_field = BooleanField()

    def __init__(self, condition: Q) -> None:
        super().__init__()
        self.condition = condition

    def get_source_expressions(self) -> list:
        return [self.condition]

    def set_source_expressions(self, expressions: list) -> None:
        (self.condition,) = expressions

    def as_sql(self, compiler, connection):
        # "Every row": the WHERE clause leaves the term out.
        raise FullResultSet

    def as_postgresql(self, compiler, connection):
        return compiler.compile(self.condition)


class SameTypeAs(Value):
    """A value PostgreSQL is given as the column's own type: ``site_id = 1::bigint``.

    A bare ``1`` is an integer, and ``bigint = integer`` is an operator of btree indexes
    only: PostgreSQL then leaves out the town's column of the search index (GIN over
    ``site_id`` and the document, migration 0022) and reads the word's entries in every
    town (among 200 towns: 20,000 entries, 84 → 4 ms for a town's search). Elsewhere the
    value is written as Django writes it."""

    def __init__(self, value, field: Field) -> None:
        super().__init__(value, output_field=field)

    def as_postgresql(self, compiler, connection):
        sql, params = self.as_sql(compiler, connection)
        return f"{sql}::{self.output_field.cast_db_type(connection)}", params


class NoOlderThanTownsOwn(Expression):
    """``published_at >= `` the *k*-th newest of the town's own stories in this list, where
    *k* is how many stories the list is sliced to (PostgreSQL only, and only on a sliced
    list newest first; otherwise it compiles to nothing).

    A town's newest stories are its own or shared to it: an OR, which PostgreSQL cannot read
    newest first from one index, so it walked every town's newest stories until it had
    enough of this town's (among 200 towns, about 200 read for each one kept). The *k*
    newest of the list cannot be older than the *k*-th newest of its own stories, which
    are *k* stories of the list: so the bound changes no result, and with it PostgreSQL
    reads the town's newest own stories from the (town, status, time) index and the shared
    ones by their ids, a constant few whatever the size of the network.

    ``own`` is the list's query before ``on_site()``, narrowed to the town's own stories
    (a tag page's: the town's stories with the tag). The bound holds only if the list asks
    nothing more of its stories than ``own`` does (its compiled WHERE is checked against
    the one the bound was made for, and the bound is left out if they differ)."""

    output_field = BooleanField()

    def __init__(self, own, listed_where) -> None:
        super().__init__()
        self.own = own
        self.listed_where = listed_where

    def as_sql(self, compiler, connection):
        raise FullResultSet

    def as_postgresql(self, compiler, connection):
        query = compiler.query
        newest_first = tuple(query.order_by[:1]) == ("-published_at",)
        # filter() holds the bound as ``Exact(bound, True)``, and compiles a copy of it.
        conditions = [
            child
            for child in query.where.children
            if not isinstance(getattr(child, "lhs", child), NoOlderThanTownsOwn)
        ]
        if query.high_mark is None or not newest_first or conditions != self.listed_where:
            raise FullResultSet
        kth = query.high_mark
        kth_newest = self.own.order_by("-published_at", "-pk").values("published_at")[kth - 1 : kth]
        # A town with fewer own stories than that: no bound (the year 1 is before any).
        bound = Coalesce(Subquery(kth_newest), BEFORE_ANY_STORY)
        return compiler.compile(query.build_where(Q(published_at__gte=bound)))
