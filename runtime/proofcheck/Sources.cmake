# drbook_proofcheck: `drbook verify`, checking a proof directory offline: the hash chain and
# the statement's digests (ProofCheck.cpp), the signature and who may sign
# (SignatureCheck.cpp), the recorded run replayed against its plan (TraceCheck.cpp) and
# proof.md against the journal (MarkdownCheck.cpp), all in one pass over the journal.
drbook_library(drbook_proofcheck
  proofcheck/MarkdownCheck.cpp
  proofcheck/ProofCheck.cpp
  proofcheck/SignatureCheck.cpp
  proofcheck/TraceCheck.cpp)
target_link_libraries(drbook_proofcheck PUBLIC drbook_run)
