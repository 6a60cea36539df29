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
ill-formed values) or Triple (RDF-star quoted triple). Decimals come as kg.Decimal, a
decimal.Decimal that also equals the float written the same way (Decimal 0.9 == 0.9).
Result.as_terms() gives every literal as a kg.Literal exactly as stored instead.

Parameters (keyword arguments of query(), run(), ask()) take the same Python values and are
bound to the query's variables as values; they are never spliced into the query text. (A
parameter must name a variable of a graph pattern; one used only inside FILTER is not
accepted yet.) The rules:

    kg.IRI / BlankNode / Literal / Triple, int, bool, str, datetime, date
                        bound as that exact term ("Ann" is the string "Ann", 7 is 7)
    float, Decimal      compared by value, as FILTER(?x = 0.9) would: 0.9 finds
                        "0.9" and "0.900"^^xsd:decimal and "9E-1"^^xsd:double alike
    a str that reads as an IRI ("http://...", "urn:...")
                        refused (kg.UsageError): pass kg.IRI(s) for the IRI, kg.Literal(s)
                        for the string
    rdflib terms, numpy scalars
                        converted first (URIRef -> kg.IRI, numpy.float64 -> float, ...)

rdflib (Debian: python3-rdflib, optional): kg.to_rdflib(value) and kg.from_rdflib(term)
convert terms both ways, and db.graph() is an rdflib.Graph over the store (read-only) that
rdflib code can iterate, match with triples((s, p, o)), count with len() and query.

Errors raise kg.Error subclasses; errors at a position in a query or input file carry
.line and .column (1-based) and, for files, .file.

