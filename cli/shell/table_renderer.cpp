#include "shell/table_renderer.h"

#include <algorithm>
#include <ostream>

#include "shell/text_width.h"

namespace kg::cli::shell {
namespace {

struct Borders {
  const char* top[3];     // left, middle, right joints of the top line
  const char* sep[3];     // under the header
  const char* bottom[3];
  const char* horizontal;
  const char* vertical;
};

const Borders kBox = {{"┌", "┬", "┐"}, {"├", "┼", "┤"}, {"└", "┴", "┘"}, "─", "│"};
const Borders kAscii = {{"+", "+", "+"}, {"+", "+", "+"}, {"+", "+", "+"}, "-", "|"};

const char* colorOf(CellStyle style) {
  switch (style) {
    case CellStyle::kIri: return "\x1b[36m";
    case CellStyle::kNumber: return "\x1b[32m";
    case CellStyle::kBlank:
    case CellStyle::kTriple: return "\x1b[35m";
    case CellStyle::kOther: return "\x1b[33m";
    default: return nullptr;
  }
}

std::string repeat(const char* s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

std::string escapeMarkdown(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

TableBuilder::TableBuilder(std::vector<std::string> headers, size_t maxRows)
    : headers_(std::move(headers)), maxRows_(maxRows) {}

void TableBuilder::add(std::vector<Cell> row) {
  ++total_;
  if (maxRows_ == 0 || head_.size() < (maxRows_ + 1) / 2) {
    head_.push_back(std::move(row));
    return;
  }
  tail_.push_back(std::move(row));
  if (tail_.size() > maxRows_ / 2) tail_.pop_front();
}

void TableBuilder::render(std::ostream& out, const TableOptions& options) const {
  size_t n = headers_.size();
  if (n == 0) return;
  bool elided = total_ > shownRows();
  std::vector<const std::vector<Cell>*> rows;
  for (const auto& r : head_) rows.push_back(&r);
  for (const auto& r : tail_) rows.push_back(&r);

  std::vector<size_t> width(n, 1);
  for (size_t c = 0; c < n; ++c) {
    width[c] = std::max<size_t>(1, displayWidth(headers_[c]));
    for (const auto* r : rows) width[c] = std::max(width[c], displayWidth((*r)[c].text));
  }

  if (options.style == TableStyle::kMarkdown) {
    auto line = [&](auto cellText) {
      out << "|";
      for (size_t c = 0; c < n; ++c) out << " " << cellText(c) << " |";
      out << "\n";
    };
    line([&](size_t c) { return escapeMarkdown(headers_[c]); });
    out << "|";
    for (size_t c = 0; c < n; ++c) out << std::string(std::max<size_t>(3, width[c]), '-') << "|";
    out << "\n";
    for (const auto* r : rows) line([&](size_t c) { return escapeMarkdown((*r)[c].text); });
    if (elided) line([&](size_t) { return std::string("…"); });
    return;
  }

  // Fit: shrink the widest column until the table fits (each keeps a few columns).
  if (options.maxWidth > 0) {
    size_t overhead = 3 * n + 1;
    size_t total = overhead;
    for (size_t w : width) total += w;
    while (total > options.maxWidth) {
      size_t widest = static_cast<size_t>(std::max_element(width.begin(), width.end()) - width.begin());
      if (width[widest] <= 5) break;
      --width[widest];
      --total;
    }
  }

  const Borders& b = options.style == TableStyle::kBox ? kBox : kAscii;
  auto rule = [&](const char* const joints[3]) {
    out << joints[0];
    for (size_t c = 0; c < n; ++c) {
      out << repeat(b.horizontal, width[c] + 2) << (c + 1 < n ? joints[1] : joints[2]);
    }
    out << "\n";
  };
  auto cellLine = [&](auto textOf, auto styleOf, auto rightOf, bool bold) {
    out << b.vertical;
    for (size_t c = 0; c < n; ++c) {
      std::string text = pad(truncateToWidth(textOf(c), width[c]), width[c], rightOf(c));
      const char* color = bold ? "\x1b[1m" : colorOf(styleOf(c));
      out << " ";
      if (options.color && color) {
        out << color << text << "\x1b[0m";
      } else {
        out << text;
      }
      out << " " << b.vertical;
    }
    out << "\n";
  };
  rule(b.top);
  cellLine([&](size_t c) { return headers_[c]; }, [](size_t) { return CellStyle::kNull; },
           [](size_t) { return false; }, true);
  rule(b.sep);
  for (size_t i = 0; i < rows.size(); ++i) {
    if (elided && i == head_.size()) {
      const char* dot = options.style == TableStyle::kBox ? "·" : ".";
      for (int k = 0; k < 1; ++k) {
        cellLine([&](size_t) { return std::string(dot); }, [](size_t) { return CellStyle::kNull; },
                 [](size_t) { return false; }, false);
      }
    }
    const auto& row = *rows[i];
    cellLine([&](size_t c) { return row[c].text; }, [&](size_t c) { return row[c].style; },
             [&](size_t c) { return row[c].rightAlign(); }, false);
  }
  rule(b.bottom);
}

TableBuilder collectTable(QueryResult& result, const PrefixTable& prefixes, size_t maxRows) {
  TableBuilder table(result.variables(), maxRows);
  Solution row;
  while (result.next(row)) {
    std::vector<Cell> cells;
    cells.reserve(result.variables().size());
    for (size_t c = 0; c < result.variables().size(); ++c) {
      cells.push_back(displayCell(c < row.size() ? row[c] : std::nullopt, prefixes));
    }
    table.add(std::move(cells));
  }
  return table;
}

}  // namespace kg::cli::shell
