# drbook_runtime: the building blocks `drbook run` and `drbook verify` work with.
#   exec/    running commands: process groups, output capture, redaction of secrets
#   probes/  the probe kinds, one file each, behind one dispatch (probes/Observe.cpp)
#   proof/   the proof's parts: journal, statement, signing and keys, digests, timestamps
drbook_library(drbook_runtime
  exec/SecretForms.cpp
  exec/Redactor.cpp
  exec/ProcessTree.cpp
  exec/ProcessRunner.cpp
  exec/OutputCapture.cpp
  probes/HttpProbe.cpp
  probes/TcpProbe.cpp
  probes/SqlProbe.cpp
  probes/LogProbe.cpp
  probes/FileProbe.cpp
  probes/CmdProbe.cpp
  probes/DnsProbe.cpp
  probes/TlsProbe.cpp
  probes/ProbeJson.cpp
  probes/Observe.cpp
  proof/Encoding.cpp
  proof/Digest.cpp
  proof/Timestamp.cpp
  proof/Journal.cpp
  proof/JournalScan.cpp
  proof/Statement.cpp
  proof/KeyFormats.cpp
  proof/Signing.cpp)
target_include_directories(drbook_runtime PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
target_link_libraries(drbook_runtime
  PUBLIC drbook_basic nlohmann_json::nlohmann_json Threads::Threads
  PRIVATE CURL::libcurl PostgreSQL::PostgreSQL PkgConfig::SODIUM fmt::fmt resolv
          OpenSSL::SSL OpenSSL::Crypto)
