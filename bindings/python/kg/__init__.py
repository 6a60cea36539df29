"""kg: an embeddable knowledge-graph engine (RDF quad store + SPARQL) for Python.

    import kg
    with kg.open("people.db") as db:
        db.load_string('<http://ex/a> <http://ex/name> "Ann" .', format="nt")
        for row in db.query("SELECT ?s ?name WHERE { ?s <http://ex/name> ?name }"):
            print(row["s"], row["name"])
        for row in db.query("SELECT ?s WHERE { ?s <http://ex/name> ?name }", name="Ann"):
            ...

Rows are dicts from variable names (without '?') to Python values, None where a variable is
unbound. Literals become plain values where nothing is lost:

    xsd:string (no language)  -> str          xsd:integer  -> int
    xsd:boolean               -> bool         xsd:decimal  -> decimal.Decimal
    xsd:double                -> float        xsd:dateTime -> datetime.datetime
    xsd:date (no time zone)   -> datetime.date

Everything else is an IRI, BlankNode, Literal (language-tagged strings, other datatypes,
ill-formed values) or Triple (RDF-star quoted triple). Parameters (keyword arguments of
query(), run(), ask()) take the same Python values and are bound to the query's variables
as values; they are never spliced into the query text. (A parameter must name a variable
of a graph pattern; one used only inside FILTER is not accepted yet.)

Errors raise kg.Error subclasses; errors at a position in a query or input file carry
.line and .column (1-based) and, for files, .file.

Threads: long calls (open, load, update, query iteration, commit, dump) release the GIL. One
Database may be used from several threads; a Result or Transaction by one thread at a time.
"""

from datetime import date as _date, datetime as _datetime, timezone as _timezone, timedelta as _timedelta
from decimal import Decimal as _Decimal


