// kg._kg: the Python module over the C++ API (kg/database.h, kg/transaction.h).
// The user-facing classes and exceptions live in kg/__init__.py, which passes them to _init().
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "kg/database.h"
#include "kg/error.h"
#include "kg/transaction.h"
#include "kg/version.h"

namespace py = pybind11;

namespace {

// kg::ErrorCode values, kSyntax .. kLimit (each has a class in kg/__init__.py).
constexpr int kErrorCodes = static_cast<int>(kg::ErrorCode::kLimit) + 1;

// Python classes handed over by kg/__init__.py. Deliberately leaked: they must outlive every
// object of this module, and Python may finalize in any order.
struct PyTypes {
  py::handle iri, blank, literal, triple, decimal, datetime, date, timezone, timedelta;
  // kg.Decimal, the decimal.Decimal that xsd:decimal values come back as.
  py::handle decimalResult;
  // Converts a parameter of another library (rdflib terms, numpy scalars) to one this module
  // knows, or raises TypeError.
  py::handle foreignParameter;
  py::handle error;
  py::handle byCode[kErrorCodes];
};
PyTypes* types = nullptr;

PyTypes& T() {
  if (!types) throw std::runtime_error("kg._kg used before kg/__init__.py initialised it");
  return *types;
}

const char* codeName(kg::ErrorCode code) {
  switch (code) {
    case kg::ErrorCode::kSyntax: return "syntax";
    case kg::ErrorCode::kInvalidInput: return "invalid_input";
    case kg::ErrorCode::kQuery: return "query";
    case kg::ErrorCode::kUsage: return "usage";
    case kg::ErrorCode::kStorage: return "storage";
    case kg::ErrorCode::kIo: return "io";
    case kg::ErrorCode::kLocked: return "locked";
    case kg::ErrorCode::kVersion: return "version";
    case kg::ErrorCode::kCancelled: return "cancelled";
    case kg::ErrorCode::kTimeout: return "timeout";
    case kg::ErrorCode::kLimit: return "limit";
  }
  return "internal";
}

// ---- Term -> Python ----

bool isIntegerLexical(const std::string& s) {
  size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  if (i >= s.size()) return false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

bool isDecimalLexical(const std::string& s) {
  size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  bool digits = false, dot = false;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') {
      digits = true;
    } else if (s[i] == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits;
}

std::optional<double> parseDouble(const std::string& s) {
  if (s == "INF" || s == "+INF") return HUGE_VAL;
  if (s == "-INF") return -HUGE_VAL;
  if (s == "NaN") return std::nan("");
  if (s.empty()) return std::nullopt;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
      return std::nullopt;
    }
  }
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  return v;
}

int digitsAt(const std::string& s, size_t pos, size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// YYYY-MM-DD (years 1..9999, as Python's date needs). Returns the position after it or 0.
size_t parseDate(const std::string& s, int& y, int& m, int& d) {
  y = digitsAt(s, 0, 4);
  if (y < 1 || s.size() < 10 || s[4] != '-' || s[7] != '-') return 0;
  m = digitsAt(s, 5, 2);
  d = digitsAt(s, 8, 2);
  if (m < 1 || m > 12 || d < 1 || d > 31) return 0;
  return 10;
}

py::object dateTimeToPython(const std::string& s) {
  int y, mo, d;
  size_t pos = parseDate(s, y, mo, d);
  if (!pos || s.size() < 19 || s[10] != 'T' || s[13] != ':' || s[16] != ':') return py::none();
  int h = digitsAt(s, 11, 2), mi = digitsAt(s, 14, 2), sec = digitsAt(s, 17, 2);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return py::none();
  pos = 19;
  int micro = 0;
  if (pos < s.size() && s[pos] == '.') {
    size_t start = ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    size_t n = pos - start;
    if (n == 0) return py::none();
    for (size_t i = 0; i < 6; ++i) micro = micro * 10 + (i < n ? s[start + i] - '0' : 0);
    for (size_t i = start + 6; i < pos; ++i) {
      if (s[i] != '0') return py::none();  // below a microsecond: a datetime would lose it
    }
  }
  py::object tz = py::none();
  if (pos < s.size()) {
    if (s[pos] == 'Z' && pos + 1 == s.size()) {
      tz = T().timezone.attr("utc");
    } else if ((s[pos] == '+' || s[pos] == '-') && pos + 6 == s.size() && s[pos + 3] == ':') {
      int th = digitsAt(s, pos + 1, 2), tm = digitsAt(s, pos + 4, 2);
      if (th < 0 || th > 14 || tm < 0 || tm > 59) return py::none();
      int minutes = (th * 60 + tm) * (s[pos] == '-' ? -1 : 1);
      tz = T().timezone(T().timedelta(py::arg("minutes") = minutes));
    } else {
      return py::none();
    }
  }
  try {
    return T().datetime(y, mo, d, h, mi, sec, micro, tz);
  } catch (py::error_already_set&) {  // e.g. February 30th
    return py::none();
  }
}

py::object toPython(const kg::Term& t, bool terms = false);

// `terms`: every literal as a kg.Literal with its lexical form exactly as stored.
py::object literalToPython(const kg::Term& t, bool terms) {
  PyTypes& ty = T();
  if (terms) {
    return ty.literal(t.value, py::arg("datatype") = t.datatype, py::arg("language") = t.language);
  }
  if (!t.language.empty()) {
    return ty.literal(t.value, py::arg("datatype") = t.datatype, py::arg("language") = t.language);
  }
  const std::string& dt = t.datatype;
  const std::string& v = t.value;
  std::string_view xsd = kg::vocab::kXsd;
  if (dt.size() > xsd.size() && dt.compare(0, xsd.size(), xsd) == 0) {
    std::string_view local = std::string_view(dt).substr(xsd.size());
    if (local == "string") return py::str(v);
    if (local == "integer" && isIntegerLexical(v)) {
      return py::reinterpret_steal<py::object>(PyLong_FromString(v.c_str(), nullptr, 10));
    }
    if (local == "boolean") {
      if (v == "true" || v == "1") return py::bool_(true);
      if (v == "false" || v == "0") return py::bool_(false);
    }
    if (local == "double") {
      if (auto d = parseDouble(v)) return py::float_(*d);
    }
    if (local == "decimal" && isDecimalLexical(v)) return ty.decimalResult(v);
    if (local == "dateTime") {
      py::object dtm = dateTimeToPython(v);
      if (!dtm.is_none()) return dtm;
    }
    if (local == "date" && v.size() == 10) {
      int y, m, d;
      if (parseDate(v, y, m, d)) {
        try {
          return ty.date(y, m, d);
        } catch (py::error_already_set&) {
        }
      }
    }
  }
  return ty.literal(v, py::arg("datatype") = dt);
}

py::object toPython(const kg::Term& t, bool terms) {
  switch (t.kind) {
    case kg::TermKind::kIri: return T().iri(t.value);
    case kg::TermKind::kBlank: return T().blank(t.value);
    case kg::TermKind::kLiteral: return literalToPython(t, terms);
    case kg::TermKind::kTriple:
      return T().triple(toPython(t.triple->subject, terms), toPython(t.triple->predicate, terms),
                        toPython(t.triple->object, terms));
  }
  return py::none();
}

// ---- Python -> Term ----

// Whether a str parameter reads as an absolute IRI: a scheme, ':', and no spaces, with "//"
// after the scheme or one of the schemes used without it (urn:, mailto:, tag:, ...). Such a
// string is refused unless wrapped in kg.IRI (the IRI) or kg.Literal (the string): matching
// the string literal "http://..." where the IRI was meant finds nothing and says nothing.
bool looksLikeIri(const std::string& s) {
  size_t colon = s.find(':');
  if (colon == std::string::npos || colon == 0) return false;
  if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) return false;
  for (size_t i = 1; i < colon; ++i) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '+' || c == '-' || c == '.';
    if (!ok) return false;
  }
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '<' || c == '>' || c == '"') return false;
  }
  if (s.compare(colon, 3, "://") == 0 && s.size() > colon + 3) return true;
  std::string scheme = s.substr(0, colon);
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::tolower(c); });
  static const char* const kSchemes[] = {"urn", "mailto", "tag", "file", "doi", "info"};
  for (const char* known : kSchemes) {
    if (scheme == known) return s.size() > colon + 1;
  }
  return false;
}

