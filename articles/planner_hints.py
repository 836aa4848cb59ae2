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

from django.core.exceptions import FullResultSet
from django.db.models import BooleanField, Expression, Field, Q, Value


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
