// The interactive loop: prompt, read a line with editing and completion, collect statements,
// run them, keep going after errors.
#pragma once

#include "shell/session.h"

namespace kg::cli::shell {

int runInteractive(Session& session, bool storeCreated);

}  // namespace kg::cli::shell