kg::Term fromPython(py::handle v, bool foreign = true) {
  PyTypes& ty = T();
  if (py::isinstance(v, ty.iri)) return kg::Term::iri(py::str(v.attr("value")));
  if (py::isinstance(v, ty.blank)) return kg::Term::blank(py::str(v.attr("label")));
  if (py::isinstance(v, ty.literal)) {
    return kg::Term::literal(py::str(v.attr("value")), py::str(v.attr("datatype")),
                             py::str(v.attr("language")));
  }
  if (py::isinstance(v, ty.triple)) {
    return kg::Term::quoted(fromPython(v.attr("subject")), fromPython(v.attr("predicate")),
                            fromPython(v.attr("object")));
  }
  if (PyBool_Check(v.ptr())) {
    return kg::Term::literal(v.ptr() == Py_True ? "true" : "false",
                             std::string(kg::vocab::kXsdBoolean));
  }
  if (PyLong_Check(v.ptr())) {
    return kg::Term::literal(py::str(v), std::string(kg::vocab::kXsdInteger));
  }
  if (PyFloat_Check(v.ptr())) {
    double d = PyFloat_AsDouble(v.ptr());
    std::string lexical;
    if (std::isnan(d)) {
      lexical = "NaN";
    } else if (std::isinf(d)) {
      lexical = d > 0 ? "INF" : "-INF";
    } else {
      lexical = py::repr(v).cast<std::string>();
    }
    return kg::Term::literal(lexical, std::string(kg::vocab::kXsdDouble));
  }
  if (py::isinstance(v, ty.decimal)) {
    if (!v.attr("is_finite")().cast<bool>()) {
      throw py::value_error("a Decimal parameter must be finite");
    }
    std::string text = py::str(py::module_::import("builtins").attr("format")(v, "f"));
    return kg::Term::literal(text, std::string(kg::vocab::kXsdDecimal));
  }
  if (py::isinstance(v, ty.datetime)) {
    return kg::Term::literal(py::str(v.attr("isoformat")()), std::string(kg::vocab::kXsdDateTime));
  }
  if (py::isinstance(v, ty.date)) {
    return kg::Term::literal(py::str(v.attr("isoformat")()), std::string(kg::vocab::kXsd) + "date");
  }
  // A str subclass of another library (rdflib's URIRef, Literal) is that library's term.
  if (PyUnicode_Check(v.ptr()) && !PyUnicode_CheckExact(v.ptr()) && foreign && ty.foreignParameter) {
    return fromPython(ty.foreignParameter(v), false);
  }
  if (PyUnicode_Check(v.ptr())) {
    std::string text = v.cast<std::string>();
    if (looksLikeIri(text)) {
      throw kg::Error(kg::ErrorCode::kUsage,
                      "'" + text + "' looks like an IRI: pass kg.IRI('" + text + "') to match the IRI, or kg.Literal('" +
                          text + "') to match it as a string");
    }
    return kg::Term::literal(text);
  }
  if (foreign && ty.foreignParameter) {
    return fromPython(ty.foreignParameter(v), false);
  }
  throw py::type_error("cannot use a value of type " +
                       std::string(py::str(py::type::of(v).attr("__name__"))) +
                       " as a query parameter");
}

// ---- options from keyword arguments ----

// None: the default for programs (kg::kDefaultEmbeddedTimeout); 0: no limit.
std::chrono::milliseconds timeoutFrom(const py::object& seconds) {
  if (seconds.is_none()) return kg::kDefaultEmbeddedTimeout;
  double s = seconds.cast<double>();
  if (s == 0) return std::chrono::milliseconds(0);
  if (s < 0) throw py::value_error("timeout must be positive (seconds), or 0 for none");
  return std::chrono::milliseconds(std::max<int64_t>(1, static_cast<int64_t>(s * 1000.0)));
}

class PyCancelToken {
 public:
  std::shared_ptr<kg::CancelToken> token = std::make_shared<kg::CancelToken>();
};

// memory_limit: bytes (int) or a size such as "256M"; None = the default; 0 = no limit.
uint64_t memoryLimitFrom(const py::handle& value) {
  if (value.is_none()) return kg::QueryOptions::kDefaultQueryMemoryLimit;
  if (PyUnicode_Check(value.ptr())) {
    std::string text = py::str(value);
    auto bytes = kg::parseByteSize(text);
    if (!bytes) throw py::value_error("memory_limit: '" + text + "' is not a size (use e.g. 256M or 2G)");
    return *bytes;
  }
  long long bytes = value.cast<long long>();
  if (bytes < 0) throw py::value_error("memory_limit must be a size in bytes, or 0 for none");
  return static_cast<uint64_t>(bytes);
}

