//===- Observe.cpp - A probe of any kind, to its kind's runtime function ---===//
#include "drbook/probes/Probes.h"

namespace drbook {
namespace probe {

std::string ProbeRequest::word(const std::string &name) const {
  auto it = words.find(name);
  return it == words.end() ? "" : it->second;
}

Observation observe(const ProbeRequest &request) {
  // Generated from ProbeKinds.def: a kind without its runtime function does not link.
  switch (request.kind) {
#define PROBE_KIND(Name)                                                                           \
  case ast::ProbeKind::Name:                                                                       \
    return observe##Name(request);
#include "drbook/ast/ProbeKinds.def"
  }
  return {"", {{"error", "unknown probe kind"}}, ""};
}

} // namespace probe
} // namespace drbook
