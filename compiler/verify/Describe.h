//===- Describe.h - Naming steps and states in verifier messages ----------===//
#ifndef DRBOOK_VERIFY_DESCRIBE_H
#define DRBOOK_VERIFY_DESCRIBE_H

#include "drbook/basic/Duration.h"
#include "drbook/graph/Graph.h"

#include <string>

namespace drbook::verify {

/// What to call a step in a message: the action's name for `do`, else the step's label.
std::string stepName(const graph::StepGraph &g, graph::NodeId n);

/// `invariant "traffic is stopped before any restore"`, or `invariant at line …` untitled.
std::string invariantName(const graph::StepGraph &g, unsigned invariant);

/// The state values of a tuple: `dr.traffic == serving and dr.backup == none`.
std::string describeTuple(const graph::StepGraph &g, const std::vector<unsigned> &states,
                          const std::vector<unsigned> &values);

} // namespace drbook::verify

#endif