// The Python types fromPython converts without help.
bool knownParameterType(py::handle v) {
  PyTypes& ty = T();
  return PyUnicode_CheckExact(v.ptr()) || PyLong_Check(v.ptr()) || PyFloat_Check(v.ptr()) ||
         py::isinstance(v, ty.iri) || py::isinstance(v, ty.blank) || py::isinstance(v, ty.literal) ||
         py::isinstance(v, ty.triple) || py::isinstance(v, ty.decimal) || py::isinstance(v, ty.datetime) ||
         py::isinstance(v, ty.date);
}

// A parameter: floats and Decimals are compared by value (0.9 finds "0.900"^^xsd:decimal and
// "9E-1"^^xsd:double, as FILTER(?x = 0.9) would), everything else is bound as its term.
void addParameter(kg::QueryOptions& options, std::string name, py::handle value) {
  if (!name.empty() && (name[0] == '?' || name[0] == '$')) name.erase(0, 1);
  try {
    PyTypes& ty = T();
    py::object plain = py::reinterpret_borrow<py::object>(value);
    if (!knownParameterType(value) && ty.foreignParameter) {
      plain = ty.foreignParameter(value);  // e.g. numpy.float64 -> float, rdflib terms -> kg terms
    }
    if (PyFloat_Check(plain.ptr()) || py::isinstance(plain, ty.decimal)) {
      options.parameters.erase(name);
      options.valueParameters[name] = fromPython(plain, false);
    } else {
      options.valueParameters.erase(name);
      options.parameters[name] = fromPython(plain, false);
    }
  } catch (const kg::Error& e) {
    throw kg::Error(e.code(), "parameter ?" + name + ": " + e.what());
  }
}

// Splits **kwargs of query(): options (timeout, base_iri, cancel, params, memory_limit,
// max_rows) and parameters.
kg::QueryOptions queryOptionsFrom(const py::kwargs& kwargs) {
  kg::QueryOptions options;
  options.timeout = kg::kDefaultEmbeddedTimeout;
  for (auto item : kwargs) {
    std::string key = py::str(item.first);
    py::handle value = item.second;
    if (key == "timeout") {
      options.timeout = timeoutFrom(py::reinterpret_borrow<py::object>(value));
    } else if (key == "memory_limit") {
      options.memoryLimit = memoryLimitFrom(value);
    } else if (key == "max_rows") {
      if (value.is_none()) continue;
      long long rows = value.cast<long long>();
      if (rows < 0) throw py::value_error("max_rows must be a row count, or 0 for none");
      options.maxRows = static_cast<uint64_t>(rows);
    } else if (key == "base_iri") {
      if (!value.is_none()) options.baseIri = py::str(value);
    } else if (key == "cancel") {
      if (!value.is_none()) options.cancel = value.cast<PyCancelToken&>().token;
    } else if (key == "params") {
      if (value.is_none()) continue;
      for (auto p : py::reinterpret_borrow<py::dict>(value)) addParameter(options, py::str(p.first), p.second);
    } else {
      addParameter(options, key, value);
    }
  }
  return options;
}

kg::UpdateOptions updateOptionsFrom(const py::object& timeout, const py::object& baseIri,
                                    const py::object& cancel) {
  kg::UpdateOptions options;
  options.timeout = timeoutFrom(timeout);
  if (!baseIri.is_none()) options.baseIri = py::str(baseIri);
  if (!cancel.is_none()) options.cancel = cancel.cast<PyCancelToken&>().token;
  return options;
}

kg::LoadOptions loadOptionsFrom(const py::object& format, const py::object& graph,
                                const py::object& baseIri) {
  kg::LoadOptions options;
  if (!format.is_none()) options.format = py::str(format);
  if (!graph.is_none()) options.graph = py::str(graph);
  if (!baseIri.is_none()) options.baseIri = py::str(baseIri);
  return options;
}

std::vector<std::string> pathsFrom(const py::object& paths) {
  py::module_ os = py::module_::import("os");
  std::vector<std::string> out;
  if (py::isinstance<py::str>(paths) || py::hasattr(paths, "__fspath__")) {
    out.push_back(py::str(os.attr("fsdecode")(paths)));
  } else {
    for (auto p : paths) out.push_back(py::str(os.attr("fsdecode")(p)));
  }
  return out;
}

// ---- the shared database handle ----

// What the Python objects of one database share: the C++ Database (until close()) and which
// thread holds an open Transaction, so that a write on that same thread fails instead of
// deadlocking on the writer lock.
struct DbHandle {
  std::shared_ptr<kg::Database> db;
  std::mutex mutex;
  bool txnOpen = false;
  std::thread::id txnThread;

  std::shared_ptr<kg::Database> get() {
    std::lock_guard<std::mutex> lock(mutex);
    if (!db) throw kg::Error(kg::ErrorCode::kUsage, "the database is closed");
    return db;
  }
  void checkNoTransactionOnThisThread() {
    std::lock_guard<std::mutex> lock(mutex);
    if (txnOpen && txnThread == std::this_thread::get_id()) {
      throw kg::Error(kg::ErrorCode::kUsage,
                      "this thread has an open transaction on this database: write through it "
                      "(or commit/roll it back first)");
    }
  }
};

// ---- results ----

class PyResult {
 public:
  PyResult(std::shared_ptr<kg::Database> db, kg::QueryResult result, std::shared_ptr<void> owner = {})
      : db_(std::move(db)), owner_(std::move(owner)), result_(std::move(result)) {
    form_ = result_->form();
    for (const auto& name : result_->variables()) names_.push_back(py::str(name));
  }

  py::object next() {
    if (pos_ == filled_) {
      if (!result_) throw py::stop_iteration();
      fill();
      if (filled_ == 0) {
        finish();
        throw py::stop_iteration();
      }
    }
    const kg::Solution& row = buffer_[pos_++];
    py::dict out;
    for (size_t i = 0; i < names_.size() && i < row.size(); ++i) {
      out[names_[i]] = row[i] ? toPython(*row[i], terms_) : py::none();
    }
    return std::move(out);
  }

  bool boolean() {
    if (form_ != kg::QueryForm::kAsk) {
      throw kg::Error(kg::ErrorCode::kUsage, "boolean is for ASK queries");
    }
    if (!answer_) {
      if (!result_) throw kg::Error(kg::ErrorCode::kUsage, "the result was closed");
      {
        py::gil_scoped_release release;
        answer_ = result_->boolean();
      }
      finish();
    }
    return *answer_;
  }