class IRI:
    """An IRI (an RDF named node)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = str(value)

    def __eq__(self, other):
        return type(other) is IRI and other.value == self.value

    def __hash__(self):
        return hash((IRI, self.value))

    def __repr__(self):
        return "IRI(%r)" % self.value

    def __str__(self):
        return self.value

    def n3(self):
        return "<%s>" % self.value


class BlankNode:
    """A blank node; `label` is its label in the store (without '_:')."""

    __slots__ = ("label",)

    def __init__(self, label):
        self.label = str(label)

    def __eq__(self, other):
        return type(other) is BlankNode and other.label == self.label

    def __hash__(self):
        return hash((BlankNode, self.label))

    def __repr__(self):
        return "BlankNode(%r)" % self.label

    def __str__(self):
        return "_:" + self.label

    def n3(self):
        return "_:" + self.label


XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class Literal:
    """A literal kept as written: lexical form, datatype IRI (str) and language tag."""

    __slots__ = ("value", "datatype", "language")

    def __init__(self, value, datatype=None, language=None):
        self.value = str(value)
        self.language = language or ""
        if datatype is None or datatype == "":
            datatype = RDF_LANG_STRING if self.language else XSD + "string"
        self.datatype = str(datatype)

    def __eq__(self, other):
        return (type(other) is Literal and other.value == self.value and
                other.datatype == self.datatype and other.language.lower() == self.language.lower())

    def __hash__(self):
        return hash((Literal, self.value, self.datatype, self.language.lower()))

    def __repr__(self):
        if self.language:
            return "Literal(%r, language=%r)" % (self.value, self.language)
        return "Literal(%r, datatype=%r)" % (self.value, self.datatype)

    def __str__(self):
        return self.value


class Triple:
    """An RDF-star quoted triple."""

    __slots__ = ("subject", "predicate", "object")

    def __init__(self, subject, predicate, object):
        self.subject, self.predicate, self.object = subject, predicate, object

    def __eq__(self, other):
        return (type(other) is Triple and
                (other.subject, other.predicate, other.object) == (self.subject, self.predicate, self.object))

    def __hash__(self):
        return hash((Triple, self.subject, self.predicate, self.object))

    def __iter__(self):
        return iter((self.subject, self.predicate, self.object))

    def __repr__(self):
        return "Triple(%r, %r, %r)" % (self.subject, self.predicate, self.object)


class Error(Exception):
    """A kg failure. `code` names the kind ('syntax', 'invalid_input', 'query', 'usage',
    'storage', 'io', 'locked', 'version', 'cancelled', 'timeout'); `line`/`column` (1-based)
    and `file` are set for errors at a position in a query or input, else None."""

    def __init__(self, message, code="internal", line=None, column=None, file=None, detail=None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.line = line
        self.column = column
        self.file = file
        # The message without the position prefix (positioned errors only).
        self.detail = detail if detail is not None else message


class QuerySyntaxError(Error):
    """A query or update that does not parse (has line and column)."""


class InputError(Error):
    """RDF input that cannot be read (has file, line and column)."""


class QueryError(Error):
    """A query that parses but cannot run."""


class UsageError(Error):
    """The API was used wrongly (closed database, unknown parameter, ...)."""


class StorageError(Error):
    """The store or the file system failed."""


class LockedError(StorageError):
    """Another process has the store open for writing."""


class VersionError(StorageError):
    """The store was written by an incompatible kg version."""


class FileError(Error):
    """An input file cannot be opened or read."""


class Cancelled(Error):
    """The operation was cancelled through a CancelToken."""


class Timeout(Error):
    """The operation ran past its timeout."""


class LimitError(Error):
    """A resource limit was reached (the query's memory budget, a row cap, a nesting depth)."""


from . import _kg  # noqa: E402

_kg._init({
    "IRI": IRI, "BlankNode": BlankNode, "Literal": Literal, "Triple": Triple,
    "Decimal": _Decimal, "datetime": _datetime, "date": _date, "timezone": _timezone,
    "timedelta": _timedelta,
    "Error": Error, "syntax": QuerySyntaxError, "invalid_input": InputError,
    "query": QueryError, "usage": UsageError, "storage": StorageError, "io": FileError,
    "locked": LockedError, "version": VersionError, "cancelled": Cancelled, "timeout": Timeout,
    "limit": LimitError,
})

Database = _kg.Database
Result = _kg.Result
Transaction = _kg.Transaction
Snapshot = _kg.Snapshot
PreparedQuery = _kg.PreparedQuery
CancelToken = _kg.CancelToken
LoadResult = _kg.LoadResult
UpdateResult = _kg.UpdateResult
parse = _kg.parse


def _result_to_pandas(self):
    """The rows not read yet as a pandas.DataFrame, one column per variable (in the query's
    order), cells as Python values (None where unbound). pandas is imported only here."""
    try:
        import pandas
    except ImportError as e:
        raise ImportError("to_pandas() needs pandas (Debian: apt-get install python3-pandas)") from e
    if self.form == "ask":
        return pandas.DataFrame({"boolean": [self.boolean]})
    columns = list(self.variables)
    return pandas.DataFrame.from_records(list(self), columns=columns)


Result.to_pandas = _result_to_pandas
Result.to_dataframe = _result_to_pandas

# The release, and the format of the stores this build reads and writes.
__version__ = _kg.__version__
store_format = _kg.store_format


def open(path, read_only=False, create=True, cache_bytes=256 << 20):  # noqa: A001
    """Opens (or creates) the store in directory `path` (str or os.PathLike).

    read_only    open without the writer's lock: works beside a process that writes; queries
                 only (load, update and transactions raise UsageError). A missing store is an
                 error (StorageError), never created.
    create       create an empty store when `path` does not exist (or is an empty directory);
                 False: a missing store is a StorageError.
    cache_bytes  the block cache shared by all of the store's indexes (default 256 MiB).

    One process may open a store for writing once at a time (a second open raises
    LockedError saying so); read-only opens are not limited.
    """
    return _kg.Database(path, read_only, create, cache_bytes)


__all__ = [
    "__version__", "store_format", "open", "parse", "Database", "Result", "Transaction", "Snapshot", "PreparedQuery",
    "CancelToken", "LoadResult", "UpdateResult", "IRI", "BlankNode", "Literal", "Triple",
    "Error", "QuerySyntaxError", "InputError", "QueryError", "UsageError", "StorageError",
    "LockedError", "VersionError", "FileError", "Cancelled", "Timeout", "LimitError",
]
