#ifndef LECTERN_SEARCH_COLUMNS_H
#define LECTERN_SEARCH_COLUMNS_H

struct sqlite3;

/// Registers the FTS5 auxiliary function `lectern_columns(table)` on a connection. For the row
/// at hand it returns a blob with one byte per phrase of the MATCH expression, in the order the
/// phrases are written: bit c is set when the phrase occurs in column c (columns 0–7; a phrase
/// in a higher column sets no bit). The ranking reads which fields hold each searched word from
/// it, in the one query that finds the candidates, instead of one query per word and field.
/// Returns an SQLite result code (SQLITE_OK, or SQLITE_ERROR when the connection has no FTS5).
int lectern_register_search_columns(struct sqlite3 *db);

#endif