Threads: long calls (open, load, update, query iteration, commit, dump) release the GIL. One
Database may be used from several threads; a Result or Transaction by one thread at a time.
"""

import math as _math
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
_NUMERIC_DATATYPES = frozenset(XSD + name for name in (
    "decimal", "integer", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
    "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt",
    "unsignedShort", "unsignedByte"))


def _float_as_decimal(number):
    """A float as the decimal Python writes it: 0.9 -> Decimal('0.9') (not the binary
    0.90000000000000002220...)."""
    return _Decimal(repr(number))


def _decimal_hash(value):
    # Equal to a float's hash when the float written out is this decimal (they compare equal).
    try:
        as_float = float(value)
        if _float_as_decimal(as_float) == value:
            return hash(as_float)
    except (OverflowError, ValueError):
        pass
    return _Decimal.__hash__(value)


class Decimal(_Decimal):
    """An xsd:decimal value: a decimal.Decimal that also compares equal to the float written
    the same way (Decimal('0.9') == 0.9, which decimal.Decimal itself says is False), and
    orders against floats the same way. Arithmetic gives plain decimal.Decimal values."""

    __slots__ = ()

    def __eq__(self, other):
        if isinstance(other, float):
            return _Decimal.__eq__(self, _float_as_decimal(other))
        return _Decimal.__eq__(self, other)

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __lt__(self, other):
        return _Decimal.__lt__(self, _float_as_decimal(other) if isinstance(other, float) else other)

    def __le__(self, other):
        return _Decimal.__le__(self, _float_as_decimal(other) if isinstance(other, float) else other)

    def __gt__(self, other):
        return _Decimal.__gt__(self, _float_as_decimal(other) if isinstance(other, float) else other)

    def __ge__(self, other):
        return _Decimal.__ge__(self, _float_as_decimal(other) if isinstance(other, float) else other)

    def __hash__(self):
        return _decimal_hash(self)

    def __repr__(self):
        return "kg.Decimal('%s')" % self


class Literal:
    """A literal kept as written: lexical form, datatype IRI (str) and language tag.

    Literals are equal when they are the same RDF term. A numeric literal (xsd:decimal,
    xsd:integer, xsd:double, ...) also equals a Python number of the same value: a float as
    Python writes it (Literal('0.9', XSD decimal) == 0.9), an int or a Decimal."""

    __slots__ = ("value", "datatype", "language")

    def __init__(self, value, datatype=None, language=None):
        self.value = str(value)
        self.language = language or ""
        if datatype is None or datatype == "":
            datatype = RDF_LANG_STRING if self.language else XSD + "string"
        self.datatype = str(datatype)

    def __eq__(self, other):
        if type(other) is Literal:
            return (other.value == self.value and other.datatype == self.datatype and
                    other.language.lower() == self.language.lower())
        if isinstance(other, (int, float, _Decimal)) and not isinstance(other, bool):
            number = self.number()
            if number is None:
                return False
            if isinstance(other, float):
                other = _float_as_decimal(other)
            return number == other
        return NotImplemented

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def number(self):
        """The value of a numeric literal as a decimal.Decimal (doubles as the decimal Python
        writes them; INF/NaN as Decimal infinities/NaN), or None for other literals and
        ill-formed numbers."""
        if self.datatype not in _NUMERIC_DATATYPES:
            return None
        text = self.value.strip()
        try:
            if self.datatype in (XSD + "double", XSD + "float"):
                number = float(text)
                return _Decimal(repr(number)) if _math.isfinite(number) else _Decimal(number)
            if any(c in text for c in "eEnNiI"):
                return None  # decimals and integers have no exponent, INF or NaN
            return _Decimal(text)
        except (ArithmeticError, ValueError):
            return None

    def __hash__(self):
        number = self.number()
        if number is not None and number.is_finite():
            return _decimal_hash(number)
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


def _foreign_parameter(value):
    """A parameter value of another library as one the engine takes (see the module's doc)."""
    module = type(value).__module__ or ""
    if module.split(".")[0] == "rdflib":
        from .rdflib_view import from_rdflib
        return from_rdflib(value)
    if module.split(".")[0] == "numpy" and hasattr(value, "item"):
        plain = value.item()  # numpy.int64 -> int, numpy.bool_ -> bool, ...
        if type(plain).__module__ == "builtins":
            return plain
    if isinstance(value, str):
        return str(value)  # another library's string type: the string
    raise TypeError("cannot use a value of type %s as a query parameter (use str, int, float, bool, "
                    "Decimal, datetime, date, kg.IRI, kg.Literal, kg.BlankNode, kg.Triple or an "
                    "rdflib term)" % type(value).__name__)


from . import _kg  # noqa: E402

_kg._init({
    "IRI": IRI, "BlankNode": BlankNode, "Literal": Literal, "Triple": Triple,
    "Decimal": _Decimal, "DecimalResult": Decimal, "foreign_parameter": _foreign_parameter,
    "datetime": _datetime, "date": _date, "timezone": _timezone,
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


def _database_graph(self, graph=None):
    """An rdflib.Graph that reads this store: the default graph, or the named graph `graph`
    (an IRI as str or kg.IRI). rdflib code can iterate it, match triples((s, p, o)), take
    len(), serialize it, and query() it (SPARQL runs in kg for the default graph). The view is
    read-only: add()/remove() raise kg.UsageError (write with update() or load()). RDF-star
    quoted triples appear as kg.rdflib_view.QuotedTriple terms. Needs rdflib
    (Debian: python3-rdflib), imported only here."""
    from .rdflib_view import graph_of
    return graph_of(self, graph)


Database.graph = _database_graph


def to_rdflib(value):
    """A kg term or row value as an rdflib term: kg.IRI -> URIRef, kg.BlankNode -> BNode,
    kg.Literal -> Literal (same lexical form, datatype, language), str/int/float/Decimal/bool/
    datetime/date -> typed Literal, kg.Triple -> kg.rdflib_view.QuotedTriple; None stays None."""
    from .rdflib_view import to_rdflib as convert
    return convert(value)


def from_rdflib(term):
    """An rdflib term as a kg term: URIRef -> kg.IRI, BNode -> kg.BlankNode, Literal ->
    kg.Literal (a plain literal is an xsd:string), QuotedTriple -> kg.Triple."""
    from .rdflib_view import from_rdflib as convert
    return convert(term)

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
    "CancelToken", "LoadResult", "UpdateResult", "IRI", "BlankNode", "Literal", "Triple", "Decimal",
    "to_rdflib", "from_rdflib",
    "Error", "QuerySyntaxError", "InputError", "QueryError", "UsageError", "StorageError",
    "LockedError", "VersionError", "FileError", "Cancelled", "Timeout", "LimitError",
]
