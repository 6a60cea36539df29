// Debug printer of the AST as S-expressions (used by `kg parse` and the tests).
#include <string>

#include "sparql/parser.h"

namespace kg::sparql {
namespace {

class Printer {
 public:
  std::string out;

  void var(const Var& v) {
    out += '?';
    out += v.name;
  }

  void term(const kg::Term& t) { out += t.toNTriples(); }

  void termPattern(const TermPattern& t) {
    switch (t.kind) {
      case TermPattern::Kind::kVar: var(t.var); break;
      case TermPattern::Kind::kTerm: term(t.term); break;
      case TermPattern::Kind::kQuoted:
        out += "<< ";
        for (const TermPattern& q : t.quoted) {
          termPattern(q);
          out += ' ';
        }
        out += ">>";
        break;
    }
  }

  void path(const Path& p) {
    switch (p.kind) {
      case Path::Kind::kIri: out += "<" + p.iri + ">"; return;
      case Path::Kind::kInverse: out += "(inv "; break;
      case Path::Kind::kSequence: out += "(seq "; break;
      case Path::Kind::kAlternative: out += "(alt "; break;
      case Path::Kind::kZeroOrMore: out += "(* "; break;
      case Path::Kind::kOneOrMore: out += "(+ "; break;
      case Path::Kind::kZeroOrOne: out += "(? "; break;
      case Path::Kind::kNegated: out += "(! "; break;
    }
    for (size_t i = 0; i < p.args.size(); ++i) {
      if (i) out += ' ';
      path(p.args[i]);
    }
    out += ')';
  }

  void triple(const TriplePattern& t) {
    out += t.isPath ? "(path " : "(triple ";
    termPattern(t.subject);
    out += ' ';
    if (t.isPath) path(t.path);
    else termPattern(t.predicate);
    out += ' ';
    termPattern(t.object);
    out += ')';
  }

  void triples(const std::vector<TriplePattern>& ts) {
    for (const TriplePattern& t : ts) {
      out += ' ';
      triple(t);
    }
  }

  void expr(const Expr& e) {
    switch (e.kind) {
      case Expr::Kind::kVar: var(e.var); return;
      case Expr::Kind::kTerm: term(e.term); return;
      case Expr::Kind::kUnary:
      case Expr::Kind::kBinary:
      case Expr::Kind::kBuiltin:
        out += '(' + e.op;
        break;
      case Expr::Kind::kIn: out += "(in"; break;
      case Expr::Kind::kNotIn: out += "(not-in"; break;
      case Expr::Kind::kFunction:
        out += "(<" + e.op + ">";
        if (e.distinct) out += " distinct";
        break;
      case Expr::Kind::kExists:
      case Expr::Kind::kNotExists:
        out += e.kind == Expr::Kind::kExists ? "(exists " : "(not-exists ";
        if (!e.pattern.empty()) group(e.pattern.front());
        out += ')';
        return;
      case Expr::Kind::kAggregate:
        out += '(' + e.op;
        if (e.distinct) out += " distinct";
        if (e.star) out += " *";
        break;
      case Expr::Kind::kQuotedTriple: out += "(<<"; break;
    }
    for (const Expr& a : e.args) {
      out += ' ';
      expr(a);
    }
    if (e.kind == Expr::Kind::kAggregate && e.hasSeparator)
      out += " (separator \"" + kg::escapeNTriplesString(e.separator) + "\")";
    if (e.kind == Expr::Kind::kQuotedTriple) out += " >>";
    out += ')';
  }

  void values(const InlineData& d) {
    out += "(values (";
    for (size_t i = 0; i < d.vars.size(); ++i) {
      if (i) out += ' ';
      var(d.vars[i]);
    }
    out += ')';
    for (const auto& row : d.rows) {
      out += " (";
      for (size_t i = 0; i < row.size(); ++i) {
        if (i) out += ' ';
        if (row[i]) term(*row[i]);
        else out += "UNDEF";
      }
      out += ')';
    }
    out += ')';
  }

  void group(const GroupPattern& g) {
    out += "(group";
    for (const PatternElement& e : g.elements) {
      out += ' ';
      element(e);
    }
    out += ')';
  }

  void element(const PatternElement& e) {
    using K = PatternElement::Kind;
    switch (e.kind) {
      case K::kTriples:
        out += "(bgp";
        triples(e.triples);
        out += ')';
        break;
      case K::kFilter:
        out += "(filter ";
        expr(e.expr);
        out += ')';
        break;
      case K::kOptional:
      case K::kUnion:
      case K::kMinus:
      case K::kGroup:
        out += e.kind == K::kOptional ? "(optional" : e.kind == K::kUnion ? "(union" : e.kind == K::kMinus ? "(minus" : "(subgroup";
        for (const GroupPattern& g : e.groups) {
          out += ' ';
          group(g);
        }
        out += ')';
        break;
      case K::kGraph:
      case K::kService:
        out += e.kind == K::kGraph ? "(graph " : (e.silent ? "(service silent " : "(service ");
        termPattern(e.graph);
        for (const GroupPattern& g : e.groups) {
          out += ' ';
          group(g);
        }
        out += ')';
        break;
      case K::kBind:
        out += "(bind ";
        expr(e.expr);
        out += ' ';
        var(e.var);
        out += ')';
        break;
      case K::kValues:
        values(e.values);
        break;
      case K::kSubSelect:
        if (!e.subquery.empty()) query(e.subquery.front());
        break;
    }
  }

