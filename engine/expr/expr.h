// Umbrella header for kg_expr: SPARQL 1.1 operator and function semantics over kg::Term.
//   values.h      EBV, =, !=, <, arithmetic, ORDER BY order, ||, &&, IN, numeric helpers
//   functions.h   FunctionContext, callBuiltin (17.4), castTo (17.5), regex, IRI resolution
//   aggregates.h  COUNT SUM AVG MIN MAX SAMPLE GROUP_CONCAT
#pragma once

#include "expr/aggregates.h"
#include "expr/functions.h"
#include "expr/values.h"
