#ifndef LECTERN_SEARCH_TABLES_H
#define LECTERN_SEARCH_TABLES_H
#include <stddef.h>

// The search's two tables, built into the binary as they are: the bytes of each file and
// their count. Read-only, never freed. And a byte search for the snippets.

/// Data/pinyin.txt (Scripts/make-pinyin-table): Mandarin readings of each ideograph.
const unsigned char *lectern_pinyin_table(size_t *count);

/// Data/simplified.txt (Scripts/make-simplified-table): each traditional character and its
/// simplified form.
const unsigned char *lectern_simplified_table(size_t *count);

/// Where `needle` first occurs in `haystack` (glibc's memmem), or NULL: a snippet's term in a
/// script's UTF-8.
const void *lectern_find_bytes(const void *haystack, size_t length, const void *needle, size_t needle_length);

#endif
