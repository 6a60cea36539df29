// kg's version and the on-disk format of the stores it reads and writes.
#pragma once

namespace kg {

// The release, "MAJOR.MINOR.PATCH".
const char* version();
// The store format this build reads and writes (a store of another format is refused with
// Error(kVersion)).
const char* storeFormat();

}  // namespace kg
