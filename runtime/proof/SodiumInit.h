//===- SodiumInit.h - One-time libsodium initialisation (private) ----------===//
#ifndef DRBOOK_RUNTIME_SODIUMINIT_H
#define DRBOOK_RUNTIME_SODIUMINIT_H

#include <sodium.h>

namespace drbook {

/// libsodium must be initialised before first use; sodium_init is itself idempotent and
/// thread-safe, so every entry point simply calls this.
inline void ensureSodium() {
  static const int status = sodium_init();
  (void)status; // -1 only when no entropy source exists; hashing and encoding still work.
}

} // namespace drbook

#endif
