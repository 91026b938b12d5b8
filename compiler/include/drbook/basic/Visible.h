//===- Visible.h - Untrusted text made safe to print on a terminal ---------===//
//
// Text that comes from someone else (a proof handed over for review, a server's response)
// may hold terminal control sequences that move the cursor, rewrite a line or set the
// clipboard: printed as they are, they could turn "NOT verified" into "verified".
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_BASIC_VISIBLE_H
#define DRBOOK_BASIC_VISIBLE_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace drbook {

/// `text` with every control character but tab made visible: C0 controls and DEL as `\xNN`, C1
/// controls (U+0080 to U+009F, which some terminals obey) as `\u00NN`. Everything else,
/// including other UTF-8, is kept.
std::string visible(llvm::StringRef text);

} // namespace drbook

#endif
