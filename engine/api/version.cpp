#include "kg/version.h"

#include "storage/store.h"

namespace kg {

const char* version() { return KG_VERSION; }

const char* storeFormat() { return storage::kFormatVersion; }

}  // namespace kg
