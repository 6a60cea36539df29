// Every physical operator (see operator.h for the protocol they share).
#pragma once

#include "query/join_ops.h"
#include "query/modifier_ops.h"
#include "query/operator.h"
#include "query/pattern_ops.h"
#include "query/scan_op.h"
