#include "search_columns.h"

#include <sqlite3.h>
#include <stdlib.h>

/// The connection's FTS5 API, as the FTS5 documentation gets it: `SELECT fts5(?1)` with a
/// pointer bound under the type "fts5_api_ptr".
static fts5_api *fts5_api_of(sqlite3 *db) {
    fts5_api *api = NULL;
    sqlite3_stmt *statement = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, NULL) == SQLITE_OK) {
        sqlite3_bind_pointer(statement, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(statement);
    }
    sqlite3_finalize(statement);
    return api;
}

static void columns_function(const Fts5ExtensionApi *api, Fts5Context *context, sqlite3_context *result,
                             int argc, sqlite3_value **argv) {
    (void)argc;
    (void)argv;
    int phrases = api->xPhraseCount(context);
    if (phrases <= 0) {
        sqlite3_result_zeroblob(result, 0);
        return;
    }
    unsigned char stack[64];
    unsigned char *masks = phrases <= (int)sizeof stack ? stack : malloc((size_t)phrases);
    if (masks == NULL) {
        sqlite3_result_error_nomem(result);
        return;
    }
    for (int phrase = 0; phrase < phrases; phrase++) {
        Fts5PhraseIter iterator;
        int column = -1;
        unsigned char mask = 0;
        int rc = api->xPhraseFirstColumn(context, phrase, &iterator, &column);
        if (rc != SQLITE_OK) {
            if (masks != stack) free(masks);
            sqlite3_result_error_code(result, rc);
            return;
        }
        while (column >= 0) {
            if (column < 8) mask |= (unsigned char)(1u << column);
            api->xPhraseNextColumn(context, &iterator, &column);
        }
        masks[phrase] = mask;
    }
    sqlite3_result_blob(result, masks, phrases, SQLITE_TRANSIENT);
    if (masks != stack) free(masks);
}

int lectern_register_search_columns(struct sqlite3 *db) {
    fts5_api *api = fts5_api_of(db);
    if (api == NULL || api->iVersion < 2) return SQLITE_ERROR;
    return api->xCreateFunction(api, "lectern_columns", NULL, columns_function, NULL);
}
