// Tables for people: box-drawn (or ASCII, or Markdown) columns fitted to a width, long
// values cut with an ellipsis, numbers right-aligned, colour when asked. Keeps at most
// maxRows rows (the first and last halves) while counting all of them.
#pragma once

#include <cstdint>
#include <deque>
#include <iosfwd>
#include <string>
#include <vector>

#include "kg/query.h"
#include "shell/prefixes.h"
#include "shell/term_display.h"

namespace kg::cli::shell {

enum class TableStyle { kBox, kAscii, kMarkdown };

struct TableOptions {
  TableStyle style = TableStyle::kBox;
  size_t maxWidth = 0;  // 0 = no limit
  bool color = false;
};

class TableBuilder {
 public:
  // maxRows = 0 keeps every row.
  TableBuilder(std::vector<std::string> headers, size_t maxRows);
  void add(std::vector<Cell> row);
  uint64_t rowCount() const { return total_; }
  uint64_t shownRows() const { return head_.size() + tail_.size(); }
  void render(std::ostream& out, const TableOptions& options) const;

 private:
  std::vector<std::string> headers_;
  size_t maxRows_;
  std::vector<std::vector<Cell>> head_;
  std::deque<std::vector<Cell>> tail_;
  uint64_t total_ = 0;
};

// Reads every row of `result` into a table (cells as displayCell shows them).
// Throws what QueryResult::next throws (kCancelled on Ctrl-C).
TableBuilder collectTable(QueryResult& result, const PrefixTable& prefixes, size_t maxRows);

}  // namespace kg::cli::shell