  void query(const Query& q) {
    switch (q.form) {
      case QueryForm::kSelect: out += "(select"; break;
      case QueryForm::kConstruct: out += "(construct"; break;
      case QueryForm::kAsk: out += "(ask"; break;
      case QueryForm::kDescribe: out += "(describe"; break;
    }
    if (q.distinct) out += " distinct";
    if (q.reduced) out += " reduced";
    if (q.form == QueryForm::kSelect) {
      out += " (project";
      if (q.selectAll) out += " *";
      for (const Projection& p : q.projections) {
        out += ' ';
        if (p.hasExpr) {
          out += "(as ";
          expr(p.expr);
          out += ' ';
          var(p.var);
          out += ')';
        } else {
          var(p.var);
        }
      }
      out += ')';
    }
    if (q.form == QueryForm::kConstruct) {
      out += q.constructWhere ? " (template-where" : " (template";
      triples(q.constructTemplate);
      out += ')';
    }
    if (q.form == QueryForm::kDescribe) {
      out += " (targets";
      if (q.describeAll) out += " *";
      for (const TermPattern& t : q.describeTargets) {
        out += ' ';
        termPattern(t);
      }
      out += ')';
    }
    for (const std::string& f : q.from) out += " (from <" + f + ">)";
    for (const std::string& f : q.fromNamed) out += " (from-named <" + f + ">)";
    if (q.hasWhere) {
      out += " (where ";
      group(q.where);
      out += ')';
    }
    if (!q.groupBy.empty()) {
      out += " (group-by";
      for (const GroupCondition& g : q.groupBy) {
        out += ' ';
        if (g.hasVar) {
          out += "(as ";
          expr(g.expr);
          out += ' ';
          var(g.var);
          out += ')';
        } else {
          expr(g.expr);
        }
      }
      out += ')';
    }
    if (!q.having.empty()) {
      out += " (having";
      for (const Expr& h : q.having) {
        out += ' ';
        expr(h);
      }
      out += ')';
    }
    if (!q.orderBy.empty()) {
      out += " (order-by";
      for (const OrderCondition& o : q.orderBy) {
        out += o.descending ? " (desc " : " (asc ";
        expr(o.expr);
        out += ')';
      }
      out += ')';
    }
    if (q.limit) out += " (limit " + std::to_string(*q.limit) + ")";
    if (q.offset) out += " (offset " + std::to_string(*q.offset) + ")";
    if (q.hasValues) {
      out += ' ';
      values(q.values);
    }
    out += ')';
  }

  void quads(const char* name, const std::vector<QuadPattern>& qs) {
    out += '(';
    out += name;
    for (const QuadPattern& q : qs) {
      out += ' ';
      if (q.graph) {
        out += "(in-graph ";
        termPattern(*q.graph);
        out += ' ';
        triple(q.triple);
        out += ')';
      } else {
        triple(q.triple);
      }
    }
    out += ')';
  }

  void target(const GraphTarget& t) {
    switch (t.kind) {
      case GraphTarget::Kind::kDefault: out += "default"; break;
      case GraphTarget::Kind::kNamed: out += "named"; break;
      case GraphTarget::Kind::kAll: out += "all"; break;
      case GraphTarget::Kind::kGraph: out += "<" + t.iri + ">"; break;
    }
  }

  void operation(const UpdateOperation& op) {
    const char* silent = op.silent ? " silent" : "";
    switch (op.kind) {
      case UpdateKind::kInsertData: quads("insert-data", op.quads); break;
      case UpdateKind::kDeleteData: quads("delete-data", op.quads); break;
      case UpdateKind::kDeleteWhere: quads("delete-where", op.quads); break;
      case UpdateKind::kModify:
        out += "(modify";
        if (op.with) out += " (with <" + *op.with + ">)";
        if (op.hasDelete) {
          out += ' ';
          quads("delete", op.deleteTemplate);
        }
        if (op.hasInsert) {
          out += ' ';
          quads("insert", op.insertTemplate);
        }
        for (const std::string& u : op.usingDefault) out += " (using <" + u + ">)";
        for (const std::string& u : op.usingNamed) out += " (using-named <" + u + ">)";
        out += " (where ";
        group(op.where);
        out += "))";
        break;
      case UpdateKind::kLoad:
        out += std::string("(load") + silent + " <" + op.source + ">";
        if (op.hasInto) {
          out += " (into ";
          target(op.into);
          out += ')';
        }
        out += ')';
        break;
      case UpdateKind::kClear:
      case UpdateKind::kDrop:
      case UpdateKind::kCreate:
        out += op.kind == UpdateKind::kClear ? "(clear" : op.kind == UpdateKind::kDrop ? "(drop" : "(create";
        out += silent;
        out += ' ';
        target(op.target);
        out += ')';
        break;
      case UpdateKind::kAdd:
      case UpdateKind::kMove:
      case UpdateKind::kCopy:
        out += op.kind == UpdateKind::kAdd ? "(add" : op.kind == UpdateKind::kMove ? "(move" : "(copy";
        out += silent;
        out += ' ';
        target(op.from);
        out += ' ';
        target(op.target);
        out += ')';
        break;
    }
  }
};

}  // namespace

std::string toSExpression(const Query& query) {
  Printer p;
  p.query(query);
  return p.out;
}

std::string toSExpression(const UpdateRequest& update) {
  Printer p;
  p.out += "(update";
  for (const UpdateOperation& op : update.operations) {
    p.out += ' ';
    p.operation(op);
  }
  p.out += ')';
  return p.out;
}

std::string toSExpression(const Expr& expr) {
  Printer p;
  p.expr(expr);
  return p.out;
}

std::string toSExpression(const GroupPattern& group) {
  Printer p;
  p.group(group);
  return p.out;
}

}  // namespace kg::sparql
