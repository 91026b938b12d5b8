//===- SqlProbeTest.cpp - The sql probe against a real PostgreSQL ----------===//
#include "drbook/probes/Probes.h"

#include "TestPostgres.h"

#include <gtest/gtest.h>

using namespace drbook;
using namespace std::chrono_literals;

namespace {

/// One PostgreSQL server for every test of the suite (one per process under ctest).
class SqlProbe : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    server = new test::TestPostgres;
    if (!server->start())
      failure = server->failure();
  }
  static void TearDownTestSuite() {
    delete server;
    server = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(failure.empty()) << "PostgreSQL did not start: " << failure; }

  static probe::SqlResult query(const std::string &dsn, const std::string &text,
                                bool readOnly = true) {
    probe::SqlRequest request;
    request.dsn = dsn;
    request.query = text;
    request.timeout = 10s;
    request.readOnly = readOnly;
    return probe::sql(request);
  }

  static test::TestPostgres *server;
  static std::string failure;
};

test::TestPostgres *SqlProbe::server = nullptr;
std::string SqlProbe::failure;

TEST_F(SqlProbe, FirstValueAndRowCount) {
  probe::SqlResult made =
      query(server->socketDsn(),
            "create table tenant(id int, name text); insert into tenant values (1,'a'),(2,'b'),"
            "(3,'c')",
            /*readOnly=*/false);
  ASSERT_EQ(made.error, "");
  EXPECT_EQ(made.rows, 3);
  probe::SqlResult count = query(server->dsn(), "select count(*) from tenant");
  EXPECT_EQ(count.error, "");
  EXPECT_EQ(count.value, 3);
  EXPECT_EQ(count.rows, 1);
  probe::SqlResult names = query(server->dsn(), "select name from tenant order by id");
  EXPECT_EQ(names.value, "a");
  EXPECT_EQ(names.rows, 3);
  probe::SqlResult none = query(server->dsn(), "select name from tenant where id > 10");
  EXPECT_EQ(none.error, "");
  EXPECT_TRUE(none.value.is_null());
  EXPECT_EQ(none.rows, 0);
  nlohmann::json record = probe::toJson(count);
  EXPECT_EQ(record["value"], 3);
  EXPECT_FALSE(record.contains("error"));
}

TEST_F(SqlProbe, ValueTypes) {
  EXPECT_TRUE(query(server->dsn(), "select null").value.is_null());
  EXPECT_EQ(query(server->dsn(), "select true").value, true);
  EXPECT_EQ(query(server->dsn(), "select 1.5::float8").value, 1.5);
  EXPECT_EQ(query(server->dsn(), "select 12345678901234::bigint").value, 12345678901234LL);
  EXPECT_EQ(query(server->dsn(), "select 2.25::numeric").value, 2.25);
  EXPECT_EQ(query(server->dsn(), "select 'NaN'::numeric").value, "NaN");
  EXPECT_EQ(query(server->dsn(), "select 'x y'::text").value, "x y");
  EXPECT_EQ(
      query(server->dsn(), "select version()").value.get<std::string>().rfind("PostgreSQL", 0), 0u);
  // A probe is one statement.
  EXPECT_NE(query(server->dsn(), "select 1; select 2").error.find("multiple commands"),
            std::string::npos);
}

TEST_F(SqlProbe, UriWithEncodedPasswordConnects) {
  probe::SqlResult result = query(server->uri(), "select current_user");
  EXPECT_EQ(result.error, "");
  EXPECT_EQ(result.value, "postgres");
}

TEST_F(SqlProbe, ProbesAreReadOnly) {
  probe::SqlResult refused = query(server->dsn(), "create table nope(a int)");
  EXPECT_NE(refused.error.find("read-only transaction"), std::string::npos) << refused.error;
  EXPECT_EQ(query(server->dsn(), "select count(*) from pg_tables where tablename = 'nope'").value,
            0);
}

/// The writes a probe's query has been seen to try, each of which must fail with PostgreSQL's
/// message and leave the table as it was.
TEST_F(SqlProbe, NoQueryCanWrite) {
  ASSERT_EQ(query(server->dsn(), "create table guarded(id int); insert into guarded values (1)",
                  /*readOnly=*/false)
                .error,
            "");
  const std::vector<std::pair<std::string, std::string>> attempts = {
      {"set transaction read write; delete from guarded", "multiple commands"},
      {"set transaction read write", "must be set before any query"},
      {"select set_config('transaction_read_only', 'off', true)", "before any query"},
      {"delete from guarded", "read-only transaction"},
      {"with d as (delete from guarded returning id) select count(*) from d",
       "read-only transaction"},
      {"insert into guarded values (2)", "read-only transaction"},
      {"commit; delete from guarded", "multiple commands"},
      {"select nextval('x')", ""}};
  for (const auto &[text, message] : attempts) {
    probe::SqlResult r = query(server->dsn(), text);
    EXPECT_NE(r.error, "") << text;
    EXPECT_NE(r.error.find(message), std::string::npos) << text << ": " << r.error;
  }
  EXPECT_EQ(query(server->dsn(), "select count(*) from guarded").value, 1);
}

