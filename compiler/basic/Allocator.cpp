//===- Allocator.cpp - How the drbook executables' allocator is set up -----===//
//
// Linked into every executable that uses mimalloc (CMake target drbook_allocator). Large OS
// pages (transparent huge pages where the kernel offers them by madvise): a parse tree, an AST
// or a step graph of a million nodes touches hundreds of megabytes, and with 4 KiB pages the
// page faults alone were half of `drbookc check`'s time at that size.
//
//===----------------------------------------------------------------------===//
#include <mimalloc.h>

namespace {

// Priority 101: before the static constructors of the libraries linked in (LLVM, ANTLR).
[[gnu::constructor(101)]] void useLargePages() { mi_option_enable(mi_option_large_os_pages); }

} // namespace
