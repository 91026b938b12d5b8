# drbook_runtime: the building blocks `drbook run` and `drbook verify` execute with — process
# runner, redaction, journal, statement signing and the probe kinds.
drbook_library(drbook_runtime
  Encoding.cpp
  Digest.cpp
  Timestamp.cpp
  SecretForms.cpp
  Redactor.cpp
  ProcessTree.cpp
  ProcessRunner.cpp
  OutputCapture.cpp
  Journal.cpp
  JournalScan.cpp
  Statement.cpp
  KeyFormats.cpp
  Signing.cpp
  probes/HttpProbe.cpp
  probes/TcpProbe.cpp
  probes/SqlProbe.cpp
  probes/LogProbe.cpp
  probes/FileProbe.cpp
  probes/CmdProbe.cpp
  probes/ProbeJson.cpp
  probes/DnsProbe.cpp
  probes/TlsProbe.cpp
  probes/Observe.cpp)
target_include_directories(drbook_runtime PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
target_link_libraries(drbook_runtime
  PUBLIC drbook_basic nlohmann_json::nlohmann_json Threads::Threads
  PRIVATE CURL::libcurl PostgreSQL::PostgreSQL PkgConfig::SODIUM fmt::fmt resolv
          OpenSSL::SSL OpenSSL::Crypto)