  py::list variables() const {
    py::list out;
    for (const auto& n : names_) out.append(n);
    return out;
  }

  std::string form() const {
    switch (form_) {
      case kg::QueryForm::kSelect: return "select";
      case kg::QueryForm::kAsk: return "ask";
      case kg::QueryForm::kConstruct: return "construct";
      case kg::QueryForm::kDescribe: return "describe";
    }
    return "select";
  }

  uint64_t rowCount() const { return delivered_ + pos_; }

  // Rows from now on hold every literal as a kg.Literal, exactly as stored.
  void useTerms() { terms_ = true; }

  // len(): the number of rows, once all were read (a streamed result cannot know it sooner).
  uint64_t length() const {
    if (result_ || pos_ != filled_) {
      throw py::type_error("len() of a result still being read: read it to the end first (list(result)), "
                           "or use row_count for the rows read so far");
    }
    return delivered_;
  }

  // Releases the snapshot (and the transaction's view) early.
  void finish() {
    if (result_) {
      delivered_ += pos_;
      pos_ = filled_ = 0;
      result_.reset();
      owner_.reset();
    }
  }

 private:
  void fill() {
    delivered_ += pos_;
    pos_ = filled_ = 0;
    // Small first batch (first rows come quickly), then larger ones.
    size_t want = std::min<size_t>(1024, batch_);
    batch_ = std::min<size_t>(1024, batch_ * 4);
    if (buffer_.size() < want) buffer_.resize(want);
    py::gil_scoped_release release;
    while (filled_ < want && result_->next(buffer_[filled_])) ++filled_;
  }

  std::shared_ptr<kg::Database> db_;  // first: released last
  std::shared_ptr<void> owner_;
  std::optional<kg::QueryResult> result_;
  kg::QueryForm form_;
  std::vector<py::str> names_;
  std::vector<kg::Solution> buffer_;
  size_t pos_ = 0, filled_ = 0, batch_ = 16;
  uint64_t delivered_ = 0;
  std::optional<bool> answer_;
  bool terms_ = false;
};

// ---- prepared queries, snapshots, transactions ----

class PyPrepared {
 public:
  PyPrepared(std::shared_ptr<DbHandle> h, kg::PreparedQuery p) : handle_(std::move(h)), prepared_(std::move(p)) {}
  PyResult run(const py::kwargs& kwargs) {
    auto db = handle_->get();
    kg::QueryOptions options = queryOptionsFrom(kwargs);
    std::optional<kg::QueryResult> result;
    {
      py::gil_scoped_release release;
      result.emplace(prepared_.run({}, options));
    }
    return PyResult(db, std::move(*result));
  }
  const std::string& text() const { return prepared_.text(); }
  const kg::PreparedQuery& prepared() const { return prepared_; }

 private:
  std::shared_ptr<DbHandle> handle_;
  kg::PreparedQuery prepared_;
};

class PySnapshot {
 public:
  PySnapshot(std::shared_ptr<kg::Database> db, kg::Snapshot s) : db_(std::move(db)), snapshot_(std::move(s)) {}
  PyResult query(const std::string& sparql, const py::kwargs& kwargs) {
    if (!snapshot_) throw kg::Error(kg::ErrorCode::kUsage, "the snapshot was closed");
    kg::QueryOptions options = queryOptionsFrom(kwargs);
    std::optional<kg::QueryResult> result;
    {
      py::gil_scoped_release release;
      result.emplace(snapshot_->query(sparql, options));
    }
    return PyResult(db_, std::move(*result));
  }
  void close() { snapshot_.reset(); }

 private:
  std::shared_ptr<kg::Database> db_;
  std::optional<kg::Snapshot> snapshot_;
};

class PyTransaction {
 public:
  PyTransaction(std::shared_ptr<DbHandle> h, std::shared_ptr<kg::Database> db, kg::Transaction tx)
      : handle_(std::move(h)), db_(std::move(db)), tx_(std::make_shared<kg::Transaction>(std::move(tx))) {
    std::lock_guard<std::mutex> lock(handle_->mutex);
    handle_->txnOpen = true;
    handle_->txnThread = std::this_thread::get_id();
  }
  PyTransaction(PyTransaction&&) = default;
  PyTransaction(const PyTransaction&) = delete;
  PyTransaction& operator=(const PyTransaction&) = delete;
  // Garbage-collected while open: rolled back.
  ~PyTransaction() {
    try {
      end(true);
    } catch (...) {
    }
  }

  kg::LoadResult load(const py::object& paths, const py::object& format, const py::object& graph,
                      const py::object& baseIri) {
    auto list = pathsFrom(paths);
    auto options = loadOptionsFrom(format, graph, baseIri);
    auto& tx = active();
    py::gil_scoped_release release;
    return tx.load(list, options);
  }
  kg::LoadResult loadString(const std::string& text, const std::string& format,
                            const py::object& graph, const py::object& baseIri) {
    auto options = loadOptionsFrom(py::str(format), graph, baseIri);
    auto& tx = active();
    py::gil_scoped_release release;
    return tx.loadString(text, options);
  }
  kg::UpdateResult update(const std::string& sparql, const py::object& timeout,
                          const py::object& baseIri, const py::object& cancel) {
    auto options = updateOptionsFrom(timeout, baseIri, cancel);
    auto& tx = active();
    py::gil_scoped_release release;
    return tx.update(sparql, options);
  }
  PyResult query(const std::string& sparql, const py::kwargs& kwargs) {
    kg::QueryOptions options = queryOptionsFrom(kwargs);
    auto& tx = active();
    std::optional<kg::QueryResult> result;
    {
      py::gil_scoped_release release;
      result.emplace(tx.query(sparql, options));
    }
    return PyResult(db_, std::move(*result), tx_);
  }
  py::tuple commit() {
    auto& tx = active();
    kg::Transaction::CommitResult r;
    try {
      py::gil_scoped_release release;
      r = tx.commit();
    } catch (...) {
      end(true);
      throw;
    }
    end(false);
    return py::make_tuple(r.added, r.removed);
  }
  void rollback() { end(true); }
  bool isActive() const { return tx_ && tx_->active(); }

  PyTransaction& enter() { return *this; }
  bool exit(const py::object& type, const py::object&, const py::object&) {
    if (isActive()) {
      if (type.is_none()) {
        commit();
      } else {
        rollback();
      }
    }
    return false;
  }

