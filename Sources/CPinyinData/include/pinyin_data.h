#ifndef LECTERN_PINYIN_DATA_H
#define LECTERN_PINYIN_DATA_H
#include <stddef.h>

/// Data/pinyin.txt (Scripts/make-pinyin-table), built into the binary as it is: the bytes of
/// the file and their count. Read-only, never freed.
const unsigned char *lectern_pinyin_table(size_t *count);

#endif
