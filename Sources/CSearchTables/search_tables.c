// Embeds the search's data files with C23's #embed (clang), so the tables are data in the
// binary's read-only section, searched in place, and Sources/ holds no generated code.
#define _GNU_SOURCE
#include <string.h>

#include "search_tables.h"

#pragma clang diagnostic ignored "-Wc23-extensions"
static const unsigned char pinyin[] = {
#embed "../../Data/pinyin.txt"
};

static const unsigned char simplified[] = {
#embed "../../Data/simplified.txt"
};

const unsigned char *lectern_pinyin_table(size_t *count) {
    *count = sizeof pinyin;
    return pinyin;
}

const unsigned char *lectern_simplified_table(size_t *count) {
    *count = sizeof simplified;
    return simplified;
}

const void *lectern_find_bytes(const void *haystack, size_t length, const void *needle, size_t needle_length) {
    return memmem(haystack, length, needle, needle_length);
}