 private:
  kg::Transaction& active() {
    if (!isActive()) throw kg::Error(kg::ErrorCode::kUsage, "the transaction has already ended");
    return *tx_;
  }
  void end(bool rollback) {
    if (!tx_) return;
    if (rollback) tx_->rollback();
    if (!tx_->active()) {
      {
        std::lock_guard<std::mutex> lock(handle_->mutex);
        handle_->txnOpen = false;
      }
      tx_.reset();  // results of query() may still hold it (inactive)
    }
  }

  std::shared_ptr<DbHandle> handle_;
  std::shared_ptr<kg::Database> db_;
  std::shared_ptr<kg::Transaction> tx_;
};

// ---- the database ----

class PyDatabase {
 public:
  PyDatabase(const py::object& path, bool readOnly, bool create, size_t cacheBytes)
      : handle_(std::make_shared<DbHandle>()) {
    std::string p = py::str(py::module_::import("os").attr("fsdecode")(path));
    kg::OpenOptions options;
    options.readOnly = readOnly;
    options.createIfMissing = create;
    options.cacheBytes = cacheBytes;
    std::unique_ptr<kg::Database> db;
    {
      py::gil_scoped_release release;
      db = kg::Database::open(p, options);
    }
    handle_->db = std::move(db);
  }

  std::string path() { return handle_->get()->path(); }
  bool readOnly() { return handle_->get()->readOnly(); }
  bool closed() {
    std::lock_guard<std::mutex> lock(handle_->mutex);
    return !handle_->db;
  }
  // Drops this object's reference; the store closes once open results, snapshots and
  // transactions are gone too.
  void close() {
    std::shared_ptr<kg::Database> db;
    {
      std::lock_guard<std::mutex> lock(handle_->mutex);
      db.swap(handle_->db);
    }
    py::gil_scoped_release release;
    db.reset();
  }

  kg::LoadResult load(const py::object& paths, const py::object& format, const py::object& graph,
                      const py::object& baseIri) {
    auto db = writer();
    auto list = pathsFrom(paths);
    auto options = loadOptionsFrom(format, graph, baseIri);
    py::gil_scoped_release release;
    return db->load(list, options);
  }
  kg::LoadResult loadString(const std::string& text, const std::string& format,
                            const py::object& graph, const py::object& baseIri) {
    auto db = writer();
    auto options = loadOptionsFrom(py::str(format), graph, baseIri);
    py::gil_scoped_release release;
    return db->loadString(text, options);
  }
  PyResult query(const std::string& sparql, const py::kwargs& kwargs) {
    auto db = handle_->get();
    kg::QueryOptions options = queryOptionsFrom(kwargs);
    std::optional<kg::QueryResult> result;
    {
      py::gil_scoped_release release;
      result.emplace(db->query(sparql, options));
    }
    return PyResult(db, std::move(*result));
  }
  bool ask(const std::string& sparql, const py::kwargs& kwargs) {
    PyResult r = query(sparql, kwargs);
    return r.boolean();
  }
  kg::UpdateResult update(const std::string& sparql, const py::object& timeout,
                          const py::object& baseIri, const py::object& cancel) {
    auto db = writer();
    auto options = updateOptionsFrom(timeout, baseIri, cancel);
    py::gil_scoped_release release;
    return db->update(sparql, options);
  }
  // With a path: writes the file and returns the number of statements; without: the text.
  py::object dump(const py::object& path, const std::string& format) {
    auto db = handle_->get();
    kg::DumpFormat f = kg::dumpFormatNamed(format);
    if (path.is_none()) {
      std::ostringstream out;
      {
        py::gil_scoped_release release;
        db->dump(out, f);
      }
      return py::str(out.str());
    }
    std::string p = py::str(py::module_::import("os").attr("fsdecode")(path));
    if (p.empty()) throw kg::Error(kg::ErrorCode::kUsage, "dump: empty path");
    uint64_t written = 0;
    {
      py::gil_scoped_release release;
      written = db->dumpFile(p, f);
    }
    return py::int_(written);
  }
  std::string explain(const std::string& sparql, bool analyze) {
    auto db = handle_->get();
    py::gil_scoped_release release;
    return db->explain(sparql, analyze);
  }
  // Facts with provenance from English text files (see kg/extract.h).
  // Text files (paths), or one text given as a str (text=, named by document=).
  py::dict extract(const py::object& pathArg, py::object graph, py::object document, py::object text) {
    if (pathArg.is_none() == text.is_none()) {
      throw kg::Error(kg::ErrorCode::kUsage,
                      "extract: give either paths (text files) or text= (a str), not both or neither");
    }
    kg::ExtractOptions options;
    if (!graph.is_none()) options.graph = py::str(graph);
    if (!document.is_none()) options.documentIri = py::str(document);
    std::vector<std::string> paths;
    std::string body;
    if (text.is_none()) {
      paths = pathsFrom(pathArg);
    } else {
      if (!PyUnicode_Check(text.ptr())) {
        throw py::type_error("extract: text= must be a str (the text itself; pass files as paths)");
      }
      if (options.documentIri.empty()) {
        throw kg::Error(kg::ErrorCode::kUsage,
                        "extract: text= needs document= (the IRI that names the text in provenance, "
                        "e.g. 'urn:news:2024-05-01-1')");
      }
      body = text.cast<std::string>();
    }
    auto db = writer();
    kg::ExtractSummary s;
    {
      py::gil_scoped_release release;
      s = text.is_none() ? db->extract(paths, options) : db->extractText(body, options);
    }
    py::dict out;
    out["documents"] = s.documents;
    out["sentences"] = s.sentences;
    out["facts"] = s.facts;
    out["added"] = s.added;
    out["merged"] = s.merged;
    out["warnings"] = s.warnings;
    return out;
  }

  uint64_t removeDocument(const py::object& document) {
    std::string pathOrIri = py::str(py::module_::import("os").attr("fsdecode")(
        py::isinstance(document, T().iri) ? py::object(document.attr("value")) : document));
    auto db = writer();
    py::gil_scoped_release release;
    return db->removeDocument(kg::documentIriFor(pathOrIri));
  }

  std::map<std::string, std::string> prefixes() {
    auto db = handle_->get();
    py::gil_scoped_release release;
    return db->prefixes();
  }

