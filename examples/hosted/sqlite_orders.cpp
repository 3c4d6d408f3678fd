// sqlite_orders - Python's
//
//     conn = sqlite3.connect("orders.db")
//     atexit.register(lambda: (conn.commit(), conn.close()))
//
// in C++ with the SQLite C API. "write" inserts rows in a transaction that it leaves
// open and registers commit_and_close with coda, which commits and closes the
// connection at exit. "forget" does the same without registering anything, like a
// program with no exit handler: SQLite rolls its uncommitted rows back. "check"
// reopens the database and lists the rows that made it.
//
// Usage: coda_sqlite_orders write|forget|check <database file>
#include <sqlite3.h>

#include <cstdio>
#include <cstring>

#include "coda/registry.hpp"

namespace {

sqlite3 *db = nullptr;  // the connection commit_and_close commits and closes

bool exec(const char *sql) {
    char *error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) == SQLITE_OK) return true;
    std::fprintf(stderr, "%s: %s\n", sql, error != nullptr ? error : sqlite3_errmsg(db));
    sqlite3_free(error);
    return false;
}

// Registered with coda: the commit main never does, then the close.
void commit_and_close() {
    const bool committed = exec("COMMIT");
    if (sqlite3_close(db) != SQLITE_OK) {
        std::fprintf(stderr, "close: %s\n", sqlite3_errmsg(db));
        return;
    }
    db = nullptr;
    if (committed) std::printf("commit_and_close: transaction committed, connection closed\n");
}

int insert_orders(const char *mode, bool register_handler) {
    if (!exec("CREATE TABLE IF NOT EXISTS orders (item TEXT NOT NULL)")) return 1;  // autocommit
    if (!exec("BEGIN")) return 1;
    if (!exec("INSERT INTO orders (item) VALUES ('apples'), ('bread'), ('cheese')")) return 1;
    if (register_handler && coda::global().add<&commit_and_close>() != coda::status::ok) return 1;
    std::printf("%s: %d rows inserted, transaction left open; returning from main%s\n", mode,
                sqlite3_changes(db), register_handler ? "" : " with no exit handler");
    return 0;  // exit() runs commit_and_close, if registered
}

int list_orders() {
    sqlite3_stmt *rows = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT item FROM orders ORDER BY rowid", -1, &rows, nullptr) != SQLITE_OK) {
        std::fprintf(stderr, "select: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    int count = 0;
    while (sqlite3_step(rows) == SQLITE_ROW)
        std::printf("check: row %d: %s\n", ++count, reinterpret_cast<const char *>(sqlite3_column_text(rows, 0)));
    sqlite3_finalize(rows);
    sqlite3_close(db);
    std::printf("check: %d rows in orders\n", count);
    return 0;
}

} // namespace

int main(int argc, char **argv) {
    const char *mode = argc == 3 ? argv[1] : "";
    const bool check = std::strcmp(mode, "check") == 0;
    if (!check && std::strcmp(mode, "write") != 0 && std::strcmp(mode, "forget") != 0) {
        std::fprintf(stderr, "usage: %s write|forget|check <database file>\n", argv[0]);
        return 2;
    }
    // check opens read-write too: a journal left behind by "forget" must be rolled back.
    const int flags = check ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(argv[2], &db, flags, nullptr) != SQLITE_OK) {
        std::fprintf(stderr, "%s: %s\n", argv[2], sqlite3_errmsg(db));
        return 1;
    }
    if (check) return list_orders();
    return insert_orders(mode, std::strcmp(mode, "write") == 0);
}