TEST_F(SqlProbe, ValuesAreBoundNeverSpliced) {
  ASSERT_EQ(query(server->dsn(), "create table victim(name text); insert into victim values ('a')",
                  /*readOnly=*/false)
                .error,
            "");
  probe::SqlRequest request;
  request.dsn = server->dsn();
  request.query = "select count(*) from victim where name = $1 or name = $2";
  request.params = {"x'; commit; set transaction read write; drop table victim; select '1", "a"};
  probe::SqlResult r = probe::sql(request);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.value, 1);
  EXPECT_EQ(query(server->dsn(), "select count(*) from victim").value, 1);
}

TEST_F(SqlProbe, StatementTimeoutStopsTheQuery) {
  probe::SqlRequest request;
  request.dsn = server->dsn();
  request.query = "select pg_sleep(10)";
  request.timeout = 500ms;
  auto start = std::chrono::steady_clock::now();
  probe::SqlResult result = probe::sql(request);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4s);
  EXPECT_TRUE(result.error.find("statement timeout") != std::string::npos ||
              result.error.find("timed out") != std::string::npos)
      << result.error;
  EXPECT_TRUE(result.value.is_null());
}

TEST_F(SqlProbe, ErrorsAreTextAndNeverHoldThePassword) {
  const std::string password = test::TestPostgres::Password;
  probe::SqlResult syntax = query(server->dsn(), "selec 1");
  EXPECT_NE(syntax.error.find("syntax error"), std::string::npos) << syntax.error;
  // The server quotes the bad value, which here is the password itself.
  probe::SqlResult echoed =
      query(server->dsn(), "select '" + std::string("s3cr3t ''pw'' @%/:=?&") + "'::int");
  EXPECT_NE(echoed.error.find("invalid input syntax"), std::string::npos) << echoed.error;
  EXPECT_EQ(echoed.error.find(password), std::string::npos) << echoed.error;
  EXPECT_NE(echoed.error.find("[REDACTED:password]"), std::string::npos) << echoed.error;

  std::string wrong = "host=127.0.0.1 port=" + std::to_string(server->port()) +
                      " user=postgres dbname=postgres password=Wr0ngPassw0rd";
  probe::SqlResult denied = query(wrong, "select 1");
  EXPECT_NE(denied.error.find("password authentication failed"), std::string::npos) << denied.error;
  EXPECT_EQ(denied.error.find("Wr0ngPassw0rd"), std::string::npos) << denied.error;
}

TEST_F(SqlProbe, CopyIsRefused) {
  probe::SqlResult result = query(server->dsn(), "copy (select 1) to stdout");
  EXPECT_NE(result.error.find("COPY"), std::string::npos) << result.error;
}

TEST(SqlProbeErrors, MalformedDsnErrorsHideThePassword) {
  // libpq quotes the whole URI in this message.
  probe::SqlRequest request;
  request.dsn = "postgresql://postgres:Hunter2Secret@[::1";
  request.query = "select 1";
  request.timeout = 2s;
  probe::SqlResult result = probe::sql(request);
  EXPECT_NE(result.error, "");
  EXPECT_EQ(result.error.find("Hunter2Secret"), std::string::npos) << result.error;
  request.dsn = "host=127.0.0.1 password='Hunter2\\'Secret' junk";
  probe::SqlResult kv = probe::sql(request);
  request.query = std::string("select 1\0; drop", 15);
  EXPECT_NE(probe::sql(request).error.find("NUL"), std::string::npos);
  EXPECT_NE(kv.error, "");
  EXPECT_EQ(kv.error.find("Hunter2"), std::string::npos) << kv.error;
}

TEST(SqlProbeErrors, RefusedConnection) {
  probe::SqlRequest request;
  request.dsn = "host=127.0.0.1 port=" + std::to_string(test::freeLoopbackPort()) +
                " user=x password=Pw123456 dbname=x";
  request.query = "select 1";
  request.timeout = 3s;
  probe::SqlResult result = probe::sql(request);
  EXPECT_NE(result.error.find("refused"), std::string::npos) << result.error;
  EXPECT_EQ(result.error.find("Pw123456"), std::string::npos);
}

TEST(SqlProbeErrors, DsnPasswordsAreFoundInEveryForm) {
  using Passwords = std::vector<std::string>;
  EXPECT_EQ(probe::dsnPasswords("postgresql://u:p%40ss@h/db"), (Passwords{"p@ss", "p%40ss"}));
  EXPECT_EQ(probe::dsnPasswords("host=h password='a\\'b c'"), (Passwords{"a'b c", "a\\'b c"}));
  EXPECT_EQ(probe::dsnPasswords("host=h password = plain"), (Passwords{"plain"}));
  EXPECT_EQ(probe::dsnPasswords("postgresql://h/db?password=q%20r&sslmode=disable"),
            (Passwords{"q r", "q%20r"}));
  EXPECT_TRUE(probe::dsnPasswords("host=h user=u").empty());
  Passwords unparsable = probe::dsnPasswords("postgresql://u:Sec@[::1");
  EXPECT_NE(std::find(unparsable.begin(), unparsable.end(), "Sec"), unparsable.end());
}

} // namespace