  // A corpus (files, directories, JSON Lines, "-") in atomic batches; see Database::extractCorpus.
  py::dict extractCorpus(const py::object& inputs, unsigned jobs, size_t batch, py::object graph) {
    std::vector<std::string> paths = pathsFrom(inputs);
    auto db = handle_->get();
    kg::CorpusOptions options;
    options.jobs = jobs;
    options.batchDocuments = batch == 0 ? 1 : batch;
    if (!graph.is_none()) options.extract.graph = graph.cast<std::string>();
    std::vector<std::string> failures;
    options.failure = [&](const kg::CorpusFailure& f) { failures.push_back(f.origin + ": " + f.message); };
    kg::ExtractSummary s;
    {
      py::gil_scoped_release release;
      kg::CorpusReader corpus(paths);
      s = db->extractCorpus(corpus, options);
    }
    py::dict out;
    out["documents"] = s.documents;
    out["skipped"] = s.skipped;
    out["failed"] = s.failed;
    out["sentences"] = s.sentences;
    out["facts"] = s.facts;
    out["added"] = s.added;
    out["merged"] = s.merged;
    out["warnings"] = s.warnings;
    out["failures"] = failures;
    return out;
  }

  std::vector<std::pair<std::string, std::string>> aliases() {
    auto db = handle_->get();
    py::gil_scoped_release release;
    return db->aliases();
  }

  uint64_t addAliases(const std::vector<std::pair<std::string, std::string>>& pairs) {
    auto db = handle_->get();
    py::gil_scoped_release release;
    return db->addAliases(pairs);
  }

  static py::dict mergeDict(const kg::EntityMerge& m) {
    py::dict out;
    out["record"] = m.record;
    out["canonical"] = m.canonical;
    out["merged"] = m.merged;
    out["canonical_label"] = m.canonicalLabel;
    out["merged_label"] = m.mergedLabel;
    out["reason"] = m.reason;
    out["origin"] = m.origin;
    out["created"] = m.created;
    return out;
  }

  py::dict mergeEntities(const std::string& canonical, const std::string& merged, const std::string& reason) {
    auto db = handle_->get();
    kg::EntityMerge m;
    {
      py::gil_scoped_release release;
      m = db->mergeEntities(canonical, merged, reason);
    }
    return mergeDict(m);
  }

  py::dict splitEntities(const std::string& canonical, const std::string& merged) {
    auto db = handle_->get();
    kg::EntityMerge m;
    {
      py::gil_scoped_release release;
      m = db->splitEntities(canonical, merged);
    }
    return mergeDict(m);
  }

  py::list entityMerges() {
    auto db = handle_->get();
    std::vector<kg::EntityMerge> merges;
    {
      py::gil_scoped_release release;
      merges = db->entityMerges();
    }
    py::list out;
    for (const auto& m : merges) out.append(mergeDict(m));
    return out;
  }

  uint64_t resolveEntities() {
    auto db = handle_->get();
    py::gil_scoped_release release;
    return db->resolveEntities();
  }

  py::dict statistics() {
    auto db = handle_->get();
    kg::StoreStatistics s;
    {
      py::gil_scoped_release release;
      s = db->statistics();
    }
    py::dict out;
    out["quads"] = s.quads;
    out["terms"] = s.terms;
    out["disk_bytes"] = s.diskBytes;
    py::list graphs;
    for (const auto& g : s.graphs) {
      graphs.append(py::make_tuple(g.graph.value.empty() ? py::object(py::none()) : toPython(g.graph), g.quads));
    }
    out["graphs"] = graphs;
    py::list predicates;
    for (const auto& p : s.predicates) {
      py::dict d;
      d["predicate"] = toPython(p.predicate);
      d["quads"] = p.quads;
      d["distinct_subjects"] = p.distinctSubjects;
      d["distinct_objects"] = p.distinctObjects;
      predicates.append(d);
    }
    out["predicates"] = predicates;
    return out;
  }
  PyPrepared prepare(const std::string& sparql, const py::object& baseIri) {
    auto db = handle_->get();
    std::string base = baseIri.is_none() ? std::string() : std::string(py::str(baseIri));
    return PyPrepared(handle_, db->prepare(sparql, base));
  }
  PySnapshot snapshot() {
    auto db = handle_->get();
    return PySnapshot(db, db->snapshot());
  }
  PyTransaction transaction() {
    auto db = writer();
    std::optional<kg::Transaction> tx;
    {
      py::gil_scoped_release release;  // may wait for another thread's writer
      tx.emplace(db->begin());
    }
    return PyTransaction(handle_, db, std::move(*tx));
  }
  void compact() {
    auto db = handle_->get();
    py::gil_scoped_release release;
    db->compact();
  }

  PyDatabase& enter() { return *this; }
  bool exit(const py::object&, const py::object&, const py::object&) {
    close();
    return false;
  }

 private:
  std::shared_ptr<kg::Database> writer() {
    auto db = handle_->get();
    handle_->checkNoTransactionOnThisThread();
    return db;
  }
  std::shared_ptr<DbHandle> handle_;
};

void raiseKgError(const kg::Error& e, const kg::PositionedError* positioned) {
  PyTypes& ty = T();
  int index = static_cast<int>(e.code());
  py::handle cls = (index >= 0 && index < kErrorCodes && ty.byCode[index]) ? ty.byCode[index] : ty.error;
  py::object instance;
  if (positioned) {
    instance = cls(e.what(), py::arg("code") = codeName(e.code()),
                   py::arg("line") = positioned->line(), py::arg("column") = positioned->column(),
                   py::arg("file") = positioned->file().empty() ? py::object(py::none())
                                                               : py::object(py::str(positioned->file())),
                   py::arg("detail") = positioned->message());
  } else {
    instance = cls(e.what(), py::arg("code") = codeName(e.code()));
  }
  PyErr_SetObject(cls.ptr(), instance.ptr());
}

}  // namespace

PYBIND11_MODULE(_kg, m) {
  m.doc() = "kg engine internals; use the kg package";

  m.def("_init", [](py::dict classes) {
    auto* t = new PyTypes;
    auto take = [&](const char* name) {
      py::object o = classes[name];
      return o.release();  // leaked on purpose (see PyTypes)
    };
    t->iri = take("IRI");
    t->blank = take("BlankNode");
    t->literal = take("Literal");
    t->triple = take("Triple");
    t->decimal = take("Decimal");
    t->datetime = take("datetime");
    t->date = take("date");
    t->timezone = take("timezone");
    t->timedelta = take("timedelta");
    t->decimalResult = take("DecimalResult");
    t->foreignParameter = classes.contains("foreign_parameter") ? take("foreign_parameter") : py::handle();
    t->error = take("Error");
    for (int i = 0; i < kErrorCodes; ++i) {
      t->byCode[i] = take(codeName(static_cast<kg::ErrorCode>(i)));
    }
    types = t;
  });

  py::register_exception_translator([](std::exception_ptr p) {
    if (!p) return;
    try {
      std::rethrow_exception(p);
    } catch (const kg::PositionedError& e) {
      if (!types) throw;
      raiseKgError(e, &e);
    } catch (const kg::Error& e) {
      if (!types) throw;
      raiseKgError(e, nullptr);
    }
  });

  py::class_<kg::LoadResult>(m, "LoadResult")
      .def_readonly("statements", &kg::LoadResult::statements)
      .def_readonly("added", &kg::LoadResult::added)
      .def_readonly("seconds", &kg::LoadResult::seconds)
      .def("__repr__", [](const kg::LoadResult& r) {
        return "LoadResult(statements=" + std::to_string(r.statements) +
               ", added=" + std::to_string(r.added) + ")";
      });
  py::class_<kg::UpdateResult>(m, "UpdateResult")
      .def_readonly("inserted", &kg::UpdateResult::inserted)
      .def_readonly("deleted", &kg::UpdateResult::deleted)
      .def_readonly("operations", &kg::UpdateResult::operations)
      .def("__repr__", [](const kg::UpdateResult& r) {
        return "UpdateResult(inserted=" + std::to_string(r.inserted) +
               ", deleted=" + std::to_string(r.deleted) + ")";
      });

  py::class_<PyCancelToken>(m, "CancelToken",
                            "Pass as cancel= to make a running call raise kg.Cancelled.")
      .def(py::init<>())
      .def("cancel", [](PyCancelToken& c) { c.token->cancel(); })
      .def("reset", [](PyCancelToken& c) { c.token->reset(); })
      .def_property_readonly("cancelled", [](const PyCancelToken& c) { return c.token->cancelled(); });

  py::class_<PyResult>(m, "Result",
                       "Rows of a query, pulled from the engine as you iterate (dicts).")
      .def("__iter__", [](PyResult& r) -> PyResult& { return r; })
      .def("__next__", &PyResult::next)
      .def_property_readonly("variables", &PyResult::variables)
      .def_property_readonly("form", &PyResult::form)
      .def_property_readonly("row_count", &PyResult::rowCount)
      .def("as_terms", [](PyResult& r) -> PyResult& {
        r.useTerms();
        return r;
      }, py::return_value_policy::reference_internal,
           "From now on, rows hold every literal as a kg.Literal with its lexical form and\n"
           "datatype exactly as stored (no int/Decimal/datetime conversion). Returns the result.")
      .def("__len__", &PyResult::length)
      .def_property_readonly("boolean", &PyResult::boolean, "ASK: the answer")
      .def("__bool__", [](PyResult& r) {
        if (r.form() == "ask") return r.boolean();
        return true;
      })
      .def("close", &PyResult::finish)
      .def("__enter__", [](PyResult& r) -> PyResult& { return r; })
      .def("__exit__", [](PyResult& r, py::args) {
        r.finish();
        return false;
      });

  py::class_<PyPrepared>(m, "PreparedQuery", "A query parsed once; run(**params) many times.")
      .def("run", &PyPrepared::run)
      .def("__call__", &PyPrepared::run)
      .def_property_readonly("text", &PyPrepared::text);

  py::class_<PySnapshot>(m, "Snapshot", "A consistent view: all its queries see one state.")
      .def("query", &PySnapshot::query, py::arg("sparql"))
      .def("close", &PySnapshot::close)
      .def("__enter__", [](PySnapshot& s) -> PySnapshot& { return s; })
      .def("__exit__", [](PySnapshot& s, py::args) {
        s.close();
        return false;
      });

  py::class_<PyTransaction>(m, "Transaction",
                            "Groups loads and updates; commit() applies them atomically. As a "
                            "context manager it commits on success and rolls back on error.")
      .def("load", &PyTransaction::load, py::arg("paths"), py::arg("format") = py::none(),
           py::arg("graph") = py::none(), py::arg("base_iri") = py::none())
      .def("load_string", &PyTransaction::loadString, py::arg("text"), py::arg("format"),
           py::arg("graph") = py::none(), py::arg("base_iri") = py::none())
      .def("update", &PyTransaction::update, py::arg("sparql"), py::arg("timeout") = py::none(),
           py::arg("base_iri") = py::none(), py::arg("cancel") = py::none())
      .def("query", &PyTransaction::query, py::arg("sparql"))
      .def("commit", &PyTransaction::commit, "Returns (added, removed).")
      .def("rollback", &PyTransaction::rollback)
      .def_property_readonly("active", &PyTransaction::isActive)
      .def("__enter__", &PyTransaction::enter, py::return_value_policy::reference)
      .def("__exit__", &PyTransaction::exit);

  py::class_<PyDatabase>(m, "Database")
      .def(py::init<const py::object&, bool, bool, size_t>(), py::arg("path"),
           py::arg("read_only") = false, py::arg("create") = true,
           py::arg("cache_bytes") = size_t{256} << 20)
      .def_property_readonly("path", &PyDatabase::path)
      .def_property_readonly("read_only", &PyDatabase::readOnly)
      .def_property_readonly("closed", &PyDatabase::closed)
      .def("close", &PyDatabase::close)
      .def("load", &PyDatabase::load, py::arg("paths"), py::arg("format") = py::none(),
           py::arg("graph") = py::none(), py::arg("base_iri") = py::none(),
           "Loads RDF files (a path or a list of paths) atomically.")
      .def("load_string", &PyDatabase::loadString, py::arg("text"), py::arg("format"),
           py::arg("graph") = py::none(), py::arg("base_iri") = py::none())
      .def("query", &PyDatabase::query, py::arg("sparql"),
           "query(sparql, *, timeout=None, base_iri=None, cancel=None, params=None,\n"
           "      memory_limit=None, max_rows=None, **parameters)")
      .def("ask", &PyDatabase::ask, py::arg("sparql"))
      .def("update", &PyDatabase::update, py::arg("sparql"), py::arg("timeout") = py::none(),
           py::arg("base_iri") = py::none(), py::arg("cancel") = py::none())
      .def("explain", &PyDatabase::explain, py::arg("sparql"), py::arg("analyze") = false)
      .def("statistics", &PyDatabase::statistics)
      .def("dump", &PyDatabase::dump, py::arg("path") = py::none(), py::arg("format") = "nquads",
           "Writes the store as RDF, grouped by graph then subject, in a form load() reads back.\n"
           "format: 'nquads' (every quad) or 'ntriples' (the default graph's triples only:\n"
           "quads of named graphs are left out).\n"
           "With a path (str or os.PathLike) the file is replaced and the number of\n"
           "statements written is returned; the dump goes to a temporary file next to it,\n"
           "renamed over it once complete, so a failed dump leaves no file behind (and the\n"
           "GIL is released meanwhile). Without a path the dump is returned as a str.\n"
           "Raises kg.UsageError for an unknown format, kg.FileError when the file cannot be\n"
           "written.")
      .def("extract", &PyDatabase::extract, py::arg("paths") = py::none(), py::arg("graph") = py::none(),
           py::arg("document") = py::none(), py::kw_only(), py::arg("text") = py::none(),
           "extract(paths=None, graph=None, document=None, *, text=None)\n"
           "Extracts facts with provenance from English text and stores them atomically;\n"
           "returns counts (documents, sentences, facts, added, warnings).\n"
           "paths     a text file or a list of them (str or os.PathLike); each is named in\n"
           "          provenance by its file:// IRI, or by `document` when given.\n"
           "text      the text itself (a str) instead of files; needs `document`.\n"
           "document  the IRI (str or kg.IRI) naming the source in provenance.\n"
           "graph     the named graph for facts and provenance (default: the default graph).\n"
           "Extracting the same document again adds nothing.")
      .def("remove_document", &PyDatabase::removeDocument, py::arg("document"),
           "Remove a document's facts (those no other source supports). The document is named\n"
           "by its IRI or by the path it was extracted from. Raises kg.InputError when\n"
           "the store has no such document.")
      .def("extract_corpus", &PyDatabase::extractCorpus, py::arg("inputs"), py::arg("jobs") = 0,
           py::arg("batch") = 32, py::arg("graph") = py::none(),
           "Extract a corpus (text files, directories, JSON Lines files, '-') in atomic batches\n"
           "on `jobs` threads (0: the cores); unchanged documents are skipped, unreadable ones\n"
           "reported in 'failures'. Returns counts.")
      .def("prefixes", &PyDatabase::prefixes,
           "The store's prefixes (prefix -> namespace IRI): the predeclared rdf, rdfs, xsd, owl\n"
           "and kg, and those of the Turtle and TriG files loaded.")
      .def("aliases", &PyDatabase::aliases, "The store's alias table: (entity label, alias) pairs.")
      .def("add_aliases", &PyDatabase::addAliases, py::arg("pairs"),
           "Add (entity label, alias) pairs to the store's alias table (entities already\n"
           "extracted under an alias are merged into the entity it names).")
      .def("merge_entities", &PyDatabase::mergeEntities, py::arg("canonical"), py::arg("merged"),
           py::arg("reason") = "",
           "Merge entity `merged` into `canonical` (IRIs, kg:e.Name or labels): its statements\n"
           "and their provenance are about `canonical` now; the merge is recorded. Returns it\n"
           "as a dict (record, canonical, merged, canonical_label, merged_label, reason,\n"
           "origin, created).")
      .def("split_entities", &PyDatabase::splitEntities, py::arg("canonical"), py::arg("merged"),
           "Undo the merge of `merged` into `canonical`; returns the merge undone.")
      .def("entity_merges", &PyDatabase::entityMerges, "The store's merges, as dicts.")
      .def("resolve_entities", &PyDatabase::resolveEntities,
           "Apply the entity resolution rules (short names, acronyms, the alias table) to the\n"
           "whole store; returns the number of merges made.")
      .def("prepare", &PyDatabase::prepare, py::arg("sparql"), py::arg("base_iri") = py::none())
      .def("snapshot", &PyDatabase::snapshot)
      .def("transaction", &PyDatabase::transaction)
      .def("compact", &PyDatabase::compact)
      .def("__enter__", &PyDatabase::enter, py::return_value_policy::reference)
      .def("__exit__", &PyDatabase::exit);

  m.attr("__version__") = kg::version();
  m.attr("store_format") = kg::storeFormat();
  // Corpus reading and one-document extraction without a store (kg.dask's workers).
  m.def("read_corpus", [](const py::object& inputs) {
    std::vector<std::string> paths = pathsFrom(inputs);
    kg::CorpusReader corpus(paths);
    py::list docs, failures;
    kg::CorpusDocument d;
    kg::CorpusFailure f;
    while (corpus.next(&d, &f)) {
      if (!f.message.empty()) {
        failures.append(py::make_tuple(f.origin, f.message));
        continue;
      }
      py::dict doc;
      doc["iri"] = d.iri;
      doc["text"] = d.text;
      doc["date"] = d.date;
      doc["title"] = d.title;
      doc["url"] = d.url;
      doc["origin"] = d.origin;
      doc["hash"] = kg::contentHash(d);
      docs.append(doc);
    }
    return py::make_tuple(docs, failures);
  }, py::arg("inputs"), "Reads a corpus as kg extract does: ([document dicts], [(origin, message)]).");
  m.def("extract_document", [](const py::dict& doc, py::object graph,
                               const std::vector<std::pair<std::string, std::string>>& aliases) {
    kg::CorpusDocument d;
    auto field = [&](const char* k) {
      return doc.contains(k) && !doc[k].is_none() ? doc[k].cast<std::string>() : std::string();
    };
    d.iri = field("iri");
    d.text = field("text");
    d.date = field("date");
    d.title = field("title");
    d.url = field("url");
    if (d.iri.empty()) throw kg::Error(kg::ErrorCode::kUsage, "extract_document needs an 'iri'");
    kg::ExtractOptions o;
    if (!graph.is_none()) o.graph = graph.cast<std::string>();
    o.aliases = aliases;
    std::string nquads;
    kg::ExtractedDocument r;
    {
      py::gil_scoped_release release;
      r = kg::extractDocument(d, o);
      for (const auto& q : r.quads) {
        nquads += q.toNQuads();
        nquads += '\n';
      }
    }
    py::dict out;
    out["iri"] = d.iri;
    out["nquads"] = nquads;
    out["sentences"] = r.sentences;
    out["facts"] = r.facts;
    out["warnings"] = r.warnings;
    return out;
  }, py::arg("doc"), py::arg("graph") = py::none(),
     py::arg("aliases") = std::vector<std::pair<std::string, std::string>>{},
     "Extracts one document dict (iri, text, date, title, url) as kg extract stores it;\n"
     "returns its quads as N-Quads text with counts. Needs no store.");

  m.def("parse", [](const std::string& sparql) { return kg::Database::parse(sparql); },
        py::arg("sparql"), "Checks a query or update; returns its parsed form or raises.");
}
